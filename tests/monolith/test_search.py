"""Searching the catalog from the home page: matching, filters, sorts and pages.

The expected answers come from `expected_slugs` (conftest.py), the search rules written again in
plain Python over data/courses.json, so these tests compare the pages with an independent answer,
in exact order, tie-breaks by slug included.
"""

import re
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

SORTS = ["relevance", "rating", "newest", "price_asc", "price_desc"]

Search = Callable[..., Any]


def _words(text: str) -> list[str]:
    return [word.lower() for word in re.findall(r"[^\W_]+", text)]


def _email_marketing_slug(dataset: list[dict[str, Any]]) -> str:
    [slug] = [
        r["slug"]
        for r in dataset
        if "email marketing" in r["title"].lower() and r["category"]["slug"] == "business"
    ]
    return slug


# --- the page -------------------------------------------------------------------------------


def test_home_page_shows_a_search_box_filters_and_a_sort(search: Search) -> None:
    page = search()
    assert page.status == 200
    assert "Find your next course" in page.text
    assert "q" in page.inputs
    assert {"max_price", "min_rating"} <= page.inputs.keys()
    for label in ["Category", "Level", "Max price", "Min rating", "Sort by"]:
        assert label in page.text
    for option in ["Most relevant", "Highest rated", "Newest", "Price: low to high"]:
        assert option in page.text


def test_home_page_offers_every_category_of_the_catalog(
    search: Search, dataset: list[dict[str, Any]]
) -> None:
    page = search()
    for name in {r["category"]["name"] for r in dataset}:
        assert name in page.text


def test_home_page_without_a_search_lists_every_course(
    all_result_slugs: Callable[..., list[str]],
    expected_slugs: Callable[..., list[str]],
    dataset: list[dict[str, Any]],
) -> None:
    slugs = all_result_slugs()
    assert len(slugs) == len(dataset)
    assert slugs == expected_slugs()


