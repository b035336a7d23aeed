"""Files as the ENT and ÉduConnect export them, built in memory for the tests."""

import csv
import io

ENT_HEADER = [
    "Id",
    "Identifiant SIECLE",
    "Type",
    "Nom",
    "Prénom",
    "Identifiant",
    "Login personnalisé (Alias)",
    "Code d'activation",
    "Fonctions",
    "Établissements",
    "Classes",
    "Enfants",
    "Parents",
    "Dernière connexion",
    "Courriel",
    "Téléphone",
]


def csv_bytes(header, rows, *, bom=True, delimiter=";", quote_all=True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\r\n",
    )
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def ent_row(
    id,
    kind,
    last_name,
    first_name,
    *,
    siecle="",
    code="",
    classes="",
    children="",
    parents="",
    last="",
):
    login = f"{first_name}.{last_name}".lower()
    return [
        id,
        siecle,
        kind,
        last_name,
        first_name,
        login,
        login,
        code,
        "",
        "COLLEGE DES SALORGES",
        classes,
        children,
        parents,
        last,
        "",
        "",
    ]


def ent_accounts(rows, **kwargs) -> bytes:
    return csv_bytes(ENT_HEADER, rows, **kwargs)
