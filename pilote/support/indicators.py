"""Indicators of « Assistance »: open requests by recipient, resolution time, late requests.

Three grouped queries for any number of schools: the open counts (one row per school), the
median resolution time of the last twelve months (taken by the database, middle rows only:
:func:`~pilote.core.metrics.grouped_median`), nothing per school.
"""

from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from pilote.core.metrics import declared, grouped_median, per_school, register
from pilote.inventory.models import Equipment

from .choices import Recipient, RequestStatus
from .models import SupportRequest

# The median covers requests resolved within this many days: recent practice, not history.
RESOLUTION_WINDOW_DAYS = 365

OPEN_CODES = {
    Recipient.COLLECTIVITE: "assistance.ouvertes_collectivite",
    Recipient.ACADEMIE: "assistance.ouvertes_academie",
    Recipient.ETABLISSEMENT: "assistance.ouvertes_etablissement",
}


def most_reported_equipment(school, limit: int = 10) -> list[tuple[str, int]]:
    """The devices with the most requests over the window, most reported first."""
    since = timezone.now() - timedelta(days=RESOLUTION_WINDOW_DAYS)
    rows = (
        SupportRequest.objects.for_school(school)
        .filter(equipment__isnull=False, created_at__gte=since)
        .values("equipment")
        .annotate(total=Count("pk"))
        .order_by("-total", "equipment")[:limit]
    )
    counts = {row["equipment"]: row["total"] for row in rows}
    devices = Equipment.objects.in_bulk(list(counts))
    return [(str(devices[pk]), total) for pk, total in counts.items() if pk in devices]


def late_requests(school) -> list[tuple[str, str]]:
    rows = SupportRequest.objects.late().for_school(school).order_by("due_date")[:50]
    return [
        (str(r), f"attendue le {r.due_date:%d/%m/%Y} ({r.get_recipient_display()})") for r in rows
    ]


INDICATORS = declared(
    "support",
    {
        "assistance.ouvertes_collectivite": most_reported_equipment,
        "assistance.hors_delai": late_requests,
    },
)


@register(*INDICATORS.values())
def assistance_indicators(schools):
    today = timezone.localdate()
    open_q = Q(status__in=RequestStatus.open_values())
    counts = per_school(
        SupportRequest.objects.filter(school__in=schools),
        **{
            code.split(".")[1]: Count("pk", filter=open_q & Q(recipient=recipient))
            for recipient, code in OPEN_CODES.items()
        },
        late=Count("pk", filter=open_q & Q(due_date__lt=today)),
    )
    values = {
        school.pk: {**dict.fromkeys(OPEN_CODES.values(), 0), "assistance.hors_delai": 0}
        for school in schools
    }
    for school_id, row in counts.items():
        school_values = values[school_id]
        for code in OPEN_CODES.values():
            school_values[code] = row[code.split(".")[1]]
        school_values["assistance.hors_delai"] = row["late"]
    since = timezone.now() - timedelta(days=RESOLUTION_WINDOW_DAYS)
    medians = grouped_median(
        SupportRequest.objects.filter(school__in=schools, resolved_at__gte=since),
        "school_id",
        F("resolution_days"),
    )
    for school in schools:
        days = medians.get(school.pk)
        values[school.pk]["assistance.delai_median"] = (
            None if days is None else (int(days) if float(days).is_integer() else days)
        )
    return values
