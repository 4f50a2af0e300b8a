"""Helpers shared by several test folders (imported, never copied into each conftest)."""
