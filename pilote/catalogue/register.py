"""The RGPD register of processing activities: header, fiches, completeness, exports.

The head, as data controller, must keep a written register (art. 30 RGPD). Fiches are
generated from the services that process personal data, then completed by hand; a service
that processes personal data without a fiche counts against the register's completeness,
since an académie DPD would ask for it.
"""

import csv
from collections import defaultdict

from pilote.core.metrics import count_per_school, percent

from .choices import Hosting, LegalBasis, SchoolServiceStatus
from .models import (
    AUDIENCE_FIELDS,
    REQUIRED_ENTRY_FIELDS,
    RegisterEntry,
    RgpdRegister,
    SchoolService,
)

CSV_HEADERS = [
    "Référence",
    "Traitement",
    "Responsable de traitement",
    "Responsables conjoints",
    "Sous-traitants",
    "Finalités",
    "Base légale",
    "Personnes concernées",
    "Catégories de données",
    "Données sensibles",
    "Destinataires",
    "Transferts hors UE",
    "Garanties des transferts",
    "Durées de conservation",
    "Mesures de sécurité",
    "Créée le",
    "Mise à jour le",
    "Fiche complète",
    "Éléments manquants",
]


def header_of(school) -> RgpdRegister:
    """The saved header, or one prefilled with the head and the académie's DPD (unsaved)."""
    header = RgpdRegister.objects.for_school(school).first()
    if header is not None:
        return header
    head = school.head()
    return RgpdRegister(
        school=school,
        controller_name=f"{head}, chef d'établissement" if head else "",
        controller_email=head.email if head else "",
        dpo_name=f"Délégué à la protection des données de l'{school.academie}".replace(
            "l'Académie", "l'académie"
        ),
    )


def services_needing_entry(school):
    """Services in use or on trial that process personal data and have no fiche yet."""
    return (
        SchoolService.objects.for_school(school)
        .filter(service__processes_personal_data=True)
        .exclude(status=SchoolServiceStatus.RETIRE)
        .filter(register_entries__isnull=True)
        .select_related("service")
        .order_by("service__name")
    )


def register_context(school) -> dict:
    entries = list(
        RegisterEntry.objects.for_school(school)
        .select_related("school_service__service")
        .order_by("reference", "name")
    )
    missing_services = list(services_needing_entry(school))
    complete = sum(1 for entry in entries if entry.is_complete)
    header = header_of(school)
    return {
        "header": header,
        "header_saved": header.pk is not None,
        "entries": [(entry, entry.missing_fields()) for entry in entries],
        "missing_services": missing_services,
        "complete_count": complete,
        "completeness": percent(complete, len(entries) + len(missing_services)),
    }


def _data_subjects(service) -> str:
    return ", ".join(
        label.capitalize() if index == 0 else label
        for index, label in enumerate(
            label for name, label in AUDIENCE_FIELDS.items() if getattr(service, name)
        )
    )


def entry_from(school_service) -> RegisterEntry:
    """A fiche prefilled from the service's attributes; retention stays for the head to set."""
    service = school_service.service
    processor = service.publisher if not service.controller else ""
    recipients = ["personnels habilités de l'établissement"]
    if processor:
        recipients.append(f"{processor} (sous-traitant)")
    access = " ; ".join(service.authentications) or "sans authentification"
    return RegisterEntry(
        school=school_service.school,
        school_service=school_service,
        reference=service.code.upper(),
        name=service.name,
        controller=service.controller,
        processors=processor,
        purposes=service.purpose or service.description,
        legal_basis=service.legal_basis,
        data_subjects=_data_subjects(service),
        data_categories=service.personal_data_categories,
        sensitive_data=service.sensitive_data,
        recipients="; ".join(recipients).capitalize(),
        transfers_outside_eu=service.hosting == Hosting.PRESTATAIRE_HORS_UE,
        security_measures=(
            f"Accès authentifié ({access}) ; hébergement : {service.get_hosting_display()}"
            + (f" ({service.hosting_detail})" if service.hosting_detail else "")
        ),
    )


PILOTE_REFERENCE = "PILOTE"


