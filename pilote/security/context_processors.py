"""The charter banner: every page of a school reminds a member of staff who has not yet
acknowledged the charter in force, until they do (issue #20)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from pilote.core.models import Membership

from .models import CharterVersion, StaffAcknowledgement


def charter_to_acknowledge(request) -> dict:
    """``charter_notice``, read once per request: django-tables2 renders each templated cell
    with the request's context, which runs every context processor again — without the memo a
    list of 100 rows would ask the database 100 times.
    """
    if not hasattr(request, "_charter_notice"):
        request._charter_notice = _charter_notice(request)
    return {"charter_notice": request._charter_notice}


def _charter_notice(request) -> dict | None:
    """The acknowledgement page's address and the version, or ``None``.

    Only for a member of the school (the académie's people visit, they do not sign), and not
    on the acknowledgement page itself. One query, only on a school's pages: the version in
    force (the last adopted, as ``acknowledgements.current_versions`` reads it) with whether
    this person is a member and has acknowledged it.
    """
    school = getattr(request, "school", None)
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if school is None or user is None or not user.is_authenticated:
        return None
    if match is not None and match.view_name == "security:charter_acknowledge":
        return None
    version = (
        CharterVersion.objects.for_school(school)
        .filter(adopted_on__isnull=False)
        .order_by("-adopted_on", "-pk")
        .annotate(
            member=Exists(Membership.objects.active().filter(user=user, school=school)),
            acknowledged=Exists(
                StaffAcknowledgement.objects.filter(version=OuterRef("pk"), user=user)
            ),
        )
        .first()
    )
    if version is None or not version.for_staff or not version.member or version.acknowledged:
        return None
    url = reverse("security:charter_acknowledge", args=[school.uai])
    return {"url": url, "version": version}
