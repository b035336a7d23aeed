"""Middleware of Pilote's own."""

from django.conf import settings
from django.middleware.csp import get_nonce
from django.shortcuts import render


def csp_nonce_on_request(get_response):
    """Expose Django's CSP nonce as ``request.csp_nonce``, where django-dsfr's base template
    reads it (``{% dsfr_js nonce=request.csp_nonce %}``), so the DSFR scripts carry it."""

    def middleware(request):
        request.csp_nonce = get_nonce(request)
        return get_response(request)

    return middleware


def maintenance_page(get_response):
    """While the file ``PILOTE_VAR_DIR/maintenance`` exists (``pilote maintenance on``), every
    page answers 503 with a French page saying Pilote will be back; ``/sante/`` and static
    files still answer. Used during an update or a restore."""

    def middleware(request):
        if settings.PILOTE_MAINTENANCE_FLAG.exists() and not request.path.startswith(
            ("/sante/", f"/{settings.STATIC_URL.strip('/')}/")
        ):
            response = render(request, "maintenance.html", status=503)
            response["Retry-After"] = "600"
            return response
        return get_response(request)

    return middleware
