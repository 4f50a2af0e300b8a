"""`make scale-demo`: CourseHub's catalog API past one machine, and instances lost mid-load.

What this teaches: once the state lives outside the program, the program can run many times.
The catalog and the enrollments live in PostgreSQL, the rate limits' counts in Redis; so three
catalog API instances can serve the same site behind nginx, which spreads the requests over
them and, when one fails, sends the request again to another. The demo sends a crowd of
clients through nginx, stops one instance gracefully (SIGTERM, as a deploy does) and kills
another (SIGKILL, as a crash does) while the load goes on, and shows that no client saw a
failure and that every enrollment a client was told about is in PostgreSQL, once.

Every server runs as you, with its data in var/scale/ (emptied at each start), started and
stopped by this one program: no root, no Docker, no system service. Ctrl-C stops them all.
The browser frontend would need no change: `make frontend API_URL=http://127.0.0.1:8080`
points it at nginx instead of one API (try it with `--keep`, which leaves everything running).

    python -m scale.demo [--seconds 15] [--clients 120] [--instances 3] [--port 8080]
"""

import argparse
import json
import shutil
import signal
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from rich.console import Console

from scale import postgres
from scale.instances import REPO_ROOT, ApiInstance
from scale.load import MIX, Crowd
from scale.nginx import NginxServer, find_nginx, nginx_server, port_in_use
from scale.redis import find_redis, free_port, redis_server
from scale.report import Phase, failures_by_reason, phase_table, tally
from scale.stage import (
    EnrollmentCheck,
    PartnerCheck,
    check_partner_limit,
    prepare_database,
    servers_table,
    stored_enrollments,
)

MARKER = ".scale-demo"  # a folder holding this file is ours to empty
STOPS = (signal.SIGTERM, signal.SIGKILL)  # the first instance stopped gracefully, the next killed
WHY = {
    signal.SIGTERM: "a deploy: it finishes its requests, then exits",
    signal.SIGKILL: "a crash: gone in the middle of its requests",
}
INSTALL = (
    "apt install postgresql redis-server nginx (Debian, Ubuntu) "
    "or brew install postgresql redis nginx (macOS)"
)
# In a terminal, its width; written to a file or a pipe (CI, tests), wide enough for the tables.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)


@dataclass
class Site:
    """Everything the demo started: where the data is, who serves it, and the way in."""

    database_url: str
    courses: list[str]
    partner_key: str
    instances: list[ApiInstance]
    nginx: NginxServer


def main(argv: list[str] | None = None) -> int:
    options = parse_arguments(argv)
    missing = missing_programs()
    if missing:
        console.print(
            f"make scale-demo needs PostgreSQL, Redis and nginx; not installed here: "
            f"{', '.join(missing)}. Install them: {INSTALL}.",
            soft_wrap=True,  # one line, however narrow the terminal
        )
        return 1
    if port_in_use(options.port):
        console.print(f"Port {options.port} is in use: make scale-demo SCALE_PORT=8090")
        return 1
    folder = empty_folder(options.folder)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    servers = ExitStack()
    try:
        site = start_site(options, folder, servers)
        return send_load_and_report(options, site, servers)
    except KeyboardInterrupt:
        console.print("\nInterrupted: stopping every server...")
        return 130
    except (postgres.PostgresNotInstalled, RuntimeError) as error:
        console.print(f"[bold red]Could not start:[/] {error}")
        return 1
    finally:
        # A second Ctrl-C must not cut the shutdown short and leave servers behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        servers.close()  # in reverse order: the clients, nginx, the instances, Redis, PostgreSQL
        console.print("Every server is stopped.")


