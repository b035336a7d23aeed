"""Values and headers of Pix Orga exports, and the CRCN referential."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pilote.core.schoolyear import school_year_of
from pilote.schooldata.matching import normalize_division
from pilote.skills.pixcsv import (
    clean_text,
    map_columns,
    parse_datetime,
    parse_fraction,
    parse_int,
    parse_yes_no,
)
from pilote.skills.referential import crcn
from pilote.skills.samples import serialize_value


def test_fraction_with_decimal_comma():
    assert parse_fraction("0,67") == Decimal("0.670")
    assert parse_fraction("1") == Decimal("1.000")
    assert parse_fraction("0.125") == Decimal("0.125")


@pytest.mark.parametrize("value", ["NA", "", "-", " na "])
def test_missing_values_are_none(value):
    assert parse_fraction(value) is None
    assert parse_int(value) is None
    assert parse_yes_no(value) is None
    assert parse_datetime(value) is None


@pytest.mark.parametrize("value", ["67", "1,5", "-0,1"])
def test_percentages_are_refused_not_guessed(value):
    with pytest.raises(ValueError, match="fraction entre 0 et 1"):
        parse_fraction(value)


def test_garbage_number_is_refused_in_french():
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_fraction("beaucoup")
    with pytest.raises(ValueError, match="entier"):
        parse_int("2,5")


def test_yes_no():
    assert parse_yes_no("Oui") is True
    assert parse_yes_no("Non") is False
    with pytest.raises(ValueError, match="ni « Oui » ni « Non »"):
        parse_yes_no("Peut-être")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12/03/2026 14:05", datetime(2026, 3, 12, 14, 5)),
        ("12/03/2026", datetime(2026, 3, 12)),
        ("2026-03-12", datetime(2026, 3, 12)),
        ("2026-03-12 14:05:00", datetime(2026, 3, 12, 14, 5)),
    ],
)
def test_dates_of_every_pix_version_are_paris_time(value, expected):
    assert parse_datetime(value) == expected.replace(tzinfo=ZoneInfo("Europe/Paris"))


def test_iso_utc_date_keeps_its_zone():
    moment = parse_datetime("2019-03-01T10:00:00.000Z")
    assert moment.utcoffset().total_seconds() == 0
    assert moment.hour == 10


def test_unreadable_date_is_refused():
    with pytest.raises(ValueError, match="date lisible"):
        parse_datetime("mardi dernier")


def test_school_year_starts_in_september():
    assert school_year_of(datetime(2025, 9, 1).date()) == 2025
    assert school_year_of(datetime(2026, 6, 30).date()) == 2025


def test_formula_guard_is_removed_only_before_formula_characters():
    assert clean_text("'-Dupont") == "-Dupont"
    assert clean_text("'=1+1") == "=1+1"
    assert clean_text("'Arc") == "'Arc"
    assert clean_text("  D'Arc ") == "D'Arc"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])))
def test_serialised_text_reads_back(text):
    """What Pix writes reads back as typed (a text that itself starts with the guard aside)."""
    assume(not text.strip().startswith("'") and text.strip() != "NA")
    cell = serialize_value(text)
    if cell.startswith('"'):
        cell = cell[1:-1].replace('""', '"')
    assert clean_text(cell) == text.strip()


def test_division_codes_compare_as_schooldata_says():
    """One rule with Usages (schooldata.matching): spaces and case do not count."""
    assert normalize_division("3  A") == normalize_division(" 3 a ")
    assert normalize_division("3A") == normalize_division("3 A")
    assert normalize_division("3 A") != normalize_division("3 B")


def test_referential_has_the_crcn_structure():
    referential = crcn()
    assert len(referential.domains) == 5
    assert len(referential.competences) == 16
    assert len(referential.levels) == 8
    assert [c.code for c in referential.competences][:3] == ["1.1", "1.2", "1.3"]
    assert referential.pix_per_level == 8
    assert referential.max_pix == 896


def test_both_labels_of_4_3_and_both_domain_spellings():
    referential = crcn()
    old = referential.competence_for("Protéger la santé, le bien-être et l'environnement")
    new = referential.competence_for("Se protéger des risques")
    assert old.code == new.code == "4.3"
    assert referential.competence_for("4.3").code == "4.3"
    assert referential.domain_for("Information et données").code == "1"
    assert referential.competence_for("Faire le café") is None


def test_certifiable_rule_is_five_competences_at_level_one():
    referential = crcn()
    assert referential.is_certifiable({"1.1": 1, "1.2": 2, "2.1": 1, "3.1": 1, "4.1": 3})
    assert not referential.is_certifiable({"1.1": 1, "1.2": 2, "2.1": 1, "3.1": 1, "4.1": 0})


@pytest.mark.parametrize(
    ("score", "key"),
    [
        (0, "LEVEL_PRE_BEGINNER"),
        (63, "LEVEL_PRE_BEGINNER"),
        (64, "LEVEL_BEGINNER_1"),
        (300, "LEVEL_INDEPENDENT_3"),
        (1023, "LEVEL_EXPERT_8"),
    ],
)
def test_score_bands(score, key):
    assert crcn().band_for(score).key == key


def test_columns_found_by_label_and_prefix_whatever_the_version():
    headers = [
        "Nom de l'organisation",
        "ID Campagne",
        "Nom de la campagne",
        "Nom du Profil Cible",
        "Nom du Participant",
        "Prénom du Participant",
        "Classe",
        "Identifiant ENT",
        "% de progression",
        "% de maitrise des acquis de la compétence Se protéger des risques",
        "Acquis maitrisés dans la compétence Interagir",
    ]
    columns = map_columns(
        headers,
        {
            "target_profile": ["Parcours", "Nom du Profil Cible"],
            "last_name": ["Nom du Participant"],
            "first_name": ["Prénom du Participant"],
            "division": ["Classe"],
            "progress": ["% de progression"],
        },
        {
            "mastery": "% de maitrise des acquis de la compétence",
            "skills_validated": "Acquis maitrisés dans la compétence",
        },
        external_id_before="progress",
        identity_end=("first_name", "division"),
    )
    assert columns.fixed["target_profile"] == 3
    assert columns.competences == {"4.3": {"mastery": 9}, "2.1": {"skills_validated": 10}}
    assert columns.external_id == 7
    assert columns.external_id_label == "Identifiant ENT"
