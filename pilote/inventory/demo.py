"""Demo inventory: about 350 devices in the collège and 900 in the lycée, with rooms.

Ages, origins, states and maintainers are mixed as in a real school, and a few gaps are left
on purpose against the socle (classrooms without a display, an old building without wired
network, ageing computers), so that the compliance report has something to say. Fictional
and deterministic: the same seed gives the same inventory.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .choices import (
    Category,
    Coverage,
    EquipmentDomain,
    EquipmentStatus,
    Maintainer,
    Origin,
    RoomKind,
)
from .models import Equipment, Room, default_lifetime

MODELS = {
    Category.POSTE_FIXE: [("Dell", "OptiPlex 7010", 720), ("HP", "ProDesk 400 G7", 690)],
    Category.PORTABLE: [("Lenovo", "ThinkPad E14", 780), ("Dell", "Latitude 3540", 690)],
    Category.TABLETTE: [("Apple", "iPad 9", 359), ("Samsung", "Galaxy Tab A8", 249)],
    Category.ECRAN_INTERACTIF: [("Speechi", "SpeechiTouch 75", 2900), ("Promethean", "AP9", 3200)],
    Category.VIDEOPROJECTEUR: [("Epson", "EB-685W", 890), ("Epson", "EB-W51", 520)],
    Category.VISUALISEUR: [("IPEVO", "V4K", 99)],
    Category.IMPRIMANTE: [("Ricoh", "IM C3000", 4200), ("Brother", "HL-L5100", 290)],
    Category.BORNE_WIFI: [("Aruba", "AP-505", 420), ("Ubiquiti", "U6 Pro", 190)],
    Category.COMMUTATEUR: [("HPE", "Aruba 2930F", 1500)],
    Category.SERVEUR: [("Dell", "PowerEdge T150", 2100)],
    Category.PARE_FEU: [("Stormshield", "SN310", 2600)],
    Category.CLASSE_MOBILE: [("Ergotron", "Zip12", 1300), ("Bretford", "Cube", 1100)],
    Category.SONORISATION: [("Bose", "L1 Compact", 650)],
}


@dataclass
class SchoolPlan:
    prefix: str
    classrooms: int
    computer_rooms: int
    labs: int
    workshops: int
    carts: int
    cart_category: str
    teacher_laptops: int


PLANS = {
    "college": SchoolPlan("COL", 26, 2, 3, 0, 5, Category.TABLETTE, 45),
    "lycee": SchoolPlan("LYC", 48, 8, 8, 10, 14, Category.PORTABLE, 180),
}


class InventoryBuilder:
    """Builds the rooms and devices of one demo school, then writes them in bulk."""

    def __init__(self, school, plan: SchoolPlan, seed: int):
        self.school = school
        self.plan = plan
        self.random = random.Random(seed)
        self.today = timezone.localdate()
        self.devices: list[Equipment] = []
        self.carts: list[tuple[Equipment, list[Equipment]]] = []
        self.number = 0

    def acquired(self, max_years: int = 10) -> date:
        return self.today - timedelta(days=self.random.randint(30, 365 * max_years))

    def device(self, category, room=None, *, acquired=None, **extra) -> Equipment:
        brand, model, cost = self.random.choice(MODELS.get(category, [("Divers", "", 100)]))
        acquired = acquired or self.acquired()
        self.number += 1
        age = (self.today - acquired).days / 365
        status = self.random.choices(
            [EquipmentStatus.EN_SERVICE, EquipmentStatus.EN_PANNE, EquipmentStatus.EN_REPARATION],
            weights=[92 if age < 6 else 80, 5 if age < 6 else 14, 3 if age < 6 else 6],
        )[0]
        values = {
            "school": self.school,
            "category": category,
            "inventory_number": f"{self.plan.prefix}-{acquired.year}-{self.number:04d}",
            "serial_number": f"{brand[:2].upper()}{self.random.randrange(10**7, 10**8)}",
            "brand": brand,
            "model": model,
            "room": room,
            "domain": EquipmentDomain.PEDAGOGIQUE,
            "origin": Origin.COLLECTIVITE,
            "maintainer": Maintainer.COLLECTIVITE,
            "acquisition_date": acquired,
            "cost": Decimal(cost) if self.random.random() < 0.85 else None,
            "warranty_end": acquired + timedelta(days=365 * 3),
            "lifetime_years": default_lifetime(category),
            "status": status,
            "operating_system": self.operating_system(category),
        }
        values.update(extra)
        equipment = Equipment(**values)
        self.devices.append(equipment)
        return equipment

    def operating_system(self, category) -> str:
        return {
            Category.POSTE_FIXE: self.random.choice(["Windows 11", "Windows 10", "Ubuntu 22.04"]),
            Category.PORTABLE: self.random.choice(["Windows 11", "Windows 10"]),
            Category.TABLETTE: "iPadOS 17",
            Category.SERVEUR: "Windows Server 2022",
        }.get(category, "")

    def rooms(self) -> list[Room]:
        plan, rooms = self.plan, []
        for index in range(plan.classrooms):
            building = "Bâtiment C (ancien)" if index >= plan.classrooms - 4 else "Bâtiment A"
            old = building.startswith("Bâtiment C")
            rooms.append(
                Room(
                    name=f"Salle {100 + index if not old else 300 + index}",
                    building=building,
                    floor=str(index // 10),
                    kind=RoomKind.SALLE_CLASSE,
                    capacity=30 if self.plan.prefix == "COL" else 35,
                    wired_network=Coverage.NON if old else Coverage.OUI,
                    wifi_coverage=Coverage.PARTIEL if old else Coverage.OUI,
                )
            )
        specials = [
            *[
                (f"Informatique {i + 1}", RoomKind.SALLE_INFORMATIQUE)
                for i in range(plan.computer_rooms)
            ],
            *[(f"Laboratoire {i + 1}", RoomKind.LABORATOIRE) for i in range(plan.labs)],
            *[(f"Atelier {i + 1}", RoomKind.ATELIER) for i in range(plan.workshops)],
            ("CDI", RoomKind.CDI),
            ("Vie scolaire", RoomKind.VIE_SCOLAIRE),
            ("Administration", RoomKind.ADMINISTRATION),
            ("Salle des professeurs", RoomKind.SALLE_PROFESSEURS),
            ("Local technique", RoomKind.LOCAL_TECHNIQUE),
        ]
        for name, kind in specials:
            rooms.append(
                Room(
                    name=name,
                    building="Bâtiment B",
                    kind=kind,
                    wired_network=Coverage.OUI,
                    wifi_coverage=Coverage.OUI,
                )
            )
        for room in rooms:
            room.school = self.school
        return bulk_create_with_history(rooms, Room)

    def equip(self, rooms: list[Room]) -> None:
        by_kind: dict[str, list[Room]] = {}
        for room in rooms:
            by_kind.setdefault(room.kind, []).append(room)
        self.equip_classrooms(by_kind[RoomKind.SALLE_CLASSE])
        for room in by_kind.get(RoomKind.SALLE_INFORMATIQUE, []):
            acquired = self.acquired(8)
            for _ in range(16):
                self.device(Category.POSTE_FIXE, room, acquired=acquired)
            self.device(Category.IMPRIMANTE, room, maintainer=Maintainer.PRESTATAIRE)
        for room in by_kind.get(RoomKind.LABORATOIRE, []) + by_kind.get(RoomKind.ATELIER, []):
            for _ in range(self.random.randint(2, 6)):
                self.device(Category.POSTE_FIXE, room)
            self.device(Category.VIDEOPROJECTEUR, room)
        for room in by_kind[RoomKind.CDI]:
            for _ in range(8):
                self.device(Category.POSTE_FIXE, room)
            self.device(Category.IMPRIMANTE, room)
        self.equip_offices(by_kind)
        self.equip_network(by_kind[RoomKind.LOCAL_TECHNIQUE][0], len(rooms))
        self.equip_carts(by_kind[RoomKind.CDI][0])
        for _ in range(self.plan.teacher_laptops):
            self.device(Category.PORTABLE, None, acquired=self.acquired(6))
        for _ in range(8):
            self.device(
                Category.VISUALISEUR,
                self.random.choice(by_kind[RoomKind.SALLE_CLASSE]),
                origin=Origin.LOCAL,
                maintainer=Maintainer.ETABLISSEMENT,
                funding_programme="Budget de l'établissement",
            )
        for _ in range(12):
            self.device(Category.POSTE_FIXE, None, status=EquipmentStatus.EN_STOCK)
        for _ in range(25):
            acquired = self.today - timedelta(days=self.random.randint(365 * 9, 365 * 14))
            self.device(
                self.random.choice([Category.POSTE_FIXE, Category.VIDEOPROJECTEUR]),
                None,
                acquired=acquired,
                status=EquipmentStatus.REFORME,
                reform_date=self.today - timedelta(days=self.random.randint(10, 700)),
            )

    def equip_classrooms(self, classrooms) -> None:
        for index, room in enumerate(classrooms):
            if index % 9 != 4:  # a few classrooms still wait for their teacher computer
                self.device(Category.POSTE_FIXE, room)
            if index % 7 != 3:  # … or for a collective display
                display = (
                    Category.ECRAN_INTERACTIF
                    if self.random.random() < 0.35
                    else Category.VIDEOPROJECTEUR
                )
                self.device(display, room)
            if self.random.random() < 0.3:
                self.device(Category.SONORISATION, room)

    def equip_offices(self, by_kind) -> None:
        admin = {"domain": EquipmentDomain.ADMINISTRATIF, "maintainer": Maintainer.RECTORAT}
        for kind, computers in (
            (RoomKind.ADMINISTRATION, 8),
            (RoomKind.VIE_SCOLAIRE, 3),
            (RoomKind.SALLE_PROFESSEURS, 5),
        ):
            room = by_kind[kind][0]
            for _ in range(computers):
                self.device(
                    Category.POSTE_FIXE,
                    room,
                    **(admin if kind != RoomKind.SALLE_PROFESSEURS else {}),
                )
            self.device(
                Category.IMPRIMANTE,
                room,
                maintainer=Maintainer.PRESTATAIRE,
                domain=admin["domain"]
                if kind != RoomKind.SALLE_PROFESSEURS
                else EquipmentDomain.PEDAGOGIQUE,
            )

    def equip_network(self, local, room_count: int) -> None:
        network = {"maintainer": Maintainer.COLLECTIVITE, "domain": EquipmentDomain.ADMINISTRATIF}
        for _ in range(max(2, room_count // 8)):
            self.device(Category.COMMUTATEUR, local, **network)
        self.device(Category.SERVEUR, local, **network)
        self.device(Category.PARE_FEU, local, origin=Origin.COLLECTIVITE, **network)
        for _ in range(room_count // 2):
            self.device(Category.BORNE_WIFI, local, **network)

    def equip_carts(self, home) -> None:
        for index in range(self.plan.carts):
            acquired = self.acquired(7)
            national = index == 0
            extra = (
                {
                    "origin": Origin.NATIONAL,
                    "funding_programme": "Plan de relance — socle numérique",
                }
                if national
                else {"funding_programme": "Plan numérique de la collectivité"}
            )
            cart = self.device(Category.CLASSE_MOBILE, home, acquired=acquired, **extra)
            contents = [
                self.device(self.plan.cart_category, None, acquired=acquired, **extra)
                for _ in range(16)
            ]
            self.carts.append((cart, contents))

    def save(self) -> int:
        bulk_create_with_history(self.devices, Equipment, batch_size=500)
        in_carts = []
        for cart, contents in self.carts:
            for device in contents:
                device.cart = cart
                device.room = cart.room
                in_carts.append(device)
        Equipment.objects.bulk_update(in_carts, ["cart", "room"], batch_size=500)
        return len(self.devices)


def load(demo) -> None:
    for key, school, seed in (("college", demo.college, 44), ("lycee", demo.lycee, 52)):
        builder = InventoryBuilder(school, PLANS[key], seed)
        builder.equip(builder.rooms())
        builder.save()
    for index, school in enumerate(getattr(demo, "generated", [])):
        builder = InventoryBuilder(school, generated_plan(school, index), 1000 + index)
        builder.equip(builder.rooms())
        builder.save()


def generated_plan(school, index: int) -> SchoolPlan:
    """A smaller, varied plan for the académie's generated schools: some well equipped, some
    short of carts or with fewer computer rooms, so that the territory's schools differ."""
    rng = random.Random(index)
    if school.is_lycee:
        return SchoolPlan(
            f"G{index:02d}",
            rng.randint(20, 34),
            rng.randint(2, 6),
            rng.randint(2, 6),
            rng.randint(0, 6),
            rng.randint(2, 10),
            Category.PORTABLE,
            rng.randint(40, 120),
        )
    return SchoolPlan(
        f"G{index:02d}",
        rng.randint(14, 24),
        rng.randint(1, 2),
        rng.randint(1, 3),
        0,
        rng.randint(0, 5),
        Category.TABLETTE,
        rng.randint(15, 45),
    )
