"""The MCP server as agent apps run it: a program on stdio, or a server on streamable HTTP.

Each test starts the real program (`python -m decoupled.mcp_server`, `make mcp`, or the line
`make mcp-config` prints) and talks to it through the SDK's client, as an agent app would.
The last two stop a service: the server stays up, says which service to start and how, and
the other service's tools keep working.
"""

import json
import subprocess
from collections.abc import Iterator

import anyio
import pytest
import requests
from mcp import Client, StdioServerParameters

from tests.agents.helpers import (
    ANSWER,
    MCP_SERVER,
    STORY_SEARCH,
    STORY_TITLES,
    Running,
    port,
    run_agent,
    stdio,
    text_of,
    titles_found,
)
from tests.partners.servers import start
from tests.support.environment import clean_environment
from tests.support.ports import free_port, unused_address
from tests.support.processes import REPO_ROOT
from tests.support.servers import Server

SLUG = "prompt-engineering-for-agents-and-llm-workflows"
# make as a learner runs it, without rebuilding .venv (the tests never install anything) and
# without "Entering directory" lines, which would corrupt the protocol on stdout.
MAKE = ["make", "-s", "--no-print-directory", "-o", ".venv/.installed-stamp"]


def test_over_stdio_an_agent_app_lists_the_tools_and_searches(running: Running) -> None:
    assert titles_found(stdio(running.environment())) == STORY_TITLES


def test_a_desktop_app_with_the_older_handshake_gets_the_same_answers(running: Running) -> None:
    # Apps built on older SDKs open with the `initialize` handshake, not the newer discovery.
    assert titles_found(stdio(running.environment()), mode="legacy") == STORY_TITLES


def test_make_mcp_serves_the_tools_over_stdio_with_the_ports_make_was_given(
    running: Running,
) -> None:
    # No API_URL: the server finds the services from the ports make exports.
    ports = [f"API_PORT={port(running.api.url)}", f"ML_PORT={port(running.ml.url)}"]
    assert titles_found(stdio({}, [*MAKE, "mcp", *ports])) == STORY_TITLES


def test_the_line_make_mcp_config_prints_starts_a_working_server(running: Running) -> None:
    printed = subprocess.run(
        [*MAKE, "mcp-config"],
        cwd=REPO_ROOT,
        env=clean_environment(MCP_PORT="8002", **running.environment()),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    lines = [line for line in printed.splitlines() if line.startswith("{")]
    pasted = json.loads(lines[0])["mcpServers"]["coursehub"]

    assert pasted["env"] == running.environment()
    assert titles_found(StdioServerParameters(**pasted)) == STORY_TITLES
    over_http = json.loads(lines[1])["mcpServers"]["coursehub"]
    assert over_http == {"url": "http://127.0.0.1:8002/mcp"}


@pytest.fixture(scope="module")
def http_server(running: Running, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    number = free_port()
    command = [*MCP_SERVER, "--http", f"--port={number}"]
    url = f"http://127.0.0.1:{number}"
    folder = tmp_path_factory.mktemp("mcp-http")
    server = start("mcp-http", command, folder, "/healthz", url, **running.environment())
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


def test_over_streamable_http_the_tools_give_the_same_answers(http_server: Server) -> None:
    assert titles_found(f"{http_server.url}/mcp") == STORY_TITLES


def test_a_web_page_from_another_site_cannot_call_the_tools_through_a_browser(
    http_server: Server,
) -> None:
    ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    headers = {"Accept": "application/json, text/event-stream", "Origin": "https://evil.example"}
    answer = requests.post(f"{http_server.url}/mcp", json=ping, headers=headers, timeout=10)

    assert answer.status_code == 403


def test_the_api_agent_gives_the_same_answer_through_the_http_server(http_server: Server) -> None:
    over_http = run_agent("api_agent", "--server", f"{http_server.url}/mcp")

    assert over_http.status == 0, over_http.lines
    assert f"streamable HTTP at {http_server.url}/mcp" in over_http.lines[1]
    assert over_http.lines[-4:-1] == ANSWER


def calls_with(env: dict[str, str]) -> list[tuple[bool, str]]:
    """One call to each service's tools, in one session: (is it an error, its text)."""

    async def session() -> list[tuple[bool, str]]:
        async with Client(stdio(env)) as client:
            results = [
                await client.call_tool("search_courses", STORY_SEARCH),
                await client.call_tool("similar_courses", {"slug": SLUG, "k": 2}),
                await client.call_tool("list_categories", {}),
            ]
        return [(result.is_error, text_of(result)) for result in results]

    return anyio.run(session)


def test_with_the_api_down_the_server_says_how_to_start_it_and_the_ml_tools_still_answer(
    running: Running,
) -> None:
    down = unused_address()
    searched, similar, categories = calls_with(running.environment(API_URL=down))

    expected = f"The catalog API at {down} is not answering; start it with `make api`."
    assert searched == (True, expected)
    assert categories == (True, expected)  # the server is still up, and says it again
    assert similar[0] is False and '"slug":"' in similar[1]


def test_with_the_ml_service_down_the_catalog_tools_still_answer(running: Running) -> None:
    down = unused_address()
    searched, similar, categories = calls_with(running.environment(ML_URL=down))

    assert similar == (True, f"The ML service at {down} is not answering; start it with `make ml`.")
    assert searched[0] is False and categories[0] is False
