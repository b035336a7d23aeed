"""Generator of realistic, fictional SIECLE and STS-web exports for the demo and the benchmark.

The files have the shape of the real ones (FORMATS.md §1, §2): ISO-8859-15, PARAMETRES
envelope, pupils joined to structures on ELEVE_ID, the pseudo-division « Inactifs », pupils who
left with a DATE_SORTIE, families shared by siblings, a few anomalies a school really has (a
pupil without division, a missing INE, a duplicate INE, a division unknown to STS-web…).
Every name is invented; the output depends only on the seed.

    uv run python -m pilote.schooldata.demo_files OUTDIR --uai 0449901Y --pupils 600
"""

import argparse
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr


def _names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r",\s*", text.strip()) if name.strip()]


SURNAMES = _names(
    """
    MARTIN, BERNARD, THOMAS, PETIT, ROBERT, RICHARD, DURAND, DUBOIS, MOREAU, LAURENT,
    SIMON, MICHEL, LEFÈVRE, LEROY, ROUX, DAVID, BERTRAND, MOREL, FOURNIER, GIRARD, BONNET,
    DUPONT, LAMBERT, FONTAINE, ROUSSEAU, VINCENT, MULLER, LEFEBVRE, FAURE, ANDRÉ, MERCIER,
    BLANC, GUÉRIN, BOYER, GARNIER, CHEVALIER, FRANÇOIS, LEGRAND, GAUTHIER, GARCIA, PERRIN,
    ROBIN, CLÉMENT, MORIN, NICOLAS, HENRY, ROUSSEL, MATHIEU, GAUTIER, MASSON, MARCHAND,
    DUVAL, DENIS, DUMONT, MARIE, LEMAIRE, NOËL, MEYER, DUFOUR, MEUNIER, BRUN, BLANCHARD,
    GIRAUD, JOLY, RIVIÈRE, LUCAS, BRUNET, GAILLARD, BARBIER, ARNAUD, MARTINEZ, GÉRARD,
    ROCHE, RENARD, SCHMITT, ROY, LEROUX, COLIN, VIDAL, CARON, PICARD, ROGER, FABRE, AUBERT,
    LEMOINE, RENAUD, DUMAS, LACROIX, OLIVIER, PHILIPPE, BOURGEOIS, PIERRE, BENOÎT, REY,
    LECLERC, PAYET, ROLLAND, LECLERCQ, GUILLAUME, LECOMTE, LOPEZ, JEAN, DUPUY, GUILLOT,
    HUBERT, BERGER, CARPENTIER, SANCHEZ, DUPUIS, MOULIN, LOUIS, DESCHAMPS, HUET, VASSEUR,
    PEREZ, BOUCHER, FLEURY, ROYER, KLEIN, JACQUET, ADAM, PARIS, POIRIER, MARTY, AUBRY,
    GUYOT, CARRÉ, CHARLES, RENAULT, CHARPENTIER, MÉNARD, MAILLARD, BARON, BERTIN, BAILLY,
    HERVÉ, SCHNEIDER, FERNANDEZ, LE GALL, COLLET, LÉGER, BOUVIER, JULIEN, PRÉVOST, MILLET,
    PERROT, DANIEL, LE ROUX, COUSIN, GERMAIN, BRETON, BESSON, LANGLOIS, RÉMY, LE GOFF,
    PELLETIER, LÉVÊQUE, PERRIER, LEBLANC, BARRÉ, LEBRUN, MARCHAL, WEBER, MALLET, HAMON,
    BOULANGER, JACOB, MONNIER, MICHAUD, RODRIGUEZ, GUICHARD, GILLET, ÉTIENNE, GRONDIN,
    POULAIN, TESSIER, CHEVALLIER, COLLIN, CHAUVIN, DA SILVA, BOUCHET, GAY, LEMAÎTRE,
    BÉNARD, MARÉCHAL, HUMBERT, REYNAUD, ANTOINE, HOARAU, PERRET, BARTHÉLÉMY, CORDIER,
    PICHON, LEJEUNE, GILBERT, LAMY, DELAUNAY, PASQUIER, CARLIER, LAPORTE, CŒURDEROY
    """
)
FIRST_NAMES_F = _names(
    """
    Emma, Jade, Louise, Alice, Chloé, Lina, Léa, Rose, Anna, Mila, Inès, Ambre, Julia, Mia,
    Léna, Manon, Juliette, Lou, Zoé, Camille, Agathe, Jeanne, Lucie, Sarah, Romane, Eva,
    Nina, Léonie, Margaux, Charlotte, Clémence, Maëlys, Adèle, Capucine, Salomé, Louna,
    Héloïse, Maïwenn, Noémie, Elsa, Zélie, Anaïs, Océane, Yasmine, Aïcha, Nour, Maëlle,
    Éléonore, Joséphine, Clara
    """
)
FIRST_NAMES_M = _names(
    """
    Gabriel, Léo, Raphaël, Arthur, Louis, Lucas, Adam, Jules, Hugo, Maël, Liam, Noah, Paul,
    Ethan, Tiago, Sacha, Gabin, Nathan, Mohamed, Aaron, Léon, Théo, Martin, Tom, Mathis,
    Noé, Timéo, Nolan, Axel, Victor, Antoine, Valentin, Baptiste, Maxime, Clément, Enzo,
    Mathéo, Rayan, Yanis, Ibrahim, Samuel, Éliott, Côme, Benoît, Loïc, Gaël, Jérémy, Félix,
    Anatole, Titouan
    """
)


