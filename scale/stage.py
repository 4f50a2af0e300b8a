"""The scale demo's set-up and checks: the database, the table of servers, the partner's limit,
and the enrollments read back from PostgreSQL.

The database is seeded once, by this program, before any instance starts: the instances then
find the catalog there and never race to create it. The checks read the truth from where it
lives: the partner's answers from nginx, the enrollments from PostgreSQL itself, not from what
the instances said.
"""

import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests
from rich import box
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from decoupled.backend.config import Settings
from decoupled.backend.db import init_db, make_engine
from decoupled.backend.models import Course, Enrollment, PartnerKey
from decoupled.backend.security import hash_key
from scale.instances import ApiInstance
from scale.load import Answer
from scale.nginx import NginxServer
from scale.postgres import PostgresServer
from scale.redis import RedisServer

PARTNER_FEED = "/api/v2/partner/courses?limit=1"


def prepare_database(database_url: str) -> tuple[list[str], str]:
    """Seed the catalog and make a partner key; the courses' slugs and the key."""
    engine = make_engine(database_url)
    init_db(engine, Settings().data_file)
    key = secrets.token_urlsafe(32)
    with Session(engine) as session:
        session.add(PartnerKey(name="scale-demo", key_hash=hash_key(key)))
        session.commit()
        slugs = list(session.scalars(select(Course.slug).order_by(Course.id)))
    engine.dispose()
    return slugs, key


def servers_table(
    database: PostgresServer,
    redis: RedisServer,
    instances: Sequence[ApiInstance],
    nginx: NginxServer,
    folder: Path,
    shown: Callable[[Path], str],
) -> Table:
    table = Table(title="What runs where (all on 127.0.0.1, all as you)", box=box.SIMPLE_HEAVY)
    for column in ("Program", "Address", "Data and logs"):
        table.add_column(column, no_wrap=True)
    table.add_column("Role")
    postgres_data = folder / "postgres"
    table.add_row(
        "PostgreSQL",
        f"127.0.0.1:{database.port}",
        shown(postgres_data) if postgres_data.exists() else "a temporary folder (as root)",
        "the catalog and the enrollments, for every instance",
    )
    table.add_row("Redis", redis.url, shown(redis.folder), "the rate limits' counts, shared")
    for instance in instances:
        table.add_row(instance.name, instance.url, shown(instance.log), "catalog API (uvicorn)")
    table.add_row(
        "nginx", nginx.url, shown(nginx.prefix), "the one address clients use; spreads the load"
    )
    return table


@dataclass
class PartnerCheck:
    """A partner's burst through nginx: how many were answered, refused, and by whom."""

    limit: int
    sent: int
    answered: int
    refused: int
    by_instance: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.answered == self.limit and self.refused == self.sent - self.limit

    def sentence(self) -> str:
        spread = ", ".join(f"{name} {count}" for name, count in sorted(self.by_instance.items()))
        return (
            f"A partner allowed {self.limit} requests a minute sent {self.sent} through nginx "
            f"({spread}): {self.answered} answered, {self.refused} refused with 429. "
            f"One count in Redis for every instance; counted apart, each instance would have "
            f"let {self.limit} through, {self.limit * len(self.by_instance)} in all."
        )


def check_partner_limit(
    base_url: str, key: str, limit: int, instances: Sequence[ApiInstance]
) -> PartnerCheck:
    sent = 3 * limit
    names = {instance.address: instance.name for instance in instances}
    statuses: Counter[int] = Counter()
    by_instance: Counter[str] = Counter()
    with requests.Session() as session:
        session.trust_env = False
        for _ in range(sent):
            answer = session.get(base_url + PARTNER_FEED, headers={"X-API-Key": key}, timeout=30)
            statuses[answer.status_code] += 1
            upstream = answer.headers.get("X-Upstream", "").split(",")[-1].strip()
            by_instance[names.get(upstream, upstream)] += 1
    return PartnerCheck(limit, sent, statuses[200], statuses[429], dict(by_instance))


@dataclass
class EnrollmentCheck:
    """The enrollments the clients were told about (201), against PostgreSQL's rows."""

    acknowledged: int
    stored_once: int
    missing: int
    duplicated: int

    @property
    def ok(self) -> bool:
        return self.missing == 0 and self.duplicated == 0

    def sentence(self) -> str:
        verdict = "every one is there, once" if self.ok else "[bold red]NOT all there, once[/]"
        return (
            f"Enrollments: {self.acknowledged:,} acknowledged to a client (201); in PostgreSQL, "
            f"{self.stored_once:,} of them stored once, {self.missing} missing, "
            f"{self.duplicated} twice or more: {verdict}."
        )


def stored_enrollments(database_url: str, answers: Sequence[Answer]) -> EnrollmentCheck:
    acknowledged = {(answer.course, answer.email) for answer in answers if answer.acknowledged}
    engine = make_engine(database_url)
    with Session(engine) as session:
        rows = session.execute(
            select(Course.slug, Enrollment.email, func.count())
            .join(Course, Enrollment.course_id == Course.id)
            .where(Enrollment.email.like("student-%@example.com"))
            .group_by(Course.slug, Enrollment.email)
        )
        stored = {(slug, email): count for slug, email, count in rows}
    engine.dispose()
    return EnrollmentCheck(
        acknowledged=len(acknowledged),
        stored_once=sum(stored.get(pair) == 1 for pair in acknowledged),
        missing=sum(pair not in stored for pair in acknowledged),
        duplicated=sum(count > 1 for count in stored.values()),
    )
