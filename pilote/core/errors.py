"""French error pages that keep the site's look."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    """Never names the school or territory of the address: to someone with no role there, a
    404 must not even confirm that it exists (the header would show its name)."""
    request.school = request.territory = request.capabilities = None
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered without the request: the error may be that the database is down, and the
    context processors (who is logged in, their schools) would need it to draw the page."""
    return HttpResponseServerError(loader.render_to_string("500.html"))
