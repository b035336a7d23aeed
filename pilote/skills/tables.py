"""Lists of the « Compétences » module."""

import django_tables2 as tables

from pilote.core.tables import ActionsColumn, BadgeColumn, PiloteTable
from pilote.schooldata.models import Pupil, StaffMember
from pilote.schooldata.tables import PupilRowTable

from .choices import MatchStatus
from .models import Campaign, CertificationResult, Participation

MATCH_BADGES = {
    MatchStatus.MATCHED: "fr-badge--success",
    MatchStatus.UNMATCHED: "fr-badge--error",
    MatchStatus.AMBIGUOUS: "fr-badge--warning",
}


def as_percent(value) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.0f} %".replace(".", ",")


def yes_no(value) -> str:
    if value is None:
        return "—"
    return "Oui" if value else "Non"


class PercentColumn(tables.Column):
    """A fraction 0–1 shown as a percentage; exported as the fraction itself."""

    def render(self, value):
        return as_percent(value)

    def value(self, value):
        return value


class YesNoColumn(tables.Column):
    def render(self, value):
        return yes_no(value)

    def value(self, value):
        return yes_no(value)


class CampaignTable(PiloteTable):
    default_columns = (
        "kind",
        "school_year_label",
        "started",
        "shared_count",
        "completed",
        "unmatched",
    )
    name = tables.LinkColumn(
        "skills:campaign_detail",
        kwargs={"uai": tables.A("school__uai"), "pk": tables.A("pk")},
        verbose_name="Campagne",
    )
    kind = tables.Column(verbose_name="Type")
    school_year_label = tables.Column(verbose_name="Année", order_by="school_year")
    target_profile = tables.Column(verbose_name="Parcours")
    started = tables.Column(verbose_name="Participants")
    shared_count = tables.Column(verbose_name="Partagés")
    completed = tables.Column(verbose_name="Terminés")
    unmatched = tables.Column(verbose_name="Non rattachés")
    exported_on = tables.DateColumn(verbose_name="Export du", format="d/m/Y", default="—")

    class Meta(PiloteTable.Meta):
        model = Campaign
        fields = (
            "name",
            "kind",
            "school_year_label",
            "target_profile",
            "started",
            "shared_count",
            "completed",
            "unmatched",
            "exported_on",
        )
        empty_text = "Aucune campagne importée : importez un export Pix Orga."


class ParticipationTable(PupilRowTable):
    default_columns = (
        "first_name",
        "division",
        "campaign",
        "progress",
        "shared",
        "mastery",
        "match_status",
    )
    campaign = tables.Column(verbose_name="Campagne", accessor="campaign__name")
    progress = PercentColumn(verbose_name="Progression")
    shared = YesNoColumn(verbose_name="Partagé")
    shared_at = tables.DateTimeColumn(verbose_name="Partagé le", format="d/m/Y", default="—")
    mastery = PercentColumn(verbose_name="Maîtrise")
    total_pix = tables.Column(verbose_name="Pix", default="—")
    certifiable = YesNoColumn(verbose_name="Certifiable")
    match_status = BadgeColumn(MATCH_BADGES, icon=False, verbose_name="Rattachement")

    class Meta(PupilRowTable.Meta):
        model = Participation
        fields = (
            "last_name",
            "first_name",
            "division",
            "campaign",
            "progress",
            "shared",
            "shared_at",
            "mastery",
            "total_pix",
            "certifiable",
            "match_status",
        )
        empty_text = "Aucune participation."


class ReminderTable(PupilRowTable):
    has_started = tables.Column(verbose_name="Situation", orderable=False)

    class Meta(PupilRowTable.Meta):
        model = Pupil
        fields = ("last_name", "first_name", "division", "has_started")
        empty_text = "Tous les élèves concernés ont partagé leurs résultats."

    def render_has_started(self, value):
        return "Commencé, non partagé" if value else "Pas commencé"

    def value_has_started(self, value):
        return self.render_has_started(value)


class CandidateTable(PupilRowTable):
    profiled = YesNoColumn(verbose_name="Profil partagé")
    is_certifiable = YesNoColumn(verbose_name="Certifiable")
    sat = YesNoColumn(verbose_name="A passé la certification")
    validated = YesNoColumn(verbose_name="Certification validée")
    score = tables.Column(verbose_name="Score", default="—")

    class Meta(PupilRowTable.Meta):
        model = Pupil
        fields = (
            "last_name",
            "first_name",
            "division",
            "profiled",
            "is_certifiable",
            "sat",
            "validated",
            "score",
        )
        empty_text = "Aucun élève des niveaux concernés (importez SIECLE)."


class CertificationResultTable(PupilRowTable):
    status = tables.Column(verbose_name="Statut")
    pix_score = tables.Column(verbose_name="Score (pix)", default="—")
    band = tables.Column(verbose_name="Tranche", orderable=False, default="—")
    session_date = tables.DateColumn(verbose_name="Passée le", format="d/m/Y", default="—")
    match_status = BadgeColumn(MATCH_BADGES, icon=False, verbose_name="Rattachement")

    class Meta(PupilRowTable.Meta):
        model = CertificationResult
        fields = (
            "last_name",
            "first_name",
            "division",
            "status",
            "pix_score",
            "band",
            "session_date",
            "match_status",
        )
        empty_text = "Aucun résultat de certification importé."

    def render_band(self, value):
        return value.label if value else "—"

    def value_band(self, value):
        return self.render_band(value)


class TeacherTable(PiloteTable):
    last_name = tables.Column(verbose_name="Nom")
    first_name = tables.Column(verbose_name="Prénom")
    disciplines = tables.Column(
        verbose_name="Disciplines", accessor="discipline_labels", orderable=False
    )
    path = tables.Column(verbose_name="Parcours", accessor="pix_edu__get_path_display", default="—")
    status = tables.Column(
        verbose_name="Étape",
        accessor="pix_edu__status",
        order_by="pix_edu__status",
        default="Pas engagé",
    )
    level = tables.Column(verbose_name="Niveau", accessor="pix_edu__get_level_display", default="—")
    certified_on = tables.DateColumn(
        verbose_name="Certifié le", accessor="pix_edu__certified_on", format="d/m/Y", default="—"
    )
    actions = ActionsColumn("skills/_teacher_actions.html")

    class Meta(PiloteTable.Meta):
        model = StaffMember
        fields = (
            "last_name",
            "first_name",
            "disciplines",
            "path",
            "status",
            "level",
            "certified_on",
            "actions",
        )
        empty_text = "Aucun enseignant : importez STS-web."

    def render_status(self, value, record):
        return record.pix_edu.get_status_display()

    def value_status(self, value, record):
        return self.render_status(value, record)
