"""Pages of the « Réservations » module, under ``/etablissements/<uai>/reservations/``."""

import contextlib
import hashlib
import json
from datetime import date, time, timedelta

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, TemplateView, View

from pilote.core.charts import bar_chart
from pilote.core.choices import Domain, JournalAction, Level, Role
from pilote.core.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from pilote.core.mixins import InvalidFormIs400, SchoolMixin
from pilote.core.notify import send_notification

from . import booking as rules
from . import perms
from .calendar import calendar_for, change_zone, closed_days, parse_week
from .choices import BookingStatus, BorrowerKind
from .filtersets import BookingFilterSet, LoanFilterSet, ResourceFilterSet
from .forms import (
    BookingForm,
    CalendarForm,
    CancelForm,
    ClosedPeriodForm,
    DecisionForm,
    LoanForm,
    LoanReturnForm,
    ResourceForm,
    TimeSlotForm,
)
from .models import (
    WEEKDAY_NAMES,
    Booking,
    CalendarFeed,
    ClosedPeriod,
    Loan,
    Resource,
    TimeSlot,
    local_datetime,
)
from .occupancy import loan_figures, resource_use
from .tables import BookingTable, LoanTable, ResourceTable


class BookingsMixin(SchoolMixin):
    domain = Domain.RESERVATIONS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_manager"] = self.is_manager
        return context

    @property
    def is_manager(self) -> bool:
        if not hasattr(self, "_is_manager"):
            self._is_manager = perms.may_manage_bookings(
                self.request.user, self.school, self.capabilities
            )
        return self._is_manager


class ManagerRequiredMixin(BookingsMixin):
    """Pages that configure the module or name borrowers: the head, those who may edit the
    Parc and the bookings, and the holders of the mission « équipements mobiles »."""

    def resolve_target(self, **kwargs) -> None:
        super().resolve_target(**kwargs)
        if self.capabilities.any and not self.is_manager:
            self.refuse("La gestion des réservations et des prêts vous est fermée.")


# --- Home and resources -------------------------------------------------------------------


class IndexView(BookingsMixin, TemplateView):
    template_name = "bookings/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        monday = parse_week(None, timezone.localdate())
        week_start = local_datetime(monday, time.min)
        this_week = Q(
            bookings__status=BookingStatus.CONFIRMEE,
            bookings__starts_at__gte=week_start,
            bookings__starts_at__lt=week_start + timedelta(days=7),
        )
        context["resources"] = (
            Resource.objects.for_school(self.school)
            .filter(is_active=True)
            .annotate(week_count=Count("bookings", filter=this_week))
            .order_by("kind", "name")
        )
        context["upcoming"] = (
            Booking.objects.for_school(self.school)
            .filter(booked_by=self.request.user, ends_at__gt=timezone.now())
            .holding()
            .select_related("resource")[:5]
        )
        context["pending_count"] = perms.pending_for(
            self.request.user, self.school, self.capabilities
        ).count()
        context["can_book"] = perms.may_book(self.capabilities)
        return context


class ResourceListView(BookingsMixin, ObjectListView):
    model = Resource
    table_class = ResourceTable
    filterset_class = ResourceFilterSet
    title = "Ressources réservables"

    def get_queryset(self):
        return super().get_queryset().select_related("school", "room", "equipment")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.is_manager
        return context


class ResourceDetailView(BookingsMixin, ObjectDetailView):
    model = Resource
    template_name = "bookings/resource_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("room", "equipment", "approver")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource = self.object
        use = resource_use([self.school])[self.school.pk]
        context["use"] = next((u for u in use.resources if u.resource.pk == resource.pk), None)
        context["period"] = use.period
        context["approvers"] = perms.approvers_for(resource)
        context["allowed_roles_labels"] = [Role(role).label for role in resource.allowed_roles]
        context["upcoming"] = (
            resource.bookings.holding()
            .filter(ends_at__gt=timezone.now())
            .select_related("booked_by")[:10]
        )
        context["can_edit"] = self.is_manager
        context["can_book"] = perms.may_book_resource(resource, self.capabilities)
        context["feeds"] = CalendarFeed.objects.active().filter(
            resource=resource, owner=self.request.user
        )
        return context


