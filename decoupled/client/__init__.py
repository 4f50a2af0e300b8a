"""A Python client for the catalog API and the ML service: the stand-in for a mobile app.

What this teaches: what using an API from code looks like. Another team could have written
this folder, in another language: it imports nothing from `decoupled/backend/` or
`decoupled/ml/` and knows each service only through its contract (the paths, the JSON, the
problem documents, `/docs`).

Read it in this order: `client.py` (the `Client` and its methods), `models.py` (JSON in,
typed objects out), `errors.py` (problem documents become exceptions), `service.py` (what
both clients share: session, timeouts, errors), `retries.py` (waiting politely when told to
slow down), `ml.py` (the `MLClient`: a second service, a second client), then `cli.py` and
`tables.py` (a command line on top).

    from decoupled.client import Client, MLClient

    with Client("http://127.0.0.1:8000") as api:
        for course in api.search("ai agents", level="beginner").items:
            print(course.title)

    with MLClient("http://127.0.0.1:8001") as ml:
        for course in ml.recommend("I want to build AI agents", k=3):
            print(course.title, course.score)
"""

from decoupled.client.client import DEFAULT_BASE_URL, Client
from decoupled.client.errors import (
    ApiError,
    ApiUnavailable,
    NotFound,
    RateLimited,
    Unauthorized,
    UnexpectedAnswer,
    ValidationFailed,
)
from decoupled.client.ml import DEFAULT_ML_URL, MLClient
from decoupled.client.models import (
    Category,
    CategoryRef,
    Course,
    CoursePage,
    CourseStats,
    Enrollment,
    PartnerCourse,
    PartnerStats,
    Recommendation,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_ML_URL",
    "ApiError",
    "ApiUnavailable",
    "Category",
    "CategoryRef",
    "Client",
    "Course",
    "CoursePage",
    "CourseStats",
    "Enrollment",
    "MLClient",
    "NotFound",
    "PartnerCourse",
    "PartnerStats",
    "RateLimited",
    "Recommendation",
    "Unauthorized",
    "UnexpectedAnswer",
    "ValidationFailed",
]
