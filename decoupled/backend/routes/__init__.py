"""The API's routes, one module per resource, as FastAPI `APIRouter`s.

What this teaches: each module is small and reads top to bottom: the path, what it answers
(the `responses` it may give, besides the schema it returns), and a function that asks for
what it needs (a session, validated parameters) and returns a schema. Where version 2 shapes
the same data differently, its route says so with `response_model=`. `main.py` mounts them
under `/api/v2` and `/api/v1`.
"""
