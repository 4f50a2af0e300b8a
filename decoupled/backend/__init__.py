"""The decoupled architecture's catalog API: CourseHub as a versioned JSON contract.

Read it in this order: `main.py` (how the app is assembled), `routes/` (what it answers),
`params.py` and `schemas.py` (what goes in and out), `search.py`, `models.py` and `db.py`
(the data), then `problems.py`, `security.py` and `openapi.py` (the contract's edges).
"""
