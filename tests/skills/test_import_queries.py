"""A Pix campaign import writes in bulk (core's upsert and its writers): as many queries for
40 participants as for 10, whether they are new, changed with their competence results, or
gone from the newer export."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilote.core.importing import get_importer, run_import
from pilote.skills.models import CompetenceResult, Participation
from pilote.skills.samples import Participant
from tests.core.factories import SchoolFactory

from .factories import DivisionFactory, PupilFactory
from .test_importers import START, assessment, shared

# Measured on PostgreSQL: 35 (about 150 for 40 participants before the bulk writes and before the
# history rows of an import were tagged only in the tables it wrote, core.revert.tag_history).
CEILING = 40


def participants(numbers, *, mastery: float) -> list[Participant]:
    """Odd numbers have shared their results (two competences), even ones only started."""
    return [
        shared(
            f"NOM{n}",
            "Lou",
            mastery=mastery,
            competences={"1.1": (mastery, 4, 2), "4.3": (0.5, 4, 2)},
        )
        if n % 2
        else Participant(f"NOM{n}", "Lou", "3 A", started_at=START, progress=mastery)
        for n in numbers
    ]


def queries_of_newer_export(world, count: int) -> int:
    """Queries of applying, after an export of ``count`` participants, a newer one where half
    of them are gone, the other half changed, and as many new."""
    school = SchoolFactory()
    division = DivisionFactory(school=school, code="3 A")
    for n in (5, 20):  # in both exports of each size
        PupilFactory(school=school, division=division, last_name=f"NOM{n}", first_name="Lou")
    pix = 4000 + count

    def apply(numbers, mastery: float, day: str) -> int:
        content = assessment(school, participants(numbers, mastery=mastery), pix_id=pix)
        importer = get_importer("pix-campagne")(school=school, user=world["chef.college"])
        with CaptureQueriesContext(connection) as queries:
            report = run_import(
                importer,
                content,
                f"Resultats-P-{pix}-{day}-1015.csv",
                apply=True,
                accept_removals=True,
            )
        assert report.applied, report.parsed.errors
        return len(queries)

    apply(range(count), 0.5, "2026-02-01")
    measured = apply(range(count // 2, count + count // 2), 0.75, "2026-03-01")
    participations = Participation.objects.filter(campaign__pix_id=pix)
    assert participations.count() == count
    assert set(participations.values_list("progress", flat=True)) == {0.75, 1}
    results = CompetenceResult.objects.filter(participation__campaign__pix_id=pix)
    assert set(results.values_list("mastery", flat=True)) == {0.75, 0.5}
    assert results.count() == count  # two each for the half that shared
    return measured


def test_campaign_import_queries_do_not_grow_with_the_participants(world):
    few = queries_of_newer_export(world, 10)
    many = queries_of_newer_export(world, 40)
    assert few == many
    assert many <= CEILING
