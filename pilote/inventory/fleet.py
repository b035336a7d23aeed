"""The collectivité's fleet across its schools: how homogeneous it is, and the yearly equipment
survey in the shape of the national ICT survey (ETIC, REFERENTIALS.md §5).

A collectivité buys, installs and maintains the computers of hundreds of schools: it wants to
know how many models and operating systems it keeps alive, how old the fleet is, and to
answer the yearly survey without counting by hand. Every figure here is an aggregate done by
the database in a few grouped queries, whatever the number of schools or devices.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Concat, Trim
from django.utils import timezone
from tablib import Dataset

from pilote.core.files import escape_formula
from pilote.core.metrics import percent

from .choices import Category, Coverage, RoomKind
from .models import Equipment, Room, years_before

# The survey's « older than 5 years » share and the buckets of the age table.
OLD_YEARS = 5
AGE_BUCKETS = (
    (0, 3, "moins de 3 ans"),
    (3, 5, "3 à 5 ans"),
    (5, 8, "5 à 8 ans"),
    (8, None, "8 ans et plus"),
)
TOP = 10
MOBILE = (Category.PORTABLE, Category.TABLETTE)


def computers(schools):
    """The pupils' and teachers' computers and tablets in service in ``schools``."""
    return Equipment.objects.in_fleet().filter(
        school__in=schools, category__in=Category.computers()
    )


def older_than(years: int, on: date | None = None) -> Q:
    return Q(acquisition_date__lte=years_before(on or timezone.localdate(), years))


def age_table(devices, on: date | None = None) -> list[dict]:
    """How many devices per age bucket, plus those without a known date (one query)."""
    day = on or timezone.localdate()
    aggregates = {"unknown": Count("pk", filter=Q(acquisition_date__isnull=True))}
    for index, (low, high, _label) in enumerate(AGE_BUCKETS):
        condition = Q(acquisition_date__lte=years_before(day, low))
        if high is not None:
            condition &= Q(acquisition_date__gt=years_before(day, high))
        aggregates[f"b{index}"] = Count("pk", filter=condition)
    counts = devices.aggregate(**aggregates)
    rows = [
        {"label": label, "count": counts[f"b{index}"]}
        for index, (_low, _high, label) in enumerate(AGE_BUCKETS)
    ]
    rows.append({"label": "date d'achat inconnue", "count": counts["unknown"]})
    return rows


def model_label():
    """« Dell Latitude 3520 »: the brand and the model, as one value the database compares."""
    return Trim(Concat("brand", Value(" "), "model"))


def most_common(devices, field) -> list[dict]:
    """The :data:`TOP` most frequent values of ``field`` (a name or an expression), with
    their share of the devices; empty values say « non renseigné »."""
    total = devices.count()
    rows = (
        devices.annotate(_value=field if not isinstance(field, str) else Trim(field))
        .values("_value")
        .annotate(count=Count("pk"))
        .order_by("-count", "_value")[:TOP]
    )
    return [
        {
            "label": row["_value"] or "non renseigné",
            "count": row["count"],
            "share": percent(row["count"], total),
        }
        for row in rows
    ]


def homogeneity(schools) -> dict:
    """The territory's fleet of computers: models, operating systems, ages (five queries)."""
    devices = computers(schools)
    distinct = devices.aggregate(
        total=Count("pk"),
        models=Count(model_label(), distinct=True),
        systems=Count("operating_system", distinct=True),
    )
    return {
        **distinct,
        "top_models": most_common(devices, model_label()),
        "top_systems": most_common(devices, "operating_system"),
        "ages": age_table(devices),
    }


def per_school(school_ids) -> dict[int, dict]:
    """For a page of schools: computers, distinct models and systems, share older than five
    years (one grouped query)."""
    rows = (
        computers(school_ids)
        .values("school_id")
        .annotate(
            total=Count("pk"),
            models=Count(model_label(), distinct=True),
            systems=Count("operating_system", distinct=True),
            old=Count("pk", filter=older_than(OLD_YEARS)),
            dated=Count("pk", filter=Q(acquisition_date__isnull=False)),
        )
    )
    return {
        row["school_id"]: {**row, "old_share": percent(row["old"], row["dated"])} for row in rows
    }


# --- The yearly survey ------------------------------------------------------------------------

SURVEY_HEADERS = [
    "UAI",
    "Établissement",
    "Type",
    "Commune",
    "Élèves",
    "Postes fixes",
    "Postes mobiles (portables et tablettes)",
    "Postes fixes pour 100 élèves",
    "Postes mobiles pour 100 élèves",
    "Part des postes de plus de 5 ans (%)",
    "Vidéoprojecteurs pour 1 000 élèves",
    "Écrans interactifs (TNI, VPI, ENI) pour 1 000 élèves",
    "ENT",
    "Comptes élèves ENT activés (%)",
    "Charte d'usage adoptée",
    "Salles de classe raccordées à internet (%)",
    "Internet dans au moins la moitié des salles de classe",
]


def ratio(count, pupils, per: int):
    if not pupils:
        return None
    return round(per * count / pupils, 1)


