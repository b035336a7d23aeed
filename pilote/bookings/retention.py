"""Calendar feeds of people who no longer hold a role in the school.

Such a feed already answers nothing (``CalendarFeed.find``); the purge removes its token and
row once the role has ended, so that no secret address outlives the person's access.
"""

from django.db.models import Exists, OuterRef, Q

from pilote.core.models import Membership
from pilote.core.retention import Purge, erase, register_purge

from .models import CalendarFeed


def feeds_of_departed_members():
    reaching = Membership.objects.active().filter(
        Q(school=OuterRef("school"))
        | Q(collectivite=OuterRef("school__collectivite"))
        | Q(academie=OuterRef("school__academie")),
        user=OuterRef("owner"),
    )
    return CalendarFeed.objects.exclude(Exists(reaching))


register_purge(
    Purge(
        "agendas_membres_partis",
        "liens d'agenda de personnes parties",
        "dès la fin du rôle dans l'établissement",
        lambda: feeds_of_departed_members().count(),
        lambda: erase(feeds_of_departed_members()),
    )
)
