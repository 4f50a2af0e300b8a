"""The home page: search the catalog, with filters, a sort and pages of 12.

The whole state is in the URL (`/?q=ai+agents&level=beginner&page=2`), so any result page can
be bookmarked or shared. Note what this view does: read the query string, query the database,
render HTML. Data and presentation are welded together in one function.
"""

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from monolith.db import get_session
from monolith.forms import SearchForm
from monolith.models import Category
from monolith.search import PER_PAGE, search_courses

bp = Blueprint("catalog", __name__)

SEARCH_PARAMETERS = ("q", "category", "level", "max_price", "min_rating", "sort")


def page_url(number: int) -> str:
    """This search on another page. Only the search's own parameters are carried over, and
    only those that say something: an empty one, or the default sort ("relevance"), would
    only make the address longer (static/search-form.js keeps them out of the form's too)."""
    kept = {}
    for name in SEARCH_PARAMETERS:
        value = request.args.get(name, "").strip()
        if value and (name, value) != ("sort", "relevance"):
            kept[name] = value
    return url_for("catalog.search", **kept, page=number)


@bp.context_processor
def page_size() -> dict[str, int]:
    """The search's page size, for templates: the redesign's "Showing 13–24 of 40"."""
    return {"per_page": PER_PAGE}


# The site's icon, beside its home page. Browsers and other tools ask for /favicon.ico by old
# habit; the icon is an SVG (static/favicon.svg, named by base.html's <link rel="icon">).
bp.add_url_rule("/favicon.ico", "favicon", redirect_to="/static/favicon.svg")


@bp.get("/")
def search() -> tuple[str, int]:
    session = get_session()
    categories = session.scalars(select(Category).order_by(Category.name)).all()
    form = SearchForm(request.args, category_choices=[(c.slug, c.name) for c in categories])
    if not form.validate():
        return render_template("search.html", form=form, results=None, page_url=page_url), 400
    results = search_courses(session, form.to_params())
    return render_template("search.html", form=form, results=results, page_url=page_url), 200