class ResourceCreateView(ManagerRequiredMixin, ObjectCreateView):
    create_title = "Nouvelle ressource à réserver"
    create_submit = "Créer la ressource"
    model = Resource
    form_class = ResourceForm


class ResourceUpdateView(ManagerRequiredMixin, ObjectUpdateView):
    model = Resource
    form_class = ResourceForm


class ResourceDeleteView(ManagerRequiredMixin, ObjectDeleteView):
    model = Resource


class WeekView(BookingsMixin, DetailView):
    """One resource's week: timetable slots down, open days across, bookings in the cells."""

    template_name = "bookings/week.html"
    context_object_name = "resource"

    def get_queryset(self):
        return Resource.objects.for_school(self.school)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        monday = parse_week(self.request.GET.get("semaine"), today)
        calendar = calendar_for(self.school)
        days = [monday + timedelta(days=offset) for offset in range(7)]
        days = [day for day in days if day.weekday() in calendar.opening_days]
        closed = closed_days(calendar, monday, monday + timedelta(days=6))
        week_start = local_datetime(monday, time.min)
        bookings = list(
            self.object.bookings.holding()
            .filter(starts_at__lt=week_start + timedelta(days=7), ends_at__gt=week_start)
            .select_related("booked_by")
        )
        slots = list(TimeSlot.objects.for_school(self.school))
        can_book = perms.may_book_resource(self.object, self.capabilities) and self.object.is_active
        rows = [week_row(slot, days, bookings, closed, can_book=can_book) for slot in slots]
        shown = {b.pk for row in rows for cell in row["cells"] for b in cell["bookings"]}
        context.update(
            monday=monday,
            previous_week=monday - timedelta(days=7),
            next_week=monday + timedelta(days=7),
            this_week=parse_week(None, today),
            columns=[
                {"day": day, "name": WEEKDAY_NAMES[day.weekday()], "closure": closed.closure(day)}
                for day in days
            ],
            rows=rows,
            off_slot=[booking for booking in bookings if booking.pk not in shown],
            can_book=can_book,
        )
        return context


def week_row(slot, days, bookings, closed, *, can_book: bool) -> dict:
    """One slot across the week: each cell's bookings, closure, and whether it can be booked."""
    now, cells = timezone.now(), []
    for day in days:
        start, end = local_datetime(day, slot.start_time), local_datetime(day, slot.end_time)
        taken = [b for b in bookings if b.starts_at < end and b.ends_at > start]
        closure = closed.closure(day)
        cells.append(
            {
                "day": day,
                "bookings": taken,
                "closure": closure,
                "bookable": can_book and not taken and closure is None and start > now,
            }
        )
    return {"slot": slot, "cells": cells}


# --- Bookings ------------------------------------------------------------------------------


