"""Factories of the « Services » module, with traits for the common cases."""

from datetime import timedelta

import factory
from django.utils import timezone

from pilote.catalogue.choices import (
    Authority,
    RequestStatus,
    ServiceKind,
    ServiceOrigin,
    SupportContact,
    Verdict,
)
from pilote.catalogue.models import (
    RegisterEntry,
    SchoolService,
    Service,
    ValidationOpinion,
    ValidationRequest,
)
from tests.core.factories import SchoolFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    """A local service of a school by default."""

    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Service {n}")
    kind = ServiceKind.APPRENTISSAGE
    publisher = "Éditeur"
    origin = ServiceOrigin.LOCAL
    school = factory.SubFactory(SchoolFactory)
    support_contact = SupportContact.EDITEUR
    for_pupils = True

    class Params:
        personal = factory.Trait(
            processes_personal_data=True,
            personal_data_categories="identité, résultats",
            purpose="Exercices en ligne",
            legal_basis="mission_publique",
        )
        # Pass ``academie=`` / ``collectivite=`` with these traits.
        academique = factory.Trait(origin=ServiceOrigin.ACADEMIQUE, school=None)
        de_collectivite = factory.Trait(origin=ServiceOrigin.COLLECTIVITE, school=None)
        ent = factory.Trait(kind=ServiceKind.ENT)


class SchoolServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolService

    school = factory.SubFactory(SchoolFactory)
    service = factory.SubFactory(ServiceFactory, school=factory.SelfAttribute("..school"))
    start_date = factory.LazyFunction(timezone.localdate)

    class Params:
        retired = factory.Trait(status="retire")
        trial = factory.Trait(status="essai")


class ValidationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValidationRequest

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Application {n}")
    purpose = "Exercices interactifs"
    publisher = "Éditeur privé"
    duration = "un an"
    for_pupils = True
    personal_data = "pseudonymes"

    class Params:
        submitted = factory.Trait(
            status=RequestStatus.SOUMISE,
            submitted_at=factory.LazyFunction(timezone.now),
            due_date=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30)),
        )
        overdue = factory.Trait(
            status=RequestStatus.SOUMISE,
            submitted_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=40)),
            due_date=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10)),
        )
        opinions_in = factory.Trait(status=RequestStatus.AVIS_RENDUS)


class ValidationOpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValidationOpinion

    request = factory.SubFactory(ValidationRequestFactory)
    authority = Authority.ACADEMIE
    verdict = Verdict.FAVORABLE


class RegisterEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisterEntry

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Traitement {n}")
    purposes = "Gestion des élèves"
    legal_basis = "mission_publique"
    data_subjects = "Élèves"
    data_categories = "identité"
    recipients = "personnels habilités"
    retention = "durée de la scolarité"
    security_measures = "accès authentifié"

    class Params:
        incomplete = factory.Trait(retention="", security_measures="")
