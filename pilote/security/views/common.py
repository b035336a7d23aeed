"""Helpers shared by the security pages."""

from django.urls import reverse

from pilote.core.choices import Domain, Level
from pilote.core.mixins import SchoolMixin
from pilote.core.permissions import territory_capabilities


class SecurityMixin(SchoolMixin):
    domain = Domain.SECURITE

    def url(self, name: str, *args) -> str:
        return reverse(f"security:{name}", args=[self.school.uai, *args])


class BadRequestFormMixin:
    """An invalid form answers 400, as every bad input in Pilote does."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


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


class NoDeleteMixin:
    """Security records are kept: their detail pages offer no deletion."""

    def object_url(self, action: str) -> str:
        return "" if action == "delete" else super().object_url(action)
