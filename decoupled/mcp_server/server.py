"""The MCP server: the tools of `tools.py`, served over stdio or streamable HTTP.

What this teaches: the Model Context Protocol is JSON-RPC with a few fixed methods. An agent
app asks `tools/list` once (name, description, input schema of each tool) and then
`tools/call` with a name and arguments; the answer is content for the model to read (here
the API's JSON as text) and the same JSON as `structuredContent` for programs. A failure is
an answer too, marked `isError`, whose text the model reads and acts on.

This uses the SDK's low-level `Server`, given two handlers, rather than its decorator API
(`MCPServer` and `@server.tool()`, which builds each schema from a function's signature):
the decorator quietly drops arguments it does not know, and answers a wrong one with
pydantic's raw report. Here `tools.run` decides every word the agent reads.

Two transports, one server:

- **stdio**: the agent app starts this program itself and talks to it over stdin and stdout
  (desktop apps; `make mcp`). Nothing else may be printed on stdout, so logs go to stderr.
- **streamable HTTP**: one long-running server, at http://127.0.0.1:$MCP_PORT/mcp, that any
  number of agents connect to (`make mcp-http`).
"""

import json
import logging
from typing import Any

import anyio
import mcp_types as types
import uvicorn
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from decoupled.mcp_server.tools import TOOLS, Services, run

logger = logging.getLogger(__name__)

INSTRUCTIONS = (
    "CourseHub is a marketplace of online courses. Search its catalog with search_courses "
    "(list_categories gives the category slugs), read one course with get_course, and ask "
    "its recommendation model with recommend_courses (from a student's own words) or "
    "similar_courses (from a course). Prices are in US dollars; ratings go from 0 to 5. "
    "Every tool only reads."
)
READ_ONLY = types.ToolAnnotations(read_only_hint=True, destructive_hint=False)


def listed_tools() -> list[types.Tool]:
    """What `tools/list` answers: every tool's name, description and input schema."""
    return [
        types.Tool(
            name=tool.name,
            description=tool.description,
            input_schema=tool.arguments.json_schema(),
            annotations=READ_ONLY,
        )
        for tool in TOOLS
    ]


def as_json(answer: dict[str, Any]) -> str:
    """Compact, as the API sends it: an agent pays for every character it reads."""
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))


def build_server(services: Services) -> Server[Any]:
    """The MCP server for the catalog API and the ML service at these addresses."""

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed_tools())

    async def call_tool(
        ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        # The clients block on the network: in a worker thread, other calls keep going.
        outcome = await anyio.to_thread.run_sync(run, services, params.name, params.arguments or {})
        if outcome.error is not None:
            text = types.TextContent(type="text", text=outcome.error)
            return types.CallToolResult(content=[text], is_error=True)
        answer = outcome.answer or {}
        text = types.TextContent(type="text", text=as_json(answer))
        return types.CallToolResult(content=[text], structured_content=answer)

    return Server(
        "coursehub",
        version="1.0",
        title="CourseHub",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


def serve_stdio(services: Services) -> None:
    server = build_server(services)

    async def main() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    anyio.run(main)


async def healthz(request: Request) -> JSONResponse:
    """For `make` and the tests: the server is up (whether the services are is another
    question, answered per call)."""
    return JSONResponse({"status": "ok"})


def serve_http(services: Services, port: int) -> None:
    """Streamable HTTP on 127.0.0.1 only. The SDK also refuses other Host and Origin headers
    there, so a web page cannot drive the tools through a visitor's browser."""
    app = build_server(services).streamable_http_app(
        host="127.0.0.1", custom_starlette_routes=[Route("/healthz", healthz)]
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")
