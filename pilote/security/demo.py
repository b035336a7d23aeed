"""Demo data of « Sécurité »: past and open incidents (a phishing wave, a stolen laptop with
personal data, an ENT outage, a compromised ENT account not yet reported), a partly completed
checklist, a charter with acknowledgements, an old access review, the académie's contacts.

All names and addresses are fictional. Deterministic: the same data at every reset.
"""

import random
from datetime import timedelta

from django.utils import timezone

from pilote.catalogue.choices import ServiceKind
from pilote.catalogue.models import SchoolService
from pilote.core.models import Membership
from pilote.inventory.models import Equipment

from .access import current_school_year, rights_of
from .choices import (
    EventKind,
    Impact,
    IncidentCategory,
    IncidentStatus,
    MeasureSource,
    MeasureStatus,
    ReviewDecision,
)
from .models import (
    AcademieSecurityContact,
    AccessReviewCampaign,
    AccessReviewDecision,
    CharterVersion,
    Incident,
    IncidentReport,
    PupilAcknowledgement,
    SchoolMeasure,
    SecurityMeasure,
    StaffAcknowledgement,
)
from .referential import load_measures
from .reporting import recipients_for, render_report

CHARTER_ARTICLES = [
    "Article 1 — Objet. La présente charte définit les conditions d'utilisation des ressources "
    "numériques du collège : postes, réseau, ENT, messagerie et services en ligne.",
    "Article 2 — Comptes et mots de passe. Chaque utilisateur est responsable de son compte. Le "
    "mot de passe est personnel, long et différent pour chaque service ; il ne se prête pas.",
    "Article 3 — Respect des personnes. Aucun contenu injurieux, discriminatoire ou portant "
    "atteinte à la vie privée n'est publié ou échangé. Le harcèlement en ligne est sanctionné.",
    "Article 4 — Données personnelles. Les données des élèves et des familles ne sortent pas "
    "des services validés par l'établissement.",
    "Article 5 — Signalement. Tout message suspect, perte de matériel ou usage anormal d'un "
    "compte est signalé sans délai à la direction.",
]


def load(demo) -> None:
    load_measures()
    rng = random.Random(9)
    now = timezone.now()
    _contacts(demo)
    _academie_measure(demo)
    _college_incidents(demo, now)
    _lycee_incident(demo, now)
    _checklist(demo.college, demo.users["rrupn.college"], rng, share=0.65)
    _checklist(demo.lycee, demo.users["rrupn.lycee"], rng, share=0.3)
    _charter(demo, rng, now)
    _old_review(demo, now)
    _generated_incidents(demo, now)


def _contacts(demo) -> None:
    AcademieSecurityContact.objects.create(
        academie=demo.academie,
        dpd_name="Délégué à la protection des données de l'académie",
        dpd_email="dpd@demo.pilote.fr",
        rssi_mailbox="cellule-ssi@demo.pilote.fr",
    )


def _academie_measure(demo) -> None:
    SecurityMeasure.objects.create(
        code=f"ac{demo.academie.code}-01",
        academie=demo.academie,
        source=MeasureSource.ACADEMIE,
        label="Signaler à l'académie tout incident de sécurité dans les 24 heures",
        guidance="Le chef d'établissement est le relais obligatoire vers le RSSI académique.",
        notions="T",
        referential_version=f"académie {demo.academie.code}",
        position=1000,
    )


def _incident(school, author, detected_at, **fields) -> Incident:
    incident = Incident(school=school, detected_at=detected_at, created_by=author, **fields)
    incident.save()
    incident.add_event(
        EventKind.CREATED,
        f"Incident enregistré : {incident.get_category_display()}.",
        user=author,
        timestamp=detected_at + timedelta(minutes=20),
    )
    return incident


