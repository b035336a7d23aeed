"""A territory's pages read stored values: overview with distributions, a page of schools,
saved columns, export by the worker; tenancy; queries independent of the number of schools."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pilote.core.metrics import registry
from pilote.core.models import (
    BackgroundJob,
    JobStatus,
    SchoolIndicators,
    TableColumns,
    TerritorySummary,
)
from pilote.core.territory import bin_labels, distribution, refresh_schools
from pilote.core.territory_views import DEFAULT_COLUMNS, PAGE_SIZE
from tests.core.factories import SchoolFactory


def url(name, kind="academie", code="17"):
    return reverse(name, kwargs={"kind": kind, "code": code})


@pytest.fixture
def measured(world):
    refresh_schools()
    return world


def test_refresh_stores_values_statuses_and_territory_summaries(measured):
    stored = SchoolIndicators.objects.get(school=measured.college)
    assert stored.values["comptes.actifs"] == 6
    summary = TerritorySummary.objects.get(academie=measured.academie)
    assert summary.schools == 2 and summary.measured == 2
    stat = summary.stats["comptes.actifs"]
    assert (stat["min"], stat["median"], stat["max"]) == (3, 4.5, 6)
    assert sum(stat["bins"]) == 2
    departement = TerritorySummary.objects.get(collectivite=measured.departement)
    assert departement.measured == 1


def test_distribution_quartiles_follow_percentile_cont():
    stat = distribution([1, 2, 3, 4, 100])
    assert (stat["q1"], stat["median"], stat["q3"]) == (2, 3, 4)
    assert stat["bins"][0] == 4 and stat["bins"][-1] == 1


def test_home_shows_distributions_and_schools_to_look_at_first(client, measured):
    client.force_login(measured["drane"])
    response = client.get(url("core:territory"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Comptes actifs" in page and "Médiane" in page
    assert "<svg" in page and 'role="img"' in page
    assert "Établissements à regarder d'abord" in page


def test_each_distribution_has_its_data_table(client, measured):
    """Every small histogram has a text alternative and its figures in a real table (RGAA)."""
    client.force_login(measured["drane"])
    page = client.get(url("core:territory")).content.decode()
    charts = page.count('<svg role="img"')
    assert charts > 5
    assert page.count("<summary>Données du graphique</summary>") == charts
    assert "<caption>Répartition : Comptes actifs" in page
    assert '<th scope="col">Établissements</th>' in page
    # Accounts: 3 in one school, 6 in the other, one at each end.
    assert '<th scope="row">de 3 à 3,3</th><td class="pilote-number">1</td>' in page
    assert '<th scope="row">de 5,7 à 6</th><td class="pilote-number">1</td>' in page


def test_bars_are_named_by_the_values_they_cover():
    stat = distribution([1, 2, 3, 4, 100])
    labels = bin_labels(stat, "percent")
    assert len(labels) == len(stat["bins"])
    assert labels[0] == "de 1 % à 10,9 %" and labels[-1] == "de 90,1 % à 100 %"
    assert bin_labels(distribution([5, 5]), "count") == ["5"]


def test_home_without_measures_says_so(client, world):
    client.force_login(world["drane"])
    page = client.get(url("core:territory")).content.decode()
    assert "pas encore été mesurés" in page


def test_table_sorts_on_an_indicator_and_links_to_dashboards(client, measured):
    client.force_login(measured["drane"])
    TableColumns.objects.create(
        user=measured["drane"], table="territory:academie:17", columns=["comptes.actifs"]
    )
    response = client.get(url("core:territory_schools"), {"tri": "-comptes.actifs"})
    assert [r["school"] for r in response.context["rows"]] == [measured.college, measured.lycee]
    response = client.get(url("core:territory_schools"), {"tri": "comptes.actifs"})
    assert [r["school"] for r in response.context["rows"]] == [measured.lycee, measured.college]
    page = response.content.decode()
    assert reverse("core:cockpit", kwargs={"uai": measured.college.uai}) in page


def test_table_filters_by_type_and_collectivite(client, measured):
    client.force_login(measured["drane"])
    response = client.get(url("core:territory_schools"), {"type": measured.lycee.type})
    assert [r["school"] for r in response.context["rows"]] == [measured.lycee]
    response = client.get(url("core:territory_schools"), {"collectivite": measured.departement.pk})
    assert [r["school"] for r in response.context["rows"]] == [measured.college]


def test_collectivite_sees_only_its_schools(client, measured):
    client.force_login(measured["gest.departement"])
    response = client.get(url("core:territory_schools", "departement", "44"))
    assert [r["school"] for r in response.context["rows"]] == [measured.college]
    assert measured.lycee.name not in response.content.decode()
    home = client.get(url("core:territory", "departement", "44")).content.decode()
    assert measured.lycee.name not in home
    for name in ("core:territory", "core:territory_schools"):
        assert client.get(url(name)).status_code in (403, 404)
        assert client.get(url(name, "region", "52")).status_code in (403, 404)


@pytest.mark.parametrize(
    "name", ["core:territory", "core:territory_schools", "core:territory_export"]
)
def test_school_head_cannot_open_territory_pages(client, measured, name):
    client.force_login(measured["chef.college"])
    assert client.get(url(name)).status_code in (403, 404)
    assert client.post(url(name), {"format": "csv"}).status_code in (403, 404)
    assert not BackgroundJob.objects.exists()


def test_column_choice_is_saved_and_bad_choice_refused(client, measured):
    client.force_login(measured["drane"])
    target = url("core:territory_schools")
    page = client.get(target).content.decode()
    # The same chooser as every list: checkboxes in a <details>, indicators by domain.
    assert '<details class="pilote-columns' in page
    assert 'name="colonnes" value="parc.conformite_socle" checked' in page

    def choose(*codes, action="enregistrer"):
        return client.post(target, {"colonnes": list(codes), "_colonnes": action})

    response = choose("comptes.actifs", "securite.maturite")
    assert response.status_code == 302
    saved = TableColumns.objects.get(user=measured["drane"])
    assert saved.table == "territory:academie:17"
    assert saved.columns == ["comptes.actifs", "securite.maturite"]
    response = client.get(target)
    assert [c["indicator"].code for c in response.context["columns"]] == saved.columns
    assert response.context["column_choice"].saved

    refused = choose("inconnu.code")
    assert refused.status_code == 400
    assert "Colonne inconnue" in refused.content.decode()
    codes = [i.code for i in registry.indicators(["parc", "usages", "securite"])][:9]
    too_many = choose(*codes)
    assert too_many.status_code == 400
    assert "au plus 8" in too_many.content.decode()
    assert choose().status_code == 400
    saved.refresh_from_db()
    assert saved.columns == ["comptes.actifs", "securite.maturite"]
    assert TableColumns.objects.count() == 1

    assert choose(action="defaut").status_code == 302
    assert not TableColumns.objects.exists()
    response = client.get(target)
    assert {c["indicator"].code for c in response.context["columns"]} == set(DEFAULT_COLUMNS)


def test_a_column_choice_is_kept_per_territory(client, measured):
    client.force_login(measured["drane"])
    TableColumns.objects.create(
        user=measured["drane"], table="territory:departement:44", columns=["comptes.actifs"]
    )
    response = client.get(url("core:territory_schools"))
    assert not response.context["column_choice"].saved
    assert "comptes.actifs" not in [c["indicator"].code for c in response.context["columns"]]


def test_an_indicator_the_role_may_not_see_is_never_offered_and_refused(client, measured):
    """The collectivité's manager does not see « Usages » (need-to-know): its indicators are
    neither offered nor shown, even saved; a forged form gets a 400 and nothing is saved."""
    client.force_login(measured["gest.departement"])
    target = url("core:territory_schools", "departement", "44")
    response = client.get(target)
    offered = {option.name for option in response.context["column_choice"].options}
    assert "parc.conformite_socle" in offered
    assert not any(name.startswith("usages.") for name in offered)
    assert 'value="usages.activation_eleves"' not in response.content.decode()
    response = client.post(
        target, {"colonnes": ["usages.activation_eleves"], "_colonnes": "enregistrer"}
    )
    assert response.status_code == 400
    assert not TableColumns.objects.exists()
    TableColumns.objects.create(
        user=measured["gest.departement"],
        table="territory:departement:44",
        columns=["usages.activation_eleves", "parc.conformite_socle"],
    )
    shown = [c["indicator"].code for c in client.get(target).context["columns"]]
    assert shown == ["parc.conformite_socle"]


def test_export_of_the_whole_table_is_made_by_the_worker(client, measured):
    client.force_login(measured["gest.departement"])
    response = client.post(url("core:territory_export", "departement", "44"), {"format": "csv"})
    job = BackgroundJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE
    rows = list(csv.reader(io.StringIO(job.result_file.read().decode("utf-8-sig"))))
    assert rows[0][:2] == ["UAI", "Établissement"]
    assert [row[0] for row in rows[1:]] == [measured.college.uai]
    assert (
        client.post(
            url("core:territory_export", "departement", "44"), {"format": "pdf"}
        ).status_code
        == 400
    )


def pages_queries(client, user) -> list[int]:
    counts = []
    for name in ("core:territory", "core:territory_schools"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(name), {"tri": "-securite.maturite"})
        assert response.status_code == 200
        counts.append(len(captured))
    return counts


def test_pages_run_as_many_queries_for_30_schools_as_for_3(client, world):
    client.force_login(world["drane"])
    SchoolFactory(academie=world.academie, collectivite=world.departement)
    refresh_schools()
    few = pages_queries(client, world["drane"])
    SchoolFactory.create_batch(27, academie=world.academie, collectivite=world.departement)
    refresh_schools()
    many = pages_queries(client, world["drane"])
    assert many == few


def test_table_is_paginated(client, world):
    SchoolFactory.create_batch(PAGE_SIZE + 5, academie=world.academie)
    refresh_schools(summaries=False)
    client.force_login(world["drane"])
    response = client.get(url("core:territory_schools"))
    assert len(response.context["rows"]) == PAGE_SIZE
    second = client.get(url("core:territory_schools"), {"page": 2})
    assert len(second.context["rows"]) == PAGE_SIZE + 7 - PAGE_SIZE


def test_one_school_after_an_import_updates_its_summaries_as_a_full_pass_would(
    measured, monkeypatch
):
    """After an import, the school's territories are updated for the codes that changed
    only (no full pass); the result is the full recomputation's, and an unrelated territory
    is untouched."""
    from pilote.core import territory
    from pilote.core.choices import Role
    from pilote.core.models import School
    from pilote.core.territory import summarise
    from tests.core.factories import MembershipFactory

    other = SchoolFactory(academie=measured.academie, collectivite=measured.departement)
    refresh_schools()
    region = TerritorySummary.objects.get(collectivite=measured.region)
    before = TerritorySummary.objects.get(academie=measured.academie).stats
    MembershipFactory.create_batch(4, school=other, role=Role.ENSEIGNANT)

    def no_full_pass(*args):
        raise AssertionError("synthèse recalculée en entier")

    monkeypatch.setattr(territory, "summarise", no_full_pass)
    refresh_schools(School.objects.filter(pk=other.pk))
    monkeypatch.undo()
    updated = {
        field: TerritorySummary.objects.get(**{field: organisation})
        for field, organisation in (
            ("academie", measured.academie),
            ("collectivite", measured.departement),
        )
    }
    assert updated["academie"].stats["comptes.actifs"] != before["comptes.actifs"]
    for field, summary in updated.items():
        full = summarise(getattr(summary, field), field)
        assert (summary.stats, summary.schools, summary.measured) == (
            full.stats,
            full.schools,
            full.measured,
        )
    assert TerritorySummary.objects.get(pk=region.pk).refreshed_at == region.refreshed_at
