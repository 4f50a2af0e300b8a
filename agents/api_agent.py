"""The agent with CourseHub's tools: it lists them, calls them by name, and reads JSON.

    python -m agents.api_agent                      # make agent (needs make api and make ml)
    python -m agents.api_agent --server http://127.0.0.1:8002/mcp   # a running `make mcp-http`

What this teaches: how an agent uses an MCP server. It starts the server over stdio, as a
desktop agent app does (or connects to one over streamable HTTP), opens a session, asks for
the tool list, then calls tools by name with JSON arguments. Each answer is the API's own
JSON, so every choice below is one line of code on a named field: `language`, `level`,
`slug`. When a tool fails, its error says what to do, and the agent passes it on.

A language model would write the same three calls from the tools' descriptions; this agent
follows `PLAN` instead, so that every run is the same.
"""

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

from agents.transcript import NEXT_LEVEL, AgentFailed, Course, Transcript, call_line, listing

PLAN = (
    "list the tools; the plan needs search_courses, similar_courses and get_course",
    'search_courses: beginner courses on "ai agents" under $50, best rated first; '
    "take the first taught in English",
    "similar_courses: the 4 courses most like it (as many as its web page shows); take the "
    "first one level up",
    "get_course: read that course, to tell the student about it",
)
# The MCP server, started the way an agent app's configuration says (make mcp-config).
SERVER = StdioServerParameters(command=sys.executable, args=["-m", "decoupled.mcp_server"])
PASSED_ON = ("API_URL", "ML_URL", "API_PORT", "ML_PORT")  # where the server finds the services


def listed(item: dict[str, Any], *extra: str) -> str:
    return listing(item["title"], item["level"], item["price"], item["rating"], *extra)


def course(facts: dict[str, Any]) -> Course:
    return Course(
        facts["title"],
        facts["level"],
        facts["language"],
        facts["price"],
        facts["rating"],
        facts["hours"],
    )


class Agent:
    """One session with the MCP server, and the transcript of what it did."""

    def __init__(self, client: Client, transcript: Transcript) -> None:
        self.client, self.transcript = client, transcript
        self.tools: set[str] = set()

    async def list_tools(self) -> None:
        tools = (await self.client.list_tools()).tools
        self.tools = {tool.name for tool in tools}
        # What a model reads of the list: each tool's name, description and input schema.
        shown = [tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in tools]
        size = len(json.dumps(shown, ensure_ascii=False, separators=(",", ":")).encode())
        names = ", ".join(sorted(self.tools))
        self.transcript.step("list the tools", size, [f"{len(tools)} tools: {names}"])

    async def call(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Call a tool from the list; its JSON answer, or AgentFailed with its error."""
        if name not in self.tools:
            raise AgentFailed(f"The server offers no {name} tool; the plan needs it.")
        result = await self.client.call_tool(name, arguments)
        text = "".join(block.text for block in result.content if block.type == "text")
        self.transcript.step(call_line(name, arguments), len(text.encode()))
        if result.is_error:
            raise AgentFailed(f"{name} answered with an error: {text}")
        return json.loads(text)

    async def run(self) -> None:
        await self.list_tools()
        search = {"q": "ai agents", "level": "beginner", "max_price": 50, "sort": "rating"}
        found = (await self.call("search_courses", search))["items"]
        for item in found:
            self.transcript.item(listed(item, item["language"]))
        first = next((item for item in found if item["language"] == "English"), None)
        if first is None:
            raise AgentFailed("No course found is taught in English.")
        self.transcript.chose(first["slug"], "the best rated taught in English")

        similar = (await self.call("similar_courses", {"slug": first["slug"], "k": 4}))["items"]
        for item in similar:
            self.transcript.item(listed(item))
        level = NEXT_LEVEL[first["level"]]
        then = next((item for item in similar if item["level"] == level), None)
        if then is None:
            raise AgentFailed(f"None of the similar courses is {level}.")
        self.transcript.chose(then["slug"], f"the most similar {level} course")

        details = await self.call("get_course", {"slug": then["slug"]})
        self.transcript.item(f"{details['title']}: {details['headline']}")
        self.transcript.answer(course(first), course(details))


async def run(server: Client, transcript: Transcript, where: str) -> bool:
    transcript.start()
    try:
        async with server as client:
            try:
                await Agent(client, transcript).run()
            except AgentFailed as error:  # caught in here: the session would wrap it
                transcript.failed(error)
                return False
    except Exception as error:  # noqa: BLE001  the session could not start or broke off
        while isinstance(error, ExceptionGroup) and len(error.exceptions) == 1:
            error = error.exceptions[0]
        transcript.failed(AgentFailed(f"No session with the MCP server ({where}): {error!r}"))
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agents.api_agent", description=__doc__)
    parser.add_argument("--server", metavar="URL", help="an MCP server over streamable HTTP")
    args = parser.parse_args(argv)
    if args.server:
        where = f"streamable HTTP at {args.server}, which make mcp-http serves"
        server = Client(args.server)
    else:
        env = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
        where = "`python -m decoupled.mcp_server` over stdio"
        server = Client(SERVER.model_copy(update={"env": env}))
    transcript = Transcript(agent=f"CourseHub's MCP tools, {where}", unit="JSON", plan=PLAN)
    return 0 if anyio.run(run, server, transcript, where) else 1


if __name__ == "__main__":
    sys.exit(main())
