"""The CourseHub dataset, data/courses.json: every record is checked, so a bad edit fails CI.

Both architectures are seeded from this one file and the recommender is trained on it, so a
typo here (a rating of 45, a duplicate slug, a date in the future) would surface as a strange
page far from its cause. `test_course_record_is_valid` runs once per record, with the record's
slug as its id, and lists everything wrong with it, so a failure names the course to fix:
`test_course_record_is_valid[<slug>] ... course <slug>: rating 45 is not a number from 1.0 to 5.0`.
"""

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

DATASET = Path(__file__).resolve().parents[2] / "data" / "courses.json"

FIELDS = {
    "slug",
    "title",
    "headline",
    "description",
    "category",
    "level",
    "instructor",
    "price",
    "rating",
    "review_count",
    "student_count",
    "language",
    "hours",
    "tags",
    "published",
}
LEVELS = {"beginner", "intermediate", "advanced"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PLACEHOLDER = re.compile(r"lorem|ipsum|\btodo\b|\btbd\b|xxx", re.IGNORECASE)
# A sentence ends with . ! or ? (maybe followed by a closing quote or bracket), then a space
# and the next sentence's first character, or the end of the text.
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]*[A-Z0-9]|\s*$)")


def _load() -> list[dict[str, Any]]:
    return json.loads(DATASET.read_text(encoding="utf-8"))


RECORDS = _load() if DATASET.exists() else []


def _slug_of(record: Any) -> str:
    if isinstance(record, dict) and isinstance(record.get("slug"), str):
        return record["slug"]
    return repr(record)[:40]


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value == value.strip() and value != ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _decimals(value: int | float) -> int:
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def sentence_count(text: str) -> int:
    return len(SENTENCE_END.findall(text))


# --- the file as a whole --------------------------------------------------------------------


def test_dataset_file_is_a_json_list_of_objects() -> None:
    assert DATASET.exists(), f"{DATASET} is missing"
    records = _load()
    assert isinstance(records, list)
    not_objects = [i for i, record in enumerate(records) if not isinstance(record, dict)]
    assert not not_objects, f"entries that are not JSON objects, by position: {not_objects}"


def test_dataset_has_at_least_240_courses() -> None:
    assert len(RECORDS) >= 240


def test_dataset_has_at_least_8_categories_each_with_courses() -> None:
    per_category = Counter(record["category"]["slug"] for record in RECORDS)
    assert len(per_category) >= 8, f"only {len(per_category)}: {sorted(per_category)}"
    # no category is a token one: each holds at least a handful of courses
    thin = {slug: n for slug, n in per_category.items() if n < 5}
    assert not thin, f"categories with fewer than 5 courses: {thin}"


def test_slugs_are_unique() -> None:
    repeated = [slug for slug, n in Counter(r["slug"] for r in RECORDS).items() if n > 1]
    assert not repeated, f"slugs used more than once: {repeated}"


def test_titles_are_unique() -> None:
    repeated = [title for title, n in Counter(r["title"] for r in RECORDS).items() if n > 1]
    assert not repeated, f"titles used more than once: {repeated}"


def test_each_category_slug_has_exactly_one_name_and_each_name_one_slug() -> None:
    names_of: defaultdict[str, set[str]] = defaultdict(set)
    slugs_of: defaultdict[str, set[str]] = defaultdict(set)
    for record in RECORDS:
        names_of[record["category"]["slug"]].add(record["category"]["name"])
        slugs_of[record["category"]["name"]].add(record["category"]["slug"])
    problems = [f"slug {s!r} has names {sorted(n)}" for s, n in names_of.items() if len(n) > 1]
    problems += [f"name {n!r} has slugs {sorted(s)}" for n, s in slugs_of.items() if len(s) > 1]
    assert not problems, "; ".join(problems)


def _is_about_ai_agents_or_llms(record: dict[str, Any]) -> bool:
    text = " ".join([record["title"], record["headline"], *record["tags"]]).lower()
    return bool(re.search(r"\bagent|\bagentic|\bllms?\b|large language model", text))


def test_at_least_8_courses_about_ai_agents_and_llms_at_more_than_one_level() -> None:
    about = [r for r in RECORDS if _is_about_ai_agents_or_llms(r)]
    assert len(about) >= 8, f"only {len(about)}: {[r['slug'] for r in about]}"
    levels = {r["level"] for r in about}
    assert len(levels) >= 2, f"all at one level: {levels}"


