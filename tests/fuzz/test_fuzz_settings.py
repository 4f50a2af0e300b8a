"""schemathesis.toml says which categories a valid search names: they must be the catalog's.

The document's `category` filter is any text (the categories are data, listed by
GET /categories, not by the contract), and a made-up one is a 422. So `make fuzz` draws the
valid ones from a list in schemathesis.toml; a list that drifted from the dataset would turn
each search with a stale category into a reported failure, or leave a new category untried.
"""

import json
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_fuzzers_categories_are_the_catalogs():
    settings = tomllib.loads((REPO_ROOT / "schemathesis.toml").read_text(encoding="utf-8"))
    courses = json.loads((REPO_ROOT / "data" / "courses.json").read_text(encoding="utf-8"))

    listed = settings["dictionaries"]["categories"]["values"]
    assert sorted(listed) == sorted({course["category"]["slug"] for course in courses})
    (api,) = [p for p in settings["project"] if p["title"] == "CourseHub catalog API"]
    assert api["parameters"]["query.category"] == {"dictionary": "categories"}
