"""The national catalogue: a versioned YAML file loaded into the database.

The loader is idempotent: it updates each entry by its ``code``, creates the new ones and marks
« non proposé » the national entries whose code left the file, so that the schools which
adopted them keep their history. It runs after every ``migrate`` (``CatalogueConfig``) and
by ``pilote charger_catalogue`` after the file changes.
"""

from dataclasses import dataclass
from pathlib import Path

from pilote.core.referentials import read, schema_path

from .choices import ServiceOrigin
from .models import Service

REFERENTIAL_PATH = Path(__file__).parent / "referentials" / "services_nationaux.yaml"

AUDIENCES = {
    "eleves": "for_pupils",
    "responsables": "for_guardians",
    "enseignants": "for_teachers",
    "personnels": "for_staff",
}


@dataclass
class LoadResult:
    version: str
    created: int
    updated: int
    withdrawn: int


def read_referential(path: Path = REFERENTIAL_PATH) -> dict:
    return read(path, schema_path(REFERENTIAL_PATH))


def service_fields(entry: dict) -> dict:
    """The model's field values for one YAML entry (French keys → model fields)."""
    fields = {
        "name": entry["nom"],
        "kind": entry["nature"],
        "publisher": entry.get("editeur", ""),
        "description": entry.get("description", ""),
        "obligation": entry["usage"],
        "sector": entry["secteur"],
        "gar": entry["gar"],
        "family_authentication": entry.get("connexion_familles", ""),
        "staff_authentication": entry.get("connexion_personnels", ""),
        "support_contact": entry["assistance"],
        "url": entry.get("url", ""),
        "processes_personal_data": entry.get("donnees_personnelles", False),
        "personal_data_categories": entry.get("categories_donnees", ""),
        "sensitive_data": entry.get("sensible", False),
        "purpose": entry.get("finalite", ""),
        "legal_basis": entry.get("base_legale", ""),
        "controller": entry.get("responsable", ""),
        "hosting": entry.get("hebergement", "inconnu"),
        "reserved_to": entry.get("reserve_aux", ""),
        "to_confirm": entry.get("a_confirmer", False),
        "source": entry.get("source", ""),
        "is_offered": True,
    }
    audiences = entry.get("public", [])
    unknown = set(audiences) - set(AUDIENCES)
    if unknown:
        raise ValueError(f"{entry['code']} : public inconnu {sorted(unknown)}")
    fields.update({name: key in audiences for key, name in AUDIENCES.items()})
    return fields


def load_national_catalogue(path: Path = REFERENTIAL_PATH) -> LoadResult:
    """Upsert the national entries (after every ``migrate``: ``CatalogueConfig``)."""
    referential = read_referential(path)
    national = Service.objects.filter(origin=ServiceOrigin.NATIONAL)
    existing = {service.code: service for service in national.exclude(code="")}
    created = updated = 0
    for entry in referential["services"]:
        fields = service_fields(entry)
        service = existing.get(entry["code"])
        if service is None:
            Service.objects.create(code=entry["code"], origin=ServiceOrigin.NATIONAL, **fields)
            created += 1
        elif any(getattr(service, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(service, name, value)
            service.save()
            updated += 1
    codes = {entry["code"] for entry in referential["services"]}
    withdrawn = (
        national.exclude(code="")
        .exclude(code__in=codes)
        .filter(is_offered=True)
        .update(is_offered=False)
    )
    return LoadResult(str(referential["version"]), created, updated, withdrawn)
