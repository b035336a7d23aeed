"""Demo data of the pilotage module: fourteen months (at least) of plausible history.

Curves and trends must be real on the first day of a demo. Starting from each indicator's value
today, the history is walked back with a seeded random generator: rates drift towards today's
value week after week, counts of people and classes change at the start of a school year, the
freshness of SIECLE and STS (days since the last import) climbs every day and drops at each
import; nothing changes during the summer holidays. Only the days a value changes are written,
as the daily recording does.
"""

import random
import zlib
from datetime import date, timedelta

from django.utils import timezone

from pilote.core.demo import analyze_tables
from pilote.core.metrics import Unit, registry
from pilote.core.schoolyear import school_year_of, school_year_start

from .history import clean, record
from .models import IndicatorRecord

HISTORY_DAYS = 425  # fourteen months at least…
# … and always the whole previous school year, from a week before its first day: the demo's
# bilan annuel of the past year reads its start and its end in the history.
MARGIN_DAYS = 7


def history_days(today: date) -> int:
    previous_year = date(school_year_of(today) - 1, 9, 1)
    return max(HISTORY_DAYS, (today - previous_year).days + MARGIN_DAYS)


# Counts that only move when a school year starts (people, classes, services).
YEARLY = ("eleves.actifs", "responsables.total", "divisions.total", "personnels.total")
# Days since the last import: one more every day, back to zero at each import.
FRESHNESS = ("donnees.fraicheur_siecle", "donnees.fraicheur_sts")


def load(demo) -> None:
    today = timezone.localdate()
    # The history starts from today's values, measured over what the other modules have just
    # loaded: PostgreSQL must know the size of their tables first.
    analyze_tables()
    load_volets(demo)
    schools = getattr(demo, "all_schools", demo.schools)
    back_fill(schools, today)
    load_commission(demo)
    record(schools, day=today)
    load_shared_bilan(demo, today)


def load_shared_bilan(demo, today: date) -> None:
    """The collège's head has shared last year's bilan with the département and the académie
    (the territory's pages offer it); any year's bilan is built again from its page."""
    from django.core.files.base import ContentFile

    from .bilan.documents import build_pdf
    from .bilan.facts import build_bilan
    from .bilan.models import SharedBilan

    bilan = build_bilan(demo.college, school_year_of(today) - 1)
    shared = SharedBilan(
        school=demo.college,
        start_year=bilan.start_year,
        with_collectivite=True,
        with_academie=True,
        shared_by=demo.users["chef.college"],
    )
    shared.document.save(bilan.filename("pdf"), ContentFile(build_pdf(bilan)), save=False)
    shared.save()


# The collège's adopted volet: axis, objectives, and per objective (code, target, deadline,
# milestones). The lycée's volet is still a draft.
COLLEGE_VOLET = [
    (
        "Équiper et maintenir un parc utile",
        [
            (
                "Un parc conforme au socle numérique",
                [
                    ("parc.conformite_socle", 90, date(2028, 6, 30), [(date(2027, 6, 30), 80)]),
                    ("parc.hors_service", 3, date(2027, 6, 30), []),
                ],
            ),
        ],
    ),
    (
        "Développer les usages avec les familles",
        [
            (
                "Des familles qui utilisent l'ENT",
                [
                    (
                        "usages.activation_responsables",
                        85,
                        date(2027, 6, 30),
                        [(date(2026, 6, 30), 75)],
                    ),
                    ("usages.eleves_actifs_30j", 75, date(2027, 6, 30), []),
                ],
            ),
        ],
    ),
    (
        "Former les élèves et les personnels",
        [
            (
                "Certifier les compétences numériques",
                [("pix.certifies", 90, date(2028, 6, 30), [(date(2027, 6, 30), 80)])],
            ),
            ("Accompagner les enseignants", [("pixedu.engages", 40, date(2028, 6, 30), [])]),
        ],
    ),
    (
        "Protéger les données et les personnes",
        [
            (
                "Un registre et une charte à jour",
                [
                    ("rgpd.completude", 100, date(2027, 6, 30), []),
                    ("charte.acceptation", 95, date(2027, 6, 30), []),
                    ("securite.maturite", 70, date(2028, 6, 30), [(date(2027, 6, 30), 55)]),
                ],
            ),
        ],
    ),
]

