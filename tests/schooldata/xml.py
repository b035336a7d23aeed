"""Small hand-written exports, one per quirk of FORMATS.md §1.8 and §2.3."""

import io
import zipfile

from pilote.schooldata.importers.xmlfile import current_school_year

UAI = "0449901Y"


def bee(
    root: str,
    body: str,
    *,
    uaj: str = UAI,
    year: int | None = None,
    encoding="ISO-8859-15",
    stamp: str = "22/09/2026 08:09:38",
) -> bytes:
    year = current_school_year() if year is None else year
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<{root} VERSION="3.0">\n'
        f"<PARAMETRES><UAJ>{uaj}</UAJ><ANNEE_SCOLAIRE>{year}</ANNEE_SCOLAIRE>"
        f"<DATE_EXPORT>{stamp[:10]}</DATE_EXPORT><HORODATAGE>{stamp}</HORODATAGE></PARAMETRES>\n"
        f"<DONNEES>\n{body}\n</DONNEES>\n</{root}>\n"
    )
    return text.encode("utf-8" if encoding.upper() == "UTF-8" else "iso-8859-15")


def pupil(
    eleve_id: str,
    nom: str = "MARTIN",
    prenom: str = "Léa",
    *,
    extra: str = "",
    names: str | None = None,
    ine: str = "",
    sortie: str = "",
) -> str:
    names = (
        names
        if names is not None
        else f"<NOM_DE_FAMILLE>{nom}</NOM_DE_FAMILLE><NOM_USAGE></NOM_USAGE>"
    )
    exit_tag = f"<DATE_SORTIE>{sortie}</DATE_SORTIE>" if sortie else ""
    return (
        f'<ELEVE ELEVE_ID="{eleve_id}" ELENOET="{int(eleve_id) % 1000}">'
        f"<ID_NATIONAL>{ine}</ID_NATIONAL>{names}<PRENOM>{prenom}</PRENOM>"
        "<DATE_NAISS>04/03/2013</DATE_NAISS><CODE_SEXE>2</CODE_SEXE>"
        f"<CODE_MEF>10010012110</CODE_MEF><DATE_ENTREE>01/09/2024</DATE_ENTREE>{exit_tag}{extra}"
        "</ELEVE>"
    )


def structures(eleve_id: str, *codes: tuple[str, str]) -> str:
    inner = "".join(
        f"<STRUCTURE><CODE_STRUCTURE>{c}</CODE_STRUCTURE><TYPE_STRUCTURE>{t}</TYPE_STRUCTURE>"
        "</STRUCTURE>"
        for c, t in codes
    )
    return f'<STRUCTURES_ELEVE ELEVE_ID="{eleve_id}">{inner}</STRUCTURES_ELEVE>'


def pupils_file(pupils: list[str], structs: list[str], **kwargs) -> bytes:
    body = (
        f"<ELEVES>{''.join(pupils)}</ELEVES><OPTIONS/><STRUCTURES>{''.join(structs)}</STRUCTURES>"
    )
    return bee("BEE_ELEVES", body, **kwargs)


def person(
    personne_id: str,
    nom: str = "MARTIN",
    prenom: str = "Anne",
    mel: str = "a@exemple.fr",
    portable: str = "0611223344",
) -> str:
    return (
        f'<PERSONNE PERSONNE_ID="{personne_id}"><NOM_DE_FAMILLE>{nom}</NOM_DE_FAMILLE>'
        f"<PRENOM>{prenom}</PRENOM><LC_CIVILITE>MME</LC_CIVILITE><MEL>{mel}</MEL>"
        f"<TEL_PORTABLE>{portable}</TEL_PORTABLE></PERSONNE>"
    )


def link(eleve_id: str, personne_id: str, fields: str) -> str:
    return (
        f"<RESPONSABLE_ELEVE><ELEVE_ID>{eleve_id}</ELEVE_ID><PERSONNE_ID>{personne_id}</PERSONNE_ID>"
        f"{fields}</RESPONSABLE_ELEVE>"
    )


def guardians_file(persons: list[str], links: list[str], **kwargs) -> bytes:
    body = f"<PERSONNES>{''.join(persons)}</PERSONNES><RESPONSABLES>{''.join(links)}</RESPONSABLES>"
    return bee("BEE_RESPONSABLES", body, **kwargs)


def sts_file(body: str, *, uaj: str = UAI, year: int | None = None) -> bytes:
    year = current_school_year() if year is None else year
    return (
        '<?xml version="1.0" encoding="ISO-8859-15"?>\n<STS_EDT><PARAMETRES>'
        f'<UAJ CODE="{uaj}"/><ANNEE_SCOLAIRE ANNEE="{year}"/></PARAMETRES>{body}</STS_EDT>'
    ).encode("iso-8859-15")


def zipped(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()
