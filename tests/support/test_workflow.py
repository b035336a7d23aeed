"""A broken projector reaches the collectivité, a lost ÉduConnect password the académie, a
school-maintained tablet the mission's holder — each followed to resolution."""

import datetime
import html

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pilote.support.models import RequestAttachment, SupportRequest
from pilote.support.workflow import due_date_for
from tests.missions.factories import DelegationFactory, referential_mission
from tests.support.factories import EquipmentFactory, SupportRequestFactory

BASE = "/etablissements/0449901Y/assistance/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def file_request(client, user, **data):
    client.force_login(user)
    payload = {"title": "Problème", "description": "Détails", **data}
    return client.post(BASE + "nouvelle/", payload)


def act(client, user, support_request, **data):
    client.force_login(user)
    return client.post(f"{BASE}{support_request.pk}/", data)


def test_broken_projector_goes_to_the_collectivite_and_is_followed_to_resolution(
    client, world, django_capture_on_commit_callbacks
):
    projector = EquipmentFactory(school=world.college)
    with django_capture_on_commit_callbacks(execute=True):
        response = file_request(
            client,
            world["prof.college"],
            category="equipement",
            equipment=projector.pk,
            attachment=SimpleUploadedFile("photo.png", PNG),
        )
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert request.recipient == "collectivite"
    assert "maintenu par la collectivité" in request.routing_reason
    assert request.attachments.count() == 1
    assert set(mail.outbox[-1].to) == {
        world["tech.departement"].email,
        world["gest.departement"].email,
    }

    queue = client.get("/territoires/departement/44/assistance/")
    assert client.session  # still logged in as the teacher: no territory role
    assert queue.status_code == 404
    client.force_login(world["tech.departement"])
    queue = client.get("/territoires/departement/44/assistance/")
    assert queue.status_code == 200 and request in queue.context["table"].data

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            act(client, world["tech.departement"], request, status="prise_en_charge").status_code
            == 302
        )
        act(client, world["tech.departement"], request, status="resolue", body="Lampe changée.")
    request.refresh_from_db()
    assert request.status == "resolue" and request.assignee == world["tech.departement"]
    assert request.resolution_days == 0
    assert mail.outbox[-1].to == [world["prof.college"].email]

    assert act(client, world["prof.college"], request, status="close").status_code == 302
    request.refresh_from_db()
    assert request.status == "close" and request.closed_at
    assert [c.status_to for c in request.comments.all()] == ["prise_en_charge", "resolue", "close"]


def test_lost_educonnect_password_lands_at_the_academie_only(client, world):
    file_request(client, world["prof.college"], category="compte", account_kind="educonnect")
    request = SupportRequest.objects.get()
    assert request.recipient == "academie"
    client.force_login(world["tech.departement"])
    assert (
        request not in client.get("/territoires/departement/44/assistance/").context["table"].data
    )
    # The collectivité cannot move a request that is not theirs.
    assert act(client, world["tech.departement"], request, status="resolue").status_code == 400
    client.force_login(world["assistance"])
    queue = client.get("/territoires/academie/17/assistance/")
    assert request in queue.context["table"].data
    assert act(client, world["assistance"], request, status="resolue").status_code == 302
    request.refresh_from_db()
    assert request.status == "resolue"


def test_school_maintained_tablet_goes_to_the_mission_holder(client, world):
    DelegationFactory(
        school=world.college,
        holder=world["rrupn.college"],
        mission=referential_mission("equipements_mobiles"),
    )
    tablet = EquipmentFactory(school=world.college, by_school=True, tablet=True)
    file_request(client, world["cpe.college"], category="equipement", equipment=tablet.pk)
    request = SupportRequest.objects.get()
    assert request.recipient == "etablissement"
    assert request.mission.code == "equipements_mobiles"
    assert act(client, world["prof.college"], request, status="prise_en_charge").status_code == 400
    assert act(client, world["rrupn.college"], request, status="prise_en_charge").status_code == 302


def test_vacant_mission_falls_back_to_the_head(client, world):
    tablet = EquipmentFactory(school=world.college, by_school=True, tablet=True)
    file_request(client, world["prof.college"], category="equipement", equipment=tablet.pk)
    request = SupportRequest.objects.get()
    assert "chef d'établissement la reçoit" in request.routing_reason
    assert act(client, world["chef.college"], request, status="resolue").status_code == 302


