"""The CRCN and the Pix rules, read from the versioned YAML ``referentials/crcn.yaml``.

The framework is national and changes only with a new text, so it lives in a file under
version control rather than in editable rows; everything else in the module asks this module
for names, codes, thresholds and score bands instead of hard-coding them. Pix exports name a
competence by its title (campaigns) or by its code (certification): :meth:`Crcn.competence_for`
accepts both, and every known label of a competence (4.3 was relabelled).
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pilote.core.files import normalize_label
from pilote.core.referentials import load

REFERENTIAL_PATH = Path(__file__).parent / "referentials" / "crcn.yaml"


@dataclass(frozen=True)
class CrcnDomain:
    code: str
    name: str
    color: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Competence:
    code: str
    name: str
    domain: CrcnDomain
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class ScoreBand:
    key: str
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Crcn:
    version: str
    domains: tuple[CrcnDomain, ...]
    competences: tuple[Competence, ...]
    levels: tuple[dict, ...]
    pix_per_level: int
    max_reachable_level: int
    certifiable_min_competences: int
    certifiable_min_level: int
    compulsory_levels: dict[str, tuple[str, ...]]
    score_bands: tuple[ScoreBand, ...]
    pix_edu_levels: dict[str, tuple[str, ...]]
    training_url: str
    training_label: str
    _by_label: dict[str, Competence] = field(default_factory=dict, compare=False, repr=False)
    _domains_by_label: dict[str, CrcnDomain] = field(
        default_factory=dict, compare=False, repr=False
    )

    def competence_for(self, text: str) -> Competence | None:
        """The competence a header or a cell names: ``4.3``, its title or a former title."""
        return self._by_label.get(normalize_label(text))

    def domain_for(self, text: str) -> CrcnDomain | None:
        return self._domains_by_label.get(normalize_label(text))

    def competence(self, code: str) -> Competence:
        return self._by_label[normalize_label(code)]

    def band_for(self, score: int | None) -> ScoreBand | None:
        if score is None:
            return None
        for band in self.score_bands:
            if band.low <= score <= band.high:
                return band
        return self.score_bands[-1] if score > self.score_bands[-1].high else None

    def is_certifiable(self, levels: dict[str, int | None]) -> bool:
        """Pix rule: at least N competences at level ≥ 1 (5 and 1 in the YAML)."""
        reached = sum(1 for level in levels.values() if (level or 0) >= self.certifiable_min_level)
        return reached >= self.certifiable_min_competences

    def compulsory_levels_for(self, school) -> tuple[str, ...]:
        """Levels whose pupils sit the compulsory certification: 3e, or the final year."""
        return self.compulsory_levels["lycee" if school.is_lycee else "college"]

    @property
    def max_pix(self) -> int:
        return self.pix_per_level * self.max_reachable_level * len(self.competences)


def _build(data: dict) -> Crcn:
    domains = {
        str(item["code"]): CrcnDomain(
            code=str(item["code"]),
            name=item["name"],
            color=item.get("color", "#000091"),
            aliases=tuple(item.get("aliases", ())),
        )
        for item in data["domains"]
    }
    competences = tuple(
        Competence(
            code=str(item["code"]),
            name=item["name"],
            domain=domains[str(item["code"]).split(".")[0]],
            aliases=tuple(item.get("aliases", ())),
        )
        for item in data["competences"]
    )
    by_label = {}
    for competence in competences:
        for label in (competence.code, competence.name, *competence.aliases):
            by_label[normalize_label(label)] = competence
    domains_by_label = {}
    for domain in domains.values():
        for label in (domain.code, domain.name, *domain.aliases):
            domains_by_label[normalize_label(label)] = domain
    pix = data["pix"]
    edu = data["pix_edu"]
    return Crcn(
        version=str(data["version"]),
        domains=tuple(domains.values()),
        competences=competences,
        levels=tuple(data["levels"]),
        pix_per_level=pix["pix_per_level"],
        max_reachable_level=pix["max_reachable_level"],
        certifiable_min_competences=pix["certifiable_min_competences"],
        certifiable_min_level=pix["certifiable_min_level"],
        compulsory_levels={k: tuple(v) for k, v in pix["compulsory_levels"].items()},
        score_bands=tuple(
            ScoreBand(b["key"], b["min"], b["max"], b["label"]) for b in data["score_bands"]
        ),
        pix_edu_levels={k: tuple(v) for k, v in edu["paths"].items()},
        training_url=edu["training_url"],
        training_label=edu["training_label"],
        _by_label=by_label,
        _domains_by_label=domains_by_label,
    )


@cache
def crcn() -> Crcn:
    return _build(load("skills", REFERENTIAL_PATH.name))
