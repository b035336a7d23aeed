"""Opening a SIECLE or STS-web export the way it is downloaded, and nothing else.

An export arrives as a bare ``.xml`` or inside a ``.zip`` (told apart by its magic bytes, not
its name), declared ISO-8859-15, sometimes with a UTF-8 BOM. Everything that is not a genuine
export is refused here with a French message naming the file the person probably meant: a
CSV, the timetable software's ``EDT_STS`` file, a SIECLE file given as STS-web or the reverse,
a file re-saved by an editor (garbled accents), a DTD or entity trick, a zip bomb, a
truncated file. Elements are read as a stream and cleared once handled, so that a 3,000-pupil
lycée file is never held twice in memory.
"""

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from lxml import etree

from pilote.core.files import FileRefused, refuse_doctype, unzip_single, xml_in_utf8
from pilote.core.importing import ParsedFile

from ..choices import Source

PARIS = ZoneInfo("Europe/Paris")

# Same settings as core.files.hardened_xml_parser: no DTD, no entity, no network, no huge tree.
HARDENED = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

SIECLE_HOWTO = (
    "dans SIECLE (ARENA › Scolarité du 2nd degré › Consultation et export › Exportations › En XML)"
)
STS_HOWTO = "dans STS-web (Exports › Emploi du temps : sts_emp_<UAI>_<année>.xml)"

# Root element → (what it is, the source it feeds or None when Pilote does not read it).
ROOTS: dict[str, tuple[str, str | None]] = {
    "BEE_ELEVES": ("l'export SIECLE des élèves (ElevesSansAdresses.xml)", Source.SIECLE_ELEVES),
    "BEE_RESPONSABLES": (
        "l'export SIECLE des responsables (ResponsablesAvecAdresses.xml)",
        Source.SIECLE_RESPONSABLES,
    ),
    "BEE_STRUCTURES": ("l'export SIECLE des structures (Structures.xml)", Source.SIECLE_STRUCTURES),
    "BEE_NOMENCLATURES": (
        "l'export SIECLE des nomenclatures (Nomenclature.xml)",
        Source.SIECLE_NOMENCLATURE,
    ),
    "STS_EDT": ("l'export STS-web pour l'emploi du temps (sts_emp_<UAI>_<année>.xml)", Source.STS),
    "BEE_COMMUN": ("l'export SIECLE « Communs » (ExportCommuns.zip)", None),
    "EDT_STS": (
        "le fichier que le logiciel d'emploi du temps envoie à STS-web (emp_sts_…, racine EDT_STS)",
        None,
    ),
}

# UTF-8 lead byte (Â Ã Ä Å) followed by a continuation byte, read as ISO-8859-15.
GARBLED = re.compile("[ÂÃÄÅ][\x80-\xbf€ŠšŽžŒœŸ]")


@dataclass
class XmlExport:
    filename: str
    data: bytes
    root: str


def open_export(content: bytes, filename: str) -> XmlExport:
    """The XML inside ``content`` (zipped or not), with its root element, or FileRefused."""
    if content[:4] == b"PK\x03\x04":
        member, content = unzip_single(content, filename=filename, suffix=".xml")
        filename = f"{filename} › {member}"
    content = xml_in_utf8(content, filename)
    refuse_doctype(content, filename)
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        raise FileRefused(
            f"{filename} n'est pas un fichier XML (un export CSV ou un tableur ?). Pilote lit "
            f"les exports XML téléchargés {SIECLE_HOWTO} ou {STS_HOWTO}."
        )
    return XmlExport(filename=filename, data=content, root=_root_tag(content, filename))


def _root_tag(data: bytes, filename: str) -> str:
    try:
        for _event, element in etree.iterparse(io.BytesIO(data), events=("start",), **HARDENED):
            return element.tag
    except (etree.XMLSyntaxError, LookupError, ValueError) as exc:
        raise FileRefused(_syntax_message(filename, exc)) from exc
    raise FileRefused(f"{filename} ne contient aucun élément XML.")


def _syntax_message(filename: str, exc: Exception) -> str:
    text = str(exc)
    if "encoding" in text.lower():
        return (
            f"{filename} déclare un encodage que Pilote ne connaît pas ({text}). Un export SIECLE "
            "ou STS-web est en ISO-8859-15 : téléchargez-le à nouveau sans le modifier."
        )
    line = getattr(exc, "lineno", None)
    where = f" (ligne {line})" if line else ""
    return (
        f"{filename} : le XML est incomplet ou mal formé{where} — {text}. Le fichier a "
        "peut-être été tronqué pendant le téléchargement : téléchargez-le à nouveau."
    )


