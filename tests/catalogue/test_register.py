"""RGPD register: generation from services, completeness check, PDF and CSV, indicators."""

import pytest
from django.urls import reverse

from pilote.catalogue.indicators import services_indicators
from pilote.catalogue.models import RegisterEntry, RgpdRegister
from pilote.core.metrics import registry
from pilote.core.models import BackgroundJob
from tests.catalogue.factories import (
    RegisterEntryFactory,
    SchoolServiceFactory,
    ValidationRequestFactory,
)

pytestmark = pytest.mark.django_db


def url(world, path=""):
    return f"/etablissements/{world.college.uai}/services/registre/{path}"


def test_entry_completeness_lists_what_a_dpd_would_ask_for(world):
    entry = RegisterEntryFactory.build(school=world.college)
    assert entry.is_complete
    entry.retention = ""
    entry.transfers_outside_eu = True
    entry.sensitive_data = True
    assert entry.missing_fields() == [
        "durées de conservation",
        "garanties des transferts hors UE",
        "nature des données sensibles",
    ]


def test_generation_prefills_entries_from_services_processing_data(client, world):
    adoption = SchoolServiceFactory(
        school=world.college, service__personal=True, service__hosting="prestataire_hors_ue"
    )
    SchoolServiceFactory(school=world.college)  # processes no personal data
    SchoolServiceFactory(school=world.college, service__personal=True, status="retire")
    client.force_login(world["rrupn.college"])
    client.post(url(world, "generer/"))
    entry = RegisterEntry.objects.exclude(reference="PILOTE").get()
    assert entry.school_service == adoption
    assert entry.transfers_outside_eu
    assert entry.data_subjects == "Élèves"
    assert entry.missing_fields() == ["durées de conservation", "garanties des transferts hors UE"]
    client.post(url(world, "generer/"))
    assert RegisterEntry.objects.count() == 2  # and Pilote's own fiche, once


def test_pilote_itself_is_an_entry_of_the_register_with_its_retention(client, world):
    client.force_login(world["chef.college"])
    client.post(url(world, "generer/"))
    entry = RegisterEntry.objects.get(reference="PILOTE")
    assert entry.is_complete, entry.missing_fields()
    assert "élèves partis : 12 mois après la sortie" in entry.retention
    assert "entrées du journal : 12 mois" in entry.retention
    assert "sans nom d'élève" in entry.recipients
    page = client.get(url(world)).content.decode()
    assert "Pilote — pilotage du numérique" in page


def test_teacher_cannot_generate_or_edit_entries(client, world):
    SchoolServiceFactory(school=world.college, service__personal=True)
    client.force_login(world["prof.college"])
    assert client.get(url(world)).status_code == 200
    assert client.post(url(world, "generer/")).status_code == 403
    assert client.post(url(world, "fiches/ajouter/"), {"name": "x"}).status_code == 403
    assert not RegisterEntry.objects.exists()


def test_bad_entry_is_400_and_another_schools_entry_404(client, world):
    client.force_login(world["chef.college"])
    response = client.post(url(world, "fiches/ajouter/"), {"name": "", "purposes": ""})
    assert response.status_code == 400
    assert not RegisterEntry.objects.exists()
    other = RegisterEntryFactory(school=world.lycee)
    assert client.get(url(world, f"fiches/{other.pk}/")).status_code == 404
    assert client.post(url(world, f"fiches/{other.pk}/supprimer/")).status_code == 404
    assert RegisterEntry.objects.filter(pk=other.pk).exists()


def test_header_is_kept_by_the_head_only(client, world):
    data = {"controller_name": "Mme la principale", "dpo_name": "DPD", "dpo_contact": "dpd@ac.fr"}
    client.force_login(world["rrupn.college"])
    assert client.post(url(world, "en-tete/"), data).status_code == 403
    client.force_login(world["chef.college"])
    bad = client.post(url(world, "en-tete/"), {**data, "controller_email": "pas une adresse"})
    assert bad.status_code == 400
    assert not RgpdRegister.objects.exists()
    assert client.post(url(world, "en-tete/"), data).status_code == 302
    assert RgpdRegister.objects.get().controller_name == "Mme la principale"


def test_csv_export_is_safe_and_complete(client, world):
    RegisterEntryFactory(school=world.college, name="=HYPERLIEN()", reference="T01")
    RegisterEntryFactory(school=world.college, incomplete=True, name="Cantine")
    client.force_login(world["chef.college"])
    response = client.get(url(world, "registre.csv"))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Référence;Traitement;Responsable de traitement")
    assert "'=HYPERLIEN()" in response.content.decode()
    assert any("Cantine" in line and "durées de conservation" in line for line in lines)


def test_pdf_is_made_in_the_background_and_downloaded_from_the_job_page(client, world):
    RegisterEntryFactory(school=world.college, name="Vie scolaire")
    client.force_login(world["chef.college"])
    assert client.get(url(world, "registre.pdf")).status_code == 405
    response = client.post(url(world, "registre.pdf"))
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Le registre est prêt." in page and "Télécharger" in page
    download = client.get(reverse("core:job_result", args=[job.pk]))
    assert download["Content-Disposition"].endswith(
        f'filename="registre-traitements-{world.college.uai}.pdf"'
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_another_schools_head_may_not_start_the_pdf(client, world):
    client.force_login(world["chef.lycee"])
    assert client.post(url(world, "registre.pdf")).status_code == 404
    assert not BackgroundJob.objects.exists()


def test_indicators_for_many_schools_in_few_queries(world, django_assert_max_num_queries):
    RegisterEntryFactory(school=world.college)
    RegisterEntryFactory(school=world.college, incomplete=True)
    SchoolServiceFactory(school=world.college, service__personal=True)  # no entry yet
    ValidationRequestFactory(school=world.college)
    ValidationRequestFactory(school=world.college, overdue=True)
    ValidationRequestFactory(school=world.college, status="approuvee")
    with django_assert_max_num_queries(4):
        values = services_indicators([world.college, world.lycee])
    college = values[world.college.pk]
    assert college["rgpd.completude"] == pytest.approx(33.3)
    assert college["validations.en_attente"] == 2
    assert college["validations.en_retard"] == 1
    assert values[world.lycee.pk]["rgpd.completude"] is None
    codes = {indicator.code for indicator in registry.indicators(["services"])}
    assert {"services.en_service", "rgpd.completude", "validations.en_retard"} <= codes


def test_indicator_detail_splits_services_by_kind_and_origin(client, world):
    SchoolServiceFactory(school=world.college, service__kind="ent")
    client.force_login(world["chef.college"])
    response = client.get(f"/etablissements/{world.college.uai}/indicateurs/services.en_service/")
    page = response.content.decode()
    assert "Nature : ENT" in page and "Catalogue : Établissement" in page


def test_every_fiche_opens_and_names_the_register_controller(client, world):
    """A fiche without its own controller shows the header's: the page needed ``header``
    and answered 500 for every fiche."""
    entry = RegisterEntryFactory(school=world.college, controller="")
    client.force_login(world["chef.college"])
    response = client.get(url(world, f"fiches/{entry.pk}/"))
    assert response.status_code == 200
    assert "chef d&#x27;établissement" in response.content.decode()
