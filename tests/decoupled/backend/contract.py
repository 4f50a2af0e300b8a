"""What version 1 of the catalog API promises, and which changes would break that promise.

`shapes(document)` reads, from the OpenAPI document, every v1 answer's JSON Schema with its
`$ref`s written out, e.g. "GET /api/v1/courses 200" -> {"type": "object", "properties": ...}.
`breaking_changes(promised, served)` lists each difference that could break a client written
against the promise: a route or answer gone, a field gone, a field's type changed, a field no
longer always there. A new optional field, or a new route, is not breaking: a tolerant reader
ignores what it does not know.

    .venv/bin/python -m tests.decoupled.backend.contract   # rewrite contract-v1.json

Rewrite it only when v1 grows in a way that breaks nobody; for anything else, make a version.
The one exception is `BROKEN_ON_PURPOSE`: a promise that had to go at once, with its reason.
"""

import json
import sys
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

PROMISE = Path(__file__).with_name("contract-v1.json")
Schema = dict[str, Any]

# Privacy outranks compatibility. A 409 for an email already enrolled told anyone whether a
# person takes a course, and the answer's id and date showed an older row's; enrolling became
# idempotent in both versions at once, not in a v2 that v1 clients would reach only later.
_ENROLLMENT = "POST /api/v1/courses/{slug}/enrollments"
_PRIVACY = "It told a stranger whether an email was enrolled (lesson 04, an answer can leak)."
BROKEN_ON_PURPOSE = {
    f"{_ENROLLMENT} 201 application/json.id: the field is gone": _PRIVACY,
    f"{_ENROLLMENT} 201 application/json.id: no longer always there": _PRIVACY,
    f"{_ENROLLMENT} 201 application/json.created_at: the field is gone": _PRIVACY,
    f"{_ENROLLMENT} 201 application/json.created_at: no longer always there": _PRIVACY,
    f"{_ENROLLMENT} 409 application/problem+json: this answer is gone": _PRIVACY,
}


def _resolve(schema: Any, components: dict[str, Schema]) -> Any:
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _resolve(components[schema["$ref"].rsplit("/", 1)[-1]], components)
        return {key: _resolve(value, components) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_resolve(item, components) for item in schema]
    return schema


def shapes(document: dict[str, Any], prefix: str = "/api/v1/") -> dict[str, Schema]:
    components = document["components"]["schemas"]
    found: dict[str, Schema] = {}
    for path, methods in document["paths"].items():
        if not path.startswith(prefix):
            continue
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    key = f"{method.upper()} {path} {status} {media}"
                    found[key] = _resolve(content["schema"], components)
    return found


def _compare(where: str, promised: Any, served: Any, problems: list[str]) -> None:
    if not isinstance(promised, dict) or not isinstance(served, dict):
        if promised != served:
            problems.append(f"{where}: was {promised!r}, is now {served!r}")
        return
    for word in ("type", "format", "enum", "const", "anyOf"):
        if promised.get(word) != served.get(word):
            problems.append(f"{where}: {word} was {promised.get(word)!r}, now {served.get(word)!r}")
    for field, schema in promised.get("properties", {}).items():
        if field not in served.get("properties", {}):
            problems.append(f"{where}.{field}: the field is gone")
        else:
            _compare(f"{where}.{field}", schema, served["properties"][field], problems)
    for field in set(promised.get("required", [])) - set(served.get("required", [])):
        problems.append(f"{where}.{field}: no longer always there")
    if "items" in promised:
        _compare(f"{where}[]", promised["items"], served.get("items"), problems)


def breaking_changes(
    promised: dict[str, Schema],
    served: dict[str, Schema],
    excused: Collection[str] = BROKEN_ON_PURPOSE,
) -> list[str]:
    """Every way `served` breaks `promised`, except the breaks made on purpose."""
    problems: list[str] = []
    for answer, schema in promised.items():
        if answer not in served:
            problems.append(f"{answer}: this answer is gone")
        else:
            _compare(answer, schema, served[answer], problems)
    return [problem for problem in problems if problem not in excused]


def main() -> None:
    from fastapi.testclient import TestClient

    from decoupled.backend.config import Settings
    from decoupled.backend.main import create_app

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/api.sqlite3")
        with TestClient(create_app(settings)) as client:
            document = client.get("/openapi.json").json()
    PROMISE.write_text(json.dumps(shapes(document), indent=1, sort_keys=True) + "\n")
    print(f"Wrote {PROMISE}", file=sys.stderr)


if __name__ == "__main__":
    main()
