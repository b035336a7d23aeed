"""Catalogue, adoption, local services, marge de manœuvre, territorial catalogues, API."""

import pytest

from pilote.catalogue.choices import SchoolServiceStatus, ServiceOrigin
from pilote.catalogue.models import SchoolService, Service
from pilote.catalogue.referential import load_national_catalogue, read_referential
from pilote.catalogue.socle import service_kinds_in_use
from tests.catalogue.factories import SchoolServiceFactory, ServiceFactory
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCAL = {
    "name": "Atelier robotique",
    "kind": "apprentissage",
    "publisher": "Robotix",
    "obligation": "libre",
    "sector": "prive",
    "gar": "non",
    "family_authentication": "compte_local",
    "staff_authentication": "compte_local",
    "for_pupils": "True",
    "for_guardians": "False",
    "for_teachers": "True",
    "for_staff": "False",
    "support_contact": "editeur",
    "processes_personal_data": "True",
    "personal_data_categories": "prénom, classe",
    "sensitive_data": "False",
    "hosting": "prestataire_ue",
    "is_offered": "True",
}


def url(world, path="", school=None):
    return f"/etablissements/{(school or world.college).uai}/services/{path}"


def national(code):
    return Service.objects.get(origin=ServiceOrigin.NATIONAL, code=code)


def test_national_catalogue_is_loaded_by_the_migration_and_reloads_idempotently(db):
    codes = {entry["code"] for entry in read_referential()["services"]}
    assert {"educonnect", "arena", "siecle", "gar", "pix", "faits-etablissement"} <= codes
    assert (
        set(Service.objects.filter(origin=ServiceOrigin.NATIONAL).values_list("code", flat=True))
        == codes
    )
    assert national("siecle").obligation == "obligatoire"
    assert national("lsl").reserved_to == "lycee"
    assert national("elea").to_confirm
    result = load_national_catalogue()
    assert (result.created, result.updated, result.withdrawn) == (0, 0, 0)


def test_a_code_leaving_the_referential_is_withdrawn_not_deleted(db, tmp_path):
    path = tmp_path / "ref.yaml"
    path.write_text(
        'version: "test"\nservices:\n'
        "  - {code: gar, nom: GAR, nature: ressource, usage: recommande, secteur: public,"
        " gar: oui, assistance: assistance_academique, editeur: Ministère,"
        " description: Gestionnaire d'accès aux ressources, public: [eleves],"
        " donnees_personnelles: true, source: test}\n",
        encoding="utf-8",
    )
    result = load_national_catalogue(path=path)
    assert result.withdrawn == Service.objects.filter(origin="national").count() - 1
    assert national("siecle").is_offered is False
    assert national("gar").is_offered


def test_catalogue_offers_national_academie_collectivite_and_own_services(client, world):
    academique = ServiceFactory(academique=True, academie=world.academie, name="Visio académique")
    of_departement = ServiceFactory(
        de_collectivite=True, collectivite=world.departement, name="ENT du département"
    )
    of_region = ServiceFactory(de_collectivite=True, collectivite=world.region, name="ENT région")
    other_school = ServiceFactory(school=world.lycee, name="Outil du lycée")
    offered = set(Service.objects.offered_to(world.college))
    assert {academique, of_departement, national("pix")} <= offered
    assert not {of_region, other_school} & offered
    client.force_login(world["chef.college"])
    page = client.get(url(world, "catalogue/")).content.decode()
    assert "ENT du département" in page and "ENT région" not in page
    assert client.get(url(world, f"catalogue/{other_school.pk}/")).status_code == 404


