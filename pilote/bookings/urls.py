from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("ressources/", views.ResourceListView.as_view(), name="resource_list"),
    path("ressources/ajouter/", views.ResourceCreateView.as_view(), name="resource_add"),
    path("ressources/<int:pk>/", views.ResourceDetailView.as_view(), name="resource_detail"),
    path("ressources/<int:pk>/modifier/", views.ResourceUpdateView.as_view(), name="resource_edit"),
    path(
        "ressources/<int:pk>/supprimer/",
        views.ResourceDeleteView.as_view(),
        name="resource_delete",
    ),
    path("ressources/<int:pk>/semaine/", views.WeekView.as_view(), name="resource_week"),
    path("ressources/<int:pk>/agenda/", views.FeedCreateView.as_view(), name="resource_feed"),
    path("reserver/", views.BookingCreateView.as_view(), name="booking_add"),
    path("reservations/<int:pk>/", views.BookingDetailView.as_view(), name="booking_detail"),
    path(
        "reservations/<int:pk>/annuler/",
        views.BookingCancelView.as_view(),
        name="booking_cancel",
    ),
    path(
        "reservations/<int:pk>/decision/",
        views.BookingDecisionView.as_view(),
        name="booking_decide",
    ),
    # « Mes réservations » is the bookings list of the generic views (booking_list).
    path("mes-reservations/", views.MyBookingsView.as_view(), name="booking_list"),
    path("mes-reservations/agenda/", views.FeedCreateView.as_view(), name="my_feed"),
    path("agendas/", views.SchoolFeedsView.as_view(), name="feeds"),
    path("agendas/<int:pk>/revoquer/", views.FeedRevokeView.as_view(), name="feed_revoke"),
    path("a-valider/", views.PendingView.as_view(), name="pending"),
    path("calendrier/", views.CalendarView.as_view(), name="calendar"),
    path("calendrier/parametres/", views.CalendarEditView.as_view(), name="calendar_edit"),
    path("calendrier/creneaux/ajouter/", views.TimeSlotCreateView.as_view(), name="timeslot_add"),
    path(
        "calendrier/creneaux/<int:pk>/modifier/",
        views.TimeSlotUpdateView.as_view(),
        name="timeslot_edit",
    ),
    path(
        "calendrier/creneaux/<int:pk>/supprimer/",
        views.TimeSlotDeleteView.as_view(),
        name="timeslot_delete",
    ),
    path(
        "calendrier/fermetures/ajouter/",
        views.ClosedPeriodCreateView.as_view(),
        name="closedperiod_add",
    ),
    path(
        "calendrier/fermetures/<int:pk>/modifier/",
        views.ClosedPeriodUpdateView.as_view(),
        name="closedperiod_edit",
    ),
    path(
        "calendrier/fermetures/<int:pk>/supprimer/",
        views.ClosedPeriodDeleteView.as_view(),
        name="closedperiod_delete",
    ),
    path("occupation/", views.OccupancyView.as_view(), name="occupancy"),
    path("prets/", views.LoanListView.as_view(), name="loan_list"),
    path("prets/en-retard/", views.OverdueLoanListView.as_view(), name="loans_overdue"),
    path("prets/ajouter/", views.LoanCreateView.as_view(), name="loan_add"),
    path("prets/<int:pk>/", views.LoanDetailView.as_view(), name="loan_detail"),
    path("prets/<int:pk>/modifier/", views.LoanUpdateView.as_view(), name="loan_edit"),
    path("prets/<int:pk>/retour/", views.LoanReturnView.as_view(), name="loan_return"),
]