@dataclass(frozen=True)
class Level:
    code: str  # normalised level, e.g. "6e"
    mef: str
    formation: str
    label: str
    divisions: list[str]
    birth_year_offset: int  # age at the start of the school year


COLLEGE_LEVELS = [
    Level("6e", "10010012110", "6EME", "6EME", [f"6 {c}" for c in "ABCDEF"], 11),
    Level("5e", "10110001110", "5EME", "5EME", [f"5 {c}" for c in "ABCDEF"], 12),
    Level("4e", "10210001110", "4EME", "4EME", [f"4 {c}" for c in "ABCDEF"], 13),
    Level("3e", "10310019110", "3EME", "3EME", [f"3 {c}" for c in "ABCDEF"], 14),
]
LYCEE_LEVELS = [
    Level(
        "2nde",
        "20010018110",
        "2NDE GT",
        "2NDE GENERALE ET TECHNOLOGIQUE",
        [f"2NDE{n}" for n in range(1, 13)],
        15,
    ),
    Level("1re", "20111001110", "1ERE G", "1ERE GENERALE", [f"1G{n}" for n in range(1, 11)], 16),
    Level("1re", "21121006110", "1ERE STMG", "1ERE STMG", ["1STMG1", "1STMG2"], 16),
    Level(
        "Tle",
        "20211001110",
        "TLE G",
        "TERMINALE GENERALE",
        [f"TG{n}" for n in range(1, 11)],
        17,
    ),
    Level("Tle", "21221006110", "TLE STMG", "TERMINALE STMG", ["TSTMG1", "TSTMG2"], 17),
]

# (code, gestion, libellé court, libellé long, discipline STS, collège?, lycée?)
SUBJECTS = [
    ("020700", "FRANC", "FRANCAIS", "FRANCAIS", "L0202", True, True),
    ("061300", "MATHS", "MATHEMATIQUES", "MATHEMATIQUES", "L1300", True, True),
    ("040600", "HIGEO", "HISTOIRE-GEOGRAPHIE", "HISTOIRE ET GEOGRAPHIE", "L1000", True, True),
    ("030201", "AGL1", "ANGLAIS LV1", "ANGLAIS LV1", "L0422", True, True),
    ("030602", "ESP2", "ESPAGNOL LV2", "ESPAGNOL LV2", "L0426", True, True),
    (
        "100100",
        "EPS",
        "ED.PHYSIQUE & SPORT.",
        "EDUCATION PHYSIQUE ET SPORTIVE",
        "L1900",
        True,
        True,
    ),
    (
        "062900",
        "SVT",
        "SCIENCES VIE & TERRE",
        "SCIENCES DE LA VIE ET DE LA TERRE",
        "L1600",
        True,
        True,
    ),
    ("061700", "PH-CH", "PHYSIQUE-CHIMIE", "PHYSIQUE-CHIMIE", "L1500", True, True),
    ("070200", "TECHN", "TECHNOLOGIE", "TECHNOLOGIE", "L1400", True, False),
    ("080100", "A-PLA", "ARTS PLASTIQUES", "ARTS PLASTIQUES", "L1800", True, False),
    ("081100", "EDMUS", "EDUCATION MUSICALE", "EDUCATION MUSICALE", "L1700", True, False),
    (
        "085500",
        "SES",
        "SC. ECONO.& SOCIALES",
        "SCIENCES ECONOMIQUES ET SOCIALES",
        "L1100",
        False,
        True,
    ),
    ("013300", "PHILO", "PHILOSOPHIE", "PHILOSOPHIE", "L0100", False, True),
    (
        "071000",
        "SNT",
        "SC. NUMERIQ.TECHNOL.",
        "SCIENCES NUMERIQUES ET TECHNOLOGIE",
        "L1300",
        False,
        True,
    ),
]


