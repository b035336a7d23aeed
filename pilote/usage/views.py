"""Pages of the « Usages » module.

The audience page shows only counts (module « Usages »). The list of pupils and families to
help names people and shows how to reach them: it also needs the right to see pupils' and
families' personal data (module « Données personnelles »), so that the RRUPN or the académie
see the audience but not the families; its exports are journaled.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView, View

from pilote.core import charts
from pilote.core.choices import Domain, Level
from pilote.core.files import FileRefused, read_table
from pilote.core.generic import ObjectListView
from pilote.core.metrics import registry
from pilote.core.mixins import InvalidFormIs400, SchoolMixin

from .audience import (
    TOP_KINDS,
    division_rows,
    period_bounds,
    profile_rows,
    top_accesses,
    weekly_connections,
)
from .cases import sync_cases
from .filtersets import FollowUpFilterSet
from .forms import (
    FollowUpForm,
    FollowUpNoteForm,
    MappingForm,
    SampleFileForm,
    UsageSettingsForm,
    headers_from_post,
)
from .models import FollowUp, MappingPreset, UsageSettings
from .tables import FollowUpTable


class UsageMixin(SchoolMixin):
    domain = Domain.USAGES


class PersonalDataMixin(UsageMixin):
    """Pages naming pupils and families: the module's right plus « voir les élèves et les
    familles »."""

    names_pupils = True


class AudienceView(UsageMixin, TemplateView):
    template_name = "usage/audience.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school = self.school
        labels, series, source = weekly_connections(school)
        bounds = period_bounds(school)
        context.update(
            measures=registry.measure_school(school, [Domain.USAGES]),
            profiles=profile_rows(school),
            divisions=division_rows(school),
            weeks=labels,
            week_series=series,
            week_rows=[
                (label, [values[i] for values in series.values()]) for i, label in enumerate(labels)
            ],
            week_source=source,
            bounds=bounds,
            tops={name: top_accesses(school, kind, bounds) for name, kind in TOP_KINDS.items()},
            settings=UsageSettings.objects.for_school(school).first(),
            can_edit=self.capabilities.can(Domain.USAGES, Level.EDIT),
        )
        if labels:
            context["week_chart"] = charts.line_chart(
                labels, series, title="Connexions par semaine", ylabel="connexions"
            )
        context["activation_chart"] = charts.bar_chart(
            [row["label"] for row in context["profiles"]],
            {
                "Comptes activés (%)": [row["activation_rate"] or 0 for row in context["profiles"]],
                "Connectés sur 30 jours (%)": [
                    row["recent_rate"] or 0 for row in context["profiles"]
                ],
            },
            title="Activation et activité par profil",
            ylabel="%",
        )
        return context


class CaseListView(PersonalDataMixin, ObjectListView):
    model = FollowUp
    table_class = FollowUpTable
    filterset_class = FollowUpFilterSet
    personal_data = True
    title = "Élèves et familles à accompagner"
    template_name = "usage/case_list.html"
    url_prefix = "case"

    def get_queryset(self):
        return (
            FollowUp.objects.for_school(self.school)
            .select_related("school", "pupil__division", "assignee")
            .prefetch_related("pupil__guardian_links__guardian")
        )

    def get_export_filename(self, export_format):
        return f"eleves-familles-a-accompagner-{self.school.uai}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["add_url_name"] = None
        settings = UsageSettings.objects.for_school(self.school).first()
        context["weeks"] = settings.inactivity_weeks if settings else 4
        return context


class CaseDetailView(PersonalDataMixin, TemplateView):
    """A case: who, how to reach them, the follow-up and its dated notes."""

    template_name = "usage/case_detail.html"
    write_level = Level.EDIT

    def get_object(self) -> FollowUp:
        return self.own_object(
            FollowUp.objects.select_related("pupil__division", "assignee").prefetch_related(
                "pupil__guardian_links__guardian", "notes__author"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        follow_up = kwargs.get("follow_up") or self.get_object()
        context.update(
            follow_up=follow_up,
            guardians=[link for link in follow_up.pupil.guardian_links.all() if link.is_legal],
            form=kwargs.get("form") or FollowUpForm(instance=follow_up, school=self.school),
            note_form=kwargs.get("note_form") or FollowUpNoteForm(school=self.school),
            history=follow_up.history.select_related("history_user")[:20],
            can_edit=self.capabilities.can(Domain.USAGES, Level.EDIT),
        )
        return context

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        follow_up = self.get_object()
        if "text" in request.POST:
            form = FollowUpNoteForm(request.POST, school=self.school)
            if not form.is_valid():
                return self.invalid(follow_up, note_form=form)
            form.instance.follow_up = follow_up
            form.instance.author = request.user
            form.save()
            messages.success(request, "La note a été ajoutée.")
        else:
            form = FollowUpForm(request.POST, instance=follow_up, school=self.school)
            if not form.is_valid():
                return self.invalid(follow_up, form=form)
            form.save()
            messages.success(request, "Le suivi a été mis à jour.")
        return redirect("usage:case_detail", uai=self.school.uai, pk=follow_up.pk)

    def invalid(self, follow_up, **forms):
        context = self.get_context_data(follow_up=follow_up, **forms)
        return self.render_to_response(context, status=400)


class CaseSyncView(PersonalDataMixin, View):
    """Detect the cases again now (after a SIECLE import, for instance)."""

    required_level = Level.EDIT

    def post(self, request, *args, **kwargs):
        result = sync_cases(self.school)
        messages.success(
            request,
            f"Liste mise à jour : {result['opened']} nouvelle(s) situation(s), "
            f"{result['changed']} situation(s) close(s) ou rouverte(s).",
        )
        return redirect("usage:case_list", uai=self.school.uai)


class SettingsView(UsageMixin, InvalidFormIs400, FormView):
    template_name = "usage/settings.html"
    form_class = UsageSettingsForm
    required_level = Level.EDIT

    def get_form_kwargs(self):
        settings, _ = UsageSettings.objects.get_or_create(school=self.school)
        return {**super().get_form_kwargs(), "instance": settings, "school": self.school}

    @transaction.atomic
    def form_valid(self, form):
        form.save()
        sync_cases(self.school)
        messages.success(self.request, "Les réglages sont enregistrés et la liste est à jour.")
        return redirect("usage:audience", uai=self.school.uai)


class PresetView(UsageMixin, TemplateView):
    """The ÉduConnect column picker: read a sample file's headers, save the choice."""

    template_name = "usage/presets.html"
    write_level = Level.EDIT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["presets"] = MappingPreset.objects.for_school(self.school)
        context.setdefault("sample_form", SampleFileForm())
        context["can_edit"] = self.capabilities.can(Domain.USAGES, Level.EDIT)
        return context

    def post(self, request, *args, **kwargs):
        if "file" in request.FILES or "name" not in request.POST:
            return self.read_sample(request)
        return self.save_mapping(request)

    def read_sample(self, request):
        form = SampleFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(sample_form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            headers = read_table(upload.read(), upload.name).headers
        except FileRefused as exc:
            form.add_error("file", str(exc))
            return self.render_to_response(self.get_context_data(sample_form=form), status=400)
        mapping_form = MappingForm(headers=[h for h in headers if h][:100])
        return self.render_to_response(self.get_context_data(mapping_form=mapping_form))

    def save_mapping(self, request):
        form = MappingForm(request.POST, headers=headers_from_post(request.POST))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(mapping_form=form), status=400)
        MappingPreset.objects.update_or_create(
            school=self.school,
            name=form.cleaned_data["name"],
            defaults={"mapping": form.mapping()},
        )
        messages.success(request, f"Le modèle « {form.cleaned_data['name']} » est enregistré.")
        return redirect("usage:presets", uai=self.school.uai)


class PresetDeleteView(UsageMixin, View):
    required_level = Level.EDIT

    def post(self, request, *args, **kwargs):
        preset = self.own_object(MappingPreset, pk=kwargs["pk"])
        preset.delete()
        messages.success(request, f"Le modèle « {preset.name} » est supprimé.")
        return redirect("usage:presets", uai=self.school.uai)
