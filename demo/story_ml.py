"""Lesson 08: a model instead of a database, behind its own API; swapped, then switched off."""

from typing import Any

from demo.context import Context
from demo.show import table
from demo.steps import expect, step

ASK = {"interests": "I want to build AI agents", "level": "beginner", "k": 3}
PATH = "/v1/recommendations"
UNAVAILABLE = "Recommendations are unavailable right now"
COURSE_PAGE = "/courses/build-ai-agents-with-python-from-zero-to-your-first-agent"


def recommend(ctx: Context, program: str, *, quiet: bool = False) -> dict[str, Any]:
    """POST the same request to one ML service; its answer, checked for the contract's shape."""
    answer = ctx.post(program, PATH, json=ASK, quiet=quiet, pick='"(model|title|score)"')
    expect(answer.status_code == 200, f"the {program} answered {answer.status_code}")
    found = answer.json()
    expect(set(found) == {"model", "items"}, f"the {program}'s answer has keys {sorted(found)}")
    expect(len(found["items"]) == ASK["k"], f"{len(found['items'])} courses, not {ASK['k']}")
    levels = {item["level"] for item in found["items"]}
    expect(levels == {"beginner"}, f"levels {sorted(levels)}, not only beginner")
    return found


@step("08", "A recommendation from the ML service", needs={"ml"})
def recommendation(ctx: Context) -> None:
    """The ML service has no database: only a model, trained offline from the dataset (`make
    train` wrote it into var/models) and loaded once at start-up. Its contract: POST your
    interests, in your own words, with a level and how many you want; get that many courses
    back, each with a score, and the name of the model that ranked them."""
    found = recommend(ctx, "ml")
    expect(found["model"] == "content", f'the model is {found["model"]!r}, not "content"')


@step("08", "The model swapped, the contract unchanged", needs={"ml", "ml-popularity"})
def model_swap(ctx: Context) -> None:
    """A second ML service runs with MODEL=popularity: a baseline that ranks the courses by
    rating and does not read your words at all. The same request, the same shape of answer:
    only "model" and the courses differ, so no client has to change to try another model.
    Which one is better is measured (make evaluate), not guessed."""
    content = recommend(ctx, "ml", quiet=True)
    popular = recommend(ctx, "ml-popularity")
    expect(popular["model"] == "popularity", f"the model is {popular['model']!r}")
    shapes = {frozenset(item) for item in content["items"] + popular["items"]}
    expect(len(shapes) == 1, f"the two models' courses have different fields: {shapes}")
    pairs = zip(content["items"], popular["items"], strict=True)
    rows = [(one["title"], other["title"]) for one, other in pairs]
    table(ctx.console, "The same request, two models:", ("content", "popularity"), rows)


@step(
    "08",
    "The ML service stops; the catalog keeps serving",
    needs={"ml", "api", "monolith", "frontend"},
)
def ml_down(ctx: Context) -> None:
    """Now the ML service stops, as a crash or a bad deploy would stop it. Recommendations are
    gone, and only they: the Python client says so in one line, the catalog API answers
    searches as before, and the frontend's course pages say "Recommendations are unavailable
    right now" beside the course (open
    <frontend>/course.html?slug=build-ai-agents-with-python-from-zero-to-your-first-agent).
    The monolith keeps its copy of the model inside its own process: its course page still
    shows similar courses. The price: every one of its workers carries the model."""
    ctx.stop("ml")
    expect(ctx.refused("POST", "ml", PATH, json=ASK), "the stopped ML service still answered")
    asking = ["python", "-m", "decoupled.client", "recommend", ASK["interests"], "-k", "3"]
    done = ctx.run(asking, {"ML_URL": ctx.urls["ml"]})
    expect(done.returncode == 1, f"the client's recommend exited {done.returncode}, not 1")
    expect("Cannot reach" in done.stderr, f"the client said {done.stderr.strip()!r}")
    search = ctx.get("api", "/api/v1/courses?q=ai+agents", pick='"total"')
    expect(search.status_code == 200, f"the API answered {search.status_code} without the ML")
    expect(search.json()["total"] == 13, f'"total" is {search.json()["total"]}, not 13')
    page = ctx.get("monolith", COURSE_PAGE, pick='class="rec-title"')
    expect(page.status_code == 200, f"the monolith's course page answered {page.status_code}")
    similar = page.text.count('class="rec-card"')
    expect(similar > 0, "the monolith's course page shows no recommendation")
    ctx.say(f"The monolith's course page still shows {similar} similar courses, in-process.")
    notice = ctx.get("frontend", "/js/recommendations.js", quiet=True).text
    expect(UNAVAILABLE in notice, f"the frontend no longer says {UNAVAILABLE!r}")


STEPS = [recommendation, model_swap, ml_down]
