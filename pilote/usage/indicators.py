"""Indicators of the « Usages » module, with their trend since the previous accounts export.

Rates count active pupils of SIECLE (not ENT accounts): a pupil with no account at all is a
pupil without an activated account. A figure stays empty (« — ») until accounts of the
matching profile have been imported, rather than showing 0 % for a school that simply has
not imported its ENT export yet.
"""

from django.db.models import Count, OuterRef, Q, Subquery

from pilote.core.metrics import Measure, declared, per_school, percent, register
from pilote.core.models import School

from .choices import FollowUpStatus, Profile
from .models import AudienceSnapshot, FollowUp
from .queries import account_profiles, cutoffs_for, guardian_counts, pupil_counts

INDICATORS = declared("usage")


def raw_values(schools) -> dict[int, dict[str, float | int | None]]:
    """The eight values per school, without trends (five grouped queries)."""
    cutoffs = cutoffs_for(schools)
    profiles = account_profiles(schools, cutoffs)
    pupils = {row["group_key"]: row for row in pupil_counts(schools, cutoffs, "school_id")}
    guardians = guardian_counts(schools)
    cases = follow_up_counts(schools)
    values = {}
    for school in schools:
        known = profiles.get(school.pk, {})
        values[school.pk] = {
            **pupil_values(pupils.get(school.pk), Profile.ELEVE in known),
            **guardian_values(
                guardians.get(school.pk), pupils.get(school.pk), Profile.PARENT in known
            ),
            "usages.a_accompagner": cases.get(school.pk, {}).get("open", 0),
            "usages.suivis": cases.get(school.pk, {}).get("followed", 0),
        }
    return values


def pupil_values(row: dict | None, has_accounts: bool) -> dict:
    if not has_accounts or not row:
        return dict.fromkeys(
            [
                "usages.activation_eleves",
                "usages.eleves_non_actives",
                "usages.eleves_sans_connexion",
                "usages.eleves_actifs_30j",
            ]
        )
    return {
        "usages.activation_eleves": percent(row["activated_count"], row["total"]),
        "usages.eleves_non_actives": row["total"] - row["activated_count"],
        "usages.eleves_sans_connexion": row["stale_count"],
        "usages.eleves_actifs_30j": percent(row["recent_count"], row["total"]),
    }


def guardian_values(guardians: dict | None, pupils: dict | None, has_accounts: bool) -> dict:
    if not has_accounts or not guardians:
        return {"usages.activation_responsables": None, "usages.familles_sans_compte": None}
    return {
        "usages.activation_responsables": percent(guardians["activated_count"], guardians["total"]),
        "usages.familles_sans_compte": pupils["families_without"] if pupils else 0,
    }


def follow_up_counts(schools) -> dict[int, dict]:
    return per_school(
        FollowUp.objects.filter(school__in=schools, is_detected=True).exclude(
            status=FollowUpStatus.RESOLU
        ),
        open=Count("pupil", distinct=True),
        followed=Count("pupil", distinct=True, filter=Q(status__in=FollowUpStatus.in_progress())),
    )


def last_snapshots(schools) -> dict[int, dict]:
    latest = (
        School.objects.filter(pk__in=[s.pk for s in schools])
        .annotate(
            snapshot=Subquery(
                AudienceSnapshot.objects.filter(school=OuterRef("pk"))
                .order_by("-taken_at", "-pk")
                .values("pk")[:1]
            )
        )
        .values("snapshot")
    )
    return {
        snapshot.school_id: snapshot.values
        for snapshot in AudienceSnapshot.objects.filter(pk__in=latest)
    }


def take_snapshot(school) -> AudienceSnapshot | None:
    """Keep today's values before an import changes them (only the measured ones)."""
    values = {
        code: value for code, value in raw_values([school])[school.pk].items() if value is not None
    }
    if not values:
        return None
    return AudienceSnapshot.objects.create(school=school, values=values)


@register(*INDICATORS.values())
def usage_indicators(schools):
    values = raw_values(schools)
    previous = last_snapshots(schools)
    return {
        school.pk: {
            code: Measure(INDICATORS[code], value, previous=previous.get(school.pk, {}).get(code))
            for code, value in values[school.pk].items()
        }
        for school in schools
    }