def start_site(options: argparse.Namespace, folder: Path, servers: ExitStack) -> Site:
    """PostgreSQL (seeded), Redis, the API instances, then nginx in front of them."""
    console.print(
        f"[bold]CourseHub past one machine[/]: PostgreSQL, Redis, {options.instances} catalog "
        f"API instances behind nginx. Their data and logs: {_shown(folder)}/"
    )
    console.print("Starting PostgreSQL...")
    database = servers.enter_context(postgres.postgres_server(folder / "postgres"))
    database_url = database.url()
    courses, partner_key = prepare_database(database_url)
    console.print(f"  seeded the catalog: {len(courses)} courses. Starting Redis...")
    redis = servers.enter_context(redis_server(folder / "redis"))
    instances = [
        ApiInstance(f"api-{number}", free_port(), folder / f"api-{number}.log")
        for number in range(1, options.instances + 1)
    ]
    settings = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis.url,
        "PARTNER_RATE_LIMIT": f"{options.partner_limit}/minute",
        # Behind nginx every client is 127.0.0.1, one address: the public limits are off here.
        "SEARCH_RATE_LIMIT": "",
        "ENROLLMENT_RATE_LIMIT": "",
    }
    console.print(f"Starting {', '.join(instance.name for instance in instances)}...")
    for instance in instances:  # the catalog is there already: they start side by side
        servers.callback(instance.stop)
        instance.start(settings)
    for instance in instances:
        instance.wait_until_ready()
    upstreams = [instance.port for instance in instances]
    nginx = servers.enter_context(
        nginx_server(folder / "nginx", port=options.port, upstreams=upstreams)
    )
    console.print(servers_table(database, redis, instances, nginx, folder, _shown))
    return Site(database_url, courses, partner_key, instances, nginx)


def send_load_and_report(options: argparse.Namespace, site: Site, servers: ExitStack) -> int:
    partner = check_partner_limit(
        site.nginx.url, site.partner_key, options.partner_limit, site.instances
    )
    console.print(partner.sentence())

    crowd = Crowd(site.nginx.url, site.courses, options.clients)
    servers.callback(crowd.stop)  # on Ctrl-C too: the clients stop before the servers
    boundaries, end = send_load(crowd, site.instances, options.seconds)
    crowd.stop()

    names = {instance.address: instance.name for instance in site.instances}
    phases = tally(crowd.answers, boundaries, end, names)
    console.print(phase_table(phases, [instance.name for instance in site.instances]))
    enrollments = stored_enrollments(site.database_url, crowd.answers)
    console.print(enrollments.sentence())
    failed = sum(phase.failed for phase in phases)
    for reason, count in failures_by_reason(crowd.answers).most_common(5):
        console.print(f"  [red]failed[/] {count:,} × {reason}")
    retried = sum(phase.retried for phase in phases)
    resent = sum(phase.resent for phase in phases)
    ok = failed == 0 and enrollments.ok and partner.ok
    console.print(
        f"[bold]Result:[/] {failed:,} failed of {len(crowd.answers):,} requests. "
        f"nginx sent {retried:,} again to another instance, unseen by the client; clients sent "
        f"{resent:,} again after an answer cut off by the SIGKILL (safe: each is idempotent). "
        f"{enrollments.acknowledged:,} enrollments acknowledged, {enrollments.stored_once:,} "
        f"stored once. {'[green]OK[/]' if ok else '[bold red]FAILED[/]'}"
    )
    if options.summary:
        survivors = [instance.name for instance in site.instances if instance.running]
        options.summary.write_text(json.dumps(summary(phases, survivors, enrollments, partner)))
    if options.keep:
        console.print(
            f"Still running (Ctrl-C stops everything): make frontend API_URL={site.nginx.url}"
        )
        while True:
            time.sleep(3600)
    return 0 if ok else 1


