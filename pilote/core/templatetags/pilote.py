"""Template helpers: indicator values and statuses written the French way, and the DSFR
breadcrumb, pagination and table frame of a page."""

from django import template
from django.template.base import TextNode, kwarg_re, token_kwargs
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
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
def measure_previous_change(measure) -> str:
    """The change since the module's own comparison point (the previous export), written like
    the 30-day trend: « +10,7 pts », « −63 »."""
    return metrics.format_change(measure.previous_change, measure.indicator.unit)


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


TABLE_FRAME_OPTIONS = {"classes", "id", "caption_hidden", "table_attrs"}


def table_frame_html(caption, content, **options) -> str:
    """The frame of :func:`table_frame` around ``content`` (safe HTML), for a table written in
    Python (the data of a chart); ``caption`` escaped unless marked safe."""
    focusable = "fr-table--no-scroll" not in str(options.get("classes") or "").split()
    return render_to_string(
        "core/_table_frame.html",
        {**options, "focusable": focusable, "caption": caption, "content": content},
    )


class TableFrameNode(template.Node):
    child_nodelists = ("caption_nodelist", "nodelist")

    def __init__(self, caption, caption_nodelist, options, nodelist):
        self.caption, self.caption_nodelist = caption, caption_nodelist
        self.options, self.nodelist = options, nodelist

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        if self.caption_nodelist is None:
            caption = self.caption.resolve(context)
        else:
            caption = mark_safe(self.caption_nodelist.render(context).strip())
        return table_frame_html(caption, self.nodelist.render(context), **options)


@register.tag
def table_frame(parser, token):
    """The DSFR table frame (four nested ``div``), the ``table`` and its caption, written once.

    ``{% table_frame "Légende" classes="fr-table--sm pilote-table" %}<thead>…</tbody>
    {% endtable_frame %}``. The caption is escaped, a literal string excepted, as ``{{ }}``
    would do. A caption made of text and variables is written as a section, first in the
    frame: ``{% table_frame classes="…" %}{% caption %}{{ n }} appareil{{ n|pluralize }}
    {% endcaption %}<thead>…{% endtable_frame %}`` (a template like any other: variables
    escaped, tags and blocks allowed; spaces around it dropped).

    Options: ``classes`` added to ``fr-table``, ``id`` of the frame, ``caption_hidden=True``
    (caption read by screen readers only, ``fr-sr-only``), ``table_attrs`` the attributes of
    the ``table`` element, already written (``table.attrs.as_html`` of a django-tables2
    table). The container, which scrolls when the table is wider than the page, takes the
    keyboard focus (``tabindex="0"``) so that it can be scrolled without a mouse, except in a
    frame ``fr-table--no-scroll``, which does not scroll.
    """
    name, *bits = token.split_contents()
    caption = None
    if bits and not kwarg_re.match(bits[0]).group(1):
        caption = parser.compile_filter(bits.pop(0))
    # token_kwargs consumes the list it reads: a copy, so that an unread bit shows below.
    options = token_kwargs(bits[:], parser)
    if len(options) != len(bits) or not options.keys() <= TABLE_FRAME_OPTIONS:
        raise template.TemplateSyntaxError(
            f"{name} : options possibles {', '.join(sorted(TABLE_FRAME_OPTIONS))}."
        )
    caption_nodelist = None
    if caption is None:
        before = parser.parse(("caption", "endtable_frame"))
        found = parser.next_token().contents
        if found == "endtable_frame":
            raise template.TemplateSyntaxError(
                f"{name} : un tableau sans légende (une valeur ou {{% caption %}}…"
                "{% endcaption %} au début du tableau)."
            )
        if found != "caption":
            raise template.TemplateSyntaxError(f"{name} : {{% caption %}} ne prend rien.")
        if any(not isinstance(node, TextNode) or node.s.strip() for node in before):
            raise template.TemplateSyntaxError(
                f"{name} : la légende {{% caption %}} vient avant le contenu du tableau."
            )
        caption_nodelist = parser.parse(("endcaption",))
        parser.delete_first_token()
    nodelist = parser.parse(("endtable_frame",))
    parser.delete_first_token()
    return TableFrameNode(caption, caption_nodelist, options, nodelist)
