"""A head logs in, reads the cockpit, switches school; the pages pass axe-core."""

import pytest
from playwright.sync_api import expect

from pilote.core.choices import Role
from tests.core.factories import MembershipFactory, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_logs_in_and_reads_the_cockpit(browser_session):
    world = build_world()
    browser_session.login(world["chef.college"])
    page = browser_session.page
    expect(page.locator("h1")).to_have_text("Tableau de bord")
    expect(page.locator(".fr-header__service-tagline")).to_contain_text(world.college.name)
    expect(page.get_by_role("link", name="Comptes actifs")).to_be_visible()
    browser_session.assert_accessible()
    browser_session.screenshot("cockpit-chef-college")


def test_person_with_two_schools_switches_from_the_header(browser_session):
    world = build_world()
    teacher = world["rrupn.lycee"]
    MembershipFactory(user=teacher, school=world.college, role=Role.ENSEIGNANT)
    browser_session.login(teacher)
    page = browser_session.page
    page.get_by_role("button", name="Changer d'établissement").click()
    page.get_by_role("link", name=f"{world.college.name} — Enseignant").click()
    expect(page.locator(".fr-header__service-tagline")).to_contain_text(world.college.name)
    expect(page.locator("h1")).to_have_text("Tableau de bord")


@pytest.mark.parametrize(
    "path",
    [
        "/connexion/",
        "/etablissements/0449901Y/membres/",
        "/etablissements/0449901Y/journal/",
        "/etablissements/0449901Y/imports/",
        "/etablissements/0449901Y/parc/",
        "/etablissements/0449901Y/parc/equipements/",
        "/etablissements/0449901Y/parc/socle/",
        "/etablissements/0449901Y/services/",
        "/etablissements/0449901Y/services/marge/",
        "/etablissements/0449901Y/donnees/",
        "/etablissements/0449901Y/reservations/",
        "/etablissements/0449901Y/usages/",
        "/etablissements/0449901Y/competences/",
        "/etablissements/0449901Y/securite/",
        "/etablissements/0449901Y/securite/incidents/ajouter/",
        "/etablissements/0449901Y/missions/",
        "/etablissements/0449901Y/assistance/nouvelle/",
        "/accessibilite/",
        "/territoires/academie/17/",
    ],
)
def test_main_pages_are_accessible(browser_session, path):
    world = build_world()
    user = world["drane"] if path.startswith("/territoires") else world["chef.college"]
    if path != "/connexion/":
        browser_session.login(user)
    browser_session.goto(path)
    expect(browser_session.page.locator("h1")).to_be_visible()
    browser_session.assert_accessible()
    browser_session.screenshot("page" + path.replace("/", "-").rstrip("-"))
