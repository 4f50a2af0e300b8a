"""Both architectures show the same categories with the same counts, and the same courses."""

import pytest

from tests.parity.twins import Twins


def test_categories_have_the_same_names_and_counts(readonly_twins: Twins):
    monolith, api = readonly_twins
    from_monolith, from_api = monolith.categories(), api.categories()
    assert len(from_monolith) == 8
    assert sum(count for _, _, count in from_monolith) == 256
    assert from_monolith == from_api


@pytest.mark.parametrize(
    "slug",
    [
        "build-ai-agents-with-python-from-zero-to-your-first-agent",
        "email-marketing-mastery-build-lists-and-campaigns-that-convert",
        "no-such-course",
    ],
)
def test_course_page_shows_the_same_course(readonly_twins: Twins, slug: str):
    monolith, api = readonly_twins
    assert monolith.course(slug) == api.course(slug)
