"""Factories of the « Assistance » module, and of the few Parc / Services rows it points at."""

import datetime

import factory
from django.utils import timezone

from pilote.catalogue.models import SchoolService, Service
from pilote.inventory.models import Equipment, Room
from pilote.support.choices import Recipient, RequestCategory, RequestStatus
from pilote.support.models import SupportRequest
from tests.core.factories import SchoolFactory, UserFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Salle {100 + n}")
    kind = "salle_classe"


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    school = factory.SubFactory(SchoolFactory)
    category = "videoprojecteur"
    brand = "Epson"
    model = factory.Sequence(lambda n: f"EB-{n}")
    inventory_number = factory.Sequence(lambda n: f"INV-{n:05d}")
    maintainer = "collectivite"

    class Params:
        by_school = factory.Trait(maintainer="etablissement")
        by_rectorat = factory.Trait(maintainer="rectorat")
        tablet = factory.Trait(category="tablette", brand="Apple", model="iPad")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Service {n}")
    kind = "ent"
    origin = "national"
    support_contact = "assistance_academique"

    class Params:
        collectivite_ent = factory.Trait(
            name="ENT de la collectivité", support_contact="centre_services_collectivite"
        )
        publisher_site = factory.Trait(kind="site_web", support_contact="editeur")


class SchoolServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolService

    school = factory.SubFactory(SchoolFactory)
    service = factory.SubFactory(ServiceFactory)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """A request as the workflow leaves it; traits give the other states."""

    class Meta:
        model = SupportRequest

    school = factory.SubFactory(SchoolFactory)
    requester = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Vidéoprojecteur en panne n° {n}")
    description = "L'image clignote puis s'éteint après dix minutes."
    category = RequestCategory.EQUIPEMENT
    recipient = Recipient.COLLECTIVITE
    routing_reason = "Maintenu par la collectivité."
    target_days = 5
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))

    class Params:
        academie = factory.Trait(
            recipient=Recipient.ACADEMIE, category=RequestCategory.COMPTE, account_kind="educonnect"
        )
        etablissement = factory.Trait(recipient=Recipient.ETABLISSEMENT)
        late = factory.Trait(
            due_date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
        )
        resolved = factory.Trait(
            status=RequestStatus.RESOLUE,
            resolved_at=factory.LazyFunction(timezone.now),
            resolution_days=3,
        )
        closed = factory.Trait(
            status=RequestStatus.CLOSE,
            resolved_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
            resolution_days=2,
        )
