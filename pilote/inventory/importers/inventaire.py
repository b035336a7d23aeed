"""Pilote's own inventory template (CSV or XLSX), downloadable from the Parc pages.

Headers are French and matched tolerant to case, accents and punctuation; values may be
the code or the label shown in Pilote (« Pédagogique », « Offre de la collectivité »…).
"""

import csv
import io

from pilote.core.importing import register_importer

from ..choices import (
    Category,
    EquipmentDomain,
    EquipmentStatus,
    Maintainer,
    Origin,
    RoomKind,
)
from .base import (
    CellError,
    DeviceRow,
    EquipmentImporter,
    choice_lookup,
    read_date,
    read_decimal,
    read_lifetime,
)

# field → accepted headers; the first one is the template's header.
COLUMNS = {
    "inventory_number": ["N° d'inventaire", "Numéro d'inventaire", "Inventaire"],
    "serial_number": ["N° de série", "Numéro de série", "Série"],
    "category": ["Catégorie", "Type d'équipement"],
    "brand": ["Marque", "Fabricant"],
    "model": ["Modèle"],
    "room": ["Salle", "Lieu"],
    "building": ["Bâtiment"],
    "room_kind": ["Type de salle"],
    "domain": ["Domaine"],
    "origin": ["Origine"],
    "funding_programme": ["Programme de financement", "Financement"],
    "acquisition_date": ["Date d'acquisition", "Date d'achat"],
    "cost": ["Coût", "Coût (€)", "Prix"],
    "warranty_end": ["Fin de garantie"],
    "lifetime_years": ["Durée de vie (ans)", "Durée de vie"],
    "status": ["État", "Statut"],
    "reform_date": ["Date de réforme"],
    "maintainer": ["Maintenu par", "Maintenance"],
    "operating_system": ["Système d'exploitation", "OS"],
    "cart": ["Classe mobile", "Chariot"],
    "notes": ["Remarques", "Commentaires"],
}

EXAMPLE = {
    "inventory_number": "COL-2024-0001",
    "serial_number": "5CG1234XYZ",
    "category": "Ordinateur portable",
    "brand": "Dell",
    "model": "Latitude 3540",
    "room": "Salle 101",
    "building": "Bâtiment A",
    "room_kind": "Salle de classe",
    "domain": "Pédagogique",
    "origin": "Offre de la collectivité",
    "funding_programme": "Plan collèges numériques 2024",
    "acquisition_date": "15/09/2024",
    "cost": "689,00",
    "warranty_end": "15/09/2027",
    "lifetime_years": "5",
    "status": "En service",
    "reform_date": "",
    "maintainer": "Collectivité",
    "operating_system": "Windows 11",
    "cart": "",
    "notes": "",
}

CATEGORY_ALIASES = {
    "ordinateur fixe": Category.POSTE_FIXE,
    "pc fixe": Category.POSTE_FIXE,
    "ordinateur": Category.POSTE_FIXE,
    "portable": Category.PORTABLE,
    "pc portable": Category.PORTABLE,
    "ecran numerique interactif": Category.ECRAN_INTERACTIF,
    "eni": Category.ECRAN_INTERACTIF,
    "tni": Category.ECRAN_INTERACTIF,
    "vpi": Category.ECRAN_INTERACTIF,
    "imprimante": Category.IMPRIMANTE,
    "copieur": Category.IMPRIMANTE,
    "switch": Category.COMMUTATEUR,
    "pare feu": Category.PARE_FEU,
    "routeur": Category.PARE_FEU,
    "chariot": Category.CLASSE_MOBILE,
}
ORIGIN_ALIASES = {
    "nationale": Origin.NATIONAL,
    "etat": Origin.NATIONAL,
    "collectivite": Origin.COLLECTIVITE,
    "departement": Origin.COLLECTIVITE,
    "region": Origin.COLLECTIVITE,
    "locale": Origin.LOCAL,
    "etablissement": Origin.LOCAL,
}
STATUS_ALIASES = {"hors service": EquipmentStatus.EN_PANNE, "reforme": EquipmentStatus.REFORME}

read_category = choice_lookup(Category, CATEGORY_ALIASES)
read_domain = choice_lookup(EquipmentDomain, {"pedago": EquipmentDomain.PEDAGOGIQUE})
read_origin = choice_lookup(Origin, ORIGIN_ALIASES)
read_status = choice_lookup(EquipmentStatus, STATUS_ALIASES)
read_maintainer = choice_lookup(Maintainer)
read_room_kind = choice_lookup(RoomKind)


def optional(reader, text: str, default):
    return reader(text) if text.strip() else default


@register_importer
class InventoryImporter(EquipmentImporter):
    kind = "inventaire"
    origin = "parc"
    label = "Inventaire du parc (modèle Pilote)"
    help_text = (
        "Le modèle d'inventaire de Pilote, en CSV ou en XLSX : une ligne par appareil. Un "
        "appareil déjà connu (même n° d'inventaire, sinon même n° de série) est mis à jour."
    )
    columns = COLUMNS
    required = ("category",)
    file_label = "un inventaire au modèle Pilote (colonne « Catégorie » attendue)"

    def row(self, line: int, values: dict[str, str], parsed) -> DeviceRow:
        get = values.get
        fields = {
            "category": read_category(get("category", "")),
            "brand": get("brand", "")[:60],
            "model": get("model", "")[:100],
            "domain": optional(read_domain, get("domain", ""), EquipmentDomain.PEDAGOGIQUE),
            "origin": optional(read_origin, get("origin", ""), Origin.COLLECTIVITE),
            "funding_programme": get("funding_programme", "")[:120],
            "acquisition_date": read_date(get("acquisition_date", "")),
            "cost": read_decimal(get("cost", "")),
            "warranty_end": read_date(get("warranty_end", "")),
            "lifetime_years": read_lifetime(get("lifetime_years", "")),
            "status": optional(read_status, get("status", ""), EquipmentStatus.EN_SERVICE),
            "reform_date": read_date(get("reform_date", "")),
            "maintainer": optional(read_maintainer, get("maintainer", ""), Maintainer.COLLECTIVITE),
            "operating_system": get("operating_system", "")[:60],
            "notes": get("notes", ""),
        }
        room_kind = optional(read_room_kind, get("room_kind", ""), RoomKind.AUTRE)
        if fields["reform_date"] and fields["status"] != EquipmentStatus.REFORME:
            raise CellError("une date de réforme est donnée pour un appareil non réformé")
        return DeviceRow(
            line=line,
            fields=fields,
            inventory_number=get("inventory_number", "")[:60],
            serial_number=get("serial_number", "")[:80],
            room_name=get("room", "")[:80] if "room" in values else None,
            room_building=get("building", "")[:60],
            room_kind=room_kind,
            cart_number=get("cart") if "cart" in values else None,
        )


def template_headers() -> list[str]:
    return [labels[0] for labels in COLUMNS.values()]


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(template_headers())
    writer.writerow([EXAMPLE[name] for name in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inventaire"
    sheet.append(template_headers())
    sheet.append([EXAMPLE[name] for name in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
