"""« Services » budgets: the school's pages with many services, requests and register fiches,
and the module's indicators over many schools.

One school with 300 adopted services, 200 validation requests and 150 register fiches (beyond
any real school) among ``--schools`` schools of one académie. Budget: school pages < 100 ms
median, ≤ 25 queries whatever the row count; indicators for all schools in a few queries.

    uv run python benchmarks/catalogue_services.py [--schools 50]
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench \
        uv run python benchmarks/catalogue_services.py --schools 500
"""

import argparse
import statistics
import time

from harness import measure, print_table, setup, timed


def build(schools: int):
    from pilote.catalogue.models import RegisterEntry, SchoolService, Service, ValidationRequest
    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.core.uai import UAI_ALPHABET

    academie = Academie.objects.create(code="98", name="Banc d'essai")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="98", name="Banc"
    )
    created = School.objects.bulk_create(
        School(
            uai=f"{9800000 + n:07d}" + UAI_ALPHABET[(9800000 + n) % 23],
            name=f"Collège n° {n}",
            type=SchoolType.COLLEGE,
            academie=academie,
            collectivite=departement,
        )
        for n in range(schools)
    )
    head = User.objects.create(username="chef-banc", email="chef@banc.fr")
    Membership.objects.create(user=head, school=created[0], role=Role.CHEF)
    rssi = User.objects.create(username="rssi-banc")
    Membership.objects.create(user=rssi, academie=academie, role=Role.RSSI)
    local = Service.objects.bulk_create(
        Service(
            name=f"Service {n:03}",
            kind="apprentissage",
            origin="local",
            school=created[0],
            support_contact="editeur",
            processes_personal_data=n % 2 == 0,
            personal_data_categories="identité",
        )
        for n in range(300)
    )
    national = list(Service.objects.filter(origin="national"))
    SchoolService.objects.bulk_create(
        [SchoolService(school=created[0], service=s, referent=head) for s in local]
        + [
            SchoolService(school=school, service=s, referent=None)
            for school in created
            for s in national
        ]
    )
    ValidationRequest.objects.bulk_create(
        ValidationRequest(
            school=created[n % schools] if n >= 200 else created[0],
            title=f"Application {n}",
            purpose="essai",
            publisher="Éditeur",
            duration="un an",
            for_pupils=True,
            status=["demandee", "soumise", "avis_rendus", "approuvee"][n % 4],
            requested_by=head,
        )
        for n in range(200 + schools * 2)
    )
    RegisterEntry.objects.bulk_create(
        RegisterEntry(
            school=created[n % schools] if n >= 150 else created[0],
            name=f"Traitement {n}",
            purposes="gestion",
            retention="" if n % 3 else "un an",
        )
        for n in range(150 + schools * 3)
    )
    return created, head, rssi


def measure_register_pdf(client, url: str, school, *, builds: int = 3) -> list[dict]:
    """The register's PDF as a person now gets it: a POST that starts a background job and
    answers at once with the job's page (30 POSTs, each queueing a job), then the whole PDF
    as the worker builds it — the job's task run here with the arguments the view queues
    (median and worst of ``builds`` runs after one to warm up, each on a new job) — and the
    job's page that offers the file. The download is checked to be the PDF."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from pilote.catalogue.tasks import build_register_pdf
    from pilote.core.models import BackgroundJob, JobStatus

    def answer():
        response = client.post(url)
        if response.status_code != 302:
            raise SystemExit(f"POST {url} → HTTP {response.status_code}")
        return response

    def start() -> BackgroundJob:
        return BackgroundJob.objects.get(pk=answer()["Location"].rstrip("/").rsplit("/", 1)[1])

    def post(runs: int = 30, warmup: int = 3) -> dict:
        for _ in range(warmup):
            answer()
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            answer()
            timings.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.post(url)
        return summary(f"POST {url} (travail lancé)", timings, len(queries))

    def build(job: BackgroundJob) -> float:
        began = time.perf_counter()
        build_register_pdf.call(str(job.pk), school_id=school.pk)
        elapsed = (time.perf_counter() - began) * 1000
        job.refresh_from_db()
        if job.status != JobStatus.DONE:
            raise SystemExit(f"Registre PDF : travail {job.status} ({job.error})")
        return elapsed

    rows = [post()]
    build(start())
    jobs = [start() for _ in range(builds)]
    timings = [build(job) for job in jobs[:-1]]
    with CaptureQueriesContext(connection) as queries:
        timings.append(build(jobs[-1]))
    rows.append(
        summary(f"{url} (PDF par le travail, p95 = pire)", timings, len(queries), worst=True)
    )
    done = jobs[-1]
    rows.append(measure(client, done.get_absolute_url(), runs=10))
    download = client.get(reverse("core:job_result", args=[done.pk]))
    content = b"".join(download.streaming_content)
    if download.status_code != 200 or not content.startswith(b"%PDF"):
        raise SystemExit(f"Registre PDF : téléchargement → HTTP {download.status_code}")
    for job in BackgroundJob.objects.filter(school=school).exclude(result_file=""):
        job.result_file.delete(save=False)
    return rows


def summary(label: str, timings: list[float], queries: int, *, worst: bool = False) -> dict:
    """A row of the table, as :func:`harness.measure` writes it (``worst``: the slowest run
    in the p95 column, for a handful of runs)."""
    timings = sorted(timings)
    return {
        "url": label,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[-1] if worst else timings[int(0.95 * (len(timings) - 1))],
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=50)
    args = parser.parse_args()
    setup("catalogue")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pilote.catalogue.indicators import services_indicators

    schools, head, rssi = build(args.schools)
    client = Client()
    client.force_login(head)
    base = f"/etablissements/{schools[0].uai}/services/"
    rows = [
        measure(client, base + path)
        for path in ("", "catalogue/", "marge/", "validations/", "registre/")
    ]
    rows.append(measure(client, base + "registre/registre.csv", runs=10))
    rows += measure_register_pdf(client, base + "registre/registre.pdf", schools[0])
    territory = Client()
    territory.force_login(rssi)
    rows.append(measure(territory, "/territoires/academie/98/services/validations/", runs=10))
    print_table(
        f"Pilote — Services, 1 établissement de 300 services / 200 demandes / 150 fiches "
        f"parmi {args.schools}",
        rows,
        ["url", "median_ms", "p95_ms", "queries"],
    )
    with CaptureQueriesContext(connection) as queries:
        elapsed, _ = timed(services_indicators, schools)
    print(
        f"Indicateurs Services pour {args.schools} établissements : {elapsed:.0f} ms, "
        f"{len(queries)} requêtes SQL"
    )


if __name__ == "__main__":
    main()
