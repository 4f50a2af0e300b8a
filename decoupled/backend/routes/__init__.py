"""The API's routes, one module per resource, as FastAPI `APIRouter`s.

What this teaches: each module is small and reads top to bottom: the path, what it answers
(`response_model`, `responses`), and a function that asks for what it needs (a session,
validated parameters) and returns a schema. `main.py` mounts them under `/api/v1`.
"""
