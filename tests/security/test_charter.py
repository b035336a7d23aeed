"""The charte des usages: versions, PDF checks, acknowledgements and their shares."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pilote.security.acknowledgements import charter_status_of
from pilote.security.models import CharterVersion, PupilAcknowledgement, StaffAcknowledgement
from tests.schooldata.factories import PupilFactory

from .factories import (
    CharterVersionFactory,
    PupilAcknowledgementFactory,
    StaffAcknowledgementFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def version_data(**overrides):
    data = {
        "version": "2026-1",
        "title": "Charte des usages du numérique",
        "adopted_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "for_staff": "True",
        "for_pupils": "True",
        "text": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def head(client, world):
    client.force_login(world["chef.college"])
    return client


def test_head_uploads_an_adopted_pdf_and_staff_are_told(head, world, college_url):
    upload = SimpleUploadedFile("charte.pdf", PDF_BYTES, content_type="application/pdf")
    response = head.post(college_url + "charte/ajouter/", {**version_data(), "document": upload})
    assert response.status_code == 302
    version = CharterVersion.objects.get()
    assert version.school == world.college and version.document
    assert world["prof.college"].email in mail.outbox[0].to
    download = head.get(f"{college_url}charte/{version.pk}/document/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("charte.pdf", b"MZ\x90\x00 executable", "n'est pas un PDF"),
        ("charte.exe", PDF_BYTES, "type de fichier non accepté"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused(head, college_url, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = head.post(college_url + "charte/ajouter/", {**version_data(), "document": upload})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["document"])
    assert not CharterVersion.objects.exists()


def test_a_version_needs_a_pdf_or_a_text_and_a_unique_number(head, world, college_url):
    assert head.post(college_url + "charte/ajouter/", version_data()).status_code == 400
    CharterVersionFactory(school=world.college, version="2026-1")
    response = head.post(college_url + "charte/ajouter/", version_data(text="Article 1"))
    assert response.status_code == 400 and "version" in response.context["form"].errors
    assert CharterVersion.objects.count() == 1


def test_teacher_acknowledges_the_current_version_once(client, world, college_url):
    CharterVersionFactory(
        school=world.college, adopted_on=timezone.localdate() - timedelta(days=400)
    )
    current = CharterVersionFactory(school=world.college)
    client.force_login(world["prof.college"])
    url = college_url + "charte/prendre-connaissance/"
    assert client.get(url).status_code == 200
    client.post(url)
    client.post(url)
    assert list(StaffAcknowledgement.objects.values_list("version", "user")) == [
        (current.pk, world["prof.college"].pk)
    ]


def test_academie_staff_do_not_acknowledge_a_schools_charter(client, world, college_url):
    CharterVersionFactory(school=world.college)
    client.force_login(world["drane"])
    assert client.post(college_url + "charte/prendre-connaissance/").status_code == 403
    assert not StaffAcknowledgement.objects.exists()


def test_pupil_counts_by_division_replace_the_previous_count(head, world, college_url):
    version = CharterVersionFactory(school=world.college)
    url = f"{college_url}charte/{version.pk}/divisions/"
    data = {
        "division_label": "6e A",
        "enrolled": 28,
        "acknowledged": 20,
        "recorded_on": "2026-09-20",
    }
    assert head.post(url, data).status_code == 302
    assert head.post(url, {**data, "acknowledged": 26}).status_code == 302
    assert list(PupilAcknowledgement.objects.values_list("division_label", "acknowledged")) == [
        ("6e A", 26)
    ]
    assert head.post(url, {**data, "acknowledged": 30}).status_code == 400
    assert head.post(url, {**data, "division_label": ""}).status_code == 400
    assert PupilAcknowledgement.objects.get().acknowledged == 26


def test_shares_per_audience_of_the_version_in_force(world):
    old = CharterVersionFactory(
        school=world.college, adopted_on=timezone.localdate() - timedelta(days=900)
    )
    current = CharterVersionFactory(school=world.college)
    CharterVersionFactory(school=world.college, draft=True)
    for username in ("chef.college", "prof.college"):
        StaffAcknowledgementFactory(version=current, user=world[username])
    StaffAcknowledgementFactory(version=old, user=world["cpe.college"])
    PupilAcknowledgementFactory(version=current, enrolled=30, acknowledged=24)
    PupilFactory.create_batch(40, school=world.college)
    status = charter_status_of(world.college)
    assert status.version == current
    staff, pupils = status.shares
    assert (staff.acknowledged, staff.total) == (2, 6)
    assert (pupils.acknowledged, pupils.total) == (24, 40)
    assert status.rate == round(100 * 26 / 46, 1)
    assert charter_status_of(world.lycee).rate is None


def test_a_banner_follows_staff_until_they_acknowledge(client, world, college_url):
    """Every page of the school shows the banner to a member who has not acknowledged the
    version in force; it goes once they have, and never shows to the académie's visitors."""
    CharterVersionFactory(school=world.college, version="2026-1")
    client.force_login(world["prof.college"])
    page = client.get(college_url).content.decode()
    assert 'id="charte-a-lire"' in page and "(2026-1)" in page
    assert college_url + "charte/prendre-connaissance/" in page
    client.post(college_url + "charte/prendre-connaissance/")
    assert 'id="charte-a-lire"' not in client.get(college_url).content.decode()
    client.force_login(world["drane"])
    assert 'id="charte-a-lire"' not in client.get(college_url).content.decode()


def test_no_banner_for_a_charter_that_is_only_for_pupils(client, world, college_url):
    CharterVersionFactory(school=world.college, for_staff=False)
    client.force_login(world["prof.college"])
    assert 'id="charte-a-lire"' not in client.get(college_url).content.decode()


def test_the_demo_head_has_read_the_charter_and_sees_no_banner(client, world):
    """The screenshots of the README show the head's pages, not the banner (``pilote demo``);
    a third of the demo's other members still have the charter to read."""
    import random
    from types import SimpleNamespace

    from pilote.core.choices import Role
    from pilote.security.demo import _charter
    from tests.core.factories import MembershipFactory, UserFactory

    # Third by name, where one member in three has not read the charter.
    other = UserFactory(username="b.college")
    MembershipFactory(user=other, role=Role.ENSEIGNANT, school=world.college)
    now = timezone.now()
    for user in [*world.users.values(), other]:
        user.last_login = now
        user.save(update_fields=["last_login"])
    _charter(SimpleNamespace(college=world.college, users=world.users), random.Random(0), now)
    current = CharterVersion.objects.for_school(world.college).get(version="2025-1")
    readers = set(current.staff_acknowledgements.values_list("user__username", flat=True))
    assert "chef.college" in readers
    staff = {"adjoint.college", "b.college", "cpe.college", "prof.college", "rrupn.college"}
    unread = sorted((staff | {"sg.college"}) - readers)
    assert unread

    client.force_login(world["chef.college"])
    assert client.get(f"/etablissements/{world.college.uai}/").context["charter_notice"] is None
    client.force_login(world.users.get(unread[0], other))
    response = client.get(f"/etablissements/{world.college.uai}/")
    assert response.context["charter_notice"] is not None
