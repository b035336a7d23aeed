"""One pupil matcher and one ``normalize_division`` for every module (Usages, Compétences…)."""

from datetime import date

import pytest

from pilote.schooldata.choices import MatchStatus
from pilote.schooldata.matching import PupilMatcher, normalize_division
from pilote.usage.matching import PeopleIndex

from .factories import DivisionFactory, PupilFactory

pytestmark = pytest.mark.django_db


def test_division_codes_compare_the_same_everywhere():
    assert normalize_division("3  A") == normalize_division("3A") == normalize_division(" 3 a ")
    assert normalize_division("4 B") == normalize_division("0449901Y$4B") == "4B"
    assert normalize_division("4 B") != normalize_division("4 C")


@pytest.fixture
def pupils(world):
    school = world.college
    a, b = DivisionFactory(school=school, code="3 A"), DivisionFactory(school=school, code="4 B")
    return {
        "lou": PupilFactory(
            school=school,
            division=a,
            last_name="MARTIN",
            first_name="Lou",
            ine="123456789AB",
            siecle_id="7001",
            birth_date=date(2011, 5, 6),
        ),
        "tom_a": PupilFactory(
            school=school,
            division=a,
            last_name="PETIT",
            first_name="Tom",
            siecle_id="7002",
            birth_date=date(2011, 3, 4),
        ),
        "tom_b": PupilFactory(
            school=school,
            division=b,
            last_name="PETIT",
            first_name="Tom",
            siecle_id="7003",
            birth_date=date(2010, 1, 2),
        ),
        "left": PupilFactory(school=school, division=a, last_name="PARTI", left=True),
    }


def test_identifiers_first_then_name_birth_date_and_division(world, pupils):
    matcher = PupilMatcher(world.college)
    assert matcher.match("X", "Y", ine="123456789ab").pupil_id == pupils["lou"].pk
    assert matcher.match("X", "Y", siecle_id="7002").pupil_id == pupils["tom_a"].pk
    assert matcher.match("X", "Y", external_id="7003").pupil_id == pupils["tom_b"].pk
    assert matcher.match("Petit", "Tom", divisions=["4b"]).pupil_id == pupils["tom_b"].pk
    assert matcher.match("PETIT", "Tom", birth_date=date(2010, 1, 2)).pupil_id == (
        pupils["tom_b"].pk
    )
    moved = matcher.match("MARTIN", "Lou", divisions=["5 C"])
    assert moved.pupil_id == pupils["lou"].pk and "autre division" in moved.note
    assert matcher.match("PARTI", "Léa").status == MatchStatus.UNMATCHED


def test_homonyms_are_reported_never_guessed(world, pupils):
    match = PupilMatcher(world.college).match("PETIT", "Tom")
    assert match.status == MatchStatus.AMBIGUOUS and match.pupil_id is None
    assert "2 élèves portent ce nom" in match.note


def test_usages_and_competences_match_the_same_class(world, pupils):
    """« 3  A » in the ENT and « 3A » in Pix designate the same division."""
    people = PeopleIndex.for_school(world.college)
    found = people.pupil(siecle_id="", last_name="PETIT", first_name="Tom", classes="3  A")
    assert found == pupils["tom_a"].pk
    match = PupilMatcher(world.college).match("PETIT", "Tom", divisions=("3A",))
    assert match.pupil_id == pupils["tom_a"].pk
