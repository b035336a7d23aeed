"""Factories of the pilotage module: a volet, its axes, objectives, targets and actions."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from pilote.pilotage.choices import VoletStatus
from pilote.pilotage.models import Action, Axis, Objective, Target, TargetMilestone, Volet
from tests.core.factories import SchoolFactory, UserFactory


class VoletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volet

    school = factory.SubFactory(SchoolFactory)
    start_year = 2025
    end_year = 2028
    status = VoletStatus.ADOPTED
    conseil_pedagogique_date = date(2025, 11, 13)
    conseil_administration_date = date(2025, 12, 2)


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    volet = factory.SubFactory(VoletFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    axis = factory.SubFactory(AxisFactory)
    title = factory.Sequence(lambda n: f"Objectif {n}")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    objective = factory.SubFactory(ObjectiveFactory)
    code = "comptes.actifs"
    value = 10
    deadline = date(2028, 6, 30)


class TargetMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetMilestone

    target = factory.SubFactory(TargetFactory)
    day = date(2027, 6, 30)
    value = 8


def volet_with_target(school, code="comptes.actifs", value=10, **volet_fields) -> Target:
    """A volet of ``school`` with three axes and one target on ``code``."""
    volet = VoletFactory(school=school, **volet_fields)
    axes = [AxisFactory(volet=volet, order=n) for n in (1, 2, 3)]
    objective = ObjectiveFactory(axis=axes[0])
    return TargetFactory(objective=objective, code=code, value=value)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    responsible = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
