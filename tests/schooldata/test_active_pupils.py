"""« Élève actif » is stated once (``Pupil.objects.active()``) and every module counts with it.

The file is shaped like a real SIECLE export at the start of the year: pupils who left (with a
DATE_SORTIE), pupils parked in the pseudo-division « Inactifs » without one, a pupil only in a
group, and pupils placed in their division.
"""

import pytest

from pilote.core.importing import get_importer, run_import
from pilote.core.metrics import registry
from pilote.schooldata.models import Division, Pupil
from tests.usage.factories import AccountFactory

from . import xml

pytestmark = pytest.mark.django_db


def siecle_file() -> bytes:
    return xml.pupils_file(
        [
            xml.pupil("3001", "MARTIN", "Léa"),
            xml.pupil("3002", "DURAND", "Hugo"),
            xml.pupil("3003", "PETIT", "Noé", sortie="15/10/2026"),
            xml.pupil("3004", "ROUX", "Inès"),
            xml.pupil("3005", "FAURE", "Jade", sortie="02/09/2026"),
            xml.pupil("3006", "BLANC", "Tom"),
        ],
        [
            xml.structures("3001", ("6 A", "D"), ("6A ANG", "G")),
            xml.structures("3002", ("6 B", "D"), ("6A ANG", "G")),
            # Left, still in a division in the file: left wins.
            xml.structures("3003", ("6 A", "D")),
            # Not enrolled this year: only the pseudo-division « Inactifs ».
            xml.structures("3004", ("Inactifs", "D")),
            xml.structures("3005", ("Inactifs", "D")),
            # Only a group, no division: not placed.
            xml.structures("3006", ("Inactifs", "D"), ("6A ANG", "G")),
        ],
    )


@pytest.fixture
def school(world):
    report = run_import(
        get_importer("siecle")(school=world.college), siecle_file(), "Eleves.xml", apply=True
    )
    assert report.applied, report.parsed.errors
    return world.college


def names(queryset) -> set[str]:
    return set(queryset.values_list("last_name", flat=True))


def measures(school, codes) -> dict:
    return {m.indicator.code: m.value for m in registry.measure_school(school, codes=codes)}


def test_active_means_not_left_and_in_a_real_division(school):
    pupils = Pupil.objects.filter(school=school)
    assert names(pupils.active()) == {"MARTIN", "DURAND"}
    assert names(pupils.left()) == {"PETIT", "FAURE"}
    assert names(pupils.unplaced()) == {"ROUX", "BLANC"}
    roux = pupils.get(last_name="ROUX")
    assert roux.is_active and roux.division is None and not roux.is_counted
    assert roux.status_label == "hors division"
    assert not Division.objects.filter(school=school, code="Inactifs").exists()


def test_indicators_count_active_pupils_only(school):
    values = measures(school, ["eleves.actifs", "eleves.sortis", "eleves.sans_division"])
    assert values == {"eleves.actifs": 2, "eleves.sortis": 2, "eleves.sans_division": 2}


def test_division_counts_and_group_counts_use_the_rule(school):
    group = Division.objects.with_counts().get(school=school, code="6A ANG")
    assert group.group_pupil_count == 2  # MARTIN, DURAND; not BLANC (unplaced)
    six_a = Division.objects.with_counts().get(school=school, code="6 A")
    assert six_a.pupil_count == 1  # PETIT left


def test_usage_activation_counts_active_pupils_only(school):
    pupils = {p.last_name: p for p in Pupil.objects.filter(school=school)}
    for name in ("MARTIN", "ROUX", "BLANC"):
        AccountFactory(school=school, pupil=pupils[name], is_activated=True)
    # 1 activated of 2 active pupils: ROUX and BLANC are in no real division.
    assert measures(school, ["usages.activation_eleves"]) == {"usages.activation_eleves": 50.0}


def test_pupil_list_shows_active_by_default_and_unplaced_on_demand(client, world, school):
    client.force_login(world["chef.college"])
    url = f"/etablissements/{school.uai}/donnees/eleves/"
    page = client.get(url).content.decode()
    assert "MARTIN" in page and "ROUX" not in page and "PETIT" not in page
    page = client.get(url, {"status": "hors_division"}).content.decode()
    assert "ROUX" in page and "BLANC" in page and "MARTIN" not in page
    assert "hors division" in page
