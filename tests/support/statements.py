"""The SQL statements a database engine runs, recorded while a block of a test runs.

A test about a query's shape (one statement, not two; read off an index, not sorted; its
values bound as parameters, never written into the SQL) looks at what SQLAlchemy sent, through
its `before_cursor_execute` event, the same for either twin and either database.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


class Statements(list[str]):
    """The statements as run, in order; `parameters[i]` holds the values of the i-th."""

    def __init__(self) -> None:
        super().__init__()
        self.parameters: list[Any] = []

    def with_parameters(self) -> list[tuple[str, Any]]:
        return list(zip(self, self.parameters, strict=True))


@contextmanager
def statements(engine: Engine) -> Iterator[Statements]:
    """The statements `engine` runs inside the block."""
    seen = Statements()

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append(statement)
        seen.parameters.append(parameters)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
