"""Enrollment emails never leave the API, except in the 201 answer to the person enrolling."""

import pytest

EMAIL = "Private.Learner+coursehub@Example.org"
NAME = "Zebulon Quillfeather"


@pytest.fixture
def enrolled(client, courses):
    """Enroll one person on three courses; the slugs they enrolled on."""
    slugs = [course["slug"] for course in courses[:3]]
    for slug in slugs:
        response = client.post(
            f"/api/v1/courses/{slug}/enrollments", json={"name": NAME, "email": EMAIL}
        )
        assert response.status_code == 201
    return slugs


def public_responses(client, enrolled, partner_headers):
    urls = [
        "/api/v1/courses",
        "/api/v1/courses?q=private+learner",
        "/api/v1/courses?q=example",
        "/api/v1/courses?per_page=100&page=1",
        "/api/v1/courses?per_page=100&page=2",
        "/api/v1/courses?per_page=100&page=3",
        "/api/v1/categories",
        "/healthz",
        "/openapi.json",
        "/docs",
        *(f"/api/v1/courses/{slug}" for slug in enrolled),
    ]
    for url in urls:
        yield url, client.get(url)
    for url in ("/api/v1/partner/courses", "/api/v1/partner/stats"):
        yield url, client.get(url, headers=partner_headers)
    # Errors must not echo it either.
    url = f"/api/v1/courses/{enrolled[0]}/enrollments"
    yield url, client.post(url, json={"name": NAME, "email": EMAIL.replace("@", "@@")})


def test_an_enrolled_email_appears_in_no_public_response(client, enrolled, partner_headers):
    seen = 0
    for url, response in public_responses(client, enrolled, partner_headers):
        assert response.status_code < 500, url
        text = (response.text + str(response.headers)).lower()
        assert EMAIL.lower() not in text, url
        assert "private.learner" not in text, url
        seen += 1
    assert seen >= 15


def test_a_stranger_who_enrolls_an_enrolled_email_learns_nothing_from_the_answer(client, enrolled):
    """Not the stored name, nor that the address was enrolled: only what the stranger sent."""
    url = f"/api/v1/courses/{enrolled[0]}/enrollments"
    response = client.post(url, json={"name": "A Stranger", "email": EMAIL})

    assert response.status_code == 201
    assert response.json() == {"course": enrolled[0], "name": "A Stranger", "email": EMAIL.lower()}
    assert NAME.lower() not in (response.text + str(response.headers)).lower()


def test_partner_stats_show_counts_but_no_names(client, enrolled, partner_headers):
    response = client.get("/api/v1/partner/stats", headers=partner_headers)

    assert response.status_code == 200
    assert NAME not in response.text
    by_slug = {course["slug"]: course["enrollments"] for course in response.json()["by_course"]}
    assert all(by_slug[slug] == 1 for slug in enrolled)
