"""Parc budget: the equipment list of a school with 20,000 devices.

Budget: median server time < 100 ms and a query count that does not grow with rows (compare
the first page, a filtered page and a sorted page). Also measures the room list, the « État
du parc » charts and the socle report on the same school.

    uv run python benchmarks/inventory_list.py [--devices 20000]
"""

import argparse
import random
from datetime import timedelta

from harness import measure, print_table, setup


def build(devices: int):
    from django.utils import timezone

    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.inventory.choices import Category, EquipmentStatus, Maintainer, Origin, RoomKind
    from pilote.inventory.models import Equipment, Room, default_lifetime

    rng = random.Random(20)
    academie = Academie.objects.create(code="99", name="Banc d'essai")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="99", name="Banc"
    )
    school = School.objects.create(
        uai="9900000A",
        name="Collège du banc",
        type=SchoolType.COLLEGE,
        academie=academie,
        collectivite=departement,
        declared_pupils=6000,
    )
    head = User.objects.create(username="chef-banc")
    Membership.objects.create(user=head, school=school, role=Role.CHEF)
    rooms = Room.objects.bulk_create(
        Room(school=school, name=f"Salle {n}", building="A", kind=RoomKind.SALLE_CLASSE)
        for n in range(200)
    )
    today = timezone.localdate()
    categories = list(Category.values)
    statuses = list(EquipmentStatus.values)
    Equipment.objects.bulk_create(
        (
            Equipment(
                school=school,
                category=(category := rng.choice(categories)),
                inventory_number=f"INV-{n:06d}",
                serial_number=f"SN{n:08d}",
                brand="Marque",
                model=f"Modèle {n % 40}",
                room=rng.choice(rooms),
                origin=rng.choice(list(Origin.values)),
                maintainer=rng.choice(list(Maintainer.values)),
                status=rng.choice(statuses),
                acquisition_date=today - timedelta(days=rng.randint(0, 3650)),
                lifetime_years=default_lifetime(category),
                cost=500,
            )
            for n in range(devices)
        ),
        batch_size=2000,
    )
    return school, head


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=20_000)
    args = parser.parse_args()
    setup("inventory-list")
    from django.test import Client

    school, head = build(args.devices)
    client = Client()
    client.force_login(head)
    base = f"/etablissements/{school.uai}/parc/"
    rows = [
        measure(client, base + "equipements/"),
        measure(client, base + "equipements/?beyond_lifetime=oui&category=portable"),
        measure(client, base + "equipements/?sort=-age&page=50"),
        measure(client, base + "salles/"),
        measure(client, base + "etat/", runs=10),
        measure(client, base + "socle/", runs=10),
    ]
    print_table(
        f"Pilote — Parc, {args.devices} équipements dans un établissement",
        rows,
        ["url", "median_ms", "p95_ms", "queries"],
    )


if __name__ == "__main__":
    main()
