"""The plan of the year: creation, steps, checklist, scenarios, tools, rights."""

import html

import pytest

from pilote.continuity.choices import PlanStatus, ScenarioKind
from pilote.continuity.models import ContinuityPlan, PlanTool, Scenario
from pilote.continuity.plans import create_plan, current_year
from pilote.continuity.referential import load_referential
from tests.catalogue.factories import SchoolServiceFactory
from tests.continuity.factories import make_plan
from tests.missions.factories import DelegationFactory, referential_mission

BASE = "/etablissements/0449901Y/continuite/"


def test_referential_has_the_eleven_steps_and_the_four_scenarios():
    referential = load_referential()
    assert len(referential.items) == 11
    assert {i.action for i in referential.items} == {
        "collecter",
        "organiser",
        "informer",
        "former",
        "recenser",
        "aider",
    }
    assert [i.code for i in referential.items if i.to_confirm] == [
        "solutions_connexion",
        "etape_11",
    ]
    assert set(referential.scenarios) == set(ScenarioKind.values)


def test_head_creates_this_years_plan_with_four_scenarios(client, world):
    client.force_login(world["chef.college"])
    assert "Créer le plan de l'année" in html.unescape(client.get(BASE).content.decode())
    response = client.post(BASE + "plans/creer/")
    plan = ContinuityPlan.objects.get(school=world.college)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.school_year == current_year() and plan.status == PlanStatus.BROUILLON
    assert set(plan.scenarios.values_list("kind", flat=True)) == set(ScenarioKind.values)
    assert len(plan.scenarios.get(kind="panne").steps) == 4
    # A second click does not make a second plan.
    client.post(BASE + "plans/creer/")
    assert ContinuityPlan.objects.filter(school=world.college).count() == 1
    page = html.unescape(client.get(BASE).content.decode())
    assert "Fermeture de tout l'établissement" in page and "Valider le plan" in page


def test_next_years_plan_starts_from_last_years(world):
    old = create_plan(world.college, current_year() - 1)
    old.objectives = "Garder le lien avec chaque élève."
    old.save()
    Scenario.objects.filter(plan=old, kind="panne").update(decides="La principale adjointe.")
    service = SchoolServiceFactory(school=world.college)
    retired = SchoolServiceFactory(school=world.college, retired=True)
    PlanTool.objects.create(school=world.college, plan=old, use="cours", school_service=service)
    PlanTool.objects.create(school=world.college, plan=old, use="autre", school_service=retired)
    plan = create_plan(world.college)
    assert plan.objectives == "Garder le lien avec chaque élève."
    assert plan.scenarios.get(kind="panne").decides == "La principale adjointe."
    assert [t.school_service for t in plan.tools.all()] == [service]
    assert plan.checklist == {}


