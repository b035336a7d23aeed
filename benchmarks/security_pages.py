"""Sécurité budgets: the school's security pages and the académie-wide views.

A generated académie of 50 schools × 40 members; the measured school holds 1,000 incidents (one
with a 30-entry timeline), answers to every measure, a charter acknowledged by its staff and by
30 divisions. Also measured: the six security indicators over every school at once (what the
territorial cockpit asks), and the RSSI's list of the académie's incidents.

    uv run python benchmarks/security_pages.py [--schools 50] [--incidents 1000]
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench \
        uv run python benchmarks/security_pages.py --schools 500
"""

import argparse
import random
from datetime import timedelta

from harness import measure, print_table, setup, timed


def build_schools(count: int, members: int):
    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.core.uai import UAI_ALPHABET

    academie = Academie.objects.create(code="98", name="Banc sécurité")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="98", name="Banc"
    )
    schools = School.objects.bulk_create(
        School(
            uai=f"{9800000 + n:07d}" + UAI_ALPHABET[(9800000 + n) % 23],
            name=f"Collège n° {n}",
            type=SchoolType.COLLEGE,
            academie=academie,
            collectivite=departement,
            declared_pupils=600,
        )
        for n in range(count)
    )
    from django.utils import timezone

    # Most people logged in recently; one in ten sleeps (the access review lists them).
    users = User.objects.bulk_create(
        User(
            username=f"s{s}-{m}",
            email=f"s{s}-{m}@banc.fr",
            last_name=f"Nom{m}",
            last_login=None if m % 10 == 9 else timezone.now() - timedelta(days=m % 20),
        )
        for s in range(count)
        for m in range(members)
    )
    roles = [Role.ENSEIGNANT] * 10 + [Role.ADJOINT, Role.SECRETAIRE_GENERAL, Role.CPE]
    Membership.objects.bulk_create(
        Membership(
            user=users[s * members + m],
            school=schools[s],
            role=Role.CHEF if m == 0 else roles[m % len(roles)],
        )
        for s in range(count)
        for m in range(members)
    )
    rssi = User.objects.create(username="rssi-banc", email="rssi@banc.fr")
    Membership.objects.create(user=rssi, academie=academie, role=Role.RSSI)
    return schools, users[:members], rssi


def build_security(schools, staff, incidents: int):
    from django.utils import timezone

    from pilote.security.choices import (
        EventKind,
        IncidentCategory,
        IncidentStatus,
        MeasureStatus,
    )
    from pilote.security.models import (
        CharterVersion,
        Incident,
        PupilAcknowledgement,
        SchoolMeasure,
        SecurityMeasure,
        StaffAcknowledgement,
    )

    rng = random.Random(9)
    now = timezone.now()
    school = schools[0]
    categories = list(IncidentCategory.values)
    statuses = list(IncidentStatus.values)

    def incident(target, number):
        detected = now - timedelta(hours=rng.randint(1, 24 * 500))
        return Incident(
            school=target,
            number=number,
            title=f"Incident {number}",
            category=rng.choice(categories),
            detected_at=detected,
            detected_by_label="banc",
            impact_confidentiality=rng.randint(0, 3),
            impact_availability=rng.randint(0, 3),
            severity=rng.randint(0, 3),
            status=rng.choice(statuses),
            reported_at=detected + timedelta(hours=rng.randint(1, 96)),
            lessons_learned="banc",
        )

    rows = [incident(school, n) for n in range(1, incidents + 1)]
    rows += [incident(s, n) for s in schools[1:] for n in range(1, 6)]
    Incident.objects.bulk_create(rows, batch_size=1000)
    first = Incident.objects.filter(school=school).order_by("pk").first()
    # The timeline is append-only and written one entry at a time (bulk_create is refused):
    # the 30 entries go through Incident.add_event, as the application writes them.
    for n in range(30):
        first.add_event(EventKind.OBSERVATION, f"Entrée {n}", user=staff[0])
    measures = list(SecurityMeasure.objects.all())
    SchoolMeasure.objects.bulk_create(
        SchoolMeasure(
            school=s,
            measure=m,
            status=rng.choice(list(MeasureStatus.values)),
            owner=staff[1] if s == school else None,
        )
        for s in schools
        for m in measures
    )
    version = CharterVersion.objects.create(
        school=school, version="1", text="Charte", adopted_on=now.date()
    )
    StaffAcknowledgement.objects.bulk_create(
        StaffAcknowledgement(school=school, version=version, user=user) for user in staff[::2]
    )
    PupilAcknowledgement.objects.bulk_create(
        PupilAcknowledgement(
            school=school, version=version, division_label=f"D{n}", enrolled=28, acknowledged=20
        )
        for n in range(30)
    )
    return school, first, version


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--incidents", type=int, default=1000)
    args = parser.parse_args()
    setup("security")
    from django.test import Client

    from pilote.core.metrics import registry
    from pilote.core.models import School

    schools, staff, rssi = build_schools(args.schools, args.members)
    school, incident, version = build_security(schools, staff, args.incidents)
    head = Client()
    head.force_login(staff[0])
    base = f"/etablissements/{school.uai}/securite/"
    rows = [
        measure(head, base),
        measure(head, base + "incidents/"),
        measure(head, base + "incidents/?severity=2&page=3"),
        measure(head, f"{base}incidents/{incident.pk}/"),
        measure(head, base + "mesures/"),
        measure(head, base + "acces/"),
        measure(head, base + "charte/"),
        measure(head, f"{base}charte/{version.pk}/"),
    ]
    academie = Client()
    academie.force_login(rssi)
    rows.append(measure(academie, "/territoires/academie/98/securite/", runs=10))
    print_table(
        f"Pilote — sécurité, {args.schools} établissements, {args.incidents} incidents",
        rows,
        ["url", "median_ms", "p95_ms", "queries"],
    )
    every_school = list(School.objects.select_related("academie"))
    timings = sorted(timed(registry.measure, every_school, ["securite"])[0] for _ in range(7))
    print(
        f"\nIndicateurs de sécurité sur {len(every_school)} établissements : "
        f"médiane {timings[3]:.1f} ms"
    )


if __name__ == "__main__":
    main()
