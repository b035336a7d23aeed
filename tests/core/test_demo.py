import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pilote.core.demo import DEMO_ACCOUNTS
from pilote.core.models import Membership, School, SchoolIndicators, TerritorySummary, User


@pytest.fixture
def demo_settings(settings, db):
    if connection.vendor != "sqlite":
        pytest.skip("la démonstration tourne sur sa propre base SQLite")
    settings.DEMO = True
    return settings


def test_demo_loads_every_module_once_and_is_idempotent(demo_settings, rf):
    call_command("demo", no_serve=True)
    counts = (School.objects.count(), User.objects.count(), Membership.objects.count())
    # The two detailed schools and 38 generated ones, in two départements and one région.
    assert counts[0] == 40
    assert School.objects.filter(collectivite__code="85").exists()
    # The territory pages have stored values to read for every school.
    assert SchoolIndicators.objects.count() == 40
    summary = TerritorySummary.objects.get(academie__code="17")
    assert summary.measured == 40
    assert summary.stats["parc.postes_pour_100_eleves"]["count"] >= 38
    call_command("demo", no_serve=True)
    assert (School.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    for username, *_ in DEMO_ACCOUNTS:
        assert authenticate(rf.post("/connexion/"), username=username, password="demo"), username
    assert_api_keeps_each_school_to_itself()


def api_list_prefixes() -> list[str]:
    """Every list of the API that needs a session (the iCalendar feeds use a secret token)."""
    from rest_framework.permissions import AllowAny

    from pilote.core.api import router

    return [
        prefix
        for prefix, viewset, _ in router.registry
        if AllowAny not in viewset.permission_classes
    ]


def assert_api_keeps_each_school_to_itself() -> None:
    """On the full demo data: anonymous callers get nothing, the lycée's head never reads a
    collège row, and a head of a school of another académie reads no row at all."""
    from django.test import Client

    from tests.core.factories import MembershipFactory, SchoolFactory, UserFactory

    stranger = UserFactory(username="chef.ailleurs")
    MembershipFactory(user=stranger, school=SchoolFactory(), role="chef")
    anonymous, lycee_head, outsider = Client(), Client(), Client()
    lycee_head.force_login(User.objects.get(username="chef.lycee"))
    outsider.force_login(stranger)
    for prefix in api_list_prefixes():
        url = f"/api/v1/{prefix}/"
        assert anonymous.get(url).status_code in (401, 403), url
        response = lycee_head.get(url, {"school": "0449901Y"})
        assert response.status_code == 200, url
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        if prefix == "etablissements":  # the list of schools: only the caller's own
            assert [row["uai"] for row in rows] == ["0449902Z"]
            continue
        assert rows == [], f"{url} montre des lignes du collège au chef du lycée"
        body = outsider.get(url).json()
        rows = body["results"] if isinstance(body, dict) else body
        assert rows == [], f"{url} montre des lignes à un établissement d'une autre académie"


def test_demo_command_refuses_to_run_outside_demo_mode(settings, db):
    settings.DEMO = False
    with pytest.raises(CommandError, match="pilote demo"):
        call_command("demo", no_serve=True)


def test_demo_accounts_share_one_hash_and_all_log_in(db):
    """The demo hashes its one password once: every account still logs in with it."""
    from pilote.core.demo import DEMO_PASSWORD, load_accounts, load_organisations

    demo = load_organisations()
    load_accounts(demo)
    for username, *_ in DEMO_ACCOUNTS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert not User.objects.get(username=DEMO_ACCOUNTS[0][0]).check_password("autre")


def test_demo_statistics_lock_no_shared_catalogue(postgres_only):
    """ANALYZE of Pilote's tables only: the shared catalogues stay free for the other test
    workers' databases while this transaction is open."""
    from pilote.core.demo import analyze_tables

    analyze_tables()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = pg_backend_pid() AND c.relisshared"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = pg_backend_pid() AND c.relname = 'core_school'"
        )
        assert cursor.fetchone()[0] == 1
