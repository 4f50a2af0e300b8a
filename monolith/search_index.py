"""The index behind search: SQLite FTS5 or PostgreSQL trigrams; the only such SQL here.

Why an index. Without one, "which courses have a word starting with 'ai'?" is
`search_words LIKE '% ai%'`, and SQLite must read the words of every course to answer it: at
100,000 courses, 100,000 comparisons per search. An FTS5 index is like the index at the back of
a book: each word, with the list of courses that use it, in order, so the courses of every word
starting with "ai" are looked up rather than searched for.

What it indexes: `courses.search_words`, the words the seed computed in Python with
`monolith.search.words` (" ai agents python"). What a word is, and its lowercase, are decided
there, once. The `ascii` tokenizer only splits that text at the spaces: it would also lowercase
A to Z, already lowercase, and it leaves every other character as it is (FTS5's default
tokenizer would also fold "für" into "fur", a match the search rules do not make). So the index
holds exactly the rule's words, and `"ai"*`, "a word that starts with ai", finds exactly the
courses `LIKE '% ai%'` found. The options:

- `content='courses'`: the index keeps no second copy of the text, only word -> courses;
- `detail='none'`: which course has which word, not where (a search never asks for phrases);
- `prefix='1 2 3'`: ready-made lists for the first 1, 2 and 3 letters of every word, so "ai*"
  is one lookup instead of a merge of the lists of every word that starts with "ai".

Kept in step by triggers: every later insert, update or delete of a course (the app, a test, the
`sqlite3` shell) changes the index in the same transaction, so the two cannot disagree. The
first load is the exception, for speed: the seed fills the table, then `install` builds the
whole index in one pass and only then adds the triggers (a trigger per row made 100,000 inserts
take 20 to 55 seconds instead of about one).

User input never becomes FTS5 syntax: `match_expression` writes each query word, letters and
digits only, as an FTS5 string ("ai"*), and the expression reaches SQLite as a bound parameter,
like every other value.

PostgreSQL (`MONOLITH_DATABASE_URL`) has no FTS5, and no need to change the rule: it asks the
rule itself, `search_words LIKE '% ai%'`, and a trigram index answers it. `pg_trgm` (an
extension that ships with PostgreSQL) cuts text into three-letter pieces: " ai" gives "  a" and
" ai" (a space marks the start of a word). A GIN index keeps, for each piece, the courses that
have it; PostgreSQL looks up the pieces of the pattern, reads only the courses that have them
all, and checks the real `LIKE` on those: the same matches, found without reading every course.
Why not PostgreSQL's own full-text search (`tsvector`)? It stems words ("agents" becomes
"agent") and drops common ones ("a", "the"), so its prefix matches are not the rule's; and a
`text_pattern_ops` index serves `LIKE 'ai%'` at the start of the text only, not of every word.
Where the extension cannot be installed, the same `LIKE` reads every course.
Any other database gets that plain `LIKE` too; `monolith.search` is the same for all of them.
"""

import logging
import re

from sqlalchemy import (
    ColumnElement,
    Connection,
    ScalarSelect,
    Select,
    and_,
    column,
    func,
    inspect,
    select,
    table,
    text,
)
from sqlalchemy.exc import DBAPIError

from monolith.models import Course

INDEX = "courses_fts"
TRIGRAM_INDEX = "ix_courses_search_words_trigrams"  # PostgreSQL's
_index = table(INDEX, column("rowid"), column(INDEX))  # FTS5's hidden column has its name
# What the ascii tokenizer keeps in one piece: ASCII letters and digits, and any non-ASCII.
_ONE_WORD = re.compile(r"[0-9A-Za-z\u0080-\U0010ffff]+")

_CREATE = """
    CREATE VIRTUAL TABLE courses_fts USING fts5(
        search_words,
        content='courses', content_rowid='id',
        tokenize='ascii', detail='none', prefix='1 2 3'
    )"""
