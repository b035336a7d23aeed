"""Backup and restore of a whole Pilote instance (``pilote sauvegarde`` / ``pilote restauration``).

One archive (tar.gz) holds everything needed after a disaster:

- ``manifest.json``, written first: Pilote's version, the migrations applied, the number of
  rows of every table and the SHA-256 of every file, so that a restore can prove it got back
  exactly what was saved;
- the database: a consistent copy of SQLite taken with SQLite's backup API (safe while Pilote
  writes, WAL mode included), or a ``pg_dump`` of PostgreSQL taken in the same snapshot as the
  row counts;
- the uploaded files (``MEDIA_ROOT``) under ``fichiers/``.

A restore goes only into an empty database and an empty file store, with the same version of
Pilote, from an archive whose every checksum matches; anything else is refused with a French
message before anything is written.
"""

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "base.sqlite3", "postgresql": "base.pgdump"}
FILES_PREFIX = "fichiers/"
CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """A backup or a restore that cannot be done; the message, in French, says why."""


def pilote_version() -> str:
    return version("pilote")


def code_migrations() -> list[str]:
    """Every migration this version of Pilote ships (``app.name``), sorted."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by path relative to it (``/`` separators)."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256_of(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# --- Database snapshots -------------------------------------------------------------------


@dataclass
class DatabaseSnapshot:
    """What the archive records about the database copy it holds."""

    tables: dict[str, int]
    migrations: list[str]


def sqlite_tables_and_counts(database: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {
        name: database.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names
    }


def sqlite_applied_migrations(database: sqlite3.Connection) -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in database.execute("SELECT app, name FROM django_migrations")
    )


def copy_sqlite(target: Path) -> DatabaseSnapshot:
    """Copy the live SQLite database page by page (backup API: consistent even while another
    process writes, and the WAL's committed pages are included), then count the copy."""
    source = sqlite3.connect(f"file:{settings.DATABASES['default']['NAME']}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # A self-contained file: no -wal beside it to forget when archiving.
        copy.execute("PRAGMA journal_mode=DELETE")
        return DatabaseSnapshot(sqlite_tables_and_counts(copy), sqlite_applied_migrations(copy))
    finally:
        copy.close()
        source.close()


def postgres_environment() -> dict[str, str]:
    """libpq's variables for the client programs, from Django's database settings."""
    database = settings.DATABASES["default"]
    environment = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def postgres_client(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupRefused(
            f"Le programme {name} de PostgreSQL est introuvable sur cette machine : installez "
            "les outils clients de PostgreSQL (paquet postgresql-client) de la même version "
            "que le serveur."
        )
    return program


def postgres_tables_and_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
        counts[name] = cursor.fetchone()[0]
    return counts


def dump_postgres(target: Path) -> DatabaseSnapshot:
    """``pg_dump`` in the snapshot of a read-only transaction that also counts the rows, so
    that the counts describe exactly the dumped data even while Pilote keeps writing."""
    program = postgres_client("pg_dump")
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = postgres_tables_and_counts(cursor)
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
            run_client(
                [program, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                "pg_dump",
            )
        raw.rollback()
    finally:
        raw.close()
    return DatabaseSnapshot(tables, migrations)


def run_client(command: list[str], name: str) -> None:
    result = subprocess.run(
        command, env=postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupRefused(f"{name} a échoué : {result.stderr.strip()[:2000]}")


# --- Backup -------------------------------------------------------------------------------


def create_backup(path: Path) -> dict:
    """Write the archive at ``path`` (via a temporary name, so that a backup cut short never
    leaves a file that looks complete) and return its manifest."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupRefused(f"La sauvegarde ne sait pas copier une base {vendor}.")
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".sauvegarde-") as work:
        database_copy = Path(work) / DATABASE_FILES[vendor]
        copy = copy_sqlite if vendor == "sqlite" else dump_postgres
        snapshot = copy(database_copy)
        files = file_checksums(media_root)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "application": "Pilote",
            "version": pilote_version(),
            "created_at": timezone.now().isoformat(),
            "database": {
                "vendor": vendor,
                "file": database_copy.name,
                "sha256": sha256_of(database_copy),
            },
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "files": files,
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            archive.add(database_copy, arcname=database_copy.name)
            for name in files:
                archive.add(media_root / name, arcname=FILES_PREFIX + name)
        os.replace(partial, path)
    return manifest


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


# --- Restore ------------------------------------------------------------------------------

UNREADABLE = (tarfile.TarError, OSError, EOFError, zlib.error, ValueError, UnicodeDecodeError)


def read_manifest(path: Path) -> dict:
    """The manifest of the archive, refused in French if the archive cannot be read."""
    if not path.is_file():
        raise BackupRefused(f"Le fichier {path} n'existe pas.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.next()
            if member is None or member.name != MANIFEST:
                raise BackupRefused(
                    f"{path.name} n'est pas une sauvegarde de Pilote : le manifeste "
                    f"({MANIFEST}) manque en tête de l'archive."
                )
            manifest = json.loads(archive.extractfile(member).read())
    except BackupRefused:
        raise
    except UNREADABLE as exc:
        raise BackupRefused(
            f"L'archive {path.name} est endommagée ou n'est pas une sauvegarde de Pilote "
            f"(lecture impossible : {exc})."
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("application") != "Pilote":
        raise BackupRefused(f"{path.name} n'est pas une sauvegarde de Pilote.")
    return manifest


def check_compatible(manifest: dict) -> None:
    """Same archive format, same Pilote, same migrations, same kind of database."""
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupRefused(
            f"Format de sauvegarde {manifest.get('format')} inconnu de cette version de Pilote "
            f"(format {ARCHIVE_FORMAT})."
        )
    if manifest.get("version") != pilote_version():
        raise BackupRefused(
            f"Cette sauvegarde a été faite avec Pilote {manifest.get('version')} ; cette "
            f"installation est Pilote {pilote_version()}. Restaurez avec la même version, "
            "puis mettez à jour (pilote migrate)."
        )
    if manifest.get("migrations") != code_migrations():
        missing = sorted(set(code_migrations()) - set(manifest.get("migrations") or []))
        extra = sorted(set(manifest.get("migrations") or []) - set(code_migrations()))
        raise BackupRefused(
            "Les migrations de la sauvegarde ne sont pas celles de cette installation"
            + (f" ; absentes de la sauvegarde : {', '.join(missing[:5])}" if missing else "")
            + (f" ; inconnues ici : {', '.join(extra[:5])}" if extra else "")
            + ". Restaurez avec la version de Pilote qui a fait la sauvegarde."
        )
    vendor = manifest.get("database", {}).get("vendor")
    if vendor != connection.vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupRefused(
            f"Cette sauvegarde contient une base {names.get(vendor, vendor)} ; la base "
            f"configurée ici (DATABASE_URL) est {names.get(connection.vendor, connection.vendor)}."
        )


def check_empty_target() -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupRefused(
            f"La base de destination n'est pas vide ({len(tables)} tables) : la restauration "
            "se fait dans une base neuve, sans migrate préalable (DATABASE_URL)."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupRefused(
            f"Le dossier des fichiers déposés ({media_root}) n'est pas vide : la restauration "
            "se fait dans un dossier vide (PILOTE_VAR_DIR)."
        )


def extract_and_verify(path: Path, manifest: dict, work: Path) -> None:
    """Unpack the archive into ``work`` and check every file against the manifest."""
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({FILES_PREFIX + name: digest for name, digest in manifest["files"].items()})
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
    except UNREADABLE as exc:
        raise BackupRefused(
            f"L'archive {path.name} est endommagée (lecture interrompue : {exc})."
        ) from exc
    found = {
        item.relative_to(work).as_posix()
        for item in work.rglob("*")
        if item.is_file() and item.name != MANIFEST
    }
    for name in sorted(set(expected) - found):
        raise BackupRefused(f"L'archive {path.name} est endommagée : {name} manque.")
    for name in sorted(found - set(expected)):
        raise BackupRefused(f"L'archive {path.name} contient un fichier inattendu : {name}.")
    for name, digest in expected.items():
        if sha256_of(work / name) != digest:
            raise BackupRefused(
                f"L'archive {path.name} est endommagée : {name} ne correspond pas à son "
                "empreinte dans le manifeste."
            )


def restore_sqlite(copy: Path) -> None:
    connections.close_all()
    source = sqlite3.connect(copy)
    target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()


def restore_postgres(dump: Path) -> None:
    connections.close_all()
    program = postgres_client("pg_restore")
    run_client(
        [
            program,
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(dump),
        ],
        "pg_restore",
    )


def current_counts() -> dict[str, int]:
    if connection.vendor == "sqlite":
        database = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            return sqlite_tables_and_counts(database)
        finally:
            database.close()
    with connection.cursor() as cursor:
        return postgres_tables_and_counts(cursor)


def restore_backup(path: Path) -> dict:
    """Restore the archive into the empty database and file store; return its manifest."""
    path = Path(path)
    manifest = read_manifest(path)
    check_compatible(manifest)
    check_empty_target()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restauration-") as work:
        work = Path(work)
        extract_and_verify(path, manifest, work)
        database_copy = work / manifest["database"]["file"]
        if connection.vendor == "sqlite":
            restore_sqlite(database_copy)
        else:
            restore_postgres(database_copy)
        files = work / FILES_PREFIX.rstrip("/")
        if files.exists():
            with contextlib.suppress(FileNotFoundError):
                media_root.rmdir()
            shutil.move(files, media_root)
    counts = current_counts()
    differences = [
        f"{table} : {counts.get(table)} au lieu de {expected}"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    if differences:
        raise BackupRefused(
            "La base restaurée ne correspond pas au manifeste : " + " ; ".join(differences[:10])
        )
    return manifest
