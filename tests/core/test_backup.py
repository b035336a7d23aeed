"""Backup and restore of the whole instance, and the export of one school.

The restores run ``pilote restauration`` in another process on a database of its own, as an
administrator would after a disaster; the counts and checksums compared here are read
directly from both databases and file trees, not from the manifest.
"""

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pilote.core.demo import load_organisations
from pilote.core.management.commands.demo import load_demo
from pilote.core.models import School
from pilote.support.models import RequestAttachment, SupportRequest
from tests import workers
from tests.support.factories import SupportRequestFactory

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def attach(support_request: SupportRequest, name: str, content: bytes) -> RequestAttachment:
    attachment = RequestAttachment(request=support_request, original_name=name, size=len(content))
    attachment.file.save(name, ContentFile(content), save=True)
    return attachment


def add_uploaded_files() -> None:
    """The demo uploads nothing: a few attachments in each school, one binary."""
    for index, request in enumerate(SupportRequest.objects.order_by("pk")[:6]):
        attach(request, f"photo-{index}.png", PNG + bytes([index]))
        attach(request, f"constat {index}.txt", f"Constat n° {index} — écran noir".encode())


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def sqlite_counts(path: str) -> dict[str, int]:
    database = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: database.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        database.close()


def postgres_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as database:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        return {t: database.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def restore(archive: Path, database_url: str, var_dir: Path) -> subprocess.CompletedProcess:
    """``pilote restauration`` in a process of its own, on another database and file store."""
    return subprocess.run(
        [sys.executable, "-m", "pilote.cli", "restauration", str(archive)],
        cwd=workers.ROOT,
        env=workers.worker_environment(DATABASE_URL=database_url, PILOTE_VAR_DIR=var_dir),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def source_counts() -> dict[str, int]:
    if connection.vendor == "sqlite":
        return sqlite_counts(settings.DATABASES["default"]["NAME"])
    return postgres_counts(workers.test_database_url())


@pytest.fixture
def fresh_postgres():
    """An empty PostgreSQL database of this test run's own (dropped afterwards)."""
    name = f"{connection.settings_dict['NAME']}_restauration"
    admin_url = workers.test_database_url().replace("postgres://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield workers.test_database_url().rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def assert_full_demo_round_trip(tmp_path: Path, target_url: str, target_counts) -> None:
    load_demo()
    add_uploaded_files()
    archive = tmp_path / "pilote.tar.gz"
    call_command("sauvegarde", str(archive))
    before_counts, before_files = source_counts(), checksums(Path(settings.MEDIA_ROOT))
    # The twelve photos added above and the demo's own files (the bilan the collège shared).
    assert before_counts["support_requestattachment"] == 12
    assert before_counts["pilotage_sharedbilan"] >= 1
    assert len(before_files) == 12 + before_counts["pilotage_sharedbilan"]
    assert before_counts["skills_competenceresult"] > 1000  # the full demo, not a sample

    result = restore(archive, target_url, tmp_path / "restauree")
    assert result.returncode == 0, result.stderr
    assert "restaurée" in result.stdout
    assert target_counts() == before_counts
    assert checksums(tmp_path / "restauree" / "media") == before_files


ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
# Committed data (the restore and the SQLite copy run in other connections); the referentials
# that migrations load, emptied by earlier transactional tests, are put back first.
FULL_DEMO = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.skipif(not ON_SQLITE, reason="version SQLite du test (PostgreSQL à côté)")
@FULL_DEMO
def test_full_demo_restores_identically_on_sqlite(tmp_path):
    target = tmp_path / "neuve.sqlite3"
    assert_full_demo_round_trip(tmp_path, f"sqlite:///{target}", lambda: sqlite_counts(str(target)))


@pytest.mark.postgres
@pytest.mark.skipif(ON_SQLITE, reason="test réservé à PostgreSQL (DATABASE_URL=postgres://…)")
@FULL_DEMO
def test_full_demo_restores_identically_on_postgresql(tmp_path, fresh_postgres):
    assert_full_demo_round_trip(tmp_path, fresh_postgres, lambda: postgres_counts(fresh_postgres))


# --- Refusals: nothing is written --------------------------------------------------------


@pytest.fixture
def small_backup(transactional_db, tmp_path) -> Path:
    demo = load_organisations()
    attach(SupportRequestFactory(school=demo.college), "photo.png", PNG)
    archive = tmp_path / "petite.tar.gz"
    call_command("sauvegarde", str(archive))
    return archive


def rewritten(archive: Path, target: Path, change) -> Path:
    """A copy of ``archive`` where ``change(name, data)`` returns each member's new bytes."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def empty_target(tmp_path: Path) -> tuple[str, Path]:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'neuve.sqlite3'}", tmp_path / "neuve.sqlite3"
    pytest.skip("refus vérifiés sur SQLite (même code pour PostgreSQL)")


def assert_refused(archive: Path, tmp_path: Path, message: str) -> None:
    url, database = empty_target(tmp_path)
    result = restore(archive, url, tmp_path / "restauree")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert not database.exists() or sqlite_counts(str(database)) == {}
    assert not (tmp_path / "restauree" / "media").exists()


def test_restore_refuses_another_version_of_pilote(small_backup, tmp_path):
    def older(name, data):
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "version": "0.0.9"}).encode()

    archive = rewritten(small_backup, tmp_path / "ancienne.tar.gz", older)
    assert_refused(archive, tmp_path, "faite avec Pilote 0.0.9")


def test_restore_refuses_a_file_whose_checksum_changed(small_backup, tmp_path):
    def damaged(name, data):
        return data[:-1] + b"?" if name.endswith("photo.png") else data

    archive = rewritten(small_backup, tmp_path / "abimee.tar.gz", damaged)
    assert_refused(archive, tmp_path, "ne correspond pas à son empreinte")


def test_restore_refuses_a_truncated_archive(small_backup, tmp_path):
    truncated = tmp_path / "coupee.tar.gz"
    truncated.write_bytes(small_backup.read_bytes()[:-2000])
    assert_refused(truncated, tmp_path, "est endommagée")


def test_restore_refuses_a_database_that_is_not_empty(small_backup):
    schools = School.objects.count()
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restauration", str(small_backup))
    assert School.objects.count() == schools


# --- One school's export ------------------------------------------------------------------


def test_school_export_holds_its_data_and_files_and_nothing_of_another_school(world, tmp_path):
    mine = SupportRequestFactory(school=world.college, requester=world["prof.college"])
    theirs = SupportRequestFactory(school=world.lycee, requester=world["prof.lycee"])
    attach(mine, "panne.png", PNG)
    attach(theirs, "lycee-secret.png", PNG + b"lycee")
    target = tmp_path / "college.zip"

    call_command("export-etablissement", "0449901y", str(target))

    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        text = archive.read("donnees.json").decode()
        files = {
            name: hashlib.sha256(archive.read(name)).hexdigest()
            for name in names
            if name.startswith("fichiers/")
        }
    document = json.loads(text)
    assert document["etablissement"]["uai"] == "0449901Y"
    expected = "fichiers/" + mine.attachments.get().file.name
    assert files == {expected: hashlib.sha256(PNG).hexdigest()}
    models = {row["model"] for row in document["objets"]}
    assert {"core.school", "core.membership", "support.supportrequest", "core.user"} <= models
    for row in document["objets"]:
        school = row["fields"].get("school")
        assert school in (None, world.college.pk), row
    for foreign in ("0449902Z", "Estuaire", "prof.lycee", "chef.lycee", theirs.title):
        assert foreign not in text, foreign
    assert "prof.college" in text
    assert "password" not in text


def test_school_export_of_an_unknown_uai_says_so(world, tmp_path):
    with pytest.raises(CommandError, match="Aucun établissement d'UAI 0000000A"):
        call_command("export-etablissement", "0000000A", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()
