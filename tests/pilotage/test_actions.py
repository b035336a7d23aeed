"""The plan d'actions: creating, following, « Mes actions », e-mails, the public function."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pilote.core.models import OutboxMessage
from pilote.pilotage.actions import create_action, open_actions_of, overdue_actions
from pilote.pilotage.choices import ActionStatus
from pilote.pilotage.models import Action, ActionNote
from tests.pilotage.factories import ActionFactory, volet_with_target

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(name, school, *args):
    return reverse(f"pilotage:{name}", args=[school.uai, *args])


def action_data(world, **fields):
    data = {
        "title": "Former les enseignants à l'ENT",
        "responsible": world["rrupn.college"].pk,
        "due_date": (TODAY + timedelta(days=60)).isoformat(),
        "status": ActionStatus.TODO,
        "indicators": ["comptes.actifs"],
        "budget": "1200.50",
    }
    data.update(fields)
    return data


def test_the_head_creates_an_action_and_the_responsible_gets_an_email(client, world):
    objective = volet_with_target(world.college).objective
    client.force_login(world["chef.college"])
    response = client.post(
        url("action_add", world.college),
        action_data(world, objective=objective.pk, involved=[world["prof.college"].pk]),
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert action.school == world.college and action.objective == objective
    assert list(action.involved.all()) == [world["prof.college"]]
    mail = OutboxMessage.objects.get()
    assert mail.recipients == [world["rrupn.college"].email]
    assert "Former les enseignants" in mail.subject and action.get_absolute_url() in mail.body


def test_refusals_name_the_field_and_write_nothing(client, world):
    client.force_login(world["chef.college"])
    past = client.post(
        url("action_add", world.college),
        action_data(world, due_date=(TODAY - timedelta(days=1)).isoformat()),
    )
    assert past.status_code == 400
    assert "est passée" in past.context["form"].errors["due_date"][0]
    outsider = client.post(
        url("action_add", world.college), action_data(world, responsible=world["chef.lycee"].pk)
    )
    assert outsider.status_code == 400 and "responsible" in outsider.context["form"].errors
    other_objective = volet_with_target(world.lycee).objective
    foreign = client.post(
        url("action_add", world.college), action_data(world, objective=other_objective.pk)
    )
    assert foreign.status_code == 400 and "objective" in foreign.context["form"].errors
    assert not Action.objects.exists() and not OutboxMessage.objects.exists()


def test_a_teacher_reads_the_plan_and_follows_only_his_own_actions(client, world):
    mine = ActionFactory(school=world.college, responsible=world["prof.college"])
    other = ActionFactory(school=world.college, responsible=world["rrupn.college"])
    client.force_login(world["prof.college"])
    assert client.get(url("action_list", world.college)).status_code == 200
    assert client.post(url("action_add", world.college), action_data(world)).status_code == 403
    page = client.get(url("my_actions", world.college)).content.decode()
    assert mine.title in page and other.title not in page
    note = {"day": TODAY.isoformat(), "text": "Séance faite", "status": ActionStatus.DONE}
    assert client.post(url("action_note", world.college, mine.pk), note).status_code == 302
    mine.refresh_from_db()
    assert mine.status == ActionStatus.DONE and mine.completed_on == TODAY
    assert ActionNote.objects.get().author == world["prof.college"]
    refused = client.post(url("action_note", world.college, other.pk), note)
    assert refused.status_code == 403 and ActionNote.objects.count() == 1


def test_a_note_dated_in_the_future_is_refused(client, world):
    action = ActionFactory(school=world.college, responsible=world["prof.college"])
    client.force_login(world["chef.college"])
    response = client.post(
        url("action_note", world.college, action.pk),
        {"day": (TODAY + timedelta(days=2)).isoformat(), "text": "x", "status": "en_cours"},
    )
    assert response.status_code == 400 and not ActionNote.objects.exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.TODO


def test_overdue_actions_stand_out(client, world):
    late = ActionFactory(
        school=world.college, title="Action en retard", due_date=TODAY - timedelta(days=5)
    )
    ActionFactory(
        school=world.college,
        due_date=TODAY - timedelta(days=5),
        status=ActionStatus.DONE,
    )
    assert list(overdue_actions(world.college)) == [late]
    client.force_login(world["chef.college"])
    page = client.get(url("action_list", world.college)).content.decode()
    assert "1 action en retard" in page and "En retard de 5 j" in page
    assert "pilote-row--late" in page
    filtered = client.get(url("action_list", world.college), {"status": "retard"})
    assert list(filtered.context["table"].data) == [late]


def test_the_public_function_turns_a_decision_into_an_action(world):
    action = create_action(
        world.college,
        "Remplacer la borne Wi-Fi du CDI",
        world["rrupn.college"],
        TODAY + timedelta(days=40),
        source="Commission numérique du 12 janvier",
        source_url="/etablissements/0449901Y/commission/1/",
    )
    assert action.source == "Commission numérique du 12 janvier"
    assert OutboxMessage.objects.filter(recipients=[world["rrupn.college"].email]).exists()
    assert list(open_actions_of(world["rrupn.college"], world.college)) == [action]
    with pytest.raises(ValidationError) as error:
        create_action(world.college, "X", world["chef.lycee"], TODAY)
    assert "n'est pas membre" in str(error.value)
    assert Action.objects.count() == 1


def test_a_decision_without_owner_or_date_goes_to_its_author_for_a_month(world):
    action = create_action(
        world.college,
        "Tester la bascule vers l'ENT de secours",
        source="Continuité pédagogique — exercice",
        created_by=world["chef.college"],
    )
    assert action.responsible == world["chef.college"]
    assert action.due_date == TODAY + timedelta(days=30)
    with pytest.raises(ValidationError):
        create_action(world.college, "Sans responsable")
