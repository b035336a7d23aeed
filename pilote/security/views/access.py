"""The access review: who holds administrative rights, and the yearly campaign."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from pilote.catalogue.models import SchoolService
from pilote.core.choices import Domain, JournalAction, Level
from pilote.core.mixins import InvalidFormIs400
from pilote.core.models import Membership
from pilote.missions.models import Delegation

from ..access import current_school_year, rights_of
from ..choices import ReviewDecision, RightSource
from ..forms import AccessReviewForm
from ..models import AccessReviewCampaign, AccessReviewDecision
from ..perms import may_end_membership
from .common import SecurityMixin


class AccessRightsView(SecurityMixin, TemplateView):
    template_name = "security/access_rights.html"
    required_level = Level.EDIT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rights = rights_of(self.school)
        today = timezone.localdate()
        context.update(
            rights=[(right, right.is_overdue(today)) for right in rights],
            overdue=sum(1 for right in rights if right.is_overdue(today)),
            dormant=sum(1 for right in rights if right.dormant),
            campaigns=AccessReviewCampaign.objects.for_school(self.school).select_related(
                "completed_by"
            ),
            school_year=current_school_year(today),
            can_review=self.capabilities.can(Domain.ETABLISSEMENT, Level.MANAGE),
        )
        return context


class AccessReviewView(InvalidFormIs400, SecurityMixin, FormView):
    """The head decides, right by right: keep or remove. Removing acts in Pilote at once."""

    template_name = "security/access_review.html"
    form_class = AccessReviewForm
    # Removing a right ends a role or a delegation: that is the head's decision.
    domain = Domain.ETABLISSEMENT
    required_level = Level.MANAGE

    def get_form_kwargs(self):
        self.rights = rights_of(self.school)
        return {**super().get_form_kwargs(), "rights": self.rights}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["school_year"] = current_school_year()
        return context

    @transaction.atomic
    def form_valid(self, form):
        campaign, _ = AccessReviewCampaign.objects.get_or_create(
            school=self.school,
            school_year=current_school_year(),
            defaults={"started_by": self.request.user},
        )
        decisions = form.decisions()
        removed = 0
        for right, decision, comment in decisions:
            AccessReviewDecision.objects.update_or_create(
                campaign=campaign,
                right_key=right.key,
                defaults={
                    "school": self.school,
                    "source": right.source,
                    "holder_id": right.holder_id,
                    "holder_label": right.holder_label[:200],
                    "right_label": right.label[:300],
                    "decision": decision,
                    "comment": comment,
                    "decided_at": timezone.now(),
                    "decided_by": self.request.user,
                },
            )
            if decision == ReviewDecision.REMOVE:
                removed += self.remove(right)
        if len(decisions) == len(self.rights) and campaign.completed_at is None:
            campaign.completed_at = timezone.now()
            campaign.completed_by = self.request.user
            campaign.save()
        self.journal(
            JournalAction.ACCESS_REVIEW_SAVED,
            f"Revue des accès {campaign.school_year} : {len(decisions)} décision(s), "
            f"{removed} droit(s) retiré(s)",
            campaign=campaign.pk,
            decisions=len(decisions),
            removed=removed,
        )
        messages.success(
            self.request,
            f"{len(decisions)} décision(s) enregistrée(s)"
            + (", revue terminée." if campaign.completed_at else "."),
        )
        return HttpResponseRedirect(self.url("access"))

    def remove(self, right) -> int:
        """End the role, the delegation or the referent status; 1 if something was removed."""
        kind, _, rest = right.key.partition(":")
        today = timezone.localdate()
        if kind == RightSource.PILOTE:
            target = Membership.objects.active().filter(pk=rest, school=self.school).first()
            if target is not None and not may_end_membership(self.request.user, target):
                messages.warning(self.request, "Votre propre rôle de chef n'a pas été retiré.")
                return 0
            field, value = "end_date", today
        elif kind == RightSource.DELEGATION:
            target = Delegation.objects.active().for_school(self.school).filter(pk=rest).first()
            field, value = "end_date", today
        else:
            service_id, _, user_id = rest.partition(":")
            target = SchoolService.objects.filter(
                pk=service_id, school=self.school, referent_id=user_id
            ).first()
            field, value = "referent", None
        if target is None:
            return 0
        setattr(target, field, value)
        target.save()
        self.journal(
            JournalAction.ACCESS_RIGHT_REMOVED,
            f"Droit retiré : {right.holder_label} — {right.label}",
            right=right.key,
        )
        return 1
