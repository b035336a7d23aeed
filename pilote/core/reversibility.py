"""One school's data, readable without Pilote (``pilote export-etablissement UAI FICHIER``).

Reversibility: a school that leaves Pilote (or an académie that changes tool) takes its data
with it. The zip holds ``donnees.json`` — every row that belongs to the school, found the way
a deletion would find it (everything that depends on the school, directly or through another
of its rows), plus its members' accounts and the history of those rows — and ``fichiers/``,
the documents uploaded for the school, with their SHA-256 in the JSON.

Nothing in it belongs to another school: only rows reached from this school are written, and
secrets (password hashes, feed tokens, second-factor keys) are left out.
"""

import hashlib
import json
import zipfile
from collections import defaultdict
from pathlib import Path

from django.contrib.admin.utils import NestedObjects
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, models
from django.utils import timezone

from pilote.core.backup import pilote_version
from pilote.core.models import Membership, School, User

EXPORT_FORMAT = 1
DATA_FILE = "donnees.json"
FILES_PREFIX = "fichiers/"
# Account fields a school's data needs; the rest (password hash, flags) stays in Pilote.
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "date_joined"]
SECRET_WORDS = ("password", "token", "secret", "key")


def school_objects(school: School) -> dict[type[models.Model], list[models.Model]]:
    """Every row that depends on the school, by model (the school itself included)."""
    collector = NestedObjects(using=DEFAULT_DB_ALIAS)
    collector.collect([school])
    rows: dict[type[models.Model], dict[int, models.Model]] = defaultdict(dict)
    for model, instances in collector.data.items():
        for instance in instances:
            rows[model][instance.pk] = instance
    # Rows that protect the school from deletion (its journal) are its data too.
    for instance in collector.protected:
        rows[type(instance)][instance.pk] = instance
    return {model: list(found.values()) for model, found in rows.items()}


def public_fields(model: type[models.Model]) -> list[str]:
    """Concrete fields worth exporting: no secret of any kind."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and not any(word in field.name for word in SECRET_WORDS)
    ]


def history_rows(model: type[models.Model], instances: list[models.Model]) -> list:
    """simple_history's rows for these instances (their past versions)."""
    history = getattr(model, "history", None)
    if history is None or not hasattr(history, "model"):
        return []
    return list(history.model.objects.filter(id__in=[instance.pk for instance in instances]))


def serialize(model: type[models.Model], instances: list, fields: list[str] | None = None):
    return serializers.serialize(
        "python",
        sorted(instances, key=lambda instance: instance.pk),
        fields=fields or public_fields(model),
    )


def export_school(uai: str, path: Path) -> dict:
    """Write the zip for the school ``uai``; return a summary (rows by model, files)."""
    school = School.objects.get(uai=uai)
    found = school_objects(school)
    records: list[dict] = []
    files: dict[str, models.fields.files.FieldFile] = {}
    summary: dict[str, int] = {}
    for model, instances in sorted(found.items(), key=lambda item: item[0]._meta.label):
        records.extend(serialize(model, instances))
        summary[model._meta.label] = len(instances)
        for instance in instances:
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    stored = getattr(instance, field.name)
                    if stored and stored.storage.exists(stored.name):
                        files[stored.name] = stored
        past = history_rows(model, instances)
        if past:
            records.extend(serialize(type(past[0]), past))
            summary[type(past[0])._meta.label] = len(past)
    members = User.objects.filter(
        pk__in=Membership.objects.filter(school=school).values("user")
    ).distinct()
    records.extend(serialize(User, list(members), USER_FIELDS))
    summary[User._meta.label] = len(members)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    checksums = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, stored in sorted(files.items()):
            digest = hashlib.sha256()
            with stored.open("rb") as source, archive.open(FILES_PREFIX + name, "w") as target:
                while chunk := source.read(1024 * 1024):
                    digest.update(chunk)
                    target.write(chunk)
            checksums[name] = digest.hexdigest()
        document = {
            "format": EXPORT_FORMAT,
            "application": "Pilote",
            "version": pilote_version(),
            "exporte_le": timezone.now(),
            "etablissement": {"uai": school.uai, "nom": school.name},
            "lignes_par_modele": summary,
            "fichiers": checksums,
            "objets": records,
        }
        archive.writestr(
            DATA_FILE, json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        )
    return {"rows": summary, "files": checksums}
