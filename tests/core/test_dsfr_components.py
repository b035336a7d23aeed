"""Breadcrumbs, pagination and messages come from django-dsfr's components, escaped; the DSFR
table frame is written once."""

from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils.safestring import mark_safe
from lxml import html

import pilote
from tests.security.factories import IncidentFactory


def links_in(tree, nav_class: str, link_class: str) -> list:
    """The links of class ``link_class`` inside the ``nav`` of class ``nav_class``."""
    has = "contains(concat(' ', @class, ' '), ' {} ')"
    return tree.xpath(f"//nav[{has.format(nav_class)}]//a[{has.format(link_class)}]")


def render(source: str, request=None, **context) -> str:
    request = request or RequestFactory().get("/")
    return Template("{% load pilote %}" + source).render(Context({"request": request, **context}))


def crumbs(page: str) -> list[tuple[str, str | None]]:
    tree = html.fromstring(page)
    return [
        (link.text_content().strip(), link.get("href"))
        for link in links_in(tree, "fr-breadcrumb", "fr-breadcrumb__link")
    ]


def test_breadcrumb_is_dsfr_s_with_the_links_in_order_and_the_current_page_last():
    page = render(
        '{% breadcrumb current "Sécurité" "/s/" "Incidents" list_url %}',
        current="INC-2026-004",
        list_url="/s/incidents/",
    )
    assert crumbs(page) == [
        ("Accueil", "/"),
        ("Sécurité", "/s/"),
        ("Incidents", "/s/incidents/"),
        ("INC-2026-004", None),
    ]
    assert 'aria-current="page"' in page
    assert "fr-breadcrumb__button" in page  # collapsed on a phone, as the DSFR wants


def test_breadcrumb_leaves_out_a_parent_without_title_and_escapes_names():
    page = render(
        '{% breadcrumb current "Projet" "/p/" parent "/v/" %}',
        current="<script>alert(1)</script>",
        parent="",
    )
    assert [title for title, _ in crumbs(page)] == [
        "Accueil",
        "Projet",
        "<script>alert(1)</script>",
    ]
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_breadcrumb_refuses_a_title_without_its_address():
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumb "Ici" "Projet" %}')


def test_pagination_numbers_pages_around_the_current_one_and_keeps_the_filters():
    request = RequestFactory().get("/liste/", {"severity": "0", "page": "6"})
    page = Paginator(range(500), 20).get_page(6)
    tree = html.fromstring(render("{% pagination page %}", request, page=page))
    links = {link.text_content().strip(): link.get("href") for link in tree.xpath("//a")}
    assert links["6"] == "?severity=0&page=6"
    assert links["Page suivante"] == "?severity=0&page=7"
    assert links["Page précédente"] == "?severity=0&page=5"
    assert "…" in links and "25" in links and "1" in links
    assert tree.xpath('//a[@aria-current="page"]')[0].text_content().strip() == "6"


def test_messages_are_dsfr_alerts_and_escape_what_people_typed():
    request = RequestFactory().get("/")
    request.session = {}
    storage = FallbackStorage(request)
    storage.add(constants.SUCCESS, "Import de « <b>eleves.csv</b> » appliqué.")
    storage.add(constants.ERROR, "Refusé.")
    page = Template("{% load dsfr_tags %}{% dsfr_django_messages %}").render(
        Context({"messages": storage})
    )
    tree = html.fromstring(f"<div>{page}</div>")
    alerts = tree.xpath('//div[contains(@class, "fr-alert")]')
    assert [alert.get("class").split()[1] for alert in alerts] == [
        "fr-alert--success",
        "fr-alert--error",
    ]
    assert "<b>" not in page and "&lt;b&gt;eleves.csv&lt;/b&gt;" in page


def test_a_list_page_shows_dsfr_pagination_and_a_fiche_its_breadcrumb(client, world):
    head = world["chef.college"]
    client.force_login(head)
    incidents = IncidentFactory.create_batch(60, school=world.college)
    base = f"/etablissements/{world.college.uai}/securite/incidents/"
    tree = html.fromstring(client.get(base, {"open_only": "1"}).content)
    next_link = links_in(tree, "fr-pagination", "fr-pagination__link--next")[0]
    assert next_link.get("href") == "?open_only=1&page=2"
    fiche = client.get(f"{base}{incidents[0].pk}/").content.decode()
    cockpit = reverse("core:cockpit", args=[world.college.uai])
    assert crumbs(fiche) == [
        ("Accueil", cockpit),
        ("Incidents de sécurité", base),
        (str(incidents[0]), None),
    ]


def test_pagination_says_an_inactive_link_is_disabled():
    """On the first page, « Page précédente » has no address: it must say it is disabled, or
    axe-core reads its greyed text as a link failing the contrast rule."""
    page = Paginator(range(500), 20).get_page(1)
    tree = html.fromstring(render("{% pagination page %}", page=page))
    previous = links_in(tree, "fr-pagination", "fr-pagination__link--prev")[0]
    assert previous.get("href") is None and previous.get("aria-disabled") == "true"
    following = links_in(tree, "fr-pagination", "fr-pagination__link--next")[0]
    assert following.get("href") == "?page=2" and following.get("aria-disabled") is None


