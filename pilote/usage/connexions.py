"""Summing a connection log with Polars: per person and ISO week, per service and week.

A log holds one line per connection (timestamp, user id, profile, service): millions of lines
a year for a lycée. Polars scans the file lazily and in streaming, so memory stays flat; the
sums stay Polars frames up to the database (core.bulk), the raw lines are never stored (RGPD
minimisation). Per line, Polars only reads the values, parses the timestamp and counts; every
check (empty id, value too long, another school's UAI) is made once per group of lines that
share their values, ten times fewer than the lines.

Polars is imported inside the functions, not at start-up: a process that never reads a log (a
web worker, any other command) does not pay for it (tests/core/test_startup.py).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pilote.core.files import FileRefused, normalize_label

from .choices import Profile
from .parsing import parse_profile

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


PERSON_KEY_LENGTH = 120  # ConnectionWeek.person_key, AudienceStat.label


@dataclass
class LogSummary:
    """``persons``: a frame of (user, week, profile, connections), one row per person-week;
    ``services``: (week, profile, service, connections), one row per service-week."""

    persons: object = None
    services: object = None
    lines: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    # A line carries a UAI: the file says which school it is about (checked line by line).
    names_school: bool = False


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

    One streaming pass groups the lines by their raw values (person, week, profile, service,
    UAI): about a million groups for ten million lines. The groups are then checked and
    summed per person-week and per service-week; only when a group is bad does a second
    pass find the line numbers of its lines."""
    import polars as pl

    headers, separator = read_header(path)
    columns = map_columns(headers)
    fmt = timestamp_format(path, separator, columns["timestamp"])
    scan = pl.scan_csv(path, separator=separator, infer_schema=False, truncate_ragged_lines=True)
    groups = (
        scan.select(
            pl.col(columns["timestamp"])
            .str.strip_chars()
            .str.strptime(pl.Date, fmt, strict=False)
            .dt.truncate("1w")
            .alias("week"),
            pl.col(columns["user"]).alias("user"),
            *(_optional(columns, name).alias(name) for name in ("profile", "service", "uai")),
        )
        .group_by("user", "week", "profile", "service", "uai")
        .agg(pl.len().alias("connections"))
        .collect(engine="streaming")
        .with_columns(pl.col(name).fill_null("") for name in ("profile", "service", "uai"))
    )
    summary = LogSummary(
        names_school=bool(groups.filter(pl.col("uai").str.strip_chars() != "").height)
    )
    if groups.filter(_bad_group(school_uai)).height:
        summary.errors = _locate_bad_lines(scan, columns, fmt, school_uai)
        return summary
    groups = groups.with_columns(
        pl.col("user").str.strip_chars().str.slice(0, PERSON_KEY_LENGTH),
        _profile_codes(groups.get_column("profile").unique().to_list()),
        pl.col("service").str.strip_chars().str.slice(0, PERSON_KEY_LENGTH),
    )
    summary.persons = (
        groups.group_by("user", "week")
        .agg(
            pl.col("profile").sort_by("connections", descending=True).first(),
            pl.col("connections").sum(),
        )
        .sort("user", "week")
    )
    summary.services = (
        groups.filter(pl.col("service") != "")
        .group_by("week", "profile", "service")
        .agg(pl.col("connections").sum())
        .sort("week", "profile", "service")
    )
    summary.lines = int(groups.get_column("connections").sum())
    return summary


def _bad_group(school_uai: str | None):
    """A group of lines that makes the file refused: no week (unreadable timestamp), no
    user id, a value over ``MAX_VALUE_BYTES``, or another school's UAI."""
    import polars as pl

    too_long = pl.any_horizontal(
        pl.col(name).str.len_bytes() > MAX_VALUE_BYTES
        for name in ("user", "profile", "service", "uai")
    )
    other_school = pl.lit(False)
    if school_uai:
        uai = pl.col("uai").str.strip_chars().str.to_uppercase()
        other_school = (uai != "") & (uai != school_uai)
    return (
        pl.col("week").is_null()
        | pl.col("user").is_null()
        | (pl.col("user").str.strip_chars() == "")
        | too_long
        | other_school
    )


def _locate_bad_lines(scan, columns: dict, fmt: str, school_uai: str | None) -> list:
    """Second pass, on a refused file only: the first bad lines, with their numbers."""
    import polars as pl

    located = (
        scan.select(
            pl.col(columns["timestamp"]).str.strip_chars().alias("raw_time"),
            pl.col(columns["user"]).str.strip_chars().alias("user"),
            *(_optional(columns, name).alias(name) for name in ("profile", "service", "uai")),
        )
        .with_columns(
            pl.col("raw_time").str.strptime(pl.Datetime, fmt, strict=False).alias("moment"),
        )
        .with_row_index("line", offset=2)
        .filter(_bad_line(school_uai))
        .head(ERRORS_SHOWN)
        .collect(engine="streaming")
    )
    return [_describe(row, school_uai) for row in located.iter_rows(named=True)]


def _bad_line(school_uai: str | None):
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


def _optional(columns: dict, name: str):
    import polars as pl

    if name in columns:
        return pl.col(columns[name])
    return pl.lit("")


def _other_school(school_uai: str | None):
    import polars as pl

    if not school_uai:
        return pl.lit(False)
    uai = pl.col("uai").fill_null("").str.strip_chars().str.to_uppercase()
    return (uai != "") & (uai != school_uai)


def _profile_codes(raw_values: list):
    """Raw profiles that mean the same (« Élève », « ELEVE ») get one code."""
    import polars as pl

    codes = {value: parse_profile(value.strip()) or Profile.AUTRE for value in raw_values}
    return pl.col("profile").replace_strict(codes, return_dtype=pl.String)


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
        f"UAI {(row['uai'] or '').strip().upper()} : cette ligne concerne un autre "
        f"établissement que {school_uai}, le fichier est refusé."
    )
