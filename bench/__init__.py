"""Benchmarks: how fast the programs are, measured through their real interfaces.

Not tests: they assert nothing about time (a slow laptop is not a bug). Run them with make
targets (`make bench`, `make bench-scale`, `make bench-ml`; see `bench/README.md`) and read
the figures; the first two drive real servers with wrk and write bench/results/.
"""
