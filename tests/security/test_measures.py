"""The measures referential, the checklist and the maturity per D-I-C-T notion."""

import pytest

from pilote.security.choices import MeasureStatus
from pilote.security.maturity import maturity_of
from pilote.security.models import SchoolMeasure, SecurityMeasure
from pilote.security.referential import ReferentialError, load_measures, read_referential

from .factories import SchoolMeasureFactory, SecurityMeasureFactory


def test_referential_loads_once_and_marks_unverified_items(referential):
    assert load_measures() == 0
    national = SecurityMeasure.objects.filter(academie__isnull=True)
    assert national.count() == len(read_referential()[1])
    assert set(national.filter(to_confirm=True).values_list("code", flat=True)) == {
        "cyber-08",
        "cyber-09",
        "cyber-10",
    }


def test_measure_dropped_from_the_file_is_retired_not_deleted(referential, world, tmp_path):
    measure = SecurityMeasure.objects.get(code="cyber-01")
    SchoolMeasureFactory(school=world.college, measure=measure)
    trimmed = tmp_path / "mesures.yaml"
    trimmed.write_text(
        'version: "2"\nmesures:\n  - {code: cyber-02, source: cybermalveillance, '
        "libelle: Sauvegarder, notions: DI}\n",
        encoding="utf-8",
    )
    load_measures(trimmed)
    measure.refresh_from_db()
    assert measure.retired and SchoolMeasure.objects.filter(measure=measure).exists()
    assert SecurityMeasure.objects.get(code="cyber-02").referential_version == "2"


def test_malformed_referential_is_refused(tmp_path):
    path = tmp_path / "mesures.yaml"
    path.write_text(
        'version: "x"\nmesures:\n'
        "  - {code: a, source: cybermalveillance, libelle: A, notions: XZ}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferentialError, match="notions"):
        read_referential(path)


def test_maturity_counts_partial_as_half_and_skips_not_applicable(world):
    SecurityMeasure.objects.filter(academie__isnull=True).update(retired=True)
    measures = [
        SecurityMeasureFactory(academie=world.academie, notions=notions)
        for notions in ("C", "C", "CD", "D", "T")
    ]
    SchoolMeasureFactory(school=world.college, measure=measures[0])
    SchoolMeasureFactory(school=world.college, measure=measures[1], partial=True)
    SchoolMeasureFactory(school=world.college, measure=measures[2], missing=True)
    SchoolMeasureFactory(school=world.college, measure=measures[3], not_applicable=True)
    scores = maturity_of(world.college)
    assert scores["C"] == 50.0  # (1 + 0.5 + 0) / 3
    assert scores["D"] == 0.0  # the « non » measure; the other is not applicable
    assert scores["T"] == 0.0  # not assessed counts as not in place
    assert scores["I"] is None
    assert scores["global"] == 37.5  # 1.5 / 4
    assert maturity_of(world.lycee)["global"] is None


def test_head_assesses_a_measure(client, world, referential, college_url):
    client.force_login(world["chef.college"])
    measure = SecurityMeasure.objects.get(code="cyber-02")
    url = f"{college_url}mesures/{measure.pk}/"
    response = client.post(
        url,
        {
            "status": MeasureStatus.PARTIAL,
            "evidence": "Sauvegarde NAS",
            "owner": world["rrupn.college"].pk,
        },
    )
    assert response.status_code == 302
    answer = SchoolMeasure.objects.get(school=world.college, measure=measure)
    assert answer.status == MeasureStatus.PARTIAL and answer.owner == world["rrupn.college"]
    assert client.post(url, {"status": "peut-etre"}).status_code == 400
    assert (
        client.post(url, {"status": "en_place", "owner": world["chef.lycee"].pk}).status_code == 400
    )
    answer.refresh_from_db()
    assert answer.status == MeasureStatus.PARTIAL


def test_another_academies_measure_is_not_offered(client, world, college_url):
    foreign = SecurityMeasureFactory()
    own = SecurityMeasureFactory(academie=world.academie)
    client.force_login(world["chef.college"])
    page = client.get(college_url + "mesures/").content.decode()
    assert own.label in page and foreign.label not in page
    assert client.get(f"{college_url}mesures/{foreign.pk}/").status_code == 404


def test_checklist_queries_do_not_grow(
    client, world, referential, college_url, django_assert_max_num_queries
):
    for measure in SecurityMeasure.objects.all():
        SchoolMeasureFactory(school=world.college, measure=measure, owner=world["rrupn.college"])
    client.force_login(world["chef.college"])
    # 13: the checklist's own reads plus the charter banner's one query on every school page
    # (security.context_processors) — none of them grows with the number of measures.
    with django_assert_max_num_queries(13):
        assert client.get(college_url + "mesures/").status_code == 200
