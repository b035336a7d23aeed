import json

import pytest
from django.core.management import call_command

from pilote.core.choices import CollectiviteKind, SchoolType
from pilote.core.models import Academie, Collectivite, School

LABELLED = (
    "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;"
    "Code_postal;Nom_commune;Code_departement;Libelle_departement;Code_academie;Libelle_academie;"
    "Code_region;Libelle_region;libelle_nature;etat;nombre_d_eleves\n"
    "0160001P;Collège d'Aigre;Collège;Public;16140;Aigre;016;Charente;13;Poitiers;75;"
    "Nouvelle-Aquitaine;COLLEGE;OUVERT;312\n"
    "0160002R;Lycée Guez de Balzac;Lycée;Public;16000;Angoulême;016;Charente;13;Poitiers;75;"
    "Nouvelle-Aquitaine;LYCEE D ENSEIGNEMENT GENERAL ET TECHNOLOGIQUE;OUVERT;1450\n"
    "0440008V;Collège François Cacault;Collège;Public;44190;Clisson;044;Loire-Atlantique;17;"
    "Nantes;52;Pays de la Loire;COLLEGE;OUVERT;700\n"
    "0301674G;École de Lasalle;Ecole;Public;30460;Lasalle;030;Gard;11;Montpellier;76;Occitanie;"
    "ECOLE PRIMAIRE PUBLIQUE;OUVERT;80\n"
    "0440010X;Collège privé;Collège;Privé;44000;Nantes;44;Loire-Atlantique;17;Nantes;52;"
    "Pays de la Loire;COLLEGE;OUVERT;500\n"
    "0332490C;Lycée fermé;Lycée;Public;33000;Bordeaux;033;Gironde;4;Bordeaux;75;"
    "Nouvelle-Aquitaine;LYCEE POLYVALENT;FERME;0\n"
)

API = (
    "\ufeffidentifiant_de_l_etablissement;nom_etablissement;type_etablissement;statut_public_prive;"
    "nom_commune;code_departement;libelle_departement;code_academie;libelle_academie;code_region;"
    "libelle_region;voie_generale;voie_technologique;voie_professionnelle\n"
    "0160002R;Lycée Guez-de-Balzac;Lycée;Public;Angoulême;16;Charente;13;Poitiers;75;"
    "Nouvelle-Aquitaine;1;1;1\n"
)


@pytest.fixture
def directory(tmp_path):
    def write(text: str, name: str = "annuaire.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run(path, *extra, apply=True, capsys=None):
    args = ["annuaire", str(path), "--format", "json", *extra]
    if apply:
        args.append("--apply")
    call_command("import", *args)
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_labelled_export_creates_public_open_schools_only(directory, capsys):
    report = run(directory(LABELLED), capsys=capsys)
    assert report["errors"] == []
    assert set(School.objects.values_list("uai", flat=True)) == {"0160001P", "0160002R", "0440008V"}
    college = School.objects.get(uai="0160001P")
    assert college.type == SchoolType.COLLEGE
    assert college.collectivite.kind == CollectiviteKind.DEPARTEMENT
    assert college.collectivite.code == "16"
    assert college.declared_pupils == 312
    lycee = School.objects.get(uai="0160002R")
    assert lycee.type == SchoolType.LGT
    assert (lycee.collectivite.kind, lycee.collectivite.code) == (CollectiviteKind.REGION, "75")
    assert set(Academie.objects.values_list("code", flat=True)) == {"13", "17"}


@pytest.mark.django_db
def test_reimport_changes_nothing_and_api_header_updates(directory, capsys):
    run(directory(LABELLED), capsys=capsys)
    again = run(directory(LABELLED), capsys=capsys)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    update = run(directory(API, "api.csv"), capsys=capsys)
    assert update["updated"] == 1
    lycee = School.objects.get(uai="0160002R")
    assert lycee.name == "Lycée Guez-de-Balzac" and lycee.type == SchoolType.LPO


@pytest.mark.django_db
def test_academie_option_keeps_one_academie(directory, capsys):
    run(directory(LABELLED), "--academie", "17", capsys=capsys)
    assert list(School.objects.values_list("uai", flat=True)) == ["0440008V"]


@pytest.mark.django_db
def test_without_apply_nothing_is_written(directory, capsys):
    report = run(directory(LABELLED), apply=False, capsys=capsys)
    assert report["created"] > 0 and report["applied"] is False
    assert not School.objects.exists() and not Collectivite.objects.exists()


@pytest.mark.django_db
def test_invalid_uai_refuses_the_whole_file(directory, capsys):
    bad = LABELLED.replace("0440008V", "0440008A")
    with pytest.raises(SystemExit) as exit_info:
        run(directory(bad), capsys=capsys)
    assert exit_info.value.code == 1
    report = json.loads(capsys.readouterr().out)
    assert any("ligne 4" in e and "UAI invalide" in e for e in report["errors"])
    assert not School.objects.exists() and not Academie.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_the_directory_is_refused(directory, capsys):
    with pytest.raises(SystemExit):
        run(directory("nom;prenom\nDupont;Jean\n"), capsys=capsys)
    report = json.loads(capsys.readouterr().out)
    assert "n'est pas un export de l'Annuaire" in report["errors"][0]
