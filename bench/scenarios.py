"""The four things `make bench` asks both architectures, each as the lists of requests wrk sends.

What this teaches: a fair comparison asks both sides for the same thing, as their own clients
ask for it. Each scenario gives, per architecture, the lists to send, one per server:

1. search: "ai agents". The monolith's HTML page, `GET /?q=ai+agents`, against the catalog
   API's JSON, `GET /api/v2/courses?q=ai+agents`, with the headers the frontend's fetch sends.
2. course: the page of the search's first course, `GET /courses/<slug>` (it includes "students
   who liked this also liked", from the model inside the monolith), against the API's
   `GET /api/v2/courses/<slug>` (the frontend asks the ML service for similar courses apart).
3. enrollment: `POST` a new email every time, so each is a real insert. The monolith's form
   needs a CSRF token tied to the session cookie: it is fetched once, as a browser gets it with
   the page, and sent with every post (Flask-WTF accepts a token many times within its hour;
   the check is not switched off). The monolith answers 302 (to the course page) and the API
   201. Not sent: the GET a browser makes after the monolith's redirect, nor the CORS preflight
   a browser sends before the frontend's JSON post (then keeps for ten minutes).
4. page view: the search page as a returning visitor's browser loads it (page_view.py).
"""

from urllib.parse import urlencode

import requests
from bs4 import BeautifulSoup

from bench.load import Request
from bench.page_view import FETCH_HEADERS, QUERY, api_prefix, decoupled_view, monolith_view

SCENARIOS = ("search", "course", "enrollment", "page view")
ARCHITECTURES = ("monolith", "decoupled")
NAME = "Ada Bench"
EMAIL = "bench-{n}@example.com"  # {n}: a number no other request gets (bench/wrk/cycle.lua)

# architecture -> server base address -> the requests one visitor sends it, in turn
Workload = dict[str, dict[str, list[Request]]]


def csrf_session(monolith: str, slug: str) -> tuple[str, str]:
    """The CSRF token of the course page's form and the session cookie it is tied to; checked
    by posting two enrollments with them (both must be accepted)."""
    with requests.Session() as browser:
        page = browser.get(f"{monolith}/courses/{slug}", timeout=10)
        page.raise_for_status()
        field = BeautifulSoup(page.text, "html.parser").find("input", {"name": "csrf_token"})
        token = str(field["value"]) if field else ""
        cookie = f"session={browser.cookies.get('session')}"
        for n in ("check-1", "check-2"):
            form = {"csrf_token": token, "name": NAME, "email": EMAIL.format(n=n)}
            posted = requests.post(
                f"{monolith}/courses/{slug}",
                data=form,
                headers={"Cookie": cookie},
                allow_redirects=False,
                timeout=10,
            )
            if posted.status_code != 302:
                raise RuntimeError(f"the monolith refused an enrollment: {posted.status_code}")
    return token, cookie


def build(monolith: str, api: str, frontend: str) -> dict[str, Workload]:
    """Every scenario's lists, from servers that are running (some lists are read from them)."""
    prefix = api_prefix()
    fetch = FETCH_HEADERS | {"Origin": frontend}  # what the frontend's JavaScript sends
    found = requests.get(f"{api}{prefix}/courses?{QUERY}", headers=fetch, timeout=10)
    found.raise_for_status()
    slug = found.json()["items"][0]["slug"]
    token, cookie = csrf_session(monolith, slug)
    form = urlencode({"csrf_token": token, "name": NAME}) + "&email=bench-{n}%40example.com"
    json_body = f'{{"name": "{NAME}", "email": "{EMAIL}"}}'
    return {
        "search": {
            "monolith": {monolith: [Request("GET", f"/?{QUERY}", 200)]},
            "decoupled": {api: [Request("GET", f"{prefix}/courses?{QUERY}", 200, fetch)]},
        },
        "course": {
            "monolith": {monolith: [Request("GET", f"/courses/{slug}", 200)]},
            "decoupled": {api: [Request("GET", f"{prefix}/courses/{slug}", 200, fetch)]},
        },
        "enrollment": {
            "monolith": {
                monolith: [
                    Request(
                        "POST",
                        f"/courses/{slug}",
                        302,
                        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
                        form,
                    )
                ]
            },
            "decoupled": {
                api: [
                    Request(
                        "POST",
                        f"{prefix}/courses/{slug}/enrollments",
                        201,
                        fetch | {"Content-Type": "application/json"},
                        json_body,
                    )
                ]
            },
        },
        "page view": {
            "monolith": monolith_view(monolith),
            "decoupled": decoupled_view(frontend, api),
        },
    }
