"""``pilote import siecle FILE``: any of the four SIECLE BEE exports, told apart by its root."""

from pilote.core.importing import register_importer

from ..choices import Source
from ..models import Pupil
from .base import ExportImporter
from .siecle_parse import NomenclatureReader, PupilsReader, ResponsiblesReader, StructuresReader
from .siecle_write import NomenclatureWriter, PupilsWriter, ResponsiblesWriter, StructuresWriter


@register_importer
class SiecleImporter(ExportImporter):
    names_pupils = True
    kind = "siecle"
    origin = "siecle"
    label = "SIECLE (élèves, responsables, structures, nomenclatures)"
    help_text = (
        "Exports XML de SIECLE, tels que téléchargés (.zip ou .xml) : ElevesSansAdresses ou "
        "ElevesAvecAdresses, ResponsablesAvecAdresses, Structures, Nomenclature. Pilote reconnaît "
        "chaque fichier. Déposez-les ensemble (plusieurs fichiers, ou un zip qui les contient) : "
        "un seul aperçu, appliqués ensemble dans le bon ordre."
    )
    multiple_files = True
    bundle_order = (
        Source.SIECLE_NOMENCLATURE,
        Source.SIECLE_STRUCTURES,
        Source.SIECLE_ELEVES,
        Source.SIECLE_RESPONSABLES,
    )
    expected = (
        "un export SIECLE (ElevesSansAdresses, ElevesAvecAdresses, ResponsablesAvecAdresses, "
        "Structures ou Nomenclature)"
    )
    readers = {
        Source.SIECLE_ELEVES: PupilsReader,
        Source.SIECLE_RESPONSABLES: ResponsiblesReader,
        Source.SIECLE_STRUCTURES: StructuresReader,
        Source.SIECLE_NOMENCLATURE: NomenclatureReader,
    }
    writers = {
        Source.SIECLE_ELEVES: PupilsWriter,
        Source.SIECLE_RESPONSABLES: ResponsiblesWriter,
        Source.SIECLE_STRUCTURES: StructuresWriter,
        Source.SIECLE_NOMENCLATURE: NomenclatureWriter,
    }

    left_phrases = {
        Source.SIECLE_ELEVES: "{n} élèves seront marqués sortis",
        Source.SIECLE_RESPONSABLES: "{n} responsables ou liens avec un élève seront supprimés",
        Source.SIECLE_STRUCTURES: "{n} divisions ou groupes ne seront plus connus de SIECLE",
    }

    def reader_options(self, source: str, pupils_in_file: set[str] = frozenset()) -> dict:
        """Guardians of pupils Pilote knows, or that the same upload brings."""
        if source != Source.SIECLE_RESPONSABLES or self.school is None:
            return {}
        known = Pupil.objects.for_school(self.school).values_list("siecle_id", flat=True)
        return {"known_pupils": set(known) | set(pupils_in_file)}
