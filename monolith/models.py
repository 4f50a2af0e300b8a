"""The monolith's tables, as SQLAlchemy 2.0 typed models.

Money is kept as whole cents (`price_cents`): floats cannot hold 19.99 exactly.
`search_words` is every word of the title, headline, tags and instructor, lowercased, each
with a space before it, so "does some word start with 'ai'?" is a plain `LIKE '% ai%'`; the
full-text index of `monolith.search_index` holds the same words, so it answers without reading
every course. `title_words` is the same for the title alone, used for relevance.
Each order of the search has an index (the `Index` lines after `Course`), so a page of an order
is read off an index instead of sorting the whole catalog for it.
`PartnerKey` is used only when the monolith also serves its partner API (`monolith.partner_api`).
Text the pages are sorted by (slugs, category names) is `code_point_text`: compared character
code by character code on every database, so a page lists the same courses on SQLite and
PostgreSQL.
"""

from datetime import UTC, date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def code_point_text(length: int) -> String:
    """Text that sorts by character codes, as SQLite sorts all text: "Z" before "a".

    PostgreSQL sorts text by a language's rules (its collation, often en_US: "a" next to "A",
    "-" nearly ignored); "C", the collation of plain character codes, makes it sort as SQLite.
    The order's indexes are built with the column's collation, so they still serve the pages.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class Base(DeclarativeBase):
    pass


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(code_point_text(80), unique=True)
    name: Mapped[str] = mapped_column(code_point_text(120))

    courses: Mapped[list["Course"]] = relationship(back_populates="category")


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(code_point_text(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    headline: Mapped[str] = mapped_column(String(300))
    description: Mapped[str]
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    level: Mapped[str] = mapped_column(String(20), index=True)
    instructor: Mapped[str] = mapped_column(String(120))
    price_cents: Mapped[int]
    rating: Mapped[float]
    review_count: Mapped[int]
    student_count: Mapped[int]
    language: Mapped[str] = mapped_column(String(40))
    hours: Mapped[float]
    tags: Mapped[str]  # comma-separated, in the dataset's order
    published: Mapped[date]
    search_words: Mapped[str]
    title_words: Mapped[str]
    # When the course last changed (naive UTC): the partner API's `updated_since` reads it.
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now, index=True)

    # "joined": every course a page shows needs its category, so load both in one query.
    category: Mapped[Category] = relationship(back_populates="courses", lazy="joined")
    enrollments: Mapped[list["Enrollment"]] = relationship(back_populates="course")

    @property
    def price(self) -> float:
        return self.price_cents / 100

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split(",") if self.tags else []


# One index per order of the search (`monolith.search`), column for column, slug last as in
# the order: the first page of "rating", say, is the index's first 12 entries. "relevance"
# without query words is rating, then students; with words it is ranked per search.
Index("ix_courses_relevance", Course.rating.desc(), Course.student_count.desc(), Course.slug)
Index("ix_courses_rating", Course.rating.desc(), Course.review_count.desc(), Course.slug)
Index("ix_courses_newest", Course.published.desc(), Course.slug)
Index("ix_courses_price_asc", Course.price_cents, Course.slug)
Index("ix_courses_price_desc", Course.price_cents.desc(), Course.slug)


class Enrollment(Base):
    __tablename__ = "enrollments"
    # The database itself refuses a second row for the same person on the same course,
    # so two clicks that arrive at the same instant still make one enrollment.
    __table_args__ = (UniqueConstraint("course_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    course: Mapped[Course] = relationship(back_populates="enrollments")


class PartnerKey(Base):
    """A partner's key for the monolith's partner API. Only its SHA-256 hash is stored."""

    __tablename__ = "partner_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
