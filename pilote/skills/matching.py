"""Tying a line of a Pix export to a SIECLE pupil.

Pix Orga SCO imports its learners from SIECLE, so a line carries the pupil's names and
division (``Classe``) and, when the campaign asks for one, an external id (often the INE).
The external id decides when there is one; otherwise surname + first name + division, the
division code compared with its internal spaces collapsed (``3  A`` is ``3 A``). A name found
in no division of that code but in exactly one other division is tied with a warning (the
pupil changed class since); several candidates are never guessed: the line stays « ambigu ».
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from pilote.core.files import normalize_label
from pilote.schooldata.models import Division, Pupil

from .choices import MatchStatus
from .pixcsv import normalize_division


@dataclass(frozen=True)
class Match:
    status: str
    pupil_id: int | None = None
    division_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class _Candidate:
    pupil_id: int
    division_id: int | None
    division_key: str
    birth_date: date | None


def name_key(last_name: str, first_name: str) -> tuple[str, str]:
    return normalize_label(last_name), normalize_label(first_name)


class PupilDirectory:
    """The school's active pupils, indexed once per import (two queries)."""

    def __init__(self, school):
        self.by_name: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
        self.by_identifier: dict[str, _Candidate] = {}
        self.divisions = {
            normalize_division(code): pk
            for pk, code in Division.objects.filter(school=school).values_list("pk", "code")
        }
        rows = (
            Pupil.objects.active()
            .filter(school=school)
            .values_list(
                "pk",
                "last_name",
                "birth_name",
                "first_name",
                "ine",
                "siecle_id",
                "birth_date",
                "division_id",
                "division__code",
            )
            .order_by("pk")
        )
        for pk, last, birth_name, first, ine, siecle_id, born, division_id, code in rows:
            candidate = _Candidate(pk, division_id, normalize_division(code or ""), born)
            for surname in {last, birth_name} - {""}:
                self.by_name[name_key(surname, first)].append(candidate)
            for identifier in (ine, siecle_id):
                if identifier:
                    self.by_identifier[identifier.strip().upper()] = candidate

    @property
    def is_empty(self) -> bool:
        return not self.by_name

    def division_id(self, code: str) -> int | None:
        return self.divisions.get(normalize_division(code))

    def match(
        self,
        last_name: str,
        first_name: str,
        *,
        division_code: str = "",
        external_id: str = "",
        birth_date: date | None = None,
    ) -> Match:
        if external_id:
            candidate = self.by_identifier.get(external_id.strip().upper())
            if candidate is not None:
                return Match(MatchStatus.MATCHED, candidate.pupil_id, candidate.division_id)
        candidates = self.by_name.get(name_key(last_name, first_name), [])
        if birth_date is not None:
            candidates = [c for c in candidates if c.birth_date in (None, birth_date)]
        if division_code:
            wanted = normalize_division(division_code)
            in_division = [c for c in candidates if c.division_key == wanted]
            if len(in_division) == 1:
                only = in_division[0]
                return Match(MatchStatus.MATCHED, only.pupil_id, only.division_id)
            if len(in_division) > 1:
                return self._ambiguous(in_division, division_code)
        return self._by_name_only(candidates, division_code)

    def _by_name_only(self, candidates: list[_Candidate], division_code: str) -> Match:
        fallback_division = self.division_id(division_code) if division_code else None
        if not candidates:
            return Match(MatchStatus.UNMATCHED, None, fallback_division)
        if len(candidates) > 1:
            return self._ambiguous(candidates, division_code)
        only = candidates[0]
        note = (
            f"élève trouvé dans une autre division que « {division_code} »" if division_code else ""
        )
        return Match(MatchStatus.MATCHED, only.pupil_id, only.division_id, note)

    def _ambiguous(self, candidates: list[_Candidate], division_code: str) -> Match:
        fallback_division = self.division_id(division_code) if division_code else None
        return Match(
            MatchStatus.AMBIGUOUS,
            None,
            fallback_division,
            f"{len(candidates)} élèves portent ce nom et ce prénom",
        )
