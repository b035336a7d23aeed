"""What the audience page shows: activation and activity by profile and division, weekly
connections, the most used applications and connectors, this period against the previous."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Q, Sum

from pilote.core.metrics import percent

from .choices import Profile, StatKind
from .models import AudienceStat, ConnectionWeek
from .queries import PROFILES_SHOWN, account_profiles, cutoffs_for, pupil_counts

PERIOD_DAYS = 28
WEEKS_SHOWN = 12
TOP = 10


def profile_rows(school) -> list[dict]:
    counts = account_profiles([school], cutoffs_for([school])).get(school.pk, {})
    rows = []
    for profile in PROFILES_SHOWN:
        row = counts.get(profile, {"loaded": 0, "activated": 0, "recent": 0})
        rows.append(
            {
                "label": Profile(profile).label,
                "loaded": row["loaded"],
                "activated": row["activated"],
                "activation_rate": percent(row["activated"], row["loaded"]),
                "recent": row["recent"],
                "recent_rate": percent(row["recent"], row["loaded"]),
            }
        )
    return rows


def division_rows(school) -> list[dict]:
    return [
        {
            "division": row["group_key"] or "Sans division",
            "total": row["total"],
            "activation_rate": percent(row["activated_count"], row["total"]),
            "recent_rate": percent(row["recent_count"], row["total"]),
            "stale": row["stale_count"],
            "families_without": row["families_without"],
        }
        for row in pupil_counts([school], cutoffs_for([school]), "division__code")
    ]


def weekly_connections(school) -> tuple[list[str], dict[str, list[int]], str]:
    """Connections per week and profile: from the log when there is one, else the ENT stats."""
    rows = list(
        ConnectionWeek.objects.for_school(school)
        .values("week_start", "profile")
        .annotate(total=Sum("connections"))
        .order_by()
    )
    source = "journal de connexions"
    if not rows:
        rows = [
            {"week_start": r["period_start"], "profile": r["profile"], "total": r["total"]}
            for r in AudienceStat.objects.for_school(school)
            .filter(kind=StatKind.COMPTES, division_label="")
            .values("period_start", "profile")
            .annotate(total=Sum("connections"))
            .order_by()
        ]
        source = "statistiques de l'ENT"
    weeks = sorted({r["week_start"] for r in rows})[-WEEKS_SHOWN:]
    series: dict[str, list[int]] = {}
    for profile in sorted({r["profile"] for r in rows}, key=list(Profile.values).index):
        by_week = {r["week_start"]: r["total"] for r in rows if r["profile"] == profile}
        series[Profile(profile).label] = [by_week.get(week, 0) for week in weeks]
    return [f"{week:%d/%m}" for week in weeks], series, source


@dataclass
class TopRow:
    label: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous


def period_bounds(school) -> tuple[date, date, date] | None:
    last = AudienceStat.objects.for_school(school).aggregate(last=Max("period_start"))["last"]
    if last is None:
        return None
    start = last - timedelta(days=PERIOD_DAYS - 1)
    return start - timedelta(days=PERIOD_DAYS), start, last


def top_accesses(school, kind: str, bounds) -> list[TopRow]:
    if bounds is None:
        return []
    previous_start, start, end = bounds
    rows = (
        AudienceStat.objects.for_school(school)
        .filter(kind=kind, period_start__gte=previous_start, period_start__lte=end)
        .values("label")
        .annotate(
            current=Sum("accesses", filter=Q(period_start__gte=start)),
            previous=Sum("accesses", filter=Q(period_start__lt=start)),
        )
        .order_by()
    )
    tops = [TopRow(r["label"], r["current"] or 0, r["previous"] or 0) for r in rows]
    return sorted(tops, key=lambda row: (-row.current, row.label))[:TOP]


TOP_KINDS = {"applications": StatKind.APPLICATION, "connecteurs": StatKind.CONNECTEUR}
