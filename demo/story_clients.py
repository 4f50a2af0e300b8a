"""Lessons 04 and 05: a partner's rate limit, then the API's many clients, and what they face."""

from demo.context import Context
from demo.programs import RATE_LIMIT
from demo.show import table
from demo.steps import expect, step

SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"
CLIENT_SEARCH = ["python", "-m", "decoupled.client", "search", "ai agents", "--per-page", "3"]
LIMIT = int(RATE_LIMIT.split("/")[0])


@step("04", "A partner key, and its rate limit: 429", needs={"api"})
def rate_limit(ctx: Context) -> None:
    """Partners reach the catalog API with a key. Keys are made on the server by its
    administrator, never over HTTP. Each key may send so many requests a minute: 60 by
    default, 5 in this demo (PARTNER_RATE_LIMIT=5/minute). Every answer says how many are
    left; past the limit comes 429 Too Many Requests, a problem document, and Retry-After:
    how many seconds to wait. A polite client waits that long (the Python client does)."""
    key = ctx.partner_key("lesson-04")
    secret = {"headers": {"X-API-Key": key}, "secrets": [key]}
    answers = [ctx.get("api", "/api/v1/partner/stats", quiet=True, **secret)]
    while answers[-1].status_code == 200 and len(answers) <= LIMIT:
        answers.append(ctx.get("api", "/api/v1/partner/stats", quiet=True, **secret))
    rows = [
        (number, one.status_code, one.headers.get("ratelimit-remaining", ""))
        for number, one in enumerate(answers, start=1)
    ]
    table(ctx.console, "GET /api/v1/partner/stats, again and again:", ("#", "status", "left"), rows)
    statuses = [one.status_code for one in answers]
    expect(statuses == [200] * LIMIT + [429], f"statuses {statuses}: not {LIMIT} × 200, a 429")
    refused = answers[-1]
    headers = ("retry-after", "ratelimit-limit", "ratelimit-remaining")
    ctx.request("GET", "api", "/api/v1/partner/stats", show_headers=headers, **secret)
    ctype = refused.headers["content-type"]
    expect(ctype == "application/problem+json", f"the 429 came as {ctype}")
    wait = refused.headers.get("retry-after", "")
    expect(wait.isdigit() and 0 < int(wait) <= 60, f"Retry-After is {wait!r}")


@step("05", "The browser frontend: static files, then JSON", needs={"frontend", "api"})
def frontend(ctx: Context) -> None:
    """The decoupled storefront is a folder of static files (HTML, CSS, JavaScript), served
    as they are. Its page holds no course at all: in the browser, its JavaScript fetches them
    from the catalog API, at the address config.js gives it, and draws them. Open
    <frontend>/?q=ai+agents in a browser, with the developer tools' Network tab open: one
    page and a few files, then fetch() calls to <api> that bring back JSON."""
    page = ctx.get("frontend", "/")
    expect(page.status_code == 200, f"the frontend answered {page.status_code}")
    expect(page.headers["content-type"].startswith("text/html"), page.headers["content-type"])
    expect("Build AI Agents" not in page.text, "the page itself holds course titles")
    config = ctx.get("frontend", "/config.js")
    expect(ctx.urls["api"] in config.text, f"config.js does not point at {ctx.urls['api']}")
    ctx.say(f"Open {ctx.urls['frontend']}/?q=ai+agents in a browser.")


@step("05", "The Python client: the same API, another app", needs={"api"})
def python_client(ctx: Context) -> None:
    """A second client of the same contract: decoupled/client, a Python command line that
    stands in for a mobile app. It sends the request the frontend sends and prints a table.
    The API did not change for it; neither client knows the other exists."""
    done = ctx.run(CLIENT_SEARCH, {"API_URL": ctx.urls["api"]})
    expect(done.returncode == 0, f"the client exited {done.returncode}: {done.stderr.strip()}")
    expect("13 courses" in done.stdout, "the client did not report 13 courses")


