from django.http import HttpResponse
from django.urls import path
from django.views import View

from pilote.core.choices import Domain
from pilote.core.mixins import SchoolMixin

app_name = "plugin"


class IndexView(SchoolMixin, View):
    domain = Domain.PARC

    def get(self, request, *args, **kwargs):
        return HttpResponse(f"Module d'essai de {self.school.name}")


urlpatterns = [path("", IndexView.as_view(), name="index")]
