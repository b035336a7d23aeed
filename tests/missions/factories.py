"""Factories of the « Missions » module."""

import datetime

import factory
from django.utils import timezone

from pilote.missions.choices import DelegationRank, ImpRate
from pilote.missions.models import Delegation, Mission, MissionLetter
from tests.core.factories import SchoolFactory, UserFactory


class MissionFactory(factory.django.DjangoModelFactory):
    """A school's own mission (the referential's missions are loaded by the migration)."""

    class Meta:
        model = Mission

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"mission_locale_{n}")
    label = factory.Sequence(lambda n: f"Mission locale {n}")
    description = "Une mission propre à l'établissement."
    grants = factory.LazyFunction(list)

    class Params:
        inactive = factory.Trait(is_active=False)


def referential_mission(code: str) -> Mission:
    return Mission.objects.get(school=None, code=code)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    school = factory.SubFactory(SchoolFactory)
    mission = factory.LazyFunction(lambda: referential_mission("ent_admin"))
    holder = factory.SubFactory(UserFactory)
    rank = DelegationRank.PRINCIPALE
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    end_date = None

    class Params:
        expired = factory.Trait(
            start_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=400)
            ),
            end_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=10)
            ),
        )
        upcoming = factory.Trait(
            start_date=factory.LazyFunction(
                lambda: timezone.localdate() + datetime.timedelta(days=10)
            ),
        )
        secondary = factory.Trait(rank=DelegationRank.SECONDAIRE)


class MissionLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionLetter

    school = factory.SubFactory(SchoolFactory)
    referent = factory.SubFactory(UserFactory)
    school_year = "2025-2026"
    start_date = datetime.date(2025, 9, 1)
    end_date = datetime.date(2026, 8, 31)
    imp_rate = ImpRate.UNE
    indicators = factory.LazyFunction(lambda: ["missions.sans_titulaire"])
    resources = "Un ordinateur portable, un téléphone, un bureau au CDI."
    trainings = "Formation des référents numériques de la DRANE (3 jours)."