def next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class BookingCreateView(InvalidFormIs400, BookingsMixin, FormView):
    template_name = "bookings/booking_form.html"
    form_class = BookingForm
    required_level = Level.EDIT

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.school}

    def get_initial(self):
        initial = {"day": next_weekday(timezone.localdate() + timedelta(days=1))}
        query = self.request.GET
        if query.get("ressource", "").isdigit():
            initial["resource"] = query["ressource"]
        if query.get("date"):
            with contextlib.suppress(ValueError):
                initial["day"] = date.fromisoformat(query["date"])
        slot = (
            TimeSlot.objects.for_school(self.school).filter(code=query.get("creneau", "")).first()
        )
        if slot is not None:
            initial["first_slot"] = slot.pk
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        request = rules.BookingRequest(
            resource=data["resource"],
            user=self.request.user,
            purpose=data["purpose"],
            day=data["day"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            until=data["until"],
        )
        try:
            result = rules.book(request, self.capabilities)
        except rules.BookingRefused as refusal:
            for message in refusal.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        self.announce(result)
        week = reverse(
            "bookings:resource_week", kwargs={"uai": self.school.uai, "pk": request.resource.pk}
        )
        return redirect(f"{week}?semaine={request.day.isoformat()}")

    def announce(self, result: rules.BookingResult) -> None:
        count = len(result.bookings)
        text = (
            f"{count} réservation{'s' if count > 1 else ''} enregistrée{'s' if count > 1 else ''}"
        )
        if result.status == BookingStatus.EN_ATTENTE:
            text += " : en attente de validation"
            notify_approvers(self.request, result)
        text += "."
        if result.skipped:
            skipped = ", ".join(f"{day:%d/%m} ({reason})" for day, reason in result.skipped)
            text += f" Dates sautées : {skipped}."
        messages.success(self.request, text)


def notify_approvers(request, result: rules.BookingResult) -> None:
    first = result.bookings[0]
    send_notification(
        [user.email for user in perms.approvers_for(first.resource)],
        f"Réservation à valider : {first.resource}",
        "bookings/email/pending.txt",
        {
            "booking": first,
            "count": len(result.bookings),
            "url": request.build_absolute_uri(
                reverse("bookings:pending", kwargs={"uai": first.school.uai})
            ),
        },
    )


class BookingObjectMixin(BookingsMixin):
    def get_booking(self) -> Booking:
        return self.own_object(
            Booking.objects.select_related("resource", "booked_by", "series", "decided_by"),
            pk=self.kwargs["pk"],
        )


class BookingDetailView(BookingObjectMixin, TemplateView):
    template_name = "bookings/booking_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booking = self.get_booking()
        user = self.request.user
        context.update(
            booking=booking,
            can_cancel=perms.may_cancel_booking(user, booking, self.capabilities),
            can_decide=perms.awaits_decision_from(user, booking, self.capabilities),
            cancel_form=CancelForm(),
            decision_form=DecisionForm(),
        )
        return context


class BookingCancelView(BookingObjectMixin, View):
    required_level = Level.EDIT

    def post(self, request, uai, pk):
        booking = self.get_booking()
        if not perms.may_cancel_booking(request.user, booking, self.capabilities):
            raise PermissionDenied("Vous ne pouvez pas annuler cette réservation.")
        form = CancelForm(request.POST)
        whole_series = form.is_valid() and form.cleaned_data["scope"] == "series"
        count = rules.cancel(booking, whole_series=whole_series)
        messages.success(
            request,
            f"{count} réservation{'s' if count > 1 else ''} annulée{'s' if count > 1 else ''}.",
        )
        return redirect("bookings:booking_list", uai=self.school.uai)


class BookingDecisionView(BookingObjectMixin, View):
    required_level = Level.EDIT

    def post(self, request, uai, pk):
        booking = self.get_booking()
        if not perms.may_decide_booking(request.user, booking, self.capabilities):
            raise PermissionDenied("Cette demande relève d'un autre valideur.")
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choisissez « Valider » ou « Refuser ».")
            return redirect("bookings:booking_detail", uai=self.school.uai, pk=booking.pk)
        data = form.cleaned_data
        try:
            count = rules.decide(
                booking,
                request.user,
                approve=data["decision"] == "approve",
                note=data["note"],
                whole_series=data["whole_series"],
            )
        except rules.BookingRefused as refusal:
            messages.error(request, refusal.messages[0])
            return redirect("bookings:booking_detail", uai=self.school.uai, pk=booking.pk)
        booking.refresh_from_db()
        send_notification(
            [booking.booked_by.email],
            f"Réservation {booking.get_status_display().lower()} : {booking.resource}",
            "bookings/email/decided.txt",
            {"booking": booking, "count": count},
        )
        messages.success(request, f"Décision enregistrée ({count} date{'s' if count > 1 else ''}).")
        return redirect("bookings:pending", uai=self.school.uai)


class BookingListMixin(BookingsMixin):
    model = Booking
    table_class = BookingTable
    filterset_class = BookingFilterSet

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "school": self.school}

    def get_table_kwargs(self):
        return {}

    def bookings(self):
        return Booking.objects.for_school(self.school).select_related(
            "school", "resource", "booked_by", "series"
        )


class MyBookingsView(BookingListMixin, ObjectListView):
    template_name = "bookings/my_bookings.html"
    title = "Mes réservations"

    def get_queryset(self):
        return self.bookings().filter(booked_by=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["add_url_name"] = "bookings:booking_add"
        context["can_edit"] = perms.may_book(self.capabilities)
        context["feeds"] = CalendarFeed.objects.active().filter(
            school=self.school, owner=self.request.user, resource__isnull=True
        )
        return context


class PendingView(BookingListMixin, ObjectListView):
    title = "Réservations à valider"

    def get_queryset(self):
        pending = perms.pending_for(self.request.user, self.school, self.capabilities)
        return pending.select_related("school", "resource", "booked_by", "series")


# --- Calendar feeds ------------------------------------------------------------------------


def feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("bookings-feed-detail", kwargs={"token": token}))


