"""Pilote's URLs, then those core builds from the installed modules once the plugin is in
(the modules already mounted come twice: Django resolves the first)."""

from pilote.core.modules import url_patterns
from pilote.urls import urlpatterns as pilote_urlpatterns

urlpatterns = [*pilote_urlpatterns, *url_patterns()]
