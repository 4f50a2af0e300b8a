"""A browser page with the internet cut off: only this machine (127.0.0.1) answers it.

A classroom's network is the first thing to fail. `cut_off_the_internet(page)` makes Chromium
refuse every request to any other host, as a machine with no network would, and records each
one, so a test can say both "the page works" and "the page asked for nothing outside".
"""

from urllib.parse import urlsplit

from playwright.sync_api import Page, Route

THIS_MACHINE = {"127.0.0.1", "localhost"}


def cut_off_the_internet(page: Page) -> list[str]:
    """From now on, `page` reaches only this machine. Returns the list of the addresses it
    tried to reach elsewhere, filled as it tries (each request aborted)."""
    refused: list[str] = []

    def only_this_machine(route: Route) -> None:
        if urlsplit(route.request.url).hostname in THIS_MACHINE:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", only_this_machine)
    return refused
