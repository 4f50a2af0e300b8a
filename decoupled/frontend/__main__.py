"""Serve the browser frontend: `python -m decoupled.frontend` (what `make frontend` runs).

This is a static file server and nothing more: it sends the files of this folder to the
browser as they are. All the work happens in the browser, which then calls the catalog API.
In production any static host (nginx, a CDN, GitHub Pages) could do this job.

Settings, from the environment:
    FRONTEND_PORT   the port to listen on, on 127.0.0.1 (default 3000)
    API_URL         where the catalog API is. When it is set, the server answers requests for
                    /config.js with a generated file holding this value, instead of the
                    `config.js` on disk; so tests and instructors can point the frontend at
                    another API without editing a file. When it is not set, config.js is
                    served as it is.
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


def config_js(api_url: str) -> bytes:
    # json.dumps writes a correctly quoted and escaped JavaScript string.
    return f"export const API_URL = {json.dumps(api_url)};\n".encode()


class FrontendHandler(SimpleHTTPRequestHandler):
    # A browser runs a module only when it comes with a JavaScript type. Python guesses types
    # from the system's settings (some Windows machines say text/plain for .js), so we say it.
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
    }

    def __init__(self, *args, api_url: str | None, **kwargs) -> None:
        self.api_url = api_url
        super().__init__(*args, **kwargs)

    def send_head(self):  # what GET and HEAD both answer with
        path = urlsplit(self.path).path
        if path == "/config.js" and self.api_url:
            return self.send_bytes(config_js(self.api_url), "text/javascript; charset=utf-8")
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


def api_url_on_disk() -> str:
    match = re.search(r'API_URL = "([^"]*)"', (HERE / "config.js").read_text(encoding="utf-8"))
    return match.group(1) if match else "(see config.js)"


def main() -> None:
    port = int(os.environ.get("FRONTEND_PORT", "3000"))
    api_url = os.environ.get("API_URL", "").rstrip("/") or None  # the pages add "/api/v1..."
    handler = partial(FrontendHandler, directory=str(HERE), api_url=api_url)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        sys.exit(
            f"Cannot listen on 127.0.0.1:{port} ({error.strerror}). Is the frontend already "
            "running? Another port: FRONTEND_PORT=3001 make frontend"
        )
    source = "from the API_URL variable" if api_url else "from config.js"
    # flush: when a process runner (honcho, a test) reads our output through a pipe.
    print(f"CourseHub frontend on http://127.0.0.1:{port}", flush=True)
    print(f"  catalog API: {api_url or api_url_on_disk()} ({source})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
