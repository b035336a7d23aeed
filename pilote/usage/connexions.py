"""Summing a connection log with Polars: per person and ISO week, per service and week.

A log holds one line per connection (timestamp, user id, profile, service): millions of lines
a year for a lycée. Polars scans the file lazily and in streaming, so memory stays flat; only
the sums reach Python and the database, the raw lines are never stored (RGPD minimisation).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pilote.core.files import FileRefused, normalize_label

from .choices import Profile
from .parsing import parse_profile

if TYPE_CHECKING:
    import polars as pl

COLUMN_ALIASES = {
    "timestamp": ["timestamp", "horodatage", "date", "date heure", "date de connexion", "heure"],
    "user": ["user id", "user", "utilisateur", "identifiant", "id utilisateur", "login", "uid"],
    "profile": ["profile", "profil", "type"],
    "service": ["service", "application", "module", "connecteur"],
    "uai": ["uai", "rne"],
}
REQUIRED = ("timestamp", "user")
TIMESTAMP_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M",
)
MAX_HEADER_BYTES = 64 * 1024
MAX_VALUE_BYTES = 1000
ERRORS_SHOWN = 20


@dataclass
class LogSummary:
    person_weeks: list[tuple[str, str, object, int]] = field(default_factory=list)
    service_weeks: list[tuple[object, str, str, int]] = field(default_factory=list)
    lines: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_header(path: Path) -> tuple[list[str], str]:
    with path.open("rb") as handle:
        head = handle.read(MAX_HEADER_BYTES)
    first = head.split(b"\n", 1)[0]
    if len(first) >= MAX_HEADER_BYTES or (b"\n" not in head and len(head) >= MAX_HEADER_BYTES):
        raise FileRefused(
            "ligne 1 : la ligne d'en-tête dépasse 64 Ko, ce n'est pas un journal de connexions."
        )
    text = first.decode("utf-8-sig", errors="replace").rstrip("\r")
    separator = max((";", ",", "\t"), key=text.count)
    return next(csv.reader(io.StringIO(text), delimiter=separator)), separator


def map_columns(headers: list[str]) -> dict[str, str]:
    normalized = [normalize_label(h) for h in headers]
    found = {}
    for name, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in normalized:
                found[name] = headers[normalized.index(alias)]
                break
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        labels = {"timestamp": "horodatage (date et heure)", "user": "identifiant utilisateur"}
        raise FileRefused(
            "colonne introuvable : "
            + ", ".join(labels[m] for m in missing)
            + ". Un journal de connexions a au moins les colonnes horodatage et identifiant."
        )
    return found


def timestamp_format(path: Path, separator: str, column: str) -> str:
    # Polars is imported where it is used, not at start-up: every `pilote` call would pay
    # for it (tests/core/test_startup.py).
    import polars as pl

    sample = (
        pl.scan_csv(path, separator=separator, infer_schema=False, n_rows=50)
        .select(pl.col(column))
        .drop_nulls()
        .collect()
        .get_column(column)
        .to_list()
    )
    for value in sample:
        for fmt in TIMESTAMP_FORMATS:
            try:
                datetime.strptime(value.strip(), fmt)
            except ValueError:
                continue
            return fmt
    shown = sample[0] if sample else ""
    raise FileRefused(f"ligne 2 : horodatage illisible « {shown[:40]} ».")


def aggregate_log(path: Path, *, school_uai: str | None = None) -> LogSummary:
    """Sum the log at ``path``; bad lines are returned as ``(line, message)`` errors.

    One streaming pass groups the lines by person, week, profile and service (a few hundred
    thousand groups whatever the number of lines) and counts the bad ones; only when there
    are bad lines does a second pass find their line numbers.
    """
    import polars as pl

    headers, separator = read_header(path)
    columns = map_columns(headers)
    fmt = timestamp_format(path, separator, columns["timestamp"])
    scan = pl.scan_csv(path, separator=separator, infer_schema=False, truncate_ragged_lines=True)
    base = scan.select(
        pl.col(columns["timestamp"]).str.strip_chars().alias("raw_time"),
        pl.col(columns["user"]).str.strip_chars().alias("user"),
        _optional(columns, "profile").alias("profile"),
        _optional(columns, "service").alias("service"),
        _optional(columns, "uai").str.to_uppercase().alias("uai"),
    ).with_columns(
        pl.col("raw_time").str.strptime(pl.Datetime, fmt, strict=False).alias("moment"),
    )
    bad = _bad_line(school_uai)
    groups = (
        base.with_columns(
            bad.alias("bad"), pl.col("moment").dt.truncate("1w").dt.date().alias("week")
        )
        .group_by("bad", "user", "week", "profile", "service")
        .agg(pl.len().alias("connections"))
        .collect(engine="streaming")
    )
    summary = LogSummary()
    if groups.filter(pl.col("bad")).height:
        located = (
            base.with_row_index("line", offset=2)
            .filter(bad)
            .head(ERRORS_SHOWN)
            .collect(engine="streaming")
        )
        summary.errors = [_describe(row, school_uai) for row in located.iter_rows(named=True)]
        return summary
    persons = groups.group_by("user", "week").agg(
        pl.col("connections").sum(), pl.col("profile").first()
    )
    services = groups.group_by("week", "profile", "service").agg(pl.col("connections").sum())
    profiles = _profile_codes(groups.get_column("profile").unique())
    summary.person_weeks = [
        (user, profiles[profile], week, count) for user, week, count, profile in persons.iter_rows()
    ]
    summary.service_weeks = _sum_services(services, profiles)
    summary.lines = groups.get_column("connections").sum()
    return summary


def _bad_line(school_uai: str | None) -> "pl.Expr":
    import polars as pl

    too_long = pl.any_horizontal(
        pl.col(name).str.len_bytes() > MAX_VALUE_BYTES
        for name in ("raw_time", "user", "profile", "service")
    )
    return (
        pl.col("moment").is_null()
        | pl.col("user").is_null()
        | (pl.col("user") == "")
        | too_long
        | _other_school(school_uai)
    )


def _sum_services(services: "pl.DataFrame", profiles: dict) -> list[tuple]:
    """Raw profiles that mean the same (« Élève », « ELEVE ») are summed together."""
    sums: dict[tuple, int] = {}
    for week, profile, service, count in services.iter_rows():
        if service:
            key = (week, profiles[profile], service[:120])
            sums[key] = sums.get(key, 0) + count
    return [(*key, count) for key, count in sums.items()]


def _optional(columns: dict, name: str) -> "pl.Expr":
    import polars as pl

    if name in columns:
        return pl.col(columns[name]).fill_null("").str.strip_chars()
    return pl.lit("")


def _other_school(school_uai: str | None) -> "pl.Expr":
    import polars as pl

    if not school_uai:
        return pl.lit(False)
    return (pl.col("uai") != "") & (pl.col("uai") != school_uai)


def _profile_codes(raw_values) -> dict:
    return {value: parse_profile(value or "") or Profile.AUTRE for value in raw_values}


def _describe(row: dict, school_uai: str | None) -> tuple[int, str]:
    line = row["line"]
    for name in ("raw_time", "user", "profile", "service"):
        if row[name] and len(row[name].encode()) > MAX_VALUE_BYTES:
            return line, f"valeur de plus de {MAX_VALUE_BYTES} octets, la ligne est refusée."
    if row["moment"] is None:
        return line, f"horodatage illisible « {(row['raw_time'] or '')[:40]} »."
    if not row["user"]:
        return line, "identifiant utilisateur vide."
    return line, (
        f"UAI {row['uai']} : cette ligne concerne un autre établissement que {school_uai}, "
        "le fichier est refusé."
    )