def _report(incident, author, sent_at) -> None:
    recipients = recipients_for(incident)
    IncidentReport.objects.create(
        incident=incident,
        sent_at=sent_at,
        sent_by=author,
        sent_by_label=str(author),
        recipients=recipients.academie + recipients.collectivite,
        dpd_informed=bool(recipients.dpd),
        collectivite_informed=bool(recipients.collectivite),
        pdf=render_report(incident, sender=author, recipients=recipients),
    )
    incident.add_event(
        EventKind.REPORT,
        f"Rapport envoyé à : {', '.join(recipients.academie)}",
        user=author,
        timestamp=sent_at,
    )
    incident.reported_at = sent_at
    incident.status = IncidentStatus.REPORTED
    incident.save()


def _close(incident, author, closed_at, lessons: str) -> None:
    incident.status = IncidentStatus.CLOSED
    incident.lessons_learned = lessons
    incident.closed_at = closed_at
    incident.save()
    incident.add_event(
        EventKind.STATUS, f"Clos. Retour d'expérience : {lessons}", user=author, timestamp=closed_at
    )


def _college_incidents(demo, now) -> None:
    chef, rssi = demo.users["chef.college"], demo.users["rssi"]
    college = demo.college
    ent = SchoolService.objects.for_school(college).filter(service__kind=ServiceKind.ENT).first()
    laptop = Equipment.objects.for_school(college).filter(category="portable").first()

    phishing = _incident(
        college,
        chef,
        now - timedelta(days=120, hours=3),
        title="Vague d'hameçonnage : faux message de la messagerie académique",
        category=IncidentCategory.PHISHING,
        detected_by=demo.users["sg.college"],
        description="Une trentaine de personnels ont reçu un courriel imitant la messagerie "
        "académique et demandant de « revalider » leur compte. Deux personnes ont cliqué, "
        "aucune n'a saisi son mot de passe.",
        impact_confidentiality=Impact.LOW,
        measures_taken="Message d'alerte à tous les personnels ; signalement sur "
        "signal-spam ; vérification des deux postes concernés.",
    )
    phishing.add_event(
        EventKind.OBSERVATION,
        "Les deux postes ont été analysés par le technicien du Département : rien d'anormal.",
        user=chef,
        timestamp=now - timedelta(days=120, hours=1),
    )
    _report(phishing, chef, now - timedelta(days=120))
    phishing.add_event(
        EventKind.COMMENT,
        "Même campagne dans six établissements de l'académie. Merci pour la rapidité.",
        user=rssi,
        timestamp=now - timedelta(days=119, hours=20),
    )
    _close(
        phishing,
        chef,
        now - timedelta(days=112),
        "Rappeler en début d'année comment reconnaître un faux message ; afficher la "
        "procédure de signalement en salle des professeurs.",
    )

    stolen = _incident(
        college,
        chef,
        now - timedelta(hours=46),
        title="Vol d'un ordinateur portable de la vie scolaire",
        category=IncidentCategory.LOSS_OR_THEFT,
        detected_by=demo.users["cpe.college"],
        description="Le portable de la vie scolaire a disparu du bureau pendant la récréation. "
        "Il contenait un export des absences et des coordonnées des responsables légaux.",
        impact_availability=Impact.LOW,
        impact_confidentiality=Impact.SEVERE,
        personal_data=True,
        personal_data_details="Noms des élèves, absences du trimestre, téléphones et "
        "adresses électroniques d'environ 450 responsables légaux. Disque non chiffré.",
        affected_people_note="Élèves et responsables légaux du collège",
        measures_taken="Plainte déposée ; mots de passe des comptes ouverts sur le poste "
        "changés ; compte de messagerie de la vie scolaire vérifié.",
    )
    if laptop:
        stolen.affected_equipment.add(laptop)
    _report(stolen, chef, now - timedelta(hours=41))
    stolen.add_event(
        EventKind.REQUEST,
        "Merci de préciser si l'export contenait des données de santé ou des PAI, et depuis "
        "quand le poste n'était plus mis à jour.",
        user=rssi,
        timestamp=now - timedelta(hours=30),
    )
    stolen.status = IncidentStatus.IN_PROGRESS
    stolen.save()

    outage = _incident(
        college,
        chef,
        now - timedelta(days=21, hours=5),
        title="ENT indisponible pendant les conseils de classe",
        category=IncidentCategory.SERVICE_OUTAGE,
        detected_by=demo.users["adjoint.college"],
        description="Connexion impossible à l'ENT de 17 h à 21 h ; bulletins inaccessibles "
        "pendant trois conseils de classe.",
        impact_availability=Impact.SIGNIFICANT,
        measures_taken="Conseils tenus avec les relevés imprimés ; ticket au centre de services "
        "du Département.",
    )
    if ent:
        outage.affected_services.add(ent)
    _report(outage, chef, now - timedelta(days=20, hours=3))
    _close(
        outage,
        chef,
        now - timedelta(days=18),
        "Imprimer les relevés la veille des conseils ; l'éditeur a corrigé la saturation.",
    )

    compromised = _incident(
        college,
        chef,
        now - timedelta(hours=3),
        title="Compte ENT d'un enseignant compromis",
        category=IncidentCategory.COMPROMISED_ACCOUNT,
        detected_by=demo.users["prof.college"],
        description="Des messages frauduleux ont été envoyés aux parents de 4e B depuis le "
        "compte ENT de l'enseignant, qui ne les a pas écrits.",
        impact_confidentiality=Impact.SIGNIFICANT,
        impact_traceability=Impact.LOW,
        personal_data=True,
        personal_data_details="Messagerie de l'enseignant : échanges avec les familles de "
        "deux classes.",
        measures_taken="Mot de passe réinitialisé, sessions fermées par l'administrateur ENT.",
    )
    compromised.affected_people.add(demo.users["prof.college"])
    if ent:
        compromised.affected_services.add(ent)


