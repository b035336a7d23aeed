"""What the socle numérique rules read from the services catalogue.

A socle rule such as « un ENT est en service » is evaluated from the kinds of services each
school has in service (not those on trial or withdrawn).
"""

from collections import defaultdict

from .choices import SchoolServiceStatus, ServiceKind
from .models import SchoolService


def service_kind_label(kind: str) -> str:
    """« Vie scolaire » for ``vie_scolaire``: a socle rule names a kind by its code."""
    return ServiceKind(kind).label if kind in ServiceKind.values else kind


def service_kinds_in_use(schools) -> dict[int, set[str]]:
    """School id → kinds of its services en service; one query for all schools."""
    kinds: dict[int, set[str]] = {school.pk: set() for school in schools}
    rows = (
        SchoolService.objects.filter(school__in=schools, status=SchoolServiceStatus.EN_SERVICE)
        .values_list("school_id", "service__kind")
        .distinct()
    )
    found = defaultdict(set)
    for school_id, kind in rows:
        found[school_id].add(kind)
    for school_id, school_kinds in found.items():
        kinds[school_id] = school_kinds
    return kinds
