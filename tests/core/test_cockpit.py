import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from pilote.core.metrics import Status, registry


def test_cockpit_shows_account_indicators(client, world):
    world["prof.college"].last_login = timezone.now() - timedelta(days=200)
    world["prof.college"].save()
    client.force_login(world["chef.college"])
    response = client.get(reverse("core:cockpit", kwargs={"uai": world.college.uai}))
    assert response.status_code == 200
    measures = {m.indicator.code: m for m in response.context["measures"]}
    assert measures["comptes.actifs"].value == 6
    assert measures["comptes.dormants"].value == 1
    assert measures["comptes.dormants"].status == Status.WATCH
    assert "Comptes dormants" in response.content.decode()


def test_indicators_hide_domains_the_role_cannot_view(client, world):
    client.force_login(world["prof.college"])
    response = client.get(reverse("core:indicators", kwargs={"uai": world.college.uai}))
    codes = {m.indicator.code for m in response.context["measures"]}
    assert "comptes.actifs" in codes
    assert "comptes.dormants" not in codes  # names people: security roles only


def test_indicator_detail_lists_the_dormant_accounts(client, world):
    world["prof.college"].last_login = None
    world["prof.college"].save()
    client.force_login(world["chef.college"])
    url = reverse(
        "core:indicator_detail", kwargs={"uai": world.college.uai, "code": "comptes.dormants"}
    )
    page = client.get(url).content.decode()
    assert str(world["prof.college"]) in page and "jamais connecté" in page
    missing = reverse("core:indicator_detail", kwargs={"uai": world.college.uai, "code": "inconnu"})
    assert client.get(missing).status_code == 404


def test_territorial_measure_uses_grouped_queries(world, django_assert_max_num_queries):
    from tests.core.factories import SchoolFactory

    schools = [world.college, world.lycee, *SchoolFactory.create_batch(20, academie=world.academie)]
    groups = len(registry.groups)
    with django_assert_max_num_queries(groups * 4):
        registry.measure(schools)


def test_indicateurs_command_prints_json(world, capsys):
    call_command("indicateurs", school=world.college.uai, format="json")
    data = json.loads(capsys.readouterr().out)
    by_code = {item["code"]: item for item in data}
    assert by_code["comptes.actifs"] == {
        "code": "comptes.actifs",
        "label": "Comptes actifs",
        "value": 6,
        "unit": "",
        "status": "none",  # a plain count, with neither threshold nor target
        "source": None,
        "target": None,
        "trend": None,
    }
    assert isinstance(by_code["comptes.dormants"]["value"], int)


def test_indicateurs_command_refuses_an_unknown_school(world):
    with pytest.raises(CommandError, match="inconnu"):
        call_command("indicateurs", school="0750001A")


def test_api_gives_the_same_indicators(client, world):
    client.force_login(world["chef.college"])
    response = client.get(f"/api/v1/etablissements/{world.college.uai}/indicateurs/")
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()}
    assert "comptes.actifs" in codes
    client.force_login(world["chef.lycee"])
    assert client.get(f"/api/v1/etablissements/{world.college.uai}/indicateurs/").status_code == 404


@pytest.mark.parametrize(
    "username, kind, code",
    [
        ("drane", "academie", "17"),
        ("rssi", "academie", "17"),
        ("gest.departement", "departement", "44"),
    ],
)
def test_territorial_menu_links_to_module_pages_that_open(client, world, username, kind, code):
    client.force_login(world[username])
    response = client.get(reverse("core:territory", kwargs={"kind": kind, "code": code}))
    entries = response.context["module_nav"]
    assert entries, "le menu territorial doit proposer les pages des modules"
    for entry in entries:
        assert client.get(entry["url"]).status_code == 200, entry["url"]


def test_cockpit_reads_cached_indicators_until_the_school_changes(
    client, world, django_assert_max_num_queries
):
    from tests.core.factories import MembershipFactory

    client.force_login(world["chef.college"])
    url = reverse("core:cockpit", kwargs={"uai": world.college.uai})
    client.get(url)
    with django_assert_max_num_queries(20):  # « À traiter », the volet, the indicators
        response = client.get(url)
    measures = {m.indicator.code: m for m in response.context["measures"]}
    assert measures["comptes.actifs"].value == 6
    MembershipFactory(school=world.college)  # a save of this school forgets its values
    response = client.get(url)
    measures = {m.indicator.code: m for m in response.context["measures"]}
    assert measures["comptes.actifs"].value == 7


def test_command_and_api_always_measure_fresh_values(world, capsys):
    from tests.core.factories import UserFactory

    registry.measure_school(world.college, cached=True)
    from pilote.core.models import Membership

    Membership.objects.bulk_create(  # bulk writes send no signal
        [Membership(user=UserFactory(), school=world.college, role="enseignant")]
    )
    call_command("indicateurs", school=world.college.uai, format="json")
    data = {item["code"]: item["value"] for item in json.loads(capsys.readouterr().out)}
    assert data["comptes.actifs"] == 7
