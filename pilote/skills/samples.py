"""Files shaped exactly like Pix Orga's exports (FORMATS.md §3), for the demo and benchmarks.

The demo loads its Pix results through the real importers, so it needs real-looking files:
these builders write them with Pix's own serialisation rules (BOM, ``;``, decimal comma,
quoted strings with the formula guard, ``NA``, ``Oui`` / ``Non``).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .referential import crcn

NA = "NA"
_DIGITS_AND_DASHES = re.compile(r"^[\d-]+$")


def serialize_value(value) -> str:
    """Pix's ``serializeLine`` rule for one cell."""
    if isinstance(value, bool):
        value = "Oui" if value else "Non"
    if isinstance(value, int | float | Decimal):
        return str(value).replace(".", ",")
    text = str(value)
    if text == NA or _DIGITS_AND_DASHES.match(text):
        return text
    if text[:1] in ("-", "@", "=", "+"):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'


def serialize_line(values) -> str:
    return ";".join(serialize_value(v) for v in values) + "\n"


def _moment(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else NA


def _or_na(value):
    return NA if value is None else value


@dataclass
class Participant:
    last_name: str
    first_name: str
    division: str = ""
    external_id: str = ""
    started_at: datetime | None = None
    progress: float | None = None
    shared: bool = False
    shared_at: datetime | None = None
    stage: int | None = None
    mastery: float | None = None
    # assessment: code → (mastery, skills in profile, skills validated);
    # profiles: code → (level, pix)
    competences: dict[str, tuple] = field(default_factory=dict)
    total_pix: int | None = None
    certifiable: bool | None = None
    certifiable_count: int | None = None


@dataclass
class CampaignFile:
    pix_id: int
    name: str
    organisation: str
    code: str = ""
    target_profile: str = ""
    external_id_label: str = ""
    competence_codes: tuple[str, ...] = ()
    stage_count: int | None = None
    legacy_headers: bool = False
    with_division: bool = True
    participants: list[Participant] = field(default_factory=list)

    def _identity_headers(self) -> list[str]:
        headers = ["Nom de l'organisation", "ID Campagne"]
        if not self.legacy_headers:
            headers.append("Code")
        headers.append("Nom de la campagne")
        return headers

    def _identity(self, participant: Participant) -> list:
        values = [self.organisation, self.pix_id]
        if not self.legacy_headers:
            values.append(self.code)
        values.append(self.name)
        return values

    def _person_headers(self) -> list[str]:
        headers = ["Nom du Participant", "Prénom du Participant"]
        if self.with_division:
            headers.append("Classe")
        if self.external_id_label:
            headers.append(self.external_id_label)
        return headers

    def _person(self, participant: Participant) -> list:
        values = [participant.last_name, participant.first_name]
        if self.with_division:
            values.append(participant.division)
        if self.external_id_label:
            values.append(participant.external_id)
        return values

    def assessment_csv(self) -> bytes:
        competences = [crcn().competence(code) for code in self.competence_codes]
        headers = [*self._identity_headers()]
        headers.append("Nom du Profil Cible" if self.legacy_headers else "Parcours")
        headers += self._person_headers()
        headers += ["% de progression", "Date de début", "Partage (O/N)", "Date du partage"]
        if self.stage_count:
            headers.append(f"Palier obtenu (/{self.stage_count})")
        headers.append("% maitrise de l'ensemble des acquis du profil")
        for competence in competences:
            headers += [
                f"% de maitrise des acquis de la compétence {competence.name}",
                f"Nombre d'acquis du profil cible dans la compétence {competence.name}",
                f"Acquis maitrisés dans la compétence {competence.name}",
            ]
        domains = list(dict.fromkeys(c.domain for c in competences))
        for domain in domains:
            headers += [
                f"% de maitrise des acquis du domaine {domain.name}",
                f"Nombre d'acquis du profil cible du domaine {domain.name}",
                f"Acquis maitrisés du domaine {domain.name}",
            ]
        lines = ["\ufeff" + serialize_line(headers)]
        for p in self.participants:
            values = [*self._identity(p), self.target_profile, *self._person(p)]
            values += [
                _or_na(p.progress),
                _moment(p.started_at),
                p.shared,
                _moment(p.shared_at) if p.shared else NA,
            ]
            if self.stage_count:
                values.append(_or_na(p.stage if p.shared else None))
            values.append(_or_na(p.mastery if p.shared else None))
            for competence in competences:
                result = p.competences.get(competence.code) if p.shared else None
                values += list(result) if result else [NA, NA, NA]
            for domain in domains:
                values += self._domain_values(p, competences, domain)
            lines.append(serialize_line(values))
        return "".join(lines).encode("utf-8")

    def _domain_values(self, p: Participant, competences, domain) -> list:
        if not p.shared:
            return [NA, NA, NA]
        results = [p.competences[c.code] for c in competences if c.domain == domain]
        total = sum(r[1] for r in results)
        validated = sum(r[2] for r in results)
        return [round(validated / total, 2) if total else 0, total, validated]

    def profiles_csv(self) -> bytes:
        headers = [*self._identity_headers(), *self._person_headers()]
        headers += [
            "Envoi (O/N)",
            "Date de l'envoi",
            "Nombre de pix total",
            "Certifiable (O/N)",
            "Nombre de compétences certifiables",
        ]
        for competence in crcn().competences:
            headers += [
                f"Niveau pour la compétence {competence.name}",
                f"Nombre de pix pour la compétence {competence.name}",
            ]
        lines = ["\ufeff" + serialize_line(headers)]
        for p in self.participants:
            values = [*self._identity(p), *self._person(p)]
            sent = p.shared
            values += [
                sent,
                p.shared_at.strftime("%Y-%m-%d") if sent and p.shared_at else NA,
                _or_na(p.total_pix if sent else None),
                _or_na(p.certifiable if sent else None),
                _or_na(p.certifiable_count if sent else None),
            ]
            for competence in crcn().competences:
                result = p.competences.get(competence.code) if sent else None
                values += list(result) if result else [NA, NA]
            lines.append(serialize_line(values))
        return "".join(lines).encode("utf-8")


@dataclass
class Candidate:
    number: str
    last_name: str
    first_name: str
    birth_date: date | None
    status: str = "Validée"
    pix_score: int | None = None
    levels: dict[str, int] = field(default_factory=dict)
    external_id: str = ""
    session: str = "12345"
    session_date: date | None = None


def certification_csv(candidates: list[Candidate]) -> bytes:
    """Certification results by class (json2csv, ``;``, BOM, every value quoted)."""
    headers = [
        "Numéro de certification",
        "Prénom",
        "Nom",
        "Date de naissance",
        "Lieu de naissance",
        "Identifiant Externe",
        "Statut",
        "Nombre de Pix",
        *(c.code for c in crcn().competences),
        "Commentaire jury pour l'organisation",
        "Session",
        "Date de passage de la certification",
    ]

    def quoted(values) -> str:
        return ";".join('"' + str(v).replace('"', '""') + '"' for v in values) + "\n"

    lines = ["\ufeff" + quoted(headers)]
    for c in candidates:
        tested = c.status not in ("Annulée", "En erreur")
        lines.append(
            quoted(
                [
                    c.number,
                    c.first_name,
                    c.last_name,
                    c.birth_date.strftime("%d/%m/%Y") if c.birth_date else "",
                    "NANTES",
                    c.external_id,
                    c.status,
                    c.pix_score if tested and c.pix_score is not None else "-",
                    *(
                        c.levels.get(comp.code, "-") if tested else "-"
                        for comp in crcn().competences
                    ),
                    "",
                    c.session,
                    c.session_date.strftime("%d/%m/%Y") if c.session_date else "",
                ]
            )
        )
    return "".join(lines).encode("utf-8")
