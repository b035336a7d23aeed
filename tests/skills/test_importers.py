"""The Pix importers through core's pipeline: every format variant, matching, refusals."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from pilote.core.importing import get_importer, run_import
from pilote.skills.choices import CertificationStatus, MatchStatus, PixEduStatus
from pilote.skills.models import (
    Campaign,
    CertificationResult,
    CompetenceResult,
    Participation,
    PixEduRecord,
)
from pilote.skills.samples import CampaignFile, Candidate, Participant, certification_csv

from .factories import DivisionFactory, PupilFactory, TeacherFactory

START = datetime(2026, 1, 12, 9, 30)


def run(school, kind, content, filename="Resultats-Positionnement-4242-2026-02-01-1015.csv"):
    importer = get_importer(kind)(school=school)
    return run_import(importer, content, filename, apply=True)


def preview(school, kind, content, filename="Resultats-Positionnement-4242-2026-02-01-1015.csv"):
    return run_import(get_importer(kind)(school=school), content, filename, apply=False)


def shared(last, first, division="3 A", **extra) -> Participant:
    values = {
        "started_at": START,
        "progress": 1,
        "shared": True,
        "shared_at": datetime(2026, 1, 13, 10, 0),
        "stage": 2,
        "mastery": 0.67,
        "competences": {"1.1": (0.5, 4, 2), "4.3": (0.75, 4, 3)},
    }
    values.update(extra)
    return Participant(last, first, division, **values)


def assessment(school, participants, **extra) -> bytes:
    values = {
        "pix_id": 4242,
        "name": "Positionnement 3e",
        "organisation": school.name,
        "code": "QWERTY123",
        "target_profile": "Parcours 3e",
        "competence_codes": ("1.1", "4.3"),
        "stage_count": 3,
    }
    values.update(extra)
    return CampaignFile(participants=participants, **values).assessment_csv()


@pytest.fixture
def pupils(world):
    college = world.college
    a = DivisionFactory(school=college, code="3 A")
    b = DivisionFactory(school=college, code="3 B")
    return {
        "lou": PupilFactory(
            school=college, division=a, last_name="MARTIN", first_name="Lou", ine="123456789AB"
        ),
        "tom_a": PupilFactory(school=college, division=a, last_name="PETIT", first_name="Tom"),
        "tom_b": PupilFactory(school=college, division=b, last_name="PETIT", first_name="Tom"),
        "eve": PupilFactory(
            school=college,
            division=b,
            last_name="DURAND",
            first_name="Ève",
            birth_date=date(2011, 2, 3),
        ),
    }


def test_current_export_is_imported_and_matched_by_name_and_division(world, pupils):
    report = run(
        world.college,
        "pix-campagne",
        assessment(
            world.college,
            [
                shared("MARTIN", "Lou"),
                shared("PETIT", "Tom", "3 B"),
            ],
        ),
    )
    assert not report.refused, report.parsed.errors
    campaign = Campaign.objects.get(school=world.college, pix_id=4242)
    assert campaign.code == "QWERTY123"
    assert campaign.target_profile == "Parcours 3e"
    assert campaign.stage_count == 3
    assert campaign.exported_on == date(2026, 2, 1)
    assert campaign.school_year == 2025
    tom = Participation.objects.get(last_name="PETIT")
    assert tom.pupil == pupils["tom_b"]
    assert tom.match_status == MatchStatus.MATCHED
    lou = Participation.objects.get(last_name="MARTIN")
    assert lou.mastery == Decimal("0.670")
    assert lou.progress == Decimal("1.000")
    assert lou.stage_reached == 2
    assert lou.shared
    results = {r.competence: r for r in CompetenceResult.objects.filter(participation=lou)}
    assert results["4.3"].mastery == Decimal("0.750")
    assert (results["4.3"].skills_total, results["4.3"].skills_validated) == (4, 3)


def test_legacy_export_without_code_nor_class(world, pupils):
    content = assessment(
        world.college, [shared("MARTIN", "Lou", "")], legacy_headers=True, with_division=False
    )
    assert "Nom du Profil Cible" in content.decode("utf-8")
    report = run(world.college, "pix-campagne", content, "export.csv")
    assert not report.refused, report.parsed.errors
    assert Participation.objects.get().pupil == pupils["lou"]
    assert Campaign.objects.get().target_profile == "Parcours 3e"


def test_external_id_decides_when_the_campaign_has_one(world, pupils):
    content = assessment(
        world.college,
        [shared("MARTINE", "Louise", "3 B", external_id="123456789ab")],
        external_id_label="INE",
    )
    report = run(world.college, "pix-campagne", content)
    assert not report.refused, report.parsed.errors
    participation = Participation.objects.get()
    assert participation.pupil == pupils["lou"]
    assert participation.external_id == "123456789ab"
    assert Campaign.objects.get().external_id_label == "INE"


def test_division_codes_compared_with_internal_whitespace_normalised(world, pupils):
    report = run(
        world.college,
        "pix-campagne",
        assessment(
            world.college,
            [
                shared("Martin", "LOU", "3   a"),
            ],
        ),
    )
    assert not report.refused
    assert Participation.objects.get().pupil == pupils["lou"]


def test_homonyms_in_two_divisions_are_ambiguous_without_a_class(world, pupils):
    content = assessment(world.college, [shared("PETIT", "Tom", "")], with_division=False)
    report = run(world.college, "pix-campagne", content)
    participation = Participation.objects.get()
    assert participation.match_status == MatchStatus.AMBIGUOUS
    assert participation.pupil is None
    assert any("2 élèves portent ce nom" in str(w) for w in report.parsed.warnings)


def test_homonym_with_a_class_is_tied_to_the_right_one(world, pupils):
    run(world.college, "pix-campagne", assessment(world.college, [shared("PETIT", "Tom", "3 A")]))
    assert Participation.objects.get().pupil == pupils["tom_a"]


def test_unmatched_rows_are_kept_and_reported_with_their_line(world, pupils):
    report = run(
        world.college,
        "pix-campagne",
        assessment(
            world.college,
            [
                shared("MARTIN", "Lou"),
                shared("INCONNU", "Personne", "3 B"),
            ],
        ),
    )
    unmatched = Participation.objects.get(last_name="INCONNU")
    assert unmatched.match_status == MatchStatus.UNMATCHED
    assert unmatched.division.code == "3 B"
    assert [str(w) for w in report.parsed.warnings] == [
        "ligne 3 : INCONNU Personne (3 B) : aucun élève correspondant dans SIECLE."
    ]


def test_pupil_found_in_another_division_is_tied_with_a_warning(world, pupils):
    report = run(
        world.college,
        "pix-campagne",
        assessment(
            world.college,
            [
                shared("DURAND", "Ève", "3 A"),
            ],
        ),
    )
    assert Participation.objects.get().pupil == pupils["eve"]
    assert "autre division" in str(report.parsed.warnings[0])


def test_na_everywhere_for_a_participation_not_shared(world, pupils):
    participant = Participant("MARTIN", "Lou", "3 A", started_at=START, progress=0.4)
    report = run(world.college, "pix-campagne", assessment(world.college, [participant]))
    assert not report.refused, report.parsed.errors
    participation = Participation.objects.get()
    assert not participation.shared
    assert participation.shared_at is None
    assert participation.mastery is None
    assert participation.stage_reached is None
    assert participation.progress == Decimal("0.400")
    assert not CompetenceResult.objects.exists()


def test_reimporting_the_same_file_changes_nothing(world, pupils):
    content = assessment(world.college, [shared("MARTIN", "Lou"), shared("PETIT", "Tom", "3 B")])
    run(world.college, "pix-campagne", content)
    again = run(world.college, "pix-campagne", content)
    assert again.diff.counts == {"created": 0, "updated": 0, "unchanged": 2, "left": 0}


def test_newer_export_of_the_same_campaign_updates_it(world, pupils):
    first = assessment(
        world.college,
        [
            Participant("MARTIN", "Lou", "3 A", started_at=START, progress=0.4),
            shared("PETIT", "Tom", "3 B"),
        ],
    )
    run(world.college, "pix-campagne", first, "Resultats-P-4242-2026-02-01-1015.csv")
    newer = assessment(
        world.college,
        [shared("MARTIN", "Lou"), shared("DURAND", "Ève", "3 B")],
        name="Positionnement 3e (renommée)",
    )
    report = run(world.college, "pix-campagne", newer, "Resultats-P-4242-2026-03-01-0900.csv")
    assert report.diff.counts == {"created": 1, "updated": 2, "unchanged": 0, "left": 1}
    assert Campaign.objects.get().name == "Positionnement 3e (renommée)"
    lou = Participation.objects.get(last_name="MARTIN")
    assert lou.shared and lou.competence_results.count() == 2
    assert not Participation.objects.filter(last_name="PETIT").exists()
    assert Campaign.objects.count() == 1
    assert lou.history.count() == 2


def test_older_export_than_the_imported_one_is_refused(world, pupils):
    run(
        world.college,
        "pix-campagne",
        assessment(world.college, [shared("MARTIN", "Lou")]),
        "Resultats-P-4242-2026-03-01-0900.csv",
    )
    report = run(
        world.college,
        "pix-campagne",
        assessment(world.college, [shared("PETIT", "Tom", "3 B")]),
        "Resultats-P-4242-2026-02-01-0900.csv",
    )
    assert report.refused
    assert "plus ancien" in str(report.parsed.errors[0])
    assert Participation.objects.count() == 1


def test_file_of_another_organisation_is_refused_and_nothing_written(world, pupils):
    content = assessment(
        world.college,
        [shared("AUTRE", "Élève", "3 C")],
        organisation="COLLEGE JULES VERNE - RENNES",
    )
    report = run(world.college, "pix-campagne", content)
    assert report.refused
    assert "vient de l'organisation Pix « COLLEGE JULES VERNE - RENNES »" in str(
        report.parsed.errors[0]
    )
    assert not Campaign.objects.exists()
    assert not Participation.objects.exists()


def test_organisation_named_the_pix_way_is_accepted(world, pupils):
    content = assessment(
        world.college,
        [shared("MARTIN", "Lou"), shared("INCONNU", "X", "3 C")],
        organisation="CLG DES SALORGES - NANTES",
    )
    assert not run(world.college, "pix-campagne", content).refused


def test_profile_collection_given_as_assessment_points_to_the_right_import(world):
    content = CampaignFile(pix_id=9, name="Profils", organisation=world.college.name).profiles_csv()
    report = run(world.college, "pix-campagne", content)
    assert report.refused
    assert "« Pix — collecte de profils »" in str(report.parsed.errors[0])


def test_a_file_that_is_not_a_pix_export_names_the_missing_columns(world):
    report = run(world.college, "pix-campagne", b"Nom;Prenom\nA;B\n", "eleves.csv")
    assert report.refused
    assert "colonnes absentes" in str(report.parsed.errors[0])
    assert "« ID Campagne »" in str(report.parsed.errors[0])


def test_percentage_instead_of_fraction_is_located(world, pupils):
    content = assessment(world.college, [shared("MARTIN", "Lou", progress=67)])
    report = run(world.college, "pix-campagne", content)
    assert report.refused
    assert str(report.parsed.errors[0]).startswith("ligne 2, colonne « % de progression » :")
    assert not Campaign.objects.exists()


def test_unknown_competence_header_is_refused(world):
    content = (
        assessment(world.college, [shared("MARTIN", "Lou")])
        .decode("utf-8")
        .replace(
            "compétence Mener une recherche et une veille d'information",
            "compétence Faire le café",
            1,
        )
    )
    report = run(world.college, "pix-campagne", content.encode("utf-8"))
    assert report.refused
    assert "Faire le café" in str(report.parsed.errors[0])


def test_formula_guard_is_removed_from_names(world):
    run(world.college, "pix-campagne", assessment(world.college, [shared("-DUPONT", "=Léa", "")]))
    participation = Participation.objects.get()
    assert (participation.last_name, participation.first_name) == ("-DUPONT", "=Léa")


def test_two_campaigns_in_one_file_are_refused(world):
    text = assessment(world.college, [shared("A", "B"), shared("C", "D")]).decode("utf-8")
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].replace(";4242;", ";4243;", 1)
    report = run(world.college, "pix-campagne", "".join(lines).encode("utf-8"))
    assert report.refused
    assert "une seule campagne" in str(report.parsed.errors[0])


def test_profiles_collection_gives_levels_pix_and_certifiability(world, pupils):
    participant = Participant(
        "MARTIN",
        "Lou",
        "3 A",
        shared=True,
        shared_at=datetime(2026, 3, 2),
        total_pix=120,
        certifiable=True,
        certifiable_count=6,
        competences={"1.1": (2, 18), "4.3": (1, 9)},
    )
    content = CampaignFile(
        pix_id=77,
        name="Profils 3e",
        organisation=world.college.name,
        code="PROF77",
        participants=[participant, Participant("PETIT", "Tom", "3 B")],
    ).profiles_csv()
    report = run(world.college, "pix-profils", content)
    assert not report.refused, report.parsed.errors
    lou = Participation.objects.get(last_name="MARTIN")
    assert (lou.total_pix, lou.certifiable, lou.certifiable_competences) == (120, True, 6)
    assert lou.campaign.kind == "collecte_profils"
    levels = dict(lou.competence_results.values_list("competence", "level"))
    assert levels == {"1.1": 2, "4.3": 1}
    tom = Participation.objects.get(last_name="PETIT")
    assert tom.certifiable is None and not tom.shared


def test_export_without_any_participant_is_refused(world):
    report = run(world.college, "pix-campagne", assessment(world.college, []))
    assert report.refused
    assert "aucune participation" in str(report.parsed.errors[0])


def test_assessment_given_as_profiles_points_to_the_right_import(world):
    report = run(world.college, "pix-profils", assessment(world.college, []))
    assert report.refused
    assert "« Pix — résultats d'une campagne d'évaluation »" in str(report.parsed.errors[0])


# --- Certification ------------------------------------------------------------------------


def candidates():
    return [
        Candidate(
            "C1",
            "MARTIN",
            "Lou",
            date(2011, 5, 4),
            pix_score=310,
            levels={"1.1": 3, "4.3": 0},
            session_date=date(2026, 3, 20),
        ),
        Candidate(
            "C2",
            "DURAND",
            "Ève",
            date(2011, 2, 3),
            status="Rejetée",
            pix_score=0,
            session_date=date(2026, 3, 20),
        ),
        Candidate(
            "C3", "PETIT", "Tom", date(2011, 5, 4), status="Annulée", session_date=date(2026, 3, 20)
        ),
    ]


def test_certification_results_by_class(world, pupils):
    report = run(
        world.college,
        "pix-certification",
        certification_csv(candidates()),
        "20260321_1030_resultats_3 A.csv",
    )
    assert not report.refused, report.parsed.errors
    lou = CertificationResult.objects.get(certification_number="C1")
    assert lou.pupil == pupils["lou"]
    assert lou.status == CertificationStatus.VALIDATED
    assert lou.pix_score == 310
    assert lou.levels == {"1.1": 3, "4.3": 0}
    assert lou.band.key == "LEVEL_INDEPENDENT_3"
    assert lou.school_year == 2025
    assert lou.division_code == "3 A"
    eve = CertificationResult.objects.get(certification_number="C2")
    assert eve.pupil == pupils["eve"]  # birth date and name, though the file says 3 A
    assert (eve.status, eve.pix_score) == (CertificationStatus.REJECTED, 0)
    tom = CertificationResult.objects.get(certification_number="C3")
    assert tom.pix_score is None and tom.levels == {}
    assert tom.pupil == pupils["tom_a"]  # the file's division settles the homonym


def test_certification_reimport_updates_after_jury(world, pupils):
    run(world.college, "pix-certification", certification_csv(candidates()), "x_resultats_3 A.csv")
    later = candidates()
    later[2].status, later[2].pix_score = "Validée", 200
    report = run(
        world.college, "pix-certification", certification_csv(later), "y_resultats_3 A.csv"
    )
    assert report.diff.counts == {"created": 0, "updated": 1, "unchanged": 2, "left": 0}
    assert CertificationResult.objects.get(certification_number="C3").pix_score == 200


def test_certification_unknown_status_and_duplicate_number(world):
    rows = candidates()
    rows[1].status = "Perdue"
    rows.append(Candidate("C1", "BIS", "Bis", None, pix_score=10))
    report = run(world.college, "pix-certification", certification_csv(rows))
    messages = [str(e) for e in report.parsed.errors]
    assert messages[0].startswith("ligne 3, colonne « Statut » : statut « Perdue » inconnu")
    assert messages[1] == "ligne 5 : numéro de certification C1 déjà présent ligne 2."
    assert not CertificationResult.objects.exists()


def test_certification_level_out_of_scale_is_refused(world):
    rows = candidates()
    rows[0].levels = {"1.1": 12}
    report = run(world.college, "pix-certification", certification_csv(rows))
    assert "colonne « 1.1 »" in str(report.parsed.errors[0])


# --- Pix+ Édu -----------------------------------------------------------------------------


def test_pix_edu_table_matched_to_sts_teachers(world):
    teacher = TeacherFactory(school=world.college, last_name="LEROY", first_name="Anne")
    other = TeacherFactory(school=world.college, last_name="NOËL", first_name="Paul", sts_id="77")
    content = (
        "Nom;Prénom;Identifiant STS;Parcours;Niveau;Étape;Date de certification\n"
        "Leroy;Anne;;Formation continue;Avancé;Certifié;12/05/2026\n"
        "X;Y;77;formation initiale;;en cours;\n"
    ).encode()
    report = run(world.college, "pixedu", content, "pixedu.csv")
    assert not report.refused, report.parsed.errors
    record = PixEduRecord.objects.get(staff=teacher)
    assert (record.path, record.level, record.status) == (
        "formation_continue",
        "avance",
        PixEduStatus.CERTIFIED,
    )
    assert record.certified_on == date(2026, 5, 12)
    assert PixEduRecord.objects.get(staff=other).status == PixEduStatus.IN_PROGRESS
    assert run(world.college, "pixedu", content, "pixedu.csv").diff.unchanged == 2


def test_pix_edu_refuses_unknown_teacher_and_wrong_level(world):
    TeacherFactory(school=world.college, last_name="LEROY", first_name="Anne")
    TeacherFactory(school=world.lycee, last_name="AILLEURS", first_name="Jo")
    content = (
        "Nom;Prénom;Parcours;Niveau;Étape\n"
        "Ailleurs;Jo;Formation continue;Expert;En cours\n"
        "Leroy;Anne;Formation continue;Initié;En cours\n"
        "Leroy;Anne;Formation rêvée;;En cours\n"
    ).encode()
    report = run(world.college, "pixedu", content, "pixedu.csv")
    messages = [str(e) for e in report.parsed.errors]
    assert messages == [
        "ligne 2 : Ailleurs Jo : aucun enseignant de ce nom dans STS-web.",
        "ligne 3, colonne « Niveau » : Leroy Anne : le niveau « Initié (entrée dans le métier) » "
        "n'existe pas en formation continue.",
        "ligne 4, colonne « Parcours » : parcours « Formation rêvée » inconnu.",
    ]
    assert not PixEduRecord.objects.exists()


# --- Through the web ----------------------------------------------------------------------


def test_web_upload_of_a_bad_file_is_a_400_and_writes_nothing(client, world):
    client.force_login(world["chef.college"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("Resultats.csv", b"\xef\xbb\xbfNom;Prenom\nA;B\n", "text/csv")
    response = client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/pix-campagne/", {"file": upload}
    )
    assert response.status_code == 400
    assert "colonnes absentes" in response.content.decode()
    assert not Campaign.objects.exists()


def test_web_upload_preview_then_apply(client, world, pupils):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["chef.college"])
    content = assessment(world.college, [shared("MARTIN", "Lou")])
    upload = SimpleUploadedFile("Resultats-P-4242-2026-02-01-1015.csv", content, "text/csv")
    url = f"/etablissements/{world.college.uai}/imports/nouveau/pix-campagne/"
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert not Campaign.objects.exists()
    response = client.post(response["Location"], {"decision": "apply"})
    assert response.status_code == 302
    assert Participation.objects.get().pupil == pupils["lou"]


def test_teacher_cannot_import_pix_results(client, world):
    client.force_login(world["prof.college"])
    response = client.get(f"/etablissements/{world.college.uai}/imports/nouveau/pix-campagne/")
    assert response.status_code == 403
