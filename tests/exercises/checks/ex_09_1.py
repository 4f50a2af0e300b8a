"""Exercise 09.1: a sixth MCP tool, `compare_courses`, described for a model.

The check does what an agent app does: it opens an MCP client session with the learner's
server (in this process, through the SDK's in-memory transport), lists the tools and calls
`compare_courses`. Behind the server runs a real catalog API (uvicorn on a free port, a fresh
database), since the tools reach it over HTTP through the Python client.
"""

import json
from typing import Any

from tests.exercises.checks.live_api import catalog_api
from tests.exercises.registry import Exercise, expect
from tests.support.environment import direct_to_localhost

EXERCISE = Exercise(
    "09.1",
    "A sixth tool for agents: compare_courses, 2 to 4 courses side by side",
    "09-ai-agents-as-third-parties.md",
)

TOOL = "compare_courses"
SLUGS = [
    "langchain-and-langgraph-stateful-agents-in-practice",
    "prompt-engineering-for-agents-and-llm-workflows",
    "tool-calling-agents-with-the-openai-and-anthropic-apis",
]
MORE = [
    "build-ai-agents-with-python-from-zero-to-your-first-agent",
    "multi-agent-systems-orchestrating-teams-of-llm-agents",
]
UNKNOWN = "learn-cobol-in-a-weekend"
LIMITS = {"type": "array", "minItems": 2, "maxItems": 4, "uniqueItems": True}


def check() -> str:
    with catalog_api() as api_url, direct_to_localhost():
        tools, calls = _session(api_url, _CALLS)
    expect(
        TOOL in tools,
        f"The MCP server lists {len(tools)} tools ({', '.join(sorted(tools))}) and no {TOOL} "
        "yet: add one to TOOLS in decoupled/mcp_server/tools.py.",
    )
    _expect_described(tools[TOOL])

    compared = calls["three"]
    expect(
        not compared.is_error,
        f"{TOOL} with three slugs answers the error {_text(compared)!r}.",
    )
    courses = [json.loads(_text(calls[slug])) for slug in SLUGS]
    answer = compared.structured_content or {}
    got = [item.get("slug") for item in answer.get("items", [])]
    expect(
        got == SLUGS,
        f"{TOOL} with slugs {SLUGS} answers the courses {got}: give each course, in the order "
        'asked, as {"items": [...]}.',
    )
    expect(
        answer["items"] == courses and json.loads(_text(compared)) == answer,
        f"{TOOL} answers other facts of the courses than get_course: give each one as "
        "get_course gives it (the API's own JSON).",
    )

    for case, wrong in [("one", "one slug"), ("five", "five slugs"), ("twice", "a slug twice")]:
        refused = calls[case]
        expect(
            refused.is_error,
            f"{TOOL} with {wrong} answers courses: refuse it with a tool error that says the "
            "limits (2 to 4 slugs, each once).",
        )
        expect(
            "slugs" in _text(refused),
            f"{TOOL} with {wrong} answers the error {_text(refused)!r}: name the argument "
            "(slugs) so the agent knows what to change.",
        )

    unknown = calls["unknown"]
    expect(unknown.is_error, f"{TOOL} with the unknown slug {UNKNOWN!r} is not an error.")
    said = _text(unknown)
    expect(
        UNKNOWN in said and "search_courses" in said,
        f"{TOOL} with the unknown slug {UNKNOWN!r} answers the error {said!r}: say which slug "
        "is unknown and where to find one (search_courses), as get_course does.",
    )
    return (
        f"The MCP server lists {TOOL} with its limits in the input schema; it answers 2 to 4 "
        "courses as get_course gives them, in the order asked, and tells an agent which "
        f"slug is unknown: {said!r}"
    )


# Each call the check makes: (tool, arguments).
_CALLS = {
    "three": (TOOL, {"slugs": SLUGS}),
    "one": (TOOL, {"slugs": SLUGS[:1]}),
    "five": (TOOL, {"slugs": [*SLUGS, *MORE]}),
    "twice": (TOOL, {"slugs": [SLUGS[0], SLUGS[1], SLUGS[0]]}),
    "unknown": (TOOL, {"slugs": [SLUGS[0], UNKNOWN]}),
    **{slug: ("get_course", {"slug": slug}) for slug in SLUGS},
}


def _session(api_url: str, calls: dict[str, tuple[str, dict[str, Any]]]) -> tuple[Any, Any]:
    """List the tools, then make the calls (if the tool is listed), in one MCP session."""
    import anyio
    from mcp import Client

    from decoupled.mcp_server.server import build_server
    from decoupled.mcp_server.tools import Services

    server = build_server(Services(api_url=api_url, ml_url="http://127.0.0.1:9"))

    async def session() -> tuple[Any, Any]:
        async with Client(server) as client:
            listed = (await client.list_tools()).tools
            tools = {tool.name: tool.model_dump(mode="json", by_alias=True) for tool in listed}
            if TOOL not in tools:
                return tools, {}
            done = {}
            for name, (tool, arguments) in calls.items():
                done[name] = await client.call_tool(tool, arguments)
            return tools, done

    return anyio.run(session)


def _expect_described(tool: dict[str, Any]) -> None:
    expect(
        len(tool.get("description") or "") > 40,
        f"{TOOL}'s description is {tool.get('description')!r}: say in a sentence what it does "
        "and what it answers; a model chooses tools by their descriptions.",
    )
    schema = tool["inputSchema"]
    properties = schema.get("properties", {})
    expect(
        set(properties) == {"slugs"} and "slugs" in schema.get("required", []),
        f"{TOOL} takes the arguments {sorted(properties)}: it takes one, `slugs`, required.",
    )
    slugs = properties["slugs"]
    shown = {key: slugs.get(key) for key in LIMITS}
    expect(
        shown == LIMITS and slugs.get("items", {}).get("type") == "string",
        f"{TOOL}'s input schema says slugs is {json.dumps(slugs)}: say the limits an agent "
        "must keep, a list of 2 to 4 strings, each once (minItems, maxItems, uniqueItems).",
    )
    expect(
        slugs.get("description"),
        f"{TOOL}'s slugs has no description: say what a slug is and where to find one.",
    )
    expect(
        schema.get("additionalProperties") is False,
        f"{TOOL} accepts arguments it does not know: build its arguments on `Arguments`.",
    )


def _text(result: Any) -> str:
    return "".join(block.text for block in result.content if block.type == "text")
