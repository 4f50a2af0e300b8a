"""Recommend me a course: /recommend?interests=I+want+to+build+AI+agents&level=beginner&k=5.

A GET form, like the search: the whole question is in the URL. The view asks the model that
`create_app()` loaded into this very process (`monolith.recommend`) and renders its answer as
HTML. No other program can ask the model anything: it has no address of its own.
"""

from flask import Blueprint, render_template, request

from monolith.forms import DEFAULT_RECOMMENDATIONS, RecommendForm
from monolith.recommend import get_recommender

bp = Blueprint("recommendations", __name__)


@bp.get("/recommend")
def recommend() -> tuple[str, int]:
    form = RecommendForm(request.args)
    model = get_recommender()
    if not any(name in request.args for name in form.data):  # the empty form, first visit
        return render_template("recommend.html", form=form, results=None, model=model), 200
    if not form.validate():
        return render_template("recommend.html", form=form, results=None, model=model), 400
    if model is None:
        return render_template("recommend.html", form=form, results=None, model=None), 503
    results = model.recommend(
        form.interests.data, form.level.data or None, form.k.data or DEFAULT_RECOMMENDATIONS
    )
    return render_template("recommend.html", form=form, results=results, model=model), 200
