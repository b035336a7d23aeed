"""Pages of the pilotage module: the volet numérique of the projet d'établissement.

Everything lives under ``/etablissements/<uai>/pilotage/``. The head, the adjoint and the
RRUPN edit (capability ``projet`` at « Modifier »); the members who may see the school's
steering read. Every object is looked up through the current school, so another school's
volet is « page introuvable ».
"""

from operator import attrgetter

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DeleteView, TemplateView, UpdateView, View

from pilote.core.choices import Domain, Level
from pilote.core.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from pilote.core.metrics import registry
from pilote.core.mixins import InvalidFormIs400, SchoolMixin

from . import perms
from .actions import mark_status, notify_responsible, open_actions_of, overdue_actions
from .choices import ActionStatus, VoletStatus
from .filtersets import ActionFilterSet
from .forms import ActionForm, ActionNoteForm, AxisForm, ObjectiveForm, TargetForm, VoletForm
from .models import Action, Axis, Objective, Target, Volet
from .nav import PilotageNavMixin
from .progress import target_progress, volet_tree
from .tables import ActionTable, status_badge
from .targets import volet_in_force
from .versions import new_version, replace_older_versions


class ProjetMixin(PilotageNavMixin, SchoolMixin):
    domain = Domain.PROJET

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = perms.may_edit_projet(self.capabilities)
        return context

    def volet_of_page(self) -> Volet:
        """The school's volet the address names (another school's is « page introuvable »)."""
        return self.own_object(Volet, pk=self.kwargs["pk"])

    def editable_volets(self):
        """The school's volets that may still change: every one but those replaced."""
        return Volet.objects.for_school(self.school).exclude(status=VoletStatus.REPLACED)


class PilotageIndexView(ProjetMixin, TemplateView):
    """The volet in force, where its targets stand, and every version of every period."""

    template_name = "pilotage/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volet = volet_in_force(self.school, timezone.localdate())
        context["volet"] = volet
        if volet is not None:
            axes = volet_tree(volet)
            context["axes"] = axes
            context["progress"] = target_progress(volet, axes)
        context["volets"] = Volet.objects.for_school(self.school)
        if self.capabilities.can(Domain.COMMISSION, Level.VIEW):
            from .commission.home import dashboard

            context["commission"] = dashboard(self.school)
        return context


class VoletDetailView(ProjetMixin, TemplateView):
    template_name = "pilotage/volet_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volet = self.volet_of_page()
        axes = volet_tree(volet)
        context.update(
            volet=volet,
            axes=axes,
            progress=target_progress(volet, axes),
            in_force=volet_in_force(self.school, timezone.localdate()) == volet,
            history=volet.history.select_related("history_user")[:10],
            editable=context["can_edit"] and volet.status != VoletStatus.REPLACED,
        )
        return context


# --- Forms ---------------------------------------------------------------------------------


class PilotageFormMixin(InvalidFormIs400, ProjetMixin):
    """A form of the volet: « Modifier » needed, the current school's rows only."""

    template_name = "pilotage/form.html"
    required_level = Level.EDIT
    title = ""
    # The button says what it does (« Fixer la cible »), never a bare « Enregistrer ».
    submit_label = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.school}

    def get_title(self) -> str:
        return self.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_title()
        context["submit_label"] = self.submit_label
        context["volet"] = self.volet
        context["cancel_url"] = (
            self.volet.get_absolute_url()
            if self.volet
            else reverse("pilotage:index", kwargs={"uai": self.school.uai})
        )
        return context

    def get_success_url(self):
        return self.volet.get_absolute_url()

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
        messages.success(self.request, f"« {self.object} » a été enregistré.")
        return response


class VoletCreateView(PilotageFormMixin, CreateView):
    model = Volet
    form_class = VoletForm
    title = "Nouveau volet numérique"
    submit_label = "Créer le volet numérique"
    volet = None

    def form_valid(self, form):
        form.instance.school = self.school
        self.volet = form.instance
        return super().form_valid(form)


class VoletUpdateView(PilotageFormMixin, UpdateView):
    form_class = VoletForm
    title = "Modifier le volet numérique"
    submit_label = "Enregistrer le volet numérique"

    def get_queryset(self):
        return self.editable_volets()

    def get_object(self, queryset=None):
        self.volet = super().get_object(queryset)
        return self.volet

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            if self.object.status == VoletStatus.ADOPTED:
                replace_older_versions(self.object)
        return response


