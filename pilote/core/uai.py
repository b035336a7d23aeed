"""The UAI (ex-RNE), the national identifier of every school.

Seven digits and a check letter: the digits read as an integer, modulo 23, index into the
alphabet without I, O and Q (FORMATS.md §7, checked on 11,395 real codes).
"""

import re

from django.core.exceptions import ValidationError

UAI_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"
UAI_PATTERN = re.compile(r"^[0-9]{7}[A-Z]$")


def normalize_uai(code: str) -> str:
    return (code or "").strip().upper()


def expected_check_letter(digits: str) -> str:
    return UAI_ALPHABET[int(digits) % 23]


def is_valid_uai(code: str) -> bool:
    """True when ``code`` is 7 digits followed by its check letter (case-sensitive)."""
    if not isinstance(code, str) or not UAI_PATTERN.match(code):
        return False
    return expected_check_letter(code[:7]) == code[7]


def validate_uai(value: str) -> None:
    """Django validator with a message that tells the user what is wrong."""
    if not isinstance(value, str) or not UAI_PATTERN.match(value):
        raise ValidationError(
            "« %(value)s » n'est pas un UAI : il faut 7 chiffres suivis d'une lettre "
            "(ex. 0160001P).",
            code="uai_format",
            params={"value": value},
        )
    if not is_valid_uai(value):
        raise ValidationError(
            "« %(value)s » n'est pas un UAI valide : la lettre de contrôle devrait "
            "être %(letter)s.",
            code="uai_check_letter",
            params={"value": value, "letter": expected_check_letter(value[:7])},
        )
