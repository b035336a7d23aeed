"""Pages of « Compétences »: Pix campaigns, mastery, certification, Pix+ Édu of teachers."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, TemplateView
from django_tables2 import RequestConfig

from pilote.core import charts
from pilote.core.choices import Domain, Level
from pilote.core.generic import ObjectListView, SchoolObjectMixin
from pilote.core.metrics import registry
from pilote.core.mixins import InvalidFormIs400, SchoolMixin
from pilote.core.permissions import territory_capabilities
from pilote.schooldata.choices import Level as LevelChoice
from pilote.schooldata.models import Division

from .choices import CampaignKind, CertificationStatus, MatchStatus, PixEduStatus
from .filtersets import (
    CampaignFilterSet,
    CandidateFilterSet,
    CertificationResultFilterSet,
    ParticipationFilterSet,
    TeacherFilterSet,
)
from .forms import PixEduForm, ScopeForm
from .models import (
    Campaign,
    CertificationResult,
    Participation,
    PixEduRecord,
    teaching_staff,
)
from .referential import crcn
from .stats import (
    PARTICIPATION_COUNTS,
    certification_by_division,
    compulsory_pupils,
    current_school_year,
    mastery,
    participation_by_division,
    pupils_to_remind,
    year_participations,
)
from .tables import (
    CampaignTable,
    CandidateTable,
    CertificationResultTable,
    ParticipationTable,
    ReminderTable,
    TeacherTable,
)

IMPORT_KINDS = ("pix-campagne", "pix-profils", "pix-certification", "pixedu")


class SkillsMixin(SchoolMixin):
    domain = Domain.COMPETENCES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.capabilities.can(Domain.COMPETENCES, Level.EDIT)
        context["school_year"] = current_school_year()
        context["territory_url"] = self.territory_url()
        context["crcn"] = crcn()
        return context

    def territory_url(self) -> str:
        """The académie's side-by-side page, for a viewer who holds a role there."""
        academie = self.school.academie
        if not territory_capabilities(self.request.user, academie).can(Domain.COMPETENCES):
            return ""
        return reverse(
            "skills_territory:overview", kwargs={"kind": "academie", "code": academie.code}
        )


class SkillsListView(SkillsMixin, ObjectListView):
    template_name = "skills/list.html"


def mastery_chart(report, title: str) -> str:
    measured = report.measured
    if not measured:
        return ""
    if any(c.rate is not None for c in measured):
        values = [c.rate or 0 for c in measured]
        unit = "% des acquis maîtrisés"
    else:
        values = [c.level or 0 for c in measured]
        unit = "niveau moyen"
    return charts.bar_chart(
        [f"{c.code} {c.name}" for c in measured],
        {unit: values},
        title=title,
        ylabel=unit,
        horizontal=True,
    )


class IndexView(SkillsMixin, TemplateView):
    """What a head needs first: the indicators, the weakest competences, the latest campaigns."""

    template_name = "skills/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["measures"] = registry.measure_school(self.school, [Domain.COMPETENCES])
        evaluations = year_participations(self.school).filter(
            campaign__kind=CampaignKind.EVALUATION
        )
        context["weakest"] = mastery(evaluations).weakest(3)
        context["campaigns"] = (
            Campaign.objects.for_school(self.school)
            .annotate(**PARTICIPATION_COUNTS)
            .order_by("-school_year", "-exported_on", "name")[:5]
        )
        context["import_kinds"] = IMPORT_KINDS
        context["unmatched"] = (
            Participation.objects.for_school(self.school)
            .filter(campaign__school_year=current_school_year())
            .exclude(match_status=MatchStatus.MATCHED)
            .count()
        )
        return context


class CampaignListView(SkillsListView):
    model = Campaign
    url_prefix = "campaign"
    table_class = CampaignTable
    filterset_class = CampaignFilterSet
    title = "Campagnes Pix"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("school")
            .annotate(**PARTICIPATION_COUNTS)
            .order_by("-school_year", "name")
        )