_BUILD = "INSERT INTO courses_fts(courses_fts) VALUES ('rebuild')"  # read every course, once
# The index keeps no copy of the text, so to take a course out FTS5 is told the words it had.
_TRIGGERS = {
    "courses_fts_after_insert": """
        CREATE TRIGGER courses_fts_after_insert AFTER INSERT ON courses BEGIN
            INSERT INTO courses_fts(rowid, search_words) VALUES (new.id, new.search_words);
        END""",
    "courses_fts_after_delete": """
        CREATE TRIGGER courses_fts_after_delete AFTER DELETE ON courses BEGIN
            INSERT INTO courses_fts(courses_fts, rowid, search_words)
                VALUES ('delete', old.id, old.search_words);
        END""",
    "courses_fts_after_update": """
        CREATE TRIGGER courses_fts_after_update AFTER UPDATE OF id, search_words ON courses BEGIN
            INSERT INTO courses_fts(courses_fts, rowid, search_words)
                VALUES ('delete', old.id, old.search_words);
            INSERT INTO courses_fts(rowid, search_words) VALUES (new.id, new.search_words);
        END""",
}


def match_expression(query_words: list[str]) -> str:
    """`["ai", "agents"]` -> `"ai"* "agents"*`: each word as an FTS5 string, then `*` ("a word
    starting with"); FTS5 reads terms side by side as AND.

    The words are letters and digits only, as `words()` makes them; this checks it, since a
    word the index would split in two ("a-b") would be a phrase, which it cannot look up. So
    inside the quotes nothing can end the string or be an operator (OR, NEAR, -, ^, :).
    """
    for word in query_words:
        if not _ONE_WORD.fullmatch(word):
            raise ValueError(f"not a single word of letters and digits: {word!r}")
    return " ".join(f'"{word}"*' for word in query_words)


def all_words_match(query_words: list[str], dialect: str) -> ColumnElement[bool]:
    """True for the courses where every query word starts one of the course's words."""
    if dialect != "sqlite":  # " ai" inside " build ai agents": on PostgreSQL, trigram-indexed
        return and_(*(Course.search_words.contains(f" {w}", autoescape=True) for w in query_words))
    return Course.id.in_(matching_ids(query_words, dialect))


def matching_ids(query_words: list[str], dialect: str) -> Select[tuple[int]]:
    """The ids of those courses, to compare with other ids. On SQLite, the index's own list:
    no course is read to make it."""
    if dialect != "sqlite":
        return select(Course.id).where(all_words_match(query_words, dialect))
    return select(_index.c.rowid).where(_matches(query_words))


def count_matches(query_words: list[str], dialect: str) -> ScalarSelect[int]:
    """How many courses match, as a value to put in a query. On SQLite the index counts its own
    matches without reading a single course: the total of a search with no other filter."""
    if dialect != "sqlite":
        return select(func.count()).where(all_words_match(query_words, dialect)).scalar_subquery()
    return select(func.count()).select_from(_index).where(_matches(query_words)).scalar_subquery()


def _matches(query_words: list[str]) -> ColumnElement[bool]:
    return _index.c[INDEX].match(match_expression(query_words))


def install(connection: Connection) -> bool:
    """Give the database its index if it has none: a new database after its seed, or one made
    before the index existed. Returns True when it built one (time to ANALYZE)."""
    if connection.dialect.name == "postgresql":
        return _install_trigram_index(connection)
    if connection.dialect.name != "sqlite" or inspect(connection).has_table(INDEX):
        return False
    connection.exec_driver_sql(_CREATE)
    connection.exec_driver_sql(_BUILD)
    for trigger in _TRIGGERS.values():
        connection.exec_driver_sql(trigger)
    return True


def _install_trigram_index(connection: Connection) -> bool:
    """PostgreSQL: the pg_trgm extension, then a GIN index of the words' trigrams."""
    if connection.scalar(text("SELECT to_regclass(:name)"), {"name": TRIGRAM_INDEX}):
        return False
    try:
        with connection.begin_nested():  # a failure here leaves the start-up's work intact
            # A trusted extension: the database's owner may install it, no superuser needed.
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as error:
        logging.getLogger(__name__).warning(
            "No pg_trgm (%s): search reads every course. Install postgresql-contrib.", error.orig
        )
        return False
    connection.execute(
        text(f"CREATE INDEX {TRIGRAM_INDEX} ON courses USING gin (search_words gin_trgm_ops)")
    )
    return True


def drop(connection: Connection) -> None:
    """Remove the index and its triggers (`init-db` drops every table and starts again).
    PostgreSQL's trigram index is the table's own: dropping the table drops it."""
    if connection.dialect.name != "sqlite":
        return
    for name in _TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    connection.exec_driver_sql("DROP TABLE IF EXISTS courses_fts")