class VoletNewVersionView(ProjetMixin, View):
    """Revise a volet: a new version in preparation, a copy of its axes, objectives, targets."""

    required_level = Level.EDIT

    def post(self, request, *args, **kwargs):
        volet = self.volet_of_page()
        with transaction.atomic():
            copy = new_version(volet)
        messages.success(
            request, f"Version {copy.version} créée : modifiez-la puis faites-la adopter."
        )
        return redirect(copy)


class VoletPdfView(ProjetMixin, View):
    """The volet as a PDF, built by the background worker (the person follows its job)."""

    def post(self, request, *args, **kwargs):
        from .tasks import build_volet_pdf

        volet = self.volet_of_page()
        return self.run_in_background(f"{volet} (PDF)", build_volet_pdf, volet_id=volet.pk)


class VoletChildMixin(PilotageFormMixin):
    """Forms of a volet's parts: the volet must be the school's and not replaced."""

    def editable_parts(self, model, volet_path: str):
        """The axes, objectives or targets (``model``) of the school's editable volets, found
        by the path from one of them to its volet (``"axis__volet"``), volet included."""
        volets = {f"{volet_path}__in": self.editable_volets()}
        return model.objects.filter(**volets).select_related(volet_path)


class VoletPartMixin(VoletChildMixin):
    """An axis, an objective or a target, edited or deleted: found only in the school's
    editable volets (``volet_path`` leads to its volet), which the page then goes back to."""

    volet_path = ""  # "volet", "axis__volet", "objective__axis__volet"

    def get_queryset(self):
        return self.editable_parts(self.model, self.volet_path)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.volet = attrgetter(self.volet_path.replace("__", "."))(obj)
        return obj


class AxisCreateView(VoletChildMixin, CreateView):
    model = Axis
    form_class = AxisForm
    title = "Nouvel axe"
    submit_label = "Ajouter l'axe"

    def get_form_kwargs(self):
        self.volet = get_object_or_404(self.editable_volets(), pk=self.kwargs["pk"])
        kwargs = super().get_form_kwargs()
        kwargs["volet"] = self.volet
        kwargs["initial"] = {"order": self.volet.axes.count() + 1}
        return kwargs

    def form_valid(self, form):
        form.instance.volet = self.volet
        return super().form_valid(form)


class AxisUpdateView(VoletPartMixin, UpdateView):
    model = Axis
    volet_path = "volet"
    form_class = AxisForm
    title = "Modifier l'axe"
    submit_label = "Enregistrer l'axe"


class ObjectiveCreateView(VoletChildMixin, CreateView):
    model = Objective
    form_class = ObjectiveForm
    title = "Nouvel objectif"
    submit_label = "Ajouter l'objectif"

    def get_form_kwargs(self):
        self.axis = get_object_or_404(self.editable_parts(Axis, "volet"), pk=self.kwargs["pk"])
        self.volet = self.axis.volet
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"order": self.axis.objectives.count() + 1}
        return kwargs

    def get_title(self) -> str:
        return f"Nouvel objectif — {self.axis}"

    def form_valid(self, form):
        form.instance.axis = self.axis
        return super().form_valid(form)


class ObjectiveUpdateView(VoletPartMixin, UpdateView):
    model = Objective
    volet_path = "axis__volet"
    form_class = ObjectiveForm
    title = "Modifier l'objectif"
    submit_label = "Enregistrer l'objectif"


class TargetCreateView(VoletChildMixin, CreateView):
    model = Target
    form_class = TargetForm
    title = "Nouvelle cible"
    submit_label = "Fixer la cible"

    def get_form_kwargs(self):
        objectives = self.editable_parts(Objective, "axis__volet")
        self.objective = get_object_or_404(objectives, pk=self.kwargs["pk"])
        self.volet = self.objective.axis.volet
        return {**super().get_form_kwargs(), "objective": self.objective}

    def get_title(self) -> str:
        return f"Nouvelle cible — objectif « {self.objective} »"


class TargetUpdateView(VoletPartMixin, UpdateView):
    model = Target
    volet_path = "objective__axis__volet"
    form_class = TargetForm
    title = "Modifier la cible"
    submit_label = "Enregistrer la cible"


