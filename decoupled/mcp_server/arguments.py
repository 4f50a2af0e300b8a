"""What each tool accepts: the catalog's contract, as the JSON Schema an agent reads.

What this teaches: an agent app shows its language model each tool's name, description and
input schema, and the model writes the arguments from them. So these models are the API's
documentation (`/docs`) rewritten for a reader that acts on every word: which values exist,
what leaving one out does, where a value comes from ("a slug from search_courses").

Two rules decide what is checked where:

- **Here: names and JSON types.** An unknown argument is refused (`extra="forbid"`), never
  dropped: an agent that writes `lvl` for `level` must hear about it, or its "beginner"
  search quietly becomes a search of every level.
- **In the API: the rules.** A level is one of three words, a page is 1 to 1000: the schema
  publishes them (`Field(json_schema_extra=...)`), and the API judges them, in its own words
  ("Level must be beginner, intermediate or advanced."). One judge, so this server can never
  disagree with the API; tests/agents checks that every rule here equals the API's OpenAPI
  document, the other description of the same contract.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

LEVELS = ["beginner", "intermediate", "advanced"]
SORTS = ["relevance", "rating", "newest", "price_asc", "price_desc"]
SLUG_FROM = "as search_courses, similar_courses or recommend_courses give it"


def rule(**schema: Any) -> Any:
    """A rule the API checks, published in the schema for the agent to follow."""
    return {"json_schema_extra": schema}


class Arguments(BaseModel):
    """Every tool's arguments: only the names listed, each of its JSON type."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The input schema an agent reads: without pydantic's titles and `null` defaults,
        which say nothing to a model and cost it words on every request."""
        schema = cls.model_json_schema()
        schema.pop("title", None)
        for name, prop in schema.get("properties", {}).items():
            prop.pop("title", None)
            if prop.get("default", "") is None:
                del prop["default"]
            # `str | None`: optional means "leave it out", so the schema shows only the str.
            (kind,) = [s for s in prop.pop("anyOf", [{}]) if s != {"type": "null"}]
            schema["properties"][name] = kind | prop
        return schema


class SearchArguments(Arguments):
    q: str = Field(
        "",
        description='Words to find, e.g. "ai agents". A course matches when every word starts '
        'a word of its title, headline, tags or instructor ("ai" finds "AI Agents", not '
        '"email"). Leave it out to list every course.',
        **rule(maxLength=200),
    )
    category: str | None = Field(
        None,
        description='A category\'s slug, e.g. "ai-machine-learning"; list_categories gives them.',
    )
    level: str | None = Field(None, description="Only courses at this level.", **rule(enum=LEVELS))
    max_price: float | None = Field(
        None,
        description="Highest price in US dollars; 0 finds the free courses.",
        **rule(minimum=0, maximum=10000),
    )
    min_rating: float | None = Field(
        None,
        description="Lowest average rating, from 0 to 5.",
        **rule(minimum=0, maximum=5),
    )
    sort: str = Field(
        "relevance",
        description="The order: relevance (best match first), rating (best rated first), "
        "newest, price_asc (cheapest first) or price_desc.",
        **rule(enum=SORTS),
    )
    page: int = Field(
        1,
        description="Which page of results; the answer's `pages` says how many there are.",
        **rule(minimum=1, maximum=1000),
    )
    per_page: int = Field(12, description="Courses per page.", **rule(minimum=1, maximum=100))


class CourseArguments(Arguments):
    slug: str = Field(
        description="The course's slug, e.g. "
        f'"build-ai-agents-with-python-from-zero-to-your-first-agent", {SLUG_FROM}.'
    )


class NoArguments(Arguments):
    pass


class RecommendArguments(Arguments):
    interests: str = Field(
        description='What the student wants to learn, in their own words, e.g. "I want to '
        'build AI agents" (1 to 500 characters).',
        **rule(minLength=1, maxLength=500, pattern=r"\S"),
    )
    level: str | None = Field(None, description="Only courses at this level.", **rule(enum=LEVELS))
    k: int = Field(5, description="How many courses, at most.", **rule(minimum=1, maximum=20))


class SimilarArguments(Arguments):
    slug: str = Field(description=f"The course to start from: its slug, {SLUG_FROM}.")
    k: int = Field(5, description="How many courses, at most.", **rule(minimum=1, maximum=20))
