"""Hostile tables and XML (issue #15, item 7): an XLSX is a zip and gets the limits of any
archive before openpyxl reads it; CSV errors are said in French; UTF-16 XML is read as such.

Each attack goes through the web upload of an import: HTTP 400, a French message, nothing
written (no pending import, no equipment)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pilote.core.files import FileRefused, read_csv, read_table, xml_in_utf8
from pilote.core.importing import get_importer, run_import
from pilote.core.models import ImportBatch, ImportStatus
from pilote.inventory.importers.inventaire import template_xlsx
from pilote.inventory.models import Equipment
from pilote.schooldata.models import Pupil
from tests.schooldata import xml

pytestmark = pytest.mark.django_db

SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def with_sheet(sheet: bytes) -> bytes:
    """Pilote's own inventory template, its first sheet replaced by ``sheet``."""
    source = zipfile.ZipFile(io.BytesIO(template_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def inflating_workbook() -> bytes:
    """80 Ko that inflate to 54 Mo of XML (the issue's 159 Ko cost 17 s and 120 Mo)."""
    body = b"<sheetData>" + b"<row/>" * 9_000_000 + b"</sheetData></worksheet>"
    return with_sheet(SHEET_START + body)


def wide_workbook() -> bytes:
    """A modest sheet whose rows reach column XFD: openpyxl pads every row to 16 384 cells."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>1</v></c></row>' % (n, n, n)
        for n in range(1, 301)
    )
    body = b'<dimension ref="A1:XFD300"/><sheetData>' + rows + b"</sheetData></worksheet>"
    return with_sheet(SHEET_START + body)


def upload(client, world, content: bytes, name: str, kind: str = "inventaire"):
    return client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/{kind}/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_an_inflating_workbook_is_refused_before_openpyxl_reads_it(client, world, monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl ne devait pas ouvrir ce classeur")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    content = inflating_workbook()
    assert len(content) < 200_000
    client.force_login(world["chef.college"])
    response = upload(client, world, content, "parc.xlsx")
    assert response.status_code == 400
    assert "décompressé" in response.content.decode()
    assert not ImportBatch.objects.exclude(status=ImportStatus.REFUSED).exists()
    assert not Equipment.objects.exists()


def test_a_workbook_padded_to_column_xfd_is_refused(client, world):
    client.force_login(world["chef.college"])
    response = upload(client, world, wide_workbook(), "parc.xlsx")
    assert response.status_code == 400
    assert "cellules" in response.content.decode()
    assert not ImportBatch.objects.exclude(status=ImportStatus.REFUSED).exists()
    assert not Equipment.objects.exists()


def test_a_workbook_inflating_above_the_ratio_is_refused_before_openpyxl():
    body = b"<sheetData>" + b"<row/>" * 2_000_000 + b"</sheetData></worksheet>"
    with pytest.raises(FileRefused, match="taux de compression anormal"):
        read_table(with_sheet(SHEET_START + body), "parc.xlsx")


def test_an_ordinary_workbook_is_still_read():
    table = read_table(template_xlsx(), "modele.xlsx")
    assert table.rows


def test_a_broken_csv_says_what_is_wrong_in_french(client, world):
    content = b'Numero;Categorie\nA-1;"Portable' + b"x" * 200_000 + b"\n"
    with pytest.raises(FileRefused) as refusal:
        read_csv(content, filename="parc.csv")
    message = str(refusal.value)
    assert "field larger" not in message
    assert "une cellule dépasse" in message and "guillemet" in message
    client.force_login(world["chef.college"])
    response = upload(client, world, content, "parc.csv")
    assert response.status_code == 400
    assert "field larger" not in response.content.decode()
    assert not ImportBatch.objects.exclude(status=ImportStatus.REFUSED).exists()


def test_a_utf16_csv_from_excel_is_read():
    content = "Numéro\tCatégorie\nA-1\tPortable\n".encode("utf-16")
    table = read_csv(content, filename="parc.txt")
    assert table.headers == ["Numéro", "Catégorie"]


def siecle_in_utf16() -> bytes:
    text = xml.pupils_file([xml.pupil("1001")], [xml.structures("1001", ("6 A", "D"))])
    return text.decode("iso-8859-15").encode("utf-16")


def test_a_utf16_siecle_export_is_read(world):
    report = run_import(
        get_importer("siecle")(school=world.college), siecle_in_utf16(), "eleves.xml", apply=True
    )
    assert not report.refused, report.parsed.errors
    assert Pupil.objects.filter(school=world.college, siecle_id="1001").exists()


def test_a_doctype_hidden_in_utf16_is_refused_as_such(client, world):
    hostile = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM '
        '"file:///etc/passwd">]><BEE_ELEVES><DONNEES/></BEE_ELEVES>'
    )
    for content in (hostile.encode("utf-16"), hostile.encode("utf-16-le")):
        report = run_import(
            get_importer("siecle")(school=world.college), content, "x.xml", apply=True
        )
        assert report.refused
        assert "DOCTYPE" in str(report.parsed.errors[0])
    client.force_login(world["chef.college"])
    response = upload(client, world, hostile.encode("utf-16"), "eleves.xml", kind="siecle")
    assert response.status_code == 400
    assert "DOCTYPE" in response.content.decode()
    assert not Pupil.objects.exists()


def test_a_file_claiming_utf16_but_broken_is_refused_as_such():
    with pytest.raises(FileRefused, match="UTF-16"):
        xml_in_utf8(b"\xff\xfe<\x00?\x00\x00\xd8", "eleves.xml")
