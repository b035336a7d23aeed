"""The missions referential and the delegation contract other modules rely on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pilote.missions.choices import ImpRate, MissionGrant
from pilote.missions.models import Delegation, Mission
from pilote.missions.referential import load_referential, sync_missions
from tests.missions.factories import (
    DelegationFactory,
    MissionFactory,
    MissionLetterFactory,
    referential_mission,
)

CONTRACT_CODES = {
    "ent_admin",
    "gar_affectation",
    "pix",
    "moodle_elea",
    "site_web",
    "equipements_mobiles",
    "educonnect_admin",
    "siecle_sts",
    "correspondant_securite",
    "referent_rgpd",
    "continuite",
    "formation",
}


@pytest.mark.django_db
def test_migration_loads_every_mission_of_the_referential():
    codes = set(Mission.objects.referential().values_list("code", flat=True))
    assert codes >= CONTRACT_CODES
    assert len(codes) == len(load_referential().missions)
    booking = referential_mission("equipements_mobiles")
    assert MissionGrant.VALIDER_RESERVATIONS in booking.grants
    assert booking.referential_version == load_referential().version


@pytest.mark.django_db
def test_sync_is_idempotent_and_retires_missions_dropped_from_the_file():
    Mission.objects.create(code="ancienne", label="Mission retirée du référentiel")
    before = Mission.objects.referential().filter(is_active=True).count()
    sync_missions()
    sync_missions()
    assert Mission.objects.referential().filter(is_active=True).count() == before - 1
    assert not Mission.objects.get(code="ancienne").is_active


def test_referential_has_the_three_competences_of_the_source_text():
    competences = " ".join(load_referential().competences).lower()
    for words in ("collectif apprenant", "pilotage du numérique", "animer une communauté"):
        assert words in competences


def test_imp_amounts_follow_the_1250_euro_base():
    amounts = [ImpRate.annual_amount(rate) for rate in ImpRate.values]
    assert [str(a) for a in amounts] == ["312.50", "625.00", "1250.00", "2500.00", "3750.00"]


def test_active_holding_returns_todays_holders(world):
    school = world.college
    today = timezone.localdate()
    current = DelegationFactory(school=school, mission=referential_mission("pix"))
    DelegationFactory(school=school, mission=referential_mission("pix"), expired=True)
    DelegationFactory(school=school, mission=referential_mission("pix"), upcoming=True)
    DelegationFactory(school=world.lycee, mission=referential_mission("pix"))
    DelegationFactory(school=school, mission=referential_mission("site_web"))
    holders = Delegation.objects.active().holding(school, "pix")
    assert list(holders) == [current]
    assert (
        Delegation.objects.active(on=today + datetime.timedelta(days=20))
        .holding(school, "pix")
        .count()
        == 2
    )


def test_available_missions_are_the_referential_plus_the_school_own(world):
    own = MissionFactory(school=world.college)
    MissionFactory(school=world.lycee)
    MissionFactory(school=world.college, inactive=True)
    available = Mission.objects.available_to(world.college)
    assert own in available
    assert available.count() == Mission.objects.referential().filter(is_active=True).count() + 1


def test_database_refuses_a_delegation_ending_before_it_starts(world):
    delegation = DelegationFactory.build(
        school=world.college,
        holder=world["rrupn.college"],
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2025, 8, 1),
    )
    with pytest.raises(ValidationError):
        delegation.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        delegation.save()


def test_a_delegation_cannot_use_another_school_mission(world):
    foreign = MissionFactory(school=world.lycee)
    delegation = DelegationFactory.build(
        school=world.college, mission=foreign, holder=world["rrupn.college"]
    )
    with pytest.raises(ValidationError, match="autre établissement"):
        delegation.clean()


def test_letter_lists_the_referent_delegations_overlapping_its_period(world):
    referent = world["rrupn.college"]
    letter = MissionLetterFactory(school=world.college, referent=referent)
    inside = DelegationFactory(
        school=world.college,
        holder=referent,
        start_date=datetime.date(2024, 9, 1),
        end_date=None,
    )
    DelegationFactory(
        school=world.college,
        holder=referent,
        mission=referential_mission("pix"),
        start_date=datetime.date(2023, 9, 1),
        end_date=datetime.date(2024, 8, 31),
    )
    DelegationFactory(school=world.college, holder=world["prof.college"])
    assert list(letter.covered_delegations()) == [inside]
    assert str(letter.imp_amount) == "1250.00"
