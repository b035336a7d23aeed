"""Lists of the Parc: equipment and rooms, with their CSV / XLSX export."""

import django_tables2 as tables

from pilote.core.tables import PiloteTable

from .choices import EquipmentStatus
from .models import ROOM_FIELDS, Equipment, Room

STATUS_BADGES = {
    EquipmentStatus.EN_SERVICE: "fr-badge--success",
    EquipmentStatus.EN_PANNE: "fr-badge--error",
    EquipmentStatus.EN_REPARATION: "fr-badge--warning",
    EquipmentStatus.EN_STOCK: "fr-badge--info",
    EquipmentStatus.REFORME: "",
}


class EquipmentTable(PiloteTable):
    # What a head looks at first; serial number, domain, origin, maintainer and date are one
    # tick away (and always in the export).
    default_columns = (
        "inventory_number",
        "category",
        "label",
        "room",
        "status",
        "age",
        "beyond_lifetime",
    )
    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": "Tout sélectionner", "form": "actions-groupees"},
            "td__input": {"form": "actions-groupees", "name": "equipment"},
        },
        exclude_from_export=True,
    )
    inventory_number = tables.Column(verbose_name="N° d'inventaire", default="—")
    category = tables.Column(verbose_name="Catégorie")
    label = tables.Column(
        verbose_name="Marque et modèle", accessor="model", order_by=("brand", "model")
    )
    serial_number = tables.Column(verbose_name="N° de série", default="—")
    room = tables.Column(verbose_name="Salle", order_by=("room__building", "room__name"))
    domain = tables.Column(verbose_name="Domaine")
    origin = tables.Column(verbose_name="Origine")
    status = tables.Column(verbose_name="État")
    maintainer = tables.Column(verbose_name="Maintenu par")
    acquisition_date = tables.DateColumn(verbose_name="Acquis le", format="d/m/Y", default="—")
    age = tables.Column(
        verbose_name="Âge", accessor="acquisition_date", order_by=("-acquisition_date",)
    )
    beyond_lifetime = tables.Column(
        verbose_name="Durée de vie", accessor="lifetime_years", orderable=False
    )

    class Meta(PiloteTable.Meta):
        model = Equipment
        fields = (
            "select",
            "inventory_number",
            "category",
            "label",
            "serial_number",
            "room",
            "domain",
            "origin",
            "status",
            "maintainer",
            "acquisition_date",
            "age",
            "beyond_lifetime",
        )
        empty_text = "Aucun équipement ne correspond."
        template_name = "inventory/equipment_table.html"

    @property
    def selectable(self) -> bool:
        return "select" not in self.exclude

    def value_label(self, record):
        return " ".join(part for part in (record.brand, record.model) if part) or "—"

    def value_status(self, record):
        return record.get_status_display()

    def value_age(self, record):
        return record.age_years()

    def value_beyond_lifetime(self, record):
        if record.acquisition_date is None:
            return "inconnue"
        return "dépassée" if record.is_beyond_lifetime() else "en cours"


class RoomTable(PiloteTable):
    name = tables.Column(verbose_name="Salle", linkify=True)
    building = tables.Column(verbose_name="Bâtiment", default="—")
    floor = tables.Column(verbose_name="Étage", default="—")
    kind = tables.Column(verbose_name="Type")
    capacity = tables.Column(verbose_name="Capacité", default="—")
    wired_network = tables.Column(verbose_name="Réseau filaire")
    wifi_coverage = tables.Column(verbose_name="Wifi")
    device_count = tables.Column(verbose_name="Équipements en service")

    class Meta(PiloteTable.Meta):
        model = Room
        fields = (*ROOM_FIELDS, "device_count")
        empty_text = "Aucune salle déclarée."