def test_result_count_and_page_number_are_shown(
    search: Search, expected_slugs: Callable[..., list[str]]
) -> None:
    total = len(expected_slugs(q="python"))
    assert total > 12
    pages = -(-total // 12)
    page = search(q="python")
    assert f"{total} courses · page 1 of {pages}" in page.text


def test_each_result_card_shows_title_instructor_price_and_links_to_the_course(
    search: Search, by_slug: dict[str, dict[str, Any]]
) -> None:
    page = search(q="ai agents")
    assert page.slugs
    for slug, title in zip(page.slugs, page.titles, strict=True):
        record = by_slug[slug]
        assert title == record["title"]
        assert f"/courses/{slug}" in page.links
    first = by_slug[page.slugs[0]]
    assert first["instructor"] in page.text
    price = "Free" if first["price"] == 0 else f"${first['price']:.2f}"
    assert price in page.text


# --- matching -------------------------------------------------------------------------------


def test_search_ai_agents_lists_the_agents_courses_first(
    search: Search, expected_slugs: Callable[..., list[str]]
) -> None:
    page = search(q="AI agents")
    assert page.status == 200
    # the top results are courses about AI agents, by their titles; the very first ones
    # have both words in the title
    assert len(page.titles) == 12
    for title in page.titles[:8]:
        assert re.search(r"\bagents?\b", title, re.IGNORECASE), title
    for title in page.titles[:5]:
        assert re.search(r"\bai\b", title, re.IGNORECASE), title
    assert page.slugs == expected_slugs(q="AI agents")[:12]


def test_search_ai_agents_ranks_title_matches_above_headline_and_tag_matches(
    all_result_slugs: Callable[..., list[str]], by_slug: dict[str, dict[str, Any]]
) -> None:
    slugs = all_result_slugs(q="AI agents")

    def title_hits(slug: str) -> int:
        title = _words(by_slug[slug]["title"])
        return sum(any(w.startswith(q) for w in title) for q in ("ai", "agents"))

    hits = [title_hits(slug) for slug in slugs]
    assert hits == sorted(hits, reverse=True)
    assert hits[0] == 2 and hits[-1] < 2


def test_ai_does_not_match_email(
    all_result_slugs: Callable[..., list[str]], dataset: list[dict[str, Any]]
) -> None:
    email_course = _email_marketing_slug(dataset)
    assert email_course not in all_result_slugs(q="ai")
    assert email_course in all_result_slugs(q="email")


def test_ai_matches_words_that_start_with_ai_and_nothing_else(
    all_result_slugs: Callable[..., list[str]], dataset: list[dict[str, Any]]
) -> None:
    found = set(all_result_slugs(q="ai"))
    should = {
        r["slug"]
        for r in dataset
        if any(word.startswith("ai") for word in _words(_joined_searchable(r)))
    }
    assert found == should
    # "AI-powered" is two words, and its "ai" counts
    hyphenated = [r["slug"] for r in dataset if re.search(r"\bAI-\w", r["title"])]
    assert hyphenated and set(hyphenated) <= found
    # words that merely contain "ai" somewhere else do not count
    inside_only = [
        r["slug"]
        for r in dataset
        if "ai" in _joined_searchable(r).lower() and r["slug"] not in should
    ]
    assert inside_only and not set(inside_only) & found


def _joined_searchable(record: dict[str, Any]) -> str:
    return " ".join([record["title"], record["headline"], *record["tags"], record["instructor"]])


def test_a_word_prefix_matches_longer_words(
    all_result_slugs: Callable[..., list[str]], by_slug: dict[str, dict[str, Any]]
) -> None:
    agent = all_result_slugs(q="agent")
    agents = all_result_slugs(q="agents")
    assert set(agents) <= set(agent)
    # "agent" finds titles that only say "Agents"
    plural_only = [s for s in agent if "agents" in _words(by_slug[s]["title"])]
    plural_only = [s for s in plural_only if "agent" not in _words(by_slug[s]["title"])]
    assert plural_only
    # "agen" still matches, "gents" (not the start of a word) matches none of them
    assert set(agent) <= set(all_result_slugs(q="agen"))
    assert not set(agents) & set(all_result_slugs(q="gents"))


def test_search_ignores_case_punctuation_repeats_and_word_order(
    search: Search, all_result_slugs: Callable[..., list[str]]
) -> None:
    reference = all_result_slugs(q="ai agents")
    assert reference
    for variant in ["AI AGENTS", "Ai, agents!", "agents ai", "ai ai agents agents", "ai_agents"]:
        assert all_result_slugs(q=variant) == reference, variant


def test_every_word_of_the_search_must_match(
    all_result_slugs: Callable[..., list[str]], by_slug: dict[str, dict[str, Any]]
) -> None:
    both = all_result_slugs(q="ai python")
    assert both
    assert set(both) <= set(all_result_slugs(q="ai")) & set(all_result_slugs(q="python"))
    for slug in both:
        words = _words(_joined_searchable(by_slug[slug]))
        assert any(w.startswith("python") for w in words), slug


def test_search_finds_courses_by_instructor_name(
    search: Search, dataset: list[dict[str, Any]], all_result_slugs: Callable[..., list[str]]
) -> None:
    instructor = Counter(r["instructor"] for r in dataset).most_common(1)[0][0]
    taught = {r["slug"] for r in dataset if r["instructor"] == instructor}
    assert taught <= set(all_result_slugs(q=instructor))


def test_search_finds_courses_by_tag(
    dataset: list[dict[str, Any]], all_result_slugs: Callable[..., list[str]]
) -> None:
    # a tag word that starts no word of any title, headline or instructor: only tags find it
    elsewhere = {
        word
        for r in dataset
        for word in _words(" ".join([r["title"], r["headline"], r["instructor"]]))
    }
    tag_only = sorted(
        word
        for r in dataset
        for tag in r["tags"]
        for word in _words(tag)
        if not any(other.startswith(word) for other in elsewhere)
    )
    assert tag_only, "no tag word found only in tags"
    word = tag_only[0]
    tagged = {r["slug"] for r in dataset if any(word in _words(t) for t in r["tags"])}
    assert set(all_result_slugs(q=word)) == tagged


@pytest.mark.parametrize(
    "q", ["AI agents", "ai", "python", "machine learning", "react", "excel", "data", "design ux"]
)
def test_search_results_follow_the_relevance_rules_exactly(
    q: str,
    all_result_slugs: Callable[..., list[str]],
    expected_slugs: Callable[..., list[str]],
) -> None:
    expected = expected_slugs(q=q)
    assert expected, f"{q!r} should find something"
    assert all_result_slugs(q=q) == expected


def test_a_search_with_no_matches_says_so(search: Search) -> None:
    page = search(q="zzxqv underwater basket weaving")
    assert page.status == 200
    assert page.slugs == []
    assert "No courses match your search. Try fewer words or remove a filter." in page.text


def test_a_search_of_only_punctuation_lists_every_course(
    search: Search, dataset: list[dict[str, Any]]
) -> None:
    page = search(q="?!-- ...")
    assert page.status == 200
    assert f"{len(dataset)} courses" in page.text


def test_search_form_keeps_what_was_searched(search: Search) -> None:
    page = search(q="ai agents", level="beginner", sort="rating", max_price="50", min_rating="4")
    assert page.inputs["q"] == "ai agents"
    assert page.inputs["max_price"] == "50"
    assert page.inputs["min_rating"] == "4"
    assert page.selected["level"] == "beginner"
    assert page.selected["sort"] == "rating"
    assert "“ai agents”" in page.html.split("</title>")[0]


def test_empty_parameters_count_as_absent(
    search: Search, expected_slugs: Callable[..., list[str]]
) -> None:
    page = search(q="", category="", level="", max_price="", min_rating="", sort="", page="")
    assert page.status == 200
    assert page.slugs == expected_slugs()[:12]


# --- filters --------------------------------------------------------------------------------


def test_category_filter_lists_only_that_category(
    all_result_slugs: Callable[..., list[str]],
    dataset: list[dict[str, Any]],
) -> None:
    for category in sorted({r["category"]["slug"] for r in dataset}):
        expected = {r["slug"] for r in dataset if r["category"]["slug"] == category}
        assert set(all_result_slugs(category=category)) == expected, category


@pytest.mark.parametrize("level", ["beginner", "intermediate", "advanced"])
def test_level_filter_lists_only_that_level(
    level: str,
    all_result_slugs: Callable[..., list[str]],
    dataset: list[dict[str, Any]],
    expected_slugs: Callable[..., list[str]],
) -> None:
    slugs = all_result_slugs(level=level)
    assert set(slugs) == {r["slug"] for r in dataset if r["level"] == level}
    assert slugs == expected_slugs(level=level)


def test_max_price_zero_lists_only_free_courses(
    search: Search, dataset: list[dict[str, Any]], all_result_slugs: Callable[..., list[str]]
) -> None:
    free = {r["slug"] for r in dataset if r["price"] == 0}
    assert free
    assert set(all_result_slugs(max_price="0")) == free
    page = search(max_price="0")
    assert "$" not in " ".join(re.findall(r'class="card-price">([^<]*)<', page.html))
    assert page.html.count('class="card-price">Free') == len(page.slugs)


def test_max_price_includes_courses_that_cost_exactly_that(
    dataset: list[dict[str, Any]], all_result_slugs: Callable[..., list[str]]
) -> None:
    price = sorted(r["price"] for r in dataset if r["price"] > 0)[len(dataset) // 2]
    slugs = set(all_result_slugs(max_price=f"{price:.2f}"))
    assert slugs == {r["slug"] for r in dataset if r["price"] <= price}
    assert any(r["price"] == price for r in dataset if r["slug"] in slugs)
    # a cent less leaves them out
    cheaper = set(all_result_slugs(max_price=f"{price - 0.01:.2f}"))
    assert not any(r["price"] == price for r in dataset if r["slug"] in cheaper)


def test_min_rating_includes_courses_rated_exactly_that(
    dataset: list[dict[str, Any]], all_result_slugs: Callable[..., list[str]]
) -> None:
    slugs = set(all_result_slugs(min_rating="4.5"))
    assert slugs == {r["slug"] for r in dataset if r["rating"] >= 4.5}
    assert any(r["rating"] == 4.5 for r in dataset if r["slug"] in slugs)


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_lists_the_whole_catalog_in_the_specified_order(
    sort: str,
    all_result_slugs: Callable[..., list[str]],
    expected_slugs: Callable[..., list[str]],
) -> None:
    assert all_result_slugs(sort=sort) == expected_slugs(sort=sort)


def test_the_catalog_has_ties_so_the_slug_tie_break_is_really_checked(
    dataset: list[dict[str, Any]],
) -> None:
    # courses with the same price or date: only the slug decides their order in those sorts
    for field in ("price", "published"):
        counts = Counter(r[field] for r in dataset)
        assert max(counts.values()) > 1, f"no two courses share a {field}"


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize(
    "filters",
    [
        {"q": "ai", "level": "beginner"},
        {"q": "python", "max_price": "100", "min_rating": "4.5"},
        {"category": "ai-machine-learning", "level": "intermediate", "min_rating": "4"},
        {"q": "learn", "category": "business", "max_price": "50"},
        {"level": "advanced", "max_price": "150", "min_rating": "4.2"},
    ],
    ids=["q+level", "q+price+rating", "category+level+rating", "q+category+price", "no-q"],
)
def test_filters_and_sorts_combine(
    sort: str,
    filters: dict[str, str],
    all_result_slugs: Callable[..., list[str]],
    expected_slugs: Callable[..., list[str]],
) -> None:
    typed = {
        key: float(value) if key in ("max_price", "min_rating") else value
        for key, value in filters.items()
    }
    expected = expected_slugs(sort=sort, **typed)
    assert expected, f"{filters} should find something"
    assert all_result_slugs(sort=sort, **filters) == expected


def test_filters_narrow_the_results_step_by_step(
    all_result_slugs: Callable[..., list[str]], by_slug: dict[str, dict[str, Any]]
) -> None:
    broad = all_result_slugs(q="ai")
    narrower = all_result_slugs(q="ai", level="beginner")
    narrowest = all_result_slugs(q="ai", level="beginner", max_price="20")
    assert set(narrowest) < set(narrower) < set(broad)
    for slug in narrowest:
        assert by_slug[slug]["level"] == "beginner"
        assert by_slug[slug]["price"] <= 20


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "a"}, {"sort": "price_asc"}, {"q": "data", "sort": "newest"}],
    ids=["everything", "q=a", "price_asc", "data-newest"],
)
def test_pages_partition_the_results_with_no_course_twice_and_none_missing(
    params: dict[str, str],
    search: Search,
    expected_slugs: Callable[..., list[str]],
) -> None:
    expected = expected_slugs(**params)
    assert len(expected) > 24, "a broad search, over several pages"
    pages = -(-len(expected) // 12)
    seen: list[str] = []
    for number in range(1, pages + 2):
        page = search(**params, page=number)
        assert page.status == 200
        if number <= pages:
            assert f"page {number} of {pages}" in page.text
            assert len(page.slugs) == (12 if number < pages else len(expected) - 12 * (pages - 1))
        else:
            assert page.slugs == []
        seen.extend(page.slugs)
    assert len(seen) == len(set(seen)), "a course shows on two pages"
    assert set(seen) == set(expected), "a course is missing from the pages"
    assert seen == expected


def test_next_and_previous_links_keep_the_search_and_move_one_page(
    client: Any, search: Search
) -> None:
    params = {"q": "data", "level": "beginner", "sort": "rating"}
    first = search(**params)
    assert "Next →" in first.text and "← Previous" not in first.text
    [next_link] = [link for link in first.links if "page=2" in link]
    query = parse_qs(urlsplit(next_link).query)
    assert query == {"q": ["data"], "level": ["beginner"], "sort": ["rating"], "page": ["2"]}

    second_html = client.get(next_link).get_data(as_text=True)
    assert "← Previous" in second_html
    second = search(**params, page=2)
    assert second.slugs and not set(second.slugs) & set(first.slugs)
    [previous_link] = [link for link in second.links if "page=1" in link]
    assert parse_qs(urlsplit(previous_link).query)["q"] == ["data"]


def test_last_page_has_no_next_link(
    search: Search, expected_slugs: Callable[..., list[str]]
) -> None:
    pages = -(-len(expected_slugs(q="data")) // 12)
    last = search(q="data", page=pages)
    assert last.slugs
    assert "Next →" not in last.text
    assert "← Previous" in last.text


def test_a_page_past_the_last_is_a_friendly_empty_page(
    search: Search, expected_slugs: Callable[..., list[str]]
) -> None:
    pages = -(-len(expected_slugs(q="python")) // 12)
    for number in (pages + 1, 1000):
        page = search(q="python", page=number)
        assert page.status == 200
        assert page.slugs == []
        assert f"There are only {pages} pages of results." in page.text
        assert "Back to page 1" in page.text
        [back] = [link for link in page.links if "page=1" in link]
        assert parse_qs(urlsplit(back).query) == {"q": ["python"], "page": ["1"]}


def test_a_page_past_the_last_of_an_empty_search_just_says_nothing_matches(
    search: Search,
) -> None:
    page = search(q="zzxqv", page=5)
    assert page.status == 200
    assert page.slugs == []
    assert "No courses match your search" in page.text


# --- each parameter once, read as the API reads it -----------------------------------------


@pytest.mark.parametrize("name", ["q", "level", "sort", "page"])
def test_a_parameter_given_twice_is_refused_saying_give_it_only_once(
    client: FlaskClient, page_of: Callable[..., Any], name: str
) -> None:
    value = {"q": "ai", "level": "beginner", "sort": "rating", "page": "1"}[name]
    page = page_of(client.get(f"/?{name}={value}&{name}={value}&page=0"))
    assert page.status == 400
    assert f"Give {name} only once." in page.text
    assert "Page must be" not in page.text  # the repeat is reported alone, as the API does
    assert page.slugs == []


def test_values_are_stripped_as_python_strips_them_separators_included(search: Search) -> None:
    plain = search(level="beginner", q="ai", sort="rating")
    padded = search(level="\x1fbeginner\u3000", q="\x1c ai \x1d", sort=" rating\x1e")
    assert padded.status == plain.status == 200
    assert padded.slugs == plain.slugs
    assert padded.selected["level"] == "beginner"
