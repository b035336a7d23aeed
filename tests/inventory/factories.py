"""Factories of the Parc, with traits for the common cases."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from pilote.inventory.choices import Category, Coverage, EquipmentStatus, RoomKind
from pilote.inventory.models import Equipment, Room
from tests.core.factories import SchoolFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Salle {100 + n}")
    building = "Bâtiment A"
    kind = RoomKind.SALLE_CLASSE
    wired_network = Coverage.OUI
    wifi_coverage = Coverage.OUI

    class Params:
        cdi = factory.Trait(kind=RoomKind.CDI, name=factory.Sequence(lambda n: f"CDI {n}"))
        unwired = factory.Trait(wired_network=Coverage.NON, wifi_coverage=Coverage.PARTIEL)


def years_ago(years: int, days: int = 0) -> date:
    return timezone.localdate() - timedelta(days=365 * years + days)


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    school = factory.SubFactory(SchoolFactory)
    category = Category.PORTABLE
    inventory_number = factory.Sequence(lambda n: f"INV-{n:05d}")
    serial_number = factory.Sequence(lambda n: f"SN{n:08d}")
    brand = "Dell"
    model = "Latitude 3540"
    acquisition_date = factory.LazyFunction(lambda: years_ago(1))
    cost = 650

    class Params:
        old = factory.Trait(acquisition_date=factory.LazyFunction(lambda: years_ago(7)))
        broken = factory.Trait(status=EquipmentStatus.EN_PANNE)
        reformed = factory.Trait(status=EquipmentStatus.REFORME)
        display = factory.Trait(category=Category.VIDEOPROJECTEUR, brand="Epson", model="EB-W51")
        cart = factory.Trait(category=Category.CLASSE_MOBILE, brand="Ergotron", model="Zip12")
        undated = factory.Trait(acquisition_date=None)
