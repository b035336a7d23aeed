"""Reading the files people upload: tables (CSV / XLSX), zips and XML, defensively.

Real exports come as CSV in UTF-8 with or without BOM or in ISO-8859-15, as XLSX, as XML
declared ISO-8859-15, sometimes zipped. Every reader here turns a bad file into a
:class:`FileRefused` whose French message says what is wrong, so that no importer has to
re-invent these checks.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from lxml import etree


class FileRefused(Exception):
    """The whole file is unusable; the message is shown to the user as is."""


def normalize_label(label: str) -> str:
    """Header matching that tolerates case, accents, punctuation and spacing."""
    text = unicodedata.normalize("NFKD", str(label or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Neutralise a cell that a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass
class Table:
    """Rows of a spreadsheet with their line numbers as the user sees them (header = 1)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]

    def header_index(self, aliases: dict[str, list[str]]) -> dict[str, int]:
        """Map field names to column indexes, each field matched by any of its labels."""
        normalized = [normalize_label(h) for h in self.headers]
        found = {}
        for field, labels in aliases.items():
            for label in labels:
                key = normalize_label(label)
                if key in normalized:
                    found[field] = normalized.index(key)
                    break
        return found


def decode_text(content: bytes, *, filename: str = "le fichier") -> str:
    """UTF-8 (BOM or not) first, then Windows / ISO-8859-15 as spreadsheets save them; UTF-16
    with its byte-order mark as Excel's « Texte Unicode » saves it."""
    if content[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileRefused(
                f"{filename} semble encodé en UTF-16 mais ne se lit pas dans cet encodage : "
                "enregistrez-le en CSV UTF-8."
            ) from exc
    if b"\x00" in content[:4096]:
        raise FileRefused(
            f"{filename} n'est pas un fichier texte (CSV) : enregistrez-le en CSV ou en XLSX."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_csv(content: bytes, *, filename: str = "le fichier", max_field: int = 100_000) -> Table:
    text = decode_text(content, filename=filename)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    if "\t" in sample.split("\n", 1)[0] and sample.count("\t") > sample.count(delimiter):
        delimiter = "\t"
    csv.field_size_limit(max_field)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise FileRefused(
            f"{filename} : ligne {reader.line_num}, {_csv_problem(str(exc), max_field)}"
        ) from exc
    return _table_from_lines(lines, filename)


def _csv_problem(error: str, max_field: int) -> str:
    """The csv module's English message, said in French with what to do about it."""
    if "field larger than field limit" in error:
        return (
            f"une cellule dépasse {max_field:_} caractères".replace("_", "\u202f")
            + " : un guillemet ouvert n'est sans doute jamais fermé. Corrigez la cellule ou "
            "enregistrez le fichier en XLSX."
        )
    if "new-line character seen in unquoted field" in error:
        return (
            "un retour à la ligne isolé coupe une ligne : enregistrez le fichier à nouveau "
            "en CSV depuis le tableur."
        )
    if "NUL" in error:
        return "le fichier contient un caractère nul : ce n'est pas un CSV texte."
    return "le CSV est mal formé (guillemets mal placés ?) : enregistrez-le à nouveau."


# An XLSX is a zip of XML parts: the limits of any archive apply before openpyxl inflates it,
# and the cells read are counted (a row may be padded to its sheet's declared width).
MAX_XLSX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 1000
MAX_XLSX_CELLS = 2_000_000
SMALL_MEMBER = 1024 * 1024


def check_xlsx_archive(content: bytes, filename: str) -> None:
    """Refuse, from the zip's directory alone, a workbook that would inflate beyond reason.

    zipfile never inflates a member beyond the size its directory declares, so checking the
    declared sizes bounds what openpyxl can be made to read."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused(f"{filename} n'est pas un classeur XLSX lisible.") from exc
    if len(members) > MAX_XLSX_MEMBERS:
        raise FileRefused(
            f"{filename} contient {len(members)} parties : ce n'est pas un classeur ordinaire, "
            "il est refusé par sécurité."
        )
    total = sum(info.file_size for info in members)
    if total > MAX_XLSX_UNZIPPED_BYTES:
        raise FileRefused(
            f"{filename} : une fois décompressé, le classeur dépasse "
            f"{MAX_XLSX_UNZIPPED_BYTES // (1024 * 1024)} Mo. Enregistrez seulement la feuille "
            "utile, ou en CSV."
        )
    for info in members:
        ratio = info.file_size / info.compress_size if info.compress_size else info.file_size
        if info.file_size > SMALL_MEMBER and ratio > MAX_ZIP_RATIO:
            raise FileRefused(
                f"{filename} : taux de compression anormal ({info.filename}), le classeur est "
                "refusé par sécurité."
            )


def read_xlsx(content: bytes, *, filename: str = "le fichier") -> Table:
    from openpyxl import load_workbook

    check_xlsx_archive(content, filename)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileRefused(f"{filename} n'est pas un classeur XLSX lisible.") from exc
    try:
        sheet = workbook.worksheets[0]
        lines, cells = [], 0
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
            if cells > MAX_XLSX_CELLS:
                raise FileRefused(
                    f"{filename} : plus de {MAX_XLSX_CELLS:_} cellules".replace("_", "\u202f")
                    + " dans la première feuille (des cellules loin à droite ou en bas ?). "
                    "Enregistrez seulement le tableau utile."
                )
            lines.append(["" if cell is None else _cell_text(cell) for cell in row])
    except FileRefused:
        raise
    except Exception as exc:  # a part that inflates badly or is malformed XML
        raise FileRefused(f"{filename} n'est pas un classeur XLSX lisible.") from exc
    finally:
        workbook.close()
    return _table_from_lines(lines, filename)


def _cell_text(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table_from_lines(lines: list[list[str]], filename: str) -> Table:
    numbered = [
        (number, [cell.strip() for cell in line])
        for number, line in enumerate(lines, start=1)
        if any(str(cell).strip() for cell in line)
    ]
    if not numbered:
        raise FileRefused(f"{filename} est vide.")
    (_, headers), *rows = numbered
    return Table(headers=headers, rows=rows)


def read_table(content: bytes, filename: str) -> Table:
    """A CSV or XLSX file, told apart by its content rather than trusted by its name."""
    if content[:4] == b"PK\x03\x04":
        return read_xlsx(content, filename=filename)
    return read_csv(content, filename=filename)


MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100


def unzip_single(
    content: bytes,
    *,
    filename: str = "l'archive",
    suffix: str = "",
    max_bytes: int = MAX_UNZIPPED_BYTES,
    max_ratio: int = MAX_ZIP_RATIO,
) -> tuple[str, bytes]:
    """The one member of a zip, refusing archives that hold several files or a bomb."""
    members = unzip_members(
        content, filename=filename, suffix=suffix, max_bytes=max_bytes, max_ratio=max_ratio
    )
    if len(members) != 1:
        raise FileRefused(
            f"{filename} doit contenir exactement un fichier{' ' + suffix if suffix else ''} "
            f"(il en contient {len(members)})."
        )
    return members[0]


MAX_ZIP_MEMBERS = 20


def unzip_members(
    content: bytes,
    *,
    filename: str = "l'archive",
    suffix: str = "",
    max_bytes: int = MAX_UNZIPPED_BYTES,
    max_ratio: int = MAX_ZIP_RATIO,
    max_members: int = MAX_ZIP_MEMBERS,
) -> list[tuple[str, bytes]]:
    """The members of a zip (``suffix``: only those), refusing a bomb.

    ``__MACOSX`` folders and dot-files are ignored; the declared sizes (each and together)
    are checked before anything is inflated and the inflated size is checked while reading.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise FileRefused(f"{filename} n'est pas une archive zip lisible.") from exc
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not info.filename.rsplit("/", 1)[-1].startswith(".")
        and (not suffix or info.filename.lower().endswith(suffix))
    ]
    if len(members) > max_members:
        raise FileRefused(
            f"{filename} contient {len(members)} fichiers : au plus {max_members} sont admis."
        )
    if sum(info.file_size for info in members) > max_bytes:
        raise FileRefused(f"{filename} : le fichier décompressé dépasse la taille admise.")
    found = []
    for info in members:
        if info.compress_size and info.file_size / info.compress_size > max_ratio:
            raise FileRefused(
                f"{filename} : taux de compression anormal, l'archive est refusée par sécurité."
            )
        try:
            with archive.open(info) as member:
                data = member.read(max_bytes + 1)
        except (zipfile.BadZipFile, RuntimeError, OSError) as exc:
            raise FileRefused(f"{filename} : l'archive est endommagée ou chiffrée.") from exc
        if len(data) > max_bytes:
            raise FileRefused(f"{filename} : le fichier décompressé dépasse la taille admise.")
        found.append((info.filename, data))
    return found


def hardened_xml_parser(**kwargs) -> etree.XMLParser:
    """lxml parser that loads no DTD, expands no entity and never touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        **kwargs,
    )


UTF16_PREFIXES = {
    codecs.BOM_UTF16_LE: "utf-16",
    codecs.BOM_UTF16_BE: "utf-16",
    b"<\x00": "utf-16-le",
    b"\x00<": "utf-16-be",
}
XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")


def xml_in_utf8(content: bytes, filename: str) -> bytes:
    """An XML file saved in UTF-16 (with or without its byte-order mark), re-encoded in UTF-8
    so that the checks on its bytes (DOCTYPE, root) see what the parser will read; other
    files unchanged. A file that says UTF-16 but is not is refused as such."""
    encoding = UTF16_PREFIXES.get(content[:2])
    if encoding is None:
        return content
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileRefused(
            f"{filename} semble encodé en UTF-16 mais ne se lit pas dans cet encodage "
            f"(octet {exc.start}) : enregistrez-le à nouveau en UTF-8 ou ISO-8859-15."
        ) from exc
    return XML_ENCODING.sub(r"\1", text.lstrip("\ufeff"), count=1).encode("utf-8")


def refuse_doctype(content: bytes, filename: str) -> None:
    """A DTD has no place in an export: refusing it rules out entity tricks of any kind."""
    head = content[:65536].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise FileRefused(
            f"{filename} contient une déclaration DOCTYPE ou ENTITY : ce n'est pas un export "
            "officiel, le fichier est refusé par sécurité."
        )
