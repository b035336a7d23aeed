"""Finding the SIECLE pupil behind a line of another program's export — one way for every module.

Every export that names pupils (ENT, ÉduConnect, Pix Orga…) is tied to SIECLE here, in this
order: the INE, then the SIECLE id (``ELEVE_ID``), then surname (usage or family name) + first
name, narrowed by birth date and division when the line gives them. A name found in none of the
line's divisions but in exactly one other division is tied with a note (the pupil changed class
since). Several candidates are never guessed: the line is « ambigu » and the note says why —
a wrong match would tell a family it has an account it does not have.

Division codes are compared by :func:`normalize_division` only: « 3 A », « 3  A », « 3a » and
the ENT's « 0449901Y$3 A » are one class in every module.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from pilote.core.files import normalize_label

from .choices import MatchStatus
from .models import Division, Pupil


def normalize_division(code: str) -> str:
    """A division code as compared: no spaces, no case, no ENT ``<structure>$`` prefix."""
    return "".join((code or "").rsplit("$", 1)[-1].split()).upper()


def name_key(last_name: str, first_name: str) -> tuple[str, str]:
    return normalize_label(last_name), normalize_label(first_name)


@dataclass(frozen=True)
class Match:
    status: str
    pupil_id: int | None = None
    division_id: int | None = None
    note: str = ""

    @property
    def matched(self) -> bool:
        return self.status == MatchStatus.MATCHED


@dataclass(frozen=True)
class _Candidate:
    pupil_id: int
    division_id: int | None
    division_key: str
    birth_date: date | None


class PupilMatcher:
    """The school's active pupils, indexed once per import (two queries)."""

    def __init__(self, school):
        self.by_name: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
        self.by_ine: dict[str, _Candidate] = {}
        self.by_siecle_id: dict[str, _Candidate] = {}
        self.divisions = {
            normalize_division(code): pk
            for pk, code in Division.objects.for_school(school).values_list("pk", "code")
        }
        rows = (
            Pupil.objects.active()
            .for_school(school)
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
        self.count = 0
        for pk, last, birth_name, first, ine, siecle_id, born, division_id, code in rows:
            candidate = _Candidate(pk, division_id, normalize_division(code or ""), born)
            self.count += 1
            for surname in {last, birth_name} - {""}:
                self.by_name[name_key(surname, first)].append(candidate)
            if ine:
                self.by_ine[ine.strip().upper()] = candidate
            if siecle_id:
                self.by_siecle_id[siecle_id.strip()] = candidate

    @property
    def is_empty(self) -> bool:
        return not self.count

    def division_id(self, code: str) -> int | None:
        return self.divisions.get(normalize_division(code))

    def match(
        self,
        last_name: str,
        first_name: str,
        *,
        ine: str = "",
        siecle_id: str = "",
        external_id: str = "",
        birth_date: date | None = None,
        divisions: tuple[str, ...] | list[str] = (),
    ) -> Match:
        """``external_id`` is a campaign's free identifier: tried as an INE, then a SIECLE id.
        ``divisions``: the line's class(es); the first one names the fallback division."""
        found = self._by_identifier(ine, siecle_id, external_id)
        if found is not None:
            return Match(MatchStatus.MATCHED, found.pupil_id, found.division_id)
        candidates = self.by_name.get(name_key(last_name, first_name), [])
        if birth_date is not None:
            candidates = [c for c in candidates if c.birth_date in (None, birth_date)]
        wanted = [normalize_division(code) for code in divisions if code.strip()]
        shown = next((code.strip() for code in divisions if code.strip()), "")
        if wanted:
            in_division = [c for c in candidates if c.division_key in wanted]
            if len(in_division) == 1:
                only = in_division[0]
                return Match(MatchStatus.MATCHED, only.pupil_id, only.division_id)
            if len(in_division) > 1:
                return self._ambiguous(in_division, shown)
        return self._by_name_only(candidates, shown)

    def _by_identifier(self, ine: str, siecle_id: str, external_id: str):
        if ine and ine.strip().upper() in self.by_ine:
            return self.by_ine[ine.strip().upper()]
        if siecle_id and siecle_id.strip() in self.by_siecle_id:
            return self.by_siecle_id[siecle_id.strip()]
        if external_id:
            key = external_id.strip()
            return self.by_ine.get(key.upper()) or self.by_siecle_id.get(key)
        return None

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
