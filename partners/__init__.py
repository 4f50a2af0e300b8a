"""Compare-a-Course Ltd: the code we run to copy CourseHub's catalog into our comparison site.

We are a third party. We do not work at CourseHub, cannot read its code and cannot touch its
database; we see what anyone on the internet sees. There are two ways in, and we keep both
so our engineers (and anyone learning from this repository) can compare them:

- `scrape_monolith`: read the public web pages and pick the facts out of the HTML.
- `api_feed`: ask CourseHub's partner API, with the key they gave us, for the same facts.

Both write the same CSV (`courses_csv`), so `diff` tells us whether they agree. See README.md.
"""
