"""What a student sees from the recommender, through the real HTTP API."""

import pytest
from fastapi.testclient import TestClient

AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"


def recommend(client, interests, **fields):
    response = client.post("/v1/recommendations", json={"interests": interests, **fields})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_i_want_to_build_ai_agents_lists_the_agents_courses_first(client):
    items = recommend(client, "I want to build AI agents")

    assert len(items) == 5
    for item in items:
        assert "Agent" in item["title"]
    assert AGENTS_COURSE in [item["slug"] for item in items]


def test_recommendations_come_best_first_with_their_scores(client):
    items = recommend(client, "learn pandas for data analysis", k=20)

    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)
    assert items[0]["slug"] == "pandas-for-data-analysis-from-csv-to-insight"


@pytest.mark.parametrize("model", ["content", "popularity"])
@pytest.mark.parametrize("level", ["beginner", "intermediate", "advanced"])
def test_the_level_filter_keeps_only_courses_at_that_level(make_app, courses, model, level):
    with TestClient(make_app(model=model)) as client:
        items = recommend(client, "AI agents and machine learning", level=level, k=20)

    levels = {course["slug"]: course["level"] for course in courses}
    assert len(items) >= 3
    assert {levels[item["slug"]] for item in items} == {level}


def test_the_level_filter_picks_the_advanced_agents_courses(client):
    items = recommend(client, "I want to build AI agents", level="advanced", k=2)

    assert [item["slug"] for item in items] == [
        "memory-planning-and-reflection-for-autonomous-ai-agents",
        "evaluating-ai-agents-tests-benchmarks-and-guardrails",
    ]


def test_k_sets_how_many_courses_come_back(client):
    assert len(recommend(client, "python", k=1)) == 1
    assert len(recommend(client, "python", k=20)) == 20
    assert len(recommend(client, "python")) == 5


def test_words_the_catalog_never_uses_give_no_recommendations(client):
    assert recommend(client, "zzyzx qwxv") == []


def test_the_same_question_always_gets_the_same_answer(client):
    first = recommend(client, "cloud certification exam", k=20)

    assert all(recommend(client, "cloud certification exam", k=20) == first for _ in range(3))


def test_each_recommendation_shows_what_a_course_list_needs(client, courses):
    item = recommend(client, "Kubernetes", k=1)[0]
    course = next(c for c in courses if c["slug"] == item["slug"])

    assert item == {
        "slug": course["slug"],
        "title": course["title"],
        "level": course["level"],
        "price": course["price"],
        "rating": course["rating"],
        "category": course["category"]["name"],
        "score": item["score"],
    }


def test_courses_similar_to_an_ai_agents_course_are_ai_and_llm_courses(client, courses):
    response = client.get(f"/v1/courses/{AGENTS_COURSE}/similar", params={"k": 5})

    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 5
    assert AGENTS_COURSE not in [item["slug"] for item in items]
    tags = {course["slug"]: " ".join(course["tags"]) for course in courses}
    for item in items:
        assert "agent" in tags[item["slug"]] or "llm" in tags[item["slug"]], item["title"]


def test_the_popularity_model_suggests_the_best_rated_whatever_the_words(make_app):
    with TestClient(make_app(model="popularity")) as client:
        agents = recommend(client, "I want to build AI agents", k=10)
        logos = recommend(client, "design a logo", k=10)
        similar = client.get(f"/v1/courses/{AGENTS_COURSE}/similar").json()["items"]

    assert agents == logos
    assert [item["score"] for item in agents] == sorted(
        (item["score"] for item in agents), reverse=True
    )
    assert {item["category"] for item in similar} == {"AI & Machine Learning"}


@pytest.mark.parametrize("model", ["content", "popularity"])
def test_the_model_route_says_which_model_answers(make_app, model):
    with TestClient(make_app(model=model)) as client:
        info = client.get("/v1/model").json()
        answer = client.post("/v1/recommendations", json={"interests": "sql"}).json()
        health = client.get("/healthz").json()

    assert info["model"] == answer["model"] == health["model"] == model
    assert health["status"] == "ok"
    assert info["courses"] == 256
    assert set(info["evaluation"]) == {"queries", "precision_at_5", "ndcg_at_5"}
