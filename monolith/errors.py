"""Error pages in the site's own layout. No stack trace ever reaches a browser.

Flask turns a failed `abort(404)` or an unknown URL into an `HTTPException`; we render it with
`error.html` (under `/api/`, when the partner API is on, as a JSON problem instead). Any other
exception is a bug: it is logged on the server, and the visitor gets a plain 500 page.
"""

from flask import Flask, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from monolith.partner_api.problems import is_api_request, problem

TITLES = {
    400: "That request didn't look right",
    404: "We couldn't find that page",
    405: "That action isn't allowed here",
    413: "That form was too large",
    500: "Something went wrong on our side",
}


def _render(status: int, message: str) -> tuple[str, int]:
    title = TITLES.get(status, "Something went wrong")
    return render_template("error.html", status=status, title=title, message=message), status


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    if is_api_request():  # the partner API (MONOLITH_API=1) answers problems, not pages
        allow = {k: v for k, v in error.get_headers() if k == "Allow"}  # on a 405
        return problem(error.code or 500, headers=allow)
    return _render(error.code or 500, error.description or "")


def handle_too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """A body over MAX_CONTENT_LENGTH (config.py), refused before Flask read it."""
    if is_api_request():
        return handle_http_error(error)
    limit = current_app.config["MAX_CONTENT_LENGTH"] // 1024
    return _render(413, f"The form was too large (at most {limit} KB), so nothing was saved.")


def handle_csrf_error(_error: CSRFError) -> tuple[str, int]:
    return _render(
        400,
        "Your form had expired or did not come from this site, so nothing was saved. "
        "Go back, reload the page and try again.",
    )


def handle_unexpected_error(error: Exception) -> ResponseReturnValue:
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error", exc_info=error)
    if is_api_request():
        return problem(500)
    return _render(500, InternalServerError.description)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(RequestEntityTooLarge, handle_too_large)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
