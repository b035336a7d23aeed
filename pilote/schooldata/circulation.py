"""« Circulation des données »: which applications are fed from SIECLE and STS-web, and
which were fed before the last change of their source (they then work on stale lists)."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.utils import timezone

from pilote.core.referentials import load

from .choices import FeedSource, Source
from .models import DataFeed, DataImport

REFERENTIAL = Path(__file__).parent / "referentials" / "applications.yaml"


@cache
def referential() -> list[dict]:
    return load("schooldata", REFERENTIAL.name)


def last_changes(school) -> dict[str, date | None]:
    """Day of the newest export that changed something, per source family (the export's
    HORODATAGE: the data changed in SIECLE before that, not on the day it reached Pilote)."""
    changes: dict[str, date | None] = {"siecle": None, "sts": None}
    for data_import in DataImport.objects.for_school(school).only(
        "source", "exported_at", "imported_at", "counts"
    ):
        counts = data_import.counts
        if not any(counts.get(key) for key in ("created", "updated", "left")):
            continue
        family = "sts" if data_import.source == Source.STS else "siecle"
        day = timezone.localtime(data_import.exported_at or data_import.imported_at).date()
        if changes[family] is None or day > changes[family]:
            changes[family] = day
    return changes


@dataclass
class Feed:
    code: str
    label: str
    sources: str
    description: str
    last_fed_on: date | None
    responsible: str
    source_changed_on: date | None

    @property
    def sources_label(self) -> str:
        return FeedSource(self.sources).label

    @property
    def stale(self) -> bool:
        if self.source_changed_on is None:
            return False
        return self.last_fed_on is None or self.last_fed_on < self.source_changed_on


def feeds(school) -> list[Feed]:
    saved = {feed.code: feed for feed in DataFeed.objects.for_school(school)}
    changes = last_changes(school)
    entries = [*referential()]
    entries += [
        {"code": f.code, "label": f.label, "sources": f.sources, "description": f.description}
        for code, f in saved.items()
        if code not in {e["code"] for e in referential()}
    ]
    result = []
    for entry in entries:
        row = saved.get(entry["code"])
        families = ["siecle", "sts"] if entry["sources"] == FeedSource.BOTH else [entry["sources"]]
        changed = [changes[f] for f in families if changes[f] is not None]
        result.append(
            Feed(
                code=entry["code"],
                label=entry["label"],
                sources=entry["sources"],
                description=entry.get("description", ""),
                last_fed_on=row.last_fed_on if row else None,
                responsible=row.responsible if row else "",
                source_changed_on=max(changed) if changed else None,
            )
        )
    return result


def save_feed(school, feed: Feed, *, last_fed_on: date | None, responsible: str) -> bool:
    """Record the date an application was fed; True when something changed."""
    row = DataFeed.objects.for_school(school).filter(code=feed.code).first()
    if row and (row.last_fed_on, row.responsible) == (last_fed_on, responsible):
        return False
    if row is None and last_fed_on is None and not responsible:
        return False
    row = row or DataFeed(school=school, code=feed.code)
    row.label, row.sources, row.description = feed.label, feed.sources, feed.description
    row.last_fed_on, row.responsible = last_fed_on, responsible
    row.save()
    return True
