"""The module contract (``core.modules``): one declaration per module, read by core alone."""

from django.conf import settings
from django.test import modify_settings, override_settings
from django.urls import clear_url_caches

from pilote.core.context_processors import navigation
from pilote.core.modules import Part, PiloteModule, check_modules, pilote_modules
from pilote.core.permissions import capabilities_for


def test_the_registry_lists_exactly_the_installed_modules():
    installed = [
        entry
        for entry in settings.INSTALLED_APPS
        if entry.startswith("pilote.") and "." not in entry[7:]
    ]
    assert [module.name for module in pilote_modules()] == installed
    assert all(isinstance(module, PiloteModule) for module in pilote_modules())


def test_each_declaration_matches_the_files():
    assert check_modules() == []


def test_a_part_present_but_not_declared_is_an_error_at_start_up(monkeypatch):
    usage = next(module for module in pilote_modules() if module.label == "usage")
    monkeypatch.setattr(usage, "parts", usage.parts - {Part.IMPORTERS})
    errors = check_modules()
    assert [error.id for error in errors] == ["pilote.E102"]
    assert "pilote.usage : importers existe mais n'est pas déclaré" in errors[0].msg


def test_a_part_declared_but_missing_is_an_error_at_start_up(monkeypatch):
    dpd = next(module for module in pilote_modules() if module.label == "dpd")
    monkeypatch.setattr(dpd, "parts", dpd.parts | {Part.DEMO})
    assert [error.msg for error in check_modules()] == [
        "pilote.dpd : Part.DEMO est déclaré mais demo n'existe pas."
    ]


def test_menus_come_from_the_declarations(world):
    chef = world["chef.college"]
    labels = [
        entry["label"] for entry in navigation(world.college, capabilities_for(chef, world.college))
    ]
    assert labels[:3] == ["Projet numérique", "Parc", "Services"]
    assert "Protection des données" not in labels


@modify_settings(INSTALLED_APPS={"append": "tests.core.plugin"})
@override_settings(ROOT_URLCONF="tests.core.plugin.urlconf")
def test_a_new_module_plugs_in_without_any_edit_in_core(world, client):
    """An app whose config derives from PiloteModule: listed, mounted, in the menu."""
    clear_url_caches()
    try:
        assert pilote_modules()[-1].name == "tests.core.plugin"
        chef = world["chef.college"]
        entries = navigation(world.college, capabilities_for(chef, world.college))
        assert entries[-1] == {
            "label": "Module d'essai",
            "url": f"/etablissements/{world.college.uai}/essai/",
            "order": 99,
            "prefix": f"/etablissements/{world.college.uai}/essai/",
        }
        client.force_login(chef)
        response = client.get(f"/etablissements/{world.college.uai}/essai/")
        assert response.content.decode() == f"Module d'essai de {world.college.name}"
        other = client.get(f"/etablissements/{world.lycee.uai}/essai/")
        assert other.status_code in (403, 404), "the plugin's pages are scoped like any other"
    finally:
        clear_url_caches()
