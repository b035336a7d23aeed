"""The validation workflow: only the right role acts at each step, each step is journaled and
e-mails the next actor, a wrong step changes nothing."""

import pytest
from django.core import mail

from pilote.catalogue.choices import Authority, RequestStatus, SchoolServiceStatus, ServiceOrigin
from pilote.catalogue.models import ValidationRequest
from pilote.core.choices import JournalAction
from pilote.core.models import JournalEntry
from tests.catalogue.factories import ValidationOpinionFactory, ValidationRequestFactory

pytestmark = pytest.mark.django_db

ASK = {
    "kind": "application",
    "title": "Quizz'Classe",
    "service_kind": "apprentissage",
    "purpose": "Questionnaires en classe",
    "publisher": "Quizz Ltd",
    "sector": "prive",
    "cost": "120",
    "duration": "un an",
    "for_pupils": "True",
    "for_guardians": "False",
    "for_teachers": "True",
    "for_staff": "False",
    "personal_data": "pseudonymes, réponses",
    "sensitive_data": "False",
    "hosting": "prestataire_ue",
}


def base(world, school=None):
    return f"/etablissements/{(school or world.college).uai}/services/validations/"


def step(client, world, user, request_obj, action, data=None):
    client.force_login(world[user])
    return client.post(f"{base(world)}{request_obj.pk}/{action}/", data or {})


def journaled(action) -> int:
    return JournalEntry.objects.filter(action=action).count()


def test_teacher_asks_and_the_head_is_told(client, world):
    client.force_login(world["prof.college"])
    response = client.post(f"{base(world)}nouvelle/", ASK)
    assert response.status_code == 302
    request_obj = ValidationRequest.objects.get()
    assert request_obj.status == RequestStatus.DEMANDEE
    assert request_obj.requested_by == world["prof.college"]
    assert journaled(JournalAction.VALIDATION_REQUESTED) == 1
    assert mail.outbox[-1].to == [world["chef.college"].email]