def test_only_the_head_validates_then_steps_are_dated(client, world):
    plan = make_plan(world.college)
    url = f"{BASE}plans/{plan.pk}/"
    client.force_login(world["adjoint.college"])
    assert client.post(url + "valider/").status_code == 403
    plan.refresh_from_db()
    assert plan.validated_on is None
    # Steps cannot be dated before validation: refused in French, nothing written.
    response = client.post(url + "etapes/", {"ca_presented_on": "2026-09-20"})
    assert response.status_code == 400
    assert "doit d'abord être validé" in html.unescape(response.content.decode())
    plan.refresh_from_db()
    assert plan.ca_presented_on is None and plan.status == PlanStatus.BROUILLON

    client.force_login(world["chef.college"])
    assert client.post(url + "valider/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.VALIDE and plan.validated_by == world["chef.college"]

    client.force_login(world["adjoint.college"])
    day = plan.validated_on.isoformat()
    response = client.post(url + "etapes/", {"ca_presented_on": day, "families_informed_on": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PRESENTE_CA
    client.post(url + "etapes/", {"ca_presented_on": day, "families_informed_on": day})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMMUNIQUE
    # The plan is versioned: each step is a row of its history.
    statuses = list(plan.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[0] == PlanStatus.BROUILLON and statuses[-1] == PlanStatus.COMMUNIQUE
    assert PlanStatus.VALIDE in statuses


def test_a_future_step_date_is_refused_and_nothing_is_written(client, world):
    plan = make_plan(world.college, validated_by=world["chef.college"])
    client.force_login(world["chef.college"])
    response = client.post(f"{BASE}plans/{plan.pk}/etapes/", {"ca_presented_on": "2999-01-01"})
    assert response.status_code == 400
    assert "à venir" in response.content.decode()
    plan.refresh_from_db()
    assert plan.ca_presented_on is None and plan.status == PlanStatus.VALIDE


def test_checklist_is_ticked_and_kept_with_its_version(client, world):
    plan = make_plan(world.college)
    client.force_login(world["rrupn.college"])
    response = client.post(
        f"{BASE}plans/{plan.pk}/preparation/", {"coordonnees_familles": "on", "formation": "on"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.checklist == {"coordonnees_familles": True, "formation": True}
    assert plan.checklist_version == load_referential().version
    assert "(2 sur 11)" in client.get(plan.get_absolute_url()).content.decode()


def test_scenario_is_edited_and_its_first_48_hours_listed(client, world):
    plan = make_plan(world.college)
    scenario = plan.scenarios.get(kind=ScenarioKind.ACCES_RESTREINT)
    client.force_login(world["adjoint.college"])
    response = client.post(
        f"{BASE}plans/{plan.pk}/scenarios/{scenario.pk}/modifier/",
        {
            "decides": "Le principal",
            "informed": "Familles",
            "channels": "ENT",
            "timetable": "Demi-groupes A/B",
            "first_48h": "Constituer les groupes\n\nPrévenir les familles\n",
        },
    )
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    scenario.refresh_from_db()
    assert scenario.steps == ["Constituer les groupes", "Prévenir les familles"]


def test_tools_come_from_the_schools_own_catalogue(client, world):
    plan = make_plan(world.college)
    mine = SchoolServiceFactory(school=world.college)
    theirs = SchoolServiceFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    url = f"{BASE}plans/{plan.pk}/outils/ajouter/"
    # Another school's service: refused, nothing written.
    response = client.post(url, {"use": "classe_virtuelle", "school_service": theirs.pk})
    assert response.status_code == 400
    assert not PlanTool.objects.exists()
    assert (
        client.post(url, {"use": "classe_virtuelle", "school_service": mine.pk}).status_code == 302
    )
    # The same service twice for the same use: refused.
    response = client.post(url, {"use": "classe_virtuelle", "school_service": mine.pk})
    assert response.status_code == 400 and "déjà retenu" in response.content.decode()
    assert PlanTool.objects.count() == 1
    tool = PlanTool.objects.get()
    assert client.post(f"{BASE}plans/{plan.pk}/outils/{tool.pk}/supprimer/").status_code == 302
    assert not PlanTool.objects.exists()


def test_mission_holder_comes_from_the_missions_matrix(client, world):
    make_plan(world.college)
    client.force_login(world["chef.college"])
    assert "Sans titulaire" in client.get(BASE).content.decode()
    DelegationFactory(
        school=world.college,
        holder=world["rrupn.college"],
        mission=referential_mission("continuite"),
    )
    assert str(world["rrupn.college"]) in client.get(BASE).content.decode()


def test_teacher_reads_but_cannot_edit(client, world):
    plan = make_plan(world.college)
    client.force_login(world["prof.college"])
    page = client.get(BASE)
    assert page.status_code == 200
    assert "Modifier l'organisation" not in html.unescape(page.content.decode())
    response = client.post(f"{BASE}plans/{plan.pk}/modifier/", {"objectives": "Pirate"})
    assert response.status_code == 403
    assert client.post(BASE + "plans/creer/").status_code == 403
    plan.refresh_from_db()
    assert plan.objectives == ""


@pytest.mark.parametrize("username", ["chef.lycee", "gest.region"])
def test_another_schools_plan_is_not_found(client, world, username):
    plan = make_plan(world.college)
    scenario = plan.scenarios.first()
    client.force_login(world[username])
    for url in (
        f"{BASE}plans/{plan.pk}/",
        f"{BASE}plans/{plan.pk}/modifier/",
        f"{BASE}plans/{plan.pk}/scenarios/{scenario.pk}/modifier/",
    ):
        assert client.get(url).status_code == 404, url
    # Through the lycée's own address, the collège's plan does not exist either.
    client.force_login(world["chef.lycee"])
    lycee = "/etablissements/0449902Z/continuite/"
    assert client.get(f"{lycee}plans/{plan.pk}/").status_code == 404
    response = client.post(
        f"{lycee}plans/{plan.pk}/scenarios/{scenario.pk}/modifier/", {"decides": "x"}
    )
    assert response.status_code == 404
    scenario.refresh_from_db()
    assert scenario.decides != "x"
