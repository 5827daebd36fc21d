"""Back up and restore the hub's database (``make backup``, ``make restore``).

    python -m hub.backup backup  [FILE]   # pg_dump -Fc; default var/backups/<UTC time>.dump
    python -m hub.backup restore FILE     # pg_restore --clean --if-exists, one transaction

``BACKUP_FILE`` / ``RESTORE_FILE`` give the file too. Restore replaces the database's
contents without asking (it runs in CI, which has no terminal); it refuses to run
without a file. The database is ``DATABASE_URL`` or the embedded development one.

pg_dump and pg_restore must be at least as new as the server. Without
``DATABASE_URL`` the embedded PostgreSQL's own tools are used; with it, those on the
PATH when they are new enough, else the embedded ones (``PG_BIN_DIR`` overrides both).
Media files (``var/media/`` or the bucket) are not part of this backup.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hub.devservices import DEFAULT_DATABASE_URL, VAR_DIR

BACKUP_DIR = VAR_DIR / "backups"


class BackupError(Exception):
    pass


def _database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def _connection_env(url: str) -> tuple[dict[str, str], str]:
    """libpq environment variables for ``url`` (no password on the command line) and
    the database name."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise BackupError(f"Not a PostgreSQL DATABASE_URL: {parts.scheme}://…")
    env = {
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": unquote(parts.username or "postgres"),
    }
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    return env, unquote(parts.path.lstrip("/"))


def _major(tool: str) -> int:
    output = subprocess.run(  # noqa: S603 (our own argument list, no shell)
        [tool, "--version"], capture_output=True, text=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else 0


def _server_major(env: dict[str, str], database: str) -> int:
    import psycopg

    params = {
        "host": env["PGHOST"],
        "port": env["PGPORT"],
        "user": env["PGUSER"],
        "password": env.get("PGPASSWORD"),
        "dbname": database,
    }
    with psycopg.connect(**params, connect_timeout=10) as conn:
        return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000


def _embedded_bin_dir() -> Path | None:
    try:
        from hub.devservices import _pg_bin

        return Path(_pg_bin("pg_dump")).parent
    except ImportError:
        return None


def tool_path(name: str, *, server_major: int) -> str:
    """The ``pg_dump``/``pg_restore`` to use for a server of ``server_major``."""
    if os.environ.get("PG_BIN_DIR"):
        return str(Path(os.environ["PG_BIN_DIR"]) / name)
    candidates = []
    embedded = _embedded_bin_dir()
    if os.environ.get("DATABASE_URL") and shutil.which(name):
        candidates.append(shutil.which(name))
    if embedded and (embedded / name).exists():
        candidates.append(str(embedded / name))
    for candidate in candidates:
        if _major(candidate) >= server_major:
            return candidate
    raise BackupError(
        f"No {name} for PostgreSQL {server_major} found (tried: {', '.join(candidates)}); "
        "set PG_BIN_DIR to the folder of a recent enough one."
    )


def backup(path: str | os.PathLike | None = None) -> Path:
    """Dump the database (custom format, compressed) to ``path``; returns the path."""
    env, database = _connection_env(_database_url())
    if path:
        target = Path(path)
    else:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = BACKUP_DIR / f"{stamp}.dump"
    target.parent.mkdir(parents=True, exist_ok=True)
    pg_dump = tool_path("pg_dump", server_major=_server_major(env, database))
    partial = target.with_name(target.name + ".partial")
    result = subprocess.run(  # noqa: S603 (our own argument list, no shell)
        [pg_dump, "--format=custom", "--no-owner", "--no-acl", f"--file={partial}", database],
        env={**os.environ, **env},
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed (exit status {result.returncode}).")
    partial.replace(target)
    return target


def restore(path: str | os.PathLike | None) -> None:
    """Replace the database's contents with the dump at ``path``, all or nothing."""
    if not path:
        raise BackupError("Say which backup to restore: make restore RESTORE_FILE=path/to.dump")
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"No such backup file: {source}")
    env, database = _connection_env(_database_url())
    pg_restore = tool_path("pg_restore", server_major=_server_major(env, database))
    result = subprocess.run(  # noqa: S603 (our own argument list, no shell)
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction",
         f"--dbname={database}", str(source)],
        env={**os.environ, **env},
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(
            f"pg_restore failed (exit status {result.returncode}); the database is unchanged."
        )


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    argument = argv[2] if len(argv) > 2 else ""
    try:
        if command == "backup":
            target = backup(argument or os.environ.get("BACKUP_FILE") or None)
            print(f"Backup written to {target}")
        elif command == "restore":
            source = argument or os.environ.get("RESTORE_FILE")
            restore(source)
            print(f"Restored the database from {source}")
        else:
            print(__doc__)
            return 2
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
