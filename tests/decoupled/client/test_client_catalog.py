"""The public routes through the client: search, one course, categories, enrollment."""

import uuid
from datetime import date
from typing import Any

import pytest

from decoupled.client import Category, Client, Course, CoursePage, Enrollment, NotFound
from tests.decoupled.client.servers import AGENTS_COURSE, AGENTS_SLUG, ApiServer


def test_search_ai_agents_finds_the_agents_course_first_on_page_1_of_2(client: Client) -> None:
    first = client.search("ai agents")

    assert isinstance(first, CoursePage)
    assert first.items[0].title == AGENTS_COURSE
    assert (first.page, first.pages, first.total, first.per_page) == (1, 2, 13, 12)
    assert len(first.items) == 12
    assert all(isinstance(course, Course) for course in first.items)


def test_search_page_2_holds_the_rest_of_the_results(client: Client) -> None:
    first, second = client.search("ai agents"), client.search("ai agents", page=2)

    slugs = [course.slug for course in first.items + second.items]
    assert len(second.items) == 1
    assert len(set(slugs)) == first.total == 13


def test_search_filters_by_level_category_price_and_rating(client: Client) -> None:
    page = client.search(
        "python",
        level="beginner",
        category="ai-machine-learning",
        max_price=90,
        min_rating=4.5,
        per_page=100,
    )

    assert page.items, "the filters should leave some courses"
    for course in page.items:
        assert course.level == "beginner"
        assert course.category.slug == "ai-machine-learning"
        assert course.price <= 90
        assert course.rating >= 4.5


def test_search_sorted_by_price_lists_the_cheapest_first(client: Client) -> None:
    prices = [course.price for course in client.search(sort="price_asc", per_page=100).items]

    assert prices == sorted(prices)
    assert prices[0] == 0


def test_search_with_no_match_is_an_empty_page_not_an_error(client: Client) -> None:
    page = client.search("zzzzzzz")

    assert (page.items, page.total, page.pages) == ((), 0, 0)


def test_course_has_every_public_field_as_a_python_type(
    client: Client, courses: list[dict[str, Any]]
) -> None:
    record = next(course for course in courses if course["slug"] == AGENTS_SLUG)

    course = client.course(AGENTS_SLUG)

    assert course.title == record["title"]
    assert course.category.name == record["category"]["name"]
    assert course.price == record["price"]
    assert course.tags == tuple(record["tags"])
    assert course.published == date.fromisoformat(record["published"])
    assert course.student_count == record["student_count"]


def test_an_address_copied_with_the_version_prefix_works_too(api: ApiServer) -> None:
    with Client(f"{api.url}/api/v1/") as versioned:
        assert versioned.search("ai agents").items[0].title == AGENTS_COURSE


def test_categories_list_every_category_with_its_course_count(
    client: Client, courses: list[dict[str, Any]]
) -> None:
    categories = client.categories()

    assert all(isinstance(category, Category) for category in categories)
    assert sum(category.course_count for category in categories) == len(courses) == 256
    assert [category.name for category in categories] == sorted(c.name for c in categories)
    some_category = categories[0]
    assert client.search(category=some_category.slug).total == some_category.course_count


def test_enroll_returns_the_enrollment_with_the_email_lowercased(client: Client) -> None:
    email = f"Ada.{uuid.uuid4().hex[:8]}@Example.com"

    enrollment = client.enroll(AGENTS_SLUG, "  Ada Lovelace ", email)

    assert isinstance(enrollment, Enrollment)
    assert enrollment.course == AGENTS_SLUG
    assert enrollment.name == "Ada Lovelace"
    assert enrollment.email == email.lower()


def test_enrolling_twice_with_one_email_answers_the_same_both_times(client: Client) -> None:
    """No `AlreadyEnrolled` to catch: the API does not say whether the email was enrolled."""
    email = f"grace.{uuid.uuid4().hex[:8]}@example.com"
    first = client.enroll(AGENTS_SLUG, "Grace Hopper", email)

    again = client.enroll(AGENTS_SLUG, "Grace Hopper", email.upper())

    assert again == first


def test_a_slug_is_sent_whole_and_cannot_reach_another_route(client: Client) -> None:
    # The client escapes the slug ("?" becomes %3F), so the API sees all of it as the slug...
    with pytest.raises(NotFound) as caught:
        client.course("ai?level=beginner")
    assert caught.value.detail == "No course with slug 'ai?level=beginner'."
    # ...and "../categories" does not turn GET /courses/{slug} into GET /categories.
    with pytest.raises(NotFound):
        client.course("../categories")
