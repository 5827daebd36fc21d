"""The gunicorn server under test, and the CPU and memory of its processes (psutil)."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

HOST = "127.0.0.1"
PORTS = range(8300, 8400)


def free_port(preferred: int | None = None) -> int:
    candidates = [preferred] if preferred else list(PORTS)
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex((HOST, port)) != 0:
                return port
    raise RuntimeError(f"no free port among {candidates[0]}..{candidates[-1]}")


@dataclass
class CpuSample:
    workers: float
    database: float
    worker_pids: frozenset[int]


class Gunicorn:
    """``gunicorn hub.wsgi`` as in the Procfile (2 workers × 4 threads), on 127.0.0.1."""

    def __init__(self, *, base_dir: Path, env: dict[str, str], port: int, log_path: Path,
                 database: str, workers: int = 2, threads: int = 4) -> None:  # fmt: skip
        self.base_dir, self.env, self.port = base_dir, env, port
        self.log_path, self.database = log_path, database
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, ready_path: str, timeout: float = 90.0) -> None:
        command = [
            sys.executable, "-m", "gunicorn", "hub.wsgi",
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.workers), "--threads", str(self.threads),
            "--timeout", "60", "--graceful-timeout", "5",
            "--chdir", str(self.base_dir), "--log-level", "warning",
        ]  # fmt: skip
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            command, cwd=self.base_dir, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            with contextlib.suppress(OSError):
                request = urllib.request.Request(  # noqa: S310 (http on 127.0.0.1)
                    self.url + ready_path, headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    if response.status == 200 and len(self.worker_processes()) == self.workers:
                        return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def worker_processes(self) -> list[psutil.Process]:
        if self.process is None:
            return []
        try:
            return psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return []

    def _database_backends(self) -> list[psutil.Process]:
        """PostgreSQL backends connected to the bench database (their title names it)."""
        marker = f" {self.database} "
        found = []
        for proc in psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(proc.info["cmdline"] or [])
            if cmdline.startswith("postgres:") and marker in cmdline + " ":
                found.append(proc)
        return found

    @staticmethod
    def _cpu(processes: list[psutil.Process]) -> dict[int, float]:
        total = {}
        for proc in processes:
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total[proc.pid] = times.user + times.system
        return total

    def cpu_snapshot(self) -> tuple[dict[int, float], dict[int, float]]:
        return self._cpu(self.worker_processes()), self._cpu(self._database_backends())

    @staticmethod
    def cpu_delta(before, after) -> CpuSample:
        """CPU seconds used between two snapshots (a process that appeared in between
        counts from zero)."""
        workers = sum(t - before[0].get(pid, 0.0) for pid, t in after[0].items())
        database = sum(t - before[1].get(pid, 0.0) for pid, t in after[1].items())
        return CpuSample(workers, database, frozenset(after[0]))

    def worker_rss(self) -> list[int]:
        sizes = []
        for proc in self.worker_processes():
            with contextlib.suppress(psutil.Error):
                sizes.append(proc.memory_info().rss)
        return sizes
