"""Accessible SVG bar charts, drawn on the server: the same markup serves the web page and the PDF.
Each chart has a <title> and <desc>; pages also show the numbers in a table next to it."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

FONT = "DejaVu Sans, sans-serif"
COLOURS = {"ngo": "#0b4f8a", "jst": "#a3470b", "all": "#1d6b35"}  # ≥ 3:1 against white


def bar_chart(*, title: str, description: str, rows, series: list[tuple[str, str]], maximum: Decimal = Decimal(5)):
    """rows: [(label, {series_key: value or None})]; series: [(key, legend label)]. Horizontal bars 0–max."""
    label_width, bar_width, bar_height, gap = 210, 330, 14, 10
    group_height = bar_height * len(series) + gap
    legend_height = 24
    height = legend_height + group_height * len(rows) + 24
    width = label_width + bar_width + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONT}" font-size="11" class="chart">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
    ]
    x = label_width
    for key, legend in series:
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[key]}"/>')
        parts.append(f'<text x="{x + 16}" y="14" fill="#1b1f24">{escape(legend)}</text>')
        x += 20 + 7 * len(legend)
    for step in range(int(maximum) + 1):
        gx = label_width + bar_width * step / float(maximum)
        parts.append(f'<line x1="{gx:.1f}" x2="{gx:.1f}" y1="{legend_height}" y2="{height - 20}" stroke="#c5ccd5"/>')
        parts.append(f'<text x="{gx:.1f}" y="{height - 6}" text-anchor="middle" fill="#4a525c">{step}</text>')
    y = legend_height + gap / 2
    for label, values in rows:
        parts.append(
            f'<text x="{label_width - 8}" y="{y + group_height / 2}" text-anchor="end" fill="#1b1f24">{escape(label)}</text>'
        )
        for index, (key, _legend) in enumerate(series):
            value = values.get(key)
            by = y + index * bar_height
            if value is None:
                parts.append(f'<text x="{label_width + 4}" y="{by + 11}" fill="#4a525c">–</text>')
                continue
            length = bar_width * float(value) / float(maximum)
            parts.append(f'<rect x="{label_width}" y="{by}" width="{length:.1f}" height="{bar_height - 2}" '
                         f'fill="{COLOURS[key]}"/>')
            parts.append(f'<text x="{label_width + length + 4:.1f}" y="{by + 11}" fill="#1b1f24">'
                         f'{number_format(Decimal(value), 2)}</text>')
        y += group_height
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text piece is escaped above


def line_chart(*, title: str, description: str, points, maximum: Decimal = Decimal(5)):
    """points: [(label, value or None)] in time order: the trend of the overall index across editions."""
    width, height, left, bottom, top = 560, 220, 40, 30, 20
    plot_w, plot_h = width - left - 20, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="{FONT}" font-size="11" class="chart">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
    ]
    for step in range(int(maximum) + 1):
        gy = top + plot_h - plot_h * step / float(maximum)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="#c5ccd5"/>')
        parts.append(f'<text x="{left - 6}" y="{gy + 4:.1f}" text-anchor="end" fill="#4a525c">{step}</text>')
    n = max(len(points), 1)
    coords = []
    for index, (label, value) in enumerate(points):
        px = left + (plot_w * (index + 0.5) / n)
        parts.append(f'<text x="{px:.1f}" y="{height - 8}" text-anchor="middle" fill="#1b1f24">{escape(label)}</text>')
        if value is not None:
            py = top + plot_h - plot_h * float(value) / float(maximum)
            coords.append(f"{px:.1f},{py:.1f}")
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{COLOURS["all"]}"/>')
            parts.append(f'<text x="{px:.1f}" y="{py - 8:.1f}" text-anchor="middle" fill="#1b1f24">'
                         f'{number_format(Decimal(value), 2)}</text>')
    if len(coords) > 1:
        parts.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="{COLOURS["all"]}" stroke-width="2"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text piece is escaped above
