"""On the full demo, the head of each school opens every page and every export: no 500.

The crawl follows every link (lists, fiches, filters, sorts, CSV/XLSX exports, PDF, Word,
API) from the school's home; pages reached only by a form (POST) are tested by their module.
"""

import pytest
from django.test import Client

from pilote.core.models import User
from tests.demo_crawl import crawl, demo_data  # noqa: F401 (fixture)

# Pages that failed for every visitor before (issue #15): the crawl must reach them.
ONCE_BROKEN = [
    "etablissements/<str:uai>/services/registre/fiches/<int:pk>/",
    "etablissements/<str:uai>/services/catalogue/",
    "etablissements/<str:uai>/reservations/occupation/",
]


@pytest.mark.django_db
def test_head_walks_every_page_and_export_of_the_demo_without_error(demo_data):  # noqa: F811
    for username, uai in (("chef.college", "0449901Y"), ("chef.lycee", "0449902Z")):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        walk = crawl(client, [f"/etablissements/{uai}/", "/api/v1/"])
        assert not walk.failures(), walk.failures()
        assert set(ONCE_BROKEN) <= walk.routes()
        exports = {v.url.rsplit("_export=", 1)[1] for v in walk.visits if "_export=" in v.url}
        assert exports == {"csv", "xlsx"}
        assert any(v.url.endswith(".pdf") for v in walk.visits)
        assert len(walk.visits) > 150, len(walk.visits)
