"""Reading the values found in ENT and ÉduConnect exports: profiles, dates, names."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from pilote.core.files import normalize_label

from .choices import Profile

PROFILE_LABELS = {
    "eleve": Profile.ELEVE,
    "eleves": Profile.ELEVE,
    "student": Profile.ELEVE,
    "national elv": Profile.ELEVE,
    "parent": Profile.PARENT,
    "parents": Profile.PARENT,
    "responsable": Profile.PARENT,
    "responsables": Profile.PARENT,
    "representant legal": Profile.PARENT,
    "relative": Profile.PARENT,
    "national tut": Profile.PARENT,
    "enseignant": Profile.ENSEIGNANT,
    "enseignants": Profile.ENSEIGNANT,
    "teacher": Profile.ENSEIGNANT,
    "national ens": Profile.ENSEIGNANT,
    "national doc": Profile.ENSEIGNANT,
    "personnel": Profile.PERSONNEL,
    "personnels": Profile.PERSONNEL,
    "national dir": Profile.PERSONNEL,
    "national evs": Profile.PERSONNEL,
    "national eta": Profile.PERSONNEL,
    "invite": Profile.INVITE,
    "guest": Profile.INVITE,
}


def parse_profile(value: str) -> Profile | None:
    return PROFILE_LABELS.get(normalize_label(value))


DATETIME_FORMATS = (
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%Y-%m-%d",
)


def parse_datetime(value: str) -> datetime | None:
    """The date formats ENT exports use (FORMATS.md §10); ``ValueError`` when none fits."""
    value = value.strip()
    if not value:
        return None
    for fmt in DATETIME_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return timezone.make_aware(parsed)
    raise ValueError(value)


def week_start(day: date) -> date:
    """Monday of the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


def person_key(last_name: str, first_name: str) -> str:
    """Names compared the tolerant way (case, accents, hyphens, spaces)."""
    return f"{normalize_label(last_name)}|{normalize_label(first_name)}"


def split_people(value: str) -> list[str]:
    """« Prénom Nom » lists of the ENT (« Enfants », « Parents »), normalised."""
    return [normalize_label(part) for part in value.split(",") if part.strip()]
