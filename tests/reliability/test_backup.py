"""``make backup`` / ``make restore`` (hub/backup.py) bring every table back as it was."""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from hub.models import EmailDelivery, Job
from partnerships.roles import Role
from tests.hub.factories import UserFactory
from tests.mel.factories import IndicatorFactory, MeasurementFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.worker import ROOT, _database_url

pytestmark = pytest.mark.django_db(transaction=True)

KEY_TABLES = ["hub_user", "partnerships_partnership", "mel_indicator", "mel_measurement"]


def _seed() -> None:
    """Rows across apps: people, partnerships, memberships, MEL data and its history."""
    for name in ["Mount Elgon", "Kilimanjaro"]:
        partnership = PartnershipFactory(name=name)
        MembershipFactory(partnership=partnership, role=Role.LEADER)
        MembershipFactory(partnership=partnership, role=Role.VIEWER)
        for code in ["HA-1", "PPL-1"]:
            indicator = IndicatorFactory(result__framework__partnership=partnership, code=code)
            MeasurementFactory(indicator=indicator)
    Job.objects.create(owner=UserFactory(), kind="export", title="Export", task_name="x")
    EmailDelivery.objects.create(dedup_key="welcome", to_address="a@example.org", subject="Hi")


@contextlib.contextmanager
def _copy_of_the_test_database() -> Iterator[str]:
    """A scratch database copied from the test database, which this test may ruin."""
    template = connection.settings_dict["NAME"]
    name = f"{template}_backup_{uuid.uuid4().hex[:8]}"
    server = _database_url().rsplit("/", 1)[0]
    connection.close()  # a template database must have no other sessions
    create = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
        sql.Identifier(name), sql.Identifier(template)
    )
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        # A session closed by an earlier test of this worker (a thread's connection, a
        # worker process) can outlive its client for a moment: wait for it, then end it.
        deadline = time.monotonic() + 10
        while True:
            try:
                admin.execute(create)
                break
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > deadline:
                    admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = %s AND pid <> pg_backend_pid()",
                        [template],
                    )
                    deadline = time.monotonic() + 10
                time.sleep(0.5)
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _snapshot(url: str) -> tuple[dict[str, int], dict[str, str]]:
    """Exact row counts of every table in the public schema, and a hash of the content
    of the key tables."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        counts = {
            table: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }
        hashes = {
            table: conn.execute(
                sql.SQL("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))"
                        " FROM {} AS t").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in KEY_TABLES
        }  # fmt: skip
    return counts, hashes


def _hub_backup(url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hub.backup", *args],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": url, **env},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_restore_brings_back_every_row_of_the_backup(tmp_path):
    _seed()
    with _copy_of_the_test_database() as url:
        before = _snapshot(url)
        assert before[0]["mel_measurement"] == 4 and before[0]["hub_user"] >= 5

        # when the database is backed up to a chosen file
        dump = tmp_path / "nightly.dump"
        backed_up = _hub_backup(url, "backup", BACKUP_FILE=str(dump))
        assert backed_up.returncode == 0, backed_up.stderr
        assert backed_up.stdout.strip() == f"Backup written to {dump}"
        assert dump.stat().st_size > 0

        # and then changed: rows deleted, edited and added
        with psycopg.connect(url) as conn:
            conn.execute("DELETE FROM mel_measurement WHERE id IN"
                         " (SELECT id FROM mel_measurement ORDER BY id LIMIT 2)")  # fmt: skip
            conn.execute("UPDATE hub_user SET full_name = 'Changed'")
            conn.execute("DELETE FROM hub_emaildelivery")
            conn.execute("DROP TABLE hub_job CASCADE")
        assert _snapshot(url) != before

        # then restoring the backup brings every table back as it was
        restored = _hub_backup(url, "restore", RESTORE_FILE=str(dump))
        assert restored.returncode == 0, restored.stderr
        assert _snapshot(url) == before


def test_restore_refuses_without_a_file(tmp_path):
    refused = _hub_backup(_database_url(), "restore", RESTORE_FILE="")
    assert refused.returncode == 1
    assert "RESTORE_FILE" in refused.stderr
    missing = _hub_backup(_database_url(), "restore", str(tmp_path / "nope.dump"))
    assert (missing.returncode, "No such backup file" in missing.stderr) == (1, True)
