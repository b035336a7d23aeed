"""Who acknowledged the charter version in force, per audience.

Staff: members of the school today (an account in Pilote) who acknowledged the current
version. Pupils: the signed forms the head counted by division, over the school's pupils
(SIECLE import, else the declared headcount). The overall rate weighs every person the
charter applies to equally.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Sum

from pilote.core.metrics import count_per_school, percent
from pilote.core.models import Membership
from pilote.schooldata.models import Pupil

from .models import CharterVersion, PupilAcknowledgement, StaffAcknowledgement


@dataclass
class Share:
    label: str
    acknowledged: int
    total: int

    @property
    def rate(self) -> float | None:
        return percent(min(self.acknowledged, self.total), self.total)


@dataclass
class CharterStatus:
    version: CharterVersion | None
    shares: list[Share]

    @property
    def rate(self) -> float | None:
        if self.version is None:
            return None
        return percent(
            sum(min(s.acknowledged, s.total) for s in self.shares),
            sum(s.total for s in self.shares),
        )


def current_versions(schools) -> dict[int, CharterVersion]:
    """The version in force in each school: the last one adopted by the CA."""
    versions = CharterVersion.objects.filter(school__in=schools, adopted_on__isnull=False).order_by(
        "school_id", "-adopted_on", "-pk"
    )
    current: dict[int, CharterVersion] = {}
    for version in versions:
        current.setdefault(version.school_id, version)
    return current


def _staff_counts(schools) -> dict[int, int]:
    return count_per_school(
        Membership.objects.active().filter(school__in=schools, user__is_active=True),
        "user",
        distinct=True,
    )


def _staff_acknowledgements(version_ids) -> dict[int, int]:
    members = Membership.objects.active().filter(
        user=OuterRef("user"), school=OuterRef("school"), user__is_active=True
    )
    rows = (
        StaffAcknowledgement.objects.filter(version_id__in=version_ids)
        .filter(Exists(members))
        .values("version_id")
        .annotate(total=Count("user", distinct=True))
    )
    return {row["version_id"]: row["total"] for row in rows}


def _pupil_counts(schools) -> dict[int, int]:
    counted = count_per_school(Pupil.objects.active().filter(school__in=schools))
    return {school.pk: counted.get(school.pk) or school.declared_pupils or 0 for school in schools}


def _pupil_acknowledgements(version_ids) -> dict[int, int]:
    rows = (
        PupilAcknowledgement.objects.filter(version_id__in=version_ids)
        .values("version_id")
        .annotate(total=Sum("acknowledged"))
    )
    return {row["version_id"]: row["total"] or 0 for row in rows}


def charter_status(schools) -> dict[int, CharterStatus]:
    """``{school_id: CharterStatus}`` in five queries whatever the number of schools."""
    current = current_versions(schools)
    version_ids = [v.pk for v in current.values()]
    staff_total, staff_ack = _staff_counts(schools), _staff_acknowledgements(version_ids)
    pupil_total, pupil_ack = _pupil_counts(schools), _pupil_acknowledgements(version_ids)
    statuses = {}
    for school in schools:
        version = current.get(school.pk)
        shares = []
        if version is not None and version.for_staff:
            shares.append(
                Share("Personnels", staff_ack.get(version.pk, 0), staff_total.get(school.pk, 0))
            )
        if version is not None and version.for_pupils:
            shares.append(
                Share("Élèves", pupil_ack.get(version.pk, 0), pupil_total.get(school.pk, 0))
            )
        statuses[school.pk] = CharterStatus(version, shares)
    return statuses


def charter_status_of(school) -> CharterStatus:
    return charter_status([school])[school.pk]
