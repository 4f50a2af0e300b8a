"""Lessons 01 to 03: one search as a page and as data, and an API without a split."""

from html import escape

from demo.context import Context
from demo.show import table
from demo.steps import expect, step

SEARCH = "/?q=ai+agents"
API_SEARCH = "/api/v1/courses?q=ai+agents"
FIRST_TITLE = "Build AI Agents with Python: From Zero to Your First Agent"


@step("01", "The monolith answers with an HTML page", needs={"monolith"})
def monolith_page(ctx: Context) -> None:
    """A student searches CourseHub for "ai agents". The monolith is one Flask program: the
    view asks SQLite for the courses and renders the whole page with Jinja, then sends HTML,
    made for people to look at. The courses are in there, but mixed into markup: a program
    that wants them must dig them out of the tags. Open <monolith>/?q=ai+agents to see it."""
    page = ctx.get("monolith", SEARCH, pick=r'class="(result-count|card-title)"', limit=4)
    expect(page.status_code == 200, f"the search page answered {page.status_code}")
    expect(page.headers["content-type"].startswith("text/html"), page.headers["content-type"])
    cards = page.text.count('class="course-card"')
    expect(cards == 12, f"{cards} course cards on the page, not 12")
    expect("13 courses" in page.text, "the page does not say it found 13 courses")
    ctx.say(f"{len(page.content):,} bytes of HTML for 12 courses (13 found, 12 on page 1).")


@step("02", "The catalog API answers the same search in JSON", needs={"api", "monolith"})
def api_json(ctx: Context) -> None:
    """The same question, asked of the decoupled catalog API. The answer is data, not a page:
    every course as named, typed fields, plus how many were found and on how many pages. Any
    program can read it with one line of code (`response.json()`), whatever it will draw with
    it, or whether it draws anything at all. Compare the sizes: the page spends its bytes on
    markup; the JSON spends them on data, with fields the page does not even show."""
    answer = ctx.get("api", API_SEARCH)
    expect(answer.status_code == 200, f"the API answered {answer.status_code}")
    ctype = answer.headers["content-type"]
    expect(ctype == "application/json", f"content type {ctype}, not application/json")
    found = answer.json()
    expect(found["total"] == 13, f'"total" is {found["total"]}, not 13')
    expect(len(found["items"]) == 12, f"{len(found['items'])} items on page 1, not 12")
    expect(found["items"][0]["title"] == FIRST_TITLE, f"first: {found['items'][0]['title']}")
    page = ctx.get("monolith", SEARCH, quiet=True)
    html, data = len(page.content), len(answer.content)
    description = found["items"][0]["description"]
    shown = description in page.text or escape(description) in page.text
    expect(not shown, "the monolith's page shows the courses' descriptions too")
    rows = [
        ("monolith", "GET " + SEARCH, "text/html", f"{html:,}"),
        ("catalog API", "GET " + API_SEARCH, "application/json", f"{data:,}"),
    ]
    table(ctx.console, "The same 12 courses, twice:", ("who", "request", "type", "bytes"), rows)
    ctx.say("Only the JSON holds each course's description: the page leaves it out.")


@step("03", "The monolith with an API: a partner feed", needs={"monolith-api", "monolith"})
def monolith_with_an_api(ctx: Context) -> None:
    """Having an API and being split into separate programs are two different choices. Here
    is the same monolith, still one program, started with MONOLITH_API=1: it also serves a
    JSON partner feed, to programs that hold a key made by its own command line (the key is
    cut short on the screen: keys do not belong in slides or logs). The pure monolith, at the
    same address, has no such thing: a 404, and a page for people."""
    env = {"MONOLITH_DATABASE": ctx.running.programs["monolith-api"].env["MONOLITH_DATABASE"]}
    env["MONOLITH_MODEL_DIR"] = str(ctx.model_dir)
    key = ctx.new_key(["flask", "--app", "monolith", "create-partner-key", "lesson-03"], env)
    secret = {"headers": {"X-API-Key": key}, "secrets": [key]}
    path = "/api/v1/partner/courses?limit=2"
    feed = ctx.get("monolith-api", path, pick='"(title|price|next_cursor)"', **secret)
    expect(feed.status_code == 200, f"the monolith's feed answered {feed.status_code}")
    expect(feed.headers["content-type"] == "application/json", feed.headers["content-type"])
    expect(len(feed.json()["items"]) == 2, f"{len(feed.json()['items'])} courses, not 2")
    pure = ctx.get("monolith", path, pick="<title>|<h1>", **secret)
    expect(pure.status_code == 404, f"the pure monolith answered {pure.status_code}, not 404")
    expect(pure.headers["content-type"].startswith("text/html"), pure.headers["content-type"])


STEPS = [monolith_page, api_json, monolith_with_an_api]
