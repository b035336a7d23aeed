"""Exercises, « Activer le plan », the PDF documents and the territory's view."""

import html

from django.urls import reverse

from pilote.continuity import documents
from pilote.continuity.choices import ScenarioKind
from pilote.continuity.models import Activation, Exercise
from pilote.core.choices import JournalAction
from pilote.core.models import BackgroundJob, JobStatus, JournalEntry, OutboxMessage
from pilote.pilotage.models import Action
from tests.continuity.factories import ActivationFactory, ExerciseFactory, make_plan

BASE = "/etablissements/0449901Y/continuite/"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_an_exercise_is_recorded_with_its_corrective_measures(client, world):
    client.force_login(world["adjoint.college"])
    response = client.post(
        BASE + "exercices/ajouter/",
        {
            "held_on": "2026-11-20",
            "scenario": ScenarioKind.FERMETURE_PARTIELLE,
            "scope": "Niveau 5e",
            "worked": "Classe virtuelle",
            "did_not_work": "Identifiants perdus",
            "corrective_measures": "Redistribuer les identifiants\n\nFormer les 5e à l'ENT",
        },
    )
    exercise = Exercise.objects.get()
    assert response["Location"] == exercise.get_absolute_url()
    assert exercise.measures == ["Redistribuer les identifiants", "Former les 5e à l'ENT"]
    # Each corrective measure becomes an action of the plan d'actions, entrusted to the person
    # who recorded the exercise.
    actions = Action.objects.filter(school=world.college).order_by("pk")
    assert [a.title for a in actions] == exercise.measures
    assert {a.responsible for a in actions} == {world["adjoint.college"]}
    assert all(a.source_url == exercise.get_absolute_url() for a in actions)
    page = text_of(client.get(exercise.get_absolute_url()))
    assert "Redistribuer les identifiants" in page and "Identifiants perdus" in page
    assert "est devenue une action du plan d'actions" in page
    assert "Niveau 5e" in text_of(client.get(BASE + "exercices/"))


def test_an_exercise_in_the_future_is_refused(client, world):
    client.force_login(world["chef.college"])
    response = client.post(
        BASE + "exercices/ajouter/",
        {"held_on": "2999-01-01", "scenario": "panne", "scope": "ENT"},
    )
    assert response.status_code == 400 and not Exercise.objects.exists()


def test_activation_without_scope_is_refused_and_nothing_is_written(client, world):
    make_plan(world.college)
    client.force_login(world["chef.college"])
    journal = JournalEntry.objects.count()
    outbox = OutboxMessage.objects.count()
    for scope in ("", "   "):
        response = client.post(
            BASE + "activer/",
            {"scenario": ScenarioKind.FERMETURE_TOTALE, "scope": scope, "message": "Bonjour"},
        )
        assert response.status_code == 400
        assert "Précisez le périmètre" in text_of(response)
    assert not Activation.objects.exists()
    assert JournalEntry.objects.count() == journal
    assert OutboxMessage.objects.count() == outbox


