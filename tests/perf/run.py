"""The ``make bench`` run: dataset, static files, query counts, gunicorn, load, report."""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

import psycopg

from tests.perf import config as bench_config
from tests.perf import loadgen, melimport, melreport
from tests.perf.endpoints import BARE, Endpoint, endpoints
from tests.perf.report import evaluate_targets, render_table
from tests.perf.server import HOST, Gunicorn, free_port

CONCURRENCY = 16  # closed-loop clients: 2× the server's 2 workers × 4 threads
WARMUP_SECONDS = 1.5
SATURATION_SECONDS = 6.0
FIXED_MIN_SECONDS, FIXED_MAX_SECONDS, FIXED_SAMPLES = 5.0, 15.0, 400


@dataclass
class Durations:
    warmup: float
    saturation: float
    fixed_min: float
    fixed_max: float
    fixed_samples: int


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.perf", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter phases (a smoke run)")
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help=f"endpoint names to measure, or {melimport.NAME!r} / {melreport.NAME!r}",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "0")))
    parser.add_argument("--dataset-only", action="store_true", help="build the dataset, stop")
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(message, flush=True)


def ensure_database(config: bench_config.BenchConfig) -> None:
    with psycopg.connect(config.admin_conninfo, autocommit=True) as admin:
        exists = admin.execute(
            "select 1 from pg_database where datname = %s", [config.database]
        ).fetchone()
        if not exists:
            admin.execute(f'create database "{config.database}"')
            log(f"created database {config.database}")


def static_fingerprint() -> str:
    from django.contrib.staticfiles.finders import get_finders

    entries = []
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def ensure_static() -> None:
    """collectstatic into var/bench/staticfiles, only when the sources changed."""
    from django.conf import settings
    from django.core.management import call_command

    marker = bench_config.VAR_DIR / "staticfiles.fingerprint"
    fingerprint = static_fingerprint()
    manifest = os.path.join(settings.STATIC_ROOT, "staticfiles.json")
    if os.path.exists(manifest) and marker.exists() and marker.read_text() == fingerprint:
        return
    log("collectstatic (the static sources changed) ...")
    call_command("collectstatic", interactive=False, verbosity=0, clear=True)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(fingerprint)


def dataset_stats() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "select count(*), avg(pg_column_size(boundary)), avg(pg_column_size(display_geometry)),"
            " avg(jsonb_array_length(boundary->'coordinates'->0)) filter "
            "(where boundary->>'type' = 'Polygon') from landscapes_landscape"
        )
        landscapes, boundary_bytes, display_bytes, ring = cursor.fetchone()
        counts = {}
        for table in ("hub_user", "partnerships_partnership", "partnerships_membership",
                      "finance_investment", "finance_transaction", "mel_measurement"):  # fmt: skip
            cursor.execute(f"select count(*) from {table}")  # noqa: S608 (fixed names)
            counts[table] = cursor.fetchone()[0]
    return {
        "users": counts["hub_user"],
        "partnerships": counts["partnerships_partnership"],
        "memberships": counts["partnerships_membership"],
        "landscapes": landscapes,
        "investments": counts["finance_investment"],
        "transactions": counts["finance_transaction"],
        "measurements": counts["mel_measurement"],
        "avg_polygon_outer_ring_vertices": round(float(ring or 0)),
        "avg_boundary_bytes_stored": round(float(boundary_bytes or 0)),
        "avg_display_geometry_bytes_stored": round(float(display_bytes or 0)),
    }


@dataclass
class Principals:
    cookie: str
    funder_cookie: str
    api_key: str
    api_key_obj: object
    user: object
    shapes_bbox: str


def principals() -> Principals:
    from django.conf import settings
    from django.test import Client

    from landscapes.models import Landscape
    from partnerships.models import Partnership
    from partnerships.services.apikeys import apikey_create
    from tests.perf.dataset import core

    user = core.principal()
    main = Partnership.objects.get(slug=core.MAIN_SLUG)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    key, raw = apikey_create(
        partnership=main, actor=user, name=f"bench {datetime.datetime.now():%Y-%m-%d %H:%M}",
        scope="read",
    )  # fmt: skip
    anchor = (
        Landscape.objects.filter(partnership=main, centroid_lon__isnull=False)
        .order_by("slug")
        .values_list("centroid_lon", "centroid_lat")
        .first()
    )
    lon, lat = anchor
    from tests.perf.dataset import finance

    funder = Client()
    funder.force_login(
        finance.funder_principal(), backend="django.contrib.auth.backends.ModelBackend"
    )
    bbox = f"{lon - 5:.4f},{lat - 2.5:.4f},{lon + 5:.4f},{lat + 2.5:.4f}"
    return Principals(
        cookie=client.cookies[settings.SESSION_COOKIE_NAME].value,
        funder_cookie=funder.cookies[settings.SESSION_COOKIE_NAME].value,
        api_key=raw,
        api_key_obj=key,
        user=user,
        shapes_bbox=bbox,
    )


