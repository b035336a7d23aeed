"""Foundation budgets: the cockpit, the members list and the territorial cockpit.

A generated académie of 50 schools × 40 members (and, with ``--schools 500`` on PostgreSQL, the
territorial budget). Budget: school pages < 100 ms median and a query count that does not grow
with rows; territorial view over 500 schools < 300 ms (PostgreSQL).

    uv run python benchmarks/core_cockpit.py [--schools 50] [--members 40]
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench \
        uv run python benchmarks/core_cockpit.py --schools 500
"""

import argparse

from harness import measure, print_table, setup


def build(schools: int, members: int):
    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.core.uai import UAI_ALPHABET

    academie = Academie.objects.create(code="99", name="Banc d'essai")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="99", name="Banc"
    )
    created = School.objects.bulk_create(
        School(
            uai=f"{9900000 + n:07d}" + UAI_ALPHABET[(9900000 + n) % 23],
            name=f"Collège n° {n}",
            type=SchoolType.COLLEGE,
            commune="Essai",
            academie=academie,
            collectivite=departement,
            declared_pupils=600,
        )
        for n in range(schools)
    )
    roles = [Role.ENSEIGNANT] * 30 + [Role.CPE, Role.RRUPN, Role.ADJOINT, Role.SECRETAIRE_GENERAL]
    users = User.objects.bulk_create(
        User(username=f"u{s}-{m}", email=f"u{s}-{m}@banc.fr", last_name=f"Nom{m}")
        for s in range(schools)
        for m in range(members)
    )
    Membership.objects.bulk_create(
        Membership(
            user=users[s * members + m],
            school=created[s],
            role=Role.CHEF if m == 0 else roles[m % len(roles)],
        )
        for s in range(schools)
        for m in range(members)
    )
    drane = User.objects.create(username="drane-banc")
    Membership.objects.create(user=drane, academie=academie, role=Role.DRANE)
    return created[0], users[0], drane


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--members", type=int, default=40)
    args = parser.parse_args()
    setup("core")
    from django.test import Client

    school, head, drane = build(args.schools, args.members)
    client = Client()
    client.force_login(head)
    rows = [
        measure(client, f"/etablissements/{school.uai}/"),
        measure(client, f"/etablissements/{school.uai}/", cold=True),
        measure(client, f"/etablissements/{school.uai}/membres/"),
        measure(client, f"/etablissements/{school.uai}/journal/"),
    ]
    territory = Client()
    territory.force_login(drane)
    rows.append(measure(territory, "/territoires/academie/99/", runs=10))
    rows.append(measure(territory, "/territoires/academie/99/", runs=10, cold=True))
    print_table(
        f"Pilote — fondations, {args.schools} établissements × {args.members} membres",
        rows,
        ["url", "median_ms", "p95_ms", "queries"],
    )


if __name__ == "__main__":
    main()
