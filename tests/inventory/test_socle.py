"""The socle: referential, evaluation with evidence, adaptations, territory, indicators."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from pilote.core.metrics import registry
from pilote.inventory.choices import Category, Coverage, RoomKind, SocleAction, SocleVariant
from pilote.inventory.models import SocleAdaptation
from pilote.inventory.socle import (
    Outcome,
    compliance,
    national_socle,
    validate_rule,
)

from .factories import EquipmentFactory, RoomFactory, years_ago

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("variant", SocleVariant.values)
def test_both_referentials_load_and_flag_what_is_unconfirmed(variant):
    socle = national_socle(variant)
    assert socle.variant == variant and socle.version
    assert len(socle.items) >= 15
    assert all(item.to_confirm and item.source for item in socle.items)
    assert {item.domain for item in socle.items} >= {"infrastructure", "services", "maintenance"}


def test_a_rule_pilote_cannot_evaluate_is_refused():
    with pytest.raises(ImproperlyConfigured, match="salles inconnus"):
        validate_rule(
            {"type": "equipement_par_salle", "salles": ["piscine"], "categories": [], "seuil": 1},
            "test",
        )


def results(school):
    return compliance([school])[school.pk].by_id()


def test_classrooms_lacking_a_display_are_named(world):
    equipped = RoomFactory(school=world.college, name="Salle 1")
    RoomFactory(school=world.college, name="Salle 2", unwired=True)
    EquipmentFactory(school=world.college, room=equipped, display=True)
    EquipmentFactory(school=world.college, room=equipped, category=Category.POSTE_FIXE)
    found = results(world.college)
    display = found["affichage-collectif"]
    assert display.outcome == Outcome.NOT_MET
    assert display.gaps == ["Salle 2 (Bâtiment A)"]
    assert display.found == "1 salle(s) sur 2 équipée(s)"
    wired = found["cablage-salles-classe"]
    assert wired.outcome == Outcome.NOT_MET and "Salle 2 (Bâtiment A) (non)" in wired.gaps


def test_ratio_found_versus_expected(world):
    world.college.declared_pupils = 100
    world.college.save()
    EquipmentFactory.create_batch(12, school=world.college, category=Category.TABLETTE)
    mobile = results(world.college)["appareils-mobiles-100-eleves"]
    assert mobile.outcome == Outcome.MET
    assert mobile.found.startswith("12 pour 100 élèves")
    computers = results(world.college)["postes-100-eleves"]
    assert computers.outcome == Outcome.NOT_MET
    assert computers.gaps == ["il manque environ 10 appareil(s) pour atteindre le seuil"]


def test_no_room_of_a_kind_is_not_evaluated(world):
    assert results(world.college)["postes-cdi"].outcome == Outcome.NOT_EVALUATED


def test_service_rule_reads_the_catalogue_or_says_not_evaluated(world):
    result = results(world.college)["ent"]
    try:
        import pilote.catalogue.socle  # noqa: F401
    except ImportError:
        assert result.outcome == Outcome.NOT_EVALUATED
        assert "catalogue" in result.found
    else:
        assert result.outcome in (Outcome.MET, Outcome.NOT_MET)


def test_reformed_and_stocked_devices_do_not_count(world):
    room = RoomFactory(school=world.college)
    EquipmentFactory(school=world.college, room=room, display=True, reformed=True)
    EquipmentFactory(school=world.college, room=room, display=True, status="en_stock")
    assert results(world.college)["affichage-collectif"].outcome == Outcome.NOT_MET


def test_collectivite_adaptations_apply_to_its_schools_only(world):
    world.college.declared_pupils = 100
    world.college.save()
    EquipmentFactory.create_batch(12, school=world.college, category=Category.TABLETTE)
    for change in [
        {"action": SocleAction.SEUIL, "item_id": "appareils-mobiles-100-eleves", "threshold": 15},
        {"action": SocleAction.RETRAIT, "item_id": "sonorisation"},
        {
            "action": SocleAction.AJOUT,
            "item_id": "visualiseurs",
            "label": "Des visualiseurs",
            "level": "recommande",
            "domain": "salles_de_classe",
            "threshold": 2,
            "rule": {"type": "appareils_presents", "categories": ["visualiseur"], "seuil": 2},
        },
    ]:
        SocleAdaptation.objects.create(
            collectivite=world.departement, variant=SocleVariant.COLLEGE, **change
        )
    report = compliance([world.college])[world.college.pk]
    found = report.by_id()
    assert found["appareils-mobiles-100-eleves"].outcome == Outcome.NOT_MET
    assert "10 → 15" in found["appareils-mobiles-100-eleves"].item.adaptation
    assert "sonorisation" not in found
    assert found["visualiseurs"].outcome == Outcome.NOT_MET
    assert "adaptée par Département Loire-Atlantique (3 adaptations" in report.socle.version_label
    lycee = compliance([world.lycee])[world.lycee.pk]
    assert "sonorisation" in lycee.by_id() and not lycee.socle.adaptation_count


def test_compliance_pages(client, world):
    RoomFactory(school=world.college, wired_network=Coverage.NON)
    client.force_login(world["prof.college"])
    base = f"/etablissements/{world.college.uai}/parc/socle/"
    page = client.get(base).content.decode()
    assert "Socle numérique de base — collèges, version nationale" in page
    assert "à confirmer" in page
    csv_text = client.get(base + "export.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Identifiant;Élément;Domaine")
    assert "cablage-salles-classe" in csv_text
    assert client.get(base + "impression/").status_code == 200


# --- Territory ----------------------------------------------------------------------------


def territory(path=""):
    return f"/territoires/departement/44/parc/{path}"


def test_collectivite_compares_its_schools(client, world):
    RoomFactory(school=world.college)
    client.force_login(world["tech.departement"])
    response = client.get(territory())
    page = response.content.decode()
    assert response.status_code == 200
    assert world.college.name in page and world.lycee.name not in page
    assert "non conforme" in page
    csv_text = client.get(territory("socle.csv")).content.decode("utf-8-sig")
    assert world.college.uai in csv_text


def test_academie_compares_all_its_schools_by_variant(client, world):
    client.force_login(world["drane"])
    response = client.get("/territoires/academie/17/parc/")
    variants = [table["variant"] for table in response.context["tables"]]
    assert sorted(variants) == ["college", "lycee"]
    assert client.get("/territoires/academie/17/parc/socle/").status_code == 404


ADD = {
    "variant": "college",
    "action": "ajout",
    "item_id": "bornes",
    "label": "Des bornes",
    "domain": "infrastructure",
    "level": "socle",
    "threshold": "2",
    "rule_type": "appareils_presents",
    "categories": ["borne_wifi"],
}


def test_gestionnaire_adapts_the_socle(client, world):
    client.force_login(world["gest.departement"])
    response = client.post(territory("socle/ajouter/"), ADD)
    assert response.status_code == 302
    added = SocleAdaptation.objects.get()
    assert added.rule == {"type": "appareils_presents", "categories": ["borne_wifi"], "seuil": 2}
    assert added.updated_by == world["gest.departement"]
    assert "bornes" in compliance([world.college])[world.college.pk].by_id()
    client.post(territory(f"socle/{added.pk}/supprimer/"))
    assert not SocleAdaptation.objects.exists()


def test_adaptation_bad_input_is_400_and_nothing_saved(client, world):
    client.force_login(world["gest.departement"])
    response = client.post(
        territory("socle/ajouter/"),
        {"variant": "college", "action": "seuil", "item_id": "inconnu"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "existe pas" in errors["item_id"][0] and "seuil" in errors["threshold"][0]
    assert not SocleAdaptation.objects.exists()


def test_technician_and_schools_cannot_adapt(client, world):
    client.force_login(world["tech.departement"])
    assert client.get(territory("socle/")).status_code == 200
    assert client.post(territory("socle/ajouter/"), ADD).status_code == 403
    client.force_login(world["chef.college"])
    assert client.get(territory("socle/")).status_code == 404
    client.force_login(world["gest.region"])
    assert client.post(territory("socle/ajouter/"), ADD).status_code == 404
    assert not SocleAdaptation.objects.exists()


def test_adaptation_of_another_collectivite_is_404(client, world):
    other = SocleAdaptation.objects.create(
        collectivite=world.region, variant="lycee", action="retrait", item_id="sonorisation"
    )
    client.force_login(world["gest.departement"])
    assert client.post(territory(f"socle/{other.pk}/supprimer/")).status_code == 404
    assert SocleAdaptation.objects.filter(pk=other.pk).exists()


# --- Indicators ---------------------------------------------------------------------------


def values(school):
    return {m.indicator.code: m for m in registry.measure_school(school, ["parc"])}


def test_indicators(world):
    world.college.declared_pupils = 200
    world.college.save()
    classroom = RoomFactory(school=world.college)
    RoomFactory(school=world.college)
    EquipmentFactory(school=world.college, room=classroom, display=True)
    EquipmentFactory.create_batch(3, school=world.college, category=Category.POSTE_FIXE)
    EquipmentFactory(school=world.college, category=Category.POSTE_FIXE, old=True, cost=800)
    EquipmentFactory(
        school=world.college,
        category=Category.PORTABLE,
        broken=True,
        cost=None,
        acquisition_date=years_ago(3),
    )
    EquipmentFactory(school=world.college, category=Category.PORTABLE, reformed=True)
    EquipmentFactory(school=world.college, category=Category.PORTABLE, domain="administratif")
    measures = values(world.college)
    assert measures["parc.postes_pour_100_eleves"].value == 2.5  # 5 of 200 pupils
    assert measures["parc.hors_duree_de_vie"].value == 14.3  # 1 of 7 in the fleet
    assert measures["parc.hors_service"].value == 14.3
    assert measures["parc.salles_sans_affichage"].value == 1
    assert measures["parc.conformite_socle"].value is not None
    renewals = measures["parc.renouvellements_3_ans"]
    assert renewals.value == 2  # the old one, and the one bought 3 years ago
    assert renewals.note == "coût connu pour 1 sur 2 : 800 €"


def test_indicators_use_few_queries_for_many_schools(world, django_assert_max_num_queries):
    from tests.core.factories import SchoolFactory

    schools = [world.college, world.lycee, *SchoolFactory.create_batch(8)]
    for school in schools:
        RoomFactory(school=school)
        EquipmentFactory.create_batch(3, school=school)
    with django_assert_max_num_queries(12):
        registry.measure(schools, ["parc"])


def test_empty_school_has_no_ratio_but_no_error(world):
    measures = values(world.lycee)
    assert measures["parc.hors_service"].value is None
    assert measures["parc.salles_sans_affichage"].value == 0
    assert RoomKind.SALLE_CLASSE


def test_devices_beyond_their_lifetime_read_the_same_on_the_dashboard_and_the_socle(world):
    """One definition for both (issue #20): a printer past its lifetime moves neither."""
    EquipmentFactory.create_batch(2, school=world.college, category=Category.POSTE_FIXE, old=True)
    EquipmentFactory.create_batch(4, school=world.college, category=Category.TABLETTE)
    EquipmentFactory(school=world.college, category=Category.IMPRIMANTE, old=True)
    socle = results(world.college)["renouvellement"]
    indicator = values(world.college)["parc.hors_duree_de_vie"]
    assert indicator.value == 33.3  # 2 of the 6 computers and tablets
    assert socle.found == "33,3 % (2 sur 6)"


@pytest.mark.parametrize("variant", SocleVariant.values)
def test_the_socle_rule_counts_the_devices_the_indicator_counts(variant):
    rules = [
        item.rule for item in national_socle(variant).items if item.rule["type"] == "hors_duree_max"
    ]
    assert rules and all(sorted(r["categories"]) == sorted(Category.renewed()) for r in rules)


def test_renewals_on_the_dashboard_are_the_first_three_years_of_the_yearly_table(client, world):
    """« 203 against a table summing to 185 » (issue #20): a device whose lifetime ends early in
    the fourth year counts in neither the dashboard's three years nor the first three rows."""
    from datetime import date

    from django.utils import timezone

    year = timezone.localdate().year
    bought = date(year + 3 - 5, 1, 15)  # 5-year lifetime: ends 15 January of year + 3
    EquipmentFactory(school=world.college, lifetime_years=5, acquisition_date=bought)
    EquipmentFactory(school=world.college, old=True)
    renewals = values(world.college)["parc.renouvellements_3_ans"]
    assert renewals.value == 1
    client.force_login(world["chef.college"])
    response = client.get(f"/etablissements/{world.college.uai}/parc/etat/")
    rows = response.context["renewals"]
    assert sum(r["count"] for r in rows[:3]) == renewals.value == response.context["renewals_soon"]
    assert "Sur les 3 premières années : <strong>1 appareil</strong>" in response.content.decode()
