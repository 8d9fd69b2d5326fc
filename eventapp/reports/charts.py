"""Geometry of the server-rendered SVG charts; templates/reports/_charts.html draws them.

No JavaScript, readable without CSS, printable. Each chart is an image for sighted
readers (role="img", named by its title); its numbers are always in a table
beside it, which is what screen readers read, so the shapes are aria-hidden.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

FONT_SIZE = 13


def nice_ceiling(value: int) -> int:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least `value` (and at least 1)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if value <= step * power)


@dataclass
class Bar:
    label: str  # drawn (possibly shortened); the table beside the chart has it in full
    value: int
    x: float
    y: float
    width: float
    height: float
    text_x: float = 0
    text_y: float = 0


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class Chart:
    chart_id: str
    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    # Horizontal bar charts: where the labels end and the bars begin.
    label_x: float = 0
    # Column charts: the plot's left and right edges and the labels' line.
    left: float = 0
    right: float = 0
    axis_y: float = 0


def _shorten(text: str, width: int) -> str:
    fits = int(width / (FONT_SIZE * 0.62))
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "…"


def bar_chart(title: str, rows: Sequence[tuple[str, int]], *, chart_id: str,
              label_width: int = 230, bar_width: int = 240) -> Chart:
    """Horizontal bars, one per (label, value), the value written after each bar."""
    bar_height, gap, top = 22, 10, 8
    maximum = nice_ceiling(max((v for _, v in rows), default=0))
    chart = Chart(chart_id, title, width=label_width + bar_width + 60,
                  height=top + len(rows) * (bar_height + gap) + 4, label_x=label_width - 8)
    for index, (name, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        length = round(bar_width * value / maximum, 1)
        chart.bars.append(Bar(_shorten(str(name), label_width), value, label_width, y, length, bar_height,
                              text_x=label_width + length + 6, text_y=y + bar_height / 2 + FONT_SIZE / 2 - 2))
    return chart


def column_chart(title: str, columns: Sequence[tuple[str | None, int]], *, chart_id: str) -> Chart:
    """Vertical columns (arrivals per 15 minutes) over gridlines; a column with a label gets it
    written under it (the caller labels full hours)."""
    left, right, top, bottom = 40, 10, 10, 30
    # Wide columns when there are few quarters, narrow ones for a long day.
    column, gap, plot_height = max(10, min(36, 480 // max(1, len(columns)))), 3, 160
    maximum = nice_ceiling(max((v for _, v in columns), default=0))
    width = left + right + max(1, len(columns)) * (column + gap)
    chart = Chart(chart_id, title, width=width, height=top + plot_height + bottom,
                  left=left, right=width - right, axis_y=top + plot_height + 16)
    step = max(1, maximum // 4)
    for tick in range(0, maximum + 1, step):
        chart.ticks.append(Tick(tick, round(top + plot_height - plot_height * tick / maximum, 1)))
    for index, (name, value) in enumerate(columns):
        x = left + index * (column + gap) + gap
        height = round(plot_height * value / maximum, 1)
        chart.bars.append(Bar(name or "", value, x, round(top + plot_height - height, 1), column, height))
    return chart
