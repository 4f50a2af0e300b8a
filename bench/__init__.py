"""Benchmarks: how fast the programs are, measured through their real interfaces.

Not tests: they assert nothing about time (a slow laptop is not a bug). Run them with make
targets (see `bench/README.md`) and read the figures.
"""
