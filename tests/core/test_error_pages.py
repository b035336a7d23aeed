"""French error pages: the 500 page renders even when the database is down; a 404 names no
school."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client


@pytest.fixture
def database_down(db, monkeypatch):
    """Every new query fails as when PostgreSQL is stopped."""

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    yield
    monkeypatch.undo()  # before the test database is rolled back


def test_500_page_is_french_without_the_database(world, database_down):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "une-session-quelconque"  # reading it needs the database
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="fr"' in page and "Une erreur est survenue" in page
    assert "dsfr.min.css" in page  # the site's look, from static files only
    assert "Server Error" not in page


def test_404_for_another_school_does_not_name_it(client, world):
    client.force_login(world["chef.lycee"])
    response = client.get(f"/etablissements/{world.college.uai}/parc/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert world.college.name not in page and world.college.uai not in page.replace(
        f"/etablissements/{world.college.uai}/", ""
    )
