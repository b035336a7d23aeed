"""The bilan as a PDF (WeasyPrint, charts in SVG: their text stays text) and as a DOCX the
head can retouch (python-docx), both from the same :class:`~.facts.Bilan`."""

import io

from pilote.core.pdf import render_pdf

from .facts import LIST_LIMIT, Bilan, french_date


def action_groups(bilan: Bilan) -> list[tuple[str, list]]:
    return [
        ("Actions réalisées pendant l'année", bilan.actions_done),
        ("Actions en retard à la fin de l'année", bilan.actions_late),
        ("Actions abandonnées", bilan.actions_abandoned),
    ]


def pdf_context(bilan: Bilan) -> dict:
    return {"bilan": bilan, "school": bilan.school, "action_groups": action_groups(bilan)}


def build_pdf(bilan: Bilan) -> bytes:
    return render_pdf("pilotage/bilan/pdf.html", pdf_context(bilan))


def _table(document, header: list[str] | None, rows: list[list[str]]) -> None:
    table = document.add_table(rows=0, cols=len(header or rows[0]))
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _figure_rows(figures) -> list[list[str]]:
    return [
        [f.indicator.label, f.start_text, f.end_text, f.change_text, f.status_text] for f in figures
    ]


def build_docx(bilan: Bilan) -> bytes:
    from docx import Document
    from docx.shared import Cm

    school = bilan.school
    start, end = f"{bilan.start:%d/%m/%Y}", f"{bilan.end:%d/%m/%Y}"
    document = Document()
    document.add_paragraph(f"République française — Éducation nationale — {school.academie}")
    document.add_heading(bilan.title, level=0)
    document.add_paragraph(
        f"{school.name} ({school.uai}){', ' + school.commune if school.commune else ''}"
    )
    document.add_paragraph(
        f"Présenté au conseil d'administration — période {bilan.period_text} — document édité "
        f"le {french_date(bilan.printed_on)}"
    )
    document.add_paragraph(
        f"Chef d'établissement : {bilan.head} — référent pour les usages pédagogiques du "
        f"numérique (RRUPN) : {bilan.rrupn}"
    )

    document.add_heading("Synthèse de l'année", level=1)
    _table(
        document,
        None,
        [
            ["Indicateurs en progrès", str(len(bilan.improved))],
            ["Indicateurs en recul", str(len(bilan.declined))],
            ["Indicateurs en alerte en fin d'année", str(len(bilan.alerts))],
            [
                "Cibles du volet numérique atteintes",
                f"{bilan.targets_met} / {len(bilan.targets)}",
            ],
            ["Actions réalisées", str(len(bilan.actions_done))],
            ["Actions en retard", str(len(bilan.actions_late))],
            ["Actions abandonnées", str(len(bilan.actions_abandoned))],
            ["Réunions de la commission numérique", str(bilan.commission["held"])],
            ["Décisions de la commission", str(bilan.commission["decisions"])],
            ["Incidents de sécurité enregistrés", str(bilan.incidents["total"])],
        ],
    )
    header = ["Indicateur", start, end, "Évolution", "Statut en fin d'année"]
    for heading, figures in (
        ("En progrès sur l'année", bilan.improved[:6]),
        ("En recul sur l'année", bilan.declined[:6]),
    ):
        if figures:
            document.add_heading(heading, level=2)
            _table(document, header, _figure_rows(figures))

    document.add_heading("Objectifs du volet numérique et cibles", level=1)
    if bilan.volet is None:
        document.add_paragraph("Aucun volet numérique ne couvrait cette année scolaire.")
    elif not bilan.targets:
        document.add_paragraph("Le volet ne fixe aucune cible chiffrée.")
    else:
        _table(
            document,
            ["Objectif", "Indicateur", start, end, "Cible", "Statut"],
            [
                [
                    line.objective,
                    line.label,
                    line.figure.start_text if line.figure else "—",
                    line.figure.end_text if line.figure else "—",
                    line.reference,
                    line.status,
                ]
                for line in bilan.targets
            ],
        )

    document.add_heading("Plan d'actions", level=1)
    for heading, lines in action_groups(bilan):
        document.add_heading(f"{heading} : {len(lines)}", level=2)
        if lines:
            _table(
                document,
                ["Action", "Échéance", "Réalisée le", "État aujourd'hui"],
                [
                    [
                        a.title,
                        f"{a.due:%d/%m/%Y}",
                        f"{a.completed:%d/%m/%Y}" if a.completed else "—",
                        a.status,
                    ]
                    for a in lines[:LIST_LIMIT]
                ],
            )

    document.add_heading("Commission numérique", level=1)
    if not bilan.commission["held"]:
        document.add_paragraph(
            "Aucune réunion de la commission numérique n'a été tenue pendant l'année."
        )
    else:
        document.add_paragraph(
            f"{bilan.commission['held']} réunion(s) tenue(s) pendant l'année, "
            f"{bilan.commission['decisions']} décision(s)."
        )
        for meeting in bilan.commission["meetings"]:
            document.add_heading(f"Réunion du {french_date(meeting['day'])}", level=2)
            for decision in meeting["decisions"]:
                text = decision["text"] + (
                    f" — {decision['outcome']}" if decision.get("outcome") else ""
                )
                document.add_paragraph(text, style="List Bullet")

    for section in bilan.sections:
        document.add_heading(section.title, level=1)
        _table(document, header, _figure_rows(section.figures))
        if section.chart_png:
            document.add_picture(io.BytesIO(section.chart_png), width=Cm(16))
        if section.facts:
            document.add_paragraph()
            _table(document, None, [[label, value] for label, value in section.facts])
        if section.note:
            document.add_paragraph(section.note)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build(bilan: Bilan, extension: str) -> bytes:
    return build_docx(bilan) if extension == "docx" else build_pdf(bilan)
