"""The school's home: « À traiter » ranked, the volet's objectives, the compact indicator table,
each role landing on what it does; a query count that does not grow with the history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pilote.core.home import RANK_ACTION, RANK_ALERT, RANK_IMPORT, Todo
from pilote.core.models import ImportBatch
from pilote.pilotage.history import record
from pilote.pilotage.models import IndicatorRecord
from tests.pilotage.factories import ActionFactory, volet_with_target

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def home(client, world, username="chef.college"):
    client.force_login(world[username])
    return client.get(reverse("core:cockpit", kwargs={"uai": world.college.uai}))


def test_todo_ranks_alerts_first_worst_then_newest():
    old = TODAY - timedelta(days=30)
    items = [
        Todo("import", "/", RANK_IMPORT, since=TODAY),
        Todo("action", "/", RANK_ACTION, severity=10),
        Todo("alert mild new", "/", RANK_ALERT, severity=0.2, since=TODAY),
        Todo("alert bad", "/", RANK_ALERT, severity=0.9, since=old),
        Todo("alert mild old", "/", RANK_ALERT, severity=0.2, since=old),
    ]
    ranked = [t.label for t in sorted(items, key=Todo.sort_key)]
    assert ranked == ["alert bad", "alert mild new", "alert mild old", "action", "import"]


def test_the_head_lands_on_a_ranked_todo_list_then_objectives_then_indicators(client, world):
    # An alert: a target whose milestone has passed unmet (6 active accounts, 15 were due).
    target = volet_with_target(world.college, value=20)
    target.milestones.create(day=TODAY - timedelta(days=5), value=15)
    late = ActionFactory(
        school=world.college,
        title="Action oubliée",
        responsible=world["rrupn.college"],
        due_date=TODAY - timedelta(days=3),
    )
    ImportBatch.objects.create(
        school=world.college,
        kind="inventaire",
        filename="parc.csv",
        uploaded_by=world["chef.college"],
    )
    response = home(client, world)
    assert response.status_code == 200
    todos = response.context["todos"]
    kinds = [t.rank for t in todos]
    assert kinds == sorted(kinds)
    labels = [t.label for t in todos]
    # Ranked among every item; the page shows the first few of each kind.
    assert any(t.label.startswith("Comptes actifs") for t in response.context["todo_all"])
    assert any("Action oubliée" in label for label in labels)
    assert any("parc.csv" in label for label in labels)
    action_item = next(t for t in todos if "Action oubliée" in t.label)
    assert action_item.url == late.get_absolute_url()
    page = response.content.decode()
    assert page.index("À traiter") < page.index("Objectifs du volet numérique")
    assert page.index("Objectifs du volet numérique") < page.index("Indicateurs de l")
    assert "?statut=alert" in page  # the banner links to the list of alerts
    assert "pilote-indicator" not in page  # no more tile wall


def test_a_teacher_lands_on_his_own_things(client, world):
    ActionFactory(school=world.college, title="Ma séance ENT", responsible=world["prof.college"])
    response = home(client, world, "prof.college")
    assert response.status_code == 200
    titles = [g.title for g in response.context["mine"]]
    assert titles[:1] == ["Mes réservations"]
    assert "Mes actions" in titles and "Mes demandes d'assistance" in titles
    assert "Ma séance ENT" in response.content.decode()
    assert "todos" not in response.context


def test_query_count_does_not_grow_with_the_history(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    volet_with_target(world.college)
    ActionFactory(school=world.college, due_date=TODAY - timedelta(days=2))
    record([world.college], day=TODAY - timedelta(days=400))
    client.force_login(world["chef.college"])
    url = reverse("core:cockpit", kwargs={"uai": world.college.uai})
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    rows = [
        IndicatorRecord(school=world.college, code=code, day=TODAY - timedelta(days=n), value=n)
        for n in range(1, 300)
        for code in ("comptes.actifs", "comptes.dormants")
    ]
    IndicatorRecord.objects.bulk_create(rows, ignore_conflicts=True)
    with CaptureQueriesContext(connection) as long:
        client.get(url)
    # 27: what the cockpit reads, plus the charter banner's query (every school page) and the
    # problems signalled by the staff (« À traiter ») — both independent of the history.
    assert len(long) == len(short) <= 27
