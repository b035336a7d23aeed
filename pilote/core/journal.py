"""Writing to the security journal (one function, used by every module) and proving that
nobody rewrote it (:func:`verify_chain`, ``pilote journal verifier``)."""

from dataclasses import dataclass

from . import chain
from .choices import JournalAction
from .models import JournalEntry
from .network import client_ip


def record(action: str, summary: str, *, request=None, user=None, school=None, **details):
    """Append one event. ``user`` defaults to the request's user when it is logged in."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return JournalEntry.objects.create(
        action=action,
        summary=summary[:300],
        actor=user if user is not None and user.pk else None,
        actor_label=(str(user) if user is not None else "")[:200],
        school=school,
        ip_address=client_ip(request),
        details=details,
    )


def record_for_account(action: str, summary: str, *, request=None, account, **details):
    """An event about one account, written for each school where it holds a role (so that
    each head, and the académie's RSSI, find it in that school's journal)."""
    from .models import Membership

    schools = (
        Membership.objects.active()
        .filter(user=account, school__isnull=False)
        .values_list("school", flat=True)
        .distinct()
    )
    school_ids = list(schools) or [None]
    user = request.user if request is not None and request.user.is_authenticated else None
    for school_id in school_ids:
        entry = JournalEntry(
            action=action,
            summary=summary[:300],
            actor=user,
            actor_label=str(user or "")[:200],
            school_id=school_id,
            ip_address=client_ip(request),
            details={"account": account.pk, **details},
        )
        entry.save()


def record_download(request, school, filename: str, what: str) -> None:
    """A document naming people left Pilote (incident report, lettre de mission…)."""
    record(
        JournalAction.DOCUMENT_DOWNLOADED,
        f"Téléchargement : {what} ({filename})",
        request=request,
        school=school,
        filename=filename,
    )


@dataclass
class ChainReport:
    """What the verifier found: entries checked, the last hash, the first broken link."""

    checked: int
    head: str
    broken: JournalEntry | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken is None


def purge_anchors() -> set[str]:
    """Hashes the first kept entry may follow: nothing (a journal never purged) or the last
    entry removed by a purge, as that purge wrote it in the journal before removing."""
    anchors = {chain.GENESIS}
    purges = JournalEntry.objects.filter(action=JournalAction.DATA_PURGED)
    for details in purges.values_list("details", flat=True):
        anchors.add(details.get("last_purged_hash", chain.GENESIS))
    return anchors


def verify_chain() -> ChainReport:
    """Walk the journal in the order it was written and recompute every hash."""
    anchors = purge_anchors()
    expected = None
    checked = 0
    for entry in JournalEntry.objects.order_by("pk").iterator(chunk_size=2000):
        if expected is None and entry.previous_hash not in anchors:
            reason = "le début du journal a été effacé sans passer par la purge"
            return ChainReport(checked, expected or "", entry, reason)
        if expected is not None and entry.previous_hash != expected:
            reason = "l'entrée qui la précède a été effacée, insérée ou réécrite"
            return ChainReport(checked, expected, entry, reason)
        if chain.digest(entry, entry.previous_hash) != entry.hash:
            return ChainReport(checked, expected or "", entry, "son contenu a été modifié")
        expected = entry.hash
        checked += 1
    return ChainReport(checked, expected or chain.GENESIS)
