"""Pages of « Assistance » under the school: the requests, filing one, following one to
resolution (the queues of the collectivité and the académie are in ``territory_views``)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, View

from pilote.core.choices import Domain, Level
from pilote.core.generic import ObjectCreateView, ObjectListView, SchoolObjectMixin
from pilote.core.metrics import registry
from pilote.core.mixins import SchoolMixin

from . import perms, workflow
from .filtersets import SupportRequestFilterSet
from .forms import RequestActionForm, SupportRequestForm
from .indicators import most_reported_equipment
from .models import SupportRequest
from .tables import SupportRequestTable


class AssistanceMixin:
    domain = Domain.ASSISTANCE
    model = SupportRequest
    url_prefix = "request"


def territory_queues(user, school) -> list[tuple[str, str]]:
    """Queues of the collectivité / académie this person may open, for a link from the school."""
    links = []
    for organisation, kind in (
        (school.collectivite, school.collectivite.kind),
        (school.academie, "academie"),
    ):
        if perms.may_open_territory_queue(user, organisation):
            kwargs = {"kind": kind, "code": organisation.code}
            url = reverse("support_territory:queue", kwargs=kwargs)
            links.append((f"File d'attente : {organisation}", url))
    return links


class RequestListView(AssistanceMixin, ObjectListView):
    table_class = SupportRequestTable
    filterset_class = SupportRequestFilterSet
    template_name = "support/request_list.html"
    title = "Demandes d'assistance"
    # 25 rows: a day's work fits on a page, and the page renders within its budget.
    paginate_by = 25

    def get_queryset(self):
        return SupportRequest.objects.for_list().for_school(self.school)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measures = registry.measure_school(self.school, [Domain.ASSISTANCE])
        context["measures"] = measures
        context["top_equipment"] = most_reported_equipment(self.school, limit=5)
        context["territory_queues"] = territory_queues(self.request.user, self.school)
        return context


class RequestCreateView(AssistanceMixin, ObjectCreateView):
    create_title = "Nouvelle demande d'assistance"
    create_submit = "Envoyer la demande"
    form_class = SupportRequestForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        attachment = data.pop("attachment", None)
        self.object = workflow.file_request(
            school=self.school, requester=self.request.user, data=data, attachment=attachment
        )
        messages.success(
            self.request,
            f"Demande {self.object.reference} envoyée à : "
            f"{self.object.get_recipient_display().lower()}.",
        )
        return redirect(self.object.get_absolute_url())


class RequestDetailView(AssistanceMixin, SchoolObjectMixin, DetailView):
    template_name = "support/request_detail.html"
    write_level = Level.EDIT

    def get_queryset(self):
        return SupportRequest.objects.for_list().for_school(self.school)

    def moves(self):
        handler = perms.may_handle_request(self.request.user, self.object)
        return handler, workflow.allowed_moves(self.object, self.request.user, handler=handler)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        handler, moves = self.moves()
        context.update(
            is_handler=handler,
            may_write=perms.may_write_on_request(self.capabilities, self.object),
            moves=moves,
            comments=self.object.comments.select_related("author"),
            attachments=self.object.attachments.select_related("uploaded_by"),
            history=self.object.history.select_related("history_user")[:20],
        )
        context.setdefault("action_form", RequestActionForm())
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        _, moves = self.moves()
        form = RequestActionForm(
            request.POST, request.FILES, allowed_statuses=[m.status for m in moves]
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(action_form=form), status=400)
        self.act(form.cleaned_data)
        return redirect(self.object.get_absolute_url())

    def act(self, data) -> None:
        user = self.request.user
        if data["attachment"]:
            workflow.attach(self.object, data["attachment"], user)
        if data["status"]:
            workflow.move(self.object, data["status"], user, data["body"])
            messages.success(
                self.request, f"La demande est maintenant « {self.object.get_status_display()} »."
            )
        elif data["body"]:
            workflow.add_comment(self.object, user, data["body"])
            messages.success(self.request, "Votre message a été ajouté à la demande.")
        else:
            messages.success(self.request, "La pièce jointe a été ajoutée à la demande.")


class AttachmentDownloadView(AssistanceMixin, SchoolMixin, View):
    def get(self, request, *args, **kwargs):
        support_request = self.own_object(SupportRequest, pk=kwargs["pk"])
        attachment = get_object_or_404(support_request.attachments, pk=kwargs["attachment_pk"])
        return attachment.download()
