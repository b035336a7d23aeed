"""A head prepares a commission in Chromium: agenda, convocation, decision → action; the pages
pass axe-core and fit 1,280 pixels without horizontal scrolling."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pilote.pilotage.commission.models import Decision, Meeting
from tests.core.factories import build_world
from tests.pilotage.factories import MeetingFactory, seat_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_head_prepares_convenes_and_records_a_decision(browser_session):
    world = build_world()
    seat_world(world)
    MeetingFactory(school=world.college, held=True)
    page = browser_session.page
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_session.login(world["chef.college"])
    browser_session.goto(f"/etablissements/{world.college.uai}/pilotage/commission/")
    expect(page.locator("main")).to_contain_text("aucune : pas de convocation")
    browser_session.assert_accessible()
    assert fits(page)
    page.get_by_role("link", name="Nouvelle réunion").click()
    starts = timezone.localtime() + timedelta(days=12)
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT17:00"))
    page.get_by_role("button", name="Créer la réunion").click()
    expect(page.locator("main")).to_contain_text("Évolution des indicateurs")
    browser_session.assert_accessible()
    assert fits(page)
    page.get_by_role("button", name="Envoyer la convocation").click()
    expect(page.locator("main")).to_contain_text("Sans adresse électronique, pas de convocation")
    meeting = Meeting.objects.get(status="convoquee")
    page.get_by_role(
        "link", name="Ajouter une décision au point « Évolution des indicateurs »"
    ).click()
    page.fill("#id_text", "Ouvrir une permanence ENT pour les familles")
    page.locator("label[for=id_make_action]").click()
    page.select_option("#id_responsible", str(world["rrupn.college"].pk))
    page.fill("#id_due", (timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("main")).to_contain_text("inscrite au plan d'actions")
    assert Decision.objects.get(meeting=meeting).action.responsible == world["rrupn.college"]
    browser_session.assert_accessible()
    assert fits(page)
    browser_session.screenshot("commission-reunion")
