"""Demo data of « Compétences »: Pix Orga exports generated for the demo pupils (SIECLE, loaded
by « Données » just before) and imported through the real importers, plus a Pix+ Édu table.

Deterministic (seeded) and fictional. Dates fall inside the current school year, before
today, so that the indicators of the year have something to show whatever the demo's date.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from pilote.core.bulk import insert_rows
from pilote.core.importing import get_importer, run_import
from pilote.core.schoolyear import school_year_of
from pilote.schooldata.choices import MatchStatus
from pilote.schooldata.models import Pupil

from .choices import CampaignKind, CertificationStatus
from .models import Campaign, CertificationResult, Participation, teaching_staff
from .referential import crcn
from .samples import CampaignFile, Candidate, Participant, certification_csv

# Harder competences lower the mastery (Programmer, security), easier ones raise it.
DIFFICULTY = {"3.4": 0.25, "4.1": 0.15, "5.2": 0.12, "1.3": 0.1, "2.1": -0.15, "3.1": -0.1}
ASSESSED = ("1.1", "1.2", "2.1", "2.2", "3.1", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2")


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.choice((0, 15, 30, 45)))


class SchoolPix:
    """Pix files of one demo school, from its pupils as SIECLE gave them."""

    def __init__(self, school, user, seed: int):
        self.school, self.user = school, user
        self.rng = random.Random(seed)
        today = timezone.localdate()
        start = date(school_year_of(today), 9, 1)
        self.span = max((today - start).days, 20)
        self.start = start
        self.ability = {}

    def day(self, share: float) -> date:
        return self.start + timedelta(days=int(self.span * share))

    def pupils(self, levels):
        return list(
            Pupil.objects.active()
            .for_school(self.school)
            .filter(division__level__in=levels)
            .select_related("division")
            .order_by("pk")
        )

    def ability_of(self, pupil) -> float:
        if pupil.pk not in self.ability:
            self.ability[pupil.pk] = _clamp(self.rng.gauss(0.55, 0.17), 0.05, 0.98)
        return self.ability[pupil.pk]

    def run(self, kind: str, content: bytes, filename: str) -> None:
        importer = get_importer(kind)(school=self.school, user=self.user)
        report = run_import(importer, content, filename, apply=True)
        if report.refused:
            raise RuntimeError(f"{filename} refusé : {report.parsed.errors}")

    def assessment(self, pix_id: int, name: str, levels, *, started: float, shared: float):
        participants = []
        for pupil in self.pupils(levels):
            if self.rng.random() > started:
                continue
            ability = self.ability_of(pupil)
            done = self.rng.random() < shared
            begun = self.day(self.rng.uniform(0.1, 0.5))
            results = {}
            for code in ASSESSED:
                total = self.rng.randint(5, 10)
                rate = _clamp(ability - DIFFICULTY.get(code, 0) + self.rng.gauss(0, 0.12), 0, 1)
                validated = round(total * rate)
                results[code] = (round(validated / total, 2), total, validated)
            overall = sum(r[2] for r in results.values()) / sum(r[1] for r in results.values())
            participants.append(
                Participant(
                    pupil.last_name,
                    pupil.first_name,
                    pupil.division.code,
                    started_at=_moment(begun, self.rng),
                    progress=1 if done else round(self.rng.uniform(0.1, 0.9), 3),
                    shared=done,
                    shared_at=_moment(begun + timedelta(days=self.rng.randint(0, 9)), self.rng),
                    stage=min(3, int(overall * 4)),
                    mastery=round(overall, 2),
                    competences=results,
                )
            )
        participants.append(
            Participant(
                "NOUVEL", "Élève", "", started_at=_moment(self.day(0.3), self.rng), progress=0.2
            )
        )
        file = CampaignFile(
            pix_id=pix_id,
            name=name,
            organisation=self.school.name.upper(),
            code=f"DEMO{pix_id}",
            target_profile="Parcours de positionnement",
            competence_codes=ASSESSED,
            stage_count=3,
            participants=participants,
        )
        stamp = self.day(0.6).strftime("%Y-%m-%d")
        self.run(
            "pix-campagne", file.assessment_csv(), f"Resultats-{name}-{pix_id}-{stamp}-1000.csv"
        )

    def profiles(self, pix_id: int, levels, *, sent: float) -> None:
        participants = []
        for pupil in self.pupils(levels):
            ability = self.ability_of(pupil)
            if self.rng.random() > sent:
                participants.append(
                    Participant(pupil.last_name, pupil.first_name, pupil.division.code)
                )
                continue
            results = {}
            for competence in crcn().competences:
                level = int(
                    _clamp(
                        round(
                            ability * 4
                            - DIFFICULTY.get(competence.code, 0) * 3
                            + self.rng.gauss(0, 0.9)
                        ),
                        0,
                        5,
                    )
                )
                results[competence.code] = (level, level * 8 + self.rng.randint(0, 7))
            levels_only = {code: value[0] for code, value in results.items()}
            participants.append(
                Participant(
                    pupil.last_name,
                    pupil.first_name,
                    pupil.division.code,
                    shared=True,
                    shared_at=_moment(self.day(self.rng.uniform(0.55, 0.75)), self.rng),
                    total_pix=sum(v[1] for v in results.values()),
                    certifiable=crcn().is_certifiable(levels_only),
                    certifiable_count=sum(1 for v in levels_only.values() if v >= 1),
                    competences=results,
                )
            )
        file = CampaignFile(
            pix_id=pix_id,
            name="Collecte de profils avant certification",
            organisation=self.school.name.upper(),
            code=f"PROF{pix_id}",
            participants=participants,
        )
        stamp = self.day(0.8).strftime("%Y-%m-%d")
        self.run("pix-profils", file.profiles_csv(), f"Resultats-Profils-{pix_id}-{stamp}-1000.csv")

    def certification(self, levels, *, first_number: int) -> None:
        by_division: dict[str, list[Candidate]] = {}
        session_day = self.day(0.9)
        for index, pupil in enumerate(self.pupils(levels)):
            draw = self.rng.random()
            if draw < 0.06:
                continue  # absent from the session
            ability = self.ability_of(pupil)
            score = int(_clamp(ability * 520 + self.rng.gauss(0, 60), 10, 900))
            status = "Validée" if draw > 0.1 else ("Rejetée" if draw > 0.08 else "Annulée")
            by_division.setdefault(pupil.division.code, []).append(
                Candidate(
                    number=f"{first_number + index}",
                    last_name=pupil.last_name,
                    first_name=pupil.first_name,
                    birth_date=pupil.birth_date,
                    status=status,
                    pix_score=score if status == "Validée" else 0,
                    levels={
                        c.code: int(_clamp(round(score / 110 + self.rng.gauss(0, 0.8)), 0, 7))
                        for c in crcn().competences
                    },
                    session=f"{first_number // 1000}",
                    session_date=session_day,
                )
            )
        for division, candidates in sorted(by_division.items()):
            filename = f"{session_day:%Y%m%d}_1030_resultats_{division}.csv"
            self.run("pix-certification", certification_csv(candidates), filename)

    def pix_edu(self) -> None:
        lines = ["Nom;Prénom;Identifiant STS;Parcours;Niveau;Étape;Date de certification"]
        steps = [
            ("Formation continue", "Avancé", "Certifié"),
            ("Formation continue", "Confirmé", "Admissible"),
            ("Formation continue", "Expert", "En cours"),
            ("Formation initiale", "Initié", "Certifié"),
            ("Formation continue", "", "En cours"),
        ]
        for teacher in teaching_staff(self.school).order_by("pk"):
            if self.rng.random() > 0.35:
                continue
            path, level, step = self.rng.choice(steps)
            certified = self.day(0.4).strftime("%d/%m/%Y") if step == "Certifié" else ""
            lines.append(
                f"{teacher.last_name};{teacher.first_name};{teacher.sts_id};{path};{level};{step};{certified}"
            )
        self.run("pixedu", ("\n".join(lines) + "\n").encode("utf-8"), "pix-edu-enseignants.csv")


def load(demo) -> None:
    load_detailed(demo)
    load_generated(demo)


def load_detailed(demo) -> None:
    college = SchoolPix(demo.college, demo.users.get("rrupn.college"), seed=10)
    college.assessment(310001, "Positionnement 3e", ("3e",), started=0.93, shared=0.82)
    college.assessment(
        310002, "Parcours 5e : sécurité et données", ("5e",), started=0.7, shared=0.6
    )
    college.profiles(310003, ("3e",), sent=0.85)
    college.certification(("3e",), first_number=8100000)
    college.pix_edu()
    lycee = SchoolPix(demo.lycee, demo.users.get("rrupn.lycee"), seed=20)
    lycee.assessment(
        320001, "Positionnement de seconde", ("2nde", "2ndepro"), started=0.88, shared=0.75
    )
    lycee.profiles(320002, ("Tle", "Tlepro", "cap2"), sent=0.78)
    lycee.certification(("Tle", "Tlepro", "cap2"), first_number=8200000)
    lycee.pix_edu()


def load_generated(demo) -> None:
    """For each generated school, written in bulk with rates of its own: a positioning
    campaign of all its pupils, and the certification of its compulsory level."""
    year = school_year_of(timezone.localdate())
    for index, school in enumerate(getattr(demo, "generated", [])):
        rng = random.Random(4000 + index)
        pupils = list(
            Pupil.objects.active().for_school(school).select_related("division").order_by("pk")
        )
        campaign = Campaign.objects.create(
            school=school,
            pix_id=500000 + index,
            name="Positionnement de rentrée",
            kind=CampaignKind.EVALUATION,
            school_year=year,
        )
        started, shared = rng.uniform(0.5, 0.95), rng.uniform(0.5, 0.95)
        insert_rows(
            Participation,
            [
                _generated_participation(campaign, pupil, rng, shared)
                for pupil in pupils
                if rng.random() < started
            ],
        )
        compulsory = crcn().compulsory_levels_for(school)
        validated = rng.uniform(0.6, 0.98)
        insert_rows(
            CertificationResult,
            [
                _generated_certification(school, year, number, pupil, rng, validated)
                for number, pupil in enumerate(p for p in pupils if p.division.level in compulsory)
            ],
        )


def _pupil_fields(pupil) -> dict:
    return {
        "school": pupil.school_id,
        "pupil": pupil,
        "division": pupil.division,
        "match_status": MatchStatus.MATCHED,
        "last_name": pupil.last_name,
        "first_name": pupil.first_name,
        "division_code": pupil.division.code,
    }


def _generated_participation(campaign, pupil, rng, shared: float) -> dict:
    mastery = _clamp(rng.gauss(0.55, 0.17), 0.05, 0.98)
    done = rng.random() < shared
    return {
        **_pupil_fields(pupil),
        "campaign": campaign,
        "participant_key": f"eleve-{pupil.pk}",
        "progress": Decimal(1) if done else Decimal(f"{rng.uniform(0.1, 0.9):.3f}"),
        "shared": done,
        "mastery": Decimal(f"{mastery:.3f}"),
        "total_pix": int(mastery * 400),
    }


def _generated_certification(school, year, number, pupil, rng, validated) -> dict:
    passed = rng.random() < validated
    return {
        **_pupil_fields(pupil),
        "certification_number": f"G{school.pk}-{number:05d}",
        "status": CertificationStatus.VALIDATED if passed else CertificationStatus.REJECTED,
        "pix_score": rng.randint(180, 520) if passed else None,
        "school_year": year,
    }
