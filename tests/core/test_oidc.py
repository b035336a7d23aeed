"""Sign-in with the académie's identity provider (OpenID Connect), end to end.

The provider is real: django-oauth-toolkit started by the test in its own process on
127.0.0.1 (``tests/oidc_provider.py``), which signs its ID tokens with its own RSA key and
answers the token, userinfo, JWKS and logout endpoints. Pilote runs as a live server; a
``requests`` session plays the browser (cookies, redirects, forms), and one test drives
Chromium through the same journey.
"""

import json
import select
import socket
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from pilote.core.choices import JournalAction, Role
from pilote.core.models import JournalEntry, Membership
from tests import workers
from tests.conftest import SCREENSHOTS

PASSWORD = "mot-de-passe-chez-le-fournisseur"
AGENTS = [
    # The head, whose provider asked for a second factor (acr eidas2)…
    ["claire.martin-2fa", PASSWORD, "Claire.Martin@AC-Nantes.fr"],
    # … the same person through a weaker sign-in (acr eidas1),
    ["claire.martin", PASSWORD, "claire.martin@ac-nantes.fr"],
    # a teacher, and an agent Pilote does not know.
    ["lucas.laurent", PASSWORD, "LUCAS.LAURENT@ac-nantes.fr"],
    ["inconnu.agent", PASSWORD, "inconnu@ac-nantes.fr"],
]

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """The identity provider, up for the module's tests; its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(workers.ROOT / "tests" / "oidc_provider.py"),
            str(port),
            str(tmp_path_factory.mktemp("fournisseur")),
            f"{live_server.url}/connexion/academie/retour/",
            f"{live_server.url}/connexion/",
            json.dumps(AGENTS),
        ],
        cwd=workers.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready, _, _ = select.select([process.stdout], [], [], 180)
    if not ready or process.stdout.readline().strip() != "ready":
        process.kill()
        pytest.fail(f"le fournisseur d'identité n'a pas démarré : {process.stderr.read()}")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def academie_sign_in(settings, provider, world):
    """Pilote configured for the provider, second factor required, known e-mails."""
    from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET

    settings.PILOTE_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/o/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/o/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/o/.well-known/jwks.json"
    settings.PILOTE_OIDC_END_SESSION_ENDPOINT = f"{provider}/o/logout/"
    settings.PILOTE_2FA_REQUIRED = True
    # As the settings do from PILOTE_OIDC_END_SESSION_ENDPOINT: the sign-out form may end at
    # the provider.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], provider],
    }
    for username, email in (
        ("chef.college", "claire.martin@ac-nantes.fr"),
        ("prof.college", "lucas.laurent@ac-nantes.fr"),
    ):
        world[username].email = email
        world[username].save()
    return world


def sign_in(live_server, agent: str) -> tuple[requests.Session, requests.Response]:
    """Click « Se connecter avec ProConnect », sign in at the provider, come back."""
    browser = requests.Session()
    page = browser.get(f"{live_server.url}/connexion/academie/", timeout=60)
    assert "Fournisseur d'identité de test" in page.text, page.text[:500]
    next_url = parse_qs(urlparse(page.url).query)["next"][0]
    answer = browser.post(
        page.url,
        data={
            "username": agent,
            "password": PASSWORD,
            "next": next_url,
            "csrfmiddlewaretoken": browser.cookies.get("op_csrftoken"),
        },
        timeout=60,
    )
    return browser, answer


def test_agent_signed_in_with_a_second_factor_reaches_pilote_directly(
    live_server, academie_sign_in
):
    browser, answer = sign_in(live_server, "claire.martin-2fa")
    assert answer.status_code == 200
    assert answer.url == f"{live_server.url}/etablissements/0449901Y/"
    account = browser.get(f"{live_server.url}/mon-compte/", timeout=60)
    assert account.url == f"{live_server.url}/mon-compte/"
    assert "claire.martin@ac-nantes.fr" in account.text


def test_weaker_sign_in_of_the_head_still_asks_for_the_code(live_server, academie_sign_in):
    _, answer = sign_in(live_server, "claire.martin")
    assert answer.url.startswith(f"{live_server.url}/connexion/second-facteur/")


def test_teacher_matched_by_email_whatever_the_case_gets_only_his_roles(
    live_server, academie_sign_in
):
    teacher = academie_sign_in["prof.college"]
    roles_before = list(Membership.objects.filter(user=teacher).values_list("role", flat=True))
    browser, answer = sign_in(live_server, "lucas.laurent")
    assert answer.url == f"{live_server.url}/etablissements/0449901Y/"
    assert roles_before == [Role.ENSEIGNANT]
    assert list(Membership.objects.filter(user=teacher).values_list("role", flat=True)) == [
        Role.ENSEIGNANT
    ]
    members = browser.get(f"{live_server.url}/etablissements/0449901Y/membres/", timeout=60)
    assert members.status_code == 403


def test_unknown_email_gets_a_french_page_saying_whom_to_ask(live_server, academie_sign_in):
    browser, answer = sign_in(live_server, "inconnu.agent")
    assert answer.status_code == 403
    assert answer.url == f"{live_server.url}/connexion/academie/refusee/"
    assert "aucun compte Pilote n'a l'adresse" in answer.text
    assert "inconnu@ac-nantes.fr" in answer.text
    assert "chef de votre établissement" in answer.text
    assert browser.get(f"{live_server.url}/mon-compte/", timeout=60).url.startswith(
        f"{live_server.url}/connexion/"
    )
    assert JournalEntry.objects.filter(
        action=JournalAction.LOGIN_FAILED, details__email="inconnu@ac-nantes.fr"
    ).exists()


def test_sign_out_also_ends_the_provider_session(live_server, academie_sign_in):
    browser, _ = sign_in(live_server, "claire.martin-2fa")
    out = browser.post(
        f"{live_server.url}/deconnexion/",
        data={"csrfmiddlewaretoken": browser.cookies.get("csrftoken")},
        timeout=60,
    )
    assert any("/o/logout/" in step.url for step in out.history), [s.url for s in out.history]
    assert out.url.startswith(f"{live_server.url}/connexion/?state=")
    # Neither Pilote nor the provider remembers the agent: the provider asks again.
    again = browser.get(f"{live_server.url}/connexion/academie/", timeout=60)
    assert "Fournisseur d'identité de test" in again.text


def test_buttons_and_pages_absent_without_configuration(client, settings, world):
    settings.PILOTE_OIDC_ENABLED = False
    assert "Se connecter avec" not in client.get("/connexion/").content.decode()
    assert client.get("/connexion/academie/").status_code == 404


@pytest.mark.browser
def test_agent_signs_in_through_the_provider_in_chromium(
    page, live_server, provider, academie_sign_in
):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/connexion/")
    page.click("text=Se connecter avec ProConnect")
    page.wait_for_url(f"{provider}/login/**")
    assert "Fournisseur d'identité de test" in page.content()
    page.fill("#id_username", "claire.martin-2fa")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/etablissements/0449901Y/")
    assert academie_sign_in["chef.college"].get_full_name() in page.content()
    page.screenshot(path=str(SCREENSHOTS / "oidc-connecte.png"))
    page.click("text=Se déconnecter")
    page.wait_for_url(f"{live_server.url}/connexion/?state=**")
    page.screenshot(path=str(SCREENSHOTS / "oidc-deconnecte.png"))
