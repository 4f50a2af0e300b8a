"""The full-text index behind search: SQLite FTS5, and the only FTS5 SQL in the catalog API.

What this teaches: an index turns "read everything and compare" into "look it up". Without one,
"which courses have a word starting with 'ai'?" is `search_words LIKE '% ai%'`, and SQLite reads
the words of every course: 100,000 comparisons per search at 100,000 courses. An FTS5 index
keeps each word with the list of courses that use it, in order, like the index of a book.

What it indexes: `courses.search_words`, the words `search.words` computed in Python when the
course was stored (" ai agents python"). What a word is, and its lowercase, are decided there,
once. The `ascii` tokenizer only splits that text at the spaces (it would also lowercase A to Z,
already lowercase) and leaves every other character alone, where FTS5's default tokenizer
would fold "für" into "fur", a match the search rules do not make. So the index holds exactly
the rule's words, and `"ai"*` ("a word starting with ai") finds exactly what `LIKE '% ai%'` did.

- `content='courses'`: no second copy of the text, only word -> courses;
- `detail='none'`: which course has a word, not where (a search never asks for phrases);
- `prefix='1 2 3'`: ready-made lists for the first 1, 2 and 3 letters of every word, so "ai*"
  is one lookup, not a merge of the lists of every word that starts with "ai".

Kept in step by triggers: any later insert, update or delete of a course (the API, a test, the
`sqlite3` shell) changes the index in the same transaction. The first load is the exception,
for speed: the seed fills the table, then `install` builds the index in one pass and adds the
triggers (a trigger per row made 100,000 inserts take 20 to 55 seconds instead of about one).

User input never becomes FTS5 syntax: `match_expression` writes each query word, letters and
digits only, as an FTS5 string ("ai"*), and the expression reaches SQLite as a bound parameter,
like every other value.

Other databases: `DATABASE_URL` may name PostgreSQL, which has no FTS5. There, `install` does
nothing, and `all_words_match` and `count_matches` fall back to the rule itself, read row by
row as before the index.
A PostgreSQL index (`text_pattern_ops` on the words, or a `tsvector` with GIN) would go in these
same functions; `search.py` would not change.
"""

import re

from sqlalchemy import (
    ColumnElement,
    Connection,
    ScalarSelect,
    and_,
    column,
    func,
    inspect,
    select,
    table,
)

from decoupled.backend.models import Course

INDEX = "courses_fts"
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
    if dialect != "sqlite":  # no FTS5: " ai" inside " build ai agents", course by course
        return and_(*(Course.search_words.contains(f" {w}", autoescape=True) for w in query_words))
    return Course.id.in_(select(_index.c.rowid).where(_matches(query_words)))


def count_matches(query_words: list[str], dialect: str) -> ScalarSelect[int]:
    """How many courses match, as a value to put in a query. On SQLite the index counts its
    own matches without reading a single course: the total of a search with no other filter."""
    if dialect != "sqlite":
        return select(func.count()).where(all_words_match(query_words, dialect)).scalar_subquery()
    return select(func.count()).select_from(_index).where(_matches(query_words)).scalar_subquery()


def _matches(query_words: list[str]) -> ColumnElement[bool]:
    return _index.c[INDEX].match(match_expression(query_words))


def install(connection: Connection) -> bool:
    """Give an SQLite database the index and its triggers, if it has none: a new database after
    its seed, or one made before the index existed. Returns True when it built the index."""
    if connection.dialect.name != "sqlite" or inspect(connection).has_table(INDEX):
        return False
    connection.exec_driver_sql(_CREATE)
    connection.exec_driver_sql(_BUILD)
    for trigger in _TRIGGERS.values():
        connection.exec_driver_sql(trigger)
    return True


def drop(connection: Connection) -> None:
    """Remove the index and its triggers (`reset-db` drops every table and starts again)."""
    if connection.dialect.name != "sqlite":
        return
    for name in _TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    connection.exec_driver_sql("DROP TABLE IF EXISTS courses_fts")
