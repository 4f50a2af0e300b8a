"""Helpers shared by several test folders (and by bench/): imported, never copied.

- ports.py: free ports of 127.0.0.1, below the range outgoing connections take theirs from.
- environment.py: the one clean environment a started program gets; `direct_to_localhost`.
- processes.py: start a program in a process group, wait until it answers, stop it.
- servers.py: CourseHub's servers' commands, and a started `Server` with its address.
- commands.py: commands run to their end; `make partner-key` and `make monolith-partner-key`.
- models.py: the recommenders trained as `make train` does (the `trained_models` fixture).
- databases.py: where the tests' databases live (a pytest plugin, loaded by tests/conftest.py).
- problems.py, oracle.py, statements.py, crowd.py, scripted_server.py: an RFC 9457 problem
  answer checked; the search rules in plain Python; the SQL an engine ran; requests released
  at once; a server that answers what a test scripts.
- docs_offline.py: the tests that both services' /docs work offline, written once.
"""
