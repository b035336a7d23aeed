"""API of the « Réservations » module: resources and bookings (read-only), calendar feeds.

The iCalendar feeds live here, at ``/api/v1/flux-reservations/<jeton>.ics``, because they are
read by calendar applications that cannot log in: the only key is the secret token, so this
route skips session authentication and every school route's login redirect.
"""

from django.http import Http404, HttpResponse
from django.utils import timezone
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer

from pilote.core.api import SchoolRowSerializer, SchoolScopedViewSet, router
from pilote.core.choices import Domain

from .feeds import render_feed
from .filtersets import BookingFilterSet, ResourceFilterSet
from .models import Booking, CalendarFeed, Resource

TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"


class ResourceSerializer(SchoolRowSerializer):
    class Meta:
        model = Resource
        fields = [
            "id",
            "school",
            "name",
            "kind",
            "room",
            "equipment",
            "requires_approval",
            "max_duration_minutes",
            "horizon_days",
            "is_active",
        ]


class BookingSerializer(SchoolRowSerializer):
    class Meta:
        model = Booking
        fields = ["id", "school", "resource", "starts_at", "ends_at", "status", "series"]


class ResourceViewSet(SchoolScopedViewSet):
    domain = Domain.RESERVATIONS
    queryset = Resource.objects.select_related("school").order_by("school", "kind", "name")
    serializer_class = ResourceSerializer
    filterset_class = ResourceFilterSet


class BookingViewSet(SchoolScopedViewSet):
    """Bookings without the names of who booked nor the purpose (free text)."""

    domain = Domain.RESERVATIONS
    queryset = Booking.objects.select_related("school").order_by("starts_at")
    serializer_class = BookingSerializer
    filterset_class = BookingFilterSet


class ICalendarRenderer(BaseRenderer):
    """Lets ``.ics`` be asked for; errors come out as a plain line of text."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return str(data.get("detail", "") if isinstance(data, dict) else data).encode()


class CalendarFeedViewSet(viewsets.ViewSet):
    """``GET /api/v1/flux-reservations/<jeton>.ics``: an iCalendar feed, no login, the token
    is the key. An unknown or revoked token gets a 404 that says nothing more."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [ICalendarRenderer]
    lookup_field = "token"
    lookup_value_regex = TOKEN_PATTERN
    schema = None

    def retrieve(self, request, token=None, format=None):
        feed = CalendarFeed.find(token or "")
        if feed is None:
            raise Http404("Lien d'agenda inconnu ou révoqué.")
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
        response = HttpResponse(
            render_feed(feed, request.get_host()), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="reservations.ics"'
        response["Cache-Control"] = "private, max-age=300"
        response["Referrer-Policy"] = "no-referrer"
        return response


router.register("ressources-reservables", ResourceViewSet, basename="bookings-resource")
router.register("reservations", BookingViewSet, basename="bookings-booking")
router.register("flux-reservations", CalendarFeedViewSet, basename="bookings-feed")