@step(
    "05",
    "CORS: the API chooses which pages may read it",
    needs={"api", "frontend", "other-frontend"},
)
def cors(ctx: Context) -> None:
    """A second copy of the frontend runs at <other-frontend>: an origin the API's
    CORS_ORIGINS does not list. Before a page's JavaScript sends JSON to another origin, the
    browser asks the API first (a preflight: OPTIONS). The API refuses that origin with 400
    "Disallowed CORS origin", so the browser never sends the request; the real frontend's
    origin gets 200 and its name back. A plain GET needs no preflight: it is answered, but
    without Access-Control-Allow-Origin the browser keeps the answer from the page. Open
    <other-frontend>: the page loads, its search fails. CORS guards browsers only: curl, the
    Python client and partners are not stopped by it."""
    other = ctx.get("other-frontend", "/", quiet=True)
    expect(other.status_code == 200, f"the other frontend answered {other.status_code}")
    path = f"/api/v2/courses/{SLUG}/enrollments"
    asks = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type",
    }
    shown = ("access-control-allow-origin", "access-control-allow-methods")
    origin = ctx.urls["other-frontend"]
    refused = ctx.request("OPTIONS", "api", path, headers={"Origin": origin, **asks})
    expect(refused.status_code == 400, f"the other origin's preflight got {refused.status_code}")
    expect("Disallowed CORS origin" in refused.text, f"the refusal says {refused.text!r}")
    allowed = ctx.urls["frontend"]
    welcome = ctx.request(
        "OPTIONS", "api", path, headers={"Origin": allowed, **asks}, show_headers=shown
    )
    expect(welcome.status_code == 200, f"the frontend's preflight got {welcome.status_code}")
    said = welcome.headers.get("access-control-allow-origin")
    expect(said == allowed, f"Access-Control-Allow-Origin is {said!r}, not {allowed}")
    # A plain GET needs no preflight: it is answered, but the browser hides the answer.
    search = ctx.get(
        "api",
        "/api/v2/courses?q=ai+agents",
        headers={"Origin": origin},
        show_headers=shown[:1],
        pick='"total"',
    )
    expect(search.status_code == 200, f"the other origin's search got {search.status_code}")
    said = search.headers.get("access-control-allow-origin")
    expect(said is None, f"the other origin's search was allowed for {said!r}")


@step("05", "A slow API, and a client that does not wait forever", needs={"slow-api", "frontend"})
def timeout(ctx: Context) -> None:
    """One more copy of the API runs with API_DELAY_MS=2000: every /api/ answer waits 2 s, on
    purpose (decoupled/backend/faults.py, for teaching only). Every call over a network needs
    a timeout. With --timeout 1 the client gives up after a second and says so in one line;
    with 5 it waits and gets its answer. In a browser the same delay shows as "Loading
    courses…", and the frontend drops any answer that arrives after a newer search began."""
    env = {"API_URL": ctx.urls["slow-api"]}
    hurried = ctx.run([*CLIENT_SEARCH, "--timeout", "1"], env)
    expect(hurried.returncode == 1, f"with --timeout 1 the client exited {hurried.returncode}")
    expect("did not answer within 1 s" in hurried.stderr, f"it said {hurried.stderr.strip()!r}")
    patient = ctx.run([*CLIENT_SEARCH, "--timeout", "5"], env)
    expect(patient.returncode == 0, f"with --timeout 5 the client exited {patient.returncode}")
    expect("13 courses" in patient.stdout, "the patient client did not report 13 courses")
    page_code = ctx.get("frontend", "/js/search.js", quiet=True).text
    guarded = "Loading courses" in page_code and "latestSearch" in page_code
    expect(guarded, "js/search.js no longer shows 'Loading courses…' or guards stale answers")


STEPS = [rate_limit, frontend, python_client, cors, timeout]
