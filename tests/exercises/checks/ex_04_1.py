"""Exercise 04.1: a `language` filter for the search, in both architectures."""

import json
import re
from collections import Counter
from typing import Any

from tests.exercises.registry import Exercise, expect
from tests.exercises.support import DATASET, catalog_api, monolith, slugs

EXERCISE = Exercise(
    "04.1", "Filter the search by language, in the API and in the monolith", "04-the-catalog-api.md"
)

LANGUAGE = "Spanish"
SEARCHES = ({"language": LANGUAGE}, {"language": LANGUAGE, "sort": "price_desc"})


def _languages(found: list[str], language_of: dict[str, str]) -> str:
    counts = Counter(language_of[slug] for slug in found)
    return ", ".join(f"{count} in {language}" for language, count in counts.most_common())


def _monolith_search(client: Any, params: dict[str, str]) -> tuple[list[str], int]:
    """The slugs of the monolith's result page, and the total it states."""
    response = client.get("/", query_string=params)
    page = response.get_data(as_text=True)
    expect(
        response.status_code == 200,
        f"GET /?{_query(params)} in the monolith answers {response.status_code}, not 200.",
    )
    count = re.search(r'class="result-count">\s*([\d,]+) course', page)
    found = re.findall(r'class="course-card" data-slug="([^"]+)"', page)
    return found, int(count[1].replace(",", "")) if count else 0


def _api_search(client: Any, version: str, params: dict[str, str]) -> tuple[list[str], int]:
    response = client.get(f"/api/{version}/courses", params=params)
    expect(
        response.status_code == 200,
        f"GET /api/{version}/courses?{_query(params)} answers {response.status_code}, not 200.",
    )
    body = response.json()
    return slugs(body["items"]), body["total"]


def _query(params: dict[str, str]) -> str:
    return "&".join(f"{name}={value}" for name, value in params.items())


def check() -> str:
    dataset = json.loads(DATASET.read_text(encoding="utf-8"))
    language_of = {course["slug"]: course["language"] for course in dataset}
    wanted = sum(1 for course in dataset if course["language"] == LANGUAGE)

    with catalog_api() as api:
        answers = {}
        for version in ("v1", "v2"):
            for params in SEARCHES:
                found, total = _api_search(api, version, params)
                address = f"GET /api/{version}/courses?{_query(params)}"
                expect(
                    all(language_of[slug] == LANGUAGE for slug in found),
                    f"{address} answers courses in several languages ("
                    f"{_languages(found, language_of)}): the API does not filter by `language` "
                    "yet. Start in decoupled/backend/params.py and search.py.",
                )
                expect(
                    total == len(found) == wanted,
                    f"{address} finds {total} courses; the dataset has {wanted} in {LANGUAGE}.",
                )
                answers[version, _query(params)] = found
            _, everything = _api_search(api, version, {"language": ""})
            expect(
                everything == len(dataset),
                f"GET /api/{version}/courses?language= finds {everything} courses, not all "
                f"{len(dataset)}: an empty value means no filter.",
            )

    with monolith() as client:
        for params in SEARCHES:
            found, total = _monolith_search(client, params)
            address = f"GET /?{_query(params)} in the monolith"
            expect(
                all(language_of[slug] == LANGUAGE for slug in found) and total == wanted,
                f"{address} lists {total} courses ({_languages(found, language_of)} on its "
                "first page): the monolith's search does not filter by `language` yet. The API "
                "does; the monolith has its own code (monolith/forms.py, search.py, "
                "views/catalog.py).",
            )
            from_api = answers["v1", _query(params)]
            expect(
                found == from_api,
                f"{address} lists {found}, the API {from_api}: the twins must give the same "
                "courses in the same order.",
            )
        _, everything = _monolith_search(client, {"language": "", "q": ""})
        expect(
            everything == len(dataset),
            f"GET /?language= in the monolith finds {everything} courses, not all "
            f"{len(dataset)}: an empty value means no filter.",
        )
        second = client.get("/", query_string={"language": "English", "page": "1"})
        expect(
            "language=English" in second.get_data(as_text=True),
            "The monolith's pager links drop `language`: page 2 of /?language=English would "
            "show every language. Keep it in the links (monolith/views/catalog.py).",
        )
    return (
        f"?language={LANGUAGE} finds the same {wanted} courses, in the same order, in /api/v1, "
        "/api/v2 and the monolith's search page; an empty value finds everything."
    )
