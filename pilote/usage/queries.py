"""The questions the usage pages, cases and indicators ask, written once.

Every function takes many schools and answers with a few grouped queries: the territorial
cockpit measures hundreds of schools with the same code as the school's own page.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from pilote.schooldata.models import Guardian, GuardianLink, Pupil, active_pupil_q

from .choices import Profile
from .models import DEFAULT_INACTIVITY_WEEKS, Account, UsageSettings

ACTIVE_DAYS = 30


@dataclass(frozen=True)
class Cutoffs:
    """Per school: the day the accounts were exported, and the limits counted back from it."""

    reference: date
    weeks: int

    @property
    def inactive_before(self) -> datetime:
        return _start_of(self.reference - timedelta(weeks=self.weeks))

    @property
    def active_since(self) -> datetime:
        return _start_of(self.reference - timedelta(days=ACTIVE_DAYS))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def cutoffs_for(schools) -> dict[int, Cutoffs]:
    today = timezone.localdate()
    found = {
        row["school_id"]: row
        for row in UsageSettings.objects.filter(school__in=schools).values(
            "school_id", "inactivity_weeks", "accounts_exported_on"
        )
    }
    result = {}
    for school in schools:
        row = found.get(school.pk, {})
        result[school.pk] = Cutoffs(
            reference=row.get("accounts_exported_on") or today,
            weeks=row.get("inactivity_weeks") or DEFAULT_INACTIVITY_WEEKS,
        )
    return result


def _per_school(cutoffs: dict[int, Cutoffs], attribute: str):
    """A SQL value that differs by school: one WHEN per distinct limit, not per school."""
    groups: dict[datetime, list[int]] = {}
    for school_id, cutoff in cutoffs.items():
        groups.setdefault(getattr(cutoff, attribute), []).append(school_id)
    return Case(
        *[When(school_id__in=ids, then=Value(limit)) for limit, ids in groups.items()],
        output_field=DateTimeField(),
    )


def activated_account(**lookups):
    return Exists(Account.objects.filter(is_activated=True, **lookups))


def legal_links(*conditions, **lookups):
    return GuardianLink.objects.filter(*conditions, is_legal=True, **lookups)


def annotated_pupils(schools, cutoffs: dict[int, Cutoffs]):
    """Active pupils with what the usage questions need, as annotations.

    ``family`` is the smallest id among the pupil's legal guardians, so that brothers and
    sisters count as one family.
    """
    last_seen = (
        Account.objects.filter(pupil=OuterRef("pk"), last_connection__isnull=False)
        .order_by("-last_connection")
        .values("last_connection")[:1]
    )
    return (
        Pupil.objects.active()
        .filter(school__in=schools)
        .annotate(
            activated=activated_account(pupil=OuterRef("pk")),
            last_seen=Subquery(last_seen),
            has_guardian=Exists(legal_links(pupil=OuterRef("pk"))),
            family=Subquery(
                legal_links(pupil=OuterRef("pk")).order_by("guardian_id").values("guardian_id")[:1]
            ),
            family_activated=activated_account(
                guardian__links__pupil=OuterRef("pk"), guardian__links__is_legal=True
            ),
            inactive_before=_per_school(cutoffs, "inactive_before"),
            active_since=_per_school(cutoffs, "active_since"),
        )
    )


def stale_q() -> Q:
    """An activated pupil with no connection since the school's limit."""
    return Q(activated=True) & (Q(last_seen__isnull=True) | Q(last_seen__lt=F("inactive_before")))


def recent_q() -> Q:
    return Q(last_seen__gte=F("active_since"))


def pupil_counts(pupils, group_by: str) -> list[dict]:
    """Totals of :func:`annotated_pupils` grouped by ``school_id`` or ``division__code``."""
    return list(
        pupils.values(group_by)
        .annotate(
            total=Count("pk"),
            activated_count=Count("pk", filter=Q(activated=True)),
            stale_count=Count("pk", filter=stale_q()),
            recent_count=Count("pk", filter=recent_q()),
            families=Count("family", distinct=True),
            families_without=Count("family", distinct=True, filter=Q(family_activated=False)),
        )
        .order_by(group_by)
    )


def guardian_counts(schools) -> dict[int, dict]:
    """Legal guardians of active pupils, and how many have an activated account."""
    rows = (
        Guardian.objects.filter(school__in=schools)
        .filter(Exists(legal_links(active_pupil_q("pupil__"), guardian=OuterRef("pk"))))
        .annotate(activated=activated_account(guardian=OuterRef("pk")))
        .values("school_id")
        .annotate(total=Count("pk"), activated_count=Count("pk", filter=Q(activated=True)))
        .order_by()
    )
    return {row["school_id"]: row for row in rows}


def account_profiles(schools, cutoffs: dict[int, Cutoffs]) -> dict[int, dict[str, dict]]:
    """Per school and profile: accounts loaded, activated, and connected over 30 days."""
    rows = (
        Account.objects.filter(school__in=schools)
        .annotate(active_since=_per_school(cutoffs, "active_since"))
        .values("school_id", "profile")
        .annotate(
            loaded=Count("pk"),
            activated=Count("pk", filter=Q(is_activated=True)),
            recent=Count("pk", filter=recent_account_q()),
        )
        .order_by()
    )
    result: dict[int, dict[str, dict]] = {}
    for row in rows:
        result.setdefault(row["school_id"], {})[row["profile"]] = row
    return result


def recent_account_q() -> Q:
    return Q(last_connection__gte=F("active_since"))


PROFILES_SHOWN = [Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.PERSONNEL]