class CampaignDetailView(SkillsMixin, SchoolObjectMixin, DetailView):
    """A campaign is edited only by re-importing a newer export: no edit or delete page."""

    model = Campaign
    url_prefix = "campaign"
    template_name = "skills/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = self.object.history.select_related("history_user")[:10]
        rows = participation_by_division(self.object)
        context["rows"] = rows
        context["report"] = mastery(Participation.objects.filter(campaign=self.object))
        if rows:
            context["participation_chart"] = charts.bar_chart(
                [row["division"] for row in rows],
                {
                    "Partagé": [row["shared"] for row in rows],
                    "Commencé, non partagé": [row["started"] - row["shared"] for row in rows],
                    "Pas commencé": [row["not_started"] or 0 for row in rows],
                },
                title="Participation par division",
                ylabel="élèves",
                stacked=True,
            )
        context["mastery_chart"] = mastery_chart(context["report"], "Maîtrise par compétence")
        return context


class MasteryView(SkillsMixin, TemplateView):
    """Mastery by competence and domain, for the school, a level or a division."""

    template_name = "skills/mastery.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaigns = Campaign.objects.for_school(self.school).order_by("-school_year", "name")
        divisions = (
            Division.objects.for_school(self.school).filter(is_group=False).exclude(level="")
        )
        levels = sorted({d.level for d in divisions})
        form = ScopeForm(
            self.request.GET or None, campaigns=campaigns, levels=levels, divisions=divisions
        )
        participations, scope = self.scoped(form)
        report = mastery(participations)
        context.update(
            form=form,
            scope=scope,
            report=report,
            weakest=report.weakest(3),
            chart=mastery_chart(report, "Maîtrise par compétence"),
            domain_chart=self.domain_chart(report),
            levels=crcn().levels,
        )
        return context

    def scoped(self, form):
        participations = Participation.objects.for_school(self.school)
        scope = "tout l'établissement"
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        if data.get("campagne"):
            participations = participations.filter(campaign_id=data["campagne"])
        else:
            participations = participations.filter(
                campaign__school_year=current_school_year(),
                campaign__kind=CampaignKind.EVALUATION,
            )
        if data.get("division"):
            participations = participations.filter(division_id=data["division"])
            scope = "division " + dict(form.fields["division"].choices)[data["division"]]
        elif data.get("niveau"):
            participations = participations.filter(division__level=data["niveau"])
            scope = f"niveau {data['niveau']}"
        return participations, scope

    def domain_chart(self, report) -> str:
        domains = [(label, rate) for label, rate, _ in report.domains if rate is not None]
        if not domains:
            return ""
        return charts.bar_chart(
            [label for label, _ in domains],
            {"% des acquis maîtrisés": [rate for _, rate in domains]},
            title="Maîtrise par domaine",
            ylabel="% des acquis maîtrisés",
            horizontal=True,
        )


class ReminderView(SkillsMixin, TemplateView):
    """Pupils who have not started or not shared a campaign, to remind them."""

    template_name = "skills/reminders.html"
    names_pupils = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaigns = list(
            Campaign.objects.for_school(self.school).order_by("-school_year", "-exported_on")
        )
        campaign = self.selected(campaigns, "campagne")
        division_id = self.integer("division")
        context.update(campaigns=campaigns, campaign=campaign, division_id=division_id)
        if campaign is not None:
            pupils = pupils_to_remind(campaign, division_id)
            table = ReminderTable(pupils)
            RequestConfig(self.request, paginate={"per_page": 50}).configure(table)
            context["table"] = table
            context["divisions"] = Division.objects.filter(
                pk__in=Participation.objects.filter(campaign=campaign).values("division_id")
            )
        return context

    def integer(self, name: str) -> int | None:
        value = self.request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    def selected(self, campaigns, name):
        wanted = self.integer(name)
        for campaign in campaigns:
            if wanted is None or campaign.pk == wanted:
                return campaign
        return None


