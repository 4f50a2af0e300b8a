"""CourseHub for AI agents: the catalog API and the ML service as MCP tools.

What this teaches: an AI agent is one more client of the API, a third party like a mobile
app or a partner, that reads a different description of the same contract. A developer reads
the OpenAPI document (`/docs`); an agent app reads the Model Context Protocol's tool list: a
name, a description in words a model can act on, and a JSON Schema for the arguments. This
program is that translation and nothing more. It calls the services over HTTP through the
Python client (`decoupled.client`), as any client would, and imports nothing of the backend
or the ML service.

Read it in this order: `tools.py` (the five tools), `arguments.py` (what each accepts, and who
checks what), `errors.py` (failures as text an agent can act on), `server.py` (the protocol
and its two transports), `__main__.py` (the command line).

    make mcp            # stdio: what a desktop agent app starts (make mcp-config: the line)
    make mcp-http       # streamable HTTP on http://127.0.0.1:8002/mcp
    make agent          # an agent that uses these tools (agents/api_agent.py)
"""
