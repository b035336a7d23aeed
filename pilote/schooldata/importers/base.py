"""What the SIECLE and STS-web importers share: open the export, pick the reader and the
writer by its root element, and record the applied export for freshness."""

from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.files import FileRefused, unzip_members
from pilote.core.importing import ImportDiff, Importer, ParsedFile

from ..levels import mef_level
from ..models import DataImport, Division, Mef, Pupil
from .sync import acting_user, update_rows
from .xmlfile import ROOTS, XmlExport, open_export, refuse_unexpected_root


class ExportImporter(Importer):
    domain = Domain.DONNEES
    extensions = (".xml", ".zip")
    personal_data = True
    # Source → (reader class, writer class); ``expected`` names the files in refusals.
    readers: dict = {}
    writers: dict = {}
    expected: str = ""
    # Source → what ``diff.left`` means, for the confirmation of a mass removal.
    left_phrases: dict = {}
    source: str = ""
    # Several exports in one upload (one zip, or several files the page zips together),
    # applied in this order: each file's writer sees what the previous ones wrote.
    bundle_order: tuple = ()

    @property
    def left_phrase(self) -> str:
        parts = getattr(self, "parts_left", None)
        if parts is None:
            return self.left_phrases.get(self.source, "{n} enregistrements seront retirés")
        details = ", ".join(
            self.left_phrases.get(source, "{n} enregistrements seront retirés").format(
                n=f"{count:,}".replace(",", "\u00a0")
            )
            for source, count in parts.items()
            if count
        )
        return "{n} enregistrements seront retirés : " + details

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        if self.bundle_order and content[:4] == b"PK\x03\x04":
            members = unzip_members(content, filename=filename, suffix=".xml")
            if len(members) > 1:
                return self.parse_bundle(members, filename)
        export = open_export(content, filename)
        source = refuse_unexpected_root(export, set(self.readers), self.expected)
        self.source = source
        reader = self.readers[source](self.school, **self.reader_options(source))
        parsed = reader.read(export)
        parsed.metadata.update({"source": source, "filename": export.filename})
        return parsed

    def parse_bundle(self, members: list[tuple[str, bytes]], filename: str) -> ParsedFile:
        """Each export of the archive read by its own reader; errors name the file."""
        exports: dict[str, XmlExport] = {}
        for name, data in members:
            export = open_export(data, f"{filename} › {name}")
            source = refuse_unexpected_root(export, set(self.readers), self.expected)
            if source in exports:
                raise FileRefused(
                    f"{filename} contient deux fois {ROOTS[export.root][0]} "
                    f"({exports[source].filename} et {export.filename}) : déposez chaque "
                    "export une seule fois."
                )
            exports[source] = export
        combined = ParsedFile(metadata={"parts": [], "filename": filename})
        in_file: set[str] = set()
        for source in self.bundle_order:
            if source not in exports:
                continue
            export = exports[source]
            reader = self.readers[source](self.school, **self.reader_options(source, in_file))
            part = reader.read(export)
            part.metadata.update({"source": source, "filename": export.filename})
            in_file |= {getattr(r, "siecle_id", "") for r in part.records} - {""}
            name = export.filename.rsplit(" › ", 1)[-1]
            for issue in part.errors:
                combined.error(issue.message, ", ".join(filter(None, (name, issue.location))))
            for issue in part.warnings:
                combined.warn(issue.message, ", ".join(filter(None, (name, issue.location))))
            combined.metadata["parts"].append(part)
        return combined

    def reader_options(self, source: str, pupils_in_file: set[str] = frozenset()) -> dict:
        return {}

    def parts(self, parsed: ParsedFile) -> list[ParsedFile]:
        return parsed.metadata.get("parts") or [parsed]

    def writer(self, parsed: ParsedFile):
        return self.writers[parsed.metadata["source"]](self.school, parsed)

    def diff(self, parsed: ParsedFile) -> ImportDiff:
        return self.merge(parsed, [(part, self.writer(part).diff()) for part in self.parts(parsed)])

    def apply(self, parsed: ParsedFile) -> ImportDiff:
        done = []
        with acting_user(self.user):
            # One after the other: pupils are written before their guardians' links.
            for part in self.parts(parsed):
                done.append((part, self.writer(part).apply()))
            refresh_division_levels(self.school)
        for part, diff in done:
            record_import(self.school, part, diff, user=self.user)
        return self.merge(parsed, done)

    def merge(self, parsed: ParsedFile, done: list) -> ImportDiff:
        """One diff for the upload; a division named by two files is counted once."""
        if len(done) == 1 and "parts" not in parsed.metadata:
            return done[0][1]
        merged = ImportDiff()
        self.parts_left = {}
        for part, diff in done:
            source = part.metadata["source"]
            merged.created.extend(c for c in diff.created if c not in merged.created)
            merged.updated.extend(diff.updated)
            merged.left.extend(diff.left)
            merged.unchanged += diff.unchanged
            self.parts_left[source] = self.parts_left.get(source, 0) + len(diff.left)
        return merged


def record_import(school, parsed: ParsedFile, diff: ImportDiff, *, user=None) -> DataImport:
    metadata = parsed.metadata
    exported = metadata.get("exported_at")
    return DataImport.objects.create(
        school=school,
        source=metadata["source"],
        filename=metadata["filename"][:255],
        uaj=metadata.get("uaj", "")[:8],
        school_year=metadata.get("school_year"),
        exported_at=datetime.fromisoformat(exported) if exported else timezone.now(),
        imported_by=user if user and user.is_authenticated else None,
        counts={**diff.counts, "warnings": len(parsed.warnings)},
    )


def refresh_division_levels(school) -> None:
    """A division's level is its MEFs' level, else the most common MEF of its pupils."""
    mef_levels = {
        m.code: m.level or mef_level(m.code, m.formation, m.label, attached_code=m.attached_code)
        for m in Mef.objects.for_school(school)
    }
    from_mefs: dict[int, str] = {}
    for division_id, code in Division.mefs.through.objects.filter(
        division__school=school
    ).values_list("division_id", "mef__code"):
        from_mefs.setdefault(division_id, mef_levels.get(code, ""))
    from_pupils: dict[int, str] = {}
    rows = (
        Pupil.objects.active()
        .for_school(school)
        .values_list("division_id", "mef")
        .annotate(total=Count("pk"))
        .order_by("division_id", "-total")
    )
    for division_id, mef, _total in rows:
        from_pupils.setdefault(division_id, mef_levels.get(mef) or mef_level(mef))
    changed = []
    for division in Division.objects.for_school(school):
        level = from_mefs.get(division.pk) or from_pupils.get(division.pk, "")
        if level and division.level != level:
            division.level = level
            changed.append(division)
    update_rows(Division, changed, ["level"])
