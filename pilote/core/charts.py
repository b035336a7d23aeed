"""Charts as SVG, drawn by matplotlib on the server: the same figure in a page and in a PDF.

Each function returns the SVG markup (a ``str`` safe to insert in a template with ``|safe``:
labels typed by users are escaped by matplotlib's SVG writer and never parsed as mathtext)
with a title and a text alternative for screen readers (RGAA: a chart needs a textual
equivalent, which pages also give as a table).
"""

import functools
import hashlib
import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib import dates as mdates
from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

# DSFR palette: blue France, then illustrative colours readable side by side.
PALETTE = ["#000091", "#E1000F", "#18753C", "#B34000", "#6A6AF4", "#A558A0", "#009081", "#716043"]

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "pilote",
        # Labels are data (a room named « Salle $x$ »): never read as mathematics.
        "text.parse_math": False,
    }
)


CACHE_SECONDS = 24 * 3600


def cached(draw):
    """Keep each figure in the cache, keyed on its data: matplotlib takes a few hundred
    milliseconds a figure, and the same figure is drawn again until the data change."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        from django.core.cache import cache

        digest = hashlib.sha256(repr((draw.__name__, args, kwargs)).encode()).hexdigest()
        return cache.get_or_set(f"chart:{digest}", lambda: draw(*args, **kwargs), CACHE_SECONDS)

    return wrapper


def _figure(width: float = 7.0, height: float = 3.2) -> Figure:
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


# Values on the axes written the French way: « 12,5 », « 1 250 ».
FRENCH_TICKS = FuncFormatter(
    lambda value, _position: f"{value:,.10g}".replace(",", "\u00a0").replace(".", ",")
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
    return svg


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
) -> str:
    """Grouped (or stacked) bars: one group per label, one bar per series."""
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
    (axes.xaxis if horizontal else axes.yaxis).set_major_formatter(FRENCH_TICKS)
    if horizontal:
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(ylabel)
    else:
        axes.set_xticks(
            positions,
            labels,
            rotation=30 if len(labels) > 6 else 0,
            ha="right" if len(labels) > 6 else "center",
        )
        axes.set_ylabel(ylabel)
    if len(series) > 1:
        axes.legend(frameon=False)
    axes.set_title(title)
    description = "; ".join(
        f"{label} : " + ", ".join(f"{name} {values[i]:g}" for name, values in series.items())
        for i, label in enumerate(labels)
    )
    return _to_svg(figure, title, description)


def _line_figure(labels, series, title: str, ylabel: str) -> tuple[Figure, str]:
    figure = _figure()
    axes = figure.subplots()
    for index, (name, values) in enumerate(series.items()):
        axes.plot(labels, values, marker="o", label=name, color=PALETTE[index % len(PALETTE)])
    axes.yaxis.set_major_formatter(FRENCH_TICKS)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    if len(labels) > 8:
        axes.tick_params(axis="x", rotation=45)
    if len(series) > 1:
        axes.legend(frameon=False)
    description = "; ".join(
        f"{name} : "
        + ", ".join(f"{label} {value:g}" for label, value in zip(labels, values, strict=True))
        for name, values in series.items()
    )
    return figure, description


@cached
def line_chart(
    labels: Sequence[str], series: dict[str, Sequence[float]], *, title: str, ylabel: str = ""
) -> str:
    """Lines over time (weeks, months): one line per series."""
    figure, description = _line_figure(labels, series, title, ylabel)
    return _to_svg(figure, title, description)


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
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    if target is not None or shown:
        axes.legend(frameon=False, loc="best")
    description = (
        f"{len(days)} changements de valeur du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
        + (f", dernière valeur {values[-1]:g}" if values else ", aucune valeur relevée")
        + (f" ; {target[1]}" if target is not None else "")
    )
    return _to_svg(figure, title, description)


def spark_bars(counts: Sequence[int], *, title: str, description: str) -> str:
    """A small histogram (a few bars, no axes) drawn directly as SVG: cheap enough for dozens
    in one page (a territory's indicators), with the same text alternative as the others."""
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
    return (
        f'<svg role="img" aria-label="{label}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(rects)
        + "</svg>"
    )
