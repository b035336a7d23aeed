"""Loading the security measures referential (``referentials/mesures.yaml``) into the database.

Referentials are data: a new version of the file is loaded by ``migrate`` (post_migrate
signal) and by ``pilote demo``. Loading is an upsert on the measure code, so it can run any
number of times; a measure that disappears from the file is marked retired rather than
deleted, because schools' answers point at it and stay as history.
"""

from pathlib import Path

from django.db import transaction

from pilote.core.referentials import ReferentialError, read, schema_path

from .choices import MeasureSource, Notion

REFERENTIAL_PATH = Path(__file__).parent / "referentials" / "mesures.yaml"


def read_referential(path: Path = REFERENTIAL_PATH) -> tuple[str, list[dict]]:
    """The version and the measures of the file, checked, as model field values."""
    data = read(path, schema_path(REFERENTIAL_PATH))
    version = str(data["version"])
    measures = []
    for position, item in enumerate(data["mesures"], start=1):
        code = item.get("code", f"n° {position}")
        if item.get("source") not in MeasureSource.values:
            raise ReferentialError(f"{path.name}, mesure {code} : source inconnue.")
        notions = str(item.get("notions", ""))
        if not notions or not set(notions) <= set(Notion.values):
            raise ReferentialError(f"{path.name}, mesure {code} : notions D-I-C-T invalides.")
        measures.append(
            {
                "code": code,
                "source": item["source"],
                "number": item.get("numero"),
                "chapter": item.get("chapitre", ""),
                "label": item["libelle"],
                "guidance": item.get("point_cle", ""),
                "notions": "".join(n for n in Notion.values if n in notions),
                "to_confirm": bool(item.get("a_confirmer", False)),
                "referential_version": version,
                "position": position,
                "retired": False,
            }
        )
    return version, measures


@transaction.atomic
def load_measures(path: Path = REFERENTIAL_PATH) -> int:
    """Upsert the national measures; returns how many rows were created or changed."""
    from .models import SecurityMeasure

    _version, measures = read_referential(path)
    existing = {m.code: m for m in SecurityMeasure.objects.filter(academie__isnull=True)}
    changed = 0
    for values in measures:
        measure = existing.pop(values["code"], None)
        if measure is None:
            SecurityMeasure.objects.create(**values)
            changed += 1
        elif any(getattr(measure, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(measure, key, value)
            measure.save()
            changed += 1
    for measure in existing.values():
        if not measure.retired:
            measure.retired = True
            measure.save()
            changed += 1
    return changed
