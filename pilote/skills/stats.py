"""The figures of the « Compétences » pages and indicators, as a few grouped queries.

Everything counts the current school year (September to August): campaigns by the year of
their first participation, certifications by the date of the session. Mastery of a
competence is what Pix computes: skills validated over skills targeted, summed over the
shared participations (so a pupil with a longer profile weighs more, as in Pix Orga).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from pilote.core.metrics import percent
from pilote.core.schoolyear import school_year_of
from pilote.schooldata.models import Division, Pupil

from .choices import CampaignKind, CertificationStatus
from .models import CertificationResult, CompetenceResult, Participation
from .referential import crcn


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


# --- Mastery by competence -----------------------------------------------------------------


@dataclass
class CompetenceMastery:
    code: str
    name: str
    domain: str
    rate: float | None  # percentage of targeted skills validated (assessment campaigns)
    level: float | None  # mean level (profile collections)
    participants: int


@dataclass
class MasteryReport:
    competences: list[CompetenceMastery] = field(default_factory=list)
    domains: list[tuple[str, float | None, float | None]] = field(default_factory=list)

    @property
    def measured(self) -> list[CompetenceMastery]:
        return [c for c in self.competences if c.participants]

    def weakest(self, count: int = 3) -> list[CompetenceMastery]:
        """Lowest mastery first (or lowest mean level when only profiles are known)."""
        measured = self.measured
        if any(c.rate is not None for c in measured):
            ranked = sorted((c for c in measured if c.rate is not None), key=lambda c: c.rate)
        else:
            ranked = sorted((c for c in measured if c.level is not None), key=lambda c: c.level)
        return ranked[:count]


def mastery(participations) -> MasteryReport:
    """Mastery per competence and per domain over the given shared participations."""
    rows = (
        CompetenceResult.objects.filter(participation__in=participations.filter(shared=True))
        .values("competence")
        .annotate(
            validated=Sum("skills_validated"),
            targeted=Sum("skills_total"),
            mean_level=Avg("level"),
            participants=Count("participation", distinct=True),
        )
    )
    by_code = {row["competence"]: row for row in rows}
    report = MasteryReport()
    domain_sums: dict[str, list] = defaultdict(lambda: [0, 0, 0.0, 0])
    for competence in crcn().competences:
        row = by_code.get(competence.code, {})
        rate = percent(row.get("validated") or 0, row.get("targeted"))
        level = row.get("mean_level")
        report.competences.append(
            CompetenceMastery(
                code=competence.code,
                name=competence.name,
                domain=competence.domain.name,
                rate=rate,
                level=round(float(level), 1) if level is not None else None,
                participants=row.get("participants", 0),
            )
        )
        sums = domain_sums[competence.domain.code]
        sums[0] += row.get("validated") or 0
        sums[1] += row.get("targeted") or 0
        if level is not None:
            sums[2] += float(level)
            sums[3] += 1
    for domain in crcn().domains:
        validated, targeted, levels, counted = domain_sums[domain.code]
        mean_level = round(levels / counted, 1) if counted else None
        report.domains.append(
            (f"{domain.code}. {domain.name}", percent(validated, targeted), mean_level)
        )
    return report


def year_participations(school, year: int | None = None):
    return Participation.objects.for_school(school).filter(
        campaign__school_year=year or current_school_year()
    )


# --- Campaign participation ------------------------------------------------------------------


PARTICIPATION_COUNTS = {
    "started": Count("participations"),
    "shared_count": Count("participations", filter=Q(participations__shared=True)),
    "completed": Count("participations", filter=Q(participations__progress__gte=1)),
    "unmatched": Count("participations", filter=~Q(participations__match_status="apparie")),
}


def participation_by_division(campaign) -> list[dict]:
    """Per division reached by the campaign: pupils, started, shared, completion."""
    rows = (
        Participation.objects.filter(campaign=campaign)
        .values("division_id", "division__code")
        .annotate(
            started=Count("pk"),
            shared_count=Count("pk", filter=Q(shared=True)),
            completed=Count("pk", filter=Q(progress__gte=1)),
        )
        .order_by("division__code")
    )
    headcounts = dict(
        Pupil.objects.active()
        .for_school(campaign.school)
        .values("division_id")
        .annotate(total=Count("pk"))
        .values_list("division_id", "total")
    )
    result = []
    for row in rows:
        pupils = headcounts.get(row["division_id"]) if row["division_id"] else None
        result.append(
            {
                "division": row["division__code"] or "Sans division connue",
                "division_id": row["division_id"],
                "pupils": pupils,
                "started": row["started"],
                "not_started": max(pupils - row["started"], 0) if pupils else None,
                "shared": row["shared_count"],
                "completed": row["completed"],
                "shared_rate": percent(row["shared_count"], pupils or row["started"]),
            }
        )
    return result


def pupils_to_remind(campaign, division_id: int | None = None):
    """Pupils of the divisions the campaign reached who have not started or not shared."""
    divisions = Participation.objects.filter(campaign=campaign, division__isnull=False).values(
        "division_id"
    )
    own = Participation.objects.filter(campaign=campaign, pupil=OuterRef("pk"))
    pupils = Pupil.objects.active().for_school(campaign.school).filter(division_id__in=divisions)
    if division_id:
        pupils = pupils.filter(division_id=division_id)
    return (
        pupils.annotate(
            has_started=Exists(own),
            has_shared=Exists(own.filter(shared=True)),
        )
        .filter(has_shared=False)
        .select_related("division")
        .order_by("division__code", "last_name", "first_name")
    )


# --- Certification -----------------------------------------------------------------------------


@dataclass
class CertificationRow:
    label: str
    pupils: int = 0
    certifiable: int = 0
    profiled: int = 0
    sat: int = 0
    validated: int = 0
    scores: list[int] = field(default_factory=list)

    @property
    def certified_rate(self) -> float | None:
        return percent(self.validated, self.pupils)

    @property
    def certifiable_rate(self) -> float | None:
        return percent(self.certifiable, self.pupils)

    @property
    def mean_score(self) -> float | None:
        return round(sum(self.scores) / len(self.scores)) if self.scores else None

    @property
    def bands(self) -> list[tuple[str, int]]:
        counts = defaultdict(int)
        for score in self.scores:
            counts[crcn().band_for(score).label] += 1
        return [
            (band.label, counts[band.label]) for band in crcn().score_bands if counts[band.label]
        ]


def compulsory_pupils(school, year: int):
    """Active pupils of the levels sitting the compulsory certification, with their status."""
    profiles = Participation.objects.filter(
        pupil=OuterRef("pk"),
        shared=True,
        campaign__kind=CampaignKind.PROFILES,
        campaign__school_year=year,
    )
    results = CertificationResult.objects.filter(pupil=OuterRef("pk"), school_year=year)
    return (
        Pupil.objects.for_school(school)
        .filter(
            is_active=True,
            division__level__in=crcn().compulsory_levels_for(school),
        )
        .annotate(
            profiled=Exists(profiles),
            is_certifiable=Exists(profiles.filter(certifiable=True)),
            sat=Exists(results.filter(status__in=CertificationStatus.sat())),
            validated=Exists(results.filter(status=CertificationStatus.VALIDATED)),
        )
        .select_related("division")
    )


def certification_by_division(school, year: int | None = None):
    """Rows per division of the compulsory levels, then one total row per level (cohort)."""
    year = year or current_school_year()
    divisions: dict[int, CertificationRow] = {}
    levels: dict[str, CertificationRow] = {}
    rows = compulsory_pupils(school, year).values(
        "division_id",
        "division__code",
        "division__level",
        "profiled",
        "is_certifiable",
        "sat",
        "validated",
    )
    for row in rows:
        for bucket in (
            divisions.setdefault(row["division_id"], CertificationRow(row["division__code"])),
            levels.setdefault(row["division__level"], CertificationRow(row["division__level"])),
        ):
            bucket.pupils += 1
            bucket.profiled += row["profiled"]
            bucket.certifiable += row["is_certifiable"]
            bucket.sat += row["sat"]
            bucket.validated += row["validated"]
    scores = (
        CertificationResult.objects.for_school(school)
        .filter(
            school_year=year,
            status=CertificationStatus.VALIDATED,
            pix_score__isnull=False,
            pupil__division__in=Division.objects.filter(pk__in=list(divisions)),
        )
        .values_list("pupil__division_id", "pupil__division__level", "pix_score")
    )
    for division_id, level, score in scores:
        divisions[division_id].scores.append(score)
        levels[level].scores.append(score)
    ordered = sorted(divisions.values(), key=lambda r: r.label)
    return ordered, [levels[key] for key in sorted(levels)]
