"""Where the benchmark runs: its own database and Redis database, never the dev or test
ones, and the environment of both the runner and the gunicorn server (production
settings, DEBUG off). Read before Django is set up."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from hub.devservices import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var" / "bench"
RESULTS = BASE_DIR / "bench" / "results.json"
DEFAULT_DATABASE = "landscapehub_bench"
DEFAULT_REDIS_DB = 12


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


@dataclass(frozen=True)
class BenchConfig:
    database_url: str
    redis_url: str
    secret_key: str

    @property
    def database(self) -> str:
        return urlsplit(self.database_url).path.lstrip("/")

    @property
    def admin_conninfo(self) -> str:
        return _with_path(self.database_url.replace("postgres://", "postgresql://", 1), "/postgres")

    def environment(self) -> dict[str, str]:
        """Variables of the runner and of gunicorn (the same, so sessions signed by the
        runner are valid in the server)."""
        return {
            "DJANGO_SETTINGS_MODULE": "tests.perf.settings",
            "DJANGO_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "STATIC_ROOT": str(VAR_DIR / "staticfiles"),
            "MEDIA_ROOT": str(VAR_DIR / "media"),
            "EMAIL_URL": "consolemail://",
            "LOG_LEVEL": "WARNING",
            # The per-key throttle stays on (its Redis round trips are part of the cost)
            # but must not answer 429 to the load generator.
            "API_RATE": "1000000/s",
            "HUB_TESTING": "false",
        }


def load() -> BenchConfig:
    source_db = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    source_redis = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    database_url = os.environ.get("BENCH_DATABASE_URL") or _with_path(
        source_db, f"/{DEFAULT_DATABASE}"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL") or _with_path(
        source_redis, f"/{DEFAULT_REDIS_DB}"
    )
    config = BenchConfig(
        database_url=database_url,
        redis_url=redis_url,
        secret_key="bench-" + secrets.token_urlsafe(48),
    )
    name = config.database
    dev_name = urlsplit(source_db).path.lstrip("/")
    if not name or name.startswith("test_") or name in {dev_name, "landscapehub", "postgres"}:
        raise SystemExit(
            f"refusing to benchmark on database {name!r}: set BENCH_DATABASE_URL to a "
            "database of its own (it is dropped and rebuilt when the generator changes)."
        )
    if urlsplit(redis_url).path.strip("/") in ("", "0") and redis_url == source_redis:
        raise SystemExit("set BENCH_REDIS_URL to a Redis database of its own")
    return config
