import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pilote.core.demo import DEMO_ACCOUNTS
from pilote.core.models import Membership, School, User


@pytest.fixture
def demo_settings(settings, db):
    if connection.vendor != "sqlite":
        pytest.skip("la démonstration tourne sur sa propre base SQLite")
    settings.DEMO = True
    return settings


def test_demo_loads_every_module_once_and_is_idempotent(demo_settings, rf):
    call_command("demo", no_serve=True)
    counts = (School.objects.count(), User.objects.count(), Membership.objects.count())
    assert counts[0] == 2
    call_command("demo", no_serve=True)
    assert (School.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    for username, *_ in DEMO_ACCOUNTS:
        assert authenticate(rf.post("/connexion/"), username=username, password="demo"), username


def test_demo_command_refuses_to_run_outside_demo_mode(settings, db):
    settings.DEMO = False
    with pytest.raises(CommandError, match="pilote demo"):
        call_command("demo", no_serve=True)
