"""The indicators' history: recorded once a day and after each import, read in one query."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from pilote.core.importing import run_import
from pilote.core.metrics import registry
from pilote.inventory.importers.inventaire import InventoryImporter
from pilote.pilotage.history import latest, record
from pilote.pilotage.models import IndicatorRecord
from tests.core.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def rows(school, code):
    return list(
        IndicatorRecord.objects.filter(school=school, code=code)
        .order_by("day")
        .values_list("day", "value")
    )


def test_first_recording_writes_every_measured_value_and_a_second_one_nothing(world):
    first = record([world.college, world.lycee])
    assert first.schools == 2 and first.read == 2 * len(registry.indicators())
    assert first.written == IndicatorRecord.objects.count() > 0
    assert rows(world.college, "comptes.actifs") == [(TODAY, 6.0)]
    assert not IndicatorRecord.objects.filter(value__isnull=True).exists()  # nothing to say
    again = record([world.college, world.lycee])
    assert (again.written, again.removed) == (0, 0)
    assert IndicatorRecord.objects.count() == first.written


def test_only_changes_are_written_and_a_day_is_recorded_once(world):
    yesterday = TODAY - timedelta(days=1)
    record([world.college], day=yesterday)
    record([world.college])  # nothing changed since yesterday: no row for today
    assert rows(world.college, "comptes.actifs") == [(yesterday, 6.0)]
    member = MembershipFactory(school=world.college)
    record([world.college])
    assert rows(world.college, "comptes.actifs") == [(yesterday, 6.0), (TODAY, 7.0)]
    MembershipFactory(school=world.college)
    record([world.college])  # later the same day: the day's row is rewritten
    assert rows(world.college, "comptes.actifs") == [(yesterday, 6.0), (TODAY, 8.0)]
    member.delete()
    world.college.memberships.order_by("-pk").first().delete()
    report = record([world.college])  # back to yesterday's value: the day's row goes
    assert report.removed >= 1
    assert rows(world.college, "comptes.actifs") == [(yesterday, 6.0)]


def test_value_on_a_day_is_the_last_change_before_it(world):
    IndicatorRecord.objects.bulk_create(
        [
            IndicatorRecord(school=world.college, code="x.y", day=date(2025, 9, 1), value=10),
            IndicatorRecord(school=world.college, code="x.y", day=date(2025, 10, 1), value=20),
        ]
    )
    assert latest([world.college], ["x.y"], date(2025, 8, 31)) == {world.college.pk: {}}
    assert latest([world.college], ["x.y"], date(2025, 9, 15))[world.college.pk] == {"x.y": 10}
    assert latest([world.college], ["x.y"], date(2026, 1, 1))[world.college.pk] == {"x.y": 20}


def test_reading_the_history_costs_the_same_whatever_its_length(world, django_assert_num_queries):
    codes = [indicator.code for indicator in registry.indicators()]

    def fill(days):
        IndicatorRecord.objects.all().delete()
        IndicatorRecord.objects.bulk_create(
            IndicatorRecord(school=world.college, code=code, day=TODAY - timedelta(days=n), value=n)
            for code in codes
            for n in range(days)
        )

    for days in (3, 400):
        fill(days)
        with django_assert_num_queries(1):
            values = registry.history.values_at(
                [world.college, world.lycee], codes, TODAY - timedelta(days=2)
            )
        assert values[world.college.pk]["comptes.actifs"] == 2
        assert values[world.lycee.pk] == {}


def test_trend_is_the_change_over_thirty_days(world):
    record([world.college], day=TODAY - timedelta(days=45))
    MembershipFactory.create_batch(3, school=world.college)
    measure = registry.measure_school(world.college, codes=["comptes.actifs"], trends=True)[0]
    assert (measure.value, measure.past, measure.trend) == (9, 6.0, 3.0)
    untracked = registry.measure_school(world.lycee, codes=["comptes.actifs"], trends=True)[0]
    assert untracked.trend is None


def test_an_applied_import_records_the_school_at_once(world, django_capture_on_commit_callbacks):
    csv = (
        "n° d'INVENTAIRE;Numero de serie;categorie;Salle\n"
        "PC-1;S1;Ordinateur fixe;Salle 101\nPC-2;S2;Ordinateur fixe;Salle 101\n"
    )
    importer = InventoryImporter(school=world.college, user=world["chef.college"])
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(importer, csv.encode(), "parc.csv", apply=True)
    assert report.applied
    assert IndicatorRecord.objects.filter(school=world.college, day=TODAY).exists()
    assert not IndicatorRecord.objects.filter(school=world.lycee).exists()
    preview_only = InventoryImporter(school=world.lycee, user=world["chef.lycee"])
    with django_capture_on_commit_callbacks(execute=True):
        run_import(preview_only, csv.encode(), "parc.csv", apply=False)
    assert not IndicatorRecord.objects.filter(school=world.lycee).exists()


def test_releve_command_records_all_schools_then_does_nothing(world, capsys):
    call_command("releve")
    out = capsys.readouterr().out
    assert "2 établissement(s)" in out
    assert IndicatorRecord.objects.filter(school=world.lycee).exists()
    call_command("releve", school=world.college.uai.lower())
    assert "0 enregistrée(s)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="inconnu"):
        call_command("releve", school="0750001A")


def test_indicateurs_at_a_date_gives_the_values_recorded_that_day(world, capsys):
    day = TODAY - timedelta(days=60)
    record([world.college], day=day)
    MembershipFactory(school=world.college)
    record([world.college])
    call_command("indicateurs", school=world.college.uai, format="json", at=day.isoformat())
    then = {item["code"]: item for item in json.loads(capsys.readouterr().out)}
    assert then["comptes.actifs"]["value"] == 6
    call_command("indicateurs", school=world.college.uai, format="json")
    now = {item["code"]: item for item in json.loads(capsys.readouterr().out)}
    assert now["comptes.actifs"]["value"] == 7
    assert now["comptes.actifs"]["trend"] == 1
    assert {"target", "trend", "source"} <= set(now["comptes.dormants"])
    assert now["comptes.dormants"]["source"] == "seuil"
    assert now["comptes.actifs"]["source"] is None and now["comptes.actifs"]["status"] == "none"
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("indicateurs", school=world.college.uai, at="31/12/2025")


def test_indicator_page_draws_the_curve_and_its_table(client, world):
    record([world.college], day=TODAY - timedelta(days=100))
    MembershipFactory(school=world.college)
    record([world.college])
    client.force_login(world["chef.college"])
    url = reverse(
        "core:indicator_detail", kwargs={"uai": world.college.uai, "code": "comptes.actifs"}
    )
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "Valeur en fin de mois" in page
    rows = response.context["history_rows"]
    assert len(rows) == 12 and rows[0][0] == "septembre"
    current_month = [row for row in rows if row[2] is not None][-1]
    assert current_month[2] == 7.0


def test_the_daily_recording_is_one_of_the_daily_jobs(world):
    from pilote.core.daily import daily_jobs

    job = next(j for j in daily_jobs() if j.code == "indicateurs.releve")
    assert "2 établissement(s)" in job.function()
    assert "0 enregistrée(s)" in job.function()


@pytest.mark.parametrize("page", ["core:cockpit", "pilotage:index"])
def test_dashboards_stay_within_the_query_budget_whatever_the_history(client, world, page):
    """DESIGN.md: a school page makes at most 25 queries, whatever the row counts — here the
    days of history behind the curves and the 30-day trends of the volet's targets."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.pilotage.factories import ActionFactory, volet_with_target

    volet_with_target(world.college)
    ActionFactory(school=world.college, responsible=world["rrupn.college"])
    codes = [indicator.code for indicator in registry.indicators()]
    client.force_login(world["chef.college"])
    url = reverse(page, args=[world.college.uai])
    counts = []
    for days in (3, 400):
        IndicatorRecord.objects.all().delete()
        IndicatorRecord.objects.bulk_create(
            IndicatorRecord(school=world.college, code=code, day=TODAY - timedelta(days=n), value=n)
            for code in codes
            for n in range(days)
        )
        client.get(url)  # the cache warmed, as a head's second visit finds it
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 25, [q["sql"][:120] for q in queries.captured_queries]
