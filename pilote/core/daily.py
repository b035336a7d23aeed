"""Daily jobs: one mechanism for everything that must run once a day.

A module declares its jobs in its ``daily.py``::

    from pilote.core.daily import register_daily

    @register_daily("prets.rappels", "Rappels des prêts en retard")
    def remind_overdue_loans() -> str:
        ...
        return "3 rappel(s) envoyé(s)"

``pilote quotidien`` (run by cron or a systemd timer, see README) runs every registered job,
each in its own transaction, and records how it went (:class:`DailyRun`); one failing job
does not stop the others, and the command then exits non-zero so the timer shows the failure.
A job must be idempotent: run twice the same day (a timer that fired twice, a manual re-run),
it does nothing more the second time.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .modules import Part, discover

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    code: str
    label: str
    function: Callable[[], str]


_jobs: dict[str, DailyJob] = {}


def register_daily(code: str, label: str):
    """Decorator: ``function()`` runs once a day and returns a one-line French summary."""

    def register(function):
        _jobs[code] = DailyJob(code=code, label=label, function=function)
        return function

    return register


def daily_jobs() -> list[DailyJob]:
    discover(Part.DAILY)
    return sorted(_jobs.values(), key=lambda job: job.code)


@dataclass
class Outcome:
    job: DailyJob
    ok: bool
    summary: str
    seconds: float


def run_job(job: DailyJob) -> Outcome:
    from .models import DailyRun

    started = time.monotonic()
    try:
        with transaction.atomic():
            summary = job.function() or ""
        ok = True
    except Exception as exc:
        logger.exception("Travail quotidien %s en échec", job.code)
        summary, ok = f"échec : {type(exc).__name__} : {exc}", False
    seconds = time.monotonic() - started
    DailyRun.objects.update_or_create(
        code=job.code,
        day=timezone.localdate(),
        defaults={"ok": ok, "summary": summary[:500], "seconds": seconds},
    )
    return Outcome(job=job, ok=ok, summary=summary, seconds=seconds)


def run_daily_jobs(codes: list[str] | None = None) -> list[Outcome]:
    jobs = [job for job in daily_jobs() if not codes or job.code in codes]
    return [run_job(job) for job in jobs]


@register_daily("imports.expiration", "Aperçus d'import abandonnés : fichier effacé, import annulé")
def expire_abandoned_imports() -> str:
    """A preview nobody confirmed within ``import_files_days`` loses its file (personal data)
    and is marked cancelled; a second run the same day finds nothing more."""
    from .retention import purge_abandoned_imports

    return f"{purge_abandoned_imports()} aperçu(s) d'import expiré(s)"


@register_daily("rgpd.purge", "Durées de conservation : effacement de ce qui les a dépassées")
def purge_expired_personal_data() -> str:
    """``pilote purge`` once a day, so that retention holds without a second timer to set up;
    idempotent like the purge itself (a second run finds nothing past its period)."""
    from .retention import run_purges

    erased = sum(run_purges().values())
    return f"{erased} ligne(s) effacée(s) (durées de conservation)"
