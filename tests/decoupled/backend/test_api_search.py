"""GET /api/v1/courses: the search's matching and orders, checked against an independent
reading of its rules over the dataset (the `expected_search` fixture)."""

import re
from math import ceil

import pytest


def starts_a_word(text: str, word: str) -> bool:
    return any(w.startswith(word) for w in re.findall(r"[^\W_]+", text.lower()))


def test_search_for_ai_agents_lists_agent_courses_first(client, expected_search):
    response = client.get("/api/v1/courses", params={"q": "ai agents"})

    assert response.status_code == 200
    body = response.json()
    titles = [course["title"] for course in body["items"]]
    assert titles[0] == "Build AI Agents with Python: From Zero to Your First Agent"
    assert all("agent" in title.lower() for title in titles)
    # Courses whose title has a word starting "ai" and one starting "agents" come first.
    both = [starts_a_word(title, "ai") and starts_a_word(title, "agents") for title in titles]
    assert both == sorted(both, reverse=True) and both[:3] == [True, True, True]
    assert [course["slug"] for course in body["items"]] == expected_search("ai agents")[:12]
    assert body["total"] == len(expected_search("ai agents"))


def test_a_query_word_matches_only_the_start_of_a_word(client, courses, all_pages):
    # "ai" is inside "email", "detail", "maintain"...: those courses must not match.
    def searchable(course):
        return " ".join(
            [course["title"], course["headline"], *course["tags"], course["instructor"]]
        )

    inside_only = [
        course["slug"]
        for course in courses
        if "ai" in searchable(course).lower()
        and not re.search(r"(?<![^\W_])ai", searchable(course).lower())
    ]
    assert inside_only, "the dataset has courses with 'ai' only inside a word"

    found = all_pages(q="ai")

    assert found
    assert not set(found) & set(inside_only)


def test_a_word_finds_longer_words_it_starts(client, all_pages, expected_search):
    assert all_pages(q="agent") == expected_search("agent")
    assert set(all_pages(q="agents")) <= set(all_pages(q="agent"))


@pytest.mark.parametrize("q", ["AI AGENTS", "ai ai agents", "ai-agents!", "  ai   agents  "])
def test_case_repeats_and_punctuation_do_not_change_a_search(client, all_pages, q):
    assert all_pages(q=q) == all_pages(q="ai agents")


@pytest.mark.parametrize("sort", ["relevance", "rating", "newest", "price_asc", "price_desc"])
@pytest.mark.parametrize("q", ["", "python", "data", "design for"])
def test_every_sort_lists_courses_in_the_spec_order(client, all_pages, expected_search, sort, q):
    assert all_pages(q=q, sort=sort) == expected_search(q, sort=sort)


def test_filters_narrow_the_results_as_the_spec_says(client, courses, all_pages, expected_search):
    course = courses[0]
    category = course["category"]["slug"]
    all_four = {
        "category": category,
        "level": course["level"],
        "max_price": course["price"],
        "min_rating": course["rating"],
    }
    cases = [
        {"category": category},
        {"level": "beginner"},
        {"level": "advanced", "sort": "rating"},
        {"max_price": 0},
        {"max_price": 19.99, "sort": "price_desc"},
        {"min_rating": 4.7},
        all_four,
        all_four | {"q": course["title"]},
    ]
    for filters in cases:
        found = all_pages(**filters)
        assert found == expected_search(**filters), filters
        assert 0 < len(found) < len(courses), f"{filters} should narrow, not empty, the catalog"


def test_a_price_filter_is_exact_to_the_cent(client, courses, all_pages):
    price = next(course["price"] for course in courses if course["price"] % 1)
    at_price = {c["slug"] for c in courses if c["price"] == price}

    assert at_price <= set(all_pages(max_price=price))
    assert not at_price & set(all_pages(max_price=round(price - 0.01, 2)))


def test_results_come_in_pages_of_twelve(client, courses):
    first = client.get("/api/v1/courses").json()
    second = client.get("/api/v1/courses", params={"page": 2}).json()

    assert len(first["items"]) == 12
    assert (first["total"], first["page"], first["per_page"]) == (len(courses), 1, 12)
    assert first["pages"] == ceil(len(courses) / 12)
    assert second["page"] == 2
    assert not {c["slug"] for c in first["items"]} & {c["slug"] for c in second["items"]}


def test_per_page_sets_the_page_size_up_to_100(client, courses, expected_search):
    body = client.get("/api/v1/courses", params={"per_page": 100, "sort": "newest"}).json()

    assert [c["slug"] for c in body["items"]] == expected_search(sort="newest")[:100]
    assert body["pages"] == ceil(len(courses) / 100)


def test_a_page_past_the_last_is_empty_not_an_error(client, courses):
    response = client.get("/api/v1/courses", params={"page": 1000})

    assert response.status_code == 200
    assert response.json() == {
        "items": [],
        "total": len(courses),
        "page": 1000,
        "per_page": 12,
        "pages": ceil(len(courses) / 12),
    }


def test_a_search_that_finds_nothing_is_an_empty_page(client):
    response = client.get("/api/v1/courses", params={"q": "zzxqj"})

    assert response.status_code == 200
    assert response.json() == {"items": [], "total": 0, "page": 1, "per_page": 12, "pages": 0}


def test_empty_parameters_count_as_absent(client):
    names = ("q", "category", "level", "max_price", "min_rating", "sort", "page", "per_page")
    empty = dict.fromkeys(names, "")
    response = client.get("/api/v1/courses", params=empty)

    assert response.status_code == 200
    assert response.json() == client.get("/api/v1/courses").json()


@pytest.mark.parametrize("name", ["q", "level", "sort", "page", "per_page"])
def test_a_parameter_given_twice_is_a_422_that_says_give_it_only_once(client, assert_problem, name):
    value = {"q": "ai", "level": "beginner", "sort": "rating", "page": "1", "per_page": "12"}[name]
    response = client.get(f"/api/v1/courses?{name}={value}&{name}={value}&page=0")

    body = assert_problem(response, 422, name)
    assert body["errors"] == [{"field": name, "message": f"Give {name} only once."}]


def test_values_are_stripped_as_python_strips_them_separators_included(client):
    plain = client.get("/api/v1/courses", params={"level": "beginner", "q": "ai"}).json()
    padded = {"level": "\x1fbeginner\u3000", "q": "\x1c ai \x1d"}

    response = client.get("/api/v1/courses", params=padded)

    assert response.status_code == 200
    assert response.json() == plain


@pytest.mark.parametrize(
    "q",
    [
        "' OR 1=1 --",
        '"; DROP TABLE courses; --',
        "%",
        "_",
        "\\",
        "<script>alert('x')</script>",
        "python%' OR '1'='1",
    ],
)
def test_sql_and_html_characters_are_just_text(client, courses, all_pages, expected_search, q):
    assert all_pages(q=q) == expected_search(q)
    # The table is still there, whole.
    assert client.get("/api/v1/courses").json()["total"] == len(courses)


def test_search_results_show_the_public_fields_of_each_course(client, courses):
    item = client.get("/api/v1/courses", params={"sort": "price_desc"}).json()["items"][0]
    record = next(course for course in courses if course["slug"] == item["slug"])

    assert item == record
