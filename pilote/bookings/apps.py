from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class BookingsConfig(PiloteModule):
    name = "pilote.bookings"
    label = "bookings"
    verbose_name = "Réservations"
    url_prefix = "reservations"
    domain = Domain.RESERVATIONS
    menu = MenuEntry("Réservations", "bookings:index", order=40)
    parts = frozenset({Part.INDICATORS, Part.API, Part.RETENTION, Part.DEMO, Part.HOME, Part.DAILY})
    referentials = ("calendrier_scolaire.yaml", "indicateurs.yaml")
