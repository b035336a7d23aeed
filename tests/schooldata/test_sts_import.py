"""STS-web export: staff, structures, services; UAI as an attribute; wrong files refused."""

from pilote.core.importing import get_importer, run_import
from pilote.schooldata.models import Division, StaffMember, TeachingService

from . import xml

BODY = """
<NOMENCLATURES><MATIERES><MATIERE CODE="061300"><CODE_GESTION>MATHS</CODE_GESTION>
<LIBELLE_LONG>MATHEMATIQUES</LIBELLE_LONG></MATIERE></MATIERES>
<MEFS><MEF CODE="10310019110"><FORMATION>3EME</FORMATION></MEF></MEFS></NOMENCLATURES>
<DONNEES><INDIVIDUS>
<INDIVIDU ID="4189" TYPE="epp"><CIVILITE>2</CIVILITE><NOM_USAGE>BERNARD</NOM_USAGE>
<NOM_PATRONYMIQUE>DUVAL</NOM_PATRONYMIQUE><PRENOM>Claire</PRENOM><FONCTION>ENS</FONCTION>
<PROFS_PRINC><PROF_PRINC><CODE_STRUCTURE>3 A</CODE_STRUCTURE><DATE_FIN>2999-07-05</DATE_FIN>
</PROF_PRINC></PROFS_PRINC>
<DISCIPLINES><DISCIPLINE CODE="L1300"><LIBELLE_COURT>MATHEMATIQUES</LIBELLE_COURT>
<NB_HEURES>18.00</NB_HEURES></DISCIPLINE></DISCIPLINES></INDIVIDU>
<INDIVIDU ID="77" TYPE="local"><NOM_USAGE>LOCAL</NOM_USAGE><FONCTION>ENS</FONCTION></INDIVIDU>
<INDIVIDU ID="12" TYPE="epp"><NOM_USAGE>CHEF</NOM_USAGE><FONCTION>DIR</FONCTION></INDIVIDU>
</INDIVIDUS>
<STRUCTURE><DIVISIONS><DIVISION CODE="3 A"><LIBELLE_LONG></LIBELLE_LONG>
<EFFECTIF_PREVU>28</EFFECTIF_PREVU>
<MEFS_APPARTENANCE><MEF_APPARTENANCE CODE="10310019110"/></MEFS_APPARTENANCE>
<SERVICES><SERVICE CODE_MATIERE="061300" CODE_MOD_COURS="CG"><ENSEIGNANTS>
<ENSEIGNANT ID="4189" TYPE="epp"/></ENSEIGNANTS></SERVICE></SERVICES></DIVISION>
<DIVISION CODE="3 B"/></DIVISIONS>
<GROUPES><GROUPE CODE="3AB LAT"><DIVISIONS_APPARTENANCE><DIVISION_APPARTENANCE CODE="3 A"/>
<DIVISION_APPARTENANCE CODE="3 B"/></DIVISIONS_APPARTENANCE></GROUPE></GROUPES>
</STRUCTURE></DONNEES>
"""


def run(school, content, *, apply=True, kind="sts"):
    return run_import(get_importer(kind)(school=school), content, "sts_emp.xml", apply=apply)


def test_sts_export_gives_staff_divisions_and_services(world):
    report = run(world.college, xml.sts_file(BODY))
    assert not report.refused, report.parsed.errors
    claire = StaffMember.objects.get(sts_id="4189")
    assert (claire.last_name, claire.birth_name, claire.civility) == ("BERNARD", "DUVAL", "Mme")
    assert claire.disciplines == [{"code": "L1300", "label": "MATHEMATIQUES", "hours": "18.00"}]
    assert StaffMember.objects.get(sts_id="77").sts_type == "local"
    service = TeachingService.objects.get()
    assert (service.division.code, service.subject.code, service.course_mode) == (
        "3 A",
        "061300",
        "CG",
    )
    assert list(service.teachers.all()) == [claire]
    three_a = Division.objects.get(code="3 A")
    assert three_a.in_sts and not three_a.in_siecle and three_a.level == "3e"
    assert list(three_a.main_teachers.all()) == [claire]
    group = Division.objects.get(code="3AB LAT")
    assert {d.code for d in group.divisions.all()} == {"3 A", "3 B"}


def test_reimport_is_idempotent_and_absent_staff_is_removed(world):
    run(world.college, xml.sts_file(BODY))
    assert run(world.college, xml.sts_file(BODY), apply=False).diff.has_changes is False
    without_local = BODY.replace(
        '<INDIVIDU ID="77" TYPE="local"><NOM_USAGE>LOCAL</NOM_USAGE>'
        "<FONCTION>ENS</FONCTION></INDIVIDU>",
        "",
    )
    report = run(world.college, xml.sts_file(without_local))
    assert report.diff.counts["left"] == 1
    assert not StaffMember.objects.filter(sts_id="77").exists()


def test_sts_of_another_school_is_refused(world):
    report = run(world.college, xml.sts_file(BODY, uaj="0440008V"))
    assert report.refused and "0440008V" in str(report.parsed.errors[0])
    assert StaffMember.objects.count() == 0


def test_timetable_software_file_and_siecle_file_are_refused_naming_the_right_one(world):
    edt = run(world.college, b'<?xml version="1.0"?><EDT_STS><PARAMETRES/></EDT_STS>')
    assert edt.refused and "sts_emp_" in str(edt.parsed.errors[0])
    siecle = run(world.college, xml.bee("BEE_ELEVES", "<ELEVES/>"))
    assert siecle.refused and "ElevesSansAdresses" in str(siecle.parsed.errors[0])
