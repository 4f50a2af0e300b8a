"""Study Buddy: our AI assistant helps students pick courses, and CourseHub is one source.

We are a third party, like the partners in `partners/`: we cannot read CourseHub's code or
database, only what it publishes. A student tells our assistant "find me a beginner course
on AI agents under $50, then something to take next", and two versions of our agent do it:

- `api_agent`: CourseHub publishes its catalog as tools for agents (the Model Context
  Protocol, `decoupled/mcp_server/`). The agent lists the tools, picks them by name and reads
  JSON answers: no page layout in sight.
- `scraping_agent`: the agent's only tool is "fetch a web page", pointed at CourseHub's web
  site (the monolith). It finds the search form, fills it in, and picks facts out of HTML.

Neither uses a language model: each follows a short plan written out at the top of its file,
so every run gives the same transcript (`transcript.py`), with the bytes each step read. The
plans are what a model would work out from the same tools; being deterministic, they show
the difference the tools make, and nothing else.

    make agent          # the API agent (needs make api and make ml)
    make agent-scrape   # the scraping agent (needs make monolith)
"""
