"""A DRANE reads the territory's overview and table of schools; both pass axe-core and fit
1,280 pixels without horizontal scrolling."""

import pytest
from playwright.sync_api import expect

from pilote.core.territory import refresh_schools
from tests.core.factories import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["", "etablissements/"])
def test_territory_pages_are_accessible_and_fit(browser_session, path):
    world = build_world()
    refresh_schools()
    browser_session.login(world["drane"])
    browser_session.goto(f"/territoires/academie/17/{path}")
    page = browser_session.page
    expect(page.locator("h1")).to_be_visible()
    if not path:
        expect(page.get_by_text("Médiane").first).to_be_visible()
    else:
        expect(page.get_by_role("link", name=world.college.name)).to_be_visible()
    browser_session.assert_accessible()
    page.set_viewport_size({"width": 1280, "height": 900})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    browser_session.screenshot("territoire-" + (path.strip("/") or "accueil"))
