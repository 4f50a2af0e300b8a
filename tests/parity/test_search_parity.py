"""Both architectures return the same courses, in the same order, for the same search.

Each case is one query string; the test asks both twins and compares the whole answer (the
slugs of the page, the total and the number of pages). Refusals compare the fields named.
"""

import pytest

from tests.parity.adapters import Catalog, Refused, SearchAnswer

SEARCHES: dict[str, dict[str, str]] = {
    "ai agents": {"q": "ai agents"},
    "upper case": {"q": "AI AGENTS"},
    "ai alone": {"q": "ai"},
    "ai, second page": {"q": "ai", "page": "2"},
    "email is not ai": {"q": "email"},
    "prefix of a word": {"q": "agent"},
    "python": {"q": "python"},
    "two words": {"q": "python data"},
    "words in any order": {"q": "learning machine"},
    "spaces around": {"q": "   react   "},
    "hyphenated": {"q": "ai-powered"},
    "punctuation only between words": {"q": "AI...agents!!"},
    "underscore splits words": {"q": "data_science"},
    "accented letters": {"q": "PRÁCTICOS"},
    "german umlaut": {"q": "für"},
    "c plus plus": {"q": "c++"},
    "sql metacharacters": {"q": "' OR 1=1 --"},
    "html metacharacters": {"q": "<script>alert(1)</script>"},
    "like wildcards": {"q": "100% _"},
    "no results": {"q": "zzzzqx"},
    "everything": {},
    "everything, page 3": {"page": "3"},
    "the last page": {"page": "22"},
    "past the last page": {"page": "23"},
    "empty values mean absent": {"q": "", "category": "", "level": "", "max_price": ""},
    "blank values mean absent": {"max_price": " ", "page": "  ", "min_rating": " "},
    "spaces around a page number": {"page": " 3 "},
    "the highest price allowed": {"max_price": "10000", "sort": "price_desc"},
    "underscores in a number": {"max_price": "1_000"},
    "a category": {"category": "data-science"},
    "category by price": {"category": "design", "sort": "price_asc"},
    "beginners by rating": {"level": "beginner", "sort": "rating"},
    "advanced ai": {"q": "ai", "level": "advanced"},
    "free courses": {"max_price": "0"},
    "cheap, dearest first": {"max_price": "20", "sort": "price_desc"},
    "cents matter": {"max_price": "19.98", "sort": "price_desc"},
    "top rated, newest": {"min_rating": "4.7", "sort": "newest"},
    "every filter": {"min_rating": "4.5", "max_price": "50", "level": "intermediate"},
    "newest": {"sort": "newest"},
    "price up, page 2": {"sort": "price_asc", "page": "2"},
    "price down": {"sort": "price_desc"},
    "rating": {"sort": "rating"},
    "relevance without words": {"sort": "relevance", "category": "business"},
    "words with every sort": {"q": "python", "sort": "newest"},
}

# Searches where finding nothing is the right answer; every other one must find courses,
# so twins that both answered "nothing" could not pass.
EXPECTED_EMPTY = {"sql metacharacters", "html metacharacters", "like wildcards", "no results"}

REFUSALS: dict[str, dict[str, str]] = {
    "unknown category": {"category": "nope"},
    "unknown level": {"level": "expert"},
    "unknown sort": {"sort": "cheapest"},
    "page zero": {"page": "0"},
    "page not a number": {"page": "abc"},
    "page too far": {"page": "1001"},
    "huge page": {"page": "99999999999999999999999"},
    "fractional page": {"page": "2.5"},
    "a page with a decimal point": {"page": "3.0"},
    "a page with a plus sign": {"page": "+3"},
    "a page in Arabic-Indic digits": {"page": "٣"},
    "price above the highest": {"max_price": "10000.01"},
    "negative price": {"max_price": "-1"},
    "price not a number": {"max_price": "abc"},
    "infinite price": {"max_price": "inf"},
    "not-a-number price": {"max_price": "nan"},
    "rating above five": {"min_rating": "6"},
    "query too long": {"q": "x" * 201},
    "10,000 character query": {"q": "ai " * 3334},
    "several at once": {"level": "expert", "page": "-2"},
}


def _ask_both(twins: tuple[Catalog, Catalog], params: dict[str, str]) -> tuple[object, object]:
    monolith, api = twins
    return monolith.search(params), api.search(params)


@pytest.mark.parametrize("case", SEARCHES.keys())
def test_search_lists_the_same_courses_in_the_same_order(readonly_twins, case):
    params = SEARCHES[case]
    from_monolith, from_api = _ask_both(readonly_twins, params)
    assert isinstance(from_monolith, SearchAnswer), f"monolith refused {params}: {from_monolith}"
    assert (from_monolith.total == 0) == (case in EXPECTED_EMPTY), from_monolith
    assert from_monolith == from_api, (
        f"search {params} differs\n  monolith: {from_monolith}\n  api:      {from_api}"
    )


@pytest.mark.parametrize("params", REFUSALS.values(), ids=REFUSALS.keys())
def test_search_refuses_the_same_bad_input_naming_the_same_fields(readonly_twins, params):
    from_monolith, from_api = _ask_both(readonly_twins, params)
    assert isinstance(from_monolith, Refused), f"monolith accepted {params}: {from_monolith}"
    assert from_monolith == from_api, (
        f"search {params} differs\n  monolith: {from_monolith}\n  api:      {from_api}"
    )


def test_walking_every_page_gives_each_course_once_in_both(readonly_twins):
    for catalog in readonly_twins:
        seen: list[str] = []
        answer = catalog.search({"sort": "newest"})
        for page in range(1, answer.pages + 1):
            seen += catalog.search({"sort": "newest", "page": str(page)}).slugs
        assert len(seen) == len(set(seen)) == answer.total == 256, catalog.name
