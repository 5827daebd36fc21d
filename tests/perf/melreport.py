"""Phase ``mel-report`` (issue 5): the partnership MEL report as a job over the scale
dataset of 1,000,000 measurements.

A real Celery worker is started as in the Procfile (``celery -A hub worker``, the
bench's database and Redis, production settings). The report job is started through
``mel.reports.services.report_start`` — what the "PDF" button of the MEL dashboard
posts to — for the partnership holding the most measurements, with the default range
the button uses. The runner polls the ``Job`` row until it is finished (or the timeout)
and records the wall time, the time to the first progress, the PDF's pages and bytes
and the worker's peak memory. The data step (``report_data``) is also timed and its
queries counted in-process, so the job's time splits into reading and rendering.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

NAME = "mel-report"
TIMEOUT_S = 1200
TARGET_MEASUREMENTS = 1_000_000
FIGURE = "PDF report over 1,000,000 measurements completes as a job"


class Worker:
    """``celery -A hub worker`` as in the Procfile; samples the memory of its processes."""

    def __init__(self, *, base_dir: Path, env: dict[str, str], log_path: Path) -> None:
        self.base_dir, self.env, self.log_path = base_dir, env, log_path
        self.process: subprocess.Popen | None = None
        self.peak_rss = 0  # the largest single process (the pool child rendering)
        self.peak_total_rss = 0
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None

    def start(self, timeout: float = 60.0) -> None:
        command = [
            sys.executable, "-m", "celery", "-A", "hub", "worker", "--loglevel", "INFO",
            "--concurrency", "2", "--without-mingle", "--without-gossip",
            "--hostname", f"bench-{os.getpid()}@%h",
        ]  # fmt: skip
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            command, cwd=self.base_dir, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited; see {self.log_path}")
            if " ready." in self.log_path.read_text(errors="replace"):
                break
            time.sleep(0.3)
        else:
            raise RuntimeError(f"the Celery worker was not ready in {timeout:.0f} s")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def processes(self) -> list[psutil.Process]:
        if self.process is None:
            return []
        with contextlib.suppress(psutil.Error):
            main = psutil.Process(self.process.pid)
            return [main, *main.children(recursive=True)]
        return []

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            sizes = []
            for proc in self.processes():
                with contextlib.suppress(psutil.Error):
                    sizes.append(proc.memory_info().rss)
            if sizes:
                self.peak_rss = max(self.peak_rss, max(sizes))
                self.peak_total_rss = max(self.peak_total_rss, sum(sizes))

    def stop(self) -> None:
        self._stop.set()
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def heaviest_partnership():
    """The partnership with the most measurements, and its size."""
    from django.db.models import Count, Max, Min

    from mel.models import Indicator, Measurement
    from partnerships.models import Partnership

    top = (
        Measurement.objects.values("partnership_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "partnership_id")
        .first()
    )
    partnership = Partnership.objects.get(pk=top["partnership_id"])
    measured = Measurement.objects.filter(partnership=partnership)
    span = measured.aggregate(first=Min("period_start"), last=Max("period_end"))
    return partnership, {
        "first": span["first"],
        "last": span["last"],
        "slug": partnership.slug,
        "indicators": Indicator.objects.for_partnership(partnership).count(),
        "measurements": top["n"],
        "periods": measured.values("period_start").distinct().count(),
        "database_measurements": Measurement.objects.count(),
    }


def profile_data(partnership) -> dict:
    """``report_data`` in-process: its time and queries, and what the report shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mel.reports.data import report_data

    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        data = report_data(partnership=partnership)
        seconds = time.perf_counter() - t0
    return {
        "seconds": round(seconds, 2),
        "queries": len(ctx),
        "first": data.first.isoformat(),
        "last": data.last.isoformat(),
        "rows": len(data.table.rows),
        "columns": len(data.table.columns),
        "charts": len(data.charts),
    }


def run_job(*, partnership, actor, fmt: str, worker: Worker, timeout: float, log,
            first=None, last=None) -> dict:  # fmt: skip
    from hub.models import Job
    from mel.reports.services import report_start

    t0 = time.perf_counter()
    job = report_start(partnership=partnership, actor=actor, fmt=fmt, first=first, last=last)
    first_progress = started = None
    last_message = ""
    while True:
        job.refresh_from_db()
        elapsed = time.perf_counter() - t0
        if started is None and job.status != Job.Status.PENDING:
            started = elapsed
        if first_progress is None and job.progress > 0:
            first_progress = elapsed
        if job.progress_message != last_message:
            last_message = job.progress_message
            log(f"  {fmt}: {elapsed:6.1f} s {job.progress:3d} % {last_message}")
        if job.is_finished or elapsed > timeout:
            break
        time.sleep(0.5)
    wall = time.perf_counter() - t0
    result = {
        "format": fmt,
        "range": [first.isoformat(), last.isoformat()] if first and last else "default",
        "job": str(job.uuid),
        "status": job.status,
        "error": job.error[:500],
        "wall_s": round(wall, 1),
        "queued_s": round(started, 1) if started is not None else None,
        "first_progress_s": round(first_progress, 1) if first_progress is not None else None,
        "timed_out": not job.is_finished,
        "worker_peak_rss_mb": round(worker.peak_rss / 2**20, 1),
    }
    if job.status == Job.Status.SUCCEEDED and job.result_file:
        with job.result_file.open("rb") as handle:
            content = handle.read()
        result["bytes"] = len(content)
        if fmt == "pdf":
            from pypdf import PdfReader

            result["pages"] = len(PdfReader(io.BytesIO(content)).pages)
    return result


