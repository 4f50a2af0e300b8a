"""The interactive documentation, /docs and /redoc, served from this machine: no CDN.

What this teaches: an API's docs page is a web page like any other, and it breaks like one.
FastAPI's own /docs is a few lines of HTML that load Swagger UI's JavaScript and CSS from a
CDN (cdn.jsdelivr.net). Without internet it stays blank, and in a classroom the network is
the first thing to fail: a guest Wi-Fi, a firewall, thirty laptops on one access point. So
these pages need nothing from outside: the files come from an installed package
(`fastapi-offline`, which ships Swagger UI and ReDoc) and this service serves them itself.

It is the recipe of FastAPI's documentation, "Custom Docs UI Static Assets (Self-Hosting)":
the app is made with `docs_url=None, redoc_url=None` (no pages pointing at the CDN), the
files are mounted under /docs/static, and /docs and /redoc are our own routes, built by
FastAPI's `get_swagger_ui_html` and `get_redoc_html` with every address pointing here. The
catalog API has its own copy of this module: the two programs share no code.

One request still leaves: ReDoc's footer shows its maker's logo from cdn.redoc.ly, and no
setting turns that off. Offline, the logo is missing and the rest of /redoc is drawn.
"""

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

# Where the files are served, and the package folder they come from.
STATIC = "/docs/static"
PACKAGE_FILES = ("fastapi_offline", "static")


def serve_docs_offline(app: FastAPI) -> None:
    """Add /docs (Swagger UI) and /redoc (ReDoc) to `app`, every file served by `app`.

    `app` must be made with `docs_url=None, redoc_url=None`, or FastAPI's own pages, which
    load from the CDN, would answer first.
    """
    # Fails at start-up, naming the package, when it is not installed: better than a blank page.
    app.mount(STATIC, StaticFiles(packages=[PACKAGE_FILES]), name="docs-static")
    openapi_url = app.openapi_url or "/openapi.json"
    oauth2_redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")  # behind a proxy, the prefix it adds
        return get_swagger_ui_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=root + oauth2_redirect_url,
            swagger_js_url=f"{root}{STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC}/favicon.png",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    # Where Swagger UI's "Authorize" returns after an OAuth2 login; plain HTML, nothing loaded.
    @app.get(oauth2_redirect_url, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{STATIC}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC}/favicon.png",
            with_google_fonts=False,  # the fonts would come from Google's servers
        )
