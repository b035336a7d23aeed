"""One fixture per real variant of the exports Pilote reads (FORMATS.md), built from the
programs' public header lists and quoting rules, asserting the stored values — plus the column
report (core.columns) every tabular importer gives in the preview and in ``--format json``."""

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from pilote.core.columns import (
    Column,
    Columns,
    header_key,
    parse_count,
    parse_decimal,
    parse_french_date,
    parse_french_datetime,
    unquote_glpi,
)
from pilote.core.files import FileRefused
from pilote.core.importing import get_importer, run_import
from pilote.core.models import School
from pilote.inventory.models import Equipment
from pilote.skills.choices import CertificationStatus, MatchStatus
from pilote.skills.models import CertificationResult, Participation
from pilote.skills.samples import CampaignFile, Participant
from pilote.usage.models import Account
from tests.schooldata.factories import DivisionFactory, GuardianLinkFactory, PupilFactory

PARIS = ZoneInfo("Europe/Paris")


def run(school, kind, content: bytes, filename: str, *, apply=True, **options):
    importer = get_importer(kind)(school=school, options=options)
    return run_import(importer, content, filename, apply=apply)


def columns_of(report) -> dict:
    return {c["header"]: c["field"] for c in report.parsed.columns}


# --- the toolkit -------------------------------------------------------------------------


def test_headers_compare_without_case_accents_punctuation_or_time_zone():
    assert header_key("Date et heure de début (Europe/Paris)") == "date et heure de debut"
    assert header_key("\ufeffClasse(s)") == header_key("classe s")
    assert header_key("DATE DE DÉBUT (UTC)") == "date de debut"


def test_parsers_read_french_values():
    assert parse_french_date("04/03/2013") == date(2013, 3, 4)
    assert parse_french_date("2013-03-04") == date(2013, 3, 4)
    assert parse_french_datetime("12/01/2026 09:30") == datetime(2026, 1, 12, 9, 30, tzinfo=PARIS)
    assert parse_french_datetime("02-03-2026 08:15").hour == 8
    assert parse_decimal("1 234,50") == Decimal("1234.50")
    assert parse_decimal("455.0") == Decimal("455.0")
    assert parse_count("455.0") == 455 and parse_count("NA") is None
    assert unquote_glpi("Salle ''Pasteur''") == 'Salle "Pasteur"'
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_french_date("31/02/2026")
    with pytest.raises(ValueError, match="entier"):
        parse_count("4,5")


def test_bind_reports_every_column_missing_fields_and_lookalikes():
    declared = Columns(
        Column("name", ("Nom",), required=True),
        Column("shared_at", ("Date du partage",)),
        Column("cost", ("Valeur",)),
    )
    bound = declared.bind(["Nom", "Date de partage", "Autre", ""])
    assert bound.report() == [
        {"header": "Nom", "field": "name", "label": "Nom"},
        {"header": "Date de partage", "field": None, "label": ""},
        {"header": "Autre", "field": None, "label": ""},
    ]
    assert bound.missing_optional() == ["Date du partage", "Valeur"]
    [warning] = bound.warnings()
    assert "« Date de partage » est ignorée" in warning and "« Date du partage »" in warning
    with pytest.raises(FileRefused, match="colonne absente : « Nom »"):
        declared.bind(["Prénom"], what="l'export attendu")


# --- Pix Orga ----------------------------------------------------------------------------


@pytest.fixture
def pupils(world):
    division = DivisionFactory(school=world.college, code="3 A")
    return {
        "lou": PupilFactory(
            school=world.college,
            division=division,
            last_name="MARTIN",
            first_name="Lou",
            birth_date=date(2011, 5, 6),
            ine="123456789AB",
        ),
        "tom": PupilFactory(
            school=world.college, division=division, last_name="PETIT", first_name="Tom"
        ),
    }