@dataclass
class Person:
    personne_id: str
    civility: str
    last_name: str
    first_name: str
    email: str
    mobile: str


@dataclass
class Pupil:
    eleve_id: str
    elenoet: str
    ine: str
    last_name: str
    family_name: str
    first_name: str
    sex: str
    birth: date
    mef: str
    division: str
    groups: list[str]
    entry: date
    exit: date | None
    guardians: list[tuple[Person, str]] = field(default_factory=list)


@dataclass
class Staff:
    sts_id: str
    civility: str
    last_name: str
    first_name: str
    function: str
    discipline: tuple[str, str] | None
    sex: str


@dataclass
class SchoolExport:
    """Everything generated for one school, then written as the five exports."""

    uai: str
    year: int
    levels: list[Level]
    pupils: list[Pupil]
    persons: list[Person]
    staff: list[Staff]
    groups: dict[str, list[str]]
    services: dict[str, list[tuple[str, str]]]
    sts_only_division: str
    exported_at: str

    def files(self) -> dict[str, bytes]:
        return {
            "ElevesSansAdresses.xml": self.pupils_xml(),
            "ResponsablesAvecAdresses.xml": self.guardians_xml(),
            "Structures.xml": self.structures_xml(),
            "Nomenclature.xml": self.nomenclature_xml(),
            f"sts_emp_{self.uai}_{self.year}.xml": self.sts_xml(),
        }

    def zipped(self) -> dict[str, bytes]:
        """As SIECLE delivers them: each BEE export in its own zip; STS-web as a bare XML."""
        result = {}
        for name, data in self.files().items():
            if name.startswith("sts_emp"):
                result[name] = data
                continue
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                info = zipfile.ZipInfo(name, date_time=(self.year, 9, 15, 8, 0, 0))
                archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
            result[name.replace(".xml", ".zip")] = buffer.getvalue()
        return result

    # --- SIECLE ----------------------------------------------------------------------------

    def envelope(self, root: str, version: str, body: list[str]) -> bytes:
        day = self.exported_at.split(" ")[0]
        head = [
            '<?xml version="1.0" encoding="ISO-8859-15"?>',
            f'<{root} VERSION="{version}">',
            "  <PARAMETRES>",
            f"    <UAJ>{self.uai}</UAJ>",
            f"    <ANNEE_SCOLAIRE>{self.year}</ANNEE_SCOLAIRE>",
            f"    <DATE_EXPORT>{day}</DATE_EXPORT>",
            f"    <HORODATAGE>{self.exported_at}</HORODATAGE>",
            "  </PARAMETRES>",
            "  <DONNEES>",
        ]
        return "\n".join([*head, *body, "  </DONNEES>", f"</{root}>", ""]).encode("iso-8859-15")

    def pupils_xml(self) -> bytes:
        body = ["    <ELEVES>"]
        for p in self.pupils:
            body += [
                f'      <ELEVE ELEVE_ID="{p.eleve_id}" ELENOET="{p.elenoet}">',
                f"        <ID_NATIONAL>{p.ine}</ID_NATIONAL>",
                f"        <ELENOET>{p.elenoet}</ELENOET>",
                f"        <NOM_DE_FAMILLE>{_x(p.family_name)}</NOM_DE_FAMILLE>",
                f"        <NOM_USAGE>{_x(p.last_name if p.last_name != p.family_name else '')}"
                "</NOM_USAGE>",
                f"        <PRENOM>{_x(p.first_name)}</PRENOM>",
                f"        <DATE_NAISS>{p.birth:%d/%m/%Y}</DATE_NAISS>",
                f"        <CODE_SEXE>{p.sex}</CODE_SEXE>",
                "        <CODE_PAYS>100</CODE_PAYS>",
                f"        <CODE_MEF>{p.mef}</CODE_MEF>",
                "        <CODE_STATUT>ST</CODE_STATUT>",
                "        <CODE_REGIME>2</CODE_REGIME>",
                "        <DOUBLEMENT>0</DOUBLEMENT>",
                f"        <DATE_ENTREE>{p.entry:%d/%m/%Y}</DATE_ENTREE>",
            ]
            if p.exit:
                body.append(f"        <DATE_SORTIE>{p.exit:%d/%m/%Y}</DATE_SORTIE>")
                body.append("        <CODE_MOTIF_SORTIE>01</CODE_MOTIF_SORTIE>")
            body.append("      </ELEVE>")
        body += ["    </ELEVES>", "    <OPTIONS/>", "    <STRUCTURES>"]
        for p in self.pupils:
            body.append(f'      <STRUCTURES_ELEVE ELEVE_ID="{p.eleve_id}" ELENOET="{p.elenoet}">')
            structures = [(p.division, "D")] if p.division else []
            structures += [(g, "G") for g in p.groups]
            for code, kind in structures:
                body += [
                    "        <STRUCTURE>",
                    f"          <CODE_STRUCTURE>{_x(code)}</CODE_STRUCTURE>",
                    f"          <TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE>",
                    "        </STRUCTURE>",
                ]
            body.append("      </STRUCTURES_ELEVE>")
        body.append("    </STRUCTURES>")
        return self.envelope("BEE_ELEVES", "3.0", body)

    def guardians_xml(self) -> bytes:
        body = ["    <PERSONNES>"]
        for person in self.persons:
            body += [
                f'      <PERSONNE PERSONNE_ID="{person.personne_id}">',
                f"        <NOM_DE_FAMILLE>{_x(person.last_name)}</NOM_DE_FAMILLE>",
                "        <NOM_USAGE></NOM_USAGE>",
                f"        <PRENOM>{_x(person.first_name)}</PRENOM>",
                f"        <LC_CIVILITE>{person.civility}</LC_CIVILITE>",
                f"        <TEL_PORTABLE>{person.mobile}</TEL_PORTABLE>",
                f"        <MEL>{_x(person.email)}</MEL>",
                "      </PERSONNE>",
            ]
        body += ["    </PERSONNES>", "    <RESPONSABLES>"]
        for pupil in self.pupils:
            for rank, (person, relation) in enumerate(pupil.guardians):
                level = "3" if relation == "39" else "1"
                body += [
                    "      <RESPONSABLE_ELEVE>",
                    f"        <ELEVE_ID>{pupil.eleve_id}</ELEVE_ID>",
                    f"        <PERSONNE_ID>{person.personne_id}</PERSONNE_ID>",
                    f"        <NIVEAU_RESPONSABILITE>{level}</NIVEAU_RESPONSABILITE>",
                    f"        <CODE_PARENTE>{relation}</CODE_PARENTE>",
                    f"        <PAIE_FRAIS_SCOLAIRES>{int(rank == 0)}</PAIE_FRAIS_SCOLAIRES>",
                    "      </RESPONSABLE_ELEVE>",
                ]
        body.append("    </RESPONSABLES>")
        return self.envelope("BEE_RESPONSABLES", "3.0", body)

    def structures_xml(self) -> bytes:
        body = ["    <DIVISIONS>"]
        for level in self.levels:
            for code in level.divisions:
                body += [
                    f"      <DIVISION CODE_STRUCTURE={quoteattr(code)}>",
                    f"        <LIBELLE_LONG>{_x(code)}</LIBELLE_LONG>",
                    "        <MEFS_APPARTENANCE>",
                    "          <MEF_APPARTENANCE>",
                    f"            <CODE_MEF>{level.mef}</CODE_MEF>",
                    "          </MEF_APPARTENANCE>",
                    "        </MEFS_APPARTENANCE>",
                    "      </DIVISION>",
                ]
        body += ["    </DIVISIONS>", "    <GROUPES>"]
        for group, divisions in self.groups.items():
            body += [
                f"      <GROUPE CODE_STRUCTURE={quoteattr(group)}>",
                f"        <LIBELLE_LONG>{_x(group)}</LIBELLE_LONG>",
                "        <DIVISIONS_APPARTENANCE>",
                *(
                    "          <DIVISION_APPARTENANCE>"
                    f"<CODE_STRUCTURE>{_x(d)}</CODE_STRUCTURE></DIVISION_APPARTENANCE>"
                    for d in divisions
                ),
                "        </DIVISIONS_APPARTENANCE>",
                "      </GROUPE>",
            ]
        body.append("    </GROUPES>")
        return self.envelope("BEE_STRUCTURES", "2.0", body)

    def nomenclature_xml(self) -> bytes:
        body = ["    <MEFS>"]
        for level in self.levels:
            body += [
                f'      <MEF CODE_MEF="{level.mef}">',
                f"        <FORMATION>{level.formation}</FORMATION>",
                f"        <LIBELLE_LONG>{level.label}</LIBELLE_LONG>",
                f"        <LIBELLE_EDITION>{level.label.capitalize()}</LIBELLE_EDITION>",
                f"        <MEF_RATTACHEMENT>{level.mef}</MEF_RATTACHEMENT>",
                "        <DATE_FERMETURE>31/12/9999</DATE_FERMETURE>",
                "      </MEF>",
            ]
        body += ["    </MEFS>", "    <MATIERES>"]
        for code, gestion, short, long_label, *_ in self.subjects():
            body += [
                f'      <MATIERE CODE_MATIERE="{code}">',
                # Older exports pad the codes and labels: kept here on purpose.
                f"        <CODE_GESTION>{gestion:<6}</CODE_GESTION>",
                f"        <LIBELLE_COURT>{_x(short):<20}</LIBELLE_COURT>",
                f"        <LIBELLE_LONG>{_x(long_label)}</LIBELLE_LONG>",
                "      </MATIERE>",
            ]
        body.append("    </MATIERES>")
        return self.envelope("BEE_NOMENCLATURES", "3.1", body)

    def subjects(self) -> list[tuple]:
        lycee = self.levels is LYCEE_LEVELS
        return [s for s in SUBJECTS if (s[6] if lycee else s[5])]

    # --- STS-web ---------------------------------------------------------------------------

    def sts_xml(self) -> bytes:
        lines = [
            '<?xml version="1.0" encoding="ISO-8859-15"?>',
            "<STS_EDT>",
            "  <PARAMETRES>",
            f'    <UAJ CODE="{self.uai}"><ACADEMIE><CODE>17</CODE><LIBELLE>NANTES</LIBELLE>'
            "</ACADEMIE></UAJ>",
            f'    <ANNEE_SCOLAIRE ANNEE="{self.year}"><DATE_DEBUT>{self.year}-09-01</DATE_DEBUT>'
            f"<DATE_FIN>{self.year + 1}-08-31</DATE_FIN></ANNEE_SCOLAIRE>",
            "  </PARAMETRES>",
            "  <NOMENCLATURES>",
            "    <MATIERES>",
        ]
        for code, gestion, short, long_label, *_ in self.subjects():
            lines.append(
                f'      <MATIERE CODE="{code}"><CODE_GESTION>{gestion}</CODE_GESTION>'
                f"<LIBELLE_COURT>{_x(short)}</LIBELLE_COURT><LIBELLE_LONG>{_x(long_label)}"
                "</LIBELLE_LONG></MATIERE>"
            )
        lines += ["    </MATIERES>", "    <MEFS>"]
        for level in self.levels:
            lines.append(
                f'      <MEF CODE="{level.mef}"><FORMATION>{level.formation}</FORMATION>'
                f"<LIBELLE_LONG>{level.label}</LIBELLE_LONG></MEF>"
            )
        lines += ["    </MEFS>", "  </NOMENCLATURES>", "  <DONNEES>", "    <INDIVIDUS>"]
        main = {}
        for division, services in self.services.items():
            if services:
                main.setdefault(services[0][1], division)
        for person in self.staff:
            lines += [
                f'      <INDIVIDU ID="{person.sts_id}" TYPE="epp">',
                f"        <SEXE>{person.sex}</SEXE><CIVILITE>{person.civility}</CIVILITE>",
                f"        <NOM_USAGE>{_x(person.last_name)}</NOM_USAGE>"
                f"<NOM_PATRONYMIQUE>{_x(person.last_name)}</NOM_PATRONYMIQUE>",
                f"        <PRENOM>{_x(person.first_name)}</PRENOM>",
                f"        <FONCTION>{person.function}</FONCTION>",
            ]
            if person.sts_id in main:
                lines.append(
                    "        <PROFS_PRINC><PROF_PRINC>"
                    f"<CODE_STRUCTURE>{_x(main[person.sts_id])}</CODE_STRUCTURE>"
                    f"<DATE_FIN>{self.year + 1}-07-05</DATE_FIN></PROF_PRINC></PROFS_PRINC>"
                )
            if person.discipline:
                code, label = person.discipline
                lines.append(
                    f'        <DISCIPLINES><DISCIPLINE CODE="{code}"><LIBELLE_COURT>'
                    f"{_x(label)}</LIBELLE_COURT><NB_HEURES>18.00</NB_HEURES></DISCIPLINE>"
                    "</DISCIPLINES>"
                )
            lines.append("      </INDIVIDU>")
        lines += ["    </INDIVIDUS>", "    <STRUCTURE>", "      <DIVISIONS>"]
        mefs = {code: level.mef for level in self.levels for code in level.divisions}
        for division, services in self.services.items():
            if division in self.groups:
                continue
            lines += [
                f"        <DIVISION CODE={quoteattr(division)}>",
                f"          <LIBELLE_LONG>{_x(division)}</LIBELLE_LONG>",
                "          <EFFECTIF_PREVU>28</EFFECTIF_PREVU>",
            ]
            if division in mefs:
                lines.append(
                    f'          <MEFS_APPARTENANCE><MEF_APPARTENANCE CODE="{mefs[division]}"/>'
                    "</MEFS_APPARTENANCE>"
                )
            lines += self.sts_services(services)
            lines.append("        </DIVISION>")
        lines += ["      </DIVISIONS>", "      <GROUPES>"]
        for group, divisions in self.groups.items():
            lines += [
                f"        <GROUPE CODE={quoteattr(group)}>",
                f"          <LIBELLE_LONG>{_x(group)}</LIBELLE_LONG>",
                "          <DIVISIONS_APPARTENANCE>",
                *(f"            <DIVISION_APPARTENANCE CODE={quoteattr(d)}/>" for d in divisions),
                "          </DIVISIONS_APPARTENANCE>",
                *self.sts_services(self.services.get(group, [])),
                "        </GROUPE>",
            ]
        lines += ["      </GROUPES>", "    </STRUCTURE>", "  </DONNEES>", "</STS_EDT>", ""]
        return "\n".join(lines).encode("iso-8859-15")

    @staticmethod
    def sts_services(services: list[tuple[str, str]]) -> list[str]:
        if not services:
            return []
        lines = ["          <SERVICES>"]
        for subject, teacher in services:
            lines.append(
                f'            <SERVICE CODE_MATIERE="{subject}" CODE_MOD_COURS="CG">'
                f'<ENSEIGNANTS><ENSEIGNANT ID="{teacher}" TYPE="epp"/></ENSEIGNANTS></SERVICE>'
            )
        lines.append("          </SERVICES>")
        return lines


