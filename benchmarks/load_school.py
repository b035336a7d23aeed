"""Load: 50 people browsing one school at once, against ``pilote serve`` on 127.0.0.1.

Builds the demo database (``var/bench-load/demo.sqlite3``) unless it exists, starts gunicorn as
``pilote serve`` would, then 50 threads each log in as the head and open the school's main
pages in turn, pausing like a reader between two pages (``--think``, 1 to 3 s by default;
``--think 0`` measures saturation instead). Budget: p95 < 300 ms, no error. Traffic stays on
the loopback interface.

    uv run python benchmarks/load_school.py [--users 50] [--rounds 4] [--think 2] [--port 8765]
"""

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "/etablissements/0449901Y/",
    "/etablissements/0449901Y/parc/",
    "/etablissements/0449901Y/parc/equipements/",
    "/etablissements/0449901Y/services/",
    "/etablissements/0449901Y/donnees/",
    "/etablissements/0449901Y/reservations/",
    "/etablissements/0449901Y/usages/",
    "/etablissements/0449901Y/competences/",
    "/etablissements/0449901Y/securite/",
    "/etablissements/0449901Y/missions/",
    "/etablissements/0449901Y/assistance/",
]


def server_environment(var_dir: Path) -> dict:
    return {**os.environ, "PILOTE_DEMO": "1", "PILOTE_VAR_DIR": str(var_dir)}


def prepare(var_dir: Path) -> None:
    if not (var_dir / "demo.sqlite3").exists():
        subprocess.run(
            [sys.executable, "-m", "pilote.cli", "demo", "--no-serve"],
            env=server_environment(var_dir),
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/connexion/", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("le serveur ne répond pas")


def browse(
    base: str, rounds: int, think: float, timings: list, errors: list, lock: threading.Lock
) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/connexion/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": "chef.college", "password": "demo", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(base + "/connexion/", data=data)
    request.add_header("Referer", base + "/connexion/")
    opener.open(request, timeout=30).read()
    for _ in range(rounds):
        for path in PAGES:
            start = time.perf_counter()
            try:
                response = opener.open(base + path, timeout=30)
                response.read()
                status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings.append(elapsed)
                if status != 200:
                    errors.append((path, status))
            if think:
                time.sleep(random.uniform(think / 2, think * 1.5))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--think", type=float, default=2.0, help="pause moyenne (s)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    var_dir = ROOT / "var" / "bench-load"
    prepare(var_dir)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "pilote.cli", "serve", "--port", str(args.port)],
        # The demo server: plain HTTP on the loopback, so session cookies are not "Secure".
        env=server_environment(var_dir),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base)
        timings, errors, lock = [], [], threading.Lock()
        threads = [
            threading.Thread(
                target=browse, args=(base, args.rounds, args.think, timings, errors, lock)
            )
            for _ in range(args.users)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    timings.sort()
    print(
        f"\nCharge : {args.users} utilisateurs simultanés (pause moyenne {args.think:g} s), "
        f"{len(timings)} pages en {duration:.1f} s"
    )
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"médiane {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
        f"max {timings[-1]:.0f} ms, erreurs {len(errors)}"
    )


if __name__ == "__main__":
    main()
