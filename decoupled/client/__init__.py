"""A Python client for the catalog API: the tutorial's stand-in for a mobile app.

What this teaches: what using an API from code looks like. Another team could have written
this folder, in another language: it imports nothing from `decoupled/backend/` and knows the
API only through its contract (the paths, the JSON, the problem documents, `/docs`).

Read it in this order: `client.py` (the `Client` and its methods), `models.py` (JSON in,
typed objects out), `errors.py` (problem documents become exceptions), `retries.py` (waiting
politely when told to slow down), then `cli.py` and `tables.py` (a command line on top).

    from decoupled.client import Client

    with Client("http://127.0.0.1:8000") as api:
        for course in api.search("ai agents", level="beginner").items:
            print(course.title)
"""

from decoupled.client.client import DEFAULT_BASE_URL, Client
from decoupled.client.errors import (
    AlreadyEnrolled,
    ApiError,
    ApiUnavailable,
    NotFound,
    RateLimited,
    Unauthorized,
    ValidationFailed,
)
from decoupled.client.models import (
    Category,
    CategoryRef,
    Course,
    CoursePage,
    CourseStats,
    Enrollment,
    PartnerCourse,
    PartnerStats,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "AlreadyEnrolled",
    "ApiError",
    "ApiUnavailable",
    "Category",
    "CategoryRef",
    "Client",
    "Course",
    "CoursePage",
    "CourseStats",
    "Enrollment",
    "NotFound",
    "PartnerCourse",
    "PartnerStats",
    "RateLimited",
    "Unauthorized",
    "ValidationFailed",
]