def _x(value: str) -> str:
    return escape(value)


class Generator:
    def __init__(
        self, uai: str, *, lycee: bool, pupils: int, year: int, seed: int, exported_on=None
    ):
        self.exported_on = exported_on
        self.uai, self.year, self.target = uai, year, pupils
        self.random = random.Random(seed)
        self.levels = LYCEE_LEVELS if lycee else COLLEGE_LEVELS
        self.next_id = 100000 + seed * 7919 % 50000
        self.ine_serial = self.random.randrange(10**8, 10**9)

    def new_id(self) -> str:
        self.next_id += self.random.randint(1, 9)
        return str(self.next_id)

    def ine(self) -> str:
        self.ine_serial += self.random.randint(1, 50)
        return f"{self.ine_serial:010d}{self.random.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"

    def build(self) -> SchoolExport:
        divisions = [(level, code) for level in self.levels for code in level.divisions]
        per_division = max(1, self.target // len(divisions))
        groups = self.make_groups()
        pupils, persons = [], []
        for level, division in divisions:
            for _ in range(per_division):
                pupil = self.make_pupil(level, division, groups)
                pupil.guardians = self.family(pupil, pupils, persons)
                pupils.append(pupil)
        self.add_anomalies(pupils, divisions)
        staff = self.make_staff()
        services = self.make_services(divisions, groups, staff)
        sts_only = f"{self.levels[0].divisions[0][:-1]}Z"
        services[sts_only] = []
        hour = self.random.randint(7, 19)
        exported = self.exported_on or date(self.year, 9, 1) + timedelta(
            days=self.random.randint(20, 40)
        )
        return SchoolExport(
            uai=self.uai,
            year=self.year,
            levels=self.levels,
            pupils=pupils,
            persons=persons,
            staff=staff,
            groups=groups,
            services=services,
            sts_only_division=sts_only,
            exported_at=f"{exported:%d/%m/%Y} {hour:02d}:{self.random.randint(0, 59):02d}:07",
        )

    def make_groups(self) -> dict[str, list[str]]:
        """LV2 groups that gather two divisions each (« regroupements »)."""
        groups = {}
        for level in self.levels:
            codes = level.divisions
            for index in range(0, len(codes) - 1, 2):
                pair = codes[index : index + 2]
                groups[f"{pair[0].replace(' ', '')}{pair[1][-1]}ESP2"] = pair
        return groups

    def make_pupil(self, level: Level, division: str, groups: dict) -> Pupil:
        sex = self.random.choice("12")
        first = self.random.choice(FIRST_NAMES_M if sex == "1" else FIRST_NAMES_F)
        family = self.random.choice(SURNAMES)
        usage = self.random.choice(SURNAMES) if self.random.random() < 0.03 else family
        born = date(self.year - level.birth_year_offset, 1, 1) + timedelta(
            days=self.random.randint(0, 364)
        )
        entry = (
            date(self.year, 9, 1)
            if level.code in ("6e", "2nde")
            else date(self.year - self.random.randint(1, 3), 9, 1)
        )
        in_groups = [g for g, members in groups.items() if division in members]
        return Pupil(
            eleve_id=self.new_id(),
            elenoet=str(self.random.randint(1000, 9999)),
            ine=self.ine(),
            last_name=usage,
            family_name=family,
            first_name=first,
            sex=sex,
            birth=born,
            mef=level.mef,
            division=division,
            groups=in_groups if self.random.random() < 0.6 else [],
            entry=entry,
            exit=None,
        )

    def family(self, pupil: Pupil, pupils: list[Pupil], persons: list[Person]):
        """Siblings share their parents (one PERSONNE_ID per person, never per link)."""
        if pupils and self.random.random() < 0.08:
            sibling = self.random.choice(pupils[-40:])
            if sibling.guardians:
                pupil.family_name = pupil.last_name = sibling.family_name
                return list(sibling.guardians)
        mother = self.person("MME", pupil.family_name, FIRST_NAMES_F, persons)
        guardians = [(mother, "10")]
        if self.random.random() < 0.8:
            guardians.append((self.person("M.", pupil.family_name, FIRST_NAMES_M, persons), "20"))
        if self.random.random() < 0.05:
            guardians.append(
                (self.person("MME", self.random.choice(SURNAMES), FIRST_NAMES_F, persons), "39")
            )
        return guardians

    def person(self, civility: str, surname: str, names: list[str], persons: list) -> Person:
        first = self.random.choice(names)
        slug = f"{first}.{surname}".lower().replace(" ", "")
        roll = self.random.random()
        person = Person(
            personne_id=self.new_id(),
            civility=civility,
            last_name=surname,
            first_name=first,
            email="" if roll < 0.08 else f"{_ascii(slug)}@exemple.fr",
            mobile="" if 0.05 < roll < 0.1 else f"06{self.random.randint(10**7, 10**8 - 1)}",
        )
        persons.append(person)
        return person

    def add_anomalies(self, pupils: list[Pupil], divisions) -> None:
        """What real files hold: pupils who left, one in « Inactifs », one not yet placed in a
        division, one without INE, two sharing an INE."""
        for pupil in self.random.sample(pupils, max(2, len(pupils) // 60)):
            pupil.exit = date(self.year, 10, self.random.randint(1, 28))
            pupil.division, pupil.groups = "Inactifs", []
        unplaced, no_ine, first, second = self.random.sample([p for p in pupils if not p.exit], 4)
        unplaced.division, unplaced.groups = "", []
        no_ine.ine = ""
        second.ine = first.ine

    def make_staff(self) -> list[Staff]:
        staff = []
        subjects = [s for s in SUBJECTS if (s[6] if self.levels is LYCEE_LEVELS else s[5])]
        per_subject = max(1, self.target // 150)
        for code, _g, short, _l, discipline, *_ in subjects:
            count = per_subject * (2 if code in ("020700", "061300") else 1)
            for _ in range(count):
                staff.append(self.staff_member("ENS", (discipline, short)))
        staff += [self.staff_member("DIR", None) for _ in range(2)]
        staff += [self.staff_member("EDU", None) for _ in range(2)]
        staff.append(self.staff_member("DOC", ("L0080", "DOCUMENTATION")))
        return staff

    def staff_member(self, function: str, discipline) -> Staff:
        sex = self.random.choice("12")
        names = FIRST_NAMES_M if sex == "1" else FIRST_NAMES_F
        return Staff(
            sts_id=self.new_id(),
            civility=sex,
            last_name=self.random.choice(SURNAMES),
            first_name=self.random.choice(names),
            function=function,
            discipline=discipline,
            sex=sex,
        )

    def make_services(self, divisions, groups, staff) -> dict[str, list[tuple[str, str]]]:
        """Each division gets its level's subjects; the last division has none yet (timetable
        not sent back to STS-web), and one teacher has no service."""
        teachers: dict[str, list[Staff]] = {}
        idle = next(p for p in reversed(staff) if p.function == "ENS")
        for person in staff:
            if person.function == "ENS" and person is not idle:
                teachers.setdefault(person.discipline[1], []).append(person)
        services: dict[str, list[tuple[str, str]]] = {}
        subjects = [s for s in SUBJECTS if (s[6] if self.levels is LYCEE_LEVELS else s[5])]
        for index, (_level, division) in enumerate(divisions[:-1]):
            services[division] = [
                (code, teachers[short][index % len(teachers[short])].sts_id)
                for code, _g, short, *_ in subjects
                if code != "030602" and short in teachers
            ]
        services[divisions[-1][1]] = []
        spanish = teachers.get("ESPAGNOL LV2", [])
        for index, group in enumerate(groups):
            if spanish:
                services[group] = [("030602", spanish[index % len(spanish)].sts_id)]
        return services


def _ascii(value: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", value.replace("œ", "oe").replace("Œ", "OE"))
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in ".-"))


def generate(
    uai: str, *, lycee: bool, pupils: int, year: int, seed: int = 1, exported_on=None
) -> SchoolExport:
    """``exported_on`` (a date) sets the HORODATAGE; by default a day of late September."""
    generator = Generator(
        uai, lycee=lycee, pupils=pupils, year=year, seed=seed, exported_on=exported_on
    )
    return generator.build()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--uai", default="0449901Y")
    parser.add_argument("--pupils", type=int, default=600)
    parser.add_argument("--lycee", action="store_true")
    parser.add_argument("--year", type=int, default=date.today().year)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--zip", action="store_true", help="zippe les exports SIECLE")
    args = parser.parse_args(argv)
    export = generate(
        args.uai, lycee=args.lycee, pupils=args.pupils, year=args.year, seed=args.seed
    )
    args.outdir.mkdir(parents=True, exist_ok=True)
    files = export.zipped() if args.zip else export.files()
    for name, data in files.items():
        (args.outdir / name).write_bytes(data)
        print(f"{name} : {len(data)} octets")


if __name__ == "__main__":
    main()
