"""What an error answer of the catalog API or the ML service must be: an RFC 9457 problem.

`application/problem+json`, a body whose `status` repeats the answer's, a title and a detail a
person can read, and never a stack trace; for bad input, `errors` names each field at fault.
Works with any client's response: FastAPI's TestClient, httpx or requests.
"""

from typing import Any

PROBLEM_JSON = "application/problem+json"


def assert_problem(response: Any, status: int, *fields: str) -> dict[str, Any]:
    """`assert_problem(response, 422, "page")`: a problem with this status, naming exactly
    these fields (any, when none is given); its body, for the test to check more."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.text
    if fields:
        assert sorted(error["field"] for error in body["errors"]) == sorted(fields)
    return body