def test_requester_reopens_a_resolution_that_does_not_hold(client, world):
    request = SupportRequestFactory(
        school=world.college, requester=world["prof.college"], resolved=True
    )
    assert act(client, world["prof.college"], request, status="prise_en_charge").status_code == 302
    request.refresh_from_db()
    assert request.status == "prise_en_charge" and request.resolution_days is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"category": "compte"}, "account_kind"),
        ({"category": "service"}, "school_service"),
        ({"category": "inconnue"}, "category"),
        ({"category": "autre", "title": ""}, "title"),
    ],
)
def test_incomplete_request_is_refused_with_400(client, world, data, field):
    response = file_request(client, world["prof.college"], **data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not SupportRequest.objects.exists()


def test_another_school_equipment_cannot_be_named(client, world):
    foreign = EquipmentFactory(school=world.lycee)
    response = file_request(
        client, world["prof.college"], category="equipement", equipment=foreign.pk
    )
    assert response.status_code == 400
    assert "equipment" in response.context["form"].errors


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90", "type de fichier non accepté"),
        ("photo.png", b"GIF89a not png", "n'est pas un image PNG"),
        ("gros.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "la limite est de"),
    ],
)
def test_bad_attachment_is_refused_and_nothing_is_saved(client, world, name, content, message):
    response = file_request(
        client,
        world["prof.college"],
        category="reseau",
        attachment=SimpleUploadedFile(name, content),
    )
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not SupportRequest.objects.exists()
    assert not RequestAttachment.objects.exists()


def test_empty_action_is_refused(client, world):
    request = SupportRequestFactory(school=world.college)
    response = act(client, world["prof.college"], request, body="")
    assert response.status_code == 400
    assert "Écrivez un message" in html.unescape(response.content.decode())


def test_comment_and_attachment_on_a_request(client, world):
    request = SupportRequestFactory(school=world.college, requester=world["prof.college"])
    response = act(
        client,
        world["prof.college"],
        request,
        body="Toujours en panne ce matin.",
        attachment=SimpleUploadedFile("journal.txt", b"erreur 0x42"),
    )
    assert response.status_code == 302
    attachment = request.attachments.get()
    download = client.get(f"{BASE}{request.pk}/pieces/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"erreur 0x42"
    assert "attachment" in download["Content-Disposition"]


def test_another_school_request_and_attachment_give_404(client, world):
    foreign = SupportRequestFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    assert client.get(f"{BASE}{foreign.pk}/").status_code == 404
    assert client.post(f"{BASE}{foreign.pk}/", {"body": "x"}).status_code == 404
    assert client.get(f"{BASE}{foreign.pk}/pieces/1/").status_code == 404


def test_due_date_counts_working_days_from_the_next_working_day():
    # Filed on Saturday 2 May 2026: counting starts Monday 4, +3 working days → Thursday 7 May.
    assert due_date_for(datetime.date(2026, 5, 2), 3) == datetime.date(2026, 5, 7)
    # Filed Thursday 7 May 2026 with 2 days: Friday 8 May is off → Monday 11, Tuesday 12.
    assert due_date_for(datetime.date(2026, 5, 7), 2) == datetime.date(2026, 5, 12)


def test_school_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    devices = EquipmentFactory.create_batch(5, school=world.college)
    for index in range(80):
        SupportRequestFactory(
            school=world.college,
            equipment=devices[index % 5],
            late=index % 3 == 0,
            assignee=world["tech.departement"],
        )
    client.force_login(world["chef.college"])
    with django_assert_max_num_queries(25):
        response = client.get(BASE)
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 80


def test_territory_queue_query_count_is_constant(client, world, django_assert_max_num_queries):
    SupportRequestFactory.create_batch(60, school=world.college)
    SupportRequestFactory.create_batch(5, school=world.lycee)
    client.force_login(world["tech.departement"])
    with django_assert_max_num_queries(15):
        response = client.get("/territoires/departement/44/assistance/")
    assert response.context["table"].paginator.count == 60


def test_school_list_links_to_the_territory_queue_for_technicians(client, world):
    client.force_login(world["tech.departement"])
    response = client.get(BASE)
    assert "/territoires/departement/44/assistance/" in response.content.decode()
    client.force_login(world["chef.college"])
    assert "/territoires/" not in "".join(
        url for _, url in client.get(BASE).context["territory_queues"]
    )


def test_api_lists_requests_with_filters(client, world):
    SupportRequestFactory(school=world.college, late=True)
    SupportRequestFactory(school=world.college, closed=True)
    SupportRequestFactory(school=world.lycee)
    client.force_login(world["tech.departement"])
    rows = client.get("/api/v1/demandes-assistance/?state=ouvertes").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert len(rows) == 1 and rows[0]["is_late"] is True and rows[0]["school"] == "0449901Y"


def test_late_filter(client, world):
    late = SupportRequestFactory(school=world.college, late=True)
    SupportRequestFactory(school=world.college)
    client.force_login(world["chef.college"])
    data = client.get(BASE + "?late=oui").context["table"].data
    assert list(data) == [late]
    assert timezone.localdate() > late.due_date
