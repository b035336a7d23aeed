"""Charts as SVG, drawn by matplotlib on the server: the same figure in a page and in a PDF.

One style for all of Pilote: DSFR colours and the Marianne font (django-dsfr's own files),
the legend under the plot where it never covers a bar or a point, bars that start from zero,
numbers and dates written the French way (« 12,5 », « sept. 2025 »).

Each function returns the SVG markup (a ``str`` safe to insert in a template with ``|safe``:
labels typed by users are escaped by matplotlib's SVG writer and never parsed as mathtext)
with a title and a text alternative for screen readers, followed by the chart's data as a
table (RGAA: a chart needs a textual equivalent) — in pages and PDFs alike.
"""

import functools
import hashlib
import io
import re
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

# DSFR palette: blue France, then the DSFR's illustrative colours (« sun » tints), readable
# side by side and on white.
PALETTE = ["#000091", "#CE614A", "#009081", "#C3992A", "#A558A0", "#6A6AF4", "#E4794A", "#716043"]
TEXT = "#161616"  # DSFR grey-50 (text)
MENTION = "#666666"  # DSFR mention grey (axes, ticks)
GRID = "#DDDDDD"  # DSFR default border grey

plt.rcParams.update(
    {
        "font.family": ["Marianne", "DejaVu Sans"],
        "font.size": 10,
        "text.color": TEXT,
        "axes.labelcolor": TEXT,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.edgecolor": MENTION,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "xtick.color": MENTION,
        "ytick.color": MENTION,
        "xtick.labelcolor": TEXT,
        "ytick.labelcolor": TEXT,
        "legend.frameon": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "pilote",
        # Labels are data (a room named « Salle $x$ »): never read as mathematics.
        "text.parse_math": False,
    }
)

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct."]
MONTHS += ["nov.", "déc."]


@functools.cache
def use_marianne() -> None:
    """Give matplotlib the Marianne of django-dsfr's static files, once per process.

    matplotlib reads TrueType, django-dsfr ships WOFF: fontTools (a matplotlib dependency)
    unpacks it into matplotlib's cache folder. Text stays text in the SVG (``font-family:
    Marianne``), drawn by the page's own Marianne and measured here with the same metrics."""
    from fontTools.ttLib import TTFont

    source = _marianne_files()
    target = Path(matplotlib.get_cachedir()) / "pilote-fonts"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("Marianne-Regular", "Marianne-Bold"):
        ttf = target / f"{name}.ttf"
        if not ttf.exists():
            font = TTFont(source / f"{name}.woff")
            font.flavor = None
            partial = ttf.with_suffix(".part")
            font.save(partial)
            partial.replace(ttf)
        font_manager.fontManager.addfont(str(ttf))


CACHE_SECONDS = 24 * 3600
# Part of each cached figure's key: a new look of the charts is drawn at once, not a day later.
STYLE = "dsfr-2026-12b"


def cached(draw):
    """Keep each figure in the cache, keyed on its data: matplotlib takes a few hundred
    milliseconds a figure, and the same figure is drawn again until the data change."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        from django.core.cache import cache

        digest = hashlib.sha256(repr((STYLE, draw.__name__, args, kwargs)).encode()).hexdigest()
        return cache.get_or_set(f"chart:{digest}", lambda: draw(*args, **kwargs), CACHE_SECONDS)

    return wrapper


def _marianne_files() -> Path:
    import dsfr

    return Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "fonts"


@functools.cache
def font_face_css() -> str:
    """The @font-face rules of Marianne as ``data:`` URLs, for a PDF: WeasyPrint fetches
    nothing else (``core.pdf``), and a chart's text names Marianne as in a page."""
    import base64

    rules = []
    for name, weight in (("Marianne-Regular", 400), ("Marianne-Bold", 700)):
        data = base64.b64encode((_marianne_files() / f"{name}.woff").read_bytes()).decode()
        rules.append(
            "@font-face { font-family: Marianne; font-style: normal; "
            f"font-weight: {weight}; src: url(data:font/woff;base64,{data}) format('woff'); }}"
        )
    return "\n".join(rules)


