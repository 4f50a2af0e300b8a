"""Loading `data/courses.json` into the monolith's tables.

The same file seeds the decoupled backend, which has its own copy of this logic on purpose:
the two architectures share data, never code.
"""

import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from monolith.models import Category, Course
from monolith.search import words_column


def seed_courses(session: Session, data_file: str) -> int:
    records = json.loads(Path(data_file).read_text(encoding="utf-8"))
    categories: dict[str, Category] = {}
    for record in records:
        slug = record["category"]["slug"]
        if slug not in categories:
            categories[slug] = Category(slug=slug, name=record["category"]["name"])
        searchable = [record["title"], record["headline"], *record["tags"], record["instructor"]]
        session.add(
            Course(
                slug=record["slug"],
                title=record["title"],
                headline=record["headline"],
                description=record["description"],
                category=categories[slug],
                level=record["level"],
                instructor=record["instructor"],
                price_cents=round(record["price"] * 100),
                rating=record["rating"],
                review_count=record["review_count"],
                student_count=record["student_count"],
                language=record["language"],
                hours=record["hours"],
                tags=",".join(record["tags"]),
                published=date.fromisoformat(record["published"]),
                search_words=words_column(" ".join(searchable)),
                title_words=words_column(record["title"]),
            )
        )
    return len(records)
