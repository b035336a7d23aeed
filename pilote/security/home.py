"""Sécurité on a person's home page: the charter in force, when not yet read."""

from django.urls import reverse

from pilote.core.home import MineGroup, MineItem, register_mine

from .acknowledgements import current_versions
from .models import StaffAcknowledgement


@register_mine
def charter_to_read(context) -> MineGroup | None:
    version = current_versions([context.school]).get(context.school.pk)
    if version is None or not version.for_staff:
        return None
    url = reverse("security:charter_acknowledge", kwargs={"uai": context.school.uai})
    read = StaffAcknowledgement.objects.filter(version=version, user=context.user).exists()
    return MineGroup(
        title="La charte à lire",
        items=[] if read else [MineItem(str(version), url, "à lire et à signer")],
        empty="Vous avez pris connaissance de la charte en vigueur.",
        order=50,
    )
