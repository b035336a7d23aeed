"""Second factor (TOTP) for the head, administrators, the RSSI and the DPD (issue #19)."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pilote.core.choices import JournalAction
from pilote.core.models import JournalEntry
from pilote.core.twofactor import PROVIDER_MFA_SESSION_KEY

PASSWORD = "motdepasse-solide-2026"
HOME = "/mon-compte/"  # a page every signed-in person opens


@pytest.fixture(autouse=True)
def required(settings):
    settings.PILOTE_2FA_REQUIRED = True


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def forget_throttling(device) -> None:
    """A wrong code delays the next try by a second (django-otp); a person is slower."""
    device.refresh_from_db()
    device.throttle_reset()


def login(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="secours", confirmed=True)
    StaticToken.objects.create(device=recovery, token="secours2345")
    return device


def test_head_enrols_with_the_qr_code_and_gets_recovery_codes_once(client, world):
    head = world["chef.college"]
    login(client, head)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_setup"))

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "Configurer le second facteur" in body
    assert "<script>" not in body  # strict CSP: the QR code is markup, not script
    device = TOTPDevice.objects.get(user=head, confirmed=False)

    refused = client.post(reverse("otp_setup"), {"code": "000000", "next": "/"})
    assert refused.status_code == 400
    assert "Code incorrect" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=head, confirmed=True).exists()

    forget_throttling(device)
    done = client.post(reverse("otp_setup"), {"code": current_code(device), "next": "/"})
    assert done.status_code == 302
    codes_page = client.get(done["Location"])
    codes = re.findall(r"<li><code>([a-z0-9]{10})</code></li>", codes_page.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=head).values_list("token", flat=True)
    )
    assert client.get(done["Location"]).status_code == 302  # shown once only
    assert client.get(HOME).status_code == 200
    assert JournalEntry.objects.filter(
        action=JournalAction.SECOND_FACTOR_ENROLLED, actor=head
    ).exists()


def test_login_with_a_code_and_refusal_of_a_wrong_one(client, world):
    head = world["chef.college"]
    device = enrolled(head)
    response = login(client, head)
    assert client.get(HOME).url.startswith(reverse("otp_verify"))
    assert client.get("/api/v1/etablissements/").status_code == 302  # nothing else answers

    wrong = client.post(reverse("otp_verify"), {"code": current_code(device, offset=-600)})
    assert wrong.status_code == 400
    assert "Code incorrect ou expiré" in wrong.content.decode()
    assert client.get(HOME).url.startswith(reverse("otp_verify"))
    assert (
        JournalEntry.objects.filter(action=JournalAction.SECOND_FACTOR_FAILED, actor=head).count()
        == 1
    )

    forget_throttling(device)
    response = client.post(
        reverse("otp_verify"), {"code": current_code(device), "next": "/mon-compte/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/mon-compte/"
    assert client.get(HOME).status_code == 200


def test_recovery_code_works_once(client, world):
    head = world["chef.college"]
    enrolled(head)
    login(client, head)
    assert client.post(reverse("otp_verify"), {"code": "SECOURS 2345"}).status_code == 302
    assert client.get(HOME).status_code == 200
    assert not StaticToken.objects.filter(token="secours2345").exists()
    assert JournalEntry.objects.filter(action=JournalAction.RECOVERY_CODE_USED).exists()

    client.post(reverse("logout"))
    login(client, head)
    again = client.post(reverse("otp_verify"), {"code": "secours2345"})
    assert again.status_code == 400
    assert client.get(HOME).url.startswith(reverse("otp_verify"))


def test_a_password_alone_cannot_replace_the_authenticator(client, world):
    head = world["chef.college"]
    enrolled(head)
    login(client, head)
    response = client.get(reverse("otp_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
    assert client.post(reverse("otp_setup"), {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=head).count() == 1


@pytest.mark.parametrize("username", ["rssi", "chef.lycee"])
def test_other_guarded_roles_are_asked(client, world, username):
    login(client, world[username])
    assert client.get(HOME).url.startswith(reverse("otp_setup"))


def test_a_teacher_is_not_asked(client, world):
    login(client, world["prof.college"])
    assert client.get(HOME).status_code == 200


def test_not_asked_when_the_setting_is_off(client, world, settings):
    settings.PILOTE_2FA_REQUIRED = False
    login(client, world["chef.college"])
    assert client.get(HOME).status_code == 200


def test_not_asked_after_a_provider_second_factor(client, world):
    client.force_login(world["chef.college"])
    session = client.session
    session[PROVIDER_MFA_SESSION_KEY] = True
    session.save()
    assert client.get(HOME).status_code == 200


def test_account_page_shows_the_state(client, world, settings):
    settings.PILOTE_2FA_REQUIRED = False
    head = world["chef.college"]
    client.force_login(head)
    assert "Votre rôle exige un second facteur" in client.get("/mon-compte/").content.decode()
    enrolled(head)
    body = client.get("/mon-compte/").content.decode()
    assert "codes de secours restants : 1" in body