def test_activating_the_plan_journals_informs_the_academie_and_opens_the_48_hours(client, world):
    plan = make_plan(world.college)
    client.force_login(world["chef.college"])
    form = text_of(client.get(BASE + "activer/?scenario=fermeture_partielle"))
    assert "plan de continuité pédagogique de l'établissement est activé" in form
    response = client.post(
        BASE + "activer/",
        {
            "scenario": ScenarioKind.FERMETURE_PARTIELLE,
            "scope": "Divisions 4 A et 4 B",
            "expected_end": "",
            "message": "Les cours ([périmètre]) ont lieu à distance.",
        },
    )
    activation = Activation.objects.get()
    assert response["Location"] == activation.get_absolute_url()
    assert activation.started_by == world["chef.college"] and activation.plan == plan
    assert activation.message == "Les cours (Divisions 4 A et 4 B) ont lieu à distance."
    scenario = plan.scenarios.get(kind=ScenarioKind.FERMETURE_PARTIELLE)
    assert activation.steps == scenario.steps and len(activation.steps) == 4
    entry = JournalEntry.objects.get(action=JournalAction.CONTINUITY_ACTIVATED)
    assert entry.school == world.college and "Divisions 4 A et 4 B" in entry.summary
    message = OutboxMessage.objects.get()
    assert message.recipients == [world["drane"].email]
    assert "Divisions 4 A et 4 B" in message.body and "à distance" in message.body
    # The head's page says the plan is active; the académie sees it on its territory page.
    assert "Plan activé depuis le" in text_of(client.get(BASE))
    client.force_login(world["drane"])
    territory = text_of(client.get("/territoires/academie/17/continuite/"))
    assert "Collège des Salorges" in territory and "Divisions 4 A et 4 B" in territory

    # The 48 hours: steps ticked; then closing needs a review.
    client.force_login(world["adjoint.college"])
    url = activation.get_absolute_url()
    client.post(url + "actions/", {"step_0": "on", "step_2": "on"})
    activation.refresh_from_db()
    assert activation.steps_done == [0, 2]
    response = client.post(url + "clore/", {"review": ""})
    assert response.status_code == 400 and "bilan" in text_of(response)
    activation.refresh_from_db()
    assert activation.is_running
    assert client.post(url + "clore/", {"review": "Reprise sans difficulté."}).status_code == 302
    activation.refresh_from_db()
    assert not activation.is_running and activation.closed_by == world["adjoint.college"]
    assert JournalEntry.objects.filter(action=JournalAction.CONTINUITY_CLOSED).count() == 1
    # A closed activation cannot be closed again.
    assert client.get(url + "clore/").status_code == 404


def test_a_teacher_cannot_activate_and_other_schools_cannot_see(client, world):
    activation = ActivationFactory(school=world.college)
    client.force_login(world["prof.college"])
    assert client.get(activation.get_absolute_url()).status_code == 200
    response = client.post(BASE + "activer/", {"scenario": "panne", "scope": "ENT", "message": "x"})
    assert response.status_code == 403 and Activation.objects.count() == 1
    client.force_login(world["chef.lycee"])
    assert client.get(activation.get_absolute_url()).status_code == 404
    lycee = f"/etablissements/0449902Z/continuite/activations/{activation.pk}/"
    assert client.get(lycee).status_code == 404
    assert client.post(lycee + "clore/", {"review": "x"}).status_code == 404
    activation.refresh_from_db()
    assert activation.is_running


def pdf_of(client, url) -> bytes:
    response = client.post(url)
    job = BackgroundJob.objects.latest("created_at")
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    download = client.get(reverse("core:job_result", args=[job.pk]))
    return b"".join(download.streaming_content)


def page_count(template: str, plan) -> int:
    """Pages of the document as WeasyPrint lays it out (the job renders the same)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html_text = render_to_string(template, documents.plan_context(plan.pk))
    return len(HTML(string=html_text).render().pages)


def test_plan_pdf_and_one_page_version_for_families(client, world):
    plan = make_plan(world.college, validated_by=world["chef.college"])
    client.force_login(world["chef.college"])
    full = pdf_of(client, f"{BASE}plans/{plan.pk}/plan.pdf")
    families = pdf_of(client, f"{BASE}plans/{plan.pk}/familles.pdf")
    assert full.startswith(b"%PDF") and families.startswith(b"%PDF")
    assert page_count("continuity/plan_families_pdf.html", plan) == 1
    assert page_count("continuity/plan_pdf.html", plan) >= 2
    activation = ActivationFactory(school=world.college, plan=plan)
    message = pdf_of(client, f"{BASE}activations/{activation.pk}/message.pdf")
    assert message.startswith(b"%PDF")


def test_territory_page_shows_status_readiness_and_last_exercise(client, world):
    make_plan(world.college, validated_by=world["chef.college"])
    ExerciseFactory(school=world.college, held_on="2026-10-01")
    client.force_login(world["drane"])
    page = text_of(client.get("/territoires/academie/17/continuite/"))
    assert "Validé par le chef d'établissement" in page
    assert "01/10/2026" in page and "Aucun plan" in page  # the lycée has none
    assert "Aucun plan n'est activé" in page
    client.force_login(world["gest.departement"])
    page = text_of(client.get("/territoires/departement/44/continuite/"))
    assert "Collège des Salorges" in page and "Lycée de l'Estuaire" not in page
