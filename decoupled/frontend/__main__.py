"""Serve the browser frontend: `python -m decoupled.frontend` (what `make frontend` runs).

This is a static file server and nothing more: it sends the files of this folder to the
browser as they are. All the work happens in the browser, which then calls the catalog API.
In production any static host (nginx, a CDN, GitHub Pages) could do this job.

Settings, from the environment:
    FRONTEND_PORT   the port to listen on, on 127.0.0.1 (default 3000)
    API_URL         where the catalog API is
    ML_URL          where the ML service is
When API_URL or ML_URL is set, the server answers requests for /config.js with a generated
file holding these values (the other one as `config.js` on disk has it), instead of the file
itself; so tests and instructors can point the frontend at other services without editing a
file. When neither is set, config.js is served as it is.
"""

import json
import os
import re
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
# Only what a browser needs is served; this folder's Python files are not.
SERVED_SUFFIXES = {".html", ".css", ".js", ".png", ".svg", ".ico"}


def config_js(settings: dict[str, str]) -> bytes:
    """`{"API_URL": "http://..."}` as a JavaScript module exporting each value."""
    # json.dumps writes a correctly quoted and escaped JavaScript string.
    lines = [f"export const {name} = {json.dumps(value)};\n" for name, value in settings.items()]
    return "".join(lines).encode()


class FrontendHandler(SimpleHTTPRequestHandler):
    # A browser runs a module only when it comes with a JavaScript type. Python guesses types
    # from the system's settings (some Windows machines say text/plain for .js), so we say it.
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
    }

    def __init__(self, *args, settings: dict[str, str] | None, **kwargs) -> None:
        self.settings = settings  # None: serve config.js from disk
        super().__init__(*args, **kwargs)

    def send_head(self):  # what GET and HEAD both answer with
        path = urlsplit(self.path).path
        if path == "/config.js" and self.settings:
            return self.send_bytes(config_js(self.settings), "text/javascript; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if file.is_file() and file.suffix not in SERVED_SUFFIXES:
            self.send_error(404)
            return None
        return super().send_head()

    def send_bytes(self, body: bytes, content_type: str) -> BytesIO:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def list_directory(self, path):
        self.send_error(404)  # no folder listings: a folder without index.html is not a page
        return None

    def end_headers(self) -> None:
        # "Check with me before reusing a copy": an edited file shows up on the next reload.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


class FrontendServer(ThreadingHTTPServer):
    # Connections the system may hold for us before we take them. Python's default is 5: past a
    # handful of browsers arriving at the same moment, each attempt is dropped, and the browser
    # waits a second to try again. waitress queues 1,024 and uvicorn 2,048; a static host, hundreds.
    request_queue_size = 128


# The settings config.js exports (each overridden by the variable of the same name), and
# the documented addresses, for a config.js that lacks one.
SETTINGS = {"API_URL": "http://127.0.0.1:8000", "ML_URL": "http://127.0.0.1:8001"}


def settings_on_disk() -> dict[str, str]:
    """`{"API_URL": ..., "ML_URL": ...}` as config.js sets them."""
    text = (HERE / "config.js").read_text(encoding="utf-8")
    found = dict(re.findall(r'export const (\w+) = "([^"]*)"', text))
    return {name: found.get(name, default) for name, default in SETTINGS.items()}


def main() -> None:
    port = int(os.environ.get("FRONTEND_PORT", "3000"))
    # The pages add the paths ("/api/v2/...", "/v1/..."), so no slash at the end.
    from_env = {
        name: os.environ[name].rstrip("/") for name in SETTINGS if os.environ.get(name, "").strip()
    }
    settings = {**settings_on_disk(), **from_env}
    handler = partial(FrontendHandler, directory=str(HERE), settings=settings if from_env else None)
    try:
        server = FrontendServer(("127.0.0.1", port), handler)
    except OSError as error:
        sys.exit(
            f"Cannot listen on 127.0.0.1:{port} ({error.strerror}). Is the frontend already "
            "running? Another port: FRONTEND_PORT=3001 make frontend"
        )
    # flush: when a process runner (honcho, a test) reads our output through a pipe.
    print(f"CourseHub frontend on http://127.0.0.1:{port}", flush=True)
    for label, name in (("catalog API", "API_URL"), ("ML service", "ML_URL")):
        source = f"from the {name} variable" if name in from_env else "from config.js"
        print(f"  {label}: {settings[name]} ({source})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
