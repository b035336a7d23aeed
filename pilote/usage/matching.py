"""Finding the SIECLE pupil or guardian behind an ENT or ÉduConnect account.

Pupils are matched by schooldata's one matcher (SIECLE id — the ENT's « Identifiant SIECLE » —,
else name and class); guardians by name and one of their children, because two parents may
share a name but rarely also a child's name. Anything ambiguous stays unmatched and is
reported: a wrong match would tell a family it has an account when it has none.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from pilote.core.files import normalize_label
from pilote.schooldata.matching import PupilMatcher
from pilote.schooldata.models import GuardianLink, active_pupil_q

from .parsing import person_key


@dataclass
class PeopleIndex:
    pupils: PupilMatcher | None = None
    guardians_by_name: dict[str, dict[int, set[str]]] = field(default_factory=dict)

    @property
    def pupil_count(self) -> int:
        return self.pupils.count if self.pupils else 0

    @classmethod
    def for_school(cls, school) -> "PeopleIndex":
        index = cls(pupils=PupilMatcher(school))
        links = GuardianLink.objects.filter(active_pupil_q("pupil__"), school=school).values_list(
            "guardian_id",
            "guardian__last_name",
            "guardian__first_name",
            "pupil__first_name",
            "pupil__last_name",
        )
        guardians = defaultdict(lambda: defaultdict(set))
        for guardian_id, last_name, first_name, child_first, child_last in links:
            guardians[person_key(last_name, first_name)][guardian_id].add(
                normalize_label(f"{child_first} {child_last}")
            )
        index.guardians_by_name = {key: dict(value) for key, value in guardians.items()}
        return index

    def pupil(self, *, siecle_id: str, last_name: str, first_name: str, classes: str):
        """The pupil's id, or None when unknown or ambiguous."""
        match = self.pupils.match(
            last_name, first_name, siecle_id=siecle_id, divisions=classes.split(",")
        )
        return match.pupil_id if match.matched else None

    def guardian(self, *, last_name: str, first_name: str, children: list[str]):
        """The guardian's id when one person of that name has one of these children."""
        candidates = self.guardians_by_name.get(person_key(last_name, first_name), {})
        if children:
            wanted = set(children)
            matching = [gid for gid, kids in candidates.items() if kids & wanted]
        else:
            matching = list(candidates)
        return matching[0] if len(matching) == 1 else None