def current_pix_assessment(school) -> bytes:
    """Today's header: « Date et heure de début (Europe/Paris) », « … du partage (…) »."""
    content = CampaignFile(
        pix_id=4242,
        name="Positionnement 3e",
        organisation=school.name,
        code="QWERTY123",
        target_profile="Parcours 3e",
        competence_codes=("1.1",),
        participants=[
            Participant(
                "MARTIN",
                "Lou",
                "3 A",
                started_at=datetime(2026, 1, 12, 9, 30),
                progress=1,
                shared=True,
                shared_at=datetime(2026, 1, 13, 10, 0),
                mastery=0.67,
                competences={"1.1": (0.5, 4, 2)},
            )
        ],
    ).assessment_csv()
    header, rest = content.split(b"\n", 1)
    header = header.replace(
        "Date de début".encode(), "Date et heure de début (Europe/Paris)".encode()
    ).replace(b"Date du partage", b"Date et heure du partage (Europe/Paris)")
    return header + b"\n" + rest


def test_pix_assessment_with_new_date_columns_keeps_its_dates(world, pupils):
    content = current_pix_assessment(world.college)
    assert "Date et heure de début (Europe/Paris)" in content.decode("utf-8")
    report = run(world.college, "pix-campagne", content, "Resultats-P-4242-2026-02-01-1015.csv")
    assert not report.refused, report.parsed.errors
    lou = Participation.objects.get(last_name="MARTIN")
    assert lou.started_at == datetime(2026, 1, 12, 9, 30, tzinfo=PARIS)
    assert lou.shared_at == datetime(2026, 1, 13, 10, 0, tzinfo=PARIS)
    assert lou.pupil == pupils["lou"] and lou.mastery == Decimal("0.670")
    columns = columns_of(report)
    assert columns["Date et heure de début (Europe/Paris)"] == "started_at"
    assert columns["Date et heure du partage (Europe/Paris)"] == "shared_at"
    assert columns["% de maitrise des acquis de la compétence " + _title("1.1")].startswith(
        "competence 1.1"
    )


def _title(code: str) -> str:
    from pilote.skills.referential import crcn

    return crcn().competence(code).name


def test_pix_profiles_collection_with_new_send_date_column(world, pupils):
    content = CampaignFile(
        pix_id=77,
        name="Collecte 3e",
        organisation=world.college.name,
        code="COLL77",
        participants=[
            Participant(
                "PETIT",
                "Tom",
                "3 A",
                shared=True,
                shared_at=datetime(2026, 3, 2, 0, 0),
                total_pix=210,
                certifiable=True,
                certifiable_count=6,
                competences={"1.1": (2, 18)},
            )
        ],
    ).profiles_csv()
    content = content.replace(b"Date de l'envoi", b"Date et heure de l'envoi (Europe/Paris)", 1)
    report = run(world.college, "pix-profils", content, "Resultats-Collecte-77-2026-03-03.csv")
    assert not report.refused, report.parsed.errors
    tom = Participation.objects.get(last_name="PETIT")
    assert tom.shared_at.astimezone(PARIS).date() == date(2026, 3, 2)
    assert tom.total_pix == 210 and tom.pupil == pupils["tom"]


CERTIFICATION_2020 = (
    '\ufeff"Numéro de certification";"Prénom";"Nom";"Date de naissance";"Lieu de naissance";'
    '"Identifiant Externe";"Nombre de Pix";"1.1";"1.2";"1.3";"2.1";"2.2";"2.3";"2.4";"3.1";'
    '"3.2";"3.3";"3.4";"4.1";"4.2";"4.3";"5.1";"5.2";"Commentaire jury pour l\'organisation";'
    '"Session";"Centre de certification";"Date de passage de la certification"\n'
    '"1234";"Lou";"MARTIN";"06/05/2011";"NANTES";"123456789AB";"312";"3";"2";"-";"2";"1";"0";'
    '"-";"3";"2";"-";"-";"1";"2";"-";"-";"-";"";"5678";"Collège des Salorges";"12/06/2020"\n'
    '"1235";"Tom";"PETIT";"01/01/2011";"NANTES";"";"-";"-";"-";"-";"-";"-";"-";"-";"-";"-";'
    '"-";"-";"-";"-";"-";"-";"-";"";"5678";"Collège des Salorges";"12/06/2020"\n'
)


