"""« Qualité des données »: how fresh each source is and what must be corrected at the source.

Counts are measured for many schools at once (a few grouped queries: the territorial view
measures hundreds of schools); the school page lists the records behind each anomaly with
what to correct in SIECLE or STS-web. An anomaly that depends on a source never imported is
not evaluated (``None``) rather than reported: without STS-web every division would be
« sans service », which says nothing.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pilote.core.aggregates import sum_when
from pilote.core.metrics import per_school
from pilote.core.models import School

from .choices import Source, StaffFunction
from .models import (
    DataImport,
    DataSettings,
    Division,
    Guardian,
    GuardianLink,
    Pupil,
    StaffMember,
    TeachingService,
    active_pupil_q,
)

DEFAULT_FRESHNESS_DAYS = 30
PUPIL_COUNTS = (
    "actifs",
    "sortis",
    "sans_division",
    "sans_ine",
    "ine_en_double",
    "sans_responsable_legal",
)


SIECLE_SOURCES = [Source.SIECLE_ELEVES, Source.SIECLE_RESPONSABLES, Source.SIECLE_STRUCTURES]


def _newest(sources):
    imports = DataImport.objects.filter(school=OuterRef("pk"), source__in=sources)
    return Subquery(imports.order_by("-exported_at").values("exported_at")[:1])


def _imported(source):
    return Exists(DataImport.objects.filter(school=OuterRef("pk"), source=source))


def _count(queryset):
    counted = (
        queryset.filter(school=OuterRef("pk"))
        .order_by()
        .values("school")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted), 0)


def school_facts(schools) -> dict[int, dict]:
    """Per school, in one query: newest exports, sources imported, guardian counts."""
    rows = (
        School.objects.filter(pk__in=[s.pk for s in schools])
        .annotate(
            siecle=_newest(SIECLE_SOURCES),
            sts=_newest([Source.STS]),
            has_siecle=_imported(Source.SIECLE_ELEVES),
            has_guardians=_imported(Source.SIECLE_RESPONSABLES),
            has_sts=_imported(Source.STS),
            guardian_total=_count(Guardian.objects.all()),
            unreachable_total=_count(Guardian.objects.filter(has_email=False, has_mobile=False)),
        )
        .values(
            "pk",
            "siecle",
            "sts",
            "has_siecle",
            "has_guardians",
            "has_sts",
            "guardian_total",
            "unreachable_total",
        )
    )
    return {row.pop("pk"): row for row in rows}


def age_in_days(moment) -> int | None:
    if moment is None:
        return None
    return max(0, (timezone.now() - moment).days)


def measure(schools) -> dict[int, dict[str, object]]:
    """Every count of the module for ``schools``, keyed like the indicator codes: four
    grouped queries whatever the number of schools."""
    schools = list(schools)
    results = {s.pk: {} for s in schools}
    facts = school_facts(schools)
    pupils = pupil_counts(schools)
    divisions = per_school(
        Division.objects.filter(school__in=schools, is_group=False).annotate(
            has_pupils=Exists(Pupil.objects.active().filter(division=OuterRef("pk"))),
            has_service=Exists(TeachingService.objects.filter(division=OuterRef("pk"))),
            has_mef=Exists(Division.mefs.through.objects.filter(division=OuterRef("pk"))),
        ),
        total=Count("pk"),
        sans_eleve=Count("pk", filter=Q(has_pupils=False)),
        sans_service=Count("pk", filter=Q(has_service=False)),
        sans_mef=Count("pk", filter=Q(has_mef=False)),
        sts_seulement=Count("pk", filter=Q(in_sts=True, in_siecle=False)),
        siecle_seulement=Count("pk", filter=Q(in_siecle=True, in_sts=False)),
    )
    staff = per_school(
        StaffMember.objects.filter(school__in=schools).annotate(
            has_service=Exists(
                TeachingService.teachers.through.objects.filter(staffmember=OuterRef("pk"))
            )
        ),
        total=Count("pk"),
        teachers_idle=Count("pk", filter=Q(function=StaffFunction.ENS, has_service=False)),
    )
    for school in schools:
        values = results[school.pk]
        known = facts[school.pk]
        has_siecle, has_sts = known["has_siecle"], known["has_sts"]
        has_guardians = known["has_guardians"]
        values.update({f"eleves.{k}": v for k, v in pupils.get(school.pk, {}).items()})
        d = divisions.get(school.pk, {})
        st = staff.get(school.pk, {})
        values.update(
            {
                "donnees.fraicheur_siecle": age_in_days(known.get("siecle")),
                "donnees.fraicheur_sts": age_in_days(known.get("sts")),
                "divisions.total": d.get("total", 0),
                "divisions.sans_eleve": d.get("sans_eleve", 0) if has_siecle else None,
                "divisions.sans_mef": d.get("sans_mef", 0) if has_siecle else None,
                "divisions.sans_service": d.get("sans_service", 0) if has_sts else None,
                "divisions.sts_seulement": d.get("sts_seulement", 0)
                if has_sts and has_siecle
                else None,
                "divisions.siecle_seulement": d.get("siecle_seulement", 0)
                if has_sts and has_siecle
                else None,
                "personnels.total": st.get("total", 0),
                "enseignants.sans_service": st.get("teachers_idle", 0) if has_sts else None,
                "responsables.total": known["guardian_total"],
                "responsables.sans_contact": known["unreachable_total"] if has_guardians else None,
            }
        )
        for code in PUPIL_COUNTS:
            values.setdefault(f"eleves.{code}", 0)
        if not has_siecle:
            for code in ("sans_division", "sans_ine", "ine_en_double"):
                values[f"eleves.{code}"] = None
        if not has_guardians:
            values["eleves.sans_responsable_legal"] = None
        values["donnees.anomalies"] = sum(values.get(anomaly.code) or 0 for anomaly in ANOMALIES)
    return results


def pupil_counts(schools) -> dict[int, dict]:
    """Per school, the pupil counts of :data:`PUPIL_COUNTS`, in one query.

    A pupil's legal links and the INE shared by several active pupils of a school are each
    aggregated once, then joined to the pupils: asked pupil by pupil (two correlated
    subqueries), they made this group the third slowest of the nightly refresh.
    """
    pupils = Pupil.objects.filter(school__in=schools)
    rows = pupils.values("id", "school_id", "ine", "is_active", "division_id").order_by()
    legal = (
        GuardianLink.objects.filter(pupil__in=pupils.values("pk"), is_legal=True)
        .values("pupil_id")
        .annotate(links=Count("pk"))
        .order_by()
    )
    shared = (
        Pupil.objects.filter(active_pupil_q(), school__in=schools)
        .values("school_id", "ine")
        .annotate(sharing=Count("pk"))
        .filter(sharing__gt=1)
        .order_by()
    )
    parts = [queryset.query.sql_with_params() for queryset in (rows, legal, shared)]
    active = "p.is_active AND p.division_id IS NOT NULL"
    counted = {
        "actifs": active,
        "sortis": "NOT p.is_active",
        "sans_division": "p.is_active AND p.division_id IS NULL",
        "sans_ine": f"{active} AND p.ine = ''",
        "ine_en_double": f"{active} AND s.ine IS NOT NULL AND p.ine <> ''",
        "sans_responsable_legal": f"{active} AND l.pupil_id IS NULL",
    }
    sums = ", ".join(sum_when(condition, name) for name, condition in counted.items())
    sql = (
        f"SELECT p.school_id, {sums} FROM ({parts[0][0]}) p "
        f"LEFT JOIN ({parts[1][0]}) l ON l.pupil_id = p.id "
        f"LEFT JOIN ({parts[2][0]}) s ON s.school_id = p.school_id AND s.ine = p.ine "
        "GROUP BY p.school_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for _, params in parts for param in params])
        return {
            school_id: dict(zip(counted, (int(n or 0) for n in counts), strict=True))
            for school_id, *counts in cursor
        }


@dataclass(frozen=True)
class Anomaly:
    """One kind of inconsistency, where it is corrected, and the records it concerns."""

    code: str
    title: str
    fix: str
    personal: bool = False
    records: object = field(default=None, compare=False)


def _pupils(school):
    return Pupil.objects.active().for_school(school).select_related("division")


def _classes(school):
    return Division.objects.for_school(school).filter(is_group=False)


ANOMALIES = [
    Anomaly(
        "eleves.sans_division",
        "Élèves présents sans division",
        "Dans SIECLE (Base élèves), affectez chaque élève à sa division, puis refaites l'export.",
        personal=True,
        records=lambda school: Pupil.objects.unplaced().for_school(school),
    ),
    Anomaly(
        "eleves.sans_ine",
        "Élèves sans INE",
        "Dans SIECLE, demandez ou saisissez l'INE (fiche de l'élève, onglet Scolarité).",
        personal=True,
        records=lambda school: _pupils(school).filter(ine=""),
    ),
    Anomaly(
        "eleves.ine_en_double",
        "INE portés par plusieurs élèves",
        "Dans SIECLE, un même élève a sans doute été saisi deux fois : fusionnez les fiches ou "
        "corrigez l'INE erroné.",
        personal=True,
        records=lambda school: (
            _pupils(school)
            .exclude(ine="")
            .filter(
                ine__in=Pupil.objects.active()
                .for_school(school)
                .exclude(ine="")
                .values("ine")
                .annotate(total=Count("pk"))
                .filter(total__gt=1)
                .values("ine")
            )
            .order_by("ine", "last_name")
        ),
    ),
    Anomaly(
        "eleves.sans_responsable_legal",
        "Élèves présents sans représentant légal",
        "Dans SIECLE, fiche de l'élève, onglet Responsables : indiquez au moins un représentant "
        "légal (niveau de responsabilité « légal »).",
        personal=True,
        records=lambda school: _pupils(school).exclude(guardian_links__is_legal=True),
    ),
    Anomaly(
        "responsables.sans_contact",
        "Responsables sans courriel ni téléphone portable",
        "Dans SIECLE, complétez le courriel ou le portable : sans eux, pas de compte ÉduConnect "
        "ni d'information des familles.",
        personal=True,
        records=lambda school: Guardian.objects.for_school(school).filter(
            has_email=False, has_mobile=False
        ),
    ),
    Anomaly(
        "divisions.sans_eleve",
        "Divisions sans élève",
        "Dans SIECLE, affectez les élèves ou supprimez la division si elle n'existe plus ; "
        "dans STS-web, retirez-la de la structure.",
        records=lambda school: _classes(school).exclude(
            pk__in=Pupil.objects.active().values("division_id")
        ),
    ),
    Anomaly(
        "divisions.sans_mef",
        "Divisions sans MEF",
        "Dans SIECLE (Structures), rattachez la division à son ou ses MEF : le niveau en dépend.",
        records=lambda school: _classes(school).filter(mefs__isnull=True),
    ),
    Anomaly(
        "divisions.sans_service",
        "Divisions sans aucun service d'enseignement",
        "Dans STS-web, saisissez les services de la division ou faites remonter l'emploi du "
        "temps depuis le logiciel d'EDT.",
        records=lambda school: _classes(school).filter(services__isnull=True),
    ),
    Anomaly(
        "enseignants.sans_service",
        "Enseignants sans service",
        "Dans STS-web, attribuez les services de l'enseignant (ou vérifiez qu'il est encore "
        "en poste).",
        records=lambda school: StaffMember.objects.for_school(school).filter(
            function=StaffFunction.ENS, services__isnull=True
        ),
    ),
    Anomaly(
        "divisions.sts_seulement",
        "Divisions de STS-web inconnues de SIECLE",
        "Le code doit être identique dans les deux outils : créez la division dans SIECLE ou "
        "corrigez son code dans STS-web.",
        records=lambda school: _classes(school).filter(in_sts=True, in_siecle=False),
    ),
    Anomaly(
        "divisions.siecle_seulement",
        "Divisions de SIECLE inconnues de STS-web",
        "Créez la division dans STS-web (Structures) avec le même code que dans SIECLE.",
        records=lambda school: _classes(school).filter(in_siecle=True, in_sts=False),
    ),
]


@dataclass
class Freshness:
    label: str
    days: int | None
    threshold: int
    exported_at: object = None

    @property
    def stale(self) -> bool:
        return self.days is None or self.days > self.threshold


def freshness_threshold(school) -> int:
    settings = DataSettings.objects.for_school(school).first()
    return settings.freshness_days if settings else DEFAULT_FRESHNESS_DAYS


def freshness(school) -> list[Freshness]:
    threshold = freshness_threshold(school)
    known = school_facts([school])[school.pk]
    return [
        Freshness("SIECLE", age_in_days(known.get("siecle")), threshold, known.get("siecle")),
        Freshness("STS-web", age_in_days(known.get("sts")), threshold, known.get("sts")),
    ]
