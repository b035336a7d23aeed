"""« Missions » and « Assistance » budgets: the school pages, the territorial queue and the
indicators measured for every school of a département.

A département of N schools (default 50), each with 40 members, 14 delegations and R requests
(default 2 000 for the measured school, 40 for the others). Budget: school pages < 100 ms
median with a query count that does not grow with rows.

    uv run python benchmarks/support_missions.py [--schools 50] [--requests 2000]
"""

import argparse
import random
from datetime import timedelta

from harness import measure, print_table, setup, timed


def build(schools: int, requests: int):
    from django.utils import timezone

    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.core.uai import UAI_ALPHABET
    from pilote.missions.models import Delegation, Mission
    from pilote.support.models import SupportRequest

    rng = random.Random(8)
    academie = Academie.objects.create(code="99", name="Banc d'essai")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="99", name="Banc"
    )
    created = School.objects.bulk_create(
        School(
            uai=f"{9900000 + n:07d}" + UAI_ALPHABET[(9900000 + n) % 23],
            name=f"Collège n° {n}",
            type=SchoolType.COLLEGE,
            academie=academie,
            collectivite=departement,
        )
        for n in range(schools)
    )
    users = User.objects.bulk_create(
        User(username=f"u{s}-{m}", email=f"u{s}-{m}@banc.fr", last_name=f"Nom{m}")
        for s in range(schools)
        for m in range(40)
    )
    Membership.objects.bulk_create(
        Membership(
            user=users[s * 40 + m],
            school=created[s],
            role=Role.CHEF if m == 0 else Role.ENSEIGNANT,
        )
        for s in range(schools)
        for m in range(40)
    )
    missions = list(Mission.objects.referential())
    today = timezone.localdate()
    Delegation.objects.bulk_create(
        Delegation(
            school=created[s],
            mission=mission,
            holder=users[s * 40 + 1 + index % 6],
            start_date=today - timedelta(days=200),
        )
        for s in range(schools)
        for index, mission in enumerate(missions[:-1])
    )
    statuses = ["nouvelle", "prise_en_charge", "en_attente", "resolue", "close"]
    now = timezone.now()

    def request(school, n):
        status = rng.choice(statuses)
        created_at = now - timedelta(days=rng.randint(0, 300))
        return SupportRequest(
            school=school,
            title=f"Demande {n}",
            description="Banc d'essai",
            category="equipement",
            recipient=rng.choice(["collectivite", "academie", "etablissement"]),
            routing_reason="Banc d'essai",
            status=status,
            requester=users[created.index(school) * 40 + 2],
            created_at=created_at,
            target_days=5,
            due_date=created_at.date() + timedelta(days=7),
            resolved_at=created_at + timedelta(days=3) if status in statuses[3:] else None,
            resolution_days=rng.randint(0, 9) if status in statuses[3:] else None,
        )

    SupportRequest.objects.bulk_create(
        request(school, n)
        for school in created
        for n in range(requests if school == created[0] else 40)
    )
    technician = User.objects.create(username="tech-banc")
    Membership.objects.create(
        user=technician, collectivite=departement, role=Role.TECHNICIEN_COLLECTIVITE
    )
    return created, users[0], technician


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    setup("support")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pilote.core.metrics import registry

    schools, head, technician = build(args.schools, args.requests)
    school = schools[0]
    client = Client()
    client.force_login(head)
    rows = [
        measure(client, f"/etablissements/{school.uai}/missions/"),
        measure(client, f"/etablissements/{school.uai}/missions/delegations/"),
        measure(client, f"/etablissements/{school.uai}/assistance/"),
        measure(client, f"/etablissements/{school.uai}/assistance/?state=ouvertes&late=oui"),
    ]
    territory = Client()
    territory.force_login(technician)
    rows.append(measure(territory, "/territoires/departement/99/assistance/", runs=15))
    with CaptureQueriesContext(connection) as queries:
        elapsed, _ = timed(registry.measure, schools, ["missions", "assistance"])
    rows.append(
        {
            "url": f"indicateurs missions + assistance, {len(schools)} établissements",
            "median_ms": elapsed,
            "p95_ms": elapsed,
            "queries": len(queries),
        }
    )
    print_table(
        f"Pilote — missions et assistance, {args.schools} établissements, "
        f"{args.requests} demandes dans l'établissement mesuré",
        rows,
        ["url", "median_ms", "p95_ms", "queries"],
    )


if __name__ == "__main__":
    main()
