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
from monolith.search import search_courses

bp = Blueprint("catalog", __name__)

SEARCH_PARAMETERS = ("q", "category", "level", "max_price", "min_rating", "sort")


def page_url(number: int) -> str:
    """This search on another page. Only the search's own parameters are carried over."""
    kept = {name: request.args[name] for name in SEARCH_PARAMETERS if request.args.get(name)}
    return url_for("catalog.search", **kept, page=number)


@bp.get("/")
def search() -> tuple[str, int]:
    session = get_session()
    categories = session.scalars(select(Category).order_by(Category.name)).all()
    form = SearchForm(request.args, category_choices=[(c.slug, c.name) for c in categories])
    if not form.validate():
        return render_template("search.html", form=form, results=None, page_url=page_url), 400
    results = search_courses(session, form.to_query())
    return render_template("search.html", form=form, results=results, page_url=page_url), 200