def refuse_unexpected_root(export: XmlExport, accepted: set[str], expected: str) -> str:
    """The source the root stands for, or a refusal naming the file the person meant."""
    known = ROOTS.get(export.root)
    if known and known[1] in accepted:
        return known[1]
    what = known[0] if known else f"un fichier XML de racine « {export.root} »"
    raise FileRefused(f"{export.filename} est {what}, pas {expected}.")


def stream(export: XmlExport, handlers: dict[str, Callable]) -> None:
    """Call ``handlers[tag](element)`` at the end of each element of interest, then free it.

    A handler returns False for an element met out of its context (then it is kept for its
    parent's handler); elements with no handler stay in the tree until their parent is freed.
    """
    try:
        for _event, element in etree.iterparse(
            io.BytesIO(export.data), events=("end",), tag=list(handlers), **HARDENED
        ):
            if handlers[element.tag](element) is not False:
                _free(element)
    except (etree.XMLSyntaxError, LookupError, ValueError) as exc:
        raise FileRefused(_syntax_message(export.filename, exc)) from exc


def _free(element) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def text(element, path: str) -> str:
    """Stripped text of a child (older exports pad values with spaces); "" when absent."""
    return (element.findtext(path) or "").strip()


def attr(element, name: str) -> str:
    return (element.get(name) or "").strip()


def children(element, path: str) -> Iterator:
    yield from element.iterfind(path)


def location(element, label: str = "") -> str:
    line = f"ligne {element.sourceline}" if element.sourceline else ""
    return ", ".join(part for part in (label, line) if part)


def is_garbled(*values: str) -> bool:
    return any(GARBLED.search(value) for value in values if value)


GARBLED_MESSAGE = (
    "les noms contiennent des caractères mal encodés (par exemple « Ã© » au lieu de « é ») : "
    "le fichier a probablement été ouvert puis réenregistré dans un éditeur ou un tableur. "
    "Téléchargez à nouveau l'export et importez-le sans l'ouvrir."
)


def parse_french_date(value: str) -> date | None:
    """``dd/mm/yyyy`` as SIECLE writes it; ValueError for anything else."""
    if not value:
        return None
    return datetime.strptime(value, "%d/%m/%Y").date()


def parse_iso_date(value: str) -> date | None:
    if not value:
        return None
    return date.fromisoformat(value)


def parse_timestamp(value: str) -> datetime | None:
    """SIECLE HORODATAGE ``dd/mm/yyyy HH:MM:SS``, Paris time."""
    if not value:
        return None
    return datetime.strptime(value, "%d/%m/%Y %H:%M:%S").replace(tzinfo=PARIS)


def current_school_year(today: date | None = None) -> int:
    """First calendar year of the school year under way (the year switches in August)."""
    today = today or timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def check_envelope(parsed: ParsedFile, school, *, uaj: str, year: str, where: str) -> None:
    """Store the export's identity and refuse another school's file; warn on another year."""
    parsed.metadata.update({"uaj": uaj, "school_year": None})
    if not uaj:
        parsed.warn(
            "le fichier ne dit pas de quel établissement il est (UAJ vide) : vérifiez avant "
            "d'appliquer que c'est bien l'export de cet établissement.",
            where,
        )
    elif school is not None and uaj.upper() != school.uai:
        parsed.error(
            f"ce fichier est celui de l'établissement {uaj}, pas de {school.uai} ({school.name}). "
            "Vérifiez que vous avez téléchargé l'export du bon établissement.",
            where,
        )
    if not year.isdigit():
        parsed.warn(f"année scolaire illisible « {year} ».", where)
        return
    parsed.metadata["school_year"] = int(year)
    expected = current_school_year()
    if int(year) != expected:
        parsed.warn(
            f"le fichier est celui de l'année scolaire {year}-{int(year) + 1}, alors que l'année "
            f"en cours est {expected}-{expected + 1} (la bascule d'année a-t-elle eu lieu ?). "
            "N'appliquez l'import que si c'est bien voulu.",
            where,
        )