def _lycee_incident(demo, now) -> None:
    chef = demo.users["chef.lycee"]
    incident = _incident(
        demo.lycee,
        chef,
        now - timedelta(days=200),
        title="Rançongiciel sur un poste de l'atelier",
        category=IncidentCategory.MALWARE,
        detected_by=demo.users["ddfpt.lycee"],
        description="Fichiers chiffrés sur un poste de commande numérique, isolé aussitôt.",
        impact_availability=Impact.SIGNIFICANT,
        impact_integrity=Impact.SIGNIFICANT,
        measures_taken="Poste débranché du réseau puis réinstallé par la Région.",
    )
    _report(incident, chef, now - timedelta(days=199, hours=20))
    _close(
        incident,
        chef,
        now - timedelta(days=190),
        "Les postes d'atelier passent sur un réseau séparé ; sauvegarde hebdomadaire.",
    )


def _checklist(school, owner, rng, *, share: float) -> None:
    measures = list(SecurityMeasure.objects.applicable_to(school))
    statuses = [
        MeasureStatus.IN_PLACE,
        MeasureStatus.IN_PLACE,
        MeasureStatus.PARTIAL,
        MeasureStatus.NO,
        MeasureStatus.NOT_APPLICABLE,
    ]
    today = timezone.localdate()
    for measure in measures[: round(len(measures) * share)]:
        status = rng.choice(statuses)
        SchoolMeasure.objects.create(
            school=school,
            measure=measure,
            status=status,
            evidence="Vérifié lors de la commission numérique."
            if status == MeasureStatus.IN_PLACE
            else "",
            owner=owner,
            review_date=today + timedelta(days=rng.randint(30, 300)),
        )