class FeedCreateView(BookingsMixin, View):
    """Issue a secret calendar address (shown once): the person's bookings, or a resource's."""

    def post(self, request, uai, pk=None):
        resource = None
        if pk is not None:
            resource = self.own_object(Resource, pk=pk)
        feed, token = CalendarFeed.issue(school=self.school, owner=request.user, resource=resource)
        self.journal(
            JournalAction.CALENDAR_FEED_CREATED,
            f"Lien d'agenda créé : {resource or 'réservations personnelles'}",
            feed=feed.pk,
        )
        context = {"school": self.school, "caps": self.capabilities, "feed": feed}
        context["url"] = feed_url(request, token)
        return render(request, "bookings/feed_created.html", context)


class SchoolFeedsView(BookingsMixin, TemplateView):
    """Every secret calendar address of the school, for the head: who holds one, since when,
    when it was last read — and a button to revoke it (a lost phone, a shared address)."""

    template_name = "bookings/feeds.html"
    domain = Domain.ETABLISSEMENT
    required_level = Level.MANAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["feeds"] = (
            CalendarFeed.objects.active()
            .for_school(self.school)
            .select_related("owner", "resource")
            .order_by("owner__last_name", "owner__first_name", "-created_at")
        )
        return context


class FeedRevokeView(BookingsMixin, View):
    """The owner revokes their own feed; the head any feed of the school."""

    def post(self, request, uai, pk):
        feeds = CalendarFeed.objects.active().for_school(self.school)
        head = perms.may_revoke_any_feed(self.capabilities)
        feed = get_object_or_404(feeds if head else feeds.filter(owner=request.user), pk=pk)
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        self.journal(
            JournalAction.CALENDAR_FEED_REVOKED, f"Lien d'agenda révoqué : {feed}", feed=feed.pk
        )
        messages.success(request, "Le lien d'agenda est révoqué : il ne donne plus rien.")
        if head and request.POST.get("next") == "agendas":
            return redirect("bookings:feeds", uai=self.school.uai)
        if feed.resource_id:
            return redirect("bookings:resource_detail", uai=self.school.uai, pk=feed.resource_id)
        return redirect("bookings:booking_list", uai=self.school.uai)


# --- School calendar -----------------------------------------------------------------------


class CalendarView(BookingsMixin, TemplateView):
    template_name = "bookings/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calendar = calendar_for(self.school)
        today = timezone.localdate()
        context.update(
            calendar=calendar,
            slots=TimeSlot.objects.for_school(self.school),
            closures=ClosedPeriod.objects.for_school(self.school).filter(
                end_date__gte=today - timedelta(days=31)
            ),
        )
        return context


class CalendarEditView(InvalidFormIs400, ManagerRequiredMixin, FormView):
    template_name = "bookings/simple_form.html"
    form_class = CalendarForm

    def get_form_kwargs(self):
        self.calendar = calendar_for(self.school)
        return {**super().get_form_kwargs(), "instance": self.calendar, "school": self.school}

    def form_valid(self, form):
        zone = form.cleaned_data["zone"]
        old_zone = type(self.calendar).objects.get(pk=self.calendar.pk).zone
        calendar = form.save(commit=False)
        calendar.zone = old_zone
        calendar.save()
        if zone != old_zone:
            change_zone(calendar, zone)
        messages.success(self.request, "Le calendrier de l'établissement est enregistré.")
        return redirect("bookings:calendar", uai=self.school.uai)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Paramètres du calendrier"
        context["submit_label"] = "Enregistrer les paramètres du calendrier"
        context["back_url"] = reverse("bookings:calendar", kwargs={"uai": self.school.uai})
        return context


class CalendarChildMixin(ManagerRequiredMixin):
    """Slots and closures are edited from the calendar page and go back to it."""

    def url_name(self, action: str) -> str:
        return "bookings:calendar" if action == "list" else super().url_name(action)

    def get_success_url(self):
        return reverse("bookings:calendar", kwargs={"uai": self.school.uai})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verbose_name_plural"] = "calendrier"
        return context


