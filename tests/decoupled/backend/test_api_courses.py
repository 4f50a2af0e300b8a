"""GET /api/v1/courses/{slug} and GET /api/v1/categories."""

from collections import Counter


def test_a_course_page_shows_all_its_public_fields(client, courses):
    record = courses[0]

    response = client.get(f"/api/v1/courses/{record['slug']}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == record


def test_prices_are_dollars_with_cents(client, courses):
    record = next(course for course in courses if course["price"] % 1)

    course = client.get(f"/api/v1/courses/{record['slug']}").json()

    assert course["price"] == record["price"]
    assert "price_cents" not in course


def test_an_unknown_course_is_a_404_problem(client, assert_problem):
    body = assert_problem(client.get("/api/v1/courses/underwater-basket-weaving"), 404)

    assert body["detail"] == "No course with slug 'underwater-basket-weaving'."
    assert body["title"] == "Not Found"


def test_categories_are_listed_by_name_with_their_course_counts(client, courses):
    counts = Counter(course["category"]["slug"] for course in courses)
    names = {course["category"]["slug"]: course["category"]["name"] for course in courses}

    response = client.get("/api/v1/categories")

    assert response.status_code == 200
    assert response.json() == sorted(
        ({"name": names[slug], "slug": slug, "course_count": n} for slug, n in counts.items()),
        key=lambda category: category["name"],
    )


def test_each_category_filter_finds_as_many_courses_as_its_count(client):
    for category in client.get("/api/v1/categories").json():
        found = client.get("/api/v1/courses", params={"category": category["slug"]}).json()
        assert found["total"] == category["course_count"], category


def test_health_check_says_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
