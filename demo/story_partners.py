"""Lessons 06 and 07: a partner's two ways in, a redesign, then a breaking change done right."""

from pathlib import Path

from demo.context import Context, Finished
from demo.steps import expect, step

SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"
SCRAPE = ["python", "-m", "partners.scrape_monolith", "--delay", "0", "--out"]
FEED = ["python", "-m", "partners.api_feed", "--out"]


def scrape(ctx: Context, site: str) -> Finished:
    out = ctx.folder / "partner-scrape.csv"
    return ctx.run([*SCRAPE, str(out)], {"MONOLITH_URL": ctx.urls[site]})


def read_feed(ctx: Context) -> tuple[Finished, Path]:
    """The partner's feed program, with a key of its own: each run sends 3 requests (256
    courses, 100 a page), and this demo's API allows 5 a minute per key."""
    key = ctx.partner_key("compare-a-course")
    out = ctx.folder / "partner-api.csv"
    env = {"API_URL": ctx.urls["api"], "PARTNER_API_KEY": key}
    return ctx.run([*FEED, str(out)], env, secrets=[key]), out


@step("06", "A partner scrapes the monolith's pages", needs={"monolith"})
def scraping(ctx: Context) -> None:
    """Compare-a-Course, a third party, wants CourseHub's catalog. From the monolith it can
    only do what a person does, in code: load each search page (22 of them), find the course
    cards by their CSS classes, read "$84.99" back into a number, follow "Next". It works
    today. Nobody promised that those classes will stay. (--delay 0 in the demo only: a
    polite scraper pauses between pages.)"""
    done = scrape(ctx, "monolith")
    expect(done.returncode == 0, f"the scraper exited {done.returncode}: {done.output.strip()}")
    expect("Scraped 256 courses from 22 pages" in done.stdout, f"it said {done.stdout!r}")


@step("06", "The same partner reads the API's feed", needs={"api"})
def feed(ctx: Context) -> None:
    """Through the catalog API instead: a key made by the API's administrator, then JSON,
    100 courses a request, following a cursor to the end. Typed fields, no markup, and a
    contract (/api/v1) that says what will not change without notice."""
    done, out = read_feed(ctx)
    expect(done.returncode == 0, f"the feed exited {done.returncode}: {done.output.strip()}")
    expect("Read 256 courses" in done.stdout, f"it said {done.stdout!r}")
    expect(out.is_file(), f"{out} was not written")


@step("06", "A redesign breaks the scraper, not the feed", needs={"monolith-redesign", "api"})
def redesign(ctx: Context) -> None:
    """CourseHub redesigns its website (MONOLITH_REDESIGN=1): new templates, new CSS classes,
    the same courses. People see a fresh look. The scraper finds no course card it knows,
    stops loudly, and keeps its last good file. The feed is not the website: it reads the
    same 256 courses as before, row for row."""
    page = ctx.get("monolith-redesign", "/?q=ai+agents", pick='class="tile(-name)?"', limit=4)
    expect(page.status_code == 200, f"the redesigned site answered {page.status_code}")
    expect('class="course-card"' not in page.text, "the redesign still has course-card")
    kept = ctx.folder / "partner-scrape.csv"
    before = kept.read_bytes() if kept.exists() else None
    broken = scrape(ctx, "monolith-redesign")
    expect(broken.returncode == 1, f"the scraper exited {broken.returncode}, not 1")
    expect("Found no course cards" in broken.output, f"it said {broken.output.strip()!r}")
    after = kept.read_bytes() if kept.exists() else None
    expect(before == after, "the scraper changed its last good file")
    last_feed = ctx.folder / "partner-api.csv"
    previous = last_feed.read_bytes() if last_feed.exists() else None
    done, out = read_feed(ctx)
    expect(done.returncode == 0, f"the feed exited {done.returncode}: {done.output.strip()}")
    expect("Read 256 courses" in done.stdout, f"it said {done.stdout!r}")
    same = previous is None or out.read_bytes() == previous
    expect(same, "the feed's rows changed after the redesign")


@step("07", "One course, two contracts: v1 and v2", needs={"api"})
def versions(ctx: Context) -> None:
    """A price as a float was a mistake: money needs exact decimals and a currency. Changing
    that shape would break every client, so the change is a new version. /api/v2 writes a
    price as {"amount": "84.99", "currency": "USD"}; /api/v1 still answers 84.99, unchanged,
    until its sunset, and says so in every answer: Deprecation (since when), Sunset (until
    when) and a Link to its successor. v2 has none of these headers."""
    headers = ("deprecation", "sunset", "link")
    pick = '"(price|amount|currency)"'
    old = ctx.get("api", f"/api/v1/courses/{SLUG}", pick=pick, show_headers=headers)
    expect(old.status_code == 200, f"v1 answered {old.status_code}")
    expect(old.json()["price"] == 84.99, f"v1's price is {old.json()['price']!r}, not 84.99")
    missing = [name for name in headers if name not in old.headers]
    expect(not missing, f"v1's answer lacks {', '.join(missing)}")
    new = ctx.get("api", f"/api/v2/courses/{SLUG}", pick=pick, show_headers=headers)
    price = new.json().get("price")
    expect(price == {"amount": "84.99", "currency": "USD"}, f"v2's price is {price!r}")
    extra = [name for name in headers if name in new.headers]
    expect(not extra, f"v2's answer carries {', '.join(extra)}")


@step("07", "An old client on the new version fails loudly", needs={"api"})
def client_on_v2(ctx: Context) -> None:
    """The Python client was written for v1, and checks every answer against the shapes it
    knows. Pointed at v2 (--api-prefix /api/v2), it stops with a clear message rather than
    show a wrong price: better a loud failure today than quietly wrong data. On v1, its
    version, it works as before, until the sunset."""
    argv = ["python", "-m", "decoupled.client", "--api-prefix", "/api/v2", "search", "ai agents"]
    done = ctx.run(argv, {"API_URL": ctx.urls["api"]})
    expect(done.returncode == 1, f"the client exited {done.returncode}, not 1")
    expect("written for /api/v1" in done.stderr, f"it said {done.stderr.strip()!r}")


STEPS = [scraping, feed, redesign, versions, client_on_v2]
