"""Refresh the screenshots of the README: the head's five main pages at 1280×800.

The captures show the demonstration as a collège head sees it, so a reader of the README sees
Pilote before installing it. Run the demonstration first, then this script:

    uv run pilote demo                      # in another terminal (http://127.0.0.1:8000/)
    uv run python scripts/captures.py       # writes docs/captures/*.png

``--url`` points at another address. Chromium comes from Debian (/usr/bin/chromium), never
from ``playwright install``. Each PNG is reduced to a 256-colour palette (Pillow), which keeps
the DSFR's flat colours readable at a fraction of the size.
"""

import argparse
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "docs" / "captures"
COLLEGE = "/etablissements/0449901Y/"
# (file name, page of the head's menu under the collège's address)
PAGES = [
    ("tableau-de-bord", ""),
    ("parc-socle", "parc/socle/"),
    ("services", "services/"),
    ("securite", "securite/"),
    ("imports", "imports/"),
]
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM = "/usr/bin/chromium"


def optimise(path: Path) -> None:
    """A 256-colour palette: the pages are flat colours and text, the PNG a third the size."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


def capture(base_url: str, username: str, password: str) -> list[Path]:
    CAPTURES.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport=VIEWPORT, locale="fr-FR")
        page.goto(base_url + "/connexion/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if "/connexion/" in page.url:
            raise SystemExit(f"Connexion refusée pour {username} : la démonstration tourne ?")
        for name, path in PAGES:
            page.goto(base_url + COLLEGE + path)
            page.wait_for_load_state("networkidle")
            target = CAPTURES / f"{name}.png"
            page.screenshot(path=str(target))  # the first screen, as a person sees it
            optimise(target)
            written.append(target)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="adresse de Pilote")
    parser.add_argument("--utilisateur", default="chef.college")
    # The demonstration's password (pilote.core.demo.DEMO_PASSWORD, printed by `pilote demo`).
    parser.add_argument("--mot-de-passe", dest="password", default="demo")
    options = parser.parse_args()
    for path in capture(options.url.rstrip("/"), options.utilisateur, options.password):
        print(f"{path.relative_to(ROOT)} : {path.stat().st_size // 1024} Kio")


if __name__ == "__main__":
    main()
