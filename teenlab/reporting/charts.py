"""SVG charts of the bilan, drawn with matplotlib, ready to be inlined in the HTML/PDF report.

The functions take labels already translated and numbers already chosen by the renderer: they
draw, nothing else. Output is deterministic (fixed ids, no date) and keeps its text as text, in
the report's own typeface (``static/reporting/fonts``), so that it reads, searches and prints
like the rest of the page.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONTS = Path(__file__).resolve().parent.parent / "static" / "reporting" / "fonts"
FONT_FAMILY = "Source Sans 3"
# The family the HTML/PDF gives to the few glyphs Source Sans lacks (U+202F, arrows, ≥).
FALLBACK_FAMILY = "TeenLab Symbols"

INK = "#1d2a35"
MUTED = "#5b6770"
GRID = "#d5dde3"
PRIMARY = "#1b5e8c"
# Okabe & Ito's palette, told apart by colour-blind readers; dark enough for white text on the
# first four.
PALETTE = ("#1b5e8c", "#c8620a", "#137a5a", "#a8467f", "#4f98c9", "#b39312", "#7a7a7a")
WIDTH_IN = 6.6  # the A4 text column is 174 mm; leave room for the figure's own margins

_lock = threading.Lock()
_fonts_registered = False


def _register_fonts() -> None:
    global _fonts_registered
    if _fonts_registered:
        return
    from matplotlib import font_manager

    for path in sorted(FONTS.glob("SourceSans3-*.ttf")):
        font_manager.fontManager.addfont(str(path))
    _fonts_registered = True


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | int | Decimal
    note: str = ""  # printed at the end of the bar ("28 · 71,8 % (28/39)")


@dataclass(frozen=True)
class Panel:
    title: str
    bars: Sequence[Bar]


def _rc(name: str) -> dict[Any, Any]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": f"teenlab-{name}",
        "svg.image_inline": True,
        "font.family": [FONT_FAMILY, "DejaVu Sans"],
        "font.size": 9.5,
        "text.color": INK,
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "xtick.color": MUTED,
        "ytick.color": INK,
        "axes.titlesize": 10.5,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.titlepad": 6,
        "legend.frameon": False,
        "legend.fontsize": 9,
    }


def _svg(figure: Figure, *, name: str, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(
        buffer,
        format="svg",
        metadata={"Date": None, "Creator": None, "Title": title},
        transparent=True,
    )
    return _inline(buffer.getvalue(), name=name, title=title)


_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')


def _presentation_attributes(match: re.Match) -> str:
    """``style="fill: #123; stroke-width: 2"`` → ``fill="#123" stroke-width="2"``.

    The web pages' Content-Security-Policy forbids style attributes (no 'unsafe-inline'), and a
    chart inlined in a page would lose its colours; SVG presentation attributes say the same and
    are not styles. matplotlib only writes properties that have one (fill, stroke, opacity,
    font-*, text-anchor…); WeasyPrint reads them too."""
    declarations = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in declarations)


def _inline(svg: str, *, name: str, title: str) -> str:
    """Make matplotlib's document an inline, accessible element of an HTML page."""
    svg = svg[svg.index("<svg") :]
    svg = _STYLE_ATTRIBUTE.sub(_presentation_attributes, svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # matplotlib's <style>*{…}</style> would apply to the whole HTML page the chart sits in.
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*</defs>\s*", "", svg)
    # Several charts share one HTML page: their ids must not collide.
    svg = re.sub(r'\bid="', f'id="{name}-', svg)
    svg = svg.replace("url(#", f"url(#{name}-").replace('xlink:href="#', f'xlink:href="#{name}-')
    svg = svg.replace("'DejaVu Sans'", f"'{FALLBACK_FAMILY}', 'DejaVu Sans'")
    label = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return svg.replace(
        "<svg ", f'<svg class="chart chart-{name}" role="img" aria-label="{label}" ', 1
    )


def warm() -> None:
    """Import matplotlib, register the report's fonts and draw one empty chart (its font
    cache and SVG backend loaded): what ``teenlab serve`` does once before its workers fork,
    so that no visitor waits for it. Commands that print no chart never call it."""
    _draw("warm", "", 1, lambda figure: figure.add_subplot().plot([0, 1], [0, 1]))


def _draw(name: str, title: str, height: float, draw) -> str:
    # matplotlib is imported on the first chart, not when the module is: a command that prints
    # no chart (``teenlab bilan --format json``) starts without it.
    import matplotlib
    from matplotlib.figure import Figure

    with _lock:  # matplotlib's rcParams and font cache are process-wide
        _register_fonts()
        with matplotlib.rc_context(_rc(name)):
            figure = Figure(figsize=(WIDTH_IN, height))
            draw(figure)
            return _svg(figure, name=name, title=title)


def _style_axes(axes) -> None:
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(GRID)
    axes.tick_params(axis="y", length=0, pad=6)
    axes.xaxis.set_visible(False)


def _categories(axes, labels: Sequence[str], *, width: float) -> None:
    """One row per category, the first at the top, bars up to ``width`` (1 when 0)."""
    axes.set_yticks(range(len(labels)), labels=list(labels))
    axes.invert_yaxis()
    axes.set_xlim(0, width or 1)
    _style_axes(axes)


def _note(axes, note: str, *, at: tuple[float, float], gap: float = 4, **text: Any) -> None:
    """``note`` just right of the point ``at`` (the end of a bar)."""
    axes.annotate(note, xy=at, xytext=(gap, 0), textcoords="offset points", va="center", **text)


def _hbars(axes, bars: Sequence[Bar], *, color: str, maximum: float) -> None:
    values = [float(bar.value) for bar in bars]
    axes.barh(range(len(bars)), values, height=0.62, color=color)
    _categories(axes, [bar.label for bar in bars], width=maximum * 1.45)
    for position, bar in enumerate(bars):
        _note(axes, bar.note, at=(float(bar.value), position), ha="left", color=INK, fontsize=9)


def bar_panels(
    panels: Sequence[Panel], *, name: str, title: str, colors: Sequence[str] = PALETTE
) -> str:
    """Horizontal bars, one panel per breakdown, stacked vertically, each bar annotated."""
    panels = [panel for panel in panels if panel.bars] or [Panel("", [])]
    rows = sum(len(panel.bars) for panel in panels)
    height = 0.27 * rows + 0.5 * len(panels) + 0.1
    maximum = max((float(bar.value) for panel in panels for bar in panel.bars), default=0)

    top, bottom, gap = 0.28, 0.05, 0.4  # inches; the gap holds the next panel's title
    axes_height = (height - top - bottom - gap * (len(panels) - 1)) / max(len(panels), 1)

    def draw(figure: Figure) -> None:
        grid = figure.add_gridspec(
            len(panels),
            1,
            height_ratios=[len(panel.bars) + 0.4 for panel in panels],
            left=0.3,
            right=0.98,
            top=1 - top / height,
            bottom=bottom / height,
            hspace=gap / axes_height,
        )
        for index, panel in enumerate(panels):
            axes = figure.add_subplot(grid[index])
            _hbars(axes, panel.bars, color=colors[index % len(colors)], maximum=maximum)
            if panel.title:
                axes.set_title(panel.title)

    return _draw(name, title, height, draw)


def funnel(steps: Sequence[Bar], *, name: str = "funnel", title: str) -> str:
    """The recruitment funnel: one centred bar per step, narrowing, annotated."""
    height = 0.5 * len(steps) + 0.3
    maximum = max((float(step.value) for step in steps), default=0) or 1

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        for position, step in enumerate(steps):
            value = float(step.value)
            axes.barh(
                position,
                value,
                left=(maximum - value) / 2,
                height=0.72,
                color=PALETTE[0],
                alpha=1 - 0.16 * position,
            )
            axes.text(
                maximum / 2,
                position,
                step.note,
                ha="center",
                va="center",
                color="white" if value / maximum > 0.35 else INK,
                fontsize=9.5,
                fontweight="bold",
            )
        axes.set_yticks(range(len(steps)), labels=[step.label for step in steps])
        axes.invert_yaxis()
        axes.set_xlim(0, maximum)
        _style_axes(axes)
        axes.spines["left"].set_visible(False)
        figure.subplots_adjust(left=0.24, right=0.98, top=0.97, bottom=0.03)

    return _draw(name, title, height, draw)


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | int | Decimal], Sequence[str]]],
    *,
    name: str,
    title: str,
) -> str:
    """Horizontal bars of several series side by side per category (planned vs spent)."""
    count = len(series)
    height = (0.26 * count + 0.18) * len(categories) + 0.55
    maximum = max((float(value) for _, values, _ in series for value in values), default=0)

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        band = 0.8 / max(count, 1)
        for index, (label, values, notes) in enumerate(series):
            positions = [row + (index - (count - 1) / 2) * band for row in range(len(categories))]
            axes.barh(
                positions,
                [float(value) for value in values],
                height=band * 0.9,
                color=PALETTE[index % len(PALETTE)],
                label=label,
            )
            for position, value, note in zip(positions, values, notes, strict=True):
                _note(axes, note, at=(float(value), position), fontsize=8.5)
        _categories(axes, categories, width=maximum * 1.5)
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=count, borderaxespad=0.2)
        figure.subplots_adjust(left=0.3, right=0.98, top=1 - 0.35 / height, bottom=0.05 / height)

    return _draw(name, title, height, draw)


