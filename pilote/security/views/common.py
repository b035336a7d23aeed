"""Helpers shared by the security pages."""

from django.urls import reverse

from pilote.core.choices import Domain, Level
from pilote.core.mixins import SchoolMixin
from pilote.core.permissions import territory_capabilities


class SecurityMixin(SchoolMixin):
    domain = Domain.SECURITE

    def url(self, name: str, *args) -> str:
        return reverse(f"security:{name}", args=[self.school.uai, *args])


def academie_side(user, school) -> bool:
    """The person acts for the académie's security chain (its RSSI) on this school."""
    return territory_capabilities(user, school.academie).can(Domain.SECURITE, Level.MANAGE)


def territory_link(user, school) -> str | None:
    """The académie-wide incident list, for a person who may read it."""
    if not territory_capabilities(user, school.academie).can(Domain.SECURITE, Level.VIEW):
        return None
    return reverse(
        "security_territory:incidents", kwargs={"kind": "academie", "code": school.academie.code}
    )
