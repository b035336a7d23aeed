"""« Mon compte »: a person's own roles, sessions, password and data."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from .choices import JournalAction
from .journal import record
from .models import JournalEntry, Membership
from .sessions import end_other_sessions, live_sessions
from .twofactor import requires_second_factor


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "core/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = (
            Membership.objects.filter(user=user)
            .select_related("school", "collectivite", "academie")
            .order_by("-start_date")
        )
        context["sessions"] = live_sessions(user)
        context["current_key"] = self.request.session.session_key
        context["idle_minutes"] = settings.PILOTE_SESSION_IDLE_MINUTES
        context["has_second_factor"] = user_has_device(user)
        context["second_factor_required"] = requires_second_factor(user)
        recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
        context["recovery_left"] = recovery.token_set.count() if recovery else None
        return context


class EndOtherSessionsView(LoginRequiredMixin, View):
    def post(self, request):
        ended = end_other_sessions(request)
        record(
            JournalAction.SESSIONS_ENDED,
            f"{request.user} a fermé ses autres sessions ({ended})",
            request=request,
            sessions=ended,
        )
        messages.success(
            request,
            f"{ended} autre{'s' if ended > 1 else ''} session{'s' if ended > 1 else ''} "
            f"fermée{'s' if ended > 1 else ''}."
            if ended
            else "Aucune autre session ouverte.",
        )
        return redirect("core:account")


def own_data(user) -> dict:
    """What Pilote keeps about the person as a user (RGPD, right of access)."""
    memberships = Membership.objects.filter(user=user).select_related(
        "school", "collectivite", "academie"
    )
    entries = JournalEntry.objects.filter(actor=user).order_by("timestamp")
    return {
        "compte": {
            "identifiant": user.username,
            "prenom": user.first_name,
            "nom": user.last_name,
            "courriel": user.email,
            "cree_le": user.date_joined,
            "derniere_connexion": user.last_login,
        },
        "roles": [
            {
                "organisation": str(m.organisation),
                "role": m.get_role_display(),
                "debut": m.start_date,
                "fin": m.end_date,
            }
            for m in memberships
        ],
        "sessions": [
            {
                "ouverte_le": s.created_at,
                "derniere_activite": s.last_seen,
                "adresse_ip": s.ip_address,
                "navigateur": s.user_agent,
            }
            for s in live_sessions(user)
        ],
        "journal": [
            {
                "date": e.timestamp,
                "evenement": e.get_action_display(),
                "resume": e.summary,
                "adresse_ip": e.ip_address,
            }
            for e in entries.iterator()
        ],
    }


class OwnDataView(LoginRequiredMixin, View):
    def get(self, request):
        record(
            JournalAction.PERSONAL_DATA_EXPORT,
            f"{request.user} a téléchargé ses propres données",
            request=request,
        )
        body = json.dumps(
            own_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="mes-donnees-pilote-{request.user.username}.json"'
        )
        return response
