"""A head sets the school's own target on an indicator and sees its status change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.core.factories import build_world
from tests.pilotage.factories import AxisFactory, ObjectiveFactory, VoletFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_sets_a_target_and_the_status_follows(browser_session):
    world = build_world()  # 6 active accounts in the collège
    volet = VoletFactory(school=world.college)
    axes = [AxisFactory(volet=volet, order=n) for n in (1, 2, 3)]
    ObjectiveFactory(axis=axes[0], title="Des comptes pour tous")
    browser_session.login(world["chef.college"])
    page = browser_session.page
    indicator = "/etablissements/0449901Y/indicateurs/comptes.actifs/"
    browser_session.goto(indicator)
    expect(page.locator("main .fr-badge").first).to_have_text("Non évalué")

    browser_session.goto(volet.get_absolute_url())
    page.get_by_role("link", name="Fixer une cible").click()
    browser_session.assert_accessible()
    page.select_option("#id_code", "comptes.actifs")
    page.fill("#id_value", "5")
    deadline = timezone.localdate() + timedelta(days=200)
    page.fill("#id_deadline", deadline.isoformat())
    page.get_by_role("button", name="Fixer la cible").click()
    expect(page.locator("main")).to_contain_text("Conforme")
    browser_session.screenshot("pilotage-volet-cible")

    browser_session.goto(indicator)
    expect(page.locator("main .fr-badge").first).to_have_text("Conforme")
    expect(page.locator("main")).to_contain_text("Cible de l'établissement : 5 en")

    # A higher ambition: not reached yet, no milestone missed → « À surveiller ».
    browser_session.goto(volet.get_absolute_url())
    page.get_by_role("link", name="Modifier la cible Comptes actifs").click()
    page.fill("#id_value", "10")
    page.get_by_role("button", name="Enregistrer la cible").click()
    browser_session.goto(indicator)
    expect(page.locator("main .fr-badge").first).to_have_text("À surveiller")
    browser_session.goto("/etablissements/0449901Y/")
    expect(page.locator("main")).to_contain_text("10 en")
    browser_session.screenshot("pilotage-accueil")
