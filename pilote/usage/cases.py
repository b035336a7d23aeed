"""Detecting the pupils and families far from digital, and keeping their follow-ups in step.

A case exists while the situation does: a pupil whose account is not activated, an activated
pupil with no connection for N weeks, a family in which no legal guardian has an activated
account. Detection runs after each accounts import (and when the school changes N); it only
looks at a profile once accounts of that profile were imported, otherwise every pupil of a
school that never imported its ENT export would look « far from digital ».
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pilote.core.revert import write_history_rows

from .choices import CaseReason, FollowUpStatus, Profile
from .models import Account, FollowUp
from .queries import annotated_pupils, cutoffs_for, stale_q


def detected_cases(school) -> set[tuple[int, str]]:
    """``{(pupil_id, reason)}`` of the situations that hold today."""
    profiles = set(Account.objects.for_school(school).values_list("profile", flat=True))
    pupils = annotated_pupils([school], cutoffs_for([school]))
    cases: set[tuple[int, str]] = set()
    if Profile.ELEVE in profiles:
        for pk in pupils.filter(activated=False).values_list("pk", flat=True):
            cases.add((pk, CaseReason.COMPTE_NON_ACTIVE))
        for pk in pupils.filter(stale_q()).values_list("pk", flat=True):
            cases.add((pk, CaseReason.SANS_CONNEXION))
    if Profile.PARENT in profiles:
        families = pupils.filter(Q(has_guardian=True) & Q(family_activated=False))
        for pk in families.values_list("pk", flat=True):
            cases.add((pk, CaseReason.FAMILLE_SANS_COMPTE))
    return cases


@transaction.atomic
def sync_cases(school) -> dict[str, int]:
    """Open new cases, close those that no longer hold, reopen those that came back.

    A case that came back after being closed starts again « à contacter »: whatever was done
    before did not last.
    """
    detected = detected_cases(school)
    today = timezone.localdate()
    existing = {(f.pupil_id, f.reason): f for f in FollowUp.objects.for_school(school)}
    new = [
        FollowUp(school=school, pupil_id=pupil_id, reason=reason, detected_on=today)
        for pupil_id, reason in detected - existing.keys()
    ]
    changed = []
    for key, follow_up in existing.items():
        still = key in detected
        if still == follow_up.is_detected:
            continue
        follow_up.is_detected = still
        if still:
            follow_up.detected_on = today
            follow_up.status = FollowUpStatus.A_CONTACTER
        changed.append(follow_up)
    created = FollowUp.objects.bulk_create(new, batch_size=500)
    FollowUp.objects.bulk_update(changed, ["is_detected", "detected_on", "status"], batch_size=500)
    # With history rows: an import that opened or closed cases can be reverted (core.revert).
    write_history_rows(FollowUp, [f.pk for f in created], "+", reason="")
    write_history_rows(FollowUp, [f.pk for f in changed], "~", reason="")
    return {"opened": len(new), "changed": len(changed)}