class ParticipationListView(SkillsListView):
    model = Participation
    url_prefix = "participation"
    table_class = ParticipationTable
    filterset_class = ParticipationFilterSet
    personal_data = True
    names_pupils = True
    title = "Participations aux campagnes Pix"

    def get_queryset(self):
        return super().get_queryset().select_related("campaign", "division")


class CertificationView(SkillsMixin, TemplateView):
    """Who will be ready, who sat it, the results by division and the compulsory cohorts."""

    template_name = "skills/certification.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        divisions, levels = certification_by_division(self.school)
        context.update(divisions=divisions, levels=levels, bands=crcn().score_bands)
        context["compulsory_levels"] = [
            LevelChoice(code).label for code in crcn().compulsory_levels_for(self.school)
        ]
        if divisions:
            context["chart"] = charts.bar_chart(
                [row.label for row in divisions],
                {
                    "Élèves": [row.pupils for row in divisions],
                    "Certifiables": [row.certifiable for row in divisions],
                    "Certifiés": [row.validated for row in divisions],
                },
                title="Certification par division",
                ylabel="élèves",
            )
        return context


class CandidateListView(SkillsListView):
    """Pupils of the compulsory levels: certifiable before the session, then their result."""

    model = Participation  # for the URL names only; the rows are pupils
    url_prefix = "candidate"
    table_class = CandidateTable
    filterset_class = CandidateFilterSet
    personal_data = True
    names_pupils = True
    title = "Élèves concernés par la certification obligatoire"

    def get_queryset(self):
        year = current_school_year()
        score = CertificationResult.objects.filter(
            pupil=OuterRef("pk"), school_year=year, status=CertificationStatus.VALIDATED
        ).values("pix_score")[:1]
        return (
            compulsory_pupils(self.school, year)
            .annotate(score=Subquery(score))
            .order_by("division__code", "last_name", "first_name")
        )

    def get_export_filename(self, export_format):
        return f"certification-pix-{self.school.uai}.{export_format}"


class CertificationResultListView(SkillsListView):
    model = CertificationResult
    url_prefix = "result"
    table_class = CertificationResultTable
    filterset_class = CertificationResultFilterSet
    personal_data = True
    names_pupils = True
    title = "Résultats de certification Pix"

    def get_queryset(self):
        return super().get_queryset().select_related("division")


class TeacherListView(SkillsListView):
    model = PixEduRecord
    personal_data = True
    url_prefix = "teacher"
    table_class = TeacherTable
    filterset_class = TeacherFilterSet
    title = "Pix+ Édu des enseignants"
    template_name = "skills/teachers.html"

    def get_queryset(self):
        return teaching_staff(self.school).select_related("pix_edu")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = teaching_staff(self.school).aggregate(
            total=Count("pk"),
            engaged=Count("pk", filter=Q(pix_edu__status__in=PixEduStatus.engaged())),
            certified=Count("pk", filter=Q(pix_edu__status=PixEduStatus.CERTIFIED)),
        )
        context["counts"] = counts
        context["training_url"] = crcn().training_url
        context["training_label"] = crcn().training_label
        return context


class TeacherPixEduView(InvalidFormIs400, SkillsMixin, FormView):
    """Enter where one teacher stands in Pix+ Édu (creates the record the first time)."""

    template_name = "skills/teacher_form.html"
    form_class = PixEduForm
    required_level = Level.EDIT

    def get_teacher(self):
        if not hasattr(self, "teacher"):
            self.teacher = get_object_or_404(teaching_staff(self.school), pk=self.kwargs["pk"])
        return self.teacher

    def get_form_kwargs(self):
        teacher = self.get_teacher()
        record = PixEduRecord.objects.filter(staff=teacher).first() or PixEduRecord(
            school=self.school, staff=teacher
        )
        return {**super().get_form_kwargs(), "instance": record, "school": self.school}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "teacher": self.get_teacher()}

    def form_valid(self, form):
        form.instance.school = self.school
        form.instance.staff = self.get_teacher()
        form.save()
        messages.success(self.request, f"Pix+ Édu de {self.teacher} enregistré.")
        return redirect("skills:teacher_list", uai=self.school.uai)
