"""The routing rule of the source text, read from the equipment and the service."""

import pytest

from pilote.support.choices import Recipient, RequestCategory
from pilote.support.routing import route, target_days
from tests.support.factories import (
    EquipmentFactory,
    RoomFactory,
    SchoolServiceFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def test_projector_maintained_by_the_collectivite_goes_to_its_service_centre(world):
    projector = EquipmentFactory(school=world.college)
    routing = route(category=RequestCategory.EQUIPEMENT, equipment=projector)
    assert routing.recipient == Recipient.COLLECTIVITE
    assert "maintenu par la collectivité" in routing.reason


def test_lost_educonnect_password_goes_to_the_academie(world):
    routing = route(category=RequestCategory.COMPTE, account_kind="educonnect")
    assert routing.recipient == Recipient.ACADEMIE
    assert "ÉduConnect" in routing.reason


def test_agent_account_goes_to_the_academie(world):
    assert route(category=RequestCategory.COMPTE, account_kind="agent").recipient == (
        Recipient.ACADEMIE
    )


def test_tablet_maintained_by_the_school_goes_to_the_mobile_equipment_mission(world):
    tablet = EquipmentFactory(school=world.college, by_school=True, tablet=True)
    routing = route(category=RequestCategory.EQUIPEMENT, equipment=tablet)
    assert routing.recipient == Recipient.ETABLISSEMENT
    assert routing.mission_code == "equipements_mobiles"


def test_fixed_device_maintained_by_the_school_goes_to_the_fleet_mission(world):
    projector = EquipmentFactory(school=world.college, by_school=True)
    assert route(category="equipement", equipment=projector).mission_code == "parc_local"


def test_equipment_maintained_by_the_rectorat_goes_to_the_academie(world):
    device = EquipmentFactory(school=world.college, by_rectorat=True)
    assert route(category="equipement", equipment=device).recipient == Recipient.ACADEMIE


@pytest.mark.parametrize(
    ("contact", "recipient"),
    [
        ("assistance_academique", Recipient.ACADEMIE),
        ("centre_services_collectivite", Recipient.COLLECTIVITE),
        ("editeur", Recipient.ETABLISSEMENT),
        ("referent_etablissement", Recipient.ETABLISSEMENT),
    ],
)
def test_service_follows_its_support_contact(world, contact, recipient):
    adoption = SchoolServiceFactory(
        school=world.college, service=ServiceFactory(kind="site_web", support_contact=contact)
    )
    routing = route(category=RequestCategory.SERVICE, school_service=adoption)
    assert routing.recipient == recipient
    if recipient == Recipient.ETABLISSEMENT:
        assert routing.mission_code == "site_web"


def test_ent_account_follows_the_ent_service_when_it_is_named(world):
    ent = SchoolServiceFactory(school=world.college, service=ServiceFactory(collectivite_ent=True))
    routing = route(category=RequestCategory.COMPTE, account_kind="ent", school_service=ent)
    assert routing.recipient == Recipient.COLLECTIVITE
    without_service = route(category=RequestCategory.COMPTE, account_kind="ent")
    assert without_service.mission_code == "ent_admin"


def test_network_and_rooms_go_to_the_collectivite(world):
    assert route(category=RequestCategory.RESEAU).recipient == Recipient.COLLECTIVITE
    room = RoomFactory(school=world.college)
    assert route(category=RequestCategory.AUTRE, room=room).recipient == Recipient.COLLECTIVITE


def test_other_requests_stay_in_the_school(world):
    routing = route(category=RequestCategory.AUTRE)
    assert routing.recipient == Recipient.ETABLISSEMENT
    assert routing.mission_code == ""


def test_every_category_has_a_target():
    assert set(target_days()) == set(RequestCategory.values)
    assert target_days()["compte"] == 1
