"""Where each imported file comes from, and how to download it there (issue #20).

The Imports page groups the importers by the system the school downloads the file from, and
says in plain words where to find the export in that system. The paths come from
``docs/FORMATS.md``; those no public source confirmed are marked « à confirmer ».
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    where: str


SOURCES = [
    Source(
        "siecle",
        "SIECLE (base élèves)",
        "Dans ARENA : Scolarité du 2nd degré > Consultation et export > Exportations > En XML, "
        "puis « Élèves sans adresse », « Responsables avec adresses », « Structures » et "
        "« Nomenclatures ». Chaque export arrive dans un fichier compressé (.zip) : déposez les "
        "quatre ensemble.",
    ),
    Source(
        "sts",
        "STS-web",
        "Dans STS-web : choisissez l'année scolaire, puis Exports > Emploi du temps ; le fichier "
        "s'appelle sts_emp_<UAI>_<année>.xml.",
    ),
    Source(
        "ent",
        "ENT",
        "Dans la console d'administration de l'ENT (Néo, One…) : Imports / Exports > Exporter "
        "des comptes, « Export classique » (fichier export.csv). Les statistiques : application "
        "« Statistiques » de l'ENT, export CSV. Le journal de connexions : selon l'ENT, à "
        "confirmer avec son administrateur.",
    ),
    Source(
        "educonnect",
        "ÉduConnect",
        "Dans ARENA : Référentiels et outils > Outils de gestion des identités et habilitations "
        "> Administration des comptes ÉduConnect (clé OTP ou réseau administratif). L'intitulé "
        "de l'export et ses colonnes sont à confirmer.",
    ),
    Source(
        "pix",
        "Pix Orga",
        "Dans Pix Orga : ouvrez la campagne, puis exportez ses résultats (fichier "
        "Resultats-….csv) ; pour la certification, l'export des résultats par classe "
        "(…_resultats_<division>.csv). Libellés exacts des menus : à confirmer.",
    ),
    Source(
        "parc",
        "GLPI / inventaire du parc",
        "Dans GLPI : Parc > Ordinateurs, lancez la recherche puis « Exporter » (CSV). Sans GLPI, "
        "remplissez le modèle d'inventaire de Pilote.",
    ),
    Source(
        "annuaire",
        "Annuaire de l'éducation",
        "Sur data.education.gouv.fr : jeu de données « Annuaire de l'éducation » "
        "(fr-en-annuaire-education), export CSV.",
    ),
    Source(
        "etablissement",
        "Tableaux de l'établissement",
        "Un tableau tenu par l'établissement (CSV ou tableur), aux colonnes décrites sur la "
        "page d'import.",
    ),
]
SOURCE_BY_KEY = {source.key: source for source in SOURCES}
