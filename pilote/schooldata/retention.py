"""Pupils and guardians who left: their personal data go a period after leaving.

A pupil has left when SIECLE marks them inactive; the day they left is their exit date, or,
when SIECLE gave none, the day an import first found them missing (the last change written
in their history). The school's counts stay in the indicator history; the rows naming the
pupil, their guardians and their history go (``PILOTE_RETENTION["departed_pupils_months"]``).
"""

from django.db.models import Max, Q

from pilote.core.retention import Purge, erase_pks, months_ago, period, register_purge

from .models import Guardian, GuardianLink, Pupil


def departed_pupils():
    """Inactive pupils who left longer ago than the retention period.

    Two uncorrelated subqueries (by exit date; by the last change in the history for those
    without one) that the database evaluates once, whatever the number of pupils."""
    cutoff = months_ago(period("departed_pupils_months"))
    inactive = Pupil.objects.filter(is_active=False)
    by_exit_date = inactive.filter(exit_date__lt=cutoff.date()).values("pk")
    by_history = (
        Pupil.history.filter(id__in=inactive.filter(exit_date__isnull=True).values("pk"))
        .values("id")
        .annotate(last_change=Max("history_date"))
        .filter(last_change__lt=cutoff)
        .values("id")
    )
    return Pupil.objects.filter(Q(pk__in=by_exit_date) | Q(pk__in=by_history))


def orphan_guardians():
    """Guardians left with no pupil once the departed pupils are erased."""
    kept_links = GuardianLink.objects.exclude(pupil__in=departed_pupils().values("pk"))
    return Guardian.objects.exclude(pk__in=kept_links.values("guardian"))


def purge_departed_pupils() -> int:
    """Their links to guardians and follow-ups go with them (cascade, history included);
    other modules' rows naming them are purged before (``order``)."""
    pks = departed_pupils().order_by().values_list("pk", flat=True)
    return erase_pks(Pupil, list(pks))


def purge_orphan_guardians() -> int:
    pks = orphan_guardians().order_by().values_list("pk", flat=True)
    return erase_pks(Guardian, list(pks))


register_purge(
    Purge(
        "eleves_partis",
        "élèves partis",
        "12 mois après la sortie (réglage departed_pupils_months), historique compris",
        lambda: departed_pupils().count(),
        purge_departed_pupils,
        order=60,
    )
)
register_purge(
    Purge(
        "responsables_sans_eleve",
        "responsables sans élève",
        "avec le dernier de leurs élèves, historique compris",
        lambda: orphan_guardians().count(),
        purge_orphan_guardians,
        order=59,
    )
)
