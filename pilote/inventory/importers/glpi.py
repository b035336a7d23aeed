"""The computer list exported from GLPI (Parc → Ordinateurs → export CSV).

GLPI writes the columns displayed in the list, separated by « ; », in UTF-8. Its « Statut »
and « Type » values are defined by each instance, so Pilote reads them by keywords and
falls back to « en service » / « poste fixe » with a warning. The « Lieu » is a path
(« Collège > Bâtiment A > Salle 101 »): its last part is the room, the one before the
building. Everything GLPI does not know (origin, domain, maintainer) keeps Pilote's defaults
on creation and is never overwritten on re-import.
"""

from pilote.core.columns import unquote_glpi
from pilote.core.files import Table, normalize_label, read_csv
from pilote.core.importing import register_importer

from ..choices import Category, EquipmentStatus
from .base import DeviceRow, EquipmentImporter, read_date, read_decimal

FINANCIAL = "Informations financières et administratives"
COLUMNS = {
    "name": ["Nom", "Name"],
    "serial_number": ["Numéro de série", "Serial number"],
    "inventory_number": ["Numéro d'inventaire", "Inventory number"],
    "brand": ["Fabricant", "Manufacturer"],
    "model": ["Modèle", "Model"],
    "type": ["Type"],
    "status": ["Statut", "Status"],
    "location": ["Lieu", "Location"],
    "os": ["Système d'exploitation - Nom", "Operating system - Name", "Système d'exploitation"],
    # Columns of another table carry its group as a prefix (FORMATS.md §5.5).
    "purchase_date": [
        "Date d'achat",
        f"{FINANCIAL} - Date d'achat",
        "Purchase date",
        "Financial and administrative information - Date of purchase",
        "Date de mise en service",
        f"{FINANCIAL} - Date de mise en service",
    ],
    "warranty_end": [
        "Date de fin de garantie",
        "Fin de garantie",
        f"{FINANCIAL} - Date de fin de garantie",
    ],
    "cost": [
        "Valeur",
        f"{FINANCIAL} - Valeur",
        "Value",
        "Financial and administrative information - Value",
        "Prix d'achat",
    ],
}

# keyword in GLPI's free value → Pilote's code (first match wins).
TYPE_KEYWORDS = [
    ("portable", Category.PORTABLE),
    ("laptop", Category.PORTABLE),
    ("notebook", Category.PORTABLE),
    ("tablet", Category.TABLETTE),
    ("tablette", Category.TABLETTE),
    ("serveur", Category.SERVEUR),
    ("server", Category.SERVEUR),
    ("desktop", Category.POSTE_FIXE),
    ("bureau", Category.POSTE_FIXE),
    ("fixe", Category.POSTE_FIXE),
    ("tout en un", Category.POSTE_FIXE),
]
STATUS_KEYWORDS = [
    ("reform", EquipmentStatus.REFORME),
    ("rebut", EquipmentStatus.REFORME),
    ("repar", EquipmentStatus.EN_REPARATION),
    ("panne", EquipmentStatus.EN_PANNE),
    ("hors service", EquipmentStatus.EN_PANNE),
    ("broken", EquipmentStatus.EN_PANNE),
    ("stock", EquipmentStatus.EN_STOCK),
    ("production", EquipmentStatus.EN_SERVICE),
    ("service", EquipmentStatus.EN_SERVICE),
    ("actif", EquipmentStatus.EN_SERVICE),
]


def by_keyword(text: str, keywords, default):
    key = normalize_label(text)
    for keyword, value in keywords:
        if keyword in key:
            return value, True
    return default, not key


def split_location(location: str) -> tuple[str, str]:
    """``Collège > Bâtiment A > Salle 101`` → (``Bâtiment A``, ``Salle 101``)."""
    parts = [part.strip() for part in location.split(">") if part.strip()]
    if not parts:
        return "", ""
    building = parts[-2] if len(parts) >= 3 else ""
    return building[:60], parts[-1][:80]


@register_importer
class GlpiImporter(EquipmentImporter):
    kind = "glpi"
    origin = "parc"
    label = "Ordinateurs exportés de GLPI"
    extensions = (".csv",)
    help_text = (
        "Dans GLPI : Parc → Ordinateurs, afficher les colonnes utiles (numéro de série, "
        "numéro d'inventaire, lieu, statut, type), puis exporter la liste en CSV."
    )
    columns = COLUMNS
    required = ("name", "serial_number")
    file_label = "une liste d'ordinateurs exportée de GLPI"

    def read(self, content: bytes, filename: str) -> Table:
        return read_csv(content, filename=filename)

    def clean(self, value: str) -> str:
        return unquote_glpi(value)

    def row(self, line: int, values: dict[str, str], parsed) -> DeviceRow:
        get = values.get
        category, known_type = by_keyword(get("type", ""), TYPE_KEYWORDS, Category.POSTE_FIXE)
        status, known_status = by_keyword(
            get("status", ""), STATUS_KEYWORDS, EquipmentStatus.EN_SERVICE
        )
        location = f"ligne {line}"
        if not known_type:
            parsed.warn(f"type « {get('type')} » non reconnu : poste fixe retenu.", location)
        if not known_status:
            parsed.warn(f"statut « {get('status')} » non reconnu : en service retenu.", location)
        building, room = split_location(get("location", ""))
        fields = {
            "category": category,
            "brand": get("brand", "")[:60],
            "model": get("model", "")[:100],
            "status": status,
            "operating_system": get("os", "")[:60],
            "notes": f"Nom dans GLPI : {get('name', '')}" if get("name") else "",
        }
        optional_fields = {
            "acquisition_date": (read_date, "purchase_date"),
            "warranty_end": (read_date, "warranty_end"),
            "cost": (read_decimal, "cost"),
        }
        for name, (reader, column) in optional_fields.items():
            if column in values:
                fields[name] = reader(values[column])
        return DeviceRow(
            line=line,
            fields=fields,
            inventory_number=get("inventory_number", "")[:60],
            serial_number=get("serial_number", "")[:80],
            room_name=room if "location" in values else None,
            room_building=building,
        )
