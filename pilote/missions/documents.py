"""The RRUPN's lettre de mission as an editable DOCX and as a PDF, from the same facts.

Both documents read :func:`letter_facts`, so the Word file the head edits and the PDF he
prints say the same thing: the referent, the period, the missions from the delegations (main
ones first), the three competences of the source text, the evaluation indicators with their
current value, the resources, the IMP and the two councils.
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format, number_format

from pilote.core.metrics import format_value, registry
from pilote.core.pdf import render_pdf

from .choices import DelegationRank, ImpRate
from .models import MissionLetter
from .referential import load_referential


@dataclass
class LetterFacts:
    letter: MissionLetter
    head: str
    main_missions: list
    secondary_missions: list
    competences: tuple[str, ...]
    indicators: list[tuple[str, str]]
    imp_label: str
    imp_amount: str


def french_date(day) -> str:
    return date_format(day, "d/m/Y") if day else "à fixer"


def head_of(school) -> str:
    """Who signs: the head by name, or the function when the school has no head on record."""
    head = school.head()
    return str(head) if head else "Le chef d'établissement"


def indicator_lines(letter: MissionLetter) -> list[tuple[str, str]]:
    """Each chosen indicator with today's value, as the starting point of the evaluation."""
    chosen = [code for code in letter.indicators if code in registry.by_code]
    if not chosen:
        return []
    domains = {registry.by_code[code].domain for code in chosen}
    measures = {m.indicator.code: m for m in registry.measure_school(letter.school, domains)}
    lines = []
    for code in chosen:
        indicator = registry.by_code[code]
        value = measures[code].value if code in measures else None
        lines.append((indicator.label, format_value(value, indicator.unit)))
    return lines


def letter_facts(letter: MissionLetter) -> LetterFacts:
    delegations = list(letter.covered_delegations())
    return LetterFacts(
        letter=letter,
        head=head_of(letter.school),
        main_missions=[d for d in delegations if d.rank == DelegationRank.PRINCIPALE],
        secondary_missions=[d for d in delegations if d.rank == DelegationRank.SECONDAIRE],
        competences=load_referential().competences,
        indicators=indicator_lines(letter),
        imp_label=ImpRate(letter.imp_rate).label,
        imp_amount=number_format(letter.imp_amount, decimal_pos=2, force_grouping=True),
    )


def letter_filename(letter: MissionLetter, extension: str) -> str:
    return f"lettre-de-mission-{letter.school.uai}-{letter.school_year}.{extension}"


def build_pdf(letter: MissionLetter) -> bytes:
    return render_pdf(
        "missions/letter_pdf.html",
        {"facts": letter_facts(letter), "today": timezone.localdate()},
    )


def _mission_paragraphs(document, title: str, delegations) -> None:
    document.add_heading(title, level=3)
    if not delegations:
        document.add_paragraph("Aucune.")
    for delegation in delegations:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(delegation.mission.label).bold = True
        if delegation.mission.description:
            paragraph.add_run(f" — {delegation.mission.description}")


def _table(document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value


def build_docx(letter: MissionLetter) -> bytes:
    from docx import Document

    facts = letter_facts(letter)
    school = letter.school
    document = Document()
    document.add_heading("Lettre de mission", level=0)
    document.add_paragraph(
        "Référent pour les ressources et usages pédagogiques numériques (RRUPN) — "
        f"année scolaire {letter.school_year}"
    )
    document.add_heading("1. Le référent et la période", level=2)
    _table(
        document,
        [
            ("Établissement", f"{school.name} ({school.uai}), {school.commune}"),
            ("Chef d'établissement", facts.head),
            ("Référent", str(letter.referent)),
            ("Période", f"du {french_date(letter.start_date)} au {french_date(letter.end_date)}"),
        ],
    )
    document.add_heading("2. Les missions confiées", level=2)
    document.add_paragraph(
        "Le chef d'établissement reste responsable des services en ligne de l'établissement ; "
        "les missions ci-dessous sont exercées par délégation."
    )
    _mission_paragraphs(document, "Missions principales", facts.main_missions)
    _mission_paragraphs(document, "Missions secondaires", facts.secondary_missions)
    document.add_heading("3. Les compétences attendues", level=2)
    for competence in facts.competences:
        document.add_paragraph(competence, style="List Number")
    document.add_heading("4. Les indicateurs d'évaluation", level=2)
    if facts.indicators:
        _table(document, [("Indicateur", "Valeur à la rédaction"), *facts.indicators])
    else:
        document.add_paragraph("À définir avec le référent.")
    document.add_heading("5. Les moyens et la formation", level=2)
    document.add_paragraph(letter.resources or "À préciser.")
    document.add_paragraph(letter.trainings or "Formations de la DRANE et de l'EAFC à préciser.")
    document.add_heading("6. La rémunération", level=2)
    remuneration = f"{facts.imp_label}, soit {facts.imp_amount} € par an, versés d'octobre à juin."
    if letter.service_reduction:
        remuneration += f" Allègement de service : {letter.service_reduction}."
    document.add_paragraph(remuneration)
    document.add_heading("7. Présentation aux instances", level=2)
    _table(
        document,
        [
            ("Avis du conseil pédagogique", french_date(letter.conseil_pedagogique_date)),
            (
                "Présentation au conseil d'administration",
                french_date(letter.conseil_administration_date),
            ),
        ],
    )
    document.add_paragraph("")
    signatures = document.add_table(rows=2, cols=2)
    signatures.cell(0, 0).text = "Le chef d'établissement"
    signatures.cell(0, 1).text = "Le référent"
    signatures.cell(1, 0).text = f"{facts.head}\n\nDate et signature :"
    signatures.cell(1, 1).text = f"{letter.referent}\n\nDate et signature :"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
