"""« Annuler cet import » for SIECLE and STS-web: rows and memberships (a pupil's groups, a
division's MEFs and groups, a service's teachers) are put back exactly as they were."""

from pilote.core.importing import get_importer, run_import
from pilote.core.revert import revert_import
from pilote.schooldata.models import Division, Guardian, Pupil, StaffMember
from tests.core.dbstate import school_state

from . import xml
from .test_sts_import import BODY

IDS = [str(7000 + n) for n in range(8)]


def apply(world, content, filename, kind="siecle"):
    importer = get_importer(kind)(school=world.college, user=world["chef.college"])
    report = run_import(importer, content, filename, apply=True, accept_removals=True)
    assert report.applied, report.parsed.errors
    return report.batch


def pupils(groups: dict) -> bytes:
    return xml.pupils_file(
        [xml.pupil(i, f"NOM{i}", "Léa") for i in groups],
        [
            xml.structures(i, ("6 A", "D"), *((g, "G") for g in codes))
            for i, codes in groups.items()
        ],
    )


def test_siecle_pupils_import_is_reverted_with_group_memberships(world):
    apply(
        world,
        pupils({i: ["6 LAT"] if n < 4 else ["6 ESP"] for n, i in enumerate(IDS)}),
        "ElevesSansAdresses.xml",
    )
    before = school_state(world.college)
    # Two pupils change group, one leaves every group, one new pupil, one group is new.
    moved = {i: ["6 LAT"] if n < 2 else ["6 ESP"] for n, i in enumerate(IDS)}
    moved[IDS[7]] = []
    moved[IDS[6]] = ["6 ESP", "6 THEATRE"]
    moved["7999"] = ["6 LAT"]
    second = apply(world, pupils(moved), "ElevesSansAdresses.xml")
    lea = Pupil.objects.get(siecle_id=IDS[2])
    assert [g.code for g in lea.groups.all()] == ["6 ESP"]
    counts = revert_import(second, world["chef.college"])
    assert school_state(world.college) == before
    assert [g.code for g in Pupil.objects.get(siecle_id=IDS[2]).groups.all()] == ["6 LAT"]
    assert not Division.objects.filter(code="6 THEATRE").exists()
    assert counts["deleted"] >= 2  # the new pupil, the new group (and the export's record)


def structures(mef: str, groups: str) -> bytes:
    return xml.bee(
        "BEE_STRUCTURES",
        f'<DIVISIONS><DIVISION CODE_STRUCTURE="3 A"><LIBELLE_LONG>3EME A</LIBELLE_LONG>'
        f"<MEFS_APPARTENANCE><MEF_APPARTENANCE><CODE_MEF>{mef}</CODE_MEF></MEF_APPARTENANCE>"
        '</MEFS_APPARTENANCE></DIVISION><DIVISION CODE_STRUCTURE="3 B"/>'
        '<DIVISION CODE_STRUCTURE="3 C"/></DIVISIONS>'
        f'<GROUPES><GROUPE CODE_STRUCTURE="3 LAT"><DIVISIONS_APPARTENANCE>{groups}'
        "</DIVISIONS_APPARTENANCE></GROUPE></GROUPES>",
    )


def member(code: str) -> str:
    return f'<DIVISION_APPARTENANCE CODE_STRUCTURE="{code}"/>'


def test_siecle_structures_import_is_reverted_with_mefs_and_groups(world):
    apply(world, structures("10310019110", member("3 A") + member("3 B")), "Structures.xml")
    before = school_state(world.college)
    second = apply(world, structures("10310019111", member("3 C")), "Structures.xml")
    lat = Division.objects.get(code="3 LAT")
    assert {d.code for d in lat.divisions.all()} == {"3 C"}
    revert_import(second)
    assert school_state(world.college) == before
    assert {d.code for d in Division.objects.get(code="3 LAT").divisions.all()} == {"3 A", "3 B"}
    assert [m.code for m in Division.objects.get(code="3 A").mefs.all()] == ["10310019110"]


def test_siecle_responsables_import_is_reverted_with_deleted_guardians(world):
    apply(world, pupils({i: [] for i in IDS[:2]}), "ElevesSansAdresses.xml")
    level = "<NIVEAU_RESPONSABILITE>1</NIVEAU_RESPONSABILITE>"
    apply(
        world,
        xml.guardians_file(
            [xml.person("P1"), xml.person("P2", "DURAND", "Marc")],
            [xml.link(IDS[0], "P1", level), xml.link(IDS[1], "P2", level)],
        ),
        "ResponsablesAvecAdresses.xml",
    )
    before = school_state(world.college)
    second = apply(
        world,
        xml.guardians_file(
            [xml.person("P1", mel="nouveau@exemple.fr"), xml.person("P3", "PETIT", "Luc")],
            [xml.link(IDS[0], "P1", level), xml.link(IDS[1], "P3", level)],
        ),
        "ResponsablesAvecAdresses.xml",
    )
    assert not Guardian.objects.filter(personne_id="P2").exists()
    revert_import(second)
    assert school_state(world.college) == before
    assert Guardian.objects.get(personne_id="P2").links.get().pupil.siecle_id == IDS[1]


def test_sts_import_is_reverted_with_teachers_of_services(world):
    apply(world, xml.sts_file(BODY), "sts_emp.xml", kind="sts")
    before = school_state(world.college)
    changed = BODY.replace(
        '<ENSEIGNANT ID="4189" TYPE="epp"/>', '<ENSEIGNANT ID="77" TYPE="local"/>'
    )
    changed = changed.replace(
        '<INDIVIDU ID="12" TYPE="epp"><NOM_USAGE>CHEF</NOM_USAGE>'
        "<FONCTION>DIR</FONCTION></INDIVIDU>",
        "",
    )
    second = apply(world, xml.sts_file(changed), "sts_emp.xml", kind="sts")
    assert not StaffMember.objects.filter(sts_id="12").exists()
    revert_import(second)
    assert school_state(world.college) == before
