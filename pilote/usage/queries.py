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
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from pilote.core.aggregates import any_row, fetch_dicts, sum_when
from pilote.core.metrics import per_school
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


def pupil_facts(pupils, links) -> tuple[str, list]:
    """The SQL of one row per pupil of ``pupils`` (a ``values()`` queryset naming ``id``)
    with what its accounts and legal links say, each read in one grouped pass.

    Columns added: ``activated`` (1 when one of the pupil's accounts is activated),
    ``last_seen`` (its latest connection), and the columns of ``links`` (a ``values()`` of
    :class:`~pilote.schooldata.models.GuardianLink` grouped by ``pupil_id``), NULL for a pupil
    without accounts or links. A correlated subquery per pupil (and per flag that reads it)
    cost more than half of the nightly refresh of all schools: here the database aggregates
    accounts and links once, then joins them to the pupils by hash.
    """
    accounts = (
        Account.objects.filter(pupil__in=pupils.values("pk"))
        .values("pupil_id")
        .annotate(
            activated=any_row(is_activated=True),
            last_seen=Max("last_connection"),
        )
        .order_by()
    )
    pupils_sql, pupils_params = pupils.query.sql_with_params()
    accounts_sql, accounts_params = accounts.query.sql_with_params()
    links_sql, links_params = links.query.sql_with_params()
    sql = (
        f"SELECT p.*, a.activated, a.last_seen, l.* FROM ({pupils_sql}) p "
        f"LEFT JOIN ({accounts_sql}) a ON a.pupil_id = p.id "
        f"LEFT JOIN ({links_sql}) l ON l.pupil_id = p.id"
    )
    return sql, [*pupils_params, *accounts_params, *links_params]


def pupil_counts(schools, cutoffs: dict[int, Cutoffs], group_by: str) -> list[dict]:
    """The usage counts of active pupils grouped by ``school_id`` or ``division__code``
    (as ``group_key``), in one query: the same rules as :func:`annotated_pupils` (activated
    account, connection since each school's limits, families counted once through the
    smallest id of their legal guardians), aggregated rather than asked pupil by pupil."""
    pupils = (
        Pupil.objects.active()
        .filter(school__in=schools)
        .annotate(
            inactive_before=_per_school(cutoffs, "inactive_before"),
            active_since=_per_school(cutoffs, "active_since"),
        )
        .values("id", "inactive_before", "active_since", group_key=F(group_by))
        .order_by()
    )
    links = (
        legal_links(pupil__in=pupils.values("pk"))
        .values("pupil_id")
        .annotate(
            family=Min("guardian_id"),
            family_activated=any_row(guardian__usage_accounts__is_activated=True),
        )
        .order_by()
    )
    facts, params = pupil_facts(pupils, links)
    activated = "activated = 1"
    stale = f"{activated} AND (last_seen IS NULL OR last_seen < inactive_before)"
    sql = (
        "SELECT group_key, COUNT(*) AS total, "
        f"{sum_when(activated, 'activated_count')}, {sum_when(stale, 'stale_count')}, "
        f"{sum_when('last_seen >= active_since', 'recent_count')}, "
        "COUNT(DISTINCT family) AS families, "
        "COUNT(DISTINCT CASE WHEN COALESCE(family_activated, 0) = 0 THEN family END) "
        f"AS families_without FROM ({facts}) facts GROUP BY group_key ORDER BY group_key"
    )
    return fetch_dicts(sql, params)


def guardian_counts(schools) -> dict[int, dict]:
    """Legal guardians of active pupils, and how many have an activated account: one grouped
    pass over links and accounts (distinct guardians), no subquery per guardian."""
    return per_school(
        Guardian.objects.filter(school__in=schools).filter(
            Q(links__is_legal=True) & active_pupil_q("links__pupil__")
        ),
        total=Count("pk", distinct=True),
        activated_count=Count("pk", distinct=True, filter=Q(usage_accounts__is_activated=True)),
    )


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