class TimeSlotCreateView(CalendarChildMixin, ObjectCreateView):
    create_title = "Nouveau créneau horaire"
    create_submit = "Ajouter le créneau"
    model = TimeSlot
    form_class = TimeSlotForm


class TimeSlotUpdateView(CalendarChildMixin, ObjectUpdateView):
    model = TimeSlot
    form_class = TimeSlotForm


class TimeSlotDeleteView(CalendarChildMixin, ObjectDeleteView):
    model = TimeSlot


class ClosedPeriodCreateView(CalendarChildMixin, ObjectCreateView):
    create_title = "Nouvelle période de fermeture"
    create_submit = "Ajouter la période"
    model = ClosedPeriod
    form_class = ClosedPeriodForm


class ClosedPeriodUpdateView(CalendarChildMixin, ObjectUpdateView):
    model = ClosedPeriod
    form_class = ClosedPeriodForm


class ClosedPeriodDeleteView(CalendarChildMixin, ObjectDeleteView):
    model = ClosedPeriod


# --- Occupancy -----------------------------------------------------------------------------


class OccupancyView(BookingsMixin, TemplateView):
    """Compare resources: which rooms are saturated, which sit idle."""

    template_name = "bookings/occupancy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        use = resource_use([self.school])[self.school.pk]
        ranked = sorted(use.resources, key=lambda item: -(item.rate or 0))
        context.update(
            period=use.period, uses=ranked, loans=loan_figures([self.school])[self.school.pk]
        )
        measured = [item for item in ranked if item.rate is not None]
        if measured:
            context["chart"] = occupancy_chart(
                [str(item.resource) for item in measured], [item.rate for item in measured]
            )
        return context


def occupancy_chart(labels: list[str], rates: list[float]) -> str:
    """The bar chart, kept in the cache while the figures stay the same: matplotlib takes a
    few hundred milliseconds, the figures change only when bookings do."""
    key = (
        "bookings:occupancy-chart:"
        + hashlib.sha256(json.dumps([labels, rates]).encode()).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = bar_chart(
            labels,
            {"Occupation (%)": rates},
            title="Taux d'occupation par ressource",
            ylabel="% des heures d'ouverture",
            horizontal=True,
        )
        cache.set(key, svg, timeout=24 * 3600)
    return svg


# --- Loans ---------------------------------------------------------------------------------


class LoanMixin(ManagerRequiredMixin):
    """A manager who may not see pupils by name (RRUPN, DDFPT) handles the loans to staff
    only: loans to pupils are neither listed, exported, shown nor offered to them."""

    model = Loan

    def get_queryset(self):
        loans = Loan.objects.for_school(self.school).select_related(
            "school", "equipment", "pupil", "staff_member", "lent_by"
        )
        if not self.capabilities.pupil_names:
            loans = loans.exclude(borrower_kind=BorrowerKind.ELEVE)
        return loans

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "pupil_names": self.capabilities.pupil_names}


class LoanListView(LoanMixin, ObjectListView):
    table_class = LoanTable
    filterset_class = LoanFilterSet
    personal_data = True
    title = "Prêts d'équipements"

    def get_table_kwargs(self):
        return {}


class OverdueLoanListView(LoanListView):
    title = "Prêts en retard"
    filterset_class = None

    def get_queryset(self):
        return super().get_queryset().overdue().order_by("due_on")


class LoanDetailView(LoanMixin, ObjectDetailView):
    template_name = "bookings/loan_detail.html"


class LoanCreateView(LoanMixin, ObjectCreateView):
    create_title = "Nouveau prêt de matériel"
    create_submit = "Enregistrer le prêt"
    form_class = LoanForm

    def get_initial(self):
        return {"due_on": timezone.localdate() + timedelta(days=30)}

    def form_valid(self, form):
        form.instance.lent_by = self.request.user
        return super().form_valid(form)


class LoanUpdateView(LoanMixin, ObjectUpdateView):
    form_class = LoanForm


class LoanReturnView(LoanMixin, ObjectUpdateView):
    update_submit = "Enregistrer le retour"
    form_class = LoanReturnForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("pupil_names")
        return kwargs

    template_name = "bookings/loan_return.html"

    def get_queryset(self):
        return super().get_queryset().open()
