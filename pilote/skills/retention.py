"""Pix results of pupils who left: their names go with the pupil, the results stay.

The scores and levels keep feeding the school's statistics (a division's mastery, a
cohort's certification rate); the lines no longer say whose they were. Run before the
pupils themselves are erased (``schooldata.retention``), while the link still exists.
"""

from django.db.models import F, Value
from django.db.models.functions import Concat

from pilote.core.retention import Purge, forget_history, register_purge
from pilote.schooldata.retention import departed_pupils

from .models import CertificationResult, Participation

ANONYMOUS = "(élève parti)"


def _participations():
    return Participation.objects.filter(pupil__in=departed_pupils().values("pk"))


def _certifications():
    return CertificationResult.objects.filter(pupil__in=departed_pupils().values("pk"))


def anonymise_departed_results() -> int:
    """Names out of the lines and of their history; scores kept."""
    anonymous = {"last_name": ANONYMOUS, "first_name": "", "external_id": "", "pupil": None}
    participations = list(_participations().values_list("pk", flat=True))
    certifications = list(_certifications().values_list("pk", flat=True))
    forget_history(Participation, participations)
    forget_history(CertificationResult, certifications)
    Participation.objects.filter(pk__in=participations).update(
        **anonymous, participant_key=Concat(Value("anonyme-"), F("pk"))
    )
    CertificationResult.objects.filter(pk__in=certifications).update(**anonymous, birth_date=None)
    return len(participations) + len(certifications)


register_purge(
    Purge(
        "pix_eleves_partis",
        "résultats Pix d'élèves partis rendus anonymes",
        "avec l'élève (les scores restent pour les statistiques)",
        lambda: _participations().count() + _certifications().count(),
        anonymise_departed_results,
        order=40,
    )
)
