"""Indicators of the security module, measured for many schools in a few grouped queries."""

from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from pilote.core.metrics import (
    count_by,
    declared,
    french_number,
    grouped_median,
    per_school,
    register,
)

from .access import overdue_counts, rights_of
from .acknowledgements import charter_status, charter_status_of
from .choices import Impact, IncidentCategory, IncidentStatus, Notion, Severity
from .maturity import OVERALL, maturity, maturity_of
from .models import IMPACT_FIELDS, Incident

YEAR = timedelta(days=365)


def _year_ago():
    return timezone.now() - YEAR


def open_by_severity(school) -> list[tuple[str, int]]:
    still_open = Incident.objects.for_school(school).exclude(status=IncidentStatus.CLOSED)
    counts = dict(count_by(still_open, "severity"))
    return [(label, counts.get(value, 0)) for value, label in reversed(Severity.choices)]


def last_year_by_category_and_notion(school) -> list[tuple[str, int]]:
    incidents = Incident.objects.for_school(school).filter(detected_at__gte=_year_ago())
    notions = incidents.aggregate(
        **{
            notion: Count("pk", filter=Q(**{f"{field}__gt": Impact.NONE}))
            for notion, field in IMPACT_FIELDS.items()
        }
    )
    return [
        (f"Catégorie : {IncidentCategory(category).label}", total)
        for category, total in count_by(incidents, "category")
    ] + [(f"Notion touchée : {Notion(n).label}", notions[n]) for n in Notion.values]


def report_delays(school) -> list[tuple[str, str]]:
    incidents = (
        Incident.objects.for_school(school)
        .filter(detected_at__gte=_year_ago(), reported_at__isnull=False)
        .order_by("-detected_at")
    )
    return [
        (str(incident), f"{french_number(_hours(incident.detected_at, incident.reported_at))} h")
        for incident in incidents
    ]


def _hours(start, end) -> float:
    return round(max((end - start).total_seconds(), 0) / 3600, 1)


def maturity_by_notion(school) -> list[tuple[str, str]]:
    scores = maturity_of(school)
    return [
        (Notion(n).label, "non évalué" if scores[n] is None else f"{french_number(scores[n])} %")
        for n in Notion.values
    ]


def overdue_rights(school) -> list[tuple[str, str]]:
    return [
        (
            f"{right.holder_label} — {right.label}",
            f"revu le {right.last_reviewed:%d/%m/%Y}" if right.last_reviewed else "jamais revu",
        )
        for right in rights_of(school)
        if right.is_overdue()
    ]


def acknowledgement_by_audience(school) -> list[tuple[str, str]]:
    status = charter_status_of(school)
    if status.version is None:
        return [("Charte", "aucune version adoptée en conseil d'administration")]
    return [
        (
            share.label,
            f"{share.acknowledged} sur {share.total} ({french_number(share.rate or 0)} %)",
        )
        for share in status.shares
    ]


INDICATORS = declared(
    "security",
    {
        "securite.incidents_ouverts": open_by_severity,
        "securite.incidents_12_mois": last_year_by_category_and_notion,
        "securite.delai_signalement": report_delays,
        "securite.maturite": maturity_by_notion,
        "securite.revues_en_retard": overdue_rights,
        "charte.acceptation": acknowledgement_by_audience,
    },
)


@register(
    INDICATORS["securite.incidents_ouverts"],
    INDICATORS["securite.incidents_12_mois"],
    INDICATORS["securite.delai_signalement"],
)
def incident_indicators(schools):
    year_ago = _year_ago()
    counts = per_school(
        Incident.objects.filter(school__in=schools),
        open=Count("pk", filter=~Q(status=IncidentStatus.CLOSED)),
        last_year=Count("pk", filter=Q(detected_at__gte=year_ago)),
    )
    values = {
        school.pk: {
            "securite.incidents_ouverts": 0,
            "securite.incidents_12_mois": 0,
            "securite.delai_signalement": None,
        }
        for school in schools
    }
    for school_id, row in counts.items():
        values[school_id]["securite.incidents_ouverts"] = row["open"]
        values[school_id]["securite.incidents_12_mois"] = row["last_year"]
    delays = grouped_median(
        Incident.objects.filter(
            school__in=schools, detected_at__gte=year_ago, reported_at__isnull=False
        ),
        "school_id",
        ExpressionWrapper(F("reported_at") - F("detected_at"), output_field=DurationField()),
    )
    for school_id, delay in delays.items():
        hours = max(delay.total_seconds(), 0) / 3600
        values[school_id]["securite.delai_signalement"] = round(hours, 1)
    return values


@register(INDICATORS["securite.maturite"])
def maturity_indicator(schools):
    return {
        school_id: {"securite.maturite": scores[OVERALL]}
        for school_id, scores in maturity(schools).items()
    }


@register(INDICATORS["securite.revues_en_retard"])
def access_indicator(schools):
    counts = overdue_counts(schools)
    return {
        school.pk: {"securite.revues_en_retard": counts.get(school.pk, 0)} for school in schools
    }


@register(INDICATORS["charte.acceptation"])
def charter_indicator(schools):
    return {
        school_id: {"charte.acceptation": status.rate}
        for school_id, status in charter_status(schools).items()
    }
