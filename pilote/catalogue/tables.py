"""Tables of the « Services » module."""

import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from pilote.core.tables import ActionsColumn, PiloteTable, TemplateColumn

from .models import SchoolService, Service, ValidationRequest


class SchoolServiceTable(PiloteTable):
    service = tables.Column(verbose_name="Service", linkify=True, order_by="service__name")
    kind = tables.Column(
        verbose_name="Nature", accessor="service__get_kind_display", order_by="service__kind"
    )
    origin = tables.Column(
        verbose_name="Catalogue", accessor="service__get_origin_display", order_by="service__origin"
    )
    obligation = tables.Column(
        verbose_name="Usage",
        accessor="service__get_obligation_display",
        order_by="service__obligation",
    )
    access = tables.Column(
        verbose_name="Connexion", accessor="service__authentications", orderable=False
    )
    referent = tables.Column(verbose_name="Référent", default="à désigner")
    status = tables.Column(verbose_name="Statut")

    class Meta(PiloteTable.Meta):
        model = SchoolService
        fields = ("service", "kind", "origin", "obligation", "access", "referent", "status")
        empty_text = "Aucun service : adoptez-en depuis le catalogue."

    def render_access(self, value):
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in value)) or "—"

    def value_access(self, value):
        return " ; ".join(value)


class CatalogueTable(PiloteTable):
    name = TemplateColumn(
        template_name="catalogue/_service_name.html", verbose_name="Service", order_by="name"
    )
    kind = tables.Column(verbose_name="Nature")
    origin = tables.Column(verbose_name="Catalogue")
    obligation = tables.Column(verbose_name="Usage")
    sector = tables.Column(verbose_name="Public / privé")
    gar = tables.Column(verbose_name="GAR")
    actions = ActionsColumn("catalogue/_adopt_action.html", "Dans l'établissement")

    class Meta(PiloteTable.Meta):
        model = Service
        fields = ("name", "kind", "origin", "obligation", "sector", "gar", "actions")
        empty_text = "Aucun service ne correspond."


class TerritoryServiceTable(PiloteTable):
    name = TemplateColumn(
        template_name="catalogue/_territory_service_name.html",
        verbose_name="Service",
        order_by="name",
    )
    kind = tables.Column(verbose_name="Nature")
    obligation = tables.Column(verbose_name="Usage")
    support_contact = tables.Column(verbose_name="Assistance")
    adoptions = tables.Column(verbose_name="Établissements", accessor="adoption_count")
    is_offered = tables.BooleanColumn(verbose_name="Proposé", yesno="oui,non")

    class Meta(PiloteTable.Meta):
        model = Service
        fields = ("name", "kind", "obligation", "support_contact", "adoptions", "is_offered")
        empty_text = "Le catalogue est vide : ajoutez les services que vous proposez."


class ValidationRequestTable(PiloteTable):
    title = tables.Column(verbose_name="Demande", linkify=True)
    kind = tables.Column(verbose_name="Objet")
    requested_by = tables.Column(verbose_name="Demandeur", default="—")
    requested_at = tables.DateColumn(verbose_name="Déposée le", format="d/m/Y")
    status = TemplateColumn(
        template_name="catalogue/_request_status.html", verbose_name="Étape", order_by="status"
    )
    due_date = tables.DateColumn(verbose_name="Avis attendus avant le", format="d/m/Y", default="—")

    class Meta(PiloteTable.Meta):
        model = ValidationRequest
        fields = ("title", "kind", "requested_by", "requested_at", "status", "due_date")
        empty_text = "Aucune demande de validation."


class TerritoryRequestTable(ValidationRequestTable):
    school = tables.Column(verbose_name="Établissement")

    class Meta(ValidationRequestTable.Meta):
        fields = ("school", "title", "kind", "requested_at", "status", "due_date")
        sequence = ("school", "title", "kind", "requested_at", "status", "due_date")
        exclude = ("requested_by",)
