"""On the full demo, the collège head, then a teacher of the collège, open every page of their main
menu — each module's landing page and the pages of its sub-navigation, then a fiche of each kind
their tables link to. No page scrolls sideways (a wide table scrolls inside its own DSFR frame,
the page does not), the browser logs no error and axe-core finds no violation of level serious
or critical:

- the head's pages on a laptop (1280×800), axe-core included, then on a phone (390×844) for the
  width and the console only;
- the teacher's pages on a laptop and on a phone, axe-core at both sizes;
- on the laptop, the main lists of the head (equipment first) fit their frame: the table does
  not scroll inside it either.

One demo load and one browser session for the whole walk; axe-core runs at most once per page
and screen size (issue #20)."""

import re

import pytest

from pilote.core.demo import DEMO_PASSWORD
from tests.conftest import describe_violation, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLEGE = "/etablissements/0449901Y/"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
MAIN_MENU = "#navigation a.fr-nav__link"
# A module's sub-navigation: the <nav> at the top of its pages (never the breadcrumb nor the
# pagination of a list).
SUB_NAV = "main nav:not(.fr-breadcrumb):not(.fr-pagination) a[href]"
FICHE = "main table tbody a[href]"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# How far each table scrolls inside its DSFR frame (the container is the element that scrolls).
FRAME_OVERFLOW = """() => Array.from(document.querySelectorAll('main .fr-table__container'))
    .map(frame => frame.scrollWidth - frame.clientWidth).filter(overflow => overflow > 0)"""
# The captions a person should read, which the table's header row would cover: DSFR places a
# caption above the table, in the frame, from the frame's positioned wrapper.
COVERED_CAPTIONS = """() => Array.from(document.querySelectorAll(
        'main .fr-table:not(.fr-table--no-caption) caption:not(.fr-sr-only)'))
    .filter(caption => {
        const first = caption.closest('table').querySelector('thead, tr');
        const bottom = caption.getBoundingClientRect().bottom;
        return first && bottom > first.getBoundingClientRect().top + 1;
    })
    .map(caption => caption.textContent.trim().slice(0, 60))"""


def hrefs(page, selector: str) -> list[str]:
    links = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    return [href.split("#")[0] for href in links if href.startswith(COLLEGE)]


def menu_pages(page, base_url: str) -> list[str]:
    """The person's main menu, then the sub-navigation found on each module's landing page."""
    page.goto(base_url + COLLEGE)
    pages: list[str] = []
    for landing in hrefs(page, MAIN_MENU):
        page.goto(base_url + landing)
        for href in [landing, *hrefs(page, SUB_NAV)]:
            if href not in pages:
                pages.append(href)
    return pages


def fiches(page, base_url: str, pages: list[str]) -> list[str]:
    """The first fiche linked from the table of each page, one per kind of fiche."""
    found: dict[str, str] = {}
    for path in pages:
        page.goto(base_url + path)
        for href in hrefs(page, FICHE):
            if "?" not in href and href not in pages:
                found.setdefault(re.sub(r"\d+", "N", href), href)
                break
    return list(found.values())


def log_in(page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base_url + "/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(COLLEGE), page.url


def walk(page, base_url: str, pages: list[str], screen: str, *, axe: bool, frames: bool):
    """Open each page at the current size; what does not fit, one line per fault."""
    failures: list[str] = []
    errors: list[str] = []
    listeners = {
        "console": lambda message: message.type == "error" and errors.append(message.text),
        "pageerror": lambda error: errors.append(str(error)),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    for path in pages:
        errors.clear()
        response = page.goto(base_url + path)
        if response.status != 200:
            failures.append(f"{screen} {path} : HTTP {response.status}")
            continue
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            # Measured again once the page has settled (scripts run, fonts loaded): a
            # width seen only while the page is being drawn is no page to scroll.
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            failures.append(f"{screen} {path} : {overflow} px de défilement horizontal")
        if frames and (inside := page.evaluate(FRAME_OVERFLOW)):
            failures.append(f"{screen} {path} : le tableau défile de {inside} px dans son cadre")
        if frames and (covered := page.evaluate(COVERED_CAPTIONS)):
            failures.append(f"{screen} {path} : légende cachée sous l'en-tête {covered}")
        if axe:
            failures += [
                f"{screen} {path} : {describe_violation(v)}" for v in serious_violations(page)
            ]
        if errors:
            failures.append(f"{screen} {path} : erreurs de la console {errors}")
    for event, listener in listeners.items():
        page.remove_listener(event, listener)
    return failures


def test_every_menu_page_fits_a_laptop_and_a_phone_screen(page, live_server):
    from django.db import connection

    from pilote.core.management.commands.demo import load_demo

    if connection.vendor != "sqlite":
        # The width of a page owes nothing to the database: one walk (on SQLite, 3 minutes)
        # suffices; on PostgreSQL the same walk takes over 10 minutes of the suite.
        pytest.skip("la largeur des pages est vérifiée une fois, sur SQLite")

    load_demo()
    base_url = live_server.url
    page.set_viewport_size(LAPTOP)
    log_in(page, base_url, "chef.college")
    pages = menu_pages(page, base_url)
    # Every module of the menu with the pages of its sub-navigation, « Établissement » included.
    assert len(pages) > 50, pages
    for module in ("parc/socle/", "services/marge/", "reservations/calendrier/", "membres/"):
        assert COLLEGE + module in pages
    # And a fiche of each kind the lists link to (a loan, an equipment, a member…).
    pages += fiches(page, base_url, pages)
    assert any(re.search(r"/reservations/prets/\d+/$", path) for path in pages), pages
    assert COLLEGE + "parc/equipements/" in pages

    failures = walk(page, base_url, pages, "chef, ordinateur", axe=True, frames=True)
    page.set_viewport_size(PHONE)
    failures += walk(page, base_url, pages, "chef, téléphone", axe=False, frames=False)

    page.set_viewport_size(LAPTOP)
    log_in(page, base_url, "prof.college")
    teacher_pages = menu_pages(page, base_url)
    teacher_pages += fiches(page, base_url, teacher_pages)
    # The teacher's own menu: fewer modules than the head's, their reservations among them.
    assert 3 < len(teacher_pages) < len(pages), teacher_pages
    assert COLLEGE + "reservations/calendrier/" in teacher_pages
    for screen, size in (("ordinateur", LAPTOP), ("téléphone", PHONE)):
        page.set_viewport_size(size)
        failures += walk(
            page, base_url, teacher_pages, f"enseignant, {screen}", axe=True, frames=False
        )
    assert not failures, "\n".join(failures)