def test_bad_request_form_is_400_and_writes_nothing(client, world):
    client.force_login(world["prof.college"])
    data = {**ASK, "kind": "equipement", "cost": "-5", "for_pupils": "False", "for_teachers": ""}
    response = client.post(f"{base(world)}nouvelle/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Précisez la catégorie" in text
    assert "ne peut pas être négatif" in text
    assert "au moins un public" in text
    assert not ValidationRequest.objects.exists()


@pytest.mark.parametrize("user", ["drane", "rssi", "gest.departement"])
def test_territory_people_do_not_ask_for_a_school(client, world, user):
    client.force_login(world[user])
    assert client.post(f"{base(world)}nouvelle/", ASK).status_code == 403
    assert not ValidationRequest.objects.exists()


@pytest.mark.parametrize("user", ["prof.college", "rrupn.college", "rssi", "gest.departement"])
def test_only_the_head_submits(client, world, user):
    request_obj = ValidationRequestFactory(school=world.college)
    assert step(client, world, user, request_obj, "soumettre").status_code == 403
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.DEMANDEE


def test_head_submits_with_a_deadline_and_both_authorities_are_told(client, world):
    request_obj = ValidationRequestFactory(school=world.college)
    response = step(client, world, "chef.college", request_obj, "soumettre")
    assert response.status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.SOUMISE
    assert request_obj.due_date is not None
    assert sorted(mail.outbox[-1].to) == sorted(
        [world["rssi"].email, world["gest.departement"].email]
    )
    assert journaled(JournalAction.VALIDATION_SUBMITTED) == 1


def test_submitting_twice_is_400(client, world):
    request_obj = ValidationRequestFactory(school=world.college, submitted=True)
    response = step(client, world, "chef.college", request_obj, "soumettre")
    assert response.status_code == 400
    assert "plus possible" in response.content.decode()
    assert journaled(JournalAction.VALIDATION_SUBMITTED) == 0


def test_head_may_decline_with_a_reason(client, world):
    request_obj = ValidationRequestFactory(school=world.college, requested_by=world["prof.college"])
    assert step(client, world, "chef.college", request_obj, "ne-pas-transmettre").status_code == 400
    response = step(
        client, world, "chef.college", request_obj, "ne-pas-transmettre", {"comment": "Doublon"}
    )
    assert response.status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.NON_TRANSMISE
    assert mail.outbox[-1].to == [world["prof.college"].email]
    assert journaled(JournalAction.VALIDATION_DECLINED) == 1


@pytest.mark.parametrize("user", ["chef.college", "drane", "tech.departement", "gest.region"])
def test_only_rssi_and_collectivite_manager_give_opinions(client, world, user):
    request_obj = ValidationRequestFactory(school=world.college, submitted=True)
    data = {"authority": Authority.ACADEMIE, "verdict": "favorable"}
    assert step(client, world, user, request_obj, "avis", data).status_code in (403, 404)
    assert not request_obj.opinions.exists()


def test_manager_cannot_give_the_rssi_opinion(client, world):
    request_obj = ValidationRequestFactory(school=world.college, submitted=True)
    data = {"authority": Authority.ACADEMIE, "verdict": "favorable"}
    assert step(client, world, "gest.departement", request_obj, "avis", data).status_code == 403
    assert not request_obj.opinions.exists()


def test_unfavourable_opinion_needs_a_comment(client, world):
    request_obj = ValidationRequestFactory(school=world.college, submitted=True)
    data = {"authority": Authority.ACADEMIE, "verdict": "defavorable", "comment": ""}
    response = step(client, world, "rssi", request_obj, "avis", data)
    assert response.status_code == 400
    assert "doit être motivé" in response.content.decode()
    assert not request_obj.opinions.exists()


def test_both_opinions_move_the_request_to_decision_and_tell_the_head(client, world):
    request_obj = ValidationRequestFactory(school=world.college, submitted=True)
    first = {"authority": Authority.ACADEMIE, "verdict": "reserves", "comment": "Pseudonymes"}
    assert step(client, world, "rssi", request_obj, "avis", first).status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.SOUMISE
    again = step(client, world, "rssi", request_obj, "avis", first)
    assert again.status_code == 400
    second = {"authority": Authority.COLLECTIVITE, "verdict": "favorable"}
    assert step(client, world, "gest.departement", request_obj, "avis", second).status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.AVIS_RENDUS
    assert request_obj.opinions.count() == 2
    assert mail.outbox[-1].to == [world["chef.college"].email]
    assert journaled(JournalAction.VALIDATION_OPINION) == 2


def _opinions_in(world, verdict="favorable"):
    request_obj = ValidationRequestFactory(
        school=world.college, opinions_in=True, requested_by=world["prof.college"]
    )
    ValidationOpinionFactory(request=request_obj, authority=Authority.ACADEMIE)
    ValidationOpinionFactory(request=request_obj, authority=Authority.COLLECTIVITE, verdict=verdict)
    return request_obj


@pytest.mark.parametrize("user", ["adjoint.college", "rrupn.college", "rssi", "drane"])
def test_only_the_head_decides(client, world, user):
    request_obj = _opinions_in(world)
    assert (
        step(client, world, user, request_obj, "decision", {"decision": "approuver"}).status_code
        == 403
    )
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.AVIS_RENDUS


def test_approval_creates_a_local_service_on_trial_linked_to_the_decision(client, world):
    request_obj = _opinions_in(world)
    response = step(
        client, world, "chef.college", request_obj, "decision", {"decision": "approuver"}
    )
    assert response.status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.APPROUVEE
    adoption = request_obj.school_service
    assert adoption.school == world.college
    assert adoption.status == SchoolServiceStatus.ESSAI
    assert adoption.referent == world["prof.college"]
    assert adoption.service.origin == ServiceOrigin.LOCAL
    assert adoption.service.processes_personal_data
    assert mail.outbox[-1].to == [world["prof.college"].email]
    assert journaled(JournalAction.VALIDATION_DECIDED) == 1


def test_approved_equipment_enters_the_inventory(client, world):
    request_obj = _opinions_in(world)
    request_obj.kind, request_obj.equipment_category = "equipement", "tablette"
    request_obj.save()
    step(client, world, "chef.college", request_obj, "decision", {"decision": "approuver"})
    request_obj.refresh_from_db()
    assert request_obj.equipment.category == "tablette"
    assert request_obj.equipment.school == world.college
    assert request_obj.school_service is None


def test_unfavourable_opinion_forbids_approval(client, world):
    request_obj = _opinions_in(world, verdict="defavorable")
    response = step(
        client, world, "chef.college", request_obj, "decision", {"decision": "approuver"}
    )
    assert response.status_code == 400
    assert "avis défavorable" in response.content.decode()
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.AVIS_RENDUS
    assert request_obj.school_service is None
    refused = step(client, world, "chef.college", request_obj, "decision", {"decision": "refuser"})
    assert refused.status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.REFUSEE


def test_deciding_before_the_opinions_is_400(client, world):
    request_obj = ValidationRequestFactory(school=world.college, submitted=True)
    response = step(
        client, world, "chef.college", request_obj, "decision", {"decision": "approuver"}
    )
    assert response.status_code == 400
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.SOUMISE


def test_overdue_request_is_flagged(client, world):
    request_obj = ValidationRequestFactory(school=world.college, overdue=True)
    client.force_login(world["chef.college"])
    assert "en retard" in client.get(f"{base(world)}{request_obj.pk}/").content.decode()
    assert "en retard" in client.get(base(world)).content.decode()
    assert ValidationRequest.objects.overdue().get() == request_obj
