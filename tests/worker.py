"""Celery for tests: a real worker process on a private queue, and eager mode.

``celery_worker`` starts ``celery -A hub worker`` against the pytest test database
and the test Redis, consuming a queue no other test run uses, and makes this test
process publish to that queue. Use it with
``@pytest.mark.django_db(transaction=True)`` (the worker only sees committed rows)
and ``@pytest.mark.worker``::

    @pytest.mark.worker
    @pytest.mark.django_db(transaction=True)
    def test_report(celery_worker):
        job = job_create(...)
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished)

``celery_worker_factory(**env)`` starts one with extra environment variables (for
example ``EMAIL_URL``). ``celery_eager`` runs tasks in this process instead, for
tests that exercise a whole flow without a broker.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from hub.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 30


def wait_for(condition: Callable[[], object], *, timeout: float = 60, interval: float = 0.2):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(interval)


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@dataclass
class WorkerProcess:
    queue: str
    process: subprocess.Popen
    log_path: Path
    env: dict = field(repr=False)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def _start(queue: str, log_path: Path, extra_env: dict[str, str]) -> WorkerProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings",
        "HUB_TESTING": "1",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_URL": "dummymail://",
        "CONN_MAX_AGE": "0",
        **extra_env,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "hub", "worker",
        "--pool", "solo", "--loglevel", "INFO", "--hostname", f"{queue}@%h",
        "--without-mingle", "--without-gossip", "--without-heartbeat",
    ]  # fmt: skip
    log = log_path.open("wb")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    worker = WorkerProcess(queue=queue, process=process, log_path=log_path, env=env)
    deadline = time.monotonic() + READY_TIMEOUT
    while " ready." not in worker.log():
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            pytest.fail(f"the Celery worker did not start:\n{worker.log()[-4000:]}")
        time.sleep(0.2)
    return worker


def _forget_queue(queue: str) -> None:
    """Remove what kombu left in Redis for the private queue."""
    import redis

    name = queue.encode()
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        client.delete(queue)
        for key in client.scan_iter(match="_kombu.binding*"):
            if name in key:
                client.delete(key)
            elif client.type(key) == b"set":
                for member in client.smembers(key):
                    if name in member:
                        client.srem(key, member)
    finally:
        client.close()


@pytest.fixture
def celery_worker_factory(transactional_db, tmp_path):
    started: list[WorkerProcess] = []
    original_queue = celery_app.conf.task_default_queue

    def start(**extra_env: str) -> WorkerProcess:
        queue = f"test-{uuid.uuid4().hex}"
        celery_app.conf.task_default_queue = queue
        worker = _start(queue, tmp_path / f"worker-{len(started)}.log", extra_env)
        started.append(worker)
        return worker

    yield start
    celery_app.conf.task_default_queue = original_queue
    for worker in started:
        worker.stop()
        _forget_queue(worker.queue)


@pytest.fixture
def celery_worker(celery_worker_factory) -> WorkerProcess:
    return celery_worker_factory()


@pytest.fixture
def celery_eager():
    """Run ``.delay()``/``.apply_async()`` in this process, raising task errors."""
    conf = celery_app.conf
    before = (conf.task_always_eager, conf.task_eager_propagates)
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = before


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list = field(default_factory=list)

    @property
    def email_url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


class _Collector:
    def __init__(self, server: SmtpServer):
        self.server = server

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.server.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on 127.0.0.1; ``.messages`` holds what it got as
    (envelope recipients, parsed message)."""
    from aiosmtpd.controller import Controller

    server = SmtpServer(host="127.0.0.1", port=free_port())
    controller = Controller(_Collector(server), hostname=server.host, port=server.port)
    controller.start()
    yield server
    controller.stop()
