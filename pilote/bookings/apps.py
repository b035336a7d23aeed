from django.apps import AppConfig

from pilote.core.choices import Domain


class BookingsConfig(AppConfig):
    name = "pilote.bookings"
    label = "bookings"
    verbose_name = "Réservations"
    url_prefix = "reservations"
    nav = {
        "label": "Réservations",
        "url_name": "bookings:index",
        "domain": Domain.RESERVATIONS,
        "order": 40,
    }
