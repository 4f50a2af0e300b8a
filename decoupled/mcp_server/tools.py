"""The five tools: CourseHub's catalog and recommendations, as an agent can call them.

What this teaches: a tool is a route of the contract, described for a model. Each one here
is a name, a description (the API's `/docs` text, rewritten to say when to use the tool and
what comes back), the arguments (`arguments.py`) and one call through the Python client,
the same `decoupled.client` a mobile app uses. Nothing is computed here: the answer is the
API's JSON, so an agent and a program asking the same question get the same courses.

Three tools ask the catalog API (`Client`), two the ML service (`MLClient`); with one of them
down, the other's tools still answer. All five only read: there is no enroll tool, since
signing a student up is a decision for the student, not for an agent in a loop.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from decoupled.client import ApiError, ApiUnavailable, Client, MLClient, UnexpectedAnswer
from decoupled.client.service import ServiceClient
from decoupled.mcp_server import errors
from decoupled.mcp_server.arguments import (
    Arguments,
    CourseArguments,
    NoArguments,
    RecommendArguments,
    SearchArguments,
    SimilarArguments,
)

logger = logging.getLogger(__name__)
Answer = dict[str, Any]


@dataclass(frozen=True)
class Services:
    """Where the two services are. A client is opened for each call and closed after it."""

    api_url: str
    ml_url: str
    timeout: float = 5.0

    def client(self, service: str) -> ServiceClient:
        # No retries: an agent is better told "wait 12 s" than kept waiting in silence.
        if service == "ml":
            return MLClient(self.ml_url, timeout=self.timeout, max_retries=0)
        return Client(self.api_url, timeout=self.timeout, max_retries=0)


def dump(model: BaseModel) -> Answer:
    return model.model_dump(mode="json")


def items(found: list[Any]) -> Answer:
    """A list as a tool's answer, which is always a JSON object: `{"items": [...]}`."""
    return {"items": [dump(item) for item in found]}


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[Arguments]
    service: str  # "api" or "ml": which client `call` is given
    call: Callable[[Any, Any], Answer]  # (client, arguments) -> the answer as JSON


TOOLS = [
    Tool(
        "search_courses",
        "Search CourseHub's catalog of online courses. Every filter given must match; leave "
        "a filter out not to filter on it. Answers one page: `items` (each course with its "
        "slug, title, headline, description, category, level, instructor, price in US "
        "dollars (0 = free), rating from 0 to 5, review_count, student_count, language, "
        "hours, tags and published date), then `total` (matches on all pages), `page`, "
        "`per_page` and `pages`.",
        SearchArguments,
        "api",
        lambda api, args: dump(api.search(**args.model_dump())),
    ),
    Tool(
        "get_course",
        "Read one course of CourseHub's catalog, with every fact a search result has.",
        CourseArguments,
        "api",
        lambda api, args: dump(api.course(args.slug)),
    ),
    Tool(
        "list_categories",
        "List CourseHub's categories: `items`, each with its name, its slug (the value of "
        "search_courses' `category`) and its number of courses.",
        NoArguments,
        "api",
        lambda api, args: items(api.categories()),
    ),
    Tool(
        "recommend_courses",
        "Recommend CourseHub courses for what a student wants to learn, in their own words, "
        "best first, from CourseHub's recommendation model. Answers `items`: slug, title, "
        "level, price, rating, category (its name) and score (higher fits better) of each; "
        "get_course has the other facts.",
        RecommendArguments,
        "ml",
        lambda ml, args: items(ml.recommend(args.interests, level=args.level, k=args.k)),
    ),
    Tool(
        "similar_courses",
        'The courses most like a given one, best first ("students who liked this also '
        "liked\"), from CourseHub's recommendation model; never the course itself. Answers "
        "`items` as recommend_courses does.",
        SimilarArguments,
        "ml",
        lambda ml, args: items(ml.similar(args.slug, k=args.k)),
    ),
]
BY_NAME = {tool.name: tool for tool in TOOLS}


@dataclass(frozen=True)
class Outcome:
    """What a call gives back: the answer, or the text of a tool error."""

    answer: Answer | None = None
    error: str | None = None


def run(services: Services, name: str, raw: dict[str, Any]) -> Outcome:
    """Call the tool `name` with the agent's arguments. Never raises: every failure is an
    `Outcome` with an error the agent can act on."""
    tool = BY_NAME.get(name)
    if tool is None:
        return Outcome(error=f"There is no tool {name!r}; the tools are {', '.join(BY_NAME)}.")
    try:
        arguments = tool.arguments.model_validate(raw)
    except ValidationError as error:
        names = list(tool.arguments.model_fields)
        return Outcome(error=errors.bad_arguments(error, name, names))
    client = services.client(tool.service)
    try:
        return Outcome(answer=tool.call(client, arguments))
    except (ApiError, ApiUnavailable, UnexpectedAnswer) as error:
        return Outcome(error=errors.failed(error, client, name))
    except Exception:
        logger.exception("The tool %s failed with arguments %r", name, raw)
        return Outcome(error=f"{name} failed inside the MCP server: a bug, in its log now.")
    finally:
        client.close()
