"""A small HTTP/1.1 load generator on asyncio (no dependency beyond the standard library).

Two modes:

- ``closed``: ``concurrency`` clients send requests back to back for ``duration``
  seconds; completed requests per second is the saturation throughput.
- ``fixed_rate``: requests start on a fixed schedule (``rate`` per second) whatever the
  server does, and each latency is measured from the *scheduled* start, so a stalled
  server shows in the percentiles instead of silently lowering the rate ("coordinated
  omission").

Every request opens its own connection (``Connection: close``), so the gunicorn
workers share the load the way they share a load balancer's connections.
"""

from __future__ import annotations

import asyncio
import collections
import math
import time
from dataclasses import dataclass, field

TIMEOUT = 30.0


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    path: str
    headers: tuple[tuple[str, str], ...] = ()

    def request_bytes(self) -> bytes:
        lines = [
            f"GET {self.path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: landscape-hub-bench",
            "Accept: */*",
            "Connection: close",
            *(f"{name}: {value}" for name, value in self.headers),
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@dataclass
class PhaseResult:
    mode: str
    duration: float
    latencies: list[float] = field(default_factory=list)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    failures: collections.Counter = field(default_factory=collections.Counter)
    body_bytes: int = 0
    client_cpu: float = 0.0
    rate: float | None = None

    @property
    def completed(self) -> int:
        return len(self.latencies)

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def errors(self) -> int:
        return self.completed - self.ok + sum(self.failures.values())

    @property
    def throughput(self) -> float:
        return self.completed / self.duration if self.duration else 0.0

    def percentile(self, p: float) -> float | None:
        """Nearest-rank percentile, in seconds."""
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> int:
    if "content-length" in headers:
        length = int(headers["content-length"])
        await reader.readexactly(length)
        return length
    if headers.get("transfer-encoding", "").lower() == "chunked":
        total = 0
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                await reader.readline()
                return total
            await reader.readexactly(size + 2)
            total += size
    return len(await reader.read())


async def fetch(target: Target, payload: bytes) -> tuple[int, int]:
    """One request on a new connection: (status, body bytes)."""
    reader, writer = await asyncio.open_connection(target.host, target.port)
    try:
        writer.write(payload)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        return status, await _read_body(reader, headers)
    finally:
        writer.close()


async def _timed(target: Target, payload: bytes, start: float, result: PhaseResult) -> None:
    try:
        status, size = await asyncio.wait_for(fetch(target, payload), TIMEOUT)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
        result.failures[type(error).__name__] += 1
        return
    result.latencies.append(time.perf_counter() - start)
    result.statuses[status] += 1
    result.body_bytes += size


async def _closed(target: Target, concurrency: int, duration: float) -> PhaseResult:
    payload = target.request_bytes()
    result = PhaseResult(mode="closed", duration=duration)
    cpu0 = time.process_time()
    started = time.perf_counter()
    deadline = started + duration

    async def client():
        while time.perf_counter() < deadline:
            await _timed(target, payload, time.perf_counter(), result)

    await asyncio.gather(*(client() for _i in range(concurrency)))
    result.duration = time.perf_counter() - started
    result.client_cpu = time.process_time() - cpu0
    return result


async def _fixed(target: Target, rate: float, duration: float, max_inflight: int) -> PhaseResult:
    payload = target.request_bytes()
    result = PhaseResult(mode="fixed_rate", duration=duration, rate=rate)
    total = max(1, round(rate * duration))
    slots = asyncio.Semaphore(max_inflight)
    tasks = []
    cpu0 = time.process_time()
    started = time.perf_counter()

    async def one(scheduled: float):
        async with slots:
            await _timed(target, payload, scheduled, result)

    for i in range(total):
        scheduled = started + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    result.duration = max(time.perf_counter() - started, duration)
    result.client_cpu = time.process_time() - cpu0
    return result


def closed(target: Target, *, concurrency: int, duration: float) -> PhaseResult:
    return asyncio.run(_closed(target, concurrency, duration))


def fixed_rate(
    target: Target, *, rate: float, duration: float, max_inflight: int = 256
) -> PhaseResult:
    return asyncio.run(_fixed(target, rate, duration, max_inflight))