def test_several_courses_have_ai_agents_in_the_title() -> None:
    # the course's own example: a student searches for an "AI agents" course
    titled = [r["slug"] for r in RECORDS if re.search(r"\bagents?\b", r["title"], re.IGNORECASE)]
    assert len(titled) >= 5, titled


def test_an_email_marketing_course_exists_in_business() -> None:
    # the search tests use it to show that "ai" does not match "email"
    matches = [
        r["slug"]
        for r in RECORDS
        if "email marketing" in r["title"].lower() and r["category"]["slug"] == "business"
    ]
    assert matches


def test_some_courses_are_free_and_prices_vary() -> None:
    prices = [r["price"] for r in RECORDS]
    assert 0 in prices
    assert len(set(prices)) >= 10


# --- every record ---------------------------------------------------------------------------


def problems_of(record: Any) -> list[str]:
    """Everything wrong with one record, in plain words (empty when the record is fine)."""
    if not isinstance(record, dict):
        return [f"not a JSON object: {record!r:.60}"]
    problems: list[str] = []
    missing, extra = sorted(FIELDS - record.keys()), sorted(record.keys() - FIELDS)
    if missing:
        problems.append(f"missing fields {missing}")
    if extra:
        problems.append(f"unexpected fields {extra}")

    def check(field: str, ok: Callable[[Any], bool], what: str) -> None:
        if field in record and not ok(record[field]):
            problems.append(f"{field} {record[field]!r:.80} {what}")

    for field in ("title", "headline", "description", "instructor", "language"):
        check(field, _is_text, "is not a non-empty trimmed string")
        check(
            field,
            lambda v: not (isinstance(v, str) and PLACEHOLDER.search(v)),
            "is placeholder text",
        )
    limits = {"slug": 120, "title": 200, "headline": 300, "instructor": 120, "language": 40}
    for field, limit in limits.items():
        check(
            field,
            lambda v, n=limit: not isinstance(v, str) or len(v) <= n,
            f"is longer than {limit}",
        )

    check(
        "slug",
        lambda v: isinstance(v, str) and bool(SLUG.fullmatch(v)),
        "is not lowercase a-z0-9 words joined by -",
    )
    check(
        "description",
        lambda v: not isinstance(v, str) or 2 <= sentence_count(v) <= 4,
        "does not have 2-4 sentences",
    )
    check(
        "description",
        lambda v: not isinstance(v, str) or v.rstrip()[-1:] in tuple(".!?\"'”’)"),
        "ends mid-sentence",
    )
    check("level", lambda v: v in LEVELS, "is not beginner, intermediate or advanced")
    check("price", lambda v: _is_number(v) and 0 <= v <= 10000, "is not a number from 0 to 10000")
    check("price", lambda v: not _is_number(v) or _decimals(v) <= 2, "has more than two decimals")
    check("rating", lambda v: _is_number(v) and 1 <= v <= 5, "is not a number from 1.0 to 5.0")
    check("rating", lambda v: not _is_number(v) or _decimals(v) <= 1, "has more than one decimal")
    check("review_count", lambda v: _is_int(v) and v >= 0, "is not a whole number >= 0")
    check("student_count", lambda v: _is_int(v) and v >= 0, "is not a whole number >= 0")
    reviews, students = record.get("review_count"), record.get("student_count")
    if _is_int(reviews) and _is_int(students) and reviews > students:
        problems.append(f"{reviews} reviews but only {students} students")
    check("hours", lambda v: _is_number(v) and 0 < v <= 200, "is not a number of hours above 0")
    check("tags", lambda v: isinstance(v, list) and len(v) > 0, "is not a non-empty list")
    check(
        "tags",
        lambda v: not isinstance(v, list) or all(_is_tag(t) for t in v),
        "holds a tag that is not a lowercase string without commas",
    )
    check(
        "tags",
        lambda v: not isinstance(v, list) or len(set(map(str, v))) == len(v),
        "repeats a tag",
    )
    check("published", _is_past_iso_date, "is not a real YYYY-MM-DD date from 2000 to today")

    category = record.get("category")
    if "category" in record:
        if not isinstance(category, dict) or set(category) != {"name", "slug"}:
            problems.append(f"category {category!r:.80} is not {{name, slug}}")
        elif not _is_text(category["name"]) or not isinstance(category["slug"], str):
            problems.append(f"category {category!r:.80} has an empty name or slug")
        elif not SLUG.fullmatch(category["slug"]):
            problems.append(
                f"category slug {category['slug']!r} is not lowercase words joined by -"
            )
        elif not _slug_comes_from(category["slug"], category["name"]):
            problems.append(
                f"category slug {category['slug']!r} does not come from {category['name']!r}"
            )
    return problems