def test_certification_export_of_2020_without_status_is_accepted(world, pupils):
    report = run(
        world.college,
        "pix-certification",
        CERTIFICATION_2020.encode("utf-8"),
        "20200612_1030_resultats_3 A.csv",
    )
    assert not report.refused, report.parsed.errors
    lou = CertificationResult.objects.get(certification_number="1234")
    assert lou.status == CertificationStatus.VALIDATED and lou.pix_score == 312
    assert lou.levels["1.1"] == 3 and lou.session_date == date(2020, 6, 12)
    assert lou.pupil == pupils["lou"] and lou.match_status == MatchStatus.MATCHED
    tom = CertificationResult.objects.get(certification_number="1235")
    assert tom.status == CertificationStatus.CANCELLED and tom.pix_score is None
    assert columns_of(report)["Centre de certification"] is None
    assert any("Statut" in str(w) for w in report.parsed.warnings)


# --- Edifice ENT -------------------------------------------------------------------------

EDIFICE_LITERAL = (
    '\ufeff"Id";"Id Siecle";"Type";"Nom";"Prénom";"Login";"Code d\'activation";"Fonction(s)";'
    '"Structure(s)";"Classe(s)";"Enfant(s)";"Parent(s)"\n'
    '"LILLE-1001";"1001";"Elève";"MARTIN";"Lina";"lina.martin";"";"";"Collège des Salorges";'
    '"4B";"";"Sarah MARTIN"\n'
    '"LILLE-2001";"";"Parent";"MARTIN";"Sarah";"sarah.martin";"";"";"Collège des Salorges";'
    '"";"Lina MARTIN";""\n'
    '"LILLE-2002";"";"Parent";"DURAND";"Paul";"paul.durand";"XK12";"";"Collège des Salorges";'
    '"";"Max DURAND";""\n'
)


def test_edifice_literal_headers_fill_siecle_id_classes_and_family_links(world):
    lina = PupilFactory(
        school=world.college,
        siecle_id="1001",
        last_name="MARTIN",
        first_name="Lina",
        division__code="4B",
    )
    sarah = GuardianLinkFactory(
        pupil=lina, guardian__last_name="MARTIN", guardian__first_name="Sarah"
    ).guardian
    report = run(world.college, "ent-comptes", EDIFICE_LITERAL.encode("utf-8"), "export.csv")
    assert not report.refused, report.parsed.errors
    pupil = Account.objects.get(external_id="LILLE-1001")
    assert (pupil.siecle_id, pupil.classes, pupil.relatives) == ("1001", "4B", "Sarah MARTIN")
    assert pupil.pupil == lina and pupil.is_activated and pupil.login == "lina.martin"
    parent = Account.objects.get(external_id="LILLE-2001")
    assert parent.relatives == "Lina MARTIN" and parent.guardian == sarah
    assert not Account.objects.get(external_id="LILLE-2002").is_activated
    columns = columns_of(report)
    assert columns["Id Siecle"] == "siecle_id" and columns["Classe(s)"] == "classes"
    assert columns["Enfant(s)"] == "children" and columns["Parent(s)"] == "parents"
    assert columns["Structure(s)"] is None
    assert "Dernière connexion" in report.parsed.missing_fields


# --- GLPI --------------------------------------------------------------------------------

GLPI_HEADERS = [
    "Nom",
    "Entité",
    "Statut",
    "Fabricant",
    "Numéro de série",
    "Type",
    "Modèle",
    "Lieu",
    "Numéro d'inventaire",
    "Informations financières et administratives - Date d'achat",
    "Informations financières et administratives - Valeur",
    "Informations financières et administratives - Numéro d'immobilisation",
]
GLPI_ROW = [
    "PC ''CDI'' 01",
    "Collège",
    "En production",
    "HP",
    "CZC111",
    "Desktop",
    "ProDesk 400",
    "Collège > Bâtiment B > CDI",
    "COL-0001",
    "2021-09-15",
    "455.0",
    "IMMO-1",
]


