"""`make catalog SIZE=100000`: a large, made-up catalog, to see how the twins behave at scale.

What this teaches: a shop of 256 courses hides every slow query; one of 100,000 shows them.
This writes `var/catalog-<SIZE>.json`, in the schema of `data/courses.json`, built only from
the real dataset's own words: each course takes the first half of one real title and the second
half of another, the headline and description of one of those two, tags from both, an
instructor's first name and another's surname, and numbers drawn from the real ones. Searches
therefore find what they find in the real shop ("ai agents", "python"), only many more of
them, with many equal ratings and prices, so the tie-breaks of every order are exercised.

It is deterministic: the same SIZE (and seed) gives the same bytes, on any machine, so a
benchmark or a test can name a catalog by its size. Both twins load it like the real one:

    make catalog SIZE=100000
    DATA_FILE=var/catalog-100000.json make api        # or make monolith, make train
"""

import argparse
import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DATASET = REPO_ROOT / "data" / "courses.json"
SEED = 2025
MAX_SLUG = 100  # the dataset's limit is 120; leave room for a "-12345" that makes it unique

Record = dict[str, Any]


def slugify(text: str) -> str:
    """A title as a slug: "Análisis de Datos: Python & SQL" -> "analisis-de-datos-python-sql"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
    return slug[:MAX_SLUG].rstrip("-") or "course"


def _halves(title: str) -> tuple[str, str]:
    """A title cut in two at a word boundary: at its colon if it has one, else mid-way."""
    if ": " in title:
        first, second = title.split(": ", 1)
        return first, ": " + second
    words = title.split()
    middle = max(1, len(words) // 2)
    return " ".join(words[:middle]), " " + " ".join(words[middle:]) if words[middle:] else ""


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def generate(size: int, dataset: list[Record], seed: int = SEED) -> list[Record]:
    """`size` made-up courses, each recombined from the records of `dataset`."""
    # Its own generator (nothing else in the process can shift it); made-up data, not secrets.
    rng = random.Random(seed)  # noqa: S311
    first_names = [record["instructor"].split()[0] for record in dataset]
    surnames = [record["instructor"].split(maxsplit=1)[-1] for record in dataset]
    dates = sorted({record["published"] for record in dataset})
    taken: set[str] = set()
    catalog = []
    for _ in range(size):
        a, b = rng.choice(dataset), rng.choice(dataset)
        text = rng.choice((a, b))  # the headline and description of one of the two halves
        title = (_halves(a["title"])[0] + _halves(b["title"])[1]).strip()
        tags = list(dict.fromkeys(a["tags"] + b["tags"]))
        reviews = rng.choice(dataset)["review_count"] + rng.randrange(100)
        catalog.append(
            {
                "slug": _unique(slugify(title), taken),
                "title": title,
                "headline": text["headline"],
                "description": text["description"],
                "category": dict(a["category"]),  # the topic of the title's first half
                "level": rng.choice(dataset)["level"],
                "instructor": f"{rng.choice(first_names)} {rng.choice(surnames)}",
                "price": rng.choice(dataset)["price"],
                "rating": rng.choice(dataset)["rating"],
                "review_count": reviews,
                "student_count": reviews * rng.randint(5, 15),
                "language": a["language"],
                "hours": rng.choice(dataset)["hours"],
                "tags": rng.sample(tags, k=min(len(tags), rng.randint(2, 6))),
                "published": rng.choice(dates),
            }
        )
    return catalog


def to_json(catalog: list[Record]) -> bytes:
    """One course per line: small, diff-able, and the same bytes for the same catalog."""
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in catalog)
    return f"[\n{lines}\n]\n".encode()


def write_catalog(size: int, out: Path, seed: int = SEED) -> Path:
    dataset = json.loads(DATASET.read_text(encoding="utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(to_json(generate(size, dataset, seed)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="courses (default 100000)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"(default {SEED})")
    parser.add_argument("--out", type=Path, help="default var/catalog-<SIZE>.json")
    args = parser.parse_args()
    if args.size < 1:
        parser.error("--size must be at least 1")
    out = args.out or REPO_ROOT / "var" / f"catalog-{args.size}.json"
    write_catalog(args.size, out, args.seed)
    shown = out.resolve().relative_to(REPO_ROOT) if out.resolve().is_relative_to(REPO_ROOT) else out
    print(f"Wrote {args.size:,} courses to {shown} (DATA_FILE={shown} make api, or make monolith)")


if __name__ == "__main__":
    main()
