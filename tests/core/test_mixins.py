"""``SchoolMixin.own_object``: the one way a school page reads one of its rows by id."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from pilote.core.mixins import SchoolMixin
from pilote.schooldata.models import Division
from tests.schooldata.factories import DivisionFactory

pytestmark = pytest.mark.django_db


def page_of(school) -> SchoolMixin:
    page = SchoolMixin()
    page.request = RequestFactory().get("/")
    page.school = school
    return page


def test_a_school_page_reads_its_own_row_from_a_model_or_a_queryset(world):
    division = DivisionFactory(school=world.college)
    page = page_of(world.college)
    assert page.own_object(Division, pk=division.pk) == division
    rows = Division.objects.prefetch_related("mefs")
    assert page.own_object(rows, pk=division.pk) == division


def test_another_schools_row_is_not_found_rather_than_forbidden(world):
    other = DivisionFactory(school=world.lycee)
    page = page_of(world.college)
    with pytest.raises(Http404):
        page.own_object(Division, pk=other.pk)
    with pytest.raises(Http404):
        page.own_object(Division.objects.all(), pk=other.pk)
