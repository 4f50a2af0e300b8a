"""A yardstick for `make bench-scale`: the least a FastAPI search can do, to see what the
catalog API adds to it.

What this teaches: a ratio needs a baseline. This app answers the catalog API's search with
raw `sqlite3`, the same kind of index (FTS5, prefix indexes), the same words rule and the same
order as `?sort=rating` (rating, reviews, slug), 12 courses with the same fields; but no ORM,
no validation of the parameters, no total, no problem details, no middleware. The catalog API
divided by this is the price of everything else it does.

    DATA_FILE=var/catalog-1000.json BARE_DATABASE=/tmp/bare.sqlite3 \
        .venv/bin/uvicorn bench.bare_api:app --port 8009
    curl 'http://127.0.0.1:8009/courses?q=ai+agents'
"""

import json
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Response

DATABASE = os.environ.get("BARE_DATABASE", "var/bare.sqlite3")
FIELDS = "slug title headline description category_slug category_name level instructor price "
FIELDS += "rating review_count student_count language hours tags published"
NAMES = FIELDS.split()
ORDER = "ORDER BY rating DESC, review_count DESC, slug LIMIT 12"
app = FastAPI()
connections = threading.local()  # one connection per thread of the pool that runs `search`


def words(text: str) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in re.findall(r"[^\W_]+", text)))


def as_row(course: dict[str, Any]) -> tuple[Any, ...]:
    category = course["category"]
    flat = course | {"category_slug": category["slug"], "category_name": category["name"]}
    searchable = [course["title"], course["headline"], *course["tags"], course["instructor"]]
    flat |= {"tags": json.dumps(course["tags"]), "words": " ".join(words(" ".join(searchable)))}
    return tuple(flat[name] for name in [*NAMES, "words"])


def seed(data_file: Path) -> None:
    courses = json.loads(data_file.read_text(encoding="utf-8"))
    with sqlite3.connect(DATABASE) as db:
        db.execute(f"CREATE TABLE courses (id INTEGER PRIMARY KEY, {', '.join(NAMES)}, words)")
        marks = ", ".join("?" * (len(NAMES) + 1))
        insert = f"INSERT INTO courses VALUES (NULL, {marks})"  # noqa: S608 (only ? marks)
        db.executemany(insert, map(as_row, courses))
        db.execute("CREATE INDEX by_rating ON courses (rating DESC, review_count DESC, slug)")
        db.execute(
            "CREATE VIRTUAL TABLE courses_fts USING fts5(words, content='courses', "
            "content_rowid='id', tokenize='ascii', detail='none', prefix='1 2 3')"
        )
        db.execute("INSERT INTO courses_fts(courses_fts) VALUES ('rebuild')")


if not Path(DATABASE).exists():
    seed(Path(os.environ.get("DATA_FILE", "data/courses.json")))


@app.get("/courses")
def search(q: str = "") -> Response:
    if not hasattr(connections, "db"):
        connections.db = sqlite3.connect(DATABASE)
        connections.db.execute("PRAGMA mmap_size=268435456")  # as the catalog API reads its file
    match = " ".join(f'"{word}"*' for word in words(q))
    where = "WHERE id IN (SELECT rowid FROM courses_fts WHERE courses_fts MATCH ?)"
    # Only constants go into the SQL text; the words go in as a bound parameter.
    sql = f"SELECT {', '.join(NAMES)} FROM courses {where if match else ''} {ORDER}"  # noqa: S608
    rows = connections.db.execute(sql, (match,) if match else ()).fetchall()
    items = []
    for row in rows:
        course = dict(zip(NAMES, row, strict=True))
        course["category"] = {
            "slug": course.pop("category_slug"),
            "name": course.pop("category_name"),
        }
        course["tags"] = json.loads(course["tags"])
        items.append(course)
    return Response(json.dumps({"items": items}), media_type="application/json")