def test_table_frame_is_dsfr_s_frame_around_the_table_and_escapes_its_caption():
    page = render(
        '{% table_frame caption classes="fr-table--sm pilote-table" id="t" %}'
        "<tbody><tr><td>{{ cell }}</td></tr></tbody>{% endtable_frame %}",
        caption="Appareils <script>",
        cell="<b>",
    )
    frame = html.fromstring(page)
    assert frame.get("class") == "fr-table fr-table--sm pilote-table" and frame.get("id") == "t"
    assert [div.get("class") for div in frame.iter("div")] == [
        "fr-table fr-table--sm pilote-table",
        "fr-table__wrapper",
        "fr-table__container",
        "fr-table__content",
    ]
    assert frame.xpath("//div[@class='fr-table__container']/@tabindex") == ["0"]
    assert "Appareils &lt;script&gt;" in page and "<td>&lt;b&gt;</td>" in page
    (caption,) = frame.xpath("//div[@class='fr-table__content']/table/caption")
    assert caption.text == "Appareils <script>" and caption.get("class") is None
    assert frame.xpath("//table/tbody/tr/td/text()") == ["<b>"]


def test_table_frame_hides_its_caption_on_request_and_a_frame_that_does_not_scroll_takes_no_focus():
    page = render(
        '{% table_frame "Cibles" classes="fr-table--no-scroll" caption_hidden=True %}'
        "{% endtable_frame %}"
    )
    frame = html.fromstring(page)
    assert frame.get("class") == "fr-table fr-table--no-scroll" and frame.get("id") is None
    assert frame.xpath("//caption[@class='fr-sr-only']/text()") == ["Cibles"]
    assert frame.xpath("//@tabindex") == []


def test_table_frame_takes_a_caption_of_text_and_variables_as_a_section_escaped():
    page = render(
        '{% table_frame classes="fr-table--sm" caption_hidden=True %}\n'
        "  {% caption %}\n  {{ n }} appareil{{ n|pluralize }} dans {{ room }}\n{% endcaption %}"
        "<tbody><tr><td>{{ n }}</td></tr></tbody>{% endtable_frame %}",
        n=3,
        room="<B12>",
    )
    frame = html.fromstring(page)
    (caption,) = frame.xpath("//div[@class='fr-table__content']/table/caption")
    assert caption.text == "3 appareils dans <B12>" and caption.get("class") == "fr-sr-only"
    assert '<caption class="fr-sr-only">3 appareils dans &lt;B12&gt;</caption>' in page
    assert frame.xpath("//table/tbody/tr/td/text()") == ["3"]
    # A frame that may scroll sideways can be scrolled from the keyboard.
    assert frame.xpath("//div[@class='fr-table__container']/@tabindex") == ["0"]


def test_table_frame_writes_the_attributes_given_to_its_table():
    page = render(
        '{% table_frame "Liste" table_attrs=attrs %}{% endtable_frame %}',
        attrs=mark_safe('class="fr-table__table"'),
    )
    assert html.fromstring(page).xpath("//table/@class") == ["fr-table__table"]


def test_a_block_in_the_caption_section_is_overridden_by_a_child_template(tmp_path, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    (tmp_path / "parent.html").write_text(
        "{% load pilote %}{% table_frame %}{% caption %}{% block caption %}Liste"
        "{% endblock %}{% endcaption %}{% block rows %}{% endblock %}{% endtable_frame %}"
    )
    (tmp_path / "child.html").write_text(
        '{% extends "parent.html" %}{% block caption %}{{ n }} salles{% endblock %}'
        "{% block rows %}<tbody></tbody>{% endblock %}"
    )
    page = render_to_string("child.html", {"n": 2})
    assert html.fromstring(page).xpath("//caption/text()") == ["2 salles"]
    assert "<tbody></tbody>" in page


@pytest.mark.parametrize(
    "source",
    [
        "{% table_frame %}{% endtable_frame %}",
        '{% table_frame classes="fr-table--sm" %}<thead></thead>{% endtable_frame %}',
        "{% table_frame %}<thead></thead>{% caption %}L{% endcaption %}{% endtable_frame %}",
        '{% table_frame "L" colour="red" %}{% endtable_frame %}',
        '{% table_frame "L" focusable=False %}{% endtable_frame %}',
    ],
)
def test_table_frame_refuses_a_table_without_caption_or_an_unknown_option(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


def test_table_frame_says_in_french_that_a_table_has_no_caption():
    with pytest.raises(TemplateSyntaxError, match="un tableau sans légende"):
        render('{% table_frame classes="fr-table--sm" %}<tbody></tbody>{% endtable_frame %}')


def test_no_template_writes_the_dsfr_table_frame_by_hand():
    """Every frame goes through {% table_frame %}: its container takes the keyboard focus
    (a region that scrolls sideways must be reachable from the keyboard, RGAA 7.3 / axe
    scrollable-region-focusable), which a frame copied by hand tends to forget."""
    frame_template = Path(pilote.__file__).parent / "core/templates/core/_table_frame.html"
    by_hand = [
        str(path.relative_to(frame_template.parents[3]))
        for path in Path(pilote.__file__).parent.rglob("templates/**/*.html")
        if path != frame_template
        and any(part in path.read_text() for part in ("fr-table__wrapper", "fr-table__container"))
    ]
    assert by_hand == []
