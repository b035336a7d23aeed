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


# --- Commission numérique ------------------------------------------------------------------

from pilote.pilotage.commission.choices import (  # noqa: E402
    CommissionRole,
    MeetingStatus,
    MemberKind,
)
from pilote.pilotage.commission.models import (  # noqa: E402
    AgendaItem,
    CommissionMember,
    Decision,
    Meeting,
)


class CommissionMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionMember

    school = factory.SubFactory(SchoolFactory)
    kind = MemberKind.SCHOOL
    user = factory.SubFactory(UserFactory)
    role = CommissionRole.ENSEIGNANT
    start_date = date(2025, 9, 1)

    class Params:
        guest = factory.Trait(
            kind=MemberKind.GUEST,
            user=None,
            name="Dominique Invitée",
            organisation="Atelier Canopé",
            email="",
        )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    school = factory.SubFactory(SchoolFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    location = "Salle du conseil"

    class Params:
        held = factory.Trait(
            status=MeetingStatus.HELD,
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=100)),
        )


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Décision {n}")


def seat_world(world):
    """The collège's commission: head, RRUPN, SG, the département's technician, a guest
    without e-mail."""
    school = world.college
    seats = [
        ("chef.college", CommissionRole.PRESIDENT, MemberKind.SCHOOL),
        ("rrupn.college", CommissionRole.RRUPN, MemberKind.SCHOOL),
        ("sg.college", CommissionRole.SG, MemberKind.SCHOOL),
        ("tech.departement", CommissionRole.COLLECTIVITE, MemberKind.COLLECTIVITE),
    ]
    members = [
        CommissionMemberFactory(school=school, user=world[username], role=role, kind=kind)
        for username, role, kind in seats
    ]
    members.append(CommissionMemberFactory(school=school, guest=True, role=CommissionRole.INVITE))
    return members
