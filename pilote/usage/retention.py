"""Connection aggregates and ENT accounts: kept while they serve the school's follow-up.

Weekly connection counts per person go after ``connections_months``; the ENT accounts of
pupils who left go with the pupil (their audience stays in the anonymous statistics).
"""

from pilote.core.retention import Purge, erase, months_ago, period, register_purge
from pilote.schooldata.retention import departed_pupils

from .models import Account, ConnectionWeek


def _old_weeks():
    return ConnectionWeek.objects.filter(
        week_start__lt=months_ago(period("connections_months")).date()
    )


def _departed_accounts():
    return Account.objects.filter(pupil__in=departed_pupils().values("pk"))


register_purge(
    Purge(
        "connexions",
        "connexions par personne et par semaine",
        "12 mois (réglage connections_months)",
        lambda: _old_weeks().count(),
        lambda: erase(_old_weeks()),
        order=30,
    )
)
register_purge(
    Purge(
        "comptes_eleves_partis",
        "comptes ENT d'élèves partis",
        "avec l'élève",
        lambda: _departed_accounts().count(),
        lambda: erase(_departed_accounts()),
        order=40,
    )
)
