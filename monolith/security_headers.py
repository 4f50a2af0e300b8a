"""Headers that tell the browser what this site's pages may do, sent with every answer.

A page can be attacked through the browser that shows it: a script slipped into it, the page
shown inside another site's frame, a file read as a type it is not. Each header below closes
one of these doors. They cost nothing, because the monolith's pages need none of what they
forbid: no inline script or style, no file from another site, no frame.

* `Content-Security-Policy` lists where a page may load anything from. `default-src 'self'`:
  only from this site, so a `<script src=https://evil.example>` that slipped past escaping
  would not load. No `'unsafe-inline'`: an inline `<script>` or `style=""` does not run either
  (the templates keep every style in static/*.css). `frame-ancestors 'none'`: no other site
  may show these pages in a frame, where a visitor could be tricked into clicking the Enroll
  button under something else ("clickjacking"). `form-action 'self'`: a form can only be sent
  here; `base-uri 'none'` and `object-src 'none'` shut two old ways around the rest.
* `X-Frame-Options: DENY`: the same refusal of frames, for browsers older than
  `frame-ancestors`.
* `X-Content-Type-Options: nosniff`: a browser must believe the Content-Type, never guess
  from the bytes, so text or JSON is never run as a script.
* `Referrer-Policy: same-origin`: a link to another site does not tell it which page, and so
  which search, the visitor came from.

The session cookie's own settings are in config.py (SESSION_COOKIE_SAMESITE, _HTTPONLY).
"""

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    """After every request, pages, errors, static files and the partner API's JSON alike."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
