"""What the two inventory importers share: reading values, matching devices, the upsert.

A device is matched by its inventory number, else by its serial number: the school's own
numbering wins, and a GLPI export without inventory numbers still re-imports cleanly. Rooms
named in the file but unknown to Pilote are created (kind « autre ») and announced in the
preview, so that the head can sort them afterwards.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.db.models import TextChoices
from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.columns import Column, Columns
from pilote.core.files import Table, normalize_label, read_table
from pilote.core.importing import (
    ImportDiff,
    Importer,
    ParsedFile,
    create_with_history,
    update_with_history,
    upsert_with_history,
)

from ..choices import Category, RoomKind
from ..models import ACQUISITION_FIELDS, Equipment, Room, default_lifetime

UPDATABLE_FIELDS = [
    "inventory_number",
    "serial_number",
    "room",
    "updated_at",
    "category",
    "brand",
    "model",
    *ACQUISITION_FIELDS,
    "status",
    "reform_date",
    "maintainer",
    "operating_system",
    "notes",
]


class CellError(Exception):
    """A cell Pilote cannot read; the message says what was expected."""


def choice_lookup(choices: type[TextChoices], aliases: dict[str, str] | None = None):
    """Read a choice from its code, its label or an alias, tolerant to case and accents."""
    table = {}
    for value, label in choices.choices:
        table[normalize_label(value)] = value
        table[normalize_label(label)] = value
    for alias, value in (aliases or {}).items():
        table[normalize_label(alias)] = value

    @lru_cache(maxsize=512)
    def read(text: str) -> str:
        key = normalize_label(text)
        if key in table:
            return table[key]
        expected = ", ".join(str(label).lower() for _, label in choices.choices)
        raise CellError(f"« {text} » n'est pas reconnu (attendu : {expected})")

    return read


@lru_cache(maxsize=8192)
def read_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(f"date « {text} » illisible (attendu : JJ/MM/AAAA)")


def read_decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text).replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(f"montant « {text} » illisible") from None
    if value < 0 or value >= Decimal("1e8"):
        raise CellError(f"montant « {text} » hors limites")
    return value.quantize(Decimal("0.01"))


def read_lifetime(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or not 1 <= int(text) <= 20:
        raise CellError(f"durée de vie « {text} » invalide (un nombre d'années de 1 à 20)")
    return int(text)


@dataclass
class DeviceRow:
    """One device read from the file, ready to be matched and written."""

    line: int
    fields: dict
    inventory_number: str = ""
    serial_number: str = ""
    # None when the file has no room column: the room is then left as it is.
    room_name: str | None = None
    room_building: str = ""
    room_kind: str = RoomKind.AUTRE
    # None when the file has no cart column: the cart is then left as it is.
    cart_number: str | None = None

    @property
    def label(self) -> str:
        number = self.inventory_number or f"n° de série {self.serial_number}"
        return f"{self.fields.get('brand', '')} {self.fields.get('model', '')} {number}".strip()


class EquipmentImporter(Importer):
    """Base of the inventory importers: subclasses turn a table row into a :class:`DeviceRow`."""

    domain = Domain.PARC
    columns: dict[str, list[str]] = {}
    required: tuple[str, ...] = ()
    file_label = ""

    def declared_columns(self) -> Columns:
        return Columns(
            *(
                Column(name, tuple(labels), required=name in self.required)
                for name, labels in self.columns.items()
            )
        )

    def clean(self, value: str) -> str:
        """Hook: undo a source's own quoting (GLPI writes ``"`` as ``''``)."""
        return value.strip()

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        table = self.read(content, filename)
        columns = self.declared_columns().bind(
            table.headers, filename=filename, what=self.file_label
        )
        index = columns.index
        parsed = ParsedFile()
        columns.describe(parsed)
        seen: dict[tuple[str, str], int] = {}
        for line, cells in table.rows:
            location = f"ligne {line}"
            values = {
                name: self.clean(cells[position]) if position < len(cells) else ""
                for name, position in index.items()
            }
            try:
                row = self.row(line, values, parsed)
            except CellError as exc:
                parsed.error(str(exc), location)
                continue
            if not row.inventory_number and not row.serial_number:
                parsed.error(
                    "ni numéro d'inventaire ni numéro de série : l'appareil ne pourrait pas "
                    "être retrouvé au prochain import.",
                    location,
                )
                continue
            key = match_key(row)
            if key in seen:
                parsed.error(f"appareil déjà présent ligne {seen[key]}.", location)
                continue
            seen[key] = line
            parsed.records.append(row)
        if not parsed.records and not parsed.errors:
            parsed.error("aucun appareil dans ce fichier.", filename)
        self.check_carts(parsed)
        return parsed

    def check_carts(self, parsed: ParsedFile) -> None:
        """A device may only go into a classe mobile of this file or of the school."""
        wanted = {row.cart_number for row in parsed.records if row.cart_number}
        if not wanted:
            return
        known = {
            row.inventory_number
            for row in parsed.records
            if row.fields.get("category") == Category.CLASSE_MOBILE
        }
        known |= set(
            Equipment.objects.for_school(self.school)
            .filter(category=Category.CLASSE_MOBILE, inventory_number__in=wanted)
            .values_list("inventory_number", flat=True)
        )
        for row in parsed.records:
            if row.cart_number and row.cart_number not in known:
                parsed.error(
                    f"classe mobile « {row.cart_number} » inconnue (ni dans le fichier ni "
                    "dans le parc).",
                    f"ligne {row.line}",
                )

    def read(self, content: bytes, filename: str) -> Table:
        return read_table(content, filename)

    def row(self, line: int, values: dict[str, str], parsed: ParsedFile) -> DeviceRow:
        raise NotImplementedError

    # --- Matching and writing -----------------------------------------------------------

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        """Devices are matched, compared and written by the import upsert of core (with their
        history rows); the classes mobiles are assigned once every device has its key."""
        diff = ImportDiff()
        rooms = self.resolve_rooms(parsed.records, diff, write=write)
        existing = list(Equipment.objects.for_school(self.school).select_related("cart", "room"))
        by_number = {e.inventory_number: e for e in existing if e.inventory_number}
        by_serial = {}
        for device in existing:
            if device.serial_number:
                by_serial.setdefault(device.serial_number, device)
        matched = {}
        for row in parsed.records:
            device = by_number.get(row.inventory_number) or by_serial.get(row.serial_number)
            if device is not None:
                matched[row.line] = device

        def moves_cart(line: int) -> list[str]:
            row, device = rows[line], matched[line]
            if row.cart_number is not None and row.cart_number != current_cart(device):
                return ["classe mobile"]
            return []

        rows = {row.line: row for row in parsed.records}
        created, _updated = upsert_with_history(
            diff,
            model=Equipment,
            existing=matched,
            records=(
                (
                    row.line,
                    row.label,
                    self.values_for(row, rooms.get((row.room_building, row.room_name))),
                )
                for row in parsed.records
            ),
            fields=UPDATABLE_FIELDS,
            build=self.build_device,
            write=write,
            user=self.user,
            batch_size=500,
            also_changed=moves_cart,
            stamp={"updated_at": timezone.now()},
            describe=True,
        )
        if write:
            devices = {**matched, **{device.import_line: device for device in created}}
            carts = [
                (devices[row.line], row.cart_number)
                for row in parsed.records
                if row.cart_number is not None
            ]
            self.assign_carts(carts, existing + created)
        return diff

    def build_device(self, line: int, values: dict) -> Equipment:
        device = Equipment(school=self.school, **values)
        device.lifetime_years = device.lifetime_years or default_lifetime(device.category)
        device.import_line = line  # which row of the file made it (for its classe mobile)
        return device

    def values_for(self, row: DeviceRow, room) -> dict:
        """The fields the file sets; a column the file lacks leaves the device's value."""
        values = dict(row.fields)
        if row.room_name is not None:
            values["room"] = room
        if row.inventory_number:
            values["inventory_number"] = row.inventory_number
        if row.serial_number:
            values["serial_number"] = row.serial_number
        if "lifetime_years" in values and not values["lifetime_years"]:
            values["lifetime_years"] = default_lifetime(values["category"])
        return values

    def resolve_rooms(self, records, diff: ImportDiff, *, write: bool) -> dict:
        """The room of each (building, name) in the file; unknown rooms are created."""
        rooms = {(room.building, room.name): room for room in Room.objects.for_school(self.school)}
        by_name = {}
        for room in rooms.values():
            by_name.setdefault(normalize_label(room.name), room)
        resolved, new_rooms = {}, []
        for row in records:
            key = (row.room_building, row.room_name)
            if not row.room_name or key in resolved:
                continue
            room = rooms.get(key)
            if room is None and not row.room_building:
                room = by_name.get(normalize_label(row.room_name))
            if room is None:
                room = Room(
                    school=self.school,
                    name=row.room_name,
                    building=row.room_building,
                    kind=row.room_kind,
                )
                diff.created.append(f"Salle {room}")
                new_rooms.append(room)
                by_name[normalize_label(row.room_name)] = room
            resolved[key] = room
        if write:
            # In bulk, with their history rows: one save per room would also forget the
            # school's cached indicators once per room.
            create_with_history(Room, new_rooms, user=self.user, batch_size=500)
        return resolved

    def assign_carts(self, carts, devices) -> None:
        by_number = {
            d.inventory_number: d
            for d in devices
            if d.category == Category.CLASSE_MOBILE and d.inventory_number
        }
        moved = []
        for device, number in carts:
            cart = by_number.get(number)
            if (cart.pk if cart else None) != device.cart_id:
                device.cart = cart
                moved.append(device)
        update_with_history(Equipment, moved, ["cart"], user=self.user)


def current_cart(device) -> str:
    return device.cart.inventory_number if device.cart_id else ""


def match_key(row: DeviceRow) -> tuple[str, str]:
    if row.inventory_number:
        return ("inventaire", row.inventory_number)
    return ("série", row.serial_number)
