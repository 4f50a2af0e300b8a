"""Both architectures return the same courses, in the same order, for the same search.

Each case is one query string; the test asks both twins and compares the whole answer (the
slugs of the page, the total and the number of pages). Refusals compare the fields named;
a repeated parameter, which the twins once read differently (the first value, the last),
must be refused by both in the same words.
"""

import pytest

from tests.parity.adapters import Catalog, Params, Refused, SearchAnswer

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
    # Both twins strip a value as Python's str.strip() does, then a blank value is absent.
    # pydantic's own strip keeps the separators \x1c-\x1f; Python's str.strip() drops them.
    "a query of separators only": {"q": "\x1c\x1d\x1e\x1f"},
    "a query of Unicode spaces only": {"q": "\u00a0\u2003\u3000\x85\u2028"},
    "a query of a byte-order mark": {"q": "\ufeff"},
    "200 characters and a separator": {"q": ("ai " * 67)[:200] + "\x1f"},
    "a level of separators": {"level": "\x1f"},
    "a blank level": {"level": " "},
    "a blank category": {"category": "\u3000"},
    "a sort of separators": {"sort": "\x1e\x1c"},
    "a level with a separator": {"level": "beginner\x1f"},
    "a category with spaces around": {"category": "\u2003design "},
    "a sort with a separator": {"sort": "rating\x1d"},
    "a page with a separator": {"page": "3\x1f"},
    "a price after a separator": {"max_price": "\x1c20"},
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


# A parameter given twice is refused, naming each one given more than once, before anything
# else is checked: one twin took the first value and the other the last.
REPEATS: dict[str, list[tuple[str, str]]] = {
    "q twice": [("q", "ai"), ("q", "python")],
    "level twice": [("level", "beginner"), ("level", "advanced")],
    "sort twice": [("sort", "rating"), ("sort", "newest")],
    "page twice": [("page", "1"), ("page", "2")],
    "a bad page, then a good one": [("page", "0"), ("page", "2")],
    "a good level, then a bad one": [("level", "beginner"), ("level", "expert")],
    "category twice": [("category", "design"), ("category", "business")],
    "max_price twice": [("max_price", "20"), ("max_price", "50")],
    "min_rating twice": [("min_rating", "4"), ("min_rating", "4.5")],
    "the same value twice": [("q", "ai"), ("q", "ai")],
    "an empty value twice": [("q", ""), ("q", "")],
    "q three times": [("q", "ai"), ("q", "ml"), ("q", "python")],
    "two repeated at once": [
        ("level", "beginner"),
        ("sort", "rating"),
        ("level", "advanced"),
        ("sort", "newest"),
    ],
    "a repeat and a bad page": [("q", "ai"), ("q", "ml"), ("page", "0")],
}


def _ask_both(twins: tuple[Catalog, Catalog], params: Params) -> tuple[object, object]:
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


@pytest.mark.parametrize("params", REPEATS.values(), ids=REPEATS.keys())
def test_a_repeated_parameter_is_refused_by_both_saying_give_it_only_once(readonly_twins, params):
    from_monolith, from_api = _ask_both(readonly_twins, params)
    repeated = sorted({name for name, _ in params if [n for n, _ in params].count(name) > 1})
    expected = Refused(tuple(repeated))
    assert from_monolith == from_api == expected, (
        f"search {params} differs\n  monolith: {from_monolith}\n  api:      {from_api}"
    )
    messages = sorted(f"Give {name} only once." for name in repeated)
    assert sorted(from_monolith.messages) == sorted(from_api.messages) == messages


def test_walking_every_page_gives_each_course_once_in_both(readonly_twins):
    for catalog in readonly_twins:
        seen: list[str] = []
        answer = catalog.search({"sort": "newest"})
        for page in range(1, answer.pages + 1):
            seen += catalog.search({"sort": "newest", "page": str(page)}).slugs
        assert len(seen) == len(set(seen)) == answer.total == 256, catalog.name
