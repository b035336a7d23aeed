"""Reporting an incident to the académie: one action, a PDF, e-mails, and a trace.

The head is the mandatory relay to the académie (REFERENTIALS.md §3.3): the report goes to
the académie's RSSI (the RSSI accounts of Pilote plus the functional mailbox the académie
declared), to its DPD when personal data are involved, and the collectivité is informed when
its equipment or the ENT it provides is involved — with a summary only, since the details of
a personal-data breach are for the DPD, not for the owner of the equipment.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pilote.catalogue.choices import ServiceKind
from pilote.core.choices import JournalAction, Role
from pilote.core.journal import record
from pilote.core.notify import emails_of_role, send_notification
from pilote.core.pdf import render_pdf
from pilote.inventory.choices import Maintainer, Origin

from .choices import EventKind, IncidentStatus
from .models import AcademieSecurityContact, Incident, IncidentReport

COLLECTIVITE_ROLES = [Role.TECHNICIEN_COLLECTIVITE, Role.GESTIONNAIRE_COLLECTIVITE]


class ReportRefused(Exception):
    """The report cannot be sent; the message tells the head what is missing."""


@dataclass
class Recipients:
    rssi: list[str] = field(default_factory=list)
    dpd: list[str] = field(default_factory=list)
    collectivite: list[str] = field(default_factory=list)
    dpd_missing: bool = False

    @property
    def academie(self) -> list[str]:
        return sorted(set(self.rssi + self.dpd))


def collectivite_involved(incident: Incident) -> bool:
    """Its equipment (provided or maintained by it) or the ENT it provides is involved."""
    equipment = incident.affected_equipment.filter(
        Q(origin=Origin.COLLECTIVITE) | Q(maintainer=Maintainer.COLLECTIVITE)
    )
    ent = incident.affected_services.filter(service__kind=ServiceKind.ENT)
    return equipment.exists() or ent.exists()


def recipients_for(incident: Incident) -> Recipients:
    school = incident.school
    contact = AcademieSecurityContact.objects.filter(academie_id=school.academie_id).first()
    recipients = Recipients(rssi=sorted(emails_of_role(school, [Role.RSSI])))
    if contact and contact.rssi_mailbox:
        recipients.rssi = sorted({*recipients.rssi, contact.rssi_mailbox})
    if incident.personal_data:
        if contact and contact.dpd_email:
            recipients.dpd = [contact.dpd_email]
        else:
            recipients.dpd_missing = True
    if collectivite_involved(incident):
        recipients.collectivite = sorted(emails_of_role(school, COLLECTIVITE_ROLES))
    return recipients


def report_context(incident: Incident, *, sender=None, recipients: Recipients | None = None):
    return {
        "incident": incident,
        "school": incident.school,
        "events": incident.events.select_related("corrects").order_by("timestamp", "pk"),
        "services": incident.affected_services.select_related("service"),
        "equipment": incident.affected_equipment.all(),
        "people": incident.affected_people.all(),
        "sender": sender,
        "recipients": recipients or recipients_for(incident),
        "generated_at": timezone.now(),
    }


def render_report(incident: Incident, *, sender=None, recipients=None) -> bytes:
    context = report_context(incident, sender=sender, recipients=recipients)
    return render_pdf("security/incident_report_pdf.html", context)


def report_filename(incident: Incident) -> str:
    return f"incident-{incident.school.uai}-{incident.reference}.pdf"


def send_report(incident: Incident, *, request) -> IncidentReport:
    """Produce the PDF, e-mail it, and record who reported what, when. All or nothing."""
    user = request.user
    recipients = recipients_for(incident)
    if not recipients.rssi:
        raise ReportRefused(
            "Aucune adresse de RSSI n'est connue pour l'académie : ni compte RSSI actif dans "
            "Pilote, ni adresse fonctionnelle déclarée. Prévenez l'académie par téléphone et "
            "demandez-lui de compléter ses contacts sécurité."
        )
    pdf = render_report(incident, sender=user, recipients=recipients)
    now = timezone.now()
    with transaction.atomic():
        report = IncidentReport.objects.create(
            incident=incident,
            sent_at=now,
            sent_by=user,
            sent_by_label=str(user),
            recipients=recipients.academie + recipients.collectivite,
            dpd_informed=bool(recipients.dpd),
            collectivite_informed=bool(recipients.collectivite),
            pdf=pdf,
        )
        incident.add_event(
            EventKind.REPORT,
            f"Rapport envoyé à : {', '.join(recipients.academie)}"
            + (
                f" ; collectivité informée : {', '.join(recipients.collectivite)}"
                if recipients.collectivite
                else ""
            ),
            user=user,
        )
        if incident.reported_at is None:
            incident.reported_at = now
        if incident.status == IncidentStatus.OPEN:
            incident.status = IncidentStatus.REPORTED
        incident.save()
        record(
            JournalAction.SECURITY_INCIDENT_REPORTED,
            f"{incident.reference} signalé à l'académie",
            request=request,
            school=incident.school,
            incident=incident.pk,
            recipients=report.recipients,
        )
        context = {"incident": incident, "school": incident.school, "sender": user}
        send_notification(
            recipients.academie,
            f"Incident de sécurité — {incident.school.name} — {incident.reference}",
            "security/email/incident_report.txt",
            context,
            attachments=[(report_filename(incident), pdf, "application/pdf")],
        )
        send_notification(
            recipients.collectivite,
            f"Incident de sécurité impliquant vos équipements ou l'ENT — {incident.school.name}",
            "security/email/collectivite_notice.txt",
            context,
        )
    return report