LYCEE_VOLET = [
    (
        "Un parc renouvelé et disponible",
        [
            (
                "Moins d'appareils hors service",
                [("parc.hors_service", 4, date(2028, 6, 30), [])],
            ),
        ],
    ),
    (
        "Des usages partagés",
        [("Activer les comptes", [("usages.activation_eleves", 95, date(2028, 6, 30), [])])],
    ),
]


def load_volets(demo) -> None:
    from .choices import VoletStatus
    from .models import Volet

    college = Volet.objects.create(
        school=demo.college,
        start_year=2025,
        end_year=2028,
        status=VoletStatus.ADOPTED,
        conseil_pedagogique_date=date(2025, 11, 13),
        conseil_administration_date=date(2025, 12, 2),
        summary="Trois ans pour que chaque élève dispose d'un équipement qui marche, que les "
        "familles suivent la scolarité dans l'ENT et que les compétences numériques soient "
        "certifiées, sans rien céder sur la protection des données.",
    )
    build_axes(college, COLLEGE_VOLET)
    lycee = Volet.objects.create(
        school=demo.lycee,
        start_year=2026,
        end_year=2029,
        summary="Version de travail, à présenter au conseil pédagogique de janvier.",
    )
    build_axes(lycee, LYCEE_VOLET)
    load_actions(demo, college)


# title, responsible, objective (axis order, objective order), due in days from today, status,
# indicators, follow-up notes (days ago, text)
COLLEGE_ACTIONS = [
    (
        "Inventorier et faire réparer les appareils hors service",
        "rrupn.college",
        (1, 1),
        -20,
        "en_cours",
        ["parc.hors_service"],
        [(40, "Inventaire fait : 14 appareils signalés au centre de services.")],
    ),
    (
        "Mettre à jour les fiches du registre RGPD",
        "sg.college",
        (4, 1),
        -9,
        "a_lancer",
        ["rgpd.completude"],
        [],
    ),
    (
        "Atelier ENT pour les familles de 6e",
        "cpe.college",
        (2, 1),
        -45,
        "realisee",
        ["usages.activation_responsables"],
        [(50, "Deux soirées, 61 familles accueillies, 48 comptes activés sur place.")],
    ),
    (
        "Campagne Pix des élèves de 3e",
        "prof.college",
        (3, 1),
        95,
        "en_cours",
        ["pix.certifies"],
        [(12, "Parcours de rentrée lancé dans les six classes de 3e.")],
    ),
    (
        "Faire prendre connaissance de la charte à tous les personnels",
        "doc.college",
        (4, 1),
        30,
        "a_lancer",
        ["charte.acceptation"],
        [],
    ),
    (
        "Parcours Pix+ Édu pour l'équipe de mathématiques",
        "adjoint.college",
        (3, 2),
        -80,
        "realisee",
        ["pixedu.engages"],
        [],
    ),
]


def load_actions(demo, volet) -> None:
    from .models import Action, ActionNote, Objective

    today = timezone.localdate()
    objectives = {
        (o.axis.order, o.order): o
        for o in Objective.objects.filter(axis__volet=volet).select_related("axis")
    }
    head = demo.users["chef.college"]
    for title, username, key, due, status, codes, notes in COLLEGE_ACTIONS:
        action = Action.objects.create(
            school=demo.college,
            title=title,
            responsible=demo.users[username],
            start_date=today + timedelta(days=min(due, 0) - 60),
            due_date=today + timedelta(days=due),
            status=status,
            objective=objectives.get(key),
            indicators=codes,
            success_criterion="Indicateur servi au niveau du jalon de l'année.",
            resources="Temps de coordination du RRUPN ; appui de la DRANE.",
            completed_on=today + timedelta(days=due - 2) if status == "realisee" else None,
        )
        for days_ago, text in notes:
            ActionNote.objects.create(
                action=action, day=today - timedelta(days=days_ago), text=text, author=head
            )
    Action.objects.create(
        school=demo.lycee,
        title="Recenser les besoins de renouvellement des salles de STI",
        responsible=demo.users["ddfpt.lycee"],
        due_date=today + timedelta(days=60),
        status="en_cours",
        indicators=["parc.hors_duree_de_vie"],
    )