class PartDeleteView(VoletPartMixin, DeleteView):
    """Remove an axis, an objective or a target (with what it holds), after confirmation."""

    template_name = "pilotage/confirm_delete.html"

    def get_form_kwargs(self):
        """Deleting asks for a plain confirmation form, which takes no school."""
        kwargs = super().get_form_kwargs()
        kwargs.pop("school", None)
        return kwargs

    def form_valid(self, form):
        label = str(self.object)
        with transaction.atomic():
            self.object.delete()
        messages.success(self.request, f"« {label} » a été supprimé.")
        return redirect(self.volet)


class AxisDeleteView(PartDeleteView):
    model = Axis
    volet_path = "volet"
    title = "Supprimer l'axe"


class ObjectiveDeleteView(PartDeleteView):
    model = Objective
    volet_path = "axis__volet"
    title = "Supprimer l'objectif"


class TargetDeleteView(PartDeleteView):
    model = Target
    volet_path = "objective__axis__volet"
    title = "Supprimer la cible"


# --- Plan d'actions ------------------------------------------------------------------------


class ActionsMixin(PilotageNavMixin):
    domain = Domain.PROJET
    model = Action
    url_prefix = "action"

    def get_queryset(self):
        return (
            Action.objects.for_school(self.school)
            .select_related("responsible", "objective__axis__volet", "school")
            .order_by("due_date", "pk")
        )


class ActionListView(ActionsMixin, ObjectListView):
    table_class = ActionTable
    filterset_class = ActionFilterSet
    template_name = "pilotage/action_list.html"
    title = "Plan d'actions"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overdue"] = overdue_actions(self.school).count()
        return context


class MyActionsView(ProjetMixin, TemplateView):
    """« Mes actions »: what the person is responsible for or involved in."""

    template_name = "pilotage/my_actions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = list(
            open_actions_of(self.request.user, self.school).select_related("responsible")
        )
        context["done"] = (
            Action.objects.for_school(self.school)
            .filter(responsible=self.request.user, status=ActionStatus.DONE)
            .order_by("-completed_on")[:10]
        )
        return context


class ActionDetailView(ActionsMixin, ObjectDetailView):
    template_name = "pilotage/action_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.object
        context["notes"] = action.notes.select_related("author")
        context["involved"] = list(action.involved.all())
        context["indicators"] = [
            registry.by_code[code] for code in action.indicators if code in registry.by_code
        ]
        context["status_badge"] = status_badge(action)
        may_follow = perms.may_follow_action(self.request.user, action, self.capabilities)
        context["may_follow"] = may_follow
        if may_follow:
            context["note_form"] = kwargs.get("note_form") or ActionNoteForm(
                initial={"day": timezone.localdate(), "status": action.status}
            )
        return context


class ActionCreateView(ActionsMixin, ObjectCreateView):
    create_title = "Nouvelle action du plan d'actions"
    create_submit = "Inscrire l'action au plan"
    form_class = ActionForm
    template_name = "pilotage/action_form.html"

    def get_initial(self):
        return {"responsible": self.request.user.pk, "start_date": timezone.localdate()}

    def form_valid(self, form):
        with transaction.atomic():
            mark_status(form.instance, form.cleaned_data["status"])
            response = super().form_valid(form)
            notify_responsible(self.object, request=self.request)
        return response


class ActionUpdateView(ActionsMixin, ObjectUpdateView):
    form_class = ActionForm
    template_name = "pilotage/action_form.html"

    def form_valid(self, form):
        with transaction.atomic():
            mark_status(form.instance, form.cleaned_data["status"])
            response = super().form_valid(form)
            if "responsible" in form.changed_data:
                notify_responsible(self.object, request=self.request)
        return response


class ActionDeleteView(ActionsMixin, ObjectDeleteView):
    pass


class ActionNoteView(ActionsMixin, ObjectDetailView):
    """A dated follow-up note, with the action's state (its owner may write it too)."""

    def post(self, request, *args, **kwargs):
        self.object = action = self.get_object()
        if not perms.may_follow_action(request.user, action, self.capabilities):
            self.refuse("Seuls les responsables de l'action et les rédacteurs du plan la suivent.")
        form = ActionNoteForm(request.POST)
        if not form.is_valid():
            context = self.get_context_data(object=action, note_form=form)
            return self.render_to_response(context, status=400)
        with transaction.atomic():
            note = form.save(commit=False)
            note.action, note.author = action, request.user
            note.save()
            if form.cleaned_data["status"] != action.status:
                mark_status(action, form.cleaned_data["status"])
                action.save()
        messages.success(request, "Le point d'étape est enregistré.")
        return redirect(action)

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object())
