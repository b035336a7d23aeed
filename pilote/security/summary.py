"""Security facts for reports that others write (the bilan annuel): counts, never details.

Incidents are counted by D-I-C-T notion touched and by gravity; the charter is described by
its version in force. Nothing names a person or tells what happened.
"""

from datetime import date

from django.db.models import Count, Q
from django.utils.formats import date_format

from .choices import Impact, Notion, Severity
from .models import IMPACT_FIELDS, CharterVersion, Incident


def incidents_by_notion(school, start: date, end: date) -> dict:
    """Incidents detected from ``start`` (included) to ``end`` (excluded), in one query:
    ``{"total": n, "notions": [(label, n)…], "severities": [(label, n)…]}``."""
    counts = (
        Incident.objects.for_school(school)
        .filter(detected_at__date__gte=start, detected_at__date__lt=end)
        .aggregate(
            total=Count("pk"),
            **{
                f"notion_{notion}": Count("pk", filter=Q(**{f"{field}__gt": Impact.NONE}))
                for notion, field in IMPACT_FIELDS.items()
            },
            **{f"severity_{s.value}": Count("pk", filter=Q(severity=s.value)) for s in Severity},
        )
    )
    return {
        "total": counts["total"],
        "notions": [(Notion(n).label, counts[f"notion_{n}"]) for n in IMPACT_FIELDS],
        "severities": [(s.label.lower(), counts[f"severity_{s.value}"]) for s in Severity],
    }


def charter_in_force(school, on: date) -> str:
    """« version 2025-1 adoptée en conseil d'administration le 2 décembre 2025 », or why not."""
    version = (
        CharterVersion.objects.for_school(school)
        .filter(adopted_on__isnull=False, adopted_on__lte=on)
        .order_by("-adopted_on", "-pk")
        .first()
    )
    if version is None:
        return "aucune charte adoptée en conseil d'administration"
    adopted = date_format(version.adopted_on, "j F Y")
    return f"version {version.version} adoptée en conseil d'administration le {adopted}"