def test_adopting_a_service_then_naming_its_referent(client, world):
    client.force_login(world["rrupn.college"])
    service = national("pix")
    response = client.post(url(world, f"catalogue/{service.pk}/adopter/"))
    adoption = SchoolService.objects.get(school=world.college, service=service)
    assert response["Location"] == url(world, f"{adoption.pk}/modifier/")
    client.post(url(world, f"catalogue/{service.pk}/adopter/"))
    assert SchoolService.objects.filter(school=world.college).count() == 1
    response = client.post(
        url(world, f"{adoption.pk}/modifier/"),
        {"referent": world["rrupn.college"].pk, "status": "en_service", "start_date": "2025-09-01"},
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.referent == world["rrupn.college"]


def test_teacher_reads_but_does_not_adopt(client, world):
    client.force_login(world["prof.college"])
    assert client.get(url(world)).status_code == 200
    assert client.post(url(world, f"catalogue/{national('pix').pk}/adopter/")).status_code == 403
    assert not SchoolService.objects.exists()


def test_referent_must_be_a_member_of_the_school(client, world):
    adoption = SchoolServiceFactory(school=world.college)
    client.force_login(world["chef.college"])
    response = client.post(
        url(world, f"{adoption.pk}/modifier/"),
        {"referent": world["rrupn.lycee"].pk, "status": "en_service"},
    )
    assert response.status_code == 400
    adoption.refresh_from_db()
    assert adoption.referent is None


def test_local_service_is_created_adopted_and_validated(client, world):
    client.force_login(world["chef.college"])
    bad = client.post(url(world, "catalogue/ajouter/"), {**LOCAL, "personal_data_categories": ""})
    assert bad.status_code == 400
    assert "Indiquez les catégories" in bad.content.decode()
    assert not Service.objects.filter(origin=ServiceOrigin.LOCAL).exists()
    response = client.post(url(world, "catalogue/ajouter/"), LOCAL)
    assert response.status_code == 302
    service = Service.objects.get(name="Atelier robotique")
    assert (service.origin, service.school) == (ServiceOrigin.LOCAL, world.college)
    assert service.adoptions.get().status == SchoolServiceStatus.EN_SERVICE


def test_only_local_services_are_edited_by_the_school(client, world):
    client.force_login(world["chef.college"])
    siecle = national("siecle")
    assert client.post(url(world, f"catalogue/{siecle.pk}/modifier/"), LOCAL).status_code == 404
    siecle.refresh_from_db()
    assert siecle.name.startswith("SIECLE")


def test_margin_sorts_imposed_chosen_and_own(client, world):
    SchoolServiceFactory(school=world.college, service=national("siecle"))
    SchoolServiceFactory(school=world.college, service=national("gar"))
    SchoolServiceFactory(school=world.college, service__name="Outil maison")
    client.force_login(world["chef.college"])
    response = client.get(url(world, "marge/"))
    margin = response.context["margin"]
    assert [a.service.code for a in margin.imposed.services] == ["siecle"]
    assert [a.service.code for a in margin.chosen.services] == ["gar"]
    assert [a.service.name for a in margin.own.services] == ["Outil maison"]
    missing = {s.code for s in margin.missing_mandatory}
    assert "stsweb" in missing and "siecle" not in missing
    assert "lsl" not in missing and "lsu" in missing  # a collège has no livret du lycée


def test_list_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for index in range(60):
        SchoolServiceFactory(
            school=world.college, referent=world["rrupn.college"], service__name=f"S{index:02}"
        )
    client.force_login(world["chef.college"])
    for path in ("", "catalogue/", "marge/"):
        with django_assert_max_num_queries(20):
            assert client.get(url(world, path)).status_code == 200


def test_socle_reads_kinds_in_service(world):
    SchoolServiceFactory(school=world.college, service__kind="ent")
    SchoolServiceFactory(school=world.college, service__kind="site_web", status="essai")
    SchoolServiceFactory(school=world.lycee, service__kind="vie_scolaire", status="retire")
    kinds = service_kinds_in_use([world.college, world.lycee])
    assert kinds == {world.college.pk: {"ent"}, world.lycee.pk: set()}


def test_drane_keeps_the_academie_catalogue(client, world):
    client.force_login(world["drane"])
    base = "/territoires/academie/17/services/"
    response = client.post(f"{base}ajouter/", {**LOCAL, "name": "Classes virtuelles"})
    assert response.status_code == 302
    service = Service.objects.get(name="Classes virtuelles")
    assert (service.origin, service.academie) == (ServiceOrigin.ACADEMIQUE, world.academie)
    assert "Classes virtuelles" in client.get(base).content.decode()
    assert client.post(f"{base}ajouter/", {**LOCAL, "name": ""}).status_code == 400


def test_collectivite_manager_keeps_its_catalogue_only(client, world):
    client.force_login(world["gest.departement"])
    assert client.post("/territoires/departement/44/services/ajouter/", LOCAL).status_code == 302
    assert Service.objects.get(name="Atelier robotique").collectivite == world.departement
    assert client.get("/territoires/region/52/services/").status_code == 404
    client.force_login(world["tech.departement"])
    assert client.post("/territoires/departement/44/services/ajouter/", LOCAL).status_code == 403


def test_rssi_finds_the_requests_waiting_for_its_opinion(client, world):
    from tests.catalogue.factories import ValidationOpinionFactory, ValidationRequestFactory

    waiting = ValidationRequestFactory(school=world.college, submitted=True, title="À examiner")
    done = ValidationRequestFactory(school=world.lycee, submitted=True, title="Déjà vu")
    ValidationOpinionFactory(request=done, authority="academie")
    client.force_login(world["rssi"])
    response = client.get("/territoires/academie/17/services/validations/")
    assert [r.pk for r in response.context["awaiting"]] == [waiting.pk]
    client.force_login(world["gest.region"])
    response = client.get("/territoires/region/52/services/validations/")
    assert [r.pk for r in response.context["awaiting"]] == [done.pk]


def test_api_lists_only_reachable_schools(client, world):
    SchoolServiceFactory(school=world.college)
    SchoolServiceFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    rows = client.get("/api/v1/services/").json()["results"]
    assert [row["school"] for row in rows] == [world.college.uai]


def test_former_member_referent_counts_as_missing(world):
    from pilote.catalogue.indicators import services_indicators

    leaver = UserFactory()
    membership = MembershipFactory(user=leaver, school=world.college)
    SchoolServiceFactory(school=world.college, referent=leaver)
    SchoolServiceFactory(school=world.college, referent=world["rrupn.college"])
    assert services_indicators([world.college])[world.college.pk]["services.sans_referent"] == 0
    membership.end_date = membership.start_date
    membership.save()
    values = services_indicators([world.college])[world.college.pk]
    assert values["services.sans_referent"] == 1
    assert values["services.en_service"] == 2


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_catalogue_exports_with_its_linked_columns(client, world, export_format):
    """The service column links to the school's page: the export used to fail on it
    (NoReverseMatch, the template column had no ``school`` outside the HTML page)."""
    client.force_login(world["chef.college"])
    response = client.get(url(world, "catalogue/"), {"_export": export_format})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{export_format}"')
    if export_format == "csv":
        assert national("educonnect").name in response.content.decode("utf-8-sig")
