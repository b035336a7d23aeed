"""``pilote quotidien``: every module's daily jobs, each idempotent, failures reported."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from pilote.core import daily
from pilote.core.models import DailyRun
from tests.bookings.factories import LoanFactory


def test_the_list_names_the_loan_reminders():
    out = StringIO()
    call_command("quotidien", liste=True, stdout=out)
    assert "prets.rappels" in out.getvalue()


def test_a_second_run_the_same_day_sends_nothing_more(world, django_capture_on_commit_callbacks):
    LoanFactory(school=world.college, overdue=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("quotidien", "prets.rappels", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("quotidien", "prets.rappels", stdout=StringIO())
    assert len(mail.outbox) == 1
    run = DailyRun.objects.get(code="prets.rappels")
    assert run.ok and run.summary.startswith("0 rappel(s) envoyé(s)")


def test_a_failing_job_is_reported_and_does_not_stop_the_others(db, monkeypatch):
    def broken() -> str:
        raise RuntimeError("base injoignable")

    monkeypatch.setitem(daily._jobs, "aaa.casse", daily.DailyJob("aaa.casse", "Cassé", broken))
    out = StringIO()
    with pytest.raises(CommandError, match=r"aaa\.casse"):
        call_command("quotidien", stdout=out)
    assert "base injoignable" in out.getvalue()
    assert DailyRun.objects.get(code="aaa.casse").ok is False
    assert DailyRun.objects.get(code="prets.rappels").ok is True


def test_an_unknown_job_is_refused_in_french(db):
    with pytest.raises(CommandError, match="Travail quotidien inconnu : rien"):
        call_command("quotidien", "rien")


def test_each_job_says_how_long_it_took_the_french_way(db, monkeypatch):
    ticks = iter([10.0, 11.25])
    monkeypatch.setattr(daily, "time", SimpleNamespace(monotonic=lambda: next(ticks)))
    out = StringIO()
    call_command("quotidien", "prets.rappels", stdout=out)
    assert "Rappels des prêts en retard (1,2 s) : 0 rappel(s)" in out.getvalue()
