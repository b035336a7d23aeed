"""The missions × people matrix: who does what, what nobody does, who does too much.

Built from two queries (the missions available to the school, its delegations with their
mission and holder) whatever the number of rows, then arranged in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .choices import DelegationState
from .models import Delegation, Mission

# Beyond this many missions at once a person cannot really exercise them: the matrix says so.
MAX_MISSIONS_PER_PERSON = 4
# Delegations ended within this many days still show, as a reminder to renew or replace them.
RECENTLY_ENDED_DAYS = 365

STATE_PRIORITY = {
    DelegationState.EN_COURS: 0,
    DelegationState.A_VENIR: 1,
    DelegationState.TERMINEE: 2,
}


@dataclass
class Person:
    user: object
    active_count: int = 0

    @property
    def overloaded(self) -> bool:
        return self.active_count > MAX_MISSIONS_PER_PERSON


@dataclass
class Row:
    mission: Mission
    cells: list = field(default_factory=list)  # one Delegation or None per person

    @property
    def vacant(self) -> bool:
        return not any(
            cell is not None and cell.state() == DelegationState.EN_COURS for cell in self.cells
        )


@dataclass
class Matrix:
    people: list[Person]
    rows: list[Row]
    expired: list[Delegation]

    @property
    def vacant_missions(self) -> list[Mission]:
        return [row.mission for row in self.rows if row.vacant]

    @property
    def overloaded_people(self) -> list[Person]:
        return [person for person in self.people if person.overloaded]


def build_matrix(school, on: datetime.date | None = None) -> Matrix:
    day = on or timezone.localdate()
    missions = list(Mission.objects.available_to(school))
    delegations = list(
        Delegation.objects.of_school(school)
        .filter(mission__in=[m.pk for m in missions])
        .exclude(end_date__lt=day - datetime.timedelta(days=RECENTLY_ENDED_DAYS))
        .order_by("holder__last_name", "holder__first_name", "-start_date")
    )
    people: dict[int, Person] = {}
    best: dict[tuple[int, int], Delegation] = {}
    for delegation in delegations:
        person = people.setdefault(delegation.holder_id, Person(delegation.holder))
        state = delegation.state(day)
        if state == DelegationState.EN_COURS:
            person.active_count += 1
        key = (delegation.mission_id, delegation.holder_id)
        current = best.get(key)
        if current is None or STATE_PRIORITY[state] < STATE_PRIORITY[current.state(day)]:
            best[key] = delegation
    ordered = list(people.values())
    rows = [
        Row(mission, [best.get((mission.pk, person.user.pk)) for person in ordered])
        for mission in missions
    ]
    expired = [
        d
        for d in best.values()
        if d.state(day) == DelegationState.TERMINEE
        and not any(
            other.state(day) == DelegationState.EN_COURS
            for other in delegations
            if other.mission_id == d.mission_id
        )
    ]
    return Matrix(ordered, rows, expired)
