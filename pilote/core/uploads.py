"""Attachments people upload (scans, screenshots, signed letters): size and type limited.

The type is checked on the file's first bytes as well as on its name, so a renamed executable
is refused whatever its extension; the message says what is wrong in French. Attachments are
stored under MEDIA_ROOT and only ever served through a view that checks the school (see
:func:`attachment_response`), never by the web server from ``MEDIA_URL``.
"""

import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...] = ()
    is_text: bool = False


PDF = FileKind("PDF", (".pdf",), (b"%PDF-",))
PNG = FileKind("image PNG", (".png",), (b"\x89PNG\r\n\x1a\n",))
JPEG = FileKind("image JPEG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
DOCX = FileKind("document Word (DOCX)", (".docx",), (b"PK\x03\x04",))
ODT = FileKind("document OpenDocument (ODT)", (".odt",), (b"PK\x03\x04",))
TEXT = FileKind("texte", (".txt", ".log", ".csv"), is_text=True)

# Members of a DOCX / ODT archive that prove it is the document it claims to be.
ARCHIVE_MARKERS = {DOCX: "word/document.xml", ODT: "content.xml"}


def _looks_like(kind: FileKind, head: bytes, upload) -> bool:
    if kind.is_text:
        # Binary formats carry NUL bytes in their first kilobytes; text never does.
        return b"\x00" not in head
    if not any(head.startswith(signature) for signature in kind.signatures):
        return False
    marker = ARCHIVE_MARKERS.get(kind)
    if marker is None:
        return True
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return marker in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def check_upload(upload, *, kinds: tuple[FileKind, ...], max_bytes: int) -> FileKind:
    """Return the kind of ``upload`` or raise a ValidationError that says what is wrong."""
    name = upload.name or "le fichier"
    if upload.size == 0:
        raise ValidationError(f"« {name} » est vide.")
    if upload.size > max_bytes:
        raise ValidationError(
            f"« {name} » pèse {filesizeformat(upload.size)} : la limite est de "
            f"{filesizeformat(max_bytes)}."
        )
    extension = PurePath(name).suffix.lower()
    allowed = ", ".join(ext for kind in kinds for ext in kind.extensions)
    candidates = [kind for kind in kinds if extension in kind.extensions]
    if not candidates:
        raise ValidationError(
            f"« {name} » : type de fichier non accepté. Types acceptés : {allowed}."
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    for kind in candidates:
        if _looks_like(kind, head, upload):
            return kind
    raise ValidationError(
        f"« {name} » porte l'extension {extension} mais son contenu n'est pas un "
        f"{candidates[0].label} : enregistrez-le à nouveau dans ce format."
    )


class LimitedFileField(forms.FileField):
    """A form file field that applies :func:`check_upload`."""

    def __init__(self, *args, kinds: tuple[FileKind, ...], max_bytes: int, **kwargs):
        self.kinds = kinds
        self.max_bytes = max_bytes
        extensions = ", ".join(ext for kind in kinds for ext in kind.extensions)
        kwargs.setdefault(
            "help_text", f"Types acceptés : {extensions} ; {filesizeformat(max_bytes)} au plus."
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(ext for k in kinds for ext in k.extensions))

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size"):
            check_upload(upload, kinds=self.kinds, max_bytes=self.max_bytes)
        return upload


def safe_filename(name: str, *, max_length: int = 120) -> str:
    """The file's own name without any directory, control character or odd punctuation."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in base).strip(" .")
    return (cleaned or "fichier")[-max_length:]


def attachment_response(field_file, filename: str) -> FileResponse:
    """Serve a stored attachment as a download (never rendered inline by the browser).

    A file gone from the disk (a restore without the files, a disk cleaned by hand) is a 404
    that says so, and an error in the server's log for the administrator: never a 500."""
    try:
        stream = field_file.open("rb")
    except FileNotFoundError:
        logger.error("Fichier absent du disque : %s", field_file.name)
        raise Http404(
            "Ce fichier n'est plus sur le serveur : prévenez l'administrateur de Pilote."
        ) from None
    response = FileResponse(stream, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
