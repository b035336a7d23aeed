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

from django.db.models import BooleanField, ExpressionWrapper, Max, Q
from django.utils import timezone

from pilote.catalogue.choices import SchoolServiceStatus
from pilote.catalogue.models import SchoolService
from pilote.core.choices import Domain, Level
from pilote.core.indicators import dormant_q
from pilote.core.models import Membership
from pilote.core.permissions import ROLE_CAPABILITIES
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


def _membership_rights(schools) -> list[tuple[int, AdminRight]]:
    rows = (
        Membership.objects.active()
        .filter(school__in=schools, user__is_active=True)
        .annotate(dormant=ExpressionWrapper(dormant_q(), output_field=BooleanField()))
        .filter(Q(role__in=admin_roles()) | Q(dormant=True))
        .select_related("user")
    )
    return [
        (
            m.school_id,
            AdminRight(
                key=f"pilote:{m.pk}",
                source=RightSource.PILOTE,
                holder_id=m.user_id,
                holder_label=str(m.user),
                label=f"Pilote — {m.get_role_display()}",
                since=m.start_date,
                dormant=m.dormant,
            ),
        )
        for m in rows
    ]


def _delegation_rights(schools) -> list[tuple[int, AdminRight]]:
    rows = (
        Delegation.objects.active().filter(school__in=schools).select_related("mission", "holder")
    )
    return [
        (
            d.school_id,
            AdminRight(
                key=f"delegation:{d.pk}",
                source=RightSource.DELEGATION,
                holder_id=d.holder_id,
                holder_label=str(d.holder),
                label=d.mission.label,
                since=d.start_date,
            ),
        )
        for d in rows
        if ADMIN_GRANTS.intersection(d.mission.grants or [])
    ]


def _referent_rights(schools) -> list[tuple[int, AdminRight]]:
    rows = (
        SchoolService.objects.filter(school__in=schools, referent__isnull=False)
        .exclude(status=SchoolServiceStatus.RETIRE)
        .select_related("service", "referent")
    )
    return [
        (
            s.school_id,
            AdminRight(
                key=f"referent:{s.pk}:{s.referent_id}",
                source=RightSource.REFERENT,
                holder_id=s.referent_id,
                holder_label=str(s.referent),
                label=f"Référent — {s.service}",
                since=s.start_date,
            ),
        )
        for s in rows
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


def rights_of(school) -> list[AdminRight]:
    return admin_rights([school]).get(school.pk, [])


def current_school_year(today: date | None = None) -> str:
    """« 2025-2026 » from September to August."""
    today = today or timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}"
