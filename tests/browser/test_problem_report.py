"""« Signaler un problème » in Chromium: a teacher signals from their home page on a phone,
the head records the incident from it on a laptop, the teacher reads the outcome (issue #20)."""

import pytest
from playwright.sync_api import expect

from tests.core.factories import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT = "Un message demandant mon mot de passe ENT est arrivé dans ma messagerie."


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_teacher_signals_a_problem_the_head_records_it(browser_session):
    world = build_world()
    page = browser_session.page
    page.set_viewport_size({"width": 390, "height": 844})
    browser_session.login(world["prof.college"])
    page.get_by_role("link", name="Signaler un problème").click()
    expect(page.locator("h1")).to_have_text("Signaler un problème de sécurité")
    page.fill("#id_what", WHAT)
    page.fill("#id_where", "salle 12")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("main")).to_contain_text("votre signalement est transmis à la direction")
    expect(page.locator("main table")).to_contain_text("Reçu, à examiner par la direction")
    browser_session.assert_accessible()
    assert fits(page)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_session.login(world["chef.college"])
    page.get_by_role("link", name="1 problème de sécurité signalé par les personnels").click()
    expect(page.locator("main")).to_contain_text(WHAT)
    browser_session.assert_accessible()
    page.get_by_role("link", name="Enregistrer comme incident").click()
    expect(page.locator("#id_description")).to_have_value(f"{WHAT} (salle 12)")
    page.select_option("#id_category", "hameconnage")
    page.get_by_role("button", name="Enregistrer l'incident").click()
    expect(page.locator("h1")).to_contain_text("INC-001")

    page.context.clear_cookies()
    browser_session.login(world["prof.college"])
    expect(page.locator("main")).to_contain_text("enregistré comme incident")
