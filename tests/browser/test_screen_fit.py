"""On the full demo, the collège head opens every page of the main menu — each module's landing
page and the pages of its sub-navigation, then a fiche of each kind their tables link to — on a
laptop (1280×800) and on a phone (390×844): no page scrolls sideways (a wide table scrolls
inside its own DSFR wrapper, the page does not) and the browser logs no error.

One demo load and one browser session for the whole walk (issue #20)."""

import re

import pytest

from pilote.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLEGE = "/etablissements/0449901Y/"
SCREENS = {"ordinateur": (1280, 800), "téléphone": (390, 844)}
MAIN_MENU = "#navigation a.fr-nav__link"
# A module's sub-navigation: the <nav> at the top of its pages (never the breadcrumb nor the
# pagination of a list).
SUB_NAV = "main nav:not(.fr-breadcrumb):not(.fr-pagination) a[href]"
FICHE = "main table tbody a[href]"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def hrefs(page, selector: str) -> list[str]:
    links = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    return [href.split("#")[0] for href in links if href.startswith(COLLEGE)]


def menu_pages(page, base_url: str) -> list[str]:
    """The head's main menu, then the sub-navigation found on each module's landing page."""
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


def test_every_menu_page_fits_a_laptop_and_a_phone_screen(page, live_server):
    from django.db import connection

    from pilote.core.management.commands.demo import load_demo

    if connection.vendor != "sqlite":
        # The width of a page owes nothing to the database: one walk (on SQLite, 3 minutes)
        # suffices; on PostgreSQL the same walk takes over 10 minutes of the suite.
        pytest.skip("la largeur des pages est vérifiée une fois, sur SQLite")

    load_demo()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/connexion/")
    page.fill("#id_username", "chef.college")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(COLLEGE)

    pages = menu_pages(page, live_server.url)
    # Every module of the menu with the pages of its sub-navigation, « Établissement » included.
    assert len(pages) > 50, pages
    for module in ("parc/socle/", "services/marge/", "reservations/calendrier/", "membres/"):
        assert COLLEGE + module in pages
    # And a fiche of each kind the lists link to (a loan, an equipment, a member…).
    pages += fiches(page, live_server.url, pages)
    assert any(re.search(r"/reservations/prets/\d+/$", path) for path in pages), pages

    failures = []
    for screen, (width, height) in SCREENS.items():
        page.set_viewport_size({"width": width, "height": height})
        for path in pages:
            errors.clear()
            response = page.goto(live_server.url + path)
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
            if errors:
                failures.append(f"{screen} {path} : erreurs de la console {errors}")
    assert not failures, "\n".join(failures)
