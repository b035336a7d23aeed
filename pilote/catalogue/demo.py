"""Demo data of « Services »: catalogues of the académie and the collectivités, the services
adopted by both demo schools, two validation requests at different steps, and a register.

All names are fictional; the national entries come from the referential.
"""

from datetime import timedelta

from django.utils import timezone

from .choices import (
    Authentication,
    Authority,
    GarListing,
    Hosting,
    LegalBasis,
    Obligation,
    RequestStatus,
    SchoolServiceStatus,
    Sector,
    ServiceKind,
    ServiceOrigin,
    SupportContact,
    Verdict,
)
from .models import (
    RgpdRegister,
    SchoolService,
    Service,
    ValidationOpinion,
    ValidationRequest,
)
from .referential import load_national_catalogue
from .register import generate_entries

NATIONAL_FOR_BOTH = [
    ("educonnect", "rrupn"),
    ("arena", "chef"),
    ("siecle", "sg"),
    ("stsweb", "adjoint"),
    ("cyclades", None),
    ("affelnet", "adjoint"),
    ("gar", "rrupn"),
    ("pix", "rrupn"),
    ("apps-education", None),
    ("elea", "prof"),
    ("scolarite-services", "sg"),
    ("faits-etablissement", "chef"),
]
NATIONAL_FOR = {
    "college": [("lsu", "adjoint")],
    "lycee": [("lsl", "adjoint"), ("parcoursup", None)],
}

ENT_FIELDS = {
    "kind": ServiceKind.ENT,
    "obligation": Obligation.RECOMMANDE,
    "sector": Sector.PUBLIC,
    "gar": GarListing.SANS_OBJET,
    "family_authentication": Authentication.EDUCONNECT,
    "staff_authentication": Authentication.GUICHET_AGENTS,
    "for_pupils": True,
    "for_guardians": True,
    "for_teachers": True,
    "for_staff": True,
    "support_contact": SupportContact.CENTRE_SERVICES_COLLECTIVITE,
    "processes_personal_data": True,
    "personal_data_categories": "identité, classe, messagerie, cahier de textes, notes et "
    "absences synchronisées depuis la vie scolaire",
    "purpose": "Espace numérique de travail de la communauté éducative.",
    "legal_basis": LegalBasis.MISSION_PUBLIQUE,
    "hosting": Hosting.PRESTATAIRE_UE,
}


def _territory_services(demo) -> dict[str, Service]:
    services = {}
    for key, collectivite, name, publisher in (
        ("ent_college", demo.departement, "ENT des collèges de Loire-Atlantique", "Édu-Ouest"),
        ("ent_lycee", demo.region, "ENT des lycées des Pays de la Loire", "Édu-Ouest"),
    ):
        services[key] = Service.objects.create(
            name=name,
            publisher=publisher,
            origin=ServiceOrigin.COLLECTIVITE,
            collectivite=collectivite,
            hosting_detail="hébergeur en France, contrat passé par la collectivité",
            **ENT_FIELDS,
        )
    services["ticketing"] = Service.objects.create(
        name="Portail d'assistance du centre de services",
        kind=ServiceKind.AUTRE,
        publisher="Département de Loire-Atlantique",
        origin=ServiceOrigin.COLLECTIVITE,
        collectivite=demo.departement,
        obligation=Obligation.RECOMMANDE,
        staff_authentication=Authentication.GUICHET_COLLECTIVITE,
        for_staff=True,
        for_teachers=True,
        support_contact=SupportContact.CENTRE_SERVICES_COLLECTIVITE,
        hosting=Hosting.COLLECTIVITE,
    )
    services["visio"] = Service.objects.create(
        name="Classes virtuelles académiques",
        kind=ServiceKind.COLLABORATIF,
        publisher="DRANE de Nantes",
        origin=ServiceOrigin.ACADEMIQUE,
        academie=demo.academie,
        obligation=Obligation.LIBRE,
        family_authentication=Authentication.SSO_ENT,
        staff_authentication=Authentication.GUICHET_AGENTS,
        for_pupils=True,
        for_teachers=True,
        support_contact=SupportContact.ASSISTANCE_ACADEMIQUE,
        processes_personal_data=True,
        personal_data_categories="identité, image et voix pendant les séances",
        purpose="Tenir des cours à distance (continuité pédagogique).",
        legal_basis=LegalBasis.MISSION_PUBLIQUE,
        controller="Recteur de l'académie de Nantes",
        hosting=Hosting.ETAT,
    )
    return services