def stacked_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    totals: Sequence[str],
    *,
    name: str,
    title: str,
) -> str:
    """Horizontal bars cut into segments (exchanges of each direction by kind), with a legend."""
    height = 0.42 * len(categories) + 0.75
    maximum = max(
        (sum(values[row] for _, values in series) for row in range(len(categories))), default=0
    )

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        lefts = [0.0] * len(categories)
        for index, (label, values) in enumerate(series):
            color = PALETTE[index % len(PALETTE)]
            axes.barh(
                range(len(categories)), values, left=lefts, height=0.6, color=color, label=label
            )
            for row, value in enumerate(values):
                if value:
                    axes.text(
                        lefts[row] + value / 2,
                        row,
                        str(value),
                        ha="center",
                        va="center",
                        color="white",
                        fontsize=9,
                        fontweight="bold",
                    )
            lefts = [left + value for left, value in zip(lefts, values, strict=True)]
        for row, note in enumerate(totals):
            _note(axes, note, at=(lefts[row], row), gap=5, fontsize=9)
        _categories(axes, categories, width=maximum * 1.4)
        axes.legend(loc="upper center", bbox_to_anchor=(0.4, 0), ncols=min(len(series), 3))
        figure.subplots_adjust(left=0.24, right=0.98, top=0.97, bottom=0.55 / height)

    return _draw(name, title, height, draw)
