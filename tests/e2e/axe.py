"""axe-core, Deque's accessibility checker, run inside a page: `serious_problems(page)`.

axe checks what a machine can (every field has a label, every id is unique, text contrasts
with its background, ARIA attributes are valid...) and rates each problem minor, moderate,
serious or critical. It is vendored in vendor/axe-core/ (its version and licence are there)
and evaluated straight into the page: through the browser's debugging protocol, so even the
monolith's Content-Security-Policy, which refuses any inline script, lets it run.
"""

from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
SERIOUS = ("serious", "critical")


def serious_problems(page: Page) -> list[str]:
    """What axe finds serious or critical on the page as it is now, one line each:
    'color-contrast (serious): Elements must meet minimum color contrast... at .card-price'."""
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate("() => axe.run(document).then(result => result.violations)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in violations
        if v["impact"] in SERIOUS
    ]
