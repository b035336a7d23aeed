"""Factories of the « Sécurité » module, with traits for the usual cases."""

from datetime import timedelta

import factory
from django.utils import timezone

from pilote.catalogue.choices import ServiceKind, ServiceOrigin, SupportContact
from pilote.catalogue.models import SchoolService, Service
from pilote.security.choices import (
    Impact,
    IncidentCategory,
    IncidentStatus,
    MeasureSource,
    MeasureStatus,
)
from pilote.security.models import (
    CharterVersion,
    Incident,
    PupilAcknowledgement,
    SchoolMeasure,
    SecurityMeasure,
    StaffAcknowledgement,
)
from tests.core.factories import (
    AcademieFactory,
    CollectiviteFactory,
    SchoolFactory,
    UserFactory,
)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Incident {n}")
    category = IncidentCategory.PHISHING
    detected_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    detected_by_label = "un parent d'élève"

    class Params:
        personal = factory.Trait(
            personal_data=True,
            impact_confidentiality=Impact.SEVERE,
            category=IncidentCategory.DATA_LEAK,
            personal_data_details="Coordonnées des responsables légaux",
        )
        outage = factory.Trait(
            category=IncidentCategory.SERVICE_OUTAGE, impact_availability=Impact.SIGNIFICANT
        )
        reported = factory.Trait(
            status=IncidentStatus.REPORTED,
            reported_at=factory.LazyAttribute(lambda o: o.detected_at + timedelta(hours=6)),
        )
        closed = factory.Trait(
            status=IncidentStatus.CLOSED, lessons_learned="Sensibiliser les personnels."
        )
        old = factory.Trait(
            detected_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=400))
        )


class SecurityMeasureFactory(factory.django.DjangoModelFactory):
    """A measure added by an académie (the national ones come from the referential)."""

    class Meta:
        model = SecurityMeasure

    code = factory.Sequence(lambda n: f"test-{n:03d}")
    academie = factory.SubFactory(AcademieFactory)
    source = MeasureSource.ACADEMIE
    label = factory.Sequence(lambda n: f"Mesure académique {n}")
    notions = "C"
    referential_version = "test"
    position = factory.Sequence(lambda n: 2000 + n)


class SchoolMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMeasure

    school = factory.SubFactory(SchoolFactory)
    measure = factory.SubFactory(SecurityMeasureFactory)
    status = MeasureStatus.IN_PLACE

    class Params:
        partial = factory.Trait(status=MeasureStatus.PARTIAL)
        missing = factory.Trait(status=MeasureStatus.NO)
        not_applicable = factory.Trait(status=MeasureStatus.NOT_APPLICABLE)


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion

    school = factory.SubFactory(SchoolFactory)
    version = factory.Sequence(lambda n: f"2025-{n}")
    text = "Article 1 — Chacun protège son mot de passe."
    adopted_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    class Params:
        draft = factory.Trait(adopted_on=None)
        staff_only = factory.Trait(for_pupils=False)


class StaffAcknowledgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAcknowledgement

    version = factory.SubFactory(CharterVersionFactory)
    school = factory.SelfAttribute("version.school")
    user = factory.SubFactory(UserFactory)


class PupilAcknowledgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PupilAcknowledgement

    version = factory.SubFactory(CharterVersionFactory)
    school = factory.SelfAttribute("version.school")
    division_label = factory.Sequence(lambda n: f"6e {n}")
    enrolled = 28
    acknowledged = 21


class ServiceFactory(factory.django.DjangoModelFactory):
    """A service of a collectivité's catalogue (the ENT by default)."""

    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"ENT {n}")
    kind = ServiceKind.ENT
    origin = ServiceOrigin.COLLECTIVITE
    collectivite = factory.SubFactory(CollectiviteFactory)
    support_contact = SupportContact.CENTRE_SERVICES_COLLECTIVITE


class SchoolServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolService

    school = factory.SubFactory(SchoolFactory)
    service = factory.SubFactory(
        ServiceFactory, collectivite=factory.SelfAttribute("..school.collectivite")
    )
