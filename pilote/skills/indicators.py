"""Indicators of digital skills: Pix for the pupils, Pix+ Édu for the teachers.

All of them count the current school year. The certification rates stay « non évalué » until
the school has imported a certification result (resp. a profile collection) this year: before
the session a rate of zero says nothing about the school.
"""

from collections import defaultdict

from django.db.models import Avg, Count, Exists, OuterRef, Q

from pilote.core.metrics import declared, per_school, percent, register
from pilote.schooldata.models import Pupil, StaffMember

from .choices import CampaignKind, CertificationStatus, PixEduStatus
from .models import TEACHING_FUNCTIONS, CertificationResult, Participation
from .referential import crcn
from .stats import certification_by_division, current_school_year


def score_by_level(school) -> list[tuple[str, str]]:
    _, levels = certification_by_division(school)
    return [
        (f"Niveau {row.label}", f"{row.mean_score} pix" if row.mean_score is not None else "—")
        for row in levels
    ]


def certified_by_level(school) -> list[tuple[str, str]]:
    _, levels = certification_by_division(school)
    return [
        (f"Niveau {row.label}", f"{row.validated} certifiés sur {row.pupils} élèves")
        for row in levels
    ]


INDICATORS = declared(
    "skills",
    {
        "pix.certifies": certified_by_level,
        "pix.certifiables": certified_by_level,
        "pix.score_moyen": score_by_level,
    },
)


@register(*INDICATORS.values())
def skills_indicators(schools):
    year = current_school_year()
    values = {school.pk: {} for school in schools}
    _pupil_rates(schools, year, values)
    _participations(schools, year, values)
    _scores(schools, year, values)
    _teachers(schools, values)
    return values


def _pupil_rates(schools, year, values) -> None:
    """Certified and certifiable shares of the compulsory levels, each school by its type."""
    results = CertificationResult.objects.filter(pupil=OuterRef("pk"), school_year=year)
    profiles = Participation.objects.filter(
        pupil=OuterRef("pk"),
        shared=True,
        certifiable=True,
        campaign__kind=CampaignKind.PROFILES,
        campaign__school_year=year,
    )
    levels = {level for kind in crcn().compulsory_levels.values() for level in kind}
    rows = (
        Pupil.objects.active()
        .filter(school__in=schools, division__level__in=levels)
        .annotate(
            validated=Exists(results.filter(status=CertificationStatus.VALIDATED)),
            ready=Exists(profiles),
        )
        .values("school_id", "division__level")
        .annotate(
            total=Count("pk"),
            certified=Count("pk", filter=Q(validated=True)),
            certifiable=Count("pk", filter=Q(ready=True)),
        )
    )
    totals = defaultdict(lambda: [0, 0, 0])
    compulsory = {school.pk: crcn().compulsory_levels_for(school) for school in schools}
    for row in rows:
        if row["division__level"] in compulsory[row["school_id"]]:
            sums = totals[row["school_id"]]
            sums[0] += row["total"]
            sums[1] += row["certified"]
            sums[2] += row["certifiable"]
    with_results = set(
        CertificationResult.objects.filter(school__in=schools, school_year=year)
        .order_by()
        .values_list("school_id", flat=True)
        .distinct()
    )
    with_profiles = set(
        Participation.objects.filter(
            school__in=schools,
            campaign__kind=CampaignKind.PROFILES,
            campaign__school_year=year,
        )
        .order_by()
        .values_list("school_id", flat=True)
        .distinct()
    )
    for school_id, (total, certified, certifiable) in totals.items():
        if school_id in with_results:
            values[school_id]["pix.certifies"] = percent(certified, total)
        if school_id in with_profiles:
            values[school_id]["pix.certifiables"] = percent(certifiable, total)


def _participations(schools, year, values) -> None:
    rows = per_school(
        Participation.objects.filter(school__in=schools, campaign__school_year=year),
        participants=Count("participant_key", distinct=True),
        total=Count("pk"),
        shared=Count("pk", filter=Q(shared=True)),
    )
    for school in schools:
        values[school.pk]["pix.participants"] = 0
    for school_id, row in rows.items():
        values[school_id]["pix.participants"] = row["participants"]
        values[school_id]["pix.partages"] = percent(row["shared"], row["total"])


def _scores(schools, year, values) -> None:
    rows = per_school(
        CertificationResult.objects.filter(
            school__in=schools,
            school_year=year,
            status=CertificationStatus.VALIDATED,
            pix_score__isnull=False,
        ),
        mean=Avg("pix_score"),
    )
    for school_id, row in rows.items():
        values[school_id]["pix.score_moyen"] = round(float(row["mean"]))


def _teachers(schools, values) -> None:
    rows = per_school(
        StaffMember.objects.filter(school__in=schools, function__in=TEACHING_FUNCTIONS),
        total=Count("pk"),
        engaged=Count("pk", filter=Q(pix_edu__status__in=PixEduStatus.engaged())),
    )
    for school_id, row in rows.items():
        values[school_id]["pixedu.engages"] = percent(row["engaged"], row["total"])
