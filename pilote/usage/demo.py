"""Demo data of « Usages »: ENT exports generated from the demo pupils and families of SIECLE
(loaded by « Données » before this), imported through the real importers, then a few
follow-ups under way. Fictional and deterministic (seeded random)."""

import csv
import io
import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from pilote.core.bulk import insert_rows
from pilote.core.importing import get_importer, run_import
from pilote.schooldata.models import Guardian, GuardianLink, Pupil, StaffMember

from .choices import AccountSource, FollowUpStatus, Profile
from .models import Account, FollowUp, FollowUpNote

WEEKS = 12
APPLICATIONS = {
    "Cahier de textes": 9,
    "Messagerie": 8,
    "Actualités": 4,
    "Espace documentaire": 3,
    "Blog": 1,
}
CONNECTORS = {"Pronote": 10, "Mediacentre": 5, "Éléa": 3, "Capytale": 2, "Esidoc": 1}
NOTES = [
    "Appel à la famille : pas d'adresse électronique, rendez-vous proposé au CDI.",
    "Courrier remis à l'élève avec le code d'activation ÉduConnect.",
    "Activation faite avec la famille au bureau de la vie scolaire.",
]


def csv_bytes(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def last_connection(rng: random.Random, activated: bool, keen: float) -> str:
    moment = last_moment(rng, activated, keen)
    return moment.strftime("%d-%m-%Y %H:%M") if moment else ""


def last_moment(rng: random.Random, activated: bool, keen: float) -> datetime | None:
    """When an account last connected: within 25 days for the keen, 40 to 120 days ago for
    most others, never for some."""
    if not activated or rng.random() > keen:
        return None if not activated or rng.random() < 0.3 else _ago(rng, 40, 120)
    return _ago(rng, 0, 25)


def _ago(rng: random.Random, low: int, high: int) -> datetime:
    return timezone.localtime() - timedelta(days=rng.randint(low, high), hours=rng.randint(0, 9))


def accounts_export(school, rng: random.Random, *, activation: float) -> bytes:
    """The ENT « Export classique » of the school's pupils, parents and teachers."""
    rows = []
    pupils = Pupil.objects.active().for_school(school).select_related("division")
    for pupil in pupils:
        activated = rng.random() < activation
        rows.append(
            [
                f"ELV{pupil.siecle_id}",
                pupil.siecle_id,
                "Élève",
                pupil.last_name,
                pupil.first_name,
                f"{pupil.first_name}.{pupil.last_name}".lower(),
                "" if activated else f"{rng.randrange(16**6):06X}",
                pupil.division.code if pupil.division else "",
                "",
                last_connection(rng, activated, 0.85),
            ]
        )
    links = (
        GuardianLink.objects.for_school(school)
        .filter(is_legal=True)
        .select_related("guardian", "pupil")
    )
    seen = set()
    for link in links:
        if link.guardian_id in seen:
            continue
        seen.add(link.guardian_id)
        activated = rng.random() < activation - 0.2
        guardian = link.guardian
        rows.append(
            [
                f"PAR{guardian.personne_id}",
                "",
                "Parent",
                guardian.last_name,
                guardian.first_name,
                f"{guardian.first_name}.{guardian.last_name}".lower(),
                "" if activated else f"{rng.randrange(16**6):06X}",
                "",
                f"{link.pupil.first_name} {link.pupil.last_name}",
                last_connection(rng, activated, 0.55),
            ]
        )
    for staff in StaffMember.objects.for_school(school):
        rows.append(
            [
                f"ENS{staff.sts_id}",
                "",
                "Enseignant",
                staff.last_name,
                staff.first_name,
                f"{staff.first_name}.{staff.last_name}".lower(),
                "",
                "",
                "",
                last_connection(rng, True, 0.95),
            ]
        )
    header = [
        "Id",
        "Identifiant SIECLE",
        "Type",
        "Nom",
        "Prénom",
        "Identifiant",
        "Code d'activation",
        "Classes",
        "Enfants",
        "Dernière connexion",
    ]
    return csv_bytes(header, rows)


def weeks_back(count: int) -> list:
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    return [monday - timedelta(weeks=n) for n in range(count, 0, -1)]


def stats_exports(school, rng: random.Random, pupils: int) -> list[bytes]:
    """Weekly accounts statistics, and accesses per application and per connector."""
    profiles = {"Élève": pupils, "Parent": int(pupils * 1.6), "Enseignant": pupils // 12}
    accounts, applications, connectors = [], [], []
    for index, week in enumerate(weeks_back(WEEKS)):
        day = f"{week:%Y-%m-%d}T00:00"
        holiday = 0.3 if index in (6, 7) else 1.0
        for profile, size in profiles.items():
            visitors = int(size * rng.uniform(0.45, 0.7) * holiday)
            connections = visitors * rng.randint(3, 6)
            common = [school.name, school.uai, day, profile]
            accounts.append(
                [*common, connections, visitors, size, int(size * rng.uniform(0.75, 0.9))]
            )
            for name, weight in APPLICATIONS.items():
                applications.append([*common, name, int(connections * weight / 30)])
            if profile != "Parent":
                for name, weight in CONNECTORS.items():
                    connectors.append([*common, name, int(visitors * weight / 6)])
    base = ["Établissement", "UAI", "Date", "Profil"]
    return [
        csv_bytes(
            [*base, "Connexions", "Visiteurs uniques", "Comptes chargés", "Comptes activés"],
            accounts,
        ),
        csv_bytes([*base, "Application", "Nombre d'accès"], applications),
        csv_bytes([*base, "Connecteur", "Nombre d'accès"], connectors),
    ]


def connection_log(school, rng: random.Random) -> bytes:
    """A small log of the last weeks (one line per connection) for the weekly chart."""
    pupils = list(Pupil.objects.active().for_school(school).values_list("siecle_id"))
    rows = []
    for week in weeks_back(6):
        for (siecle_id,) in pupils:
            for _ in range(rng.choice((0, 0, 1, 2, 3, 5))):
                moment = datetime.combine(week, time(8)) + timedelta(
                    days=rng.randint(0, 4), minutes=rng.randint(0, 600)
                )
                service = rng.choice(list(CONNECTORS) + list(APPLICATIONS))
                rows.append([f"{moment:%Y-%m-%d %H:%M:%S}", f"ELV{siecle_id}", "Élève", service])
    return csv_bytes(["timestamp", "user_id", "profil", "service"], rows)


def import_file(kind: str, school, user, content: bytes, filename: str) -> None:
    importer = get_importer(kind)(school=school, user=user)
    report = run_import(importer, content, filename, apply=True)
    if report.refused:
        raise RuntimeError(f"Démo {kind} refusée : {report.parsed.errors[:3]}")


def follow_some_cases(school, users, rng: random.Random) -> None:
    cases = list(FollowUp.objects.for_school(school).filter(is_detected=True).order_by("pk")[:12])
    statuses = [FollowUpStatus.CONTACTE, FollowUpStatus.ACCOMPAGNE, FollowUpStatus.RESOLU]
    for index, follow_up in enumerate(cases[:8]):
        follow_up.status = statuses[index % 3]
        follow_up.assignee = users[index % len(users)]
        follow_up.save()
        FollowUpNote.objects.create(
            follow_up=follow_up,
            written_on=timezone.localdate() - timedelta(days=rng.randint(1, 20)),
            author=follow_up.assignee,
            text=NOTES[index % len(NOTES)],
        )


def load(demo) -> None:
    load_detailed(demo)
    load_generated(demo)


def load_detailed(demo) -> None:
    for seed, school, head, helpers in (
        (11, demo.college, "chef.college", ["cpe.college", "chef.college"]),
        (12, demo.lycee, "chef.lycee", ["adjoint.lycee", "chef.lycee"]),
    ):
        rng = random.Random(seed)
        user = demo.users.get(head)
        pupils = Pupil.objects.active().for_school(school).count()
        # Two exports a few weeks apart, so that the cockpit shows a trend.
        import_file(
            "ent-comptes", school, user, accounts_export(school, rng, activation=0.78), "export.csv"
        )
        import_file(
            "ent-comptes", school, user, accounts_export(school, rng, activation=0.9), "export.csv"
        )
        for number, content in enumerate(stats_exports(school, rng, pupils)):
            import_file("ent-stats", school, user, content, f"export-stats-{number}.csv")
        import_file("connexions", school, user, connection_log(school, rng), "connexions.csv")
        people = [demo.users[name] for name in helpers if name in demo.users]
        follow_some_cases(school, people, rng)


def load_generated(demo) -> None:
    """ENT accounts of the generated schools' pupils and families, inserted in bulk without
    history (as their pupils), each school with rates of its own: a few far behind, most on
    their way."""
    for index, school in enumerate(getattr(demo, "generated", [])):
        rng = random.Random(3000 + index)
        rates = {Profile.ELEVE: rng.uniform(0.55, 0.99), Profile.PARENT: rng.uniform(0.3, 0.92)}
        keen = rng.uniform(0.45, 0.9)
        people = [
            (Profile.ELEVE, "pupil_id", row)
            for row in Pupil.objects.for_school(school).values_list("pk", "last_name", "first_name")
        ] + [
            (Profile.PARENT, "guardian_id", row)
            for row in Guardian.objects.for_school(school).values_list(
                "pk", "last_name", "first_name"
            )
        ]
        accounts = []
        for profile, owner, (pk, last_name, first_name) in people:
            activated = rng.random() < rates[profile]
            accounts.append(
                {
                    "school": school,
                    "source": AccountSource.ENT,
                    "external_id": f"{profile}-{pk}",
                    "profile": profile,
                    "last_name": last_name,
                    "first_name": first_name,
                    "is_activated": activated,
                    "last_connection": last_moment(rng, activated, keen),
                    owner: pk,
                }
            )
        insert_rows(Account, accounts)
