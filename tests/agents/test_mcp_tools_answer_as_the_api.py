"""The MCP tools give an agent what the API gives a program: the same answers, the same rules.

Parity in the spirit of tests/parity: each tool is called through an MCP client session, the
same question is asked of the service over plain HTTP, and the answers must be equal. Then
the two descriptions of the contract are compared: every argument's rules in the tools' input
schemas must be the rules of the same parameter in the services' OpenAPI documents.
"""

from typing import Any

import anyio
import pytest
import requests
from mcp import Client

from decoupled.mcp_server.server import build_server
from tests.agents.helpers import Running, call_in_memory, text_of

SEARCHES = {
    "the story's search": {
        "q": "ai agents",
        "level": "beginner",
        "max_price": 50,
        "sort": "rating",
    },
    "everything": {},
    "a category, cheapest first": {"category": "design", "sort": "price_asc"},
    "page 2 of ai, 5 a page": {"q": "ai", "page": 2, "per_page": 5},
    "top rated, newest": {"min_rating": 4.7, "sort": "newest"},
    "past the last page": {"q": "python", "page": 50},
}
SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"


def api_get(running: Running, path: str, **params: Any) -> requests.Response:
    response = requests.get(f"{running.api.url}/api/v1{path}", params=params, timeout=10)
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize("arguments", SEARCHES.values(), ids=SEARCHES.keys())
def test_search_tool_lists_the_same_courses_as_the_api(
    running: Running, arguments: dict[str, Any]
) -> None:
    result = call_in_memory(running.services(), "search_courses", arguments)
    answer = api_get(running, "/courses", **arguments)

    assert not result.is_error, text_of(result)
    assert result.structured_content == answer.json()
    assert text_of(result).encode() == answer.content  # byte for byte what the API sent


def test_the_course_tool_reads_the_same_course_as_the_api(running: Running) -> None:
    result = call_in_memory(running.services(), "get_course", {"slug": SLUG})

    assert result.structured_content == api_get(running, f"/courses/{SLUG}").json()


def test_the_categories_tool_lists_the_apis_categories(running: Running) -> None:
    result = call_in_memory(running.services(), "list_categories", {})

    assert result.structured_content == {"items": api_get(running, "/categories").json()}


def ml_items(running: Running, method: str, path: str, **kwargs: Any) -> list[dict[str, Any]]:
    response = requests.request(method, f"{running.ml.url}/v1{path}", timeout=10, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_the_recommend_tool_gives_the_ml_services_courses_in_its_order(running: Running) -> None:
    body = {"interests": "I want to build AI agents", "level": "beginner", "k": 7}
    result = call_in_memory(running.services(), "recommend_courses", body)

    expected = ml_items(running, "POST", "/recommendations", json=body)
    assert len(expected) == 7
    assert result.structured_content == {"items": expected}


def test_the_similar_tool_gives_the_ml_services_courses_in_its_order(running: Running) -> None:
    result = call_in_memory(running.services(), "similar_courses", {"slug": SLUG, "k": 4})

    expected = ml_items(running, "GET", f"/courses/{SLUG}/similar", params={"k": 4})
    assert [item["slug"] for item in expected][:1] != [SLUG]
    assert result.structured_content == {"items": expected}


def listed_tools(running: Running) -> dict[str, dict[str, Any]]:
    async def listed() -> dict[str, dict[str, Any]]:
        async with Client(build_server(running.services())) as client:
            tools = (await client.list_tools()).tools
        return {tool.name: tool.model_dump(mode="json", by_alias=True) for tool in tools}

    return anyio.run(listed)


def test_the_tools_are_five_read_only_tools_that_take_only_their_own_arguments(
    running: Running,
) -> None:
    tools = listed_tools(running)

    names = "get_course list_categories recommend_courses search_courses similar_courses"
    assert sorted(tools) == names.split()
    for tool in tools.values():
        assert tool["annotations"]["readOnlyHint"] is True
        assert tool["inputSchema"]["additionalProperties"] is False
        assert all(prop["description"] for prop in tool["inputSchema"]["properties"].values())
        assert len(tool["description"]) > 40


RULES = ("type", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "default")


def rules(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's rules, with "or null" (an optional value) taken out."""
    options = [option for option in schema.get("anyOf", []) if option != {"type": "null"}]
    merged = {**(options[0] if len(options) == 1 else {}), **schema}
    return {key: merged[key] for key in RULES if merged.get(key) is not None}


def openapi(url: str) -> dict[str, Any]:
    """The service's document, each `$ref` written out where it stands (`Level` is defined
    once, under components, and referred to by the filter and the body)."""
    document = requests.get(f"{url}/openapi.json", timeout=10).json()
    return inlined(document, document["components"]["schemas"])


def inlined(value: Any, schemas: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        if "$ref" in value:
            return inlined(schemas[value["$ref"].rsplit("/", 1)[-1]], schemas)
        return {key: inlined(item, schemas) for key, item in value.items()}
    if isinstance(value, list):
        return [inlined(item, schemas) for item in value]
    return value


def parameters(document: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    operation = document["paths"][path]["get"]
    return {parameter["name"]: rules(parameter["schema"]) for parameter in operation["parameters"]}


def test_every_tool_argument_has_the_rules_the_openapi_documents_give_it(
    running: Running,
) -> None:
    api, ml = openapi(running.api.url), openapi(running.ml.url)
    body = ml["components"]["schemas"]["RecommendationRequest"]["properties"]
    documented = {
        "search_courses": parameters(api, "/api/v1/courses"),
        "get_course": parameters(api, "/api/v1/courses/{slug}"),
        "list_categories": {},
        "recommend_courses": {name: rules(schema) for name, schema in body.items()},
        "similar_courses": parameters(ml, "/v1/courses/{slug}/similar"),
    }

    shown = {
        name: {arg: rules(schema) for arg, schema in tool["inputSchema"]["properties"].items()}
        for name, tool in listed_tools(running).items()
    }
    assert shown == documented  # 20 == 20.0: a number's spelling is not a rule
