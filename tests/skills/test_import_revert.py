"""« Annuler cet import » for the Pix imports: a newer campaign export (participants created,
changed, gone, competence results replaced) and a certification export after the jury. Each
test takes the database's state, applies the second file, reverts it and finds the database
exactly as it was."""

from datetime import datetime

import pytest

from pilote.core.importing import get_importer, run_import
from pilote.core.revert import revert_import
from pilote.skills.models import CertificationResult, CompetenceResult, Participation
from pilote.skills.samples import Participant, certification_csv
from tests.core.dbstate import school_state

from .test_importers import START, assessment, candidates, pupils, shared  # noqa: F401


def apply(world, kind, content, filename):
    importer = get_importer(kind)(school=world.college, user=world["chef.college"])
    report = run_import(importer, content, filename, apply=True)
    assert report.applied, report.parsed.errors
    return report.batch


@pytest.mark.usefixtures("pupils")
def test_newer_campaign_export_is_reverted_with_its_competence_results(world):
    first = assessment(
        world.college,
        [
            Participant("MARTIN", "Lou", "3 A", started_at=START, progress=0.4),
            shared("PETIT", "Tom", "3 B"),
        ],
    )
    apply(world, "pix-campagne", first, "Resultats-P-4242-2026-02-01-1015.csv")
    before = school_state(world.college)
    newer = assessment(
        world.college,
        [
            shared("MARTIN", "Lou", competences={"1.1": (1, 4, 4), "4.3": (0.25, 4, 1)}),
            shared("DURAND", "Ève", "3 B", shared_at=datetime(2026, 2, 20, 8, 0)),
        ],
        name="Positionnement 3e (renommée)",
    )
    batch = apply(world, "pix-campagne", newer, "Resultats-P-4242-2026-03-01-0900.csv")
    assert not Participation.objects.filter(last_name="PETIT").exists()
    lou = Participation.objects.get(last_name="MARTIN")
    assert CompetenceResult.objects.filter(participation=lou).count() == 2
    assert school_state(world.college) != before
    revert_import(batch, world["chef.college"])
    assert school_state(world.college) == before
    tom = Participation.objects.get(last_name="PETIT")
    assert tom.shared and tom.competence_results.count() == 2
    assert not Participation.objects.filter(last_name="DURAND").exists()


@pytest.mark.usefixtures("pupils")
def test_certification_export_after_the_jury_is_reverted(world):
    apply(world, "pix-certification", certification_csv(candidates()), "x_resultats_3 A.csv")
    before = school_state(world.college)
    later = candidates()
    later[2].status, later[2].pix_score = "Validée", 200
    batch = apply(world, "pix-certification", certification_csv(later), "y_resultats_3 A.csv")
    assert CertificationResult.objects.get(certification_number="C3").pix_score == 200
    revert_import(batch, world["chef.college"])
    assert school_state(world.college) == before
    assert CertificationResult.objects.get(certification_number="C3").pix_score is None
