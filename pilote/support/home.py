"""Assistance on a person's home page: « Mes demandes » still open."""

from django.urls import reverse

from pilote.core.choices import Domain, Level
from pilote.core.home import MineGroup, MineItem, register_mine

from .choices import RequestStatus
from .models import SupportRequest


@register_mine
def my_requests(context) -> MineGroup | None:
    if not context.capabilities.can(Domain.ASSISTANCE, Level.VIEW):
        return None
    requests = (
        SupportRequest.objects.for_school(context.school)
        .filter(
            requester=context.user,
            status__in=RequestStatus.open_values(),
        )
        .order_by("-pk")[:5]
    )
    return MineGroup(
        title="Mes demandes d'assistance",
        items=[MineItem(str(r), r.get_absolute_url(), r.get_status_display()) for r in requests],
        more_url=reverse("support:request_list", kwargs={"uai": context.school.uai}),
        empty="Aucune demande en cours.",
        order=30,
    )
