"""scale/nginx.py: nginx from the template, as a load balancer that hides a stopped instance.

Two tiny upstreams stand in for two API instances (each answers with its own port); nginx
takes turns between them, and when one stops, sends every request, a POST too (the template's
`non_idempotent`), to the other, without the client seeing an error.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from scale.nginx import find_nginx, nginx_server, write_config
from tests.support.ports import free_port


class SaysItsPort(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = str(self.server.server_address[1]).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:  # quiet
        pass


class HangsUp(SaysItsPort):
    """Reads the request, then closes the connection without a word: a crash mid-request."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.close_connection = True

    do_GET = do_POST = _answer


@contextmanager
def upstreams(*handlers: type[BaseHTTPRequestHandler]) -> Iterator[list[ThreadingHTTPServer]]:
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), handler) for handler in handlers]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield servers
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def nginx_installed() -> None:
    if find_nginx() is None:
        pytest.skip("nginx is not installed (apt install nginx, or brew install nginx)")


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    return session


def test_the_config_fills_every_blank_and_listens_on_this_machine_only(tmp_path: Path):
    config = write_config(tmp_path, 8080, [8101, 8102]).read_text()
    settings = [line.partition("#")[0] for line in config.splitlines()]
    assert not [line for line in settings if "{{" in line]
    assert "    listen 127.0.0.1:8080;  " in config
    assert "server 127.0.0.1:8101 max_fails=1" in config and "server 127.0.0.1:8102" in config
    assert f"proxy_temp_path {tmp_path}/temp/proxy;" in config


@pytest.mark.usefixtures("nginx_installed")
def test_nginx_takes_turns_and_hides_a_stopped_instance(tmp_path: Path):
    with upstreams(SaysItsPort, SaysItsPort) as (stopped, alive):
        ports = [stopped.server_address[1], alive.server_address[1]]
        with nginx_server(tmp_path, port=free_port(), upstreams=ports) as nginx:
            session = _session()
            assert {session.get(nginx.url + "/").text for _ in range(4)} == set(map(str, ports))

            stopped.shutdown()
            stopped.server_close()  # connections to it are now refused
            answers = [session.get(nginx.url + "/courses") for _ in range(4)]
            assert [answer.status_code for answer in answers] == [200] * 4
            assert {answer.text for answer in answers} == {str(ports[1])}
            assert any("," in answer.headers["X-Upstream"] for answer in answers)  # sent again


@pytest.mark.usefixtures("nginx_installed")
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_nginx_sends_a_request_again_when_an_instance_dies_mid_request(tmp_path: Path, method: str):
    with upstreams(SaysItsPort, HangsUp) as (alive, dying):
        ports = [alive.server_address[1], dying.server_address[1]]
        with nginx_server(tmp_path, port=free_port(), upstreams=ports) as nginx:
            session = _session()
            # Two requests: in turn, one of them reaches the dying instance first.
            answers = [session.request(method, nginx.url + "/enroll", json={}) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert {answer.text for answer in answers} == {str(ports[0])}
    tried = [answer.headers["X-Upstream"] for answer in answers]
    assert sum("," in addresses for addresses in tried) == 1  # POST too: `non_idempotent`
