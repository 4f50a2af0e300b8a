"""`python -m decoupled.mcp_server`: run the MCP server, or print how to plug it in.

    python -m decoupled.mcp_server                  # stdio, for an agent app to start (make mcp)
    python -m decoupled.mcp_server --http           # http://127.0.0.1:$MCP_PORT/mcp (make mcp-http)
    python -m decoupled.mcp_server --config         # the lines to paste into an agent app
    python -m decoupled.mcp_server --api http://127.0.0.1:9000 --ml http://127.0.0.1:9001

The services' addresses: --api, else $API_URL, else http://127.0.0.1:$API_PORT (8000); --ml,
else $ML_URL, else http://127.0.0.1:$ML_PORT (8001): the Python client's own defaults.
"""

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence

from decoupled.client.cli import default_api_url, default_ml_url
from decoupled.mcp_server.server import serve_http, serve_stdio
from decoupled.mcp_server.tools import Services

STDIO_HINT = (
    "CourseHub's MCP server, on stdio: it waits for an agent app's JSON-RPC on stdin. An app "
    "starts it itself (`make mcp-config` prints the line to give it); Ctrl-C stops this one."
)


def default_port() -> int:
    return int(os.environ.get("MCP_PORT") or 8002)


def config_lines(services: Services, port: int) -> str:
    """What a learner pastes into an MCP-capable agent app, with this machine's paths."""
    stdio = {
        "command": os.path.abspath(sys.executable),  # an agent app starts it from anywhere
        "args": ["-m", "decoupled.mcp_server"],
        "env": {"API_URL": services.api_url, "ML_URL": services.ml_url},
    }
    http = {"url": f"http://127.0.0.1:{port}/mcp"}
    return (
        "Add CourseHub to your agent app's MCP servers (its mcpServers settings).\n"
        "Over stdio, the app starts the server itself (`make api` and `make ml` running):\n"
        f"{json.dumps({'mcpServers': {'coursehub': stdio}})}\n"
        "Or over streamable HTTP, to the server `make mcp-http` runs:\n"
        f"{json.dumps({'mcpServers': {'coursehub': http}})}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m decoupled.mcp_server",
        description="CourseHub's catalog and recommendations as MCP tools for AI agents.",
    )
    parser.add_argument("--http", action="store_true", help="serve streamable HTTP, not stdio")
    parser.add_argument("--port", type=int, default=default_port(), help="for --http ($MCP_PORT)")
    parser.add_argument("--api", default=default_api_url(), help="the catalog API's address")
    parser.add_argument("--ml", default=default_ml_url(), help="the ML service's address")
    parser.add_argument("--config", action="store_true", help="print the agent-app config")
    args = parser.parse_args(argv)
    services = Services(api_url=args.api, ml_url=args.ml)
    if args.config:
        print(config_lines(services, args.port))
        return 0

    # stdout carries the protocol over stdio: every log line goes to stderr.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="mcp: %(message)s")
    try:
        if args.http:
            print(f"CourseHub MCP server on http://127.0.0.1:{args.port}/mcp", file=sys.stderr)
            serve_http(services, args.port)
        else:
            if sys.stdin.isatty():  # a person, not an agent app, started it
                print(STDIO_HINT, file=sys.stderr)
            serve_stdio(services)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