def glpi_10(delimiter=";") -> bytes:
    """GLPI 10: BOM, every cell quoted and followed by the delimiter, ``"`` written ``''``."""
    line = lambda cells: "".join(f'"{c}"{delimiter}' for c in cells) + "\n"  # noqa: E731
    return ("\ufeff" + line(GLPI_HEADERS) + line(GLPI_ROW)).encode("utf-8")


def glpi_11() -> bytes:
    """GLPI 11: a spreadsheet library's CSV, CRLF, no trailing delimiter."""
    line = lambda cells: ";".join(  # noqa: E731
        f'"{c}"' if ";" in c or '"' in c else c for c in cells
    )
    row = [c.replace("''", '""') for c in GLPI_ROW]
    row[0] = '"PC ""CDI"" 01"'
    return (line(GLPI_HEADERS) + "\r\n" + ";".join(row) + "\r\n").encode("utf-8")


@pytest.mark.parametrize("content", [glpi_10(), glpi_10(","), glpi_11()], ids=["10", "10,", "11"])
def test_glpi_10_and_11_keep_purchase_date_and_cost(world, content):
    report = run(world.college, "glpi", content, "glpi.csv")
    assert not report.refused, report.parsed.errors
    device = Equipment.objects.get(inventory_number="COL-0001")
    assert device.acquisition_date == date(2021, 9, 15)
    assert device.cost == Decimal("455.00")
    assert device.notes == 'Nom dans GLPI : PC "CDI" 01'
    columns = columns_of(report)
    assert columns["Informations financières et administratives - Date d'achat"] == (
        "purchase_date"
    )
    assert columns["Informations financières et administratives - Valeur"] == "cost"
    assert columns["Informations financières et administratives - Numéro d'immobilisation"] is None
    assert "" not in columns  # GLPI 10's trailing delimiter is no column


# --- Annuaire de l'éducation -------------------------------------------------------------

ANNUAIRE_TWO_SITES = (
    "\ufeffidentifiant_de_l_etablissement;nom_etablissement;type_etablissement;"
    "statut_public_prive;nom_commune;code_departement;libelle_departement;code_academie;"
    "libelle_academie;code_region;libelle_region;libelle_nature;etat;nombre_d_eleves;"
    "adresse_1\n"
    "0440008V;Collège François Cacault;Collège;Public;Clisson;044;Loire-Atlantique;17;Nantes;52;"
    "Pays de la Loire;COLLEGE;OUVERT;;1 rue A\n"
    "0440008V;Collège François Cacault;Collège;Public;Clisson;044;Loire-Atlantique;17;Nantes;52;"
    "Pays de la Loire;COLLEGE;OUVERT;455.0;2 rue B\n"
    "0160001P;Collège d'Aigre;Collège;Public;Aigre;016;Charente;13;Poitiers;75;"
    "Nouvelle-Aquitaine;COLLEGE;OUVERT;312.0;3 rue C\n"
)


def test_annuaire_school_on_two_lines_and_decimal_headcount(db, tmp_path, capsys):
    path = tmp_path / "annuaire.csv"
    path.write_text(ANNUAIRE_TWO_SITES, encoding="utf-8")
    call_command("import", "annuaire", str(path), "--format", "json", "--apply")
    output = json.loads(capsys.readouterr().out)
    assert output["applied"] and not output["errors"]
    cacault = School.objects.get(uai="0440008V")
    assert cacault.declared_pupils == 455 and cacault.name == "Collège François Cacault"
    assert School.objects.get(uai="0160001P").declared_pupils == 312
    assert any("0440008V" in w and "plusieurs" in w for w in output["warnings"])
    columns = {c["header"]: c["field"] for c in output["columns"]}
    assert columns["nombre_d_eleves"] == "pupils" and columns["adresse_1"] is None


def test_preview_page_lists_every_column_and_what_it_fills(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["chef.college"])
    response = client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/glpi/",
        {"file": SimpleUploadedFile("glpi.csv", glpi_10())},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Colonnes du fichier" in page
    assert "Informations financières et administratives - Valeur</td><td>Valeur" in page
    assert "Numéro d&#x27;immobilisation</td><td><em>ignorée</em>" in page
    assert "Champs facultatifs absents" in page and "Date de fin de garantie" in page
    assert not Equipment.objects.exists()
