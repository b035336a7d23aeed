import django_tables2 as tables

from pilote.core.permissions import PUPIL_NAMES
from pilote.core.tables import PiloteTable

from .models import DataImport, Division, Pupil, StaffMember


class PupilTable(PiloteTable):
    last_name = tables.Column(verbose_name="Nom", linkify=False)
    first_name = tables.Column(verbose_name="Prénom")
    birth_date = tables.DateColumn(verbose_name="Naissance", format="d/m/Y")
    division = tables.Column(
        verbose_name="Division",
        order_by=("division__code",),
        linkify=lambda record: record.division_url,
        default="sans division",
    )
    ine = tables.Column(verbose_name="INE", default="—")
    mef = tables.Column(verbose_name="MEF", default="—")
    is_active = tables.Column(
        verbose_name="Présent", accessor="status_label", order_by=("-is_active", "division__code")
    )

    class Meta(PiloteTable.Meta):
        model = Pupil
        fields = ("last_name", "first_name", "birth_date", "division", "ine", "mef", "is_active")
        empty_text = "Aucun élève : importez l'export SIECLE des élèves."


class PupilRowTable(PiloteTable):
    """A list whose rows name a pupil (the pupil, or a result matched to one): name, first
    name and division, written once so that every module shows a pupil alike. The names are
    need-to-know: the page asks for it (``names_pupils``); the table says it too, so that a
    list with chosen columns (``ObjectListView``) leaves them out for a role without it even
    if a page forgot."""

    column_capabilities = {"last_name": PUPIL_NAMES, "first_name": PUPIL_NAMES}

    last_name = tables.Column(verbose_name="Nom")
    first_name = tables.Column(verbose_name="Prénom")
    division = tables.Column(verbose_name="Division", accessor="division__code")


class DivisionTable(PiloteTable):
    code = tables.Column(verbose_name="Code", linkify=lambda record: record.url)
    label = tables.Column(verbose_name="Libellé", default="—")
    is_group = tables.BooleanColumn(verbose_name="Groupe", yesno="groupe,division")
    level = tables.Column(verbose_name="Niveau", default="—")
    pupil_count = tables.Column(verbose_name="Élèves présents", orderable=True)
    service_count = tables.Column(verbose_name="Services")
    in_siecle = tables.BooleanColumn(verbose_name="SIECLE", yesno="oui,non")
    in_sts = tables.BooleanColumn(verbose_name="STS-web", yesno="oui,non")

    class Meta(PiloteTable.Meta):
        model = Division
        fields = (
            "code",
            "label",
            "is_group",
            "level",
            "pupil_count",
            "service_count",
            "in_siecle",
            "in_sts",
        )
        empty_text = "Aucune division : importez Structures (SIECLE) ou l'export STS-web."


class StaffTable(PiloteTable):
    last_name = tables.Column(verbose_name="Nom")
    first_name = tables.Column(verbose_name="Prénom", default="—")
    function = tables.Column(
        verbose_name="Fonction", accessor="function_label", order_by="function"
    )
    disciplines = tables.Column(
        verbose_name="Disciplines", accessor="discipline_labels", orderable=False, default="—"
    )
    service_count = tables.Column(verbose_name="Services")
    sts_type = tables.Column(verbose_name="Origine")

    class Meta(PiloteTable.Meta):
        model = StaffMember
        fields = ("last_name", "first_name", "function", "disciplines", "service_count", "sts_type")
        empty_text = "Aucun personnel : importez l'export STS-web."


class DataImportTable(PiloteTable):
    imported_at = tables.DateTimeColumn(verbose_name="Importé le", format="d/m/Y H:i")
    source = tables.Column(verbose_name="Source")
    filename = tables.Column(verbose_name="Fichier")
    exported_at = tables.DateTimeColumn(verbose_name="Export du", format="d/m/Y H:i", default="—")
    school_year = tables.Column(
        verbose_name="Année scolaire", accessor="school_year_label", order_by="school_year"
    )
    imported_by = tables.Column(verbose_name="Par", default="—")
    counts = tables.Column(verbose_name="Bilan", orderable=False)

    class Meta(PiloteTable.Meta):
        model = DataImport
        fields = (
            "imported_at",
            "source",
            "filename",
            "exported_at",
            "school_year",
            "imported_by",
            "counts",
        )
        empty_text = "Aucun import SIECLE ni STS-web pour l'instant."

    def render_counts(self, value):
        return (
            f"{value.get('created', 0)} créés, {value.get('updated', 0)} modifiés, "
            f"{value.get('left', 0)} sortis, {value.get('unchanged', 0)} inchangés"
        )