def run(*, quick: bool, base_dir: Path, log_path: Path, log=print) -> dict:
    from hub.models import Job
    from tests.perf.dataset import core

    actor = core.principal()
    partnership, size = heaviest_partnership()
    log(f"{NAME}: {size['slug']}: {size['indicators']} indicators, {size['periods']} periods, "
        f"{size['measurements']:,} measurements ({size['database_measurements']:,} in the "
        f"database)")  # fmt: skip
    data = profile_data(partnership)
    log(f"  report data in-process: {data['seconds']:.2f} s, {data['queries']} queries, "
        f"{data['rows']} indicators × {data['columns']} periods shown")  # fmt: skip
    worker = Worker(base_dir=base_dir, env={**os.environ}, log_path=log_path)
    jobs = {}
    try:
        worker.start()
        jobs["pdf"] = run_job(partnership=partnership, actor=actor, fmt="pdf", worker=worker,
                              timeout=TIMEOUT_S, log=log)  # fmt: skip
        if jobs["pdf"]["status"] == Job.Status.SUCCEEDED:
            jobs["xlsx"] = run_job(partnership=partnership, actor=actor, fmt="xlsx",
                                   worker=worker, timeout=300, log=log)  # fmt: skip
        if not quick and jobs["pdf"]["status"] == Job.Status.SUCCEEDED:
            # Informative: every period with values (how rendering grows with the
            # periods shown), as a report with an explicit range is started.
            jobs["pdf all periods"] = run_job(
                partnership=partnership, actor=actor, fmt="pdf", worker=worker,
                timeout=TIMEOUT_S, log=log, first=size["first"], last=size["last"],
            )  # fmt: skip
    finally:
        worker.stop()
    pdf = jobs["pdf"]
    passed = (
        pdf["status"] == Job.Status.SUCCEEDED
        and size["database_measurements"] >= TARGET_MEASUREMENTS
        and pdf["wall_s"] <= TIMEOUT_S
    )
    targets = [
        {"endpoint": NAME, "figure": FIGURE, "target": f"succeeds within {TIMEOUT_S:,} s",
         "value": f"{pdf['status']} in {pdf['wall_s']:.0f} s", "passed": passed},
    ]  # fmt: skip
    return {
        "partnership": size,
        "data": data,
        "jobs": jobs,
        "worker": "celery -A hub worker --concurrency 2 (Procfile), production settings",
        "worker_peak_rss_mb": round(worker.peak_rss / 2**20, 1),
        "worker_peak_total_rss_mb": round(worker.peak_total_rss / 2**20, 1),
        "timeout_s": TIMEOUT_S,
        "targets": targets,
    }


def render(result: dict) -> str:
    size, data = result["partnership"], result["data"]
    lines = [
        f"MEL report job for {size['slug']}: {size['indicators']} indicators, "
        f"{size['periods']} periods, {size['measurements']:,} measurements "
        f"({size['database_measurements']:,} in the database); "
        f"{data['rows']} indicators × {data['columns']} periods shown ({data['first']} – "
        f"{data['last']}), data read in {data['seconds']:.1f} s / {data['queries']} queries",
        f"{'format':<16}{'status':>11}{'wall s':>9}{'1st progress s':>16}{'pages':>7}"
        f"{'KB':>8}{'peak RSS MB':>13}",
    ]
    for fmt, job in result["jobs"].items():
        lines.append(
            f"{fmt:<16}{job['status']:>11}{job['wall_s']:>9.1f}"
            f"{job['first_progress_s'] if job['first_progress_s'] is not None else '–':>16}"
            f"{job.get('pages', '–'):>7}{round(job.get('bytes', 0) / 1024):>8}"
            f"{job['worker_peak_rss_mb']:>13.1f}"
        )
    if "pdf all periods" in result["jobs"]:
        lines.append(
            f"pdf all periods: {size['first']} – {size['last']} (every period with values, "
            "an explicit range as a scheduled report passes; informative, no target)"
        )
    for target in result["targets"]:
        lines.append(
            f"{target['figure']}: {target['value']} "
            f"(target {target['target']}: {'ok' if target['passed'] else 'FAIL'})"
        )
    return "\n".join(lines)
