"""Template helpers: indicator values and statuses written the French way, and the DSFR
breadcrumb, pagination and table frame of a page."""

from django import template
from django.template.base import token_kwargs
from django.template.loader import render_to_string
from django.urls import reverse
from dsfr.templatetags.dsfr_tags import dsfr_breadcrumb, dsfr_pagination

from .. import metrics
from ..metrics import Status

register = template.Library()

STATUS_BADGES = {
    Status.OK: "fr-badge--success",
    Status.WATCH: "fr-badge--warning",
    Status.ALERT: "fr-badge--error",
    Status.NONE: "fr-badge--info",
}


@register.filter
def french_number(value, decimals=None):
    return metrics.french_number(value, decimals)


@register.filter
def measure_value(measure) -> str:
    """« 12,5 % », « 3 jours », « 1 250 € » or « — » when nothing can be measured."""
    return metrics.format_value(measure.value, measure.indicator.unit)


@register.filter
def unit_value(value, unit) -> str:
    """A bare value in an indicator's unit (a target, a milestone, a recorded value)."""
    return metrics.format_value(value, unit)


@register.filter
def territory_median(measure, medians) -> str:
    """The median of the same indicator across the school's collectivité, « — » if unknown."""
    return metrics.format_value((medians or {}).get(measure.indicator.code), measure.indicator.unit)


@register.filter
def measure_trend(measure) -> str:
    """The change over 30 days: « +3,2 pts », « −4 », « — » when the history is too short."""
    return metrics.format_change(measure.trend, measure.indicator.unit)


@register.filter
def status_badge(status) -> str:
    return STATUS_BADGES.get(Status(status), "fr-badge--info")


@register.filter
def label_for(indicator, school) -> str:
    """``{{ m.indicator|label_for:school }}``: the indicator's label for this kind of school."""
    return indicator.label_for(school)


@register.filter
def detail_url(indicator, school) -> str:
    return indicator.detail_url(school)


@register.filter
def history_url(indicator, school) -> str:
    return indicator.history_url(school)


@register.simple_tag
def chart_fonts():
    """Marianne for the charts of a PDF (``<style>{% chart_fonts %}</style>``)."""
    from django.utils.safestring import mark_safe

    from ..charts import font_face_css

    return mark_safe(font_face_css())  # our own font files, base64


@register.filter
def grouped_errors(errors):
    """An import's errors with the ones repeated line after line shown once (issue #20)."""
    from ..importing import group_issues

    return group_issues(errors or [])


@register.inclusion_tag("dsfr/breadcrumb.html", takes_context=True)
def breadcrumb(context, current, *links):
    """The DSFR breadcrumb (django-dsfr's markup) from ``current`` and pairs title, URL.

    ``{% breadcrumb object "Incidents" list_url %}``. A pair whose title is empty is left
    out, so that a page reached with or without a parent (an action with or without its
    volet) says so in one line. The first link, « Accueil », is the school's home page on a
    school's pages, and elsewhere the person's own (``core:home``).
    """
    if len(links) % 2:
        raise template.TemplateSyntaxError("breadcrumb : un titre sans adresse.")
    crumbs = [
        {"title": title, "url": url}
        for title, url in zip(links[::2], links[1::2], strict=True)
        if title not in ("", None)
    ]
    school = context.get("school")
    home = reverse("core:cockpit", args=[school.uai]) if school else reverse("core:home")
    return dsfr_breadcrumb(context, {"links": crumbs, "current": current, "root_dir": home})


@register.inclusion_tag("dsfr/pagination.html", takes_context=True)
def pagination(context, page):
    """django-dsfr's pagination of ``page``, numbered around the current page (1 … 4 5 6 … 20).

    The links keep the page's other parameters (filters, sort) and change ``page`` only.
    """
    page.pages_list = list(page.paginator.get_elided_page_range(page.number))
    return dsfr_pagination(context, page)


TABLE_FRAME_OPTIONS = {"classes", "id", "caption_hidden", "focusable"}


class TableFrameNode(template.Node):
    def __init__(self, caption, options, nodelist):
        self.caption, self.options, self.nodelist = caption, options, nodelist

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        return render_to_string(
            "core/_table_frame.html",
            {
                "focusable": True,
                **options,
                "caption": self.caption.resolve(context),
                "content": self.nodelist.render(context),
            },
        )


@register.tag
def table_frame(parser, token):
    """The DSFR table frame (four nested ``div``), the ``table`` and its caption, written once.

    ``{% table_frame "Légende" classes="fr-table--sm pilote-table" %}<thead>…</tbody>
    {% endtable_frame %}``. Options: ``classes`` added to ``fr-table``, ``id`` of the frame,
    ``caption_hidden=True`` (caption read by screen readers only, ``fr-sr-only``),
    ``focusable=False`` for a frame whose container does not take the keyboard focus. The
    caption is escaped, a literal string excepted, as ``{{ }}`` would do.
    """
    name, *bits = token.split_contents()
    if not bits:
        raise template.TemplateSyntaxError(f"{name} : un tableau sans légende.")
    options = token_kwargs(bits[1:], parser)
    if len(options) != len(bits) - 1 or not options.keys() <= TABLE_FRAME_OPTIONS:
        raise template.TemplateSyntaxError(
            f"{name} : options possibles {', '.join(sorted(TABLE_FRAME_OPTIONS))}."
        )
    nodelist = parser.parse(("endtable_frame",))
    parser.delete_first_token()
    return TableFrameNode(parser.compile_filter(bits[0]), options, nodelist)
