"""The demo's commission: three meetings held this school year, a fourth convened."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pilote.core.metrics import registry
from pilote.core.models import OutboxMessage, School, User
from pilote.core.schoolyear import school_year_start
from pilote.pilotage.commission.choices import MeetingStatus, MinutesStatus
from pilote.pilotage.commission.models import Decision, Meeting
from tests.demo_crawl import demo_data  # noqa: F401 (fixture)

COLLEGE = "0449901Y"


@pytest.mark.django_db
def test_the_demo_college_met_three_times_and_convened_a_fourth(demo_data):  # noqa: F811
    school = School.objects.get(uai=COLLEGE)
    today = timezone.localdate()
    held = list(Meeting.objects.filter(school=school, status=MeetingStatus.HELD))
    assert len(held) == 3
    if (today - school_year_start(today)).days > 60:
        assert all(timezone.localtime(m.starts_at).date() >= school_year_start(today) for m in held)
    for meeting in held:
        assert meeting.minutes.get().status == MinutesStatus.APPROVED
        assert meeting.items.exists() and meeting.decisions.exists()
    assert Decision.objects.filter(meeting__school=school, action__isnull=False).count() >= 5
    upcoming = Meeting.objects.get(school=school, status=MeetingStatus.CONVENED)
    assert upcoming.starts_at > timezone.now() and upcoming.convened_at is not None
    assert OutboxMessage.objects.filter(subject__contains="Convocation").exists()
    values = registry.compute([school], codes=["commission.jours_depuis_derniere"])[school.pk]
    assert values["commission.jours_depuis_derniere"] is not None
    client = Client()
    client.force_login(User.objects.get(username="chef.college"))
    page = client.get(f"/etablissements/{COLLEGE}/pilotage/commission/").content.decode()
    assert "Représentant des parents" in page and "aucune : pas de convocation" in page
    detail = client.get(upcoming.get_absolute_url()).content.decode()
    assert "ne reçoit pas la convocation" in detail
    assert client.get(held[0].get_absolute_url()).status_code == 200
    home = client.get(f"/etablissements/{COLLEGE}/pilotage/").content.decode()
    assert "Prochaine commission numérique" in home
    drane = Client()
    drane.force_login(User.objects.get(username="drane"))
    territory = drane.get(
        reverse("pilotage_territory:index", args=["academie", school.academie.code])
    )
    assert "Dernière commission numérique" in territory.content.decode()