def yes_no(flag) -> str:
    return "oui" if flag else "non"


def survey_figures(schools) -> dict[int, dict]:
    """Per school, the raw counts of the survey (four grouped queries)."""
    from pilote.schooldata.models import Pupil
    from pilote.security.models import CharterVersion
    from pilote.usage.models import Account

    old = older_than(OLD_YEARS)
    fleet = (
        Equipment.objects.in_fleet()
        .filter(school__in=schools)
        .values("school_id")
        .annotate(
            fixed=Count("pk", filter=Q(category=Category.POSTE_FIXE)),
            mobile=Count("pk", filter=Q(category__in=MOBILE)),
            old=Count("pk", filter=Q(category__in=Category.computers()) & old),
            dated=Count(
                "pk",
                filter=Q(category__in=Category.computers(), acquisition_date__isnull=False),
            ),
            projectors=Count("pk", filter=Q(category=Category.VIDEOPROJECTEUR)),
            interactive=Count("pk", filter=Q(category=Category.ECRAN_INTERACTIF)),
        )
    )
    connected = Q(wired_network=Coverage.OUI) | Q(wifi_coverage=Coverage.OUI)
    rooms = (
        Room.objects.filter(school__in=schools, kind=RoomKind.SALLE_CLASSE)
        .values("school_id")
        .annotate(classrooms=Count("pk"), connected=Count("pk", filter=connected))
    )
    pupils = (
        Pupil.objects.active()
        .filter(school__in=schools)
        .values("school_id")
        .annotate(pupils=Count("pk"))
    )
    flags = schools.annotate(
        ent=Exists(Account.objects.filter(school=OuterRef("pk"))),
        charter=Exists(
            CharterVersion.objects.filter(school=OuterRef("pk"), adopted_on__isnull=False)
        ),
    ).values("pk", "ent", "charter", "declared_pupils")
    figures = {row["pk"]: dict(row) for row in flags}
    for rows in (fleet, rooms, pupils):
        for row in rows:
            figures[row.pop("school_id")].update(row)
    return figures


def survey_row(school, figures: dict, activation) -> list:
    pupils = figures.get("pupils") or figures.get("declared_pupils")
    fixed, mobile = figures.get("fixed", 0), figures.get("mobile", 0)
    classrooms = figures.get("classrooms", 0)
    connected = percent(figures.get("connected", 0), classrooms)
    return [
        school.uai,
        school.name,
        school.get_type_display(),
        school.commune,
        pupils,
        fixed,
        mobile,
        ratio(fixed, pupils, 100),
        ratio(mobile, pupils, 100),
        percent(figures.get("old", 0), figures.get("dated", 0)),
        ratio(figures.get("projectors", 0), pupils, 1000),
        ratio(figures.get("interactive", 0), pupils, 1000),
        yes_no(figures.get("ent")),
        activation,
        yes_no(figures.get("charter")),
        connected,
        "" if connected is None else yes_no(connected >= 50),
    ]


def survey_dataset(organisation) -> Dataset:
    """One row per school, then the territory's totals: the yearly equipment survey.

    Débit and filtering are not kept by Pilote: the survey asks for them, the file leaves
    them to the person who fills it in."""
    schools = organisation.schools.order_by("name", "pk")
    figures = survey_figures(organisation.schools.all())
    activations = dict(
        schools.values_list("pk", "stored_indicators__values__usages.activation_eleves")
    )
    dataset = Dataset(headers=SURVEY_HEADERS, title="Enquête équipement")
    totals = dict.fromkeys(
        ("pupils", "fixed", "mobile", "old", "dated", "projectors", "interactive"), 0
    )
    totals.update(classrooms=0, connected=0, ent=0, charter=0)
    for school in schools.iterator(chunk_size=1000):
        row_figures = figures.get(school.pk, {})
        row = survey_row(school, row_figures, activations.get(school.pk))
        dataset.append([escape_formula(cell) for cell in row])
        totals["pupils"] += row[4] or 0
        for key in ("fixed", "mobile", "old", "dated", "projectors", "interactive"):
            totals[key] += row_figures.get(key, 0)
        for key in ("classrooms", "connected"):
            totals[key] += row_figures.get(key, 0)
        totals["ent"] += bool(row_figures.get("ent"))
        totals["charter"] += bool(row_figures.get("charter"))
    count = len(dataset)
    dataset.append(
        [
            "",
            f"Total : {organisation}",
            f"{count} établissements",
            "",
            totals["pupils"],
            totals["fixed"],
            totals["mobile"],
            ratio(totals["fixed"], totals["pupils"], 100),
            ratio(totals["mobile"], totals["pupils"], 100),
            percent(totals["old"], totals["dated"]),
            ratio(totals["projectors"], totals["pupils"], 1000),
            ratio(totals["interactive"], totals["pupils"], 1000),
            f"{totals['ent']} sur {count}",
            None,
            f"{totals['charter']} sur {count}",
            percent(totals["connected"], totals["classrooms"]),
            "",
        ]
    )
    return dataset
