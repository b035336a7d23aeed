"""The RGAA accessibility statement: open to everyone, linked from every page's footer."""

from django.test import Client


def test_statement_is_public_and_complete(db, settings):
    settings.PILOTE_PUBLISHER = "Le rectorat de Nantes"
    settings.PILOTE_ACCESSIBILITY_CONTACT = "accessibilite@ac-nantes.fr"
    response = Client().get("/accessibilite/")
    assert response.status_code == 200
    page = response.content.decode()
    for part in (
        "Le rectorat de Nantes s'engage",
        "partiellement conforme",
        "Contenus non accessibles",
        "mailto:accessibilite@ac-nantes.fr",
        "Défenseur des droits",
        "6 décembre 2026",
    ):
        assert part in page, part


def test_every_page_links_to_it_and_not_to_the_api_schema(client, world):
    client.force_login(world["chef.college"])
    page = client.get(f"/etablissements/{world.college.uai}/").content.decode()
    assert 'href="/accessibilite/"' in page
    assert "/api/v1/schema/" not in page, "l'API est documentée dans le README, pas au pied de page"
    login_page = Client().get("/connexion/").content.decode()
    assert 'href="/accessibilite/"' in login_page