def send_load(
    crowd: Crowd, instances: list[ApiInstance], seconds: float
) -> tuple[list[tuple[str, float]], float]:
    """The crowd for `seconds`, stopping all instances but the first along the way, at even
    intervals; the phases' (title, start) and the end, in seconds since the load began."""
    to_stop = list(zip(reversed(instances[1:]), STOPS * len(instances), strict=False))
    stop_at = [seconds * (n + 1) / (len(to_stop) + 1) for n in range(len(to_stop))]
    console.print(
        f"Load: {crowd.clients} clients through nginx for {seconds:g} s, each sending, as fast "
        f"as answers come, {MIX.count('search')} searches, {MIX.count('course')} course pages "
        f"and {MIX.count('enroll')} enrollment in every {len(MIX)} requests."
    )
    boundaries = [(f"all {len(instances)} up", 0.0)]
    crowd.start()
    next_report = 1.0
    while crowd.elapsed() < seconds:
        if to_stop and crowd.elapsed() >= stop_at[0]:
            (instance, signum), _ = to_stop.pop(0), stop_at.pop(0)
            console.print(
                f"  {crowd.elapsed():5.1f} s  [bold]{signum.name} to {instance.name}[/] "
                f"({WHY[signum]})"
            )
            instance.stop(signum)
            boundaries.append((f"after {signum.name} to {instance.name}", crowd.elapsed()))
            console.print(f"  {crowd.elapsed():5.1f} s  {instance.name} has exited")
        if crowd.elapsed() >= next_report:
            _progress(crowd, instances)
            next_report += 1.0
        time.sleep(0.05)
    return boundaries, crowd.elapsed()


def _progress(crowd: Crowd, instances: list[ApiInstance]) -> None:
    answers = list(crowd.answers)
    by_address = dict.fromkeys((instance.address for instance in instances), 0)
    for answer in answers:
        if answer.answered_by in by_address:
            by_address[answer.answered_by] += 1
    shares = " · ".join(f"{i.name} {by_address[i.address]:,}" for i in instances)
    failed = sum(answer.failed for answer in answers)
    console.print(
        f"  {crowd.elapsed():5.1f} s  {len(answers):7,} answered  ({shares})  failed {failed}"
    )


def summary(
    phases: list[Phase], survivors: list[str], enrollments: EnrollmentCheck, partner: PartnerCheck
) -> dict[str, object]:
    """The figures, for a program to read (`--summary`): the tests read them."""
    return {
        "requests": sum(phase.requests for phase in phases),
        "failed": sum(phase.failed for phase in phases),
        "retried": sum(phase.retried for phase in phases),
        "resent": sum(phase.resent for phase in phases),
        "phases": [vars(phase) | {"by_instance": dict(phase.by_instance)} for phase in phases],
        "survivors": survivors,
        "enrollments": vars(enrollments),
        "partner": vars(partner),
    }


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m scale.demo", description=__doc__.split("\n")[0]
    )
    add = parser.add_argument
    add("--seconds", type=float, default=15.0, help="how long the load lasts (15)")
    add("--clients", type=int, default=120, help="clients sending at once (120)")
    stopped = "all but the first are stopped mid-load"
    add("--instances", type=int, default=3, choices=range(2, 6), help=f"2 to 5 (3); {stopped}")
    add("--port", type=int, default=8080, help="nginx's port on 127.0.0.1 (8080)")
    add("--partner-limit", type=int, default=20, help="a partner's requests a minute (20)")
    add("--folder", type=Path, default=REPO_ROOT / "var" / "scale", help="(var/scale)")
    add("--summary", type=Path, help="also write the figures to this JSON file")
    add("--keep", action="store_true", help="keep everything running after the load")
    return parser.parse_args(argv)


def missing_programs() -> list[str]:
    found = {"PostgreSQL": postgres.find_postgres(), "Redis": find_redis(), "nginx": find_nginx()}
    return [name for name, program in found.items() if program is None]


def empty_folder(folder: Path) -> Path:
    """`folder`, emptied if an earlier demo made it, else new; refuse a folder of anything else."""
    folder = folder.resolve()
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise SystemExit(f"{folder} holds files the scale demo did not write: choose --folder")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("Written by python -m scale.demo, emptied at each start.\n")
    return folder


def _shown(path: Path) -> str:
    """A path as the learner knows it: from the repository when inside it."""
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