def _local_services(school, prefix) -> list[Service]:
    local = {"origin": ServiceOrigin.LOCAL, "school": school}
    return [
        Service.objects.create(
            name="Logiciel de vie scolaire",
            kind=ServiceKind.VIE_SCOLAIRE,
            publisher="Scolaria SAS",
            obligation=Obligation.LIBRE,
            sector=Sector.PRIVE,
            gar=GarListing.NON,
            family_authentication=Authentication.SSO_ENT,
            staff_authentication=Authentication.SSO_ENT,
            for_pupils=True,
            for_guardians=True,
            for_teachers=True,
            for_staff=True,
            support_contact=SupportContact.EDITEUR,
            processes_personal_data=True,
            personal_data_categories="identité, notes, absences, sanctions, emploi du temps",
            sensitive_data=False,
            purpose="Notes, absences, emploi du temps et communication avec les familles.",
            legal_basis=LegalBasis.MISSION_PUBLIQUE,
            hosting=Hosting.PRESTATAIRE_UE,
            **local,
        ),
        Service.objects.create(
            name=f"Site web {prefix}",
            kind=ServiceKind.SITE_WEB,
            publisher="Établissement (hébergement par la collectivité)",
            obligation=Obligation.LIBRE,
            family_authentication=Authentication.AUCUNE,
            staff_authentication=Authentication.COMPTE_LOCAL,
            for_pupils=True,
            for_guardians=True,
            support_contact=SupportContact.REFERENT_ETABLISSEMENT,
            hosting=Hosting.COLLECTIVITE,
            **local,
        ),
        Service.objects.create(
            name="Portail documentaire du CDI",
            kind=ServiceKind.RESSOURCE,
            publisher="Biblio-Doc",
            obligation=Obligation.LIBRE,
            sector=Sector.PRIVE,
            gar=GarListing.OUI,
            family_authentication=Authentication.SSO_ENT,
            staff_authentication=Authentication.SSO_ENT,
            for_pupils=True,
            for_teachers=True,
            support_contact=SupportContact.EDITEUR,
            processes_personal_data=True,
            personal_data_categories="identité des lecteurs, prêts en cours",
            purpose="Catalogue du CDI et gestion des prêts.",
            legal_basis=LegalBasis.MISSION_PUBLIQUE,
            hosting=Hosting.PRESTATAIRE_UE,
            **local,
        ),
    ]


def _adopt(school, service, referent, status=SchoolServiceStatus.EN_SERVICE, years_ago=3):
    return SchoolService.objects.create(
        school=school,
        service=service,
        referent=referent,
        status=status,
        start_date=timezone.localdate() - timedelta(days=365 * years_ago),
    )


def _adopt_all(demo, key, school, territory, ent_key) -> None:
    users = demo.users
    national = {s.code: s for s in Service.objects.filter(origin=ServiceOrigin.NATIONAL)}

    def member(role_prefix):
        return users.get(f"{role_prefix}.{key}") if role_prefix else None

    for code, role_prefix in NATIONAL_FOR_BOTH + NATIONAL_FOR[key]:
        _adopt(school, national[code], member(role_prefix))
    _adopt(school, territory[ent_key], member("rrupn"), years_ago=6)
    _adopt(school, territory["visio"], None, status=SchoolServiceStatus.ESSAI, years_ago=0)
    if key == "college":
        _adopt(school, territory["ticketing"], member("sg"))
    referents = [member("cpe") or member("adjoint"), member("rrupn"), member("doc")]
    prefix = "du collège" if key == "college" else "du lycée"
    for service, referent in zip(_local_services(school, prefix), referents, strict=True):
        _adopt(school, service, referent)


def _requests(demo) -> None:
    today = timezone.now()
    quiz = ValidationRequest.objects.create(
        school=demo.college,
        title="Quizz'Classe",
        purpose="Questionnaires interactifs en classe de mathématiques (6e et 5e).",
        publisher="Quizz'Classe Ltd",
        sector=Sector.PRIVE,
        url="https://quizzclasse.example",
        service_kind=ServiceKind.APPRENTISSAGE,
        cost=180,
        duration="une année scolaire, renouvelable",
        for_pupils=True,
        for_teachers=True,
        personal_data="pseudonyme des élèves, réponses aux questionnaires",
        hosting=Hosting.PRESTATAIRE_HORS_UE,
        requested_by=demo.users["prof.college"],
        requested_at=today - timedelta(days=50),
        status=RequestStatus.SOUMISE,
        submitted_at=today - timedelta(days=45),
        due_date=(today - timedelta(days=15)).date(),
    )
    ValidationOpinion.objects.create(
        request=quiz,
        authority=Authority.ACADEMIE,
        verdict=Verdict.RESERVES,
        comment="Hébergement hors UE : limiter aux pseudonymes et signer les clauses types.",
        given_by=demo.users["rssi"],
        given_at=today - timedelta(days=30),
    )
    ValidationRequest.objects.create(
        school=demo.lycee,
        title="Logiciel de conception 3D",
        purpose="Modélisation des pièces en atelier de productique (bac pro).",
        publisher="Forma3D",
        sector=Sector.PRIVE,
        service_kind=ServiceKind.APPRENTISSAGE,
        cost=1200,
        duration="trois ans (licence établissement)",
        for_pupils=True,
        for_teachers=True,
        personal_data="identifiants des élèves",
        hosting=Hosting.PRESTATAIRE_UE,
        requested_by=demo.users["ddfpt.lycee"],
        requested_at=today - timedelta(days=3),
    )


def _register(demo) -> None:
    for school, head in ((demo.college, "chef.college"), (demo.lycee, "chef.lycee")):
        user = demo.users[head]
        RgpdRegister.objects.create(
            school=school,
            controller_name=f"{user}, chef d'établissement",
            controller_address=f"{school.name}, {school.commune}",
            controller_phone="02 40 00 00 00",
            controller_email=user.email,
            dpo_name="Délégué à la protection des données de l'académie de Nantes",
            dpo_contact="dpd@ac-nantes.example",
        )
    for entry in generate_entries(demo.college):
        entry.retention = "durée de la scolarité dans l'établissement, puis un an"
        entry.save()
    lycee_entries = generate_entries(demo.lycee)
    for entry in lycee_entries[: len(lycee_entries) // 2]:
        entry.retention = "durée de la scolarité, puis archivage selon les règles publiques"
        entry.save()


def load(demo) -> None:
    load_national_catalogue()
    territory = _territory_services(demo)
    _adopt_all(demo, "college", demo.college, territory, "ent_college")
    _adopt_all(demo, "lycee", demo.lycee, territory, "ent_lycee")
    _requests(demo)
    _register(demo)