def _charter(demo, rng, now) -> None:
    college = demo.college
    today = timezone.localdate()
    CharterVersion.objects.create(
        school=college,
        version="2022",
        text="\n\n".join(CHARTER_ARTICLES[:3]),
        adopted_on=today - timedelta(days=3 * 365),
    )
    current = CharterVersion.objects.create(
        school=college,
        version="2025-1",
        text="\n\n".join(CHARTER_ARTICLES),
        adopted_on=today - timedelta(days=75),
    )
    members = (
        Membership.objects.active()
        .filter(school=college, user__last_login__isnull=False)
        .select_related("user")
        .order_by("user__username")
    )
    # The head has read the charter: the screenshots and a first visit of the demo show the
    # head's pages, not the banner asking to read it (a third of the others have not).
    head = demo.users["chef.college"]
    for index, membership in enumerate(members):
        if index % 3 != 2 or membership.user == head:
            StaffAcknowledgement.objects.get_or_create(
                version=current,
                user=membership.user,
                defaults={
                    "school": college,
                    "acknowledged_at": now - timedelta(days=rng.randint(1, 70)),
                },
            )
    for level in ("6e", "5e", "4e"):
        for letter in "AB":
            enrolled = rng.randint(25, 29)
            PupilAcknowledgement.objects.create(
                school=college,
                version=current,
                division_label=f"{level} {letter}",
                enrolled=enrolled,
                acknowledged=enrolled - rng.randint(0, 5),
                recorded_on=today - timedelta(days=rng.randint(20, 60)),
                recorded_by=demo.users["cpe.college"],
            )


def _old_review(demo, now) -> None:
    """Last year's review of the collège: what it decided is now more than a year old."""
    college = demo.college
    decided_at = now - timedelta(days=400)
    campaign = AccessReviewCampaign.objects.create(
        school=college,
        school_year=current_school_year(timezone.localdate(decided_at)),
        started_by=demo.users["chef.college"],
    )
    for right in rights_of(college)[:4]:
        AccessReviewDecision.objects.create(
            school=college,
            campaign=campaign,
            right_key=right.key,
            source=right.source,
            holder_id=right.holder_id,
            holder_label=right.holder_label,
            right_label=right.label,
            decision=ReviewDecision.KEEP,
            decided_at=decided_at,
            decided_by=demo.users["chef.college"],
        )
    campaign.completed_at = decided_at
    campaign.completed_by = demo.users["chef.college"]
    campaign.save()


# What befalls the generated schools: (category, title, impacts D, I, C, T).
GENERATED_INCIDENTS = [
    (IncidentCategory.PHISHING, "Courriel d'hameçonnage reçu par les personnels", (0, 0, 1, 0)),
    (IncidentCategory.COMPROMISED_ACCOUNT, "Compte ENT d'un élève usurpé", (0, 1, 2, 1)),
    (IncidentCategory.LOSS_OR_THEFT, "Tablette perdue lors d'une sortie", (1, 0, 1, 0)),
    (IncidentCategory.SERVICE_OUTAGE, "Réseau pédagogique coupé une journée", (2, 0, 0, 0)),
    (IncidentCategory.MALWARE, "Poste infecté en salle informatique", (2, 1, 1, 1)),
]


def _generated_incidents(demo, now) -> None:
    """Up to four incidents of the past year for each generated school, most of them closed,
    so that the académie compares its schools (no report, no chronology: lighter data)."""
    for index, school in enumerate(getattr(demo, "generated", [])):
        rng = random.Random(5000 + index)
        for _ in range(rng.randint(0, 4)):
            category, title, impacts = rng.choice(GENERATED_INCIDENTS)
            detected_at = now - timedelta(days=rng.randint(3, 330), hours=rng.randint(0, 9))
            closed = detected_at < now - timedelta(days=30) and rng.random() < 0.85
            Incident(
                school=school,
                title=title,
                category=category,
                description=title + ".",
                detected_at=detected_at,
                impact_availability=impacts[0],
                impact_integrity=impacts[1],
                impact_confidentiality=impacts[2],
                impact_traceability=impacts[3],
                status=IncidentStatus.CLOSED if closed else IncidentStatus.OPEN,
                closed_at=detected_at + timedelta(days=rng.randint(2, 20)) if closed else None,
            ).save()
