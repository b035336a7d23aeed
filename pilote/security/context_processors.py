"""The charter banner: every page of a school reminds a member of staff who has not yet
acknowledged the charter in force, until they do (issue #20)."""

from django.urls import reverse

from pilote.core.models import Membership

from .acknowledgements import current_versions
from .models import StaffAcknowledgement


def charter_to_acknowledge(request) -> dict:
    """``charter_notice``: the acknowledgement page's address, or ``None``.

    Only for a member of the school (the académie's people visit, they do not sign), and not
    on the acknowledgement page itself. Three small queries, only on a school's pages.
    """
    school = getattr(request, "school", None)
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if school is None or user is None or not user.is_authenticated:
        return {"charter_notice": None}
    if match is not None and match.view_name == "security:charter_acknowledge":
        return {"charter_notice": None}
    version = current_versions([school]).get(school.pk)
    if version is None or not version.for_staff:
        return {"charter_notice": None}
    if not Membership.objects.active().filter(user=user, school=school).exists():
        return {"charter_notice": None}
    if StaffAcknowledgement.objects.filter(version=version, user=user).exists():
        return {"charter_notice": None}
    url = reverse("security:charter_acknowledge", args=[school.uai])
    return {"charter_notice": {"url": url, "version": version}}
