"""htmx updates part of a page in place: a sorted or filtered list, the progress of a job.

Each test marks the window before acting: a full page load would wipe the mark, so the mark
surviving proves the page was updated in place (under the strict CSP, with no inline script).
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pilote.core.models import BackgroundJob, JobStatus
from tests.core.factories import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mark_window(page) -> None:
    page.evaluate("window.piloteMark = 'même page'")


def window_was_kept(page) -> bool:
    return page.evaluate("window.piloteMark === 'même page'")


def test_sorting_a_list_replaces_the_list_only(browser_session):
    world = build_world()
    browser_session.login(world["chef.college"])
    page = browser_session.page
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    browser_session.goto(f"/etablissements/{world.college.uai}/membres/")
    first_person = page.locator("#liste tbody tr td").first.inner_text()
    mark_window(page)

    page.locator("#liste thead").get_by_role("link", name="Personne").click()
    expect(page).to_have_url(re.compile(r"sort=[^-]"))
    page.locator("#liste thead").get_by_role("link", name="Personne").click()
    expect(page).to_have_url(re.compile(r"sort=-"))
    expect(page.locator("#liste tbody tr td").first).not_to_have_text(first_person)
    assert window_was_kept(page), "la liste triée doit remplacer la liste, pas recharger la page"
    assert not console_errors, console_errors


def test_the_job_page_follows_progress_until_the_end(browser_session):
    world = build_world()
    head = world["chef.college"]
    job = BackgroundJob.objects.create(
        label="Registre RGPD en PDF",
        user=head,
        school=world.college,
        status=JobStatus.RUNNING,
        progress=40,
        message="Lecture des fiches",
        started_at=timezone.now(),
    )
    browser_session.login(head)
    page = browser_session.page
    browser_session.goto(job.get_absolute_url())
    expect(page.locator("#travail")).to_contain_text("Lecture des fiches")
    mark_window(page)

    BackgroundJob.objects.filter(pk=job.pk).update(progress=80, message="Mise en page")
    expect(page.locator("#travail")).to_contain_text("Mise en page", timeout=5000)
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, message="Registre prêt", finished_at=timezone.now()
    )
    expect(page.locator("#travail")).to_contain_text("Registre prêt", timeout=5000)
    assert window_was_kept(page)
    browser_session.assert_accessible()
