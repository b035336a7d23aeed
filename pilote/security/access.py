"""Who holds administrative rights in the school, and when each right was last reviewed.

Three sources: Pilote roles that reach sensitive modules (members, journal, personal data,
data imports, security), delegations of missions that administer a service (ENT,
ÉduConnect, GAR affectation, website, Moodle, SIECLE / STS imports), and the referents of the
school's services. Dormant Pilote accounts of any role are listed too: an account nobody uses
is a door left open. A right is overdue for review when neither its last review nor its
grant lies within the last year (ANSSI hygiène n° 5: keep the privileged accounts' inventory
up to date).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate
from django.utils import timezone

from pilote.catalogue.choices import SchoolServiceStatus
from pilote.catalogue.models import SchoolService
from pilote.core.choices import Domain, Level, Role
from pilote.core.indicators import dormant_q
from pilote.core.models import Membership
from pilote.core.permissions import ROLE_CAPABILITIES
from pilote.core.schoolyear import school_year_label, school_year_of
from pilote.missions.models import Delegation

from .choices import RightSource
from .models import AccessReviewDecision

REVIEW_PERIOD = timedelta(days=365)
SENSITIVE_DOMAINS = (
    Domain.ETABLISSEMENT,
    Domain.JOURNAL,
    Domain.PERSONNES,
    Domain.DONNEES,
    Domain.SECURITE,
)
# Mission grants that make the holder an administrator of a service or of the school's data.
ADMIN_GRANTS = {"services.administrer", "services.affecter", "donnees.importer"}


def admin_roles() -> list[str]:
    """School roles that may change something in a sensitive module of Pilote."""
    return [
        role
        for role, levels in ROLE_CAPABILITIES.items()
        if any(levels[domain] >= Level.EDIT for domain in SENSITIVE_DOMAINS)
    ]


@dataclass
class AdminRight:
    key: str
    source: str
    holder_id: int | None
    holder_label: str
    label: str
    since: date | None = None
    dormant: bool = False
    last_reviewed: date | None = None

    @property
    def source_label(self) -> str:
        return RightSource(self.source).label

    def is_overdue(self, today: date | None = None) -> bool:
        reference = self.last_reviewed or self.since
        today = today or timezone.localdate()
        return reference is None or reference < today - REVIEW_PERIOD


PERSON_FIELDS = ("first_name", "last_name", "username")


def _person(row: dict, prefix: str) -> str:
    """What ``str(user)`` says, read from ``values()`` (hundreds of schools: no model objects)."""
    first, last, username = (row[f"{prefix}__{name}"] for name in PERSON_FIELDS)
    return f"{first} {last}".strip() or username


def _right_fields(holder: str, *fields: str) -> list[str]:
    """What :func:`_right` reads of a row whose holder is the ``holder`` link, then ``fields``."""
    person = [f"{holder}__{name}" for name in PERSON_FIELDS]
    return ["pk", "school_id", f"{holder}_id", "start_date", *person, *fields]


def _right(row: dict, holder: str, **right) -> tuple[int, AdminRight]:
    """A right read from a row of :func:`_right_fields`: every source has a school, a holder
    and a start date; ``right`` says the rest (key, source, label…)."""
    return row["school_id"], AdminRight(
        holder_id=row[f"{holder}_id"],
        holder_label=_person(row, holder),
        since=row["start_date"],
        **right,
    )


def _admin_memberships(schools):
    """The Pilote roles that are rights to review: those reaching a sensitive module, and
    every dormant account (annotated ``dormant``)."""
    return (
        Membership.objects.active()
        .filter(school__in=schools, user__is_active=True)
        .annotate(dormant=ExpressionWrapper(dormant_q(), output_field=BooleanField()))
        .filter(Q(role__in=admin_roles()) | Q(dormant=True))
    )


def _referent_services(schools):
    """The services not withdrawn that have a referent: the referent administers them."""
    return SchoolService.objects.filter(school__in=schools, referent__isnull=False).exclude(
        status=SchoolServiceStatus.RETIRE
    )


def _membership_rights(schools) -> list[tuple[int, AdminRight]]:
    rows = _admin_memberships(schools).values(*_right_fields("user", "role", "dormant"))
    return [
        _right(
            row,
            "user",
            key=f"pilote:{row['pk']}",
            source=RightSource.PILOTE,
            label=f"Pilote — {Role(row['role']).label}",
            dormant=row["dormant"],
        )
        for row in rows
    ]


def _delegation_rights(schools) -> list[tuple[int, AdminRight]]:
    rows = (
        Delegation.objects.active()
        .filter(school__in=schools)
        .values(*_right_fields("holder", "mission__label", "mission__grants"))
    )
    return [
        _right(
            row,
            "holder",
            key=f"delegation:{row['pk']}",
            source=RightSource.DELEGATION,
            label=row["mission__label"],
        )
        for row in rows
        if ADMIN_GRANTS.intersection(row["mission__grants"] or [])
    ]


def _referent_rights(schools) -> list[tuple[int, AdminRight]]:
    rows = _referent_services(schools).values(*_right_fields("referent", "service__name"))
    return [
        _right(
            row,
            "referent",
            key=f"referent:{row['pk']}:{row['referent_id']}",
            source=RightSource.REFERENT,
            label=f"Référent — {row['service__name']}",
        )
        for row in rows
    ]


def _last_reviews(schools) -> dict[tuple[int, str], date]:
    rows = (
        AccessReviewDecision.objects.filter(school__in=schools)
        .values("school_id", "right_key")
        .annotate(last=Max("decided_at"))
    )
    return {(row["school_id"], row["right_key"]): timezone.localdate(row["last"]) for row in rows}


def admin_rights(schools) -> dict[int, list[AdminRight]]:
    """``{school_id: [AdminRight, …]}`` in four queries whatever the number of schools."""
    reviews = _last_reviews(schools)
    rights: dict[int, list[AdminRight]] = defaultdict(list)
    for source in (_membership_rights, _delegation_rights, _referent_rights):
        for school_id, right in source(schools):
            right.last_reviewed = reviews.get((school_id, right.key))
            rights[school_id].append(right)
    for school_rights in rights.values():
        school_rights.sort(key=lambda r: (r.holder_label.lower(), r.source, r.label))
    return rights


def _last_review_of(key) -> Subquery:
    """The date of the last review of the right whose key is ``key`` (an expression)."""
    return Subquery(
        AccessReviewDecision.objects.filter(school_id=OuterRef("school_id"), right_key=key)
        .order_by("-decided_at")
        .annotate(day=TruncDate("decided_at"))
        .values("day")[:1]
    )


def _overdue_rows(queryset, key, since: str, today: date):
    """``[(school_id, count)]`` of the rights of ``queryset`` neither granted nor reviewed
    within the last year: one grouped query, the last review read by an index probe."""
    limit = today - REVIEW_PERIOD
    return (
        queryset.annotate(reference=Coalesce(_last_review_of(key), F(since)))
        .filter(Q(reference__isnull=True) | Q(reference__lt=limit))
        .values("school_id")
        .annotate(total=Count("pk"))
        .order_by()
        .values_list("school_id", "total")
    )


def _key(prefix: str, *fields: str):
    """The right's key (``pilote:12``), built in SQL from the outer row's fields."""
    parts = [Value(prefix)]
    for index, field in enumerate(fields):
        if index:
            parts.append(Value(":"))
        parts.append(Cast(OuterRef(field), CharField()))
    return Concat(*parts, output_field=CharField())


def overdue_counts(schools, today: date | None = None) -> dict[int, int]:
    """``{school_id: rights overdue for review}`` as :func:`admin_rights` would count them,
    in three grouped queries that bring back one row per school, never one per right."""
    today = today or timezone.localdate()
    grants = Q()
    for grant in sorted(ADMIN_GRANTS):
        grants |= Q(mission__grants__icontains=f'"{grant}"')
    delegations = Delegation.objects.active().filter(grants, school__in=schools)
    counts: dict[int, int] = defaultdict(int)
    for queryset, key, since in (
        (_admin_memberships(schools), _key("pilote:", "pk"), "start_date"),
        (delegations, _key("delegation:", "pk"), "start_date"),
        (_referent_services(schools), _key("referent:", "pk", "referent_id"), "start_date"),
    ):
        for school_id, total in _overdue_rows(queryset, key, since, today):
            counts[school_id] += total
    return counts


def rights_of(school) -> list[AdminRight]:
    return admin_rights([school]).get(school.pk, [])


def current_school_year(today: date | None = None) -> str:
    """« 2025-2026 » from September to August."""
    return school_year_label(school_year_of(today or timezone.localdate()))
