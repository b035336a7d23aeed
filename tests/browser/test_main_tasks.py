"""The main tasks of Pilote, done in Chromium as their person does them (issue #20): a teacher
books a computer room, a teacher reports a broken laptop picked by typing its number in the
type-ahead list, the head imports the SIECLE zip through the page (preview, then apply). Each
test asserts what the person sees, and the database behind it."""

import pytest
from playwright.sync_api import expect

from pilote.bookings.models import Booking
from pilote.schooldata.demo_files import generate
from pilote.schooldata.importers.xmlfile import current_school_year
from pilote.schooldata.models import Pupil
from pilote.support.models import SupportRequest
from tests.bookings.factories import ResourceFactory, open_monday
from tests.core.factories import build_world
from tests.inventory.factories import EquipmentFactory, RoomFactory
from tests.schooldata import xml

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLEGE = "/etablissements/0449901Y/"


def test_a_teacher_books_a_computer_room(browser_session):
    world = build_world()
    ResourceFactory(school=world.college, name="Salle informatique B12")
    monday = open_monday(world.college)
    browser_session.login(world["prof.college"])
    page = browser_session.page
    browser_session.goto(COLLEGE + "reservations/reserver/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Réserver")
    page.locator("#id_resource").select_option(label="Salle informatique B12")
    page.locator("#id_day").fill(monday.isoformat())
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_end_time").fill("11:50")
    page.locator("#id_purpose").fill("4e B — sciences, travail en îlots")
    browser_session.assert_accessible()
    page.locator("main form button[type=submit]").first.click()

    main = page.locator("main")
    expect(main).to_contain_text("Salle informatique B12")
    expect(main).to_contain_text("4e B — sciences, travail en îlots")
    booking = Booking.objects.get(school=world.college, booked_by=world["prof.college"])
    assert booking.starts_at.date() == monday and booking.resource.name == "Salle informatique B12"
    browser_session.screenshot("tache-reserver-une-salle")


def test_a_teacher_reports_a_broken_laptop_found_by_typing_its_number(browser_session):
    """The equipment list is long (40 devices): the teacher types « 07 » and picks the one."""
    world = build_world()
    cdi = RoomFactory(school=world.college, name="CDI")
    for n in range(1, 41):
        EquipmentFactory(school=world.college, inventory_number=f"PC-CDI-{n:02d}", room=cdi)
    browser_session.login(world["prof.college"])
    page = browser_session.page
    browser_session.goto(COLLEGE + "assistance/nouvelle/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle demande d'assistance")
    page.locator("#id_category").select_option(label="Matériel")
    page.locator("#id_title").fill("Le portable ne démarre plus")
    page.locator("#id_description").fill("Écran noir depuis ce matin, voyant de charge éteint.")

    # The type-ahead: typing filters the 40 devices down to the one, named in full.
    search = page.locator("#id_equipment-ts-control")
    search.click()
    search.type("CDI-07")
    options = page.locator(".ts-dropdown .option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("PC-CDI-07 — Ordinateur portable Dell Latitude 3540, CDI")
    options.first.click()
    expect(page.locator(".ts-wrapper .item")).to_have_text(
        "PC-CDI-07 — Ordinateur portable Dell Latitude 3540, CDI"
    )
    browser_session.assert_accessible()
    page.get_by_role("button", name="Envoyer la demande").click()

    main = page.locator("main")
    expect(main).to_contain_text("Le portable ne démarre plus")
    expect(main).to_contain_text("PC-CDI-07")
    request = SupportRequest.objects.get(school=world.college)
    assert request.equipment.inventory_number == "PC-CDI-07"
    assert request.requester == world["prof.college"]
    browser_session.screenshot("tache-signaler-une-panne")


def test_the_head_imports_the_siecle_zip_previews_then_applies(browser_session, tmp_path):
    world = build_world()
    files = generate(world.college.uai, lycee=False, pupils=40, year=current_school_year())
    exports = files.files()
    expected = exports["ElevesSansAdresses.xml"].count(b"<ELEVE ")
    archive = tmp_path / "ExportSIECLE.zip"
    siecle = ("ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml", "Structures.xml")
    archive.write_bytes(
        xml.zipped(*((name, exports[name]) for name in (*siecle, "Nomenclature.xml")))
    )
    browser_session.login(world["chef.college"])
    page = browser_session.page
    browser_session.goto(COLLEGE + "imports/nouveau/siecle/")
    page.locator("#id_file").set_input_files(str(archive))
    page.get_by_role("button", name="Vérifier le fichier").click()

    # The preview says what will change; nothing is written yet.
    main = page.locator("main")
    expect(main).to_contain_text("Rien n'est encore écrit")
    expect(main.locator(".pilote-counts")).to_contain_text("à créer")
    assert Pupil.objects.filter(school=world.college).count() == 0
    browser_session.assert_accessible()
    page.get_by_role("button", name="Appliquer l'import").click()

    expect(main).to_contain_text("Import de ExportSIECLE.zip appliqué")
    assert Pupil.objects.filter(school=world.college).count() == expected
    browser_session.screenshot("tache-importer-siecle")
