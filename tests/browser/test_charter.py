"""A teacher acknowledges the charter in Chromium: the banner leads to the charter, the
button records it, the banner goes; the head then sees who has and who has not (issue #20)."""

import pytest
from playwright.sync_api import expect

from tests.core.factories import build_world
from tests.security.factories import CharterVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_teacher_acknowledges_the_charter_from_the_banner(browser_session):
    world = build_world()
    version = CharterVersionFactory(school=world.college, version="2026-1")
    page = browser_session.page
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_session.login(world["prof.college"])
    banner = page.locator("#charte-a-lire")
    expect(banner).to_contain_text("attend votre prise de connaissance")
    browser_session.assert_accessible()
    banner.get_by_role("link", name="Lire la charte et en prendre connaissance").click()
    expect(page.locator("main")).to_contain_text("Chacun protège son mot de passe.")
    page.get_by_role("button", name="J'ai pris connaissance de la charte").click()
    expect(page.locator("main")).to_contain_text("votre prise de connaissance est enregistrée")
    expect(page.locator("main")).to_contain_text("Vous avez pris connaissance de cette version")
    browser_session.goto(f"/etablissements/{world.college.uai}/")
    expect(page.locator("h1")).to_be_visible()
    expect(banner).to_have_count(0)

    browser_session.page.context.clear_cookies()
    browser_session.login(world["chef.college"])
    browser_session.goto(f"/etablissements/{world.college.uai}/securite/charte/{version.pk}/")
    teacher = (
        page.locator("#personnels")
        .locator("xpath=..")
        .get_by_role("row", name=str(world["prof.college"]))
    )
    expect(teacher).not_to_contain_text("pas encore")
    head = (
        page.locator("#personnels")
        .locator("xpath=..")
        .get_by_role("row", name=str(world["chef.college"]))
    )
    expect(head).to_contain_text("pas encore")
    browser_session.assert_accessible()
