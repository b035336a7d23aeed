"""Attachments: size and type limited, checked on the content, French messages."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pilote.core.uploads import DOCX, JPEG, PDF, PNG, TEXT, check_upload, safe_filename

KINDS = (PDF, PNG, JPEG, DOCX, TEXT)
PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def upload(name, content):
    return SimpleUploadedFile(name, content)


def docx_bytes(member="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<w:document/>")
    return buffer.getvalue()


def test_accepts_real_files():
    assert check_upload(upload("scan.pdf", PDF_BYTES), kinds=KINDS, max_bytes=10_000) == PDF
    assert check_upload(upload("lettre.docx", docx_bytes()), kinds=KINDS, max_bytes=10_000) == DOCX
    assert check_upload(upload("journal.log", b"erreur 42\n"), kinds=KINDS, max_bytes=100) == TEXT


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.pdf", b"", "est vide"),
        ("gros.pdf", PDF_BYTES * 1000, "la limite est de"),
        ("virus.exe", b"MZ\x90\x00", "type de fichier non accepté"),
        ("faux.pdf", b"MZ\x90\x00 not a pdf", "n'est pas un PDF"),
        ("faux.docx", docx_bytes("autre.xml"), "n'est pas un document Word"),
        ("binaire.txt", b"abc\x00def", "n'est pas un texte"),
    ],
)
def test_refuses_with_a_french_message(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(upload(name, content), kinds=KINDS, max_bytes=10_000)


def test_safe_filename_drops_directories_and_odd_characters():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\x\\photo écran.png") == "photo écran.png"
    assert safe_filename("<script>.pdf") == "_script_.pdf"