def build_axes(volet, axes) -> None:
    from .models import Axis, Objective, Target, TargetMilestone

    measured = registry.compute([volet.school])[volet.school.pk]
    for axis_order, (axis_title, objectives) in enumerate(axes, start=1):
        axis = Axis.objects.create(volet=volet, order=axis_order, title=axis_title)
        for order, (title, targets) in enumerate(objectives, start=1):
            objective = Objective.objects.create(axis=axis, order=order, title=title)
            for code, value, deadline, milestones in targets:
                if measured.get(code) is None:  # never a target the school cannot measure
                    continue
                target = Target.objects.create(
                    objective=objective, code=code, value=value, deadline=deadline
                )
                for day, step in milestones:
                    TargetMilestone.objects.create(target=target, day=day, value=step)


def back_fill(schools, today: date) -> None:
    values = registry.compute(schools)
    rows = []
    for school in schools:
        for indicator in registry.indicators():
            value = values[school.pk].get(indicator.code)
            if value is None:
                continue
            seed = zlib.crc32(f"{school.uai}:{indicator.code}".encode())
            path = walk_back(indicator, float(value), today, random.Random(seed))
            previous = None
            for day, step in path:
                step = clean(step)
                if step != previous:
                    rows.append(
                        IndicatorRecord(school=school, code=indicator.code, day=day, value=step)
                    )
                    previous = step
    IndicatorRecord.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def walk_back(indicator, today_value: float, today: date, rng: random.Random):
    """``[(day, value)]`` for each of the last :func:`history_days` days before today."""
    days = [today - timedelta(days=n) for n in range(history_days(today), 0, -1)]
    if indicator.code in FRESHNESS:
        return list(zip(days, freshness(days, today_value, today, rng), strict=True))
    if indicator.code in YEARLY:
        return [(day, yearly(day, today, today_value)) for day in days]
    start = starting_value(indicator, today_value, rng)
    path, value = [], start
    for index, day in enumerate(days):
        if day.month != 8 and day.weekday() == 0:  # a new value each Monday, but in August
            progress = index / len(days)
            noise = rng.gauss(0, 0.01) * max(abs(today_value), 10)
            value = start + (today_value - start) * progress + noise
            value = bounded(indicator, value)
        path.append((day, value))
    return path


def starting_value(indicator, today_value: float, rng: random.Random) -> float:
    if indicator.unit == Unit.PERCENT:
        return bounded(indicator, today_value - rng.uniform(-8, 18))
    if indicator.unit == Unit.COUNT:
        return bounded(indicator, today_value * rng.uniform(0.6, 1.5) + rng.randint(0, 4))
    return bounded(indicator, today_value * rng.uniform(0.7, 1.3))


def bounded(indicator, value: float) -> float:
    value = max(value, 0.0)
    if indicator.unit == Unit.PERCENT:
        return round(min(value, 100.0), 1)
    if indicator.unit == Unit.COUNT:
        return float(round(value))
    return round(value, 1)


def yearly(day: date, today: date, today_value: float) -> float:
    """This school year's value, and last year's a little different."""
    if day >= school_year_start(today):
        return today_value
    return float(round(today_value * 0.96))


def freshness(days, today_value: float, today: date, rng: random.Random) -> list[float]:
    """Days since the last import, the last import being ``today_value`` days ago."""
    imports = [today - timedelta(days=int(today_value))]
    while imports[-1] > days[0]:
        imports.append(imports[-1] - timedelta(days=rng.randint(18, 45)))
    imports.sort()
    values, position = [], 0
    for day in days:
        while position + 1 < len(imports) and imports[position + 1] <= day:
            position += 1
        values.append(float(max((day - imports[position]).days, 0)))
    return values


def load_commission(demo) -> None:
    from .commission.demo import load

    load(demo)