def _figure(width: float = 7.0, height: float = 3.2) -> Figure:
    use_marianne()
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def french_number(value) -> str:
    """« 12,5 », « 1 250 », « — »: the figures of the pages (``metrics.french_number``)."""
    from .metrics import french_number as page_number

    return page_number(value)


# Values on the axes written the French way: « 12,5 », « 1 250 ».
FRENCH_TICKS = FuncFormatter(
    lambda value, _position: f"{value:,.10g}".replace(",", "\u00a0").replace(".", ",")
)
# Months on a time axis: « sept. 2025 ».
FRENCH_MONTHS = FuncFormatter(
    lambda value, _position: (
        f"{MONTHS[mdates.num2date(value).month - 1]} {mdates.num2date(value).year}"
    )
)


def _legend_below(figure: Figure, axes, count: int) -> None:
    """The legend under the plot, never over a bar or a point."""
    if count > 1:
        handles, labels = axes.get_legend_handles_labels()
        # Side by side when the names are short, else one name a line: never cut at the edge.
        width = sum(len(label) + 6 for label in labels)
        ncols = len(labels) if width <= 90 else 2 if max(map(len, labels)) <= 40 else 1
        figure.legend(handles, labels, loc="outside lower center", ncols=max(ncols, 1))


def _value_grid(axes, axis: str) -> None:
    """Light lines across the plot at each value, behind the data, to read values off."""
    axes.set_axisbelow(True)
    axes.grid(True, axis=axis)


