"""What the SIECLE and STS-web importers share: open the export, pick the reader and the
writer by its root element, and record the applied export for freshness."""

from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.importing import ImportDiff, Importer, ParsedFile

from ..levels import mef_level
from ..models import DataImport, Division, Mef, Pupil
from .sync import acting_user, update_rows
from .xmlfile import open_export, refuse_unexpected_root


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

    @property
    def left_phrase(self) -> str:
        return self.left_phrases.get(self.source, "{n} enregistrements seront retirés")

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        export = open_export(content, filename)
        source = refuse_unexpected_root(export, set(self.readers), self.expected)
        self.source = source
        reader = self.readers[source](self.school, **self.reader_options(source))
        parsed = reader.read(export)
        parsed.metadata.update({"source": source, "filename": export.filename})
        return parsed

    def reader_options(self, source: str) -> dict:
        return {}

    def writer(self, parsed: ParsedFile):
        return self.writers[parsed.metadata["source"]](self.school, parsed)

    def diff(self, parsed: ParsedFile) -> ImportDiff:
        return self.writer(parsed).diff()

    def apply(self, parsed: ParsedFile) -> ImportDiff:
        with acting_user(self.user):
            diff = self.writer(parsed).apply()
            refresh_division_levels(self.school)
        record_import(self.school, parsed, diff, user=self.user)
        return diff


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
        for m in Mef.objects.filter(school=school)
    }
    from_mefs: dict[int, str] = {}
    for division_id, code in Division.mefs.through.objects.filter(
        division__school=school
    ).values_list("division_id", "mef__code"):
        from_mefs.setdefault(division_id, mef_levels.get(code, ""))
    from_pupils: dict[int, str] = {}
    rows = (
        Pupil.objects.active()
        .filter(school=school)
        .values_list("division_id", "mef")
        .annotate(total=Count("pk"))
        .order_by("division_id", "-total")
    )
    for division_id, mef, _total in rows:
        from_pupils.setdefault(division_id, mef_levels.get(mef) or mef_level(mef))
    changed = []
    for division in Division.objects.filter(school=school):
        level = from_mefs.get(division.pk) or from_pupils.get(division.pk, "")
        if level and division.level != level:
            division.level = level
            changed.append(division)
    update_rows(Division, changed, ["level"])
