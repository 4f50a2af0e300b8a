"""Command-line jobs for the catalog API's administrator.

What this teaches: some work is not for HTTP at all. Making an API key is done by someone
with access to the server, not by a request anyone on the internet could send.

    python -m decoupled.backend.cli create-partner-key acme   # (make partner-key NAME=acme)
    python -m decoupled.backend.cli reset-db                  # fresh catalog, no enrolments
"""

import argparse
from collections.abc import Sequence

from sqlalchemy.orm import Session

from decoupled.backend.config import get_settings
from decoupled.backend.db import init_db, make_engine, reset_db
from decoupled.backend.models import PartnerKey
from decoupled.backend.security import hash_key, new_key


def create_partner_key(name: str) -> str:
    settings = get_settings()
    engine = make_engine(settings.database_url)
    init_db(engine, settings.data_file)
    key = new_key()
    with Session(engine) as session:
        session.add(PartnerKey(name=name, key_hash=hash_key(key)))
        session.commit()
    engine.dispose()
    return key


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m decoupled.backend.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-partner-key", help="make an API key for a partner")
    create.add_argument("name", help="who the key is for, e.g. acme")
    commands.add_parser("reset-db", help="drop all tables and seed the catalog again")
    args = parser.parse_args(argv)

    if args.command == "create-partner-key":
        key = create_partner_key(args.name)
        print(f"API key for {args.name} (shown once; only its hash is stored):")
        print(key)
    else:
        settings = get_settings()
        engine = make_engine(settings.database_url)
        reset_db(engine, settings.data_file)
        engine.dispose()
        print(f"Database reset and seeded from {settings.data_file}")


if __name__ == "__main__":
    main()
