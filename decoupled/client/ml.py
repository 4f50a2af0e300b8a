"""`MLClient`: the ML service's routes as typed Python methods.

What this teaches: a second service is a second client. The ML service (`make ml`, on
http://127.0.0.1:8001) has its own address, its own versioned paths (`/v1/...`) and its own
failures, so the app holds one `MLClient` beside its catalog `Client`, each with its own
session. When the ML service is down, `recommend` raises `ApiUnavailable` and the app can
leave recommendations out, while every catalog call still works.

The habits are the same as the catalog client's (`ServiceClient`, in `service.py`): a
timeout on every call, retries that honour `Retry-After`, problem documents as exceptions
(a 422 is `ValidationFailed`, naming the field; an unknown course is `NotFound`).

    with MLClient("http://127.0.0.1:8001") as ml:
        for course in ml.recommend("I want to build AI agents", level="beginner"):
            print(f"{course.score:.2f}  {course.title}")
"""

from typing import Any

from decoupled.client.models import Level, Recommendation
from decoupled.client.service import ServiceClient, path_segment

DEFAULT_ML_URL = "http://127.0.0.1:8001"


class MLClient(ServiceClient):
    """The ML service at `base_url`: recommendations from a trained model."""

    prefix = "/v1"
    short_name, long_name, started_by = "the ML service", "the ML service", "make ml"

    def __init__(
        self, base_url: str = DEFAULT_ML_URL, timeout: float = 5.0, *, max_retries: int = 3
    ) -> None:
        super().__init__(base_url, timeout, max_retries=max_retries)

    def recommend(
        self, interests: str, level: Level | None = None, k: int = 5
    ) -> list[Recommendation]:
        """`POST /v1/recommendations`: up to `k` (1 to 20) courses that fit `interests` (1 to
        500 characters, in your own words), best first; only at `level` if given."""
        body: dict[str, Any] = {"interests": interests, "k": k}
        if level is not None:
            body["level"] = level
        answer = self._request("POST", "/recommendations", json=body)
        return [Recommendation.from_json(item) for item in answer["items"]]

    def similar(self, slug: str, k: int = 5) -> list[Recommendation]:
        """`GET /v1/courses/{slug}/similar`: up to `k` other courses most like this one, best
        first ("students who liked this also liked"); `NotFound` if the model does not know
        the course."""
        answer = self._request("GET", f"/courses/{path_segment(slug)}/similar", params={"k": k})
        return [Recommendation.from_json(item) for item in answer["items"]]