def _is_tag(tag: Any) -> bool:
    return _is_text(tag) and tag == tag.lower() and "," not in tag


def _is_past_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return False
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return False
    return date(2000, 1, 1) <= day <= date.today()


def _slug_comes_from(slug: str, name: str) -> bool:
    # "Cloud and DevOps" may be "cloud-devops" or "cloud-and-devops": each word of the slug is
    # a word of the name, in the name's order
    remaining = iter(re.findall(r"[a-z0-9]+", name.lower()))
    return all(word in remaining for word in slug.split("-"))


@pytest.mark.parametrize("record", RECORDS, ids=[_slug_of(r) for r in RECORDS])
def test_course_record_is_valid(record: Any) -> None:
    problems = problems_of(record)
    assert not problems, f"course {_slug_of(record)}: " + "; ".join(problems)


# --- the checks themselves catch bad records ------------------------------------------------

GOOD = {
    "slug": "build-ai-agents-with-python",
    "title": "Build AI Agents with Python",
    "headline": "Write an agent that plans, calls tools and remembers.",
    "description": "You will build three agents. Each one uses tools. By the end you ship one.",
    "category": {"name": "AI and Machine Learning", "slug": "ai-machine-learning"},
    "level": "beginner",
    "instructor": "Ada Lovelace",
    "price": 19.99,
    "rating": 4.7,
    "review_count": 120,
    "student_count": 3400,
    "language": "English",
    "hours": 6.5,
    "tags": ["ai", "agents", "python"],
    "published": "2024-05-01",
}


def test_a_good_record_has_no_problems() -> None:
    assert problems_of(GOOD) == []
    assert problems_of({**GOOD, "price": 0, "rating": 5, "hours": 1}) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"slug": "Build AI"}, "slug"),
        ({"slug": "build--ai"}, "slug"),
        ({"title": ""}, "title"),
        ({"title": "  padded "}, "title"),
        ({"description": "Lorem ipsum dolor sit amet. Consectetur adipiscing."}, "placeholder"),
        ({"description": "Just one sentence."}, "2-4 sentences"),
        ({"description": "One. Two. Three. Four. Five."}, "2-4 sentences"),
        ({"level": "expert"}, "level"),
        ({"level": "Beginner"}, "level"),
        ({"price": -1}, "price"),
        ({"price": 19.999}, "two decimals"),
        ({"price": "19.99"}, "price"),
        ({"price": True}, "price"),
        ({"rating": 0.5}, "rating"),
        ({"rating": 5.1}, "rating"),
        ({"rating": 4.55}, "one decimal"),
        ({"review_count": 3401}, "reviews but only"),
        ({"review_count": 1.5}, "review_count"),
        ({"student_count": -1}, "student_count"),
        ({"hours": 0}, "hours"),
        ({"tags": []}, "tags"),
        ({"tags": ["Python"]}, "tags"),
        ({"tags": ["ai", "ai"]}, "repeats"),
        ({"tags": "ai,agents"}, "tags"),
        ({"published": "2024-02-30"}, "published"),
        ({"published": "01/05/2024"}, "published"),
        ({"published": "2999-01-01"}, "published"),
        ({"category": {"name": "Business"}}, "category"),
        ({"category": {"name": "Business", "slug": "design"}}, "does not come from"),
        ({"extra": 1}, "unexpected fields"),
    ],
    ids=lambda value: str(value)[:30] if isinstance(value, dict) else None,
)
def test_a_bad_record_is_caught_with_the_field_named(change: dict[str, Any], problem: str) -> None:
    problems = problems_of({**GOOD, **change})
    assert any(problem in p for p in problems), problems


def test_a_record_with_a_missing_field_is_caught() -> None:
    record = {k: v for k, v in GOOD.items() if k != "instructor"}
    assert problems_of(record) == ["missing fields ['instructor']"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("One sentence.", 1),
        ("Learn Python. Build three apps! Ready?", 3),
        ("You will use version 3.12 of Python. It ships with e.g. pathlib.", 2),
        ("Ends without a stop", 0),
    ],
)
def test_sentence_count_counts_sentence_ends(text: str, count: int) -> None:
    assert sentence_count(text) == count


def test_decimals_counts_places_after_the_point() -> None:
    assert [_decimals(v) for v in (0, 12, 19.9, 19.99, 4.5, 0.125)] == [0, 0, 1, 2, 1, 3]
