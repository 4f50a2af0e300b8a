"""Lesson 09: AI agents as third parties; one uses CourseHub's MCP tools, one only its pages."""

import re

from demo.context import Context, Finished
from demo.steps import expect, step

FIRST = "Prompt Engineering for Agents and LLM Workflows"
NEXT = "LangChain and LangGraph: Stateful Agents in Practice"
BYTES = re.compile(r"Read ([\d,]+) bytes of (JSON|HTML) in (\d+) steps\.")


def bytes_read(done: Finished, kind: str) -> int:
    """The total an agent's transcript ends with ("Read 8,760 bytes of JSON in 4 steps.")."""
    found = BYTES.search(done.stdout)
    expect(found is not None and found[2] == kind, f"no total of {kind} bytes in the transcript")
    assert found is not None
    return int(found[1].replace(",", ""))


def api_agent(ctx: Context) -> Finished:
    """`make agent`: the agent starts the MCP server over stdio, as a desktop app does."""
    ctx.running_again("ml")
    services = {"API_URL": ctx.urls["api"], "ML_URL": ctx.urls["ml"]}
    return ctx.run(["python", "-m", "agents.api_agent"], services)


def scraping_agent(ctx: Context, program: str) -> Finished:
    """`make agent-scrape`, on one of the monoliths."""
    return ctx.run(["python", "-m", "agents.scraping_agent", "--site", ctx.urls[program]])


@step("09", "An AI agent uses CourseHub's tools", needs={"api", "ml"})
def agent_with_tools(ctx: Context) -> None:
    """A student asks an AI agent: "find me a beginner course on AI agents under $50, then
    something to take next". The agent is one more client. CourseHub's MCP server publishes
    the catalog API and the ML service as five tools, each described for a model: a name,
    words, a JSON Schema of its arguments. This agent follows a small readable plan instead of
    a language model, so every run is the same: it lists the tools, then calls search_courses,
    similar_courses and get_course by name, and reads JSON."""
    done = api_agent(ctx)
    expect(done.returncode == 0, f"the agent failed: {done.stdout.strip().splitlines()[-1:]}")
    expect(FIRST in done.stdout and NEXT in done.stdout, "the agent chose other courses")
    ctx.say(f"Read {bytes_read(done, 'JSON'):,} bytes of JSON: three tool calls and the list.")


@step("09", "The same task, with only the web pages", needs={"monolith"})
def agent_with_pages(ctx: Context) -> None:
    """Now an agent whose one tool fetches a web page. It finds the search form in the
    monolith's HTML, fills it in, reads the course cards, and opens course pages until one
    says "English": the cards do not say the language. Same answer, far more bytes, and every
    fact cut out of markup by a CSS selector that nobody promised to keep."""
    done = scraping_agent(ctx, "monolith")
    expect(done.returncode == 0, f"the agent failed: {done.stdout.strip().splitlines()[-1:]}")
    expect(FIRST in done.stdout and NEXT in done.stdout, "the agent chose other courses")
    ctx.say(f"Read {bytes_read(done, 'HTML'):,} bytes of HTML to reach the same answer.")


@step("09", "A redesign stops the page agent, not the tool agent", needs={"monolith-redesign"})
def redesign_stops_the_page_agent(ctx: Context) -> None:
    """The website is redesigned (MONOLITH_REDESIGN=1), as in lesson 06: the same data, new
    markup. The page agent finds no course cards and stops; a language model might cope, but
    it would pay for every byte and nothing would tell it when it misread a price. The agent
    with the tools is not affected: the API did not change. To serve agents, the monolith
    would need an API (lesson 03), not a split."""
    done = scraping_agent(ctx, "monolith-redesign")
    expect(done.returncode == 1, f"the page agent exited {done.returncode} on the redesign")
    expect("Found no course cards" in done.stdout, "the page agent did not say what it missed")


STEPS = [agent_with_tools, agent_with_pages, redesign_stops_the_page_agent]
