"""Logging in and asking for a new password, as an attacker would try them (issue #15)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pilote.core.choices import JournalAction, Role
from pilote.core.models import JournalEntry
from tests.core.factories import MembershipFactory, UserFactory

PASSWORD = "motdepasse-solide-2026"
PROXY = "10.0.0.2"


@pytest.fixture
def lock12(world):
    user = UserFactory(username="lock12", email="lock12@example.org")
    MembershipFactory(user=user, school=world.college, role=Role.ENSEIGNANT)
    return user


def login(client, identifier, password, **extra):
    return client.post(reverse("login"), {"username": identifier, "password": password}, **extra)


@pytest.mark.parametrize("other_spelling", ["LOCK12", "lock12@example.org", " Lock12@Example.org"])
def test_five_failures_lock_the_account_whatever_is_typed(client, lock12, other_spelling):
    """Axes counted per exact string: five failures on « lock12 », then « LOCK12 » or the
    e-mail logged in. One counter per account now."""
    for _ in range(5):
        login(client, "lock12", "mauvais")
    response = login(client, other_spelling, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_spread_over_spellings_add_up(client, lock12):
    for identifier in ("lock12", "LOCK12", "lock12@example.org", "Lock12", "LOCK12@EXAMPLE.ORG"):
        login(client, identifier, "mauvais")
    assert login(client, "lock12", PASSWORD).status_code == 429


def test_one_address_failing_on_many_accounts_is_stopped(client, world, settings):
    settings.PILOTE_LOGIN_FAILURES_PER_ADDRESS = 6
    for n in range(6):
        login(client, f"inconnu{n}", "mauvais", REMOTE_ADDR="198.51.100.4")
    response = login(client, "chef.college", PASSWORD, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert "depuis cette adresse" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another address is not concerned
    other = Client()
    assert login(other, "chef.college", PASSWORD, REMOTE_ADDR="198.51.100.5").status_code == 302


def test_failed_login_of_a_known_account_is_in_its_school_journal(client, world, lock12):
    login(client, "LOCK12", "mauvais", REMOTE_ADDR="198.51.100.9")
    entry = JournalEntry.objects.get(action=JournalAction.LOGIN_FAILED)
    assert entry.school == world.college and entry.ip_address == "198.51.100.9"
    assert entry.details["account"] == lock12.pk
    client.force_login(world["chef.college"])
    page = client.get(reverse("core:journal", kwargs={"uai": world.college.uai})).content
    assert "Échec de connexion pour « LOCK12 »" in page.decode()


# --- Behind the reverse proxy ----------------------------------------------------------------


def via_proxy(client_address, spoofed=""):
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def test_client_address_is_read_from_the_trusted_proxy(client, world, settings):
    settings.PILOTE_TRUSTED_PROXIES = [PROXY]
    login(client, "chef.college", PASSWORD, **via_proxy("203.0.113.9", spoofed="6.6.6.6"))
    entry = JournalEntry.objects.get(action=JournalAction.LOGIN)
    assert entry.ip_address == "203.0.113.9"


def test_forwarded_header_from_anyone_else_is_ignored(client, world, settings):
    settings.PILOTE_TRUSTED_PROXIES = [PROXY]
    login(
        client,
        "chef.college",
        PASSWORD,
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert JournalEntry.objects.get(action=JournalAction.LOGIN).ip_address == "198.51.100.7"


def test_behind_the_proxy_one_person_cannot_lock_everyone_out(world, settings):
    """Without the proxy's header every request came from the proxy: five failures by one
    person locked the account for the whole school."""
    settings.PILOTE_TRUSTED_PROXIES = ["10.0.0.0/24"]
    attacker, colleague = Client(), Client()
    for _ in range(5):
        login(attacker, "chef.college", "mauvais", **via_proxy("203.0.113.66"))
    assert login(attacker, "chef.college", PASSWORD, **via_proxy("203.0.113.66")).status_code == 429
    # a forged header does not get the attacker out of its own lockout
    forged = via_proxy("203.0.113.66", spoofed="192.0.2.1")
    assert login(attacker, "chef.college", PASSWORD, **forged).status_code == 429
    colleague_login = login(colleague, "chef.college", PASSWORD, **via_proxy("203.0.113.10"))
    assert colleague_login.status_code == 302


# --- « Mot de passe oublié » -----------------------------------------------------------------


def ask_reset(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def test_ten_reset_requests_send_three_emails(client, world):
    email = world["chef.college"].email
    statuses = [ask_reset(client, email).status_code for _ in range(10)]
    assert statuses[:3] == [302, 302, 302] and set(statuses[3:]) == {429}
    assert len(mail.outbox) == 3
    assert JournalEntry.objects.filter(action=JournalAction.PASSWORD_RESET_REQUESTED).count() == 3


def test_reset_requests_are_limited_per_client_address(client, world, settings):
    settings.PILOTE_PASSWORD_RESETS_PER_ADDRESS = 4
    for n in range(4):
        assert ask_reset(client, f"personne{n}@example.org").status_code == 302
    response = ask_reset(client, world["chef.college"].email)
    assert response.status_code == 429 and "Trop de demandes" in response.content.decode()
    assert mail.outbox == []


def test_unknown_address_behaves_like_a_known_one(client, world):
    """Nothing tells an attacker which addresses have an account."""
    assert ask_reset(client, "personne@example.org").status_code == 302
    assert mail.outbox == []


def test_invited_person_whose_link_expired_gets_a_new_one(client, world, settings):
    invited = UserFactory(username="invitee", email="invitee@example.org")
    invited.set_unusable_password()
    invited.save()
    MembershipFactory(user=invited, school=world.college, role=Role.ENSEIGNANT)
    assert ask_reset(client, "Invitee@Example.org").status_code == 302
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/mot-de-passe/nouveau/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Enregistrer le mot de passe" in form_page.content.decode()
    new = "un-mot-de-passe-bien-long-2026"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password(new)
    entry = JournalEntry.objects.get(action=JournalAction.PASSWORD_CHANGED)
    assert entry.school == world.college


def test_former_member_without_password_gets_no_link(client, world):
    gone = UserFactory(username="parti", email="parti@example.org")
    gone.set_unusable_password()
    gone.save()
    assert ask_reset(client, "parti@example.org").status_code == 302
    assert mail.outbox == []