def headers_for(endpoint: Endpoint, who: Principals) -> dict[str, str]:
    from django.conf import settings

    headers = {"X-Forwarded-Proto": "https"}
    if endpoint.auth == "session":
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={who.cookie}"
    elif endpoint.auth == "funder":
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={who.funder_cookie}"
    elif endpoint.auth == "apikey":
        headers["Authorization"] = f"Api-Key {who.api_key}"
    return headers


def count_queries(endpoint: Endpoint, who: Principals) -> dict:
    """Queries per request in-process (Django test client), for the measured address
    and for the N / 2N row variants."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    headers = {k: v for k, v in headers_for(endpoint, who).items() if k != "X-Forwarded-Proto"}

    def one(path: str) -> tuple[int, int, list[str]]:
        client = Client()
        client.get(path, secure=True, headers=headers)  # warm: first-request caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, secure=True, headers=headers)
        return response.status_code, len(ctx), [q["sql"][:300] for q in ctx.captured_queries]

    status, main, sql = one(endpoint.path)
    result = {"status": status, "main": main, "sql": sql}
    if endpoint.rows_n:
        status_n, n, sql_n = one(endpoint.rows_n)
        status_2n, two_n, sql_2n = one(endpoint.rows_2n)
        result.update(n=n, two_n=two_n, constant=n == two_n and status_n == status_2n == 200)
        if n != two_n:
            result["sql_n"], result["sql_2n"] = sql_n, sql_2n
    return result


def phase_summary(phase: loadgen.PhaseResult) -> dict:
    def ms(value):
        return round(value * 1000, 2) if value is not None else None

    return {
        "duration_s": round(phase.duration, 2),
        "requests": phase.completed,
        "throughput_rps": round(phase.throughput, 1),
        "errors": phase.errors,
        "statuses": {str(k): v for k, v in sorted(phase.statuses.items())},
        "failures": dict(phase.failures),
        "p50_ms": ms(phase.percentile(50)),
        "p95_ms": ms(phase.percentile(95)),
        "p99_ms": ms(phase.percentile(99)),
        "max_ms": ms(max(phase.latencies) if phase.latencies else None),
        "generator_cpu_share": round(phase.client_cpu / phase.duration, 2)
        if phase.duration
        else None,
    }


def measure(endpoint: Endpoint, server: Gunicorn, who: Principals, d: Durations) -> dict:
    target = loadgen.Target(HOST, server.port, endpoint.path,
                            tuple(headers_for(endpoint, who).items()))  # fmt: skip
    loadgen.closed(target, concurrency=CONCURRENCY, duration=d.warmup)
    before = server.cpu_snapshot()
    saturation = loadgen.closed(target, concurrency=CONCURRENCY, duration=d.saturation)
    after = server.cpu_snapshot()
    cpu = Gunicorn.cpu_delta(before, after)
    rate = max(1.0, saturation.throughput / 2)
    duration = min(max(d.fixed_min, d.fixed_samples / rate), d.fixed_max)
    before_fixed = server.cpu_snapshot()
    fixed = loadgen.fixed_rate(target, rate=rate, duration=duration)
    after_fixed = server.cpu_snapshot()
    cpu_fixed = Gunicorn.cpu_delta(before_fixed, after_fixed)
    restarted = cpu.worker_pids != frozenset(before[0]) or cpu_fixed.worker_pids != frozenset(
        before_fixed[0]
    )
    served = max(saturation.completed, 1)
    return {
        "path": endpoint.path,
        "auth": endpoint.auth,
        "kind": endpoint.kind,
        "note": endpoint.note,
        "saturation": {"concurrency": CONCURRENCY, **phase_summary(saturation)},
        "fixed_rate": {"rate_rps": round(rate, 1), **phase_summary(fixed)},
        "cpu_ms_per_request": round(cpu.workers / served * 1000, 3),
        "cpu_ms_per_request_fixed_rate": round(
            cpu_fixed.workers / max(fixed.completed, 1) * 1000, 3
        ),
        "db_cpu_ms_per_request": round(cpu.database / served * 1000, 3),
        "response_bytes": round(saturation.body_bytes / served),
        "worker_restarted": restarted,
        "requests_total": saturation.completed + fixed.completed,
    }


def git_state() -> dict:
    def git(*args):
        try:
            return subprocess.run(
                ["git", *args],
                cwd=bench_config.BASE_DIR, capture_output=True, text=True, timeout=10, check=False,
            ).stdout.strip()  # fmt: skip
        except OSError:
            return ""

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def serve_and_measure(
    selected: list[Endpoint], who: Principals, queries: dict, durations: Durations,
    config: bench_config.BenchConfig, port: int,
) -> tuple[dict[str, dict], list[int]]:  # fmt: skip
    port = free_port(port or None)
    server = Gunicorn(base_dir=bench_config.BASE_DIR, env={**os.environ}, port=port,
                      log_path=bench_config.VAR_DIR / "gunicorn.log",
                      database=config.database)  # fmt: skip
    results: dict[str, dict] = {}
    try:
        log(f"gunicorn on {HOST}:{port} (2 workers × 4 threads, production settings) ...")
        server.start("/__bench__/bare/")
        for endpoint in selected:
            log(f"measuring {endpoint.name} ({endpoint.path}) ...")
            results[endpoint.name] = measure(endpoint, server, who, durations)
            results[endpoint.name]["queries"] = queries[endpoint.name]
        return results, server.worker_rss()
    finally:
        server.stop()


def main(argv: list[str]) -> int:
    args = parse(argv)
    durations = Durations(WARMUP_SECONDS, SATURATION_SECONDS, FIXED_MIN_SECONDS,
                          FIXED_MAX_SECONDS, FIXED_SAMPLES)  # fmt: skip
    if args.quick:
        durations = Durations(0.5, 2.0, 2.0, 4.0, 100)
    started = time.perf_counter()
    # A terminated run still stops its gunicorn (the ``finally`` below).
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    config = bench_config.load()
    os.environ.update(config.environment())
    ensure_database(config)

    import django

    django.setup()
    from django.core.management import call_command

    from tests.perf import dataset

    load_before = os.getloadavg()
    build = dataset.ensure(
        migrate=lambda: call_command("migrate", interactive=False, verbosity=0),
        admin_conninfo=config.admin_conninfo,
        database=config.database,
        log=log,
    )
    log(f"dataset: built {build.built or 'nothing'}, reused {build.reused or 'nothing'} "
        f"({build.seconds:.0f} s)")  # fmt: skip
    if args.dataset_only:
        return 0
    stats = dataset_stats()
    mel_import = None
    if not args.only or melimport.NAME in args.only:
        log(f"{melimport.NAME}: {melimport.ROWS:,} measurement rows, three methods ...")
        mel_import = melimport.run(rounds=1 if args.quick else 2, log=log)
    mel_report = None
    if not args.only or melreport.NAME in args.only:
        mel_report = melreport.run(quick=args.quick, base_dir=bench_config.BASE_DIR,
                                   log_path=bench_config.VAR_DIR / "celery.log", log=log)  # fmt: skip
    phases = (melimport.NAME, melreport.NAME)
    http = not args.only or any(name not in phases for name in args.only)
    if http:
        ensure_static()
    who = principals()
    selected = [
        e for e in endpoints(shapes_bbox=who.shapes_bbox)
        if http and (e.name == BARE or not args.only or e.name in args.only)
    ]  # fmt: skip

    if selected:
        log("queries per request (test client, in-process) ...")
    queries = {e.name: count_queries(e, who) for e in selected}
    for name, q in queries.items():
        if q["status"] != 200:
            log(f"  {name}: status {q['status']} in the test client")

    results: dict[str, dict] = {}
    rss: list[int] = []
    try:
        if selected:
            results, rss = serve_and_measure(selected, who, queries, durations, config, args.port)
    finally:
        from partnerships.services.apikeys import apikey_revoke

        apikey_revoke(key=who.api_key_obj, actor=who.user)

    served = sum(r["requests_total"] for r in results.values())
    memory = {
        "worker_rss_mb": [round(r / 2**20, 1) for r in rss],
        "max_worker_rss_mb": round(max(rss) / 2**20, 1) if rss else None,
        "requests_served": served,
    }
    # The endpoints' targets end with the worker RSS one (render_table reads it last).
    targets = (
        (mel_import["targets"] if mel_import else [])
        + (mel_report["targets"] if mel_report else [])
        + (evaluate_targets(results, memory) if results else [])
    )
    report = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git": git_state(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "config": {
            "server": "gunicorn hub.wsgi, 2 workers × 4 threads (gthread), DJANGO_ENV=production",
            "database": config.database,
            "closed_loop_concurrency": CONCURRENCY,
            "durations_s": durations.__dict__,
            "quick": args.quick,
        },
        "dataset": {
            "parts": {p.NAME: p.VERSION for p in dataset.PARTS},
            "seed": dataset.SEED,
            "built_now": build.built,
            "build_seconds": round(build.seconds, 1),
            **stats,
        },
        "endpoints": results,
        "mel_import": mel_import,
        "mel_report": mel_report,
        "memory": memory,
        "targets": targets,
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    bench_config.RESULTS.parent.mkdir(parents=True, exist_ok=True)
    bench_config.RESULTS.write_text(json.dumps(report, indent=2, default=str) + "\n")
    log("")
    if results:
        log(render_table(report))
    if mel_import:
        log("")
        log(melimport.render(mel_import))
    if mel_report:
        log("")
        log(melreport.render(mel_report))
    log(f"\nwritten {bench_config.RESULTS.relative_to(bench_config.BASE_DIR)} "
        f"in {report['elapsed_s']:.0f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
