from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "pilote.bookings"
    label = "bookings"
    verbose_name = "Réservations"
