"""Safe defaults: headers on every page, login throttling, French error pages."""

from django.urls import reverse

from pilote.core.choices import JournalAction
from pilote.core.models import JournalEntry


def test_pages_carry_csp_and_clickjacking_protection(client, world):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_is_throttled_after_repeated_failures(client, world):
    user = world["chef.college"]
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "mauvais"})
    response = client.post(
        reverse("login"), {"username": user.username, "password": "motdepasse-solide-2026"}
    )
    assert response.status_code == 429
    assert "Connexion suspendue" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert JournalEntry.objects.filter(action=JournalAction.LOGIN_FAILED).count() >= 5


def test_login_with_email_or_username(client, world):
    user = world["chef.college"]
    response = client.post(
        reverse("login"), {"username": user.email.upper(), "password": "motdepasse-solide-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_unknown_page_is_a_french_404(client, world):
    client.force_login(world["chef.college"])
    response = client.get("/etablissements/0750680G/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_home_sends_each_person_to_their_place(client, world):
    client.force_login(world["chef.lycee"])
    assert client.get("/")["Location"] == f"/etablissements/{world.lycee.uai}/"
    client.force_login(world["drane"])
    assert client.get("/")["Location"] == "/territoires/academie/17/"
