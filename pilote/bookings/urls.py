from django.urls import path

from pilote.core.generic import object_urls

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    *object_urls("ressources/", views, "Resource"),
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
    *object_urls("calendrier/creneaux/", views, "TimeSlot"),
    *object_urls("calendrier/fermetures/", views, "ClosedPeriod"),
    path("occupation/", views.OccupancyView.as_view(), name="occupancy"),
    *object_urls("prets/", views, "Loan"),
    path("prets/en-retard/", views.OverdueLoanListView.as_view(), name="loans_overdue"),
    path("prets/<int:pk>/retour/", views.LoanReturnView.as_view(), name="loan_return"),
]
