"""The territory reads its schools' volets, targets and plans, and never edits them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.pilotage.factories import ActionFactory, volet_with_target

pytestmark = pytest.mark.django_db


def test_the_academie_sees_each_school_and_who_meets_its_own_target(client, world):
    volet_with_target(world.college, value=5)  # 6 active accounts: met
    volet_with_target(world.lycee, value=50)  # not met
    ActionFactory(school=world.college, due_date=timezone.localdate() - timedelta(days=1))
    client.force_login(world["drane"])
    response = client.get(reverse("pilotage_territory:index", args=["academie", "17"]))
    assert response.status_code == 200
    rows = {row["school"]: row for row in response.context["rows"]}
    assert (rows[world.college]["targets"], rows[world.college]["met"]) == (1, 1)
    assert (rows[world.lycee]["targets"], rows[world.lycee]["met"]) == (1, 0)
    assert rows[world.college]["actions"]["late"] == 1
    ((indicator, counts),) = response.context["indicators"]
    assert indicator.code == "comptes.actifs" and counts == {"set": 2, "met": 1}


def test_a_collectivite_sees_only_its_schools_and_reads_without_editing(client, world):
    target = volet_with_target(world.college)
    client.force_login(world["gest.departement"])
    response = client.get(reverse("pilotage_territory:index", args=["departement", "44"]))
    assert [row["school"] for row in response.context["rows"]] == [world.college]
    volet = target.objective.axis.volet
    page = client.get(volet.get_absolute_url())
    assert page.status_code == 200 and "Modifier le volet" not in page.content.decode()
    edit = reverse("pilotage:volet_edit", args=[world.college.uai, volet.pk])
    assert client.post(edit, {"title": "x", "status": "brouillon"}).status_code == 403
