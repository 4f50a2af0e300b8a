"""The document's links lead somewhere: followed from a real answer, each one asks for the
courses like one just recommended, and gets them.

`make fuzz` follows them (schemathesis's stateful phase); a link to a field the answer lacks
would quietly test nothing.
"""

SLUG = "docker-for-absolute-beginners"
ASK = {  # a request to each route that has links
    ("post", "/v1/recommendations"): {"json": {"interests": "I want to build AI agents"}},
    ("get", "/v1/courses/{slug}/similar"): {},
}


def test_every_link_leads_from_a_real_answer_to_courses_like_its_first_one(client):
    document = client.get("/openapi.json").json()
    by_id = {
        operation["operationId"]: (method, address)
        for address, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    followed = []
    for (method, address), request in ASK.items():
        answer = client.request(method, address.replace("{slug}", SLUG), **request)
        assert answer.status_code == 200, answer.text
        links = document["paths"][address][method]["responses"]["200"]["links"]
        for name, link in links.items():
            to_method, to_address = by_id[link["operationId"]]
            assert link["parameters"] == {"path.slug": "$response.body#/items/0/slug"}
            first = answer.json()["items"][0]["slug"]

            response = client.request(to_method, to_address.replace("{slug}", first))

            assert response.status_code == 200, (name, response.text)
            assert first not in [course["slug"] for course in response.json()["items"]]
            followed.append(name)

    assert len(followed) == 2
