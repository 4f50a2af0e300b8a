"""Every bad input the search rules name gets a 422 problem naming the field, never a 500."""

import pytest

SEARCH = "/api/v1/courses"


def test_search_text_over_200_characters_is_refused(client, assert_problem):
    body = assert_problem(client.get(SEARCH, params={"q": "a" * 10_000}), 422, "q")

    assert body["errors"] == [
        {"field": "q", "message": "Search text must be at most 200 characters."}
    ]


def test_search_text_of_exactly_200_characters_is_fine(client):
    assert client.get(SEARCH, params={"q": "ai " * 66 + "ai"}).status_code == 200


def test_an_unknown_category_is_refused_by_name(client, assert_problem):
    body = assert_problem(client.get(SEARCH, params={"category": "knitting"}), 422, "category")

    assert body["errors"][0]["message"] == "Unknown category 'knitting'."


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "1001"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "9" * 40}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"sort": "title"}, "sort"),
        ({"sort": "rating; DROP TABLE courses"}, "sort"),
        ({"level": "expert"}, "level"),
        ({"level": "Beginner"}, "level"),
        ({"max_price": "-1"}, "max_price"),
        ({"max_price": "cheap"}, "max_price"),
        ({"max_price": "nan"}, "max_price"),
        ({"max_price": "inf"}, "max_price"),
        ({"min_rating": "5.1"}, "min_rating"),
        ({"min_rating": "-0.5"}, "min_rating"),
        ({"min_rating": "good"}, "min_rating"),
    ],
)
def test_a_bad_search_parameter_is_refused_naming_it(client, assert_problem, params, field):
    body = assert_problem(client.get(SEARCH, params=params), 422, field)

    assert body["errors"][0]["message"]


def test_every_bad_parameter_is_listed_at_once(client, assert_problem):
    params = {"q": "x" * 201, "level": "expert", "page": "0", "sort": "name"}

    body = assert_problem(client.get(SEARCH, params=params), 422, "q", "level", "page", "sort")

    messages = {error["field"]: error["message"] for error in body["errors"]}
    assert messages["page"] == "Pages are whole numbers from 1 to 1000."
    assert messages["level"] == "Level must be beginner, intermediate or advanced."


def test_the_highest_max_price_lists_every_course(client, courses):
    response = client.get(SEARCH, params={"max_price": "10000"})

    assert response.status_code == 200
    assert response.json()["total"] == len(courses)


@pytest.mark.parametrize("price", ["10000.01", "1e300"])
def test_a_max_price_above_10000_is_refused(client, assert_problem, price):
    body = assert_problem(client.get(SEARCH, params={"max_price": price}), 422, "max_price")

    assert body["errors"] == [{"field": "max_price", "message": "Enter a price from 0 to 10000."}]
    assert body["detail"] == "max_price: Enter a price from 0 to 10000."


@pytest.mark.parametrize("page", ["3.0", "+3", "٣", "3e0"])
def test_a_page_must_be_written_in_plain_digits(client, assert_problem, page):
    body = assert_problem(client.get(SEARCH, params={"page": page}), 422, "page")

    assert body["errors"][0]["message"] == "Pages are whole numbers from 1 to 1000."


def test_boundary_values_are_accepted(client):
    boundaries = [{"page": 1000}, {"per_page": 100}, {"min_rating": 5}, {"min_rating": 0}]
    for params in [*boundaries, {"max_price": 0}]:
        assert client.get(SEARCH, params=params).status_code == 200, params


# PostgreSQL's text cannot hold the character NUL; SQLite's can. A value with one matches
# nothing, and never reaches the database as a parameter it would refuse with a 500.
def test_a_category_with_a_nul_character_is_an_unknown_category(client, assert_problem):
    body = assert_problem(client.get(SEARCH, params={"category": "a\x00b"}), 422, "category")

    assert body["errors"][0]["message"] == "Unknown category 'a\x00b'."


def test_a_slug_with_a_nul_character_is_no_course(client, assert_problem):
    assert_problem(client.get("/api/v2/courses/a%00b"), 404)
    response = client.post(
        "/api/v2/courses/a%00b/enrollments", json={"name": "Ada", "email": "ada@example.com"}
    )
    assert_problem(response, 404)
