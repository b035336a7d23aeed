"""Generic school views that every module reuses (NetBox's pattern).

A module writes a model, a FilterSet, a Table and a form, then declares its views in a few
lines::

    class EquipmentListView(ObjectListView):
        model = Equipment
        domain = Domain.PARC
        table_class = EquipmentTable
        filterset_class = EquipmentFilterSet

The list paginates on the server, sorts, filters, and exports the filtered rows as CSV or
XLSX (journaled when ``personal_data`` is set); detail pages show the history; create, edit
and delete need the module's edit capability and only ever touch the current school's rows.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template import Context
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from . import table_columns
from .choices import JournalAction, Level
from .mixins import InvalidFormIs400, SchoolMixin
from .tables import SafeTableExport


class SchoolObjectMixin(SchoolMixin):
    model = None
    # URL names are "<app>:<prefix>_list|detail|add|edit|delete".
    url_prefix: str = ""

    def get_queryset(self):
        return self.model.objects.for_school(self.school)

    def url_name(self, action: str) -> str:
        app = self.request.resolver_match.namespace
        prefix = self.url_prefix or self.model._meta.model_name
        return f"{app}:{prefix}_{action}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context["verbose_name"] = meta.verbose_name
        context["verbose_name_plural"] = meta.verbose_name_plural
        context["list_url"] = reverse(self.url_name("list"), kwargs={"uai": self.school.uai})
        context["add_url_name"] = self.url_name("add")
        context["can_edit"] = self.capabilities.can(self.domain, Level.EDIT)
        return context


class ChosenColumnsMixin:
    """A list (``SingleTableMixin``) whose columns each person chooses, kept for their next
    visits (:mod:`pilote.core.table_columns`): the columns the role does not allow are taken
    out of the table (page, chooser and export) before anything else; the page's only form
    is that choice, so seeing the list is enough to send it. A view sets ``column_key`` when
    the same table is chosen apart on another page (a territory's journal)."""

    # The list has an export, which keeps every allowed column (the form says so).
    columns_exported = False
    column_key: str = ""

    # Set by a refused column choice: the page is shown again (400) with the message.
    column_error = ""

    def get_table(self, **kwargs):
        """The table without the columns the person's role does not allow (page and export)."""
        table = super().get_table(**kwargs)
        table_columns.exclude_forbidden(table, self.capabilities)
        return table

    def required_level_for(self, method: str) -> Level:
        return self.required_level

    def post(self, request, *args, **kwargs):
        """Save the person's choice of columns, then show the list again (same filters)."""
        table = self.get_table_class()(data=[], **self.get_table_kwargs())
        table_columns.exclude_forbidden(table, self.capabilities)
        error = table_columns.save(table, request.user, request.POST, key=self.column_key)
        if error:
            self.column_error = error
            response = self.get(request, *args, **kwargs)
            response.status_code = 400
            return response
        messages.success(request, "Colonnes de la liste enregistrées pour vos prochaines visites.")
        return redirect(request.get_full_path())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["column_choice"] = table_columns.apply(
            context["table"],
            self.request.user,
            error=self.column_error,
            key=self.column_key,
            exported=self.columns_exported,
        )
        return context


class ObjectListView(
    ChosenColumnsMixin, SchoolObjectMixin, ExportMixin, SingleTableMixin, FilterView
):
    template_name = "core/object_list.html"
    paginate_by = 50
    export_class = SafeTableExport
    export_formats = ("csv", "xlsx")
    personal_data = False
    title: str = ""
    columns_exported = True

    def get_table_kwargs(self):
        return {"exclude": () if self.capabilities.can(self.domain, Level.EDIT) else ("actions",)}

    def get_export_filename(self, export_format):
        return f"{self.model._meta.model_name}-{self.school.uai}.{export_format}"

    def render_to_response(self, context, **kwargs):
        self.page_context = context
        return super().render_to_response(context, **kwargs)

    def create_export(self, export_format):
        if self.personal_data:
            self.journal(
                JournalAction.PERSONAL_DATA_EXPORT,
                f"Export {export_format.upper()} : {self.model._meta.verbose_name_plural}",
                query=self.request.GET.urlencode(),
            )
        table = self.get_table(**self.get_table_kwargs())
        # Template columns read the page's context (``school``, ``caps``…) as on the page;
        # django-tables2 only gives it to them when the table is rendered in HTML.
        table.context = Context(self.page_context)
        exporter = self.export_class(
            export_format=export_format,
            table=table,
            exclude_columns=self.exclude_columns,
            dataset_kwargs=self.get_dataset_kwargs(),
        )
        return exporter.response(filename=self.get_export_filename(export_format))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or str(self.model._meta.verbose_name_plural).capitalize()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_links"] = [
            (fmt.upper(), f"?{query.urlencode()}&_export={fmt}" if query else f"?_export={fmt}")
            for fmt in self.export_formats
        ]
        return context


