"""The volet numérique: who edits it, what is refused, and the school's targets judging the
indicators everywhere."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pilote.core.metrics import Status, registry
from pilote.core.models import BackgroundJob, JobStatus
from pilote.pilotage.choices import VoletStatus
from pilote.pilotage.models import Axis, Objective, Target, TargetMilestone, Volet
from tests.pilotage.factories import (
    AxisFactory,
    ObjectiveFactory,
    TargetMilestoneFactory,
    VoletFactory,
    volet_with_target,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NEXT_YEAR = TODAY + timedelta(days=365)


def url(name, school, *args):
    return reverse(f"pilotage:{name}", args=[school.uai, *args])


def counts():
    return tuple(m.objects.count() for m in (Volet, Axis, Objective, Target, TargetMilestone))


def unmeasured_code(school) -> str:
    return next(m.indicator.code for m in registry.measure_school(school) if m.value is None)


# --- The school's target judges the indicator ---------------------------------------------


def test_a_school_target_judges_the_indicator_and_says_so(world):
    # 6 active accounts in the world's collège; a target of 10 by a date to come.
    target = volet_with_target(world.college, value=10)
    target.deadline = date(2027, 6, 30)
    target.save()
    measure = registry.measure_school(world.college, codes=["comptes.actifs"])[0]
    assert measure.status_source == "cible"
    assert measure.status == Status.WATCH  # not reached yet, no step missed
    assert measure.reference_text == "cible de l'établissement : 10 en juin 2027"
    target.value = 5
    target.save()
    measure = registry.measure_school(world.college, codes=["comptes.actifs"])[0]
    assert measure.status == Status.OK
    # The lycée has no target: the indicator has no thresholds, so it is not judged.
    other = registry.measure_school(world.lycee, codes=["comptes.actifs"])[0]
    assert (other.status, other.status_source) == (Status.NONE, None)


def test_a_missed_milestone_is_an_alert_and_the_cli_reports_the_target(world):
    target = volet_with_target(world.college, code="comptes.actifs", value=20)
    TargetMilestoneFactory(target=target, day=TODAY - timedelta(days=10), value=15)
    out = StringIO()
    call_command("indicateurs", school=world.college.uai, format="json", stdout=out)
    data = json.loads(out.getvalue())
    rows = data if isinstance(data, list) else data.get("indicators", data)
    row = next(r for r in _flatten(rows) if r["code"] == "comptes.actifs")
    assert row["status"] == "alert" and row["source"] == "cible"
    assert row["target"]["value"] == 20 and row["target"]["deadline"] == "2028-06-30"


def _flatten(rows):
    if isinstance(rows, dict):
        for value in rows.values():
            yield from _flatten(value)
    elif isinstance(rows, list):
        for item in rows:
            if isinstance(item, dict) and "code" in item:
                yield item
            else:
                yield from _flatten(item)


def test_the_adopted_volet_wins_over_a_newer_draft_and_a_replaced_one_is_ignored(world):
    target = volet_with_target(world.college, value=5)
    draft = VoletFactory(school=world.college, version=2, status=VoletStatus.DRAFT)
    ObjectiveFactory(axis=AxisFactory(volet=draft), title="x").targets.create(
        code="comptes.actifs", value=50, deadline=NEXT_YEAR
    )
    measure = registry.measure_school(world.college, codes=["comptes.actifs"])[0]
    assert measure.target.value == 5 and not measure.target.draft
    target.objective.axis.volet.status = VoletStatus.REPLACED
    target.objective.axis.volet.save()
    measure = registry.measure_school(world.college, codes=["comptes.actifs"])[0]
    assert measure.target.value == 50 and measure.target.draft
    assert measure.reference_text.endswith(", volet en préparation")


# --- Who edits, who reads -----------------------------------------------------------------


@pytest.mark.parametrize("username", ["chef.college", "adjoint.college", "rrupn.college"])
def test_the_head_and_those_delegated_create_a_volet(client, world, username):
    client.force_login(world[username])
    response = client.post(
        url("volet_add", world.college),
        {"title": "Volet numérique", "start_year": 2026, "end_year": 2029, "status": "brouillon"},
    )
    volet = Volet.objects.get(school=world.college)
    assert response.status_code == 302 and response["Location"] == volet.get_absolute_url()


@pytest.mark.parametrize("username", ["cpe.college", "prof.college", "sg.college"])
def test_other_members_read_but_do_not_edit(client, world, username):
    volet = volet_with_target(world.college).objective.axis.volet
    client.force_login(world[username])
    page = client.get(url("volet_detail", world.college, volet.pk))
    assert page.status_code == 200
    assert "Modifier le volet" not in page.content.decode()
    assert client.get(url("index", world.college)).status_code == 200
    before = counts()
    response = client.post(url("axis_add", world.college, volet.pk), {"order": 4, "title": "X"})
    assert response.status_code == 403 and counts() == before


def test_another_schools_volet_is_not_found(client, world):
    volet = volet_with_target(world.lycee).objective.axis.volet
    client.force_login(world["chef.college"])
    assert client.get(url("volet_detail", world.college, volet.pk)).status_code == 404
    before = counts()
    response = client.post(url("axis_add", world.college, volet.pk), {"order": 4, "title": "X"})
    assert response.status_code == 404 and counts() == before


def test_the_territory_reads_the_volet(client, world):
    volet = volet_with_target(world.college).objective.axis.volet
    client.force_login(world["drane"])
    assert client.get(url("volet_detail", world.college, volet.pk)).status_code == 200
    response = client.post(url("axis_add", world.college, volet.pk), {"order": 4, "title": "X"})
    assert response.status_code == 403


# --- Refusals: French, field named, nothing written ---------------------------------------


def target_post(client, world, objective, **fields):
    data = {"code": "comptes.actifs", "value": "12", "deadline": NEXT_YEAR.isoformat()}
    data.update(fields)
    client.force_login(world["chef.college"])
    return client.post(url("target_add", world.college, objective.pk), data)


@pytest.fixture
def objective(world):
    return volet_with_target(world.college).objective


def test_a_target_is_saved_with_its_milestones(client, world, objective):
    Target.objects.all().delete()
    milestone = TODAY + timedelta(days=100)
    response = target_post(
        client,
        world,
        objective,
        milestone_1_day=milestone.isoformat(),
        milestone_1_value="9",
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.value, target.deadline) == (12, NEXT_YEAR)
    assert list(target.milestones.values_list("day", "value")) == [(milestone, 9.0)]


def test_a_target_on_an_indicator_the_school_cannot_measure_is_refused(client, world, objective):
    code = unmeasured_code(world.college)
    before = counts()
    response = target_post(client, world, objective, code=code)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "ne peut pas mesurer cet indicateur" in errors["code"][0]
    assert counts() == before


def test_a_deadline_in_the_past_is_refused(client, world, objective):
    Target.objects.all().delete()
    before = counts()
    response = target_post(client, world, objective, deadline=(TODAY - timedelta(days=1)))
    assert response.status_code == 400
    assert "est passée" in response.context["form"].errors["deadline"][0]
    assert counts() == before


def test_a_milestone_beyond_the_deadline_is_refused(client, world, objective):
    Target.objects.all().delete()
    before = counts()
    response = target_post(
        client,
        world,
        objective,
        milestone_1_day=(NEXT_YEAR + timedelta(days=30)).isoformat(),
        milestone_1_value="11",
    )
    assert response.status_code == 400
    error = response.context["form"].errors["milestone_1_day"][0]
    assert "au-delà de l'échéance" in error
    assert counts() == before
    assert "Jalon 1" in response.content.decode()


def test_a_second_target_on_the_same_indicator_in_a_volet_is_refused(client, world, objective):
    before = counts()
    response = target_post(client, world, objective)
    assert response.status_code == 400
    assert "a déjà une cible dans ce volet" in response.context["form"].errors["code"][0]
    assert counts() == before


def test_adoption_needs_three_axes_and_the_dates_of_both_councils(client, world):
    volet = VoletFactory(
        school=world.college,
        status=VoletStatus.DRAFT,
        conseil_pedagogique_date=None,
        conseil_administration_date=None,
    )
    AxisFactory(volet=volet)
    client.force_login(world["chef.college"])
    response = client.post(
        url("volet_edit", world.college, volet.pk),
        {"title": "Volet", "status": "adopte"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "celui-ci en a 1" in errors["status"][0]
    assert "conseil pédagogique" in errors["conseil_pedagogique_date"][0]
    assert "conseil d'administration" in errors["conseil_administration_date"][0]
    volet.refresh_from_db()
    assert volet.status == VoletStatus.DRAFT


def test_a_seventh_axis_is_refused(client, world):
    volet = VoletFactory(school=world.college)
    for n in range(6):
        AxisFactory(volet=volet, order=n + 1)
    client.force_login(world["chef.college"])
    response = client.post(url("axis_add", world.college, volet.pk), {"order": 7, "title": "X"})
    assert response.status_code == 400 and volet.axes.count() == 6


# --- Versions and PDF -------------------------------------------------------------------


def test_a_new_version_copies_the_volet_and_its_adoption_replaces_the_old(client, world):
    target = volet_with_target(world.college)
    TargetMilestoneFactory(target=target)
    first = target.objective.axis.volet
    client.force_login(world["chef.college"])
    response = client.post(url("volet_new_version", world.college, first.pk))
    second = Volet.objects.get(school=world.college, version=2)
    assert response["Location"] == second.get_absolute_url()
    assert second.status == VoletStatus.DRAFT and second.axes.count() == 3
    copied = Target.objects.get(objective__axis__volet=second)
    assert copied.milestones.count() == 1 and copied.pk != target.pk
    response = client.post(
        url("volet_edit", world.college, second.pk),
        {
            "title": "Volet révisé",
            "status": "adopte",
            "conseil_pedagogique_date": "2026-11-10",
            "conseil_administration_date": "2026-11-30",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == VoletStatus.REPLACED
    page = client.get(url("volet_detail", world.college, first.pk)).content.decode()
    assert "Modifier le volet" not in page


def test_the_pdf_is_built_by_a_job(client, world):
    volet = volet_with_target(world.college).objective.axis.volet
    client.force_login(world["prof.college"])
    response = client.post(url("volet_pdf", world.college, volet.pk))
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result_name.endswith(".pdf")
    assert job.result_file.open("rb").read(4) == b"%PDF"


def test_pages_show_the_target_and_its_status(client, world):
    volet_with_target(world.college, value=10)
    client.force_login(world["chef.college"])
    page = client.get(url("index", world.college)).content.decode()
    assert "10 en juin 2028" in page and "À surveiller" in page
    indicator = client.get(
        reverse("core:indicator_detail", args=[world.college.uai, "comptes.actifs"])
    ).content.decode()
    assert "Cible de l&#x27;établissement : 10 en juin 2028" in indicator


def test_parts_are_deleted_after_confirmation_and_only_by_editors(client, world):
    target = volet_with_target(world.college)
    TargetMilestoneFactory(target=target)
    axis = target.objective.axis
    client.force_login(world["prof.college"])
    assert client.post(url("axis_delete", world.college, axis.pk)).status_code == 403
    client.force_login(world["chef.college"])
    for name, pk in (
        ("target_delete", target.pk),
        ("objective_delete", target.objective.pk),
        ("axis_delete", axis.pk),
    ):
        assert client.get(url(name, world.college, pk)).status_code == 200
    response = client.post(url("target_delete", world.college, target.pk))
    assert response.status_code == 302 and not Target.objects.exists()
    assert not TargetMilestone.objects.exists()
    response = client.post(url("axis_delete", world.college, axis.pk))
    assert response["Location"] == axis.volet.get_absolute_url()
    assert not Axis.objects.filter(pk=axis.pk).exists() and not Objective.objects.exists()