def data_table(title: str, headers: Sequence[str], rows: Sequence[Sequence]) -> str:
    """The chart's data as a DSFR table under a disclosure, next to the chart: what the
    chart shows, readable without seeing it (RGAA 1.9) and copied into a PDF as is."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from .templatetags.pilote import table_frame_html

    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(
            f'<td class="pilote-number">{escape(french_number(cell))}</td>' for cell in row[1:]
        )
        + "</tr>"
        for row in rows
    )
    frame = table_frame_html(
        title,
        mark_safe(f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"),
        classes="fr-table--sm",
    )
    return (
        '<details class="pilote-chart__data"><summary>Données du graphique</summary>'
        f"{frame}</details>"
    )


def _series_table(title: str, labels, series: dict, corner: str = "") -> str:
    return data_table(
        title,
        [corner, *series.keys()],
        [[label, *(values[i] for values in series.values())] for i, label in enumerate(labels)],
    )


def _to_svg(figure: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(
        r"<svg ",
        '<svg role="img" aria-label="' + _escape(f"{title}. {description}") + '" ',
        svg,
        count=1,
    )
    return _as_presentation_attributes(svg)


# What matplotlib writes in ``style`` that SVG also takes as an attribute of the element.
PRESENTATION_PROPERTIES = frozenset(
    {
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-opacity",
        "text-anchor",
    }
)
# matplotlib's one style sheet, ``*{…}``: it would apply to the whole page the chart is in.
_SHEET = re.compile(r'\s*<style type="text/css">\*\{([^}]*)\}</style>')
_STYLE = re.compile(r'(?<![\w-])style="([^"]*)"')


def _as_presentation_attributes(svg: str) -> str:
    """Colours and strokes as attributes (``fill="#000091"``) rather than inline CSS.

    In a PDF, WeasyPrint reads the ``style`` of an SVG inside the page as HTML's CSS first and
    writes a warning for each of these properties, unknown to HTML (hundreds for one annual
    report, in the worker's log); its SVG drawing reads the attributes the same way. Only
    the font stays in ``style``. The page-wide ``*{…}`` sheet becomes attributes of the root,
    which every line inherits unless it says otherwise, as it did.
    """
    sheet = _SHEET.search(svg)
    if sheet:
        svg = svg[: sheet.start()] + svg[sheet.end() :]
        svg = svg.replace("<svg ", f"<svg {_declarations_as_attributes(sheet.group(1))[0]} ", 1)

    def convert(match: re.Match) -> str:
        attributes, rest = _declarations_as_attributes(match.group(1))
        return " ".join(filter(None, [attributes, f'style="{rest}"' if rest else ""]))

    return _STYLE.sub(convert, svg)


def _declarations_as_attributes(declarations: str) -> tuple[str, str]:
    """``"fill: #fff; font-size: 10px"`` → (``'fill="#fff"'``, ``"font-size: 10px"``)."""
    attributes, rest = [], []
    for declaration in filter(None, (part.strip() for part in declarations.split(";"))):
        name, _, value = (item.strip() for item in declaration.partition(":"))
        if name in PRESENTATION_PROPERTIES:
            attributes.append(f'{name}="{value}"')
        else:
            rest.append(f"{name}: {value}")
    return " ".join(attributes), "; ".join(rest)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


@cached
def bar_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    ylabel: str = "",
    stacked: bool = False,
    horizontal: bool = False,
    table: bool = True,
) -> str:
    """Grouped (or stacked) bars: one group per label, one bar per series. ``table=False``
    on a page that already shows the same figures in a table of its own."""
    figure = _figure(height=max(3.2, 0.35 * len(labels)) if horizontal else 3.2)
    axes = figure.subplots()
    positions = list(range(len(labels)))
    count = max(len(series), 1)
    width = 0.8 if stacked else 0.8 / count
    bottoms = [0.0] * len(labels)
    for index, (name, values) in enumerate(series.items()):
        color = PALETTE[index % len(PALETTE)]
        offsets = positions if stacked else [p - 0.4 + width * (index + 0.5) for p in positions]
        if horizontal:
            axes.barh(
                offsets,
                values,
                height=width,
                left=bottoms if stacked else None,
                label=name,
                color=color,
            )
        else:
            axes.bar(
                offsets,
                values,
                width=width,
                bottom=bottoms if stacked else None,
                label=name,
                color=color,
            )
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    values_axis = axes.xaxis if horizontal else axes.yaxis
    values_axis.set_major_formatter(FRENCH_TICKS)
    values_axis.set_major_locator(MaxNLocator(nbins=6, integer=_all_integers(series)))
    # Bars from zero: a bar's length is its value.
    lowest = min((v for values in series.values() for v in values if v is not None), default=0)
    if horizontal:
        axes.set_xlim(left=min(0, lowest))
        _value_grid(axes, "x")
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(ylabel)
    else:
        axes.set_ylim(bottom=min(0, lowest))
        _value_grid(axes, "y")
        axes.set_xticks(
            positions,
            labels,
            rotation=30 if len(labels) > 6 else 0,
            ha="right" if len(labels) > 6 else "center",
        )
        axes.set_ylabel(ylabel)
    _legend_below(figure, axes, len(series))
    axes.set_title(title)
    description = "; ".join(
        f"{label} : "
        + ", ".join(f"{name} {french_number(values[i])}" for name, values in series.items())
        for i, label in enumerate(labels)
    )
    svg = _to_svg(figure, title, description)
    return svg + _series_table(title, labels, series) if table else svg


def _all_integers(series: dict) -> bool:
    """Counts get whole ticks (no « 2,5 appareils »)."""
    return all(float(v).is_integer() for values in series.values() for v in values if v is not None)


def _line_figure(labels, series, title: str, ylabel: str) -> tuple[Figure, str]:
    figure = _figure()
    axes = figure.subplots()
    for index, (name, values) in enumerate(series.items()):
        axes.plot(labels, values, marker="o", label=name, color=PALETTE[index % len(PALETTE)])
    axes.yaxis.set_major_formatter(FRENCH_TICKS)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=_all_integers(series)))
    _value_grid(axes, "y")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    if len(labels) > 8:
        axes.tick_params(axis="x", rotation=45)
    _legend_below(figure, axes, len(series))
    description = "; ".join(
        f"{name} : "
        + ", ".join(
            f"{label} {french_number(value)}" for label, value in zip(labels, values, strict=True)
        )
        for name, values in series.items()
    )
    return figure, description


@cached
def line_chart(
    labels: Sequence[str], series: dict[str, Sequence[float]], *, title: str, ylabel: str = ""
) -> str:
    """Lines over time (weeks, months): one line per series."""
    figure, description = _line_figure(labels, series, title, ylabel)
    return _to_svg(figure, title, description) + _series_table(title, labels, series)


@cached
def line_chart_png(
    labels: Sequence[str], series: dict[str, Sequence[float]], *, title: str, ylabel: str = ""
) -> bytes:
    """The same lines as a PNG image, for documents that cannot hold SVG (a DOCX)."""
    figure, _description = _line_figure(labels, series, title, ylabel)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


@cached
def history_chart(
    points: Sequence[tuple],
    *,
    start,
    end,
    title: str,
    ylabel: str = "",
    year_starts: Sequence = (),
    target: tuple | None = None,
    milestones: Sequence[tuple] = (),
    table: bool = True,
) -> str:
    """An indicator's recorded value over time, as steps (a value holds until it changes).

    ``points`` are ``(day, value)`` changes; ``year_starts`` draws a thin line at each school
    year's first day; ``target`` is ``(value, label)``, drawn dashed; ``milestones`` are
    ``(day, value)`` steps towards it, drawn as diamonds.
    """
    figure = _figure(width=10.0, height=3.6)
    axes = figure.subplots()
    days = [day for day, value in points if value is not None]
    values = [value for day, value in points if value is not None]
    if days:
        axes.step(days, values, where="post", color=PALETTE[0], linewidth=2, label="Valeur")
    for day in year_starts:
        axes.axvline(day, color="#929292", linewidth=0.8, linestyle=":")
    if target is not None:
        axes.axhline(target[0], color=PALETTE[2], linewidth=1.5, linestyle="--", label=target[1])
    shown = [(day, value) for day, value in milestones if start <= day <= end]
    if shown:
        axes.plot(
            [day for day, _ in shown],
            [value for _, value in shown],
            linestyle="none",
            marker="D",
            color=PALETTE[2],
            label="Jalons",
        )
    axes.set_xlim(start, end)
    axes.yaxis.set_major_formatter(FRENCH_TICKS)
    axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(9, 11, 1, 3, 5, 7)))
    axes.xaxis.set_major_formatter(FRENCH_MONTHS)
    _value_grid(axes, "y")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    if target is not None or shown:
        _legend_below(figure, axes, 3)
    description = (
        f"{len(days)} changements de valeur du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
        + (f", dernière valeur {french_number(values[-1])}" if values else "")
        + ("" if values else ", aucune valeur relevée")
        + (f" ; {target[1]}" if target is not None else "")
    )
    changes = data_table(
        title,
        ["Depuis le", ylabel or "Valeur"],
        [(f"{day:%d/%m/%Y}", value) for day, value in zip(days, values, strict=True)],
    )
    svg = _to_svg(figure, title, description)
    return svg + changes if table else svg


def spark_bars(
    counts: Sequence[int],
    *,
    title: str,
    description: str,
    labels: Sequence[str] = (),
    counted: str = "Nombre",
) -> str:
    """A small histogram (a few bars, no axes) drawn directly as SVG: cheap enough for dozens
    in one page (a territory's indicators), with the same text alternative as the others and,
    when ``labels`` name the bars, the same data table (``counted`` heads the counts)."""
    width, height, gap = 96, 24, 1
    top = max(counts, default=0) or 1
    bar = (width - gap * (len(counts) - 1)) / max(len(counts), 1)
    rects = []
    for index, count in enumerate(counts):
        tall = 0 if not count else max(1.5, height * count / top)
        rects.append(
            f'<rect x="{index * (bar + gap):.1f}" y="{height - tall:.1f}" '
            f'width="{bar:.1f}" height="{tall:.1f}" fill="{PALETTE[0]}"/>'
        )
    label = _escape(f"{title}. {description}")
    svg = (
        f'<svg role="img" aria-label="{label}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(rects)
        + "</svg>"
    )
    if not labels:
        return svg
    rows = list(zip(labels, counts, strict=False))
    return svg + data_table(title, ["Valeurs", counted], rows)
