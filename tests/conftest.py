"""For every test folder: where the tests' databases live (tests/support/databases.py)."""

pytest_plugins = ["tests.support.databases"]
