"""Factories of the « Continuité » module."""

import factory
from django.utils import timezone

from pilote.continuity.choices import ScenarioKind, ToolUse
from pilote.continuity.models import (
    Activation,
    ContinuityPlan,
    EquipmentSurvey,
    Exercise,
    PlanTool,
    TrainingRecord,
)
from pilote.continuity.plans import create_plan
from tests.core.factories import SchoolFactory
from tests.schooldata.factories import DivisionFactory, StaffMemberFactory


def make_plan(school, *, validated_by=None, year=None):
    """A plan as the page creates it (four scenarios), validated if a head is given."""
    from pilote.continuity.plans import validate

    plan = create_plan(school, year)
    if validated_by is not None:
        validate(plan, validated_by)
    return plan


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    school = factory.SubFactory(SchoolFactory)
    staff = factory.SubFactory(StaffMemberFactory, school=factory.SelfAttribute("..school"))
    trained_on = factory.LazyFunction(timezone.localdate)
    topic = "Classe virtuelle de l'ENT"


class EquipmentSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquipmentSurvey

    school = factory.SubFactory(SchoolFactory)
    division = factory.SubFactory(DivisionFactory, school=factory.SelfAttribute("..school"))
    without_device = 0
    without_connection = 0


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    school = factory.SubFactory(SchoolFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    scenario = ScenarioKind.FERMETURE_TOTALE
    scope = "Tout l'établissement"
    worked = "La classe virtuelle a tenu."
    did_not_work = "Douze familles injoignables."


class ActivationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activation

    school = factory.SubFactory(SchoolFactory)
    scenario = ScenarioKind.FERMETURE_PARTIELLE
    scope = "Divisions 4 A et 4 B"
    message = "Les cours des divisions 4 A et 4 B se font à distance."


class PlanToolFactory(factory.django.DjangoModelFactory):
    """A service of the school's catalogue chosen for the lessons of the school's plan (this
    year's, created as the page does when the school has none)."""

    class Meta:
        model = PlanTool

    school = factory.SubFactory(SchoolFactory)
    plan = factory.LazyAttribute(
        lambda o: ContinuityPlan.objects.for_school(o.school).first() or make_plan(o.school)
    )
    use = ToolUse.COURS
    school_service = factory.SubFactory(
        "tests.catalogue.factories.SchoolServiceFactory", school=factory.SelfAttribute("..school")
    )
