"""« Continuité » budget: readiness of a lycée of 3,000 pupils in < 100 ms, query count
independent of headcount.

One lycée of 3,000 pupils (100 divisions), two legal guardians each (one in ten with a postal
address only), an ENT account per pupil and per guardian, 150 teachers with training records,
300 laptops (40 lent), a survey in every division, a validated plan with its tools. Measures
the readiness computation alone (``readiness.for_school``) and the module's page, then the
same with 300 pupils to show the query count does not move.

    uv run python benchmarks/continuity_readiness.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench \
        uv run python benchmarks/continuity_readiness.py
"""

import statistics
import time
from datetime import timedelta

from harness import measure, print_table, setup


def build(uai: str, pupils: int, divisions: int):
    from django.utils import timezone

    from pilote.bookings.models import Loan
    from pilote.catalogue.models import SchoolService, Service
    from pilote.continuity.models import EquipmentSurvey, PlanTool, TrainingRecord
    from pilote.continuity.plans import create_plan, validate
    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.inventory.models import Equipment
    from pilote.schooldata.models import Division, Guardian, GuardianLink, Pupil, StaffMember
    from pilote.usage.models import Account

    academie, _ = Academie.objects.get_or_create(code="97", defaults={"name": "Banc"})
    region, _ = Collectivite.objects.get_or_create(
        kind=CollectiviteKind.REGION, code="97", defaults={"name": "Banc"}
    )
    school = School.objects.create(
        uai=uai, name=f"Lycée {uai}", type=SchoolType.LGT, academie=academie, collectivite=region
    )
    head = User.objects.create(username=f"chef-{uai}")
    Membership.objects.create(user=head, school=school, role=Role.CHEF)
    classes = Division.objects.bulk_create(
        Division(school=school, code=f"D{n:03d}", in_siecle=True) for n in range(divisions)
    )
    created = Pupil.objects.bulk_create(
        Pupil(
            school=school,
            siecle_id=str(n),
            last_name=f"NOM{n}",
            first_name="Prénom",
            division=classes[n % divisions],
            is_active=n % 50 != 0,  # some left
        )
        for n in range(pupils)
    )
    guardians = Guardian.objects.bulk_create(
        Guardian(
            school=school,
            personne_id=str(n),
            last_name=f"RESP{n}",
            email="" if n % 10 == 0 else f"r{n}@exemple.fr",
            mobile="" if n % 10 == 0 else "0612345678",
        )
        for n in range(2 * pupils)
    )
    GuardianLink.objects.bulk_create(
        GuardianLink(school=school, pupil=pupil, guardian=guardians[2 * i + k], is_legal=True)
        for i, pupil in enumerate(created)
        for k in (0, 1)
    )
    now = timezone.now()
    Account.objects.bulk_create(
        Account(
            school=school,
            source="ent",
            external_id=f"e{i}",
            profile="eleve",
            last_name=p.last_name,
            is_activated=i % 7 != 0,
            last_connection=now - timedelta(days=i % 60),
            pupil=p,
        )
        for i, p in enumerate(created)
    )
    Account.objects.bulk_create(
        Account(
            school=school,
            source="ent",
            external_id=f"g{i}",
            profile="parent",
            last_name=g.last_name,
            is_activated=i % 3 != 0,
            guardian=g,
        )
        for i, g in enumerate(guardians)
    )
    teachers = StaffMember.objects.bulk_create(
        StaffMember(school=school, sts_id=str(n), last_name=f"PROF{n}", function="ENS")
        for n in range(pupils // 20)
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(school=school, staff=t, topic="Classe virtuelle")
        for t in teachers[: len(teachers) * 2 // 3]
    )
    laptops = Equipment.objects.bulk_create(
        Equipment(school=school, category="portable", lifetime_years=5) for _ in range(pupils // 10)
    )
    today = timezone.localdate()
    Loan.objects.bulk_create(
        Loan(
            school=school,
            equipment=e,
            borrower_kind="eleve",
            charter_accepted_on=today,
            due_on=today + timedelta(days=30),
        )
        for e in laptops[: len(laptops) // 8]
    )
    EquipmentSurvey.objects.bulk_create(
        EquipmentSurvey(school=school, division=d, without_device=3, without_connection=2)
        for d in classes
    )
    plan = create_plan(school)
    validate(plan, head)
    service = Service.objects.create(
        name=f"ENT {uai}", kind="ent", origin="local", school=school, support_contact="editeur"
    )
    PlanTool.objects.create(
        school=school,
        plan=plan,
        use="communication",
        school_service=SchoolService.objects.create(school=school, service=service),
    )
    return school, head


def time_readiness(school, runs: int = 30) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pilote.continuity import readiness
    from pilote.schooldata.models import Pupil

    for _ in range(3):
        readiness.for_school(school)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        readiness.for_school(school)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        readiness.for_school(school)
    timings.sort()
    return {
        "url": f"readiness.for_school ({Pupil.objects.for_school(school).count()} élèves)",
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * (len(timings) - 1))],
        "queries": len(queries),
    }


def main() -> None:
    setup("continuity")
    from django.test import Client

    big, head = build("0970001A", 3000, 100)
    small, small_head = build("0970002B", 300, 10)
    rows = [time_readiness(big), time_readiness(small)]
    for school, user in ((big, head), (small, small_head)):
        client = Client()
        client.force_login(user)
        rows.append(measure(client, f"/etablissements/{school.uai}/continuite/"))
    print_table("Préparation de la continuité", rows, ["url", "median_ms", "p95_ms", "queries"])


if __name__ == "__main__":
    main()
