"""« Mon compte »: roles, sessions, password, own data; idle sessions end (issue #15)."""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse

from pilote.core.choices import JournalAction
from pilote.core.models import JournalEntry, UserSession
from pilote.core.sessions import LAST_SEEN

PASSWORD = "motdepasse-solide-2026"


def logged_in(user, agent="Firefox") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_account_page_shows_roles_and_sessions(world):
    head = world["chef.college"]
    laptop, phone = logged_in(head, "Firefox portable"), logged_in(head, "Safari téléphone")
    page = laptop.get(reverse("core:account")).content.decode()
    assert "Chef d&#x27;établissement" in page and "Collège des Salorges" in page
    assert "Firefox portable" in page and "Safari téléphone" in page
    assert phone.get(reverse("core:account")).status_code == 200


def test_ending_other_sessions_logs_the_other_devices_out(world):
    head = world["chef.college"]
    laptop, phone = logged_in(head, "Firefox portable"), logged_in(head, "Safari téléphone")
    response = laptop.post(reverse("core:end_sessions"))
    assert response.status_code == 302
    assert laptop.get(reverse("core:account")).status_code == 200
    assert phone.get(reverse("core:account")).status_code == 302  # back to the login page
    assert UserSession.objects.filter(user=head).count() == 1
    assert JournalEntry.objects.filter(action=JournalAction.SESSIONS_ENDED).exists()


def test_password_change_keeps_this_session_and_is_journaled(world):
    head = world["chef.college"]
    laptop, phone = logged_in(head), logged_in(head, "Safari")
    new = "un-autre-mot-de-passe-2026"
    response = laptop.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:account")
    assert laptop.get(reverse("core:account")).status_code == 200
    assert phone.get(reverse("core:account")).status_code == 302
    head.refresh_from_db()
    assert head.check_password(new)
    assert JournalEntry.objects.filter(
        action=JournalAction.PASSWORD_CHANGED, school=world.college
    ).exists()


def test_wrong_current_password_changes_nothing(world):
    head = world["chef.college"]
    client = logged_in(head)
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": "faux",
            "new_password1": "xx-nouveau-2026",
            "new_password2": "xx-nouveau-2026",
        },
    )
    assert response.status_code == 200 and "fr-error-text" in response.content.decode()
    head.refresh_from_db()
    assert head.check_password(PASSWORD)


def test_own_data_download_is_json_and_journaled(world):
    head = world["chef.college"]
    client = logged_in(head)
    response = client.get(reverse("core:own_data"))
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["compte"]["identifiant"] == "chef.college"
    assert data["roles"][0]["role"] == "Chef d'établissement"
    assert any(entry["evenement"] == "Connexion" for entry in data["journal"])
    assert JournalEntry.objects.filter(
        action=JournalAction.PERSONAL_DATA_EXPORT, actor=head
    ).exists()


def test_idle_session_ends(world, settings):
    settings.PILOTE_SESSION_IDLE_MINUTES = 30
    client = logged_in(world["chef.college"])
    session = client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()
    assert client.get(reverse("core:account")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("minutes_ago", [5, 29])
def test_active_session_stays(world, settings, minutes_ago):
    settings.PILOTE_SESSION_IDLE_MINUTES = 30
    client = logged_in(world["chef.college"])
    session = client.session
    session[LAST_SEEN] = time.time() - minutes_ago * 60
    session.save()
    assert client.get(reverse("core:account")).status_code == 200
