"""The scale dataset of ``make bench``: built once per generator version, then reused.

The dataset is a list of parts, each a module with ``NAME``, ``VERSION`` and
``build(rng)``. Parts run in order and may read what earlier parts wrote (through the
principals in ``dataset.core``). Each part records its version in the ``bench_dataset``
table when it finishes. On the next run:

- every part recorded with its current version → nothing is built;
- the recorded parts are an unchanged prefix of the list → only the new parts are built
  (a later issue appends ``finance`` without rebuilding the landscapes);
- anything else (a changed version, an interrupted build) → the database is dropped
  and everything is built again.

Randomness comes from one ``random.Random`` per part, seeded from ``SEED`` and the part's
name, so parts are reproducible independently of each other.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from types import ModuleType

import psycopg
from django.db import connection

from tests.perf.dataset import core, finance, landscapes, mel, scale

SEED = 20260101
PARTS: list[ModuleType] = [core, landscapes, mel, finance, scale]

META_DDL = """
create table if not exists bench_dataset (
    position integer primary key,
    part text not null,
    version text not null,
    status text not null,
    seconds double precision,
    built_at timestamptz not null default now()
)
"""


@dataclass
class BuildReport:
    built: list[str]
    reused: list[str]
    seconds: float
    rebuilt_from_scratch: bool


def part_rng(part: ModuleType) -> random.Random:
    return random.Random(f"{SEED}:{part.NAME}")


def _recorded() -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(META_DDL)
        cursor.execute("select part, version, status from bench_dataset order by position")
        return list(cursor.fetchall())


def _record(position: int, part: ModuleType, status: str, seconds: float | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "insert into bench_dataset (position, part, version, status, seconds) "
            "values (%s, %s, %s, %s, %s) on conflict (position) do update set "
            "part = excluded.part, version = excluded.version, status = excluded.status, "
            "seconds = excluded.seconds, built_at = now()",
            [position, part.NAME, part.VERSION, status, seconds],
        )


def _has_rows() -> bool:
    from partnerships.models import Partnership

    return Partnership.objects.exists()


def plan(recorded: list[tuple[str, str, str]]) -> int | None:
    """Index of the first part to build, ``None`` when everything is there, ``-1`` when
    the database must be rebuilt from scratch."""
    wanted = [(part.NAME, part.VERSION, "done") for part in PARTS]
    if recorded == wanted:
        return None
    if len(recorded) < len(wanted) and recorded == wanted[: len(recorded)]:
        return len(recorded)
    return -1 if recorded else 0


def recreate_database(admin_conninfo: str, name: str) -> None:
    connection.close()
    with psycopg.connect(admin_conninfo, autocommit=True) as admin:
        admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity "
            "where datname = %s and pid <> pg_backend_pid()",
            [name],
        )
        admin.execute(f'drop database if exists "{name}"')
        admin.execute(f'create database "{name}"')


def ensure(*, migrate, admin_conninfo: str, database: str, log=print) -> BuildReport:
    """Build whatever part is missing. ``migrate`` brings the schema up to date."""
    started = time.perf_counter()
    migrate()
    start = plan(_recorded())
    if start == 0 and _has_rows():
        start = -1
    scratch = start == -1
    if scratch:
        log(f"dataset: generator changed or build incomplete; recreating {database}")
        recreate_database(admin_conninfo, database)
        migrate()
        _recorded()
        start = 0
    if start is None:
        return BuildReport([], [p.NAME for p in PARTS], time.perf_counter() - started, False)
    for position, part in enumerate(PARTS[start:], start=start):
        t0 = time.perf_counter()
        log(f"dataset: building {part.NAME} (version {part.VERSION}) ...")
        _record(position, part, "building", None)
        part.build(part_rng(part), log=log)
        seconds = time.perf_counter() - t0
        _record(position, part, "done", seconds)
        log(f"dataset: {part.NAME} built in {seconds:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("analyze")
    return BuildReport(
        built=[p.NAME for p in PARTS[start:]],
        reused=[p.NAME for p in PARTS[:start]],
        seconds=time.perf_counter() - started,
        rebuilt_from_scratch=scratch,
    )
