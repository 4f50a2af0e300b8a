"""How the command line shows the API's answers: tables and lines drawn with `rich`.

What this teaches: the same JSON the browser frontend turns into HTML, a terminal app turns
into tables. And the same care applies: text from the API is data, never markup. Rich reads
`[bold]...[/bold]` in plain strings as styling, so every value from the API goes in a `Text`,
which rich prints exactly as it is (the terminal's version of the frontend's `textContent`).
"""

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from decoupled.client.models import Category, Course, CoursePage, Enrollment, Recommendation


def price(amount: float) -> str:
    return "Free" if amount == 0 else f"${amount:,.2f}"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def page_summary(page: CoursePage) -> str:
    """The line under the results, e.g. "page 1 of 2, 13 courses"."""
    if page.total == 0:
        return "No courses match."
    summary = f"page {page.page} of {page.pages}, {plural(page.total, 'course')}"
    if not page.items:
        summary += f" (past the last page: try --page {page.pages})"
    return summary


def search_results(page: CoursePage) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Title", ratio=1)
    table.add_column("Level")
    table.add_column("Rating", justify="right")
    table.add_column("Price", justify="right")
    table.add_column("Slug", overflow="fold")
    for course in page.items:
        table.add_row(
            Text(course.title),
            Text(course.level),
            f"{course.rating:.1f}",
            price(course.price),
            Text(course.slug, style="dim"),
        )
    if not page.items:
        return Text(page_summary(page))
    return Group(table, Text(page_summary(page)))


def course_details(course: Course) -> RenderableType:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    rows = [
        ("Category", course.category.name),
        ("Level", course.level),
        ("Instructor", course.instructor),
        ("Price", price(course.price)),
        ("Rating", f"{course.rating:.1f} ({plural(course.review_count, 'review')})"),
        ("Students", f"{course.student_count:,}"),
        ("Language", course.language),
        ("Length", f"{course.hours:g} hours"),
        ("Published", course.published.isoformat()),
        ("Tags", ", ".join(course.tags)),
        ("Slug", course.slug),
    ]
    for label, value in rows:
        facts.add_row(label, Text(value))
    return Group(
        Text(course.title, style="bold"),
        Text(course.headline, style="italic"),
        Text(),
        facts,
        Text(),
        Text(course.description),
    )


def categories_table(categories: Sequence[Category]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Category")
    table.add_column("Courses", justify="right")
    table.add_column("Slug (for --category)")
    for category in categories:
        table.add_row(Text(category.name), str(category.course_count), Text(category.slug))
    return table


def enrollment_done(enrollment: Enrollment) -> RenderableType:
    return Text(f"{enrollment.name} <{enrollment.email}> is enrolled on {enrollment.course}.")


def recommendations_table(found: Sequence[Recommendation], empty: str) -> RenderableType:
    """The ML service's courses, best first: rank, title, level, score and slug."""
    if not found:
        return Text(empty)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Title", ratio=1)
    table.add_column("Level")
    table.add_column("Score", justify="right")
    table.add_column("Slug", overflow="fold")
    for rank, course in enumerate(found, start=1):
        table.add_row(
            str(rank),
            Text(course.title),
            Text(course.level),
            f"{course.score:.4f}",
            Text(course.slug, style="dim"),
        )
    return table
