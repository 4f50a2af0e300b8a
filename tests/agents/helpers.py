"""Helpers for the agents' tests: the running servers, and ways to reach the MCP server and
run the agents as an agent app and `make agent` do. The fixtures are in conftest.py.

The MCP server is reached three ways: in this process through the SDK's in-memory transport
(`call_in_memory`, quick, for the many parity and error cases), and as a real program over
stdio and over streamable HTTP (test_mcp_transports.py). The agents run as programs
(`run_agent`), the way `make agent` and `make agent-scrape` run them.
"""

import sys
from dataclasses import dataclass
from typing import Any

import anyio
import mcp_types
from mcp import Client, StdioServerParameters

from decoupled.mcp_server.server import build_server
from decoupled.mcp_server.tools import Services
from tests.support.commands import run
from tests.support.environment import clean_environment
from tests.support.processes import REPO_ROOT
from tests.support.servers import Server

# The agents' answer on the shipped data, whichever way they got it.
ANSWER = [
    "Answer:",
    "  First: Prompt Engineering for Agents and LLM Workflows "
    "(beginner, English, $49.99, 4.5/5, 6 hours)",
    "  Next:  LangChain and LangGraph: Stateful Agents in Practice "
    "(intermediate, English, $84.99, 4.2/5, 12.5 hours)",
]


@dataclass(frozen=True)
class Running:
    api: Server
    ml: Server
    monolith: Server
    redesigned_monolith: Server

    def services(self) -> Services:
        return Services(api_url=self.api.url, ml_url=self.ml.url)

    def environment(self, **changes: str) -> dict[str, str]:
        """Where the MCP server finds the services, as API_URL and ML_URL."""
        return {"API_URL": self.api.url, "ML_URL": self.ml.url} | changes


@dataclass(frozen=True)
class Run:
    status: int
    lines: list[str]
    stderr: str

    def bytes_read(self) -> list[int]:
        """The bytes of each step, in order ("    read 2,746 bytes of JSON")."""
        steps = [line.split()[1] for line in self.lines if line.startswith("    read ")]
        return [int(size.replace(",", "")) for size in steps]


def run_agent(module: str, *args: str, **env: str) -> Run:
    result = run([sys.executable, "-m", f"agents.{module}", *args], clean_environment(**env))
    return Run(result.returncode, result.stdout.splitlines(), result.stderr)


STORY_SEARCH = {"q": "ai agents", "level": "beginner", "max_price": 50, "sort": "rating"}
MCP_SERVER = [sys.executable, "-m", "decoupled.mcp_server"]


def stdio(env: dict[str, str], command: list[str] = MCP_SERVER) -> StdioServerParameters:
    return StdioServerParameters(command=command[0], args=command[1:], env=env, cwd=REPO_ROOT)


def titles_found(server: StdioServerParameters | str, mode: str = "auto") -> list[str]:
    """List the tools, then search as the story does: the titles found."""

    async def session() -> list[str]:
        async with Client(server, mode=mode) as client:
            assert len((await client.list_tools()).tools) == 5
            result = await client.call_tool("search_courses", STORY_SEARCH)
        assert not result.is_error, text_of(result)
        return [course["title"] for course in result.structured_content["items"]]

    return anyio.run(session)


STORY_TITLES = [
    "Agentes de IA con Python para principiantes",
    "Prompt Engineering for Agents and LLM Workflows",
    "No-Code AI Agents: Build AI-Powered Workflows with n8n and Zapier",
]


def call_in_memory(
    services: Services, name: str, arguments: dict[str, Any]
) -> mcp_types.CallToolResult:
    """One tool call through an MCP client session with the server in this process."""

    async def call() -> mcp_types.CallToolResult:
        async with Client(build_server(services)) as client:
            return await client.call_tool(name, arguments)

    return anyio.run(call)


def text_of(result: mcp_types.CallToolResult) -> str:
    """What an agent's model reads of a tool's answer."""
    return "".join(block.text for block in result.content if block.type == "text")


def port(url: str) -> str:
    return url.rsplit(":", 1)[1]
