"""The level (6e … Tle) of a MEF, as FORMATS.md §8.1 advises: from the nomenclature's labels
first (post-2019 lycée codes are not published), then from the code's dispositif prefix.
A division's name never gives its level: schools name them freely."""

import re

from .choices import Level

# Label prefixes as SIECLE and STS write FORMATION / LIBELLE_LONG, most specific first.
LABEL_PATTERNS: list[tuple[str, Level]] = [
    (r"^(2NDPRO|2NDE ?PRO|2 ?PRO)", Level.SECONDE_PRO),
    (r"^(1ERPRO|1ERE ?PRO|1 ?PRO)", Level.PREMIERE_PRO),
    (r"^(TLEPRO|TLE ?PRO|T ?PRO)", Level.TERMINALE_PRO),
    (r"^(1CAP|CAP ?1)", Level.CAP1),
    (r"^(2CAP|CAP ?2)", Level.CAP2),
    (r"^(CPGE|BTS|DCG|DNMADE|CLASSE PREPA)", Level.POSTBAC),
    (r"^6", Level.SIXIEME),
    (r"^5", Level.CINQUIEME),
    (r"^4", Level.QUATRIEME),
    (r"^3", Level.TROISIEME),
    (r"^(2|SECONDE)", Level.SECONDE),
    (r"^(1|PREMIERE)", Level.PREMIERE),
    (r"^(T|TERMINALE)", Level.TERMINALE),
]

# Dispositif (first three characters of the MEF code).
PREFIXES: dict[str, Level] = {
    "100": Level.SIXIEME,
    "101": Level.CINQUIEME,
    "102": Level.QUATRIEME,
    "103": Level.TROISIEME,
    "164": Level.SIXIEME,
    "165": Level.CINQUIEME,
    "166": Level.QUATRIEME,
    "167": Level.TROISIEME,
    "200": Level.SECONDE,
    "201": Level.PREMIERE,
    "202": Level.TERMINALE,
    "300": Level.POSTBAC,
    "301": Level.POSTBAC,
}


def level_from_label(label: str) -> str:
    label = label.strip().upper()
    for pattern, level in LABEL_PATTERNS:
        if re.match(pattern, label):
            return level
    return ""


def mef_level(code: str, *labels: str, attached_code: str = "") -> str:
    """The normalised level of a MEF, "" when nothing tells it."""
    for label in labels:
        if label and (level := level_from_label(label)):
            return level
    for candidate in (attached_code, code):
        if candidate and candidate[:3] in PREFIXES:
            return PREFIXES[candidate[:3]]
    return ""
