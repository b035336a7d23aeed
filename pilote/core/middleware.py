"""Middleware of Pilote's own."""

from django.middleware.csp import get_nonce


def csp_nonce_on_request(get_response):
    """Expose Django's CSP nonce as ``request.csp_nonce``, where django-dsfr's base template
    reads it (``{% dsfr_js nonce=request.csp_nonce %}``), so the DSFR scripts carry it."""

    def middleware(request):
        request.csp_nonce = get_nonce(request)
        return get_response(request)

    return middleware
