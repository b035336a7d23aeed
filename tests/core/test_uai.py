from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from pilote.core.uai import UAI_ALPHABET, is_valid_uai, validate_uai

REAL_UAIS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "uai-reels.txt"


@pytest.mark.skipif(not REAL_UAIS.exists(), reason="shared/reference/uai-reels.txt absent")
def test_every_real_uai_is_valid():
    codes = REAL_UAIS.read_text().split()
    assert len(codes) == 11395
    invalid = [code for code in codes if not is_valid_uai(code)]
    assert invalid == []


@pytest.mark.parametrize("code", ["0160001P", "0440008V", "0160002R", "0332490C", "0449901Y"])
def test_known_valid_codes(code):
    assert is_valid_uai(code)


@pytest.mark.parametrize(
    "code", ["0750001A", "0351234A", "123ABC", "", "0160001p", "0160001", "01600010P", None]
)
def test_invalid_codes(code):
    assert not is_valid_uai(code)


@given(st.integers(min_value=0, max_value=9_999_999), st.sampled_from(UAI_ALPHABET))
def test_exactly_one_letter_fits_each_number(number, letter):
    digits = f"{number:07d}"
    assert is_valid_uai(digits + letter) == (letter == UAI_ALPHABET[number % 23])


def test_validator_says_which_letter_is_expected():
    with pytest.raises(ValidationError) as excinfo:
        validate_uai("0750001A")
    assert "devrait être U" in str(excinfo.value)
    with pytest.raises(ValidationError, match="7 chiffres"):
        validate_uai("ABC")
