"""Second factor (TOTP, django-otp) for the accounts that can do the most harm.

The head of a school, an administrator, the académie's RSSI and DPD, and superusers, once
signed in with a local password, reach nothing but the code page until they type the six
digits of their authenticator application (or one of their single-use recovery codes); the
first time, the enrolment page shows the QR code to scan and the recovery codes. An
académie sign-in whose ``acr`` says the identity provider already asked for a second factor
is not asked again (``mark_verified_by_provider``).

``PILOTE_2FA_REQUIRED`` turns the obligation off (development and demo, see README); the
pages still work, so anyone may enrol.
"""

import secrets

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django_otp import login as otp_login
from django_otp import user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import JournalAction, Role
from .journal import record
from .models import Membership

# Roles whose account opens the most: a second factor is required with a local password.
# The DPD reads every school's incidents with personal data and exports journal.
GUARDED_ROLES = {Role.CHEF, Role.ADMINISTRATEUR, Role.RSSI, Role.DPD}
RECOVERY_CODES = 10
PROVIDER_MFA_SESSION_KEY = "pilote_mfa_by_provider"
# Pages reachable before the code: these ones, signing out, static files, health.
OPEN_URL_NAMES = (
    "login",
    "logout",
    "otp_verify",
    "otp_setup",
    "otp_recovery_codes",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_refused",
)


def requires_second_factor(user) -> bool:
    """Whether this account must pass a second factor (whatever the setting says)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.active().filter(user=user, role__in=GUARDED_ROLES).exists()


def mark_verified_by_provider(request) -> None:
    """The identity provider asked for a second factor (its ``acr``): none asked here."""
    request.session[PROVIDER_MFA_SESSION_KEY] = True


def is_verified(request) -> bool:
    return request.user.is_verified() or bool(request.session.get(PROVIDER_MFA_SESSION_KEY))


def second_factor_gate(get_response):
    """Until the second factor is passed, a guarded account is sent to the code page (or to
    the enrolment page if it has no authenticator yet); nothing else answers."""

    def middleware(request):
        if (
            settings.PILOTE_2FA_REQUIRED
            and request.user.is_authenticated
            and not is_open_path(request.path)
            and not is_verified(request)
            and requires_second_factor(request.user)
        ):
            target = "otp_verify" if user_has_device(request.user) else "otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return get_response(request)

    return middleware


def is_open_path(path: str) -> bool:
    if path.startswith(("/sante/", f"/{settings.STATIC_URL.strip('/')}/")):
        return True
    return path in {reverse(name) for name in OPEN_URL_NAMES}


def safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="Les 6 chiffres de votre application, ou un code de secours.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def confirmed_devices(user) -> list:
    """The person's authenticator first, then the recovery codes."""
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]


class VerifyView(LoginRequiredMixin, View):
    """« Code de vérification »: the second step of a local sign-in."""

    template_name = "registration/otp_verify.html"

    def get(self, request):
        if not user_has_device(request.user):
            return redirect(reverse("otp_setup") + f"?next={safe_next(request)}")
        return self.page(CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["code"]
            for device in confirmed_devices(request.user):
                if verify_token(request.user, device.persistent_id, code):
                    otp_login(request, device)
                    self.journal_success(device)
                    return redirect(safe_next(request))
            record(
                JournalAction.SECOND_FACTOR_FAILED,
                f"Code de second facteur refusé pour {request.user}",
                request=request,
            )
            form.add_error(
                "code", "Code incorrect ou expiré : saisissez le code affiché maintenant."
            )
        return self.page(form, status=400)

    def journal_success(self, device) -> None:
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            record(
                JournalAction.RECOVERY_CODE_USED,
                f"{self.request.user} s'est connecté avec un code de secours ({left} restants)",
                request=self.request,
                remaining=left,
            )
            messages.warning(
                self.request,
                f"Code de secours utilisé : il vous en reste {left}. Si vous avez perdu votre "
                "téléphone, configurez à nouveau le second facteur depuis « Mon compte ».",
            )

    def page(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "next": safe_next(self.request)},
            status=status,
        )


def qr_svg(url: str) -> str:
    """The QR code as inline SVG markup (no script, no external image: strict CSP)."""
    return segno.make(url, error="m").svg_inline(
        scale=5, dark="#161616", light="#ffffff", title="QR code à scanner"
    )


class SetupView(LoginRequiredMixin, View):
    """Enrolment: scan the QR code (or type the key), confirm with a first code, receive the
    recovery codes. Starting again replaces the authenticator and the recovery codes."""

    template_name = "registration/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        # A new authenticator replaces the old one only once the old one (or a recovery
        # code) has been passed: otherwise a stolen password would be enough to replace it.
        if (
            request.user.is_authenticated
            and user_has_device(request.user)
            and not is_verified(request)
        ):
            return redirect(reverse("otp_verify") + f"?next={safe_next(request)}")
        return super().dispatch(request, *args, **kwargs)

    def pending_device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=self.request.user, name="Application d'authentification", confirmed=False
        )

    def get(self, request):
        return self.page(self.pending_device(), CodeForm())

    def post(self, request):
        device = self.pending_device()
        form = CodeForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            codes = self.confirm(device)
            otp_login(request, device)
            request.session["pilote_new_recovery_codes"] = codes
            return redirect(reverse("otp_recovery_codes") + f"?next={safe_next(request)}")
        if form.is_valid():
            form.add_error(
                "code",
                "Code incorrect : vérifiez que l'heure de votre téléphone est juste et saisissez "
                "le code affiché maintenant.",
            )
        return self.page(device, form, status=400)

    @transaction.atomic
    def confirm(self, device: TOTPDevice) -> list[str]:
        user = self.request.user
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.save()
        recovery = StaticDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
        record(
            JournalAction.SECOND_FACTOR_ENROLLED,
            f"{user} a configuré son second facteur",
            request=self.request,
        )
        return codes

    def page(self, device, form, status=200):
        key = device.config_url.split("secret=")[1].split("&")[0]
        context = {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
            "next": safe_next(self.request),
            "already": user_has_device(self.request.user),
        }
        return render(self.request, self.template_name, context, status=status)


def new_recovery_code() -> str:
    """Ten lowercase letters and digits, easy to read and type (``secrets``: unpredictable)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class RecoveryCodesView(LoginRequiredMixin, View):
    """The recovery codes, shown once right after enrolment."""

    def get(self, request):
        codes = request.session.pop("pilote_new_recovery_codes", None)
        if not codes:
            return redirect("core:account")
        return render(
            request,
            "registration/otp_recovery_codes.html",
            {"codes": codes, "next": safe_next(request)},
        )
