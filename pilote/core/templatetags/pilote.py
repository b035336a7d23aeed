"""Template helpers: indicator values and statuses written the French way."""

from django import template
from django.utils.formats import number_format

from ..metrics import Status, Unit

register = template.Library()

STATUS_BADGES = {
    Status.OK: "fr-badge--success",
    Status.WATCH: "fr-badge--warning",
    Status.ALERT: "fr-badge--error",
    Status.NONE: "fr-badge--info",
}


@register.filter
def french_number(value, decimals=None):
    if value is None:
        return "—"
    if isinstance(value, float) and decimals is None:
        decimals = 0 if value.is_integer() else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def measure_value(measure) -> str:
    """« 12,5 % », « 3 jours », « 1 250 € » or « — » when nothing can be measured."""
    if measure.value is None:
        return "—"
    unit = measure.indicator.unit
    text = french_number(measure.value)
    if unit == Unit.COUNT:
        return text
    if unit == Unit.PERCENT:
        return f"{text} %"
    return f"{text} {unit.label}"


@register.filter
def status_badge(status) -> str:
    return STATUS_BADGES.get(Status(status), "fr-badge--info")


@register.filter
def detail_url(indicator, school) -> str:
    return indicator.detail_url(school)