def pilote_entry(school) -> RegisterEntry:
    """Pilote itself processes personal data for the school: its fiche, with the retention
    periods read from the purges that enforce them (``pilote purge``)."""
    from pilote.core.retention import purges

    return RegisterEntry(
        school=school,
        reference=PILOTE_REFERENCE,
        name="Pilote — pilotage du numérique de l'établissement",
        processors=f"Services numériques de l'{school.academie} (hébergement de Pilote)".replace(
            "l'Académie", "l'académie"
        ),
        purposes=(
            "Piloter le numérique de l'établissement : parc et services, qualité des données "
            "SIECLE et STS-web, usages de l'ENT et accompagnement des familles, compétences "
            "numériques (Pix), sécurité et incidents, missions, réservations et prêts ; "
            "tracer les accès (journal de sécurité)."
        ),
        legal_basis=LegalBasis.MISSION_PUBLIQUE,
        data_subjects="Élèves, responsables légaux, personnels, utilisateurs de Pilote",
        data_categories=(
            "Identité, classe, coordonnées des responsables, résultats Pix, connexions à "
            "l'ENT agrégées par semaine, prêts de matériel ; pour les utilisateurs : compte, "
            "rôles, journal des connexions et des actions sensibles (adresse IP)"
        ),
        recipients=(
            "Personnels habilités de l'établissement selon leur rôle ; collectivité et "
            "académie en nombres seulement, sans nom d'élève ni de responsable ; DPD et RSSI "
            "de l'académie pour les incidents"
        ),
        retention="\n".join(f"{purge.label} : {purge.retention}" for purge in purges()),
        security_measures=(
            "Accès par compte nominatif et rôles ; connexion limitée après échecs ; journal "
            "de sécurité chaîné et protégé en écriture ; exports de données personnelles "
            "journalisés ; purge quotidienne des données échues"
        ),
    )


def generate_entries(school) -> list[RegisterEntry]:
    entries = [entry_from(school_service) for school_service in services_needing_entry(school)]
    if not RegisterEntry.objects.for_school(school).filter(reference=PILOTE_REFERENCE).exists():
        entries.insert(0, pilote_entry(school))
    return RegisterEntry.objects.bulk_create(entries)


def csv_writer(stream):
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(CSV_HEADERS)
    return writer


def csv_rows(school):
    header = header_of(school)
    for entry in RegisterEntry.objects.for_school(school).order_by("reference", "name"):
        missing = entry.missing_fields()
        yield [
            entry.reference,
            entry.name,
            entry.controller or header.controller_name,
            entry.joint_controllers,
            entry.processors,
            entry.purposes,
            entry.get_legal_basis_display(),
            entry.data_subjects,
            entry.data_categories,
            f"oui : {entry.sensitive_data_detail}" if entry.sensitive_data else "non",
            entry.recipients,
            "oui" if entry.transfers_outside_eu else "non",
            entry.transfer_safeguards,
            entry.retention,
            entry.security_measures,
            entry.created_on.strftime("%d/%m/%Y"),
            entry.updated_on.strftime("%d/%m/%Y"),
            "non" if missing else "oui",
            ", ".join(missing),
        ]


def completeness_by_school(schools) -> dict[int, float | None]:
    """School id → % of the processing to declare whose fiche is complete (two queries)."""
    complete = defaultdict(int)
    entries = defaultdict(int)
    fields = [
        *REQUIRED_ENTRY_FIELDS,
        "transfers_outside_eu",
        "transfer_safeguards",
        "sensitive_data",
        "sensitive_data_detail",
    ]
    for row in RegisterEntry.objects.filter(school__in=schools).values("school_id", *fields):
        entries[row["school_id"]] += 1
        complete[row["school_id"]] += RegisterEntry(**row).is_complete
    undeclared = count_per_school(
        SchoolService.objects.filter(school__in=schools, service__processes_personal_data=True)
        .exclude(status=SchoolServiceStatus.RETIRE)
        .filter(register_entries__isnull=True)
    )
    return {
        school.pk: percent(complete[school.pk], entries[school.pk] + undeclared.get(school.pk, 0))
        for school in schools
    }
