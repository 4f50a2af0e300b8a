"""CourseHub as a monolith: one Flask app that owns the data *and* renders every page.

This is the application factory, the pattern from Flask's own tutorial (flaskr): `create_app()`
builds a configured app, so tests can make as many isolated apps as they like.

Everything a visitor sees comes out of this one process: the views query the database with
SQLAlchemy and render Jinja templates. By default there is no JSON anywhere: the only way to
reach the data is these HTML pages. The recommender is part of the same process:
`create_app()` loads the trained model into it. With `MONOLITH_API=1` the same process also
serves a JSON partner feed (`monolith.partner_api`): an API, without splitting the app.
"""

from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from jinja2 import FileSystemLoader

from monolith import db, errors, partner_api, rate_limits, recommend, security_headers
from monolith.config import Config
from monolith.views import catalog, categories, courses, recommendations

csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the CourseHub monolith."""
    app = Flask(__name__)
    app.config.from_object(Config)
    if test_config is not None:
        app.config.update(test_config)

    Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)

    if app.config.get("REDESIGN"):
        # Look in templates/redesign/ first, then in templates/: the views still render
        # "search.html", and get the new markup. Nothing but the HTML changes.
        templates = Path(app.root_path) / "templates"
        app.jinja_loader = FileSystemLoader([templates / "redesign", templates])

    csrf.init_app(app)
    db.init_app(app)
    # The model is loaded here, into every worker process that serves the app (see recommend/).
    recommend.init_app(app)
    errors.init_app(app)
    security_headers.init_app(app)
    rate_limits.init_app(app)  # searches and enrollments per visitor's address

    app.register_blueprint(catalog.bp)
    app.register_blueprint(courses.bp)
    app.register_blueprint(categories.bp)
    app.register_blueprint(recommendations.bp)
    # MONOLITH_API=1: the same program also serves a JSON partner feed (see partner_api/).
    partner_api.init_app(app)
    return app
