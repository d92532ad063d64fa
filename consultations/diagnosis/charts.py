"""An accessible SVG line chart of one indicator across years, drawn on the server (as self_assessment/charts.py):
a <title> and <desc>, the font set inside the SVG, and the page's table of the same numbers as its text
alternative. The scale starts at zero (or below, for negative values) and ends at a round number."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

FONT = "DejaVu Sans, sans-serif"
LINE = "#0b4f8a"  # ≥ 4.5:1 against white
GRID = "#c5ccd5"
INK = "#1b1f24"
MUTED = "#4a525c"
WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 24, 32
STEPS = 4
MAX_LABELS = 10


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value` (> 0): 17 → 20, 0.42 → 0.5, 230 → 250."""
    base = Decimal(10) ** value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if value <= step * base:
            return step * base
    return 10 * base  # pragma: no cover - the loop always returns


def scale(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    """The lower and upper end of the vertical axis."""
    low, high = min(min(values), Decimal(0)), max(max(values), Decimal(0))
    top = nice_ceiling(high) if high > 0 else Decimal(0)
    bottom = -nice_ceiling(-low) if low < 0 else Decimal(0)
    if top == bottom:
        top = bottom + 1
    return bottom, top


def _number(value: Decimal) -> str:
    return number_format(Decimal(format(value.normalize(), "f")), use_l10n=True)


def points_of(points: list[tuple[int, Decimal | None]]) -> list[tuple[float, float]]:
    """The plotted coordinates of the points that have a value (what the tests check)."""
    values = [value for _label, value in points if value is not None]
    bottom, top = scale(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(points), 1)
    coords = []
    for index, (_label, value) in enumerate(points):
        if value is None:
            continue
        x = LEFT + plot_w * (index + 0.5) / n
        y = TOP + plot_h - plot_h * float((value - bottom) / (top - bottom))
        coords.append((round(x, 1), round(y, 1)))
    return coords


def line_chart(*, chart_id: str, title: str, description: str, points: list[tuple[int, Decimal | None]]):
    """points: [(year, value or None)] in year order. None when no year has a value."""
    values = [value for _label, value in points if value is not None]
    if not values:
        return None
    bottom, top = scale(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" font-family="{FONT}" font-size="13" class="chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for step in range(STEPS + 1):
        tick = bottom + (top - bottom) * step / STEPS
        gy = TOP + plot_h - plot_h * step / STEPS
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{gy + 4:.1f}" text-anchor="end" fill="{MUTED}">{_number(tick)}</text>')
    n = max(len(points), 1)
    every = -(-n // MAX_LABELS)  # with many years, label every second (third...) one so they do not overlap
    for index, (label, _value) in enumerate(points):
        if (n - 1 - index) % every:
            continue
        px = LEFT + plot_w * (index + 0.5) / n
        parts.append(f'<text x="{px:.1f}" y="{HEIGHT - 10}" text-anchor="middle" fill="{INK}">{escape(label)}</text>')
    coords = points_of(points)
    plotted = [value for _label, value in points if value is not None]
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for (x, y), value in zip(coords, plotted, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE}"/>')
        if n <= MAX_LABELS:  # more would overlap; the table has every number
            parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" fill="{INK}">{_number(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text piece is escaped above
