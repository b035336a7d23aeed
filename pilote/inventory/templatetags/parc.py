from django import template

from ..tables import STATUS_BADGES

register = template.Library()


@register.filter
def status_badge(status: str) -> str:
    """DSFR badge class of an equipment status."""
    return STATUS_BADGES.get(status, "")