class ObjectDetailView(SchoolObjectMixin, DetailView):
    template_name = "core/object_detail.html"
    history_limit = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        history = getattr(self.object, "history", None)
        if history is not None:
            context["history"] = history.select_related("history_user")[: self.history_limit]
        context["edit_url"] = self.object_url("edit")
        context["delete_url"] = self.object_url("delete")
        return context

    def object_url(self, action: str) -> str:
        """The object's page for ``action``, or "" when the module offers no such page
        (records that are kept, like incidents, have no deletion)."""
        try:
            return reverse(
                self.url_name(action), kwargs={"uai": self.school.uai, "pk": self.object.pk}
            )
        except NoReverseMatch:
            return ""


class SchoolFormMixin(InvalidFormIs400, SchoolObjectMixin):
    """A form page titled and buttoned in plain French: « Nouvelle demande d'assistance »,
    « Envoyer la demande » — a module names its page and its button (``create_title``,
    ``create_submit``, ``update_submit``), never « Ajouter : demande d'assistance »."""

    template_name = "core/object_form.html"
    required_level = Level.EDIT
    create_title: str = ""
    create_submit: str = ""
    update_submit: str = "Enregistrer les modifications"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if getattr(self, "object", None) is not None and self.object.pk:
            context["form_title"] = f"Modifier « {self.object} »"
            context["submit_label"] = self.update_submit
        else:
            name = context["verbose_name"]
            context["form_title"] = self.create_title or f"Ajouter un élément : {name}"
            context["submit_label"] = self.create_submit or f"Enregistrer : {name}"
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["school"] = self.school
        return kwargs

    def get_success_url(self):
        return reverse(
            self.url_name("detail"), kwargs={"uai": self.school.uai, "pk": self.object.pk}
        )


class ObjectCreateView(SchoolFormMixin, CreateView):
    def form_valid(self, form):
        form.instance.school = self.school
        response = super().form_valid(form)
        messages.success(self.request, f"« {self.object} » a été enregistré.")
        return response


class ObjectUpdateView(SchoolFormMixin, UpdateView):
    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"« {self.object} » a été modifié.")
        return response


class ObjectDeleteView(SchoolObjectMixin, DeleteView):
    template_name = "core/object_confirm_delete.html"
    required_level = Level.EDIT

    def get_success_url(self):
        return reverse(self.url_name("list"), kwargs={"uai": self.school.uai})

    def form_valid(self, form):
        label = str(self.object)
        response = super().form_valid(form)
        messages.success(self.request, f"« {label} » a été supprimé.")
        return response


# Every page a module builds on these views (the route walks of the tests find them by it).
GENERIC_VIEWS = (
    ObjectListView,
    ObjectDetailView,
    ObjectCreateView,
    ObjectUpdateView,
    ObjectDeleteView,
)


# The pages of a model, in the order they are routed: (action, view class suffix, route).
OBJECT_PAGES = (
    ("list", "ListView", ""),
    ("add", "CreateView", "ajouter/"),
    ("detail", "DetailView", "<int:pk>/"),
    ("edit", "UpdateView", "<int:pk>/modifier/"),
    ("delete", "DeleteView", "<int:pk>/supprimer/"),
)


def object_urls(route: str, views, name: str, *, add: str | None = "ajouter/") -> list[URLPattern]:
    """The routes of a model's generic pages under ``route`` (NetBox's ``get_model_urls``).

    ``views`` is the module that defines them, ``name`` their common prefix: ``"Room"`` routes
    ``RoomListView`` at ``salles/``, ``RoomCreateView`` at ``salles/ajouter/``,
    ``RoomDetailView``, ``RoomUpdateView`` and ``RoomDeleteView`` at ``salles/<pk>/``,
    ``…/modifier/`` and ``…/supprimer/``; a page the module does not write is not routed.
    Each is named as :meth:`SchoolObjectMixin.url_name` reverses it (``room_list``…), so the
    links between a model's pages cannot drift from their routes. ``add`` is the creation
    page's own path (« nouvelle/ »), or None when the module routes it elsewhere (under the
    parent object).
    """
    patterns = []
    for action, suffix, page in OBJECT_PAGES:
        view = getattr(views, f"{name}{suffix}", None)
        if view is None or (action == "add" and add is None):
            continue
        prefix = view.url_prefix or view.model._meta.model_name
        page = add if action == "add" else page
        patterns.append(path(route + page, view.as_view(), name=f"{prefix}_{action}"))
    if not patterns:
        raise ValueError(f"{views.__name__} n'a aucune vue générique {name}…View.")
    return patterns
