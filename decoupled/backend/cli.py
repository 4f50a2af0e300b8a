"""Command-line jobs for the catalog API's administrator.

What this teaches: some work is not for HTTP at all. Making an API key is done by someone
with access to the server, not by a request anyone on the internet could send.

    python -m decoupled.backend.cli create-partner-key acme   # (make partner-key NAME=acme)
    python -m decoupled.backend.cli revoke-partner-key acme   # (make revoke-partner-key NAME=acme)
    python -m decoupled.backend.cli reset-db                  # fresh catalog, no enrollments
"""

import argparse
from collections.abc import Sequence

from sqlalchemy import delete
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


def revoke_partner_keys(name: str) -> int:
    """Delete every key of the partner `name`; how many there were. A running API refuses
    them from the next request on: it looks each key up in the database every time."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    init_db(engine, settings.data_file)
    with Session(engine) as session:
        deleted = session.execute(delete(PartnerKey).where(PartnerKey.name == name)).rowcount
        session.commit()
    engine.dispose()
    return deleted


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m decoupled.backend.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-partner-key", help="make an API key for a partner")
    create.add_argument("name", help="who the key is for, e.g. acme")
    revoke = commands.add_parser("revoke-partner-key", help="delete every key of a partner")
    revoke.add_argument("name", help="whose keys, e.g. acme")
    commands.add_parser("reset-db", help="drop all tables and seed the catalog again")
    args = parser.parse_args(argv)

    if args.command == "create-partner-key":
        key = create_partner_key(args.name)
        print(f"API key for {args.name} (shown once; only its hash is stored):")
        print(key)
    elif args.command == "revoke-partner-key":
        count = revoke_partner_keys(args.name)
        print(f"Revoked {count} API key{'' if count == 1 else 's'} for {args.name}.")
    else:
        settings = get_settings()
        engine = make_engine(settings.database_url)
        reset_db(engine, settings.data_file)
        engine.dispose()
        print(f"Database reset and seeded from {settings.data_file}")


if __name__ == "__main__":
    main()
