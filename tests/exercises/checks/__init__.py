"""One module per exercise: `ex_04_1.py` checks exercise 04.1 (see tests/exercises/registry.py)."""
