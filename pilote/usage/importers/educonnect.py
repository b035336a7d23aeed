"""ÉduConnect account states, from a file whose columns the school picks (FORMATS.md §4).

No public source describes an ÉduConnect export, so the school says once which column holds
what (a « modèle de colonnes », saved and reused): the importer takes the school's preset
whose columns are all in the file, else recognises the usual headers by itself.
"""

from pilote.core.columns import BoundColumns, Column, Columns
from pilote.core.files import FileRefused, Table, normalize_label
from pilote.core.importing import register_importer
from pilote.schooldata.matching import normalize_division

from ..choices import AccountSource, EduConnectField, Profile
from ..models import MappingPreset
from ..parsing import person_key
from .accounts import AccountRecord, AccountsImporter

DEFAULT_ALIASES = {
    EduConnectField.IDENTIFIANT: ["Identifiant", "Login", "Identifiant ÉduConnect"],
    EduConnectField.NOM: ["Nom", "Nom de famille"],
    EduConnectField.PRENOM: ["Prénom"],
    EduConnectField.CLASSE: ["Classe", "Division"],
    EduConnectField.PROFIL: ["Profil", "Type", "Type de compte"],
    EduConnectField.ETAT: ["État du compte", "État", "Statut", "Etat du compte"],
}

ACTIVATED = {"active", "activé", "actif", "oui", "compte activé", "activated"}
NOT_ACTIVATED = {
    "non active",
    "non activé",
    "non actif",
    "inactif",
    "non",
    "en attente",
    "en attente d'activation",
    "à activer",
    "désactivé",
    "provisoire",
    "notifié",
    "non notifié",
}
ACTIVATED_LABELS = {normalize_label(v) for v in ACTIVATED}
NOT_ACTIVATED_LABELS = {normalize_label(v) for v in NOT_ACTIVATED}


EDUCONNECT_COLUMNS = Columns(
    *(Column(name, tuple(labels)) for name, labels in DEFAULT_ALIASES.items())
)


def parse_state(value: str) -> bool | None:
    label = normalize_label(value)
    if label in ACTIVATED_LABELS:
        return True
    if label in NOT_ACTIVATED_LABELS:
        return False
    return None


def preset_columns(table: Table, mapping: dict) -> dict | None:
    """Column indexes of a saved mapping, or None when one of its columns is missing."""
    headers = [normalize_label(h) for h in table.headers]
    columns = {}
    for field, header in mapping.items():
        if not header:
            continue
        key = normalize_label(header)
        if key not in headers:
            return None
        columns[field] = headers.index(key)
    return columns


def has_required(columns: dict) -> bool:
    return all(field in columns for field in EduConnectField.required())


@register_importer
class EduConnectImporter(AccountsImporter):
    kind = "educonnect"
    origin = "educonnect"
    label = "Comptes ÉduConnect"
    source = AccountSource.EDUCONNECT
    help_text = (
        "Fichier CSV ou XLSX tiré de l'administration des comptes ÉduConnect. Choisissez d'abord "
        "ses colonnes sur la page « Colonnes ÉduConnect » du module Usages si elles ne sont pas "
        "reconnues."
    )

    def prepare(self, table: Table) -> None:
        self.columns = BoundColumns.at(EDUCONNECT_COLUMNS, table.headers, self.find_columns(table))

    def find_columns(self, table: Table) -> dict:
        presets = MappingPreset.objects.for_school(self.school)
        wanted = self.options.get("preset")
        if wanted:
            preset = presets.filter(name=wanted).first()
            if preset is None:
                raise FileRefused(f"aucun modèle de colonnes ne s'appelle « {wanted} ».")
            presets = [preset]
        for preset in presets:
            columns = preset_columns(table, preset.mapping)
            if columns is not None and has_required(columns):
                return columns
        columns = table.header_index(DEFAULT_ALIASES)
        if not wanted and has_required(columns):
            return columns
        raise FileRefused(
            "les colonnes de ce fichier ne sont pas reconnues : indiquez lesquelles contiennent "
            "le nom, le prénom, le profil et l'état du compte sur la page « Colonnes ÉduConnect » "
            "du module Usages, puis importez-le de nouveau."
        )

    def read_row(self, parsed, table, line, row) -> AccountRecord | None:
        columns = self.columns

        def cell(row, columns, name):
            return columns.text(row, name)

        location = f"ligne {line}"
        raw_profile = cell(row, columns, EduConnectField.PROFIL)
        profile = profile_of(raw_profile)
        if profile is None:
            parsed.error(f"profil « {raw_profile} » : attendu élève ou responsable.", location)
            return None
        raw_state = cell(row, columns, EduConnectField.ETAT)
        state = parse_state(raw_state)
        if state is None:
            parsed.error(f"état du compte « {raw_state} » inconnu.", location)
            return None
        last_name = cell(row, columns, EduConnectField.NOM)
        if not last_name:
            parsed.error("le nom est vide.", location)
            return None
        first_name = cell(row, columns, EduConnectField.PRENOM)
        division = cell(row, columns, EduConnectField.CLASSE)
        key = cell(row, columns, EduConnectField.IDENTIFIANT) or (
            f"{profile}|{person_key(last_name, first_name)}|{normalize_division(division)}"
        )
        return AccountRecord(
            line=line,
            external_id=key[:120],
            profile=profile,
            last_name=last_name[:100],
            first_name=first_name[:100],
            login=cell(row, columns, EduConnectField.IDENTIFIANT)[:120],
            classes=division[:200],
            is_activated=state,
        )


def profile_of(value: str) -> str | None:
    label = normalize_label(value)
    if label.startswith("eleve"):
        return Profile.ELEVE
    if label.startswith(("responsable", "parent", "representant")):
        return Profile.PARENT
    return None
