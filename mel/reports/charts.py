"""Charts drawn on the server as inline SVG (WeasyPrint runs no JavaScript)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 14, 40


def _fmt(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 10_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def actual_target_svg(
    *, labels: list[str], actual: list[Decimal | None], target: list[Decimal | None], title: str
) -> str:
    """Bars for the actual values, a dashed line for the targets, per period."""
    values = [float(v) for v in [*actual, *target] if v is not None]
    top = max([*values, 0.0]) or 1.0
    bottom = min([*values, 0.0])
    span = (top - bottom) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(labels), 1)
    slot = plot_w / count

    def y(value: float) -> float:
        return TOP + plot_h * (top - value) / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    for step in range(5):
        value = bottom + span * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#e3e6ea"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 3:.1f}" text-anchor="end" fill="#555">'
            f"{_fmt(value)}</text>"
        )
    zero = y(0.0)
    for index, label in enumerate(labels):
        centre = LEFT + slot * (index + 0.5)
        value = actual[index]
        if value is not None:
            bar_top = min(y(float(value)), zero)
            height = abs(y(float(value)) - zero)
            parts.append(
                f'<rect x="{centre - slot * 0.3:.1f}" y="{bar_top:.1f}" width="{slot * 0.6:.1f}" '
                f'height="{max(height, 0.5):.1f}" fill="#2f7d4f"/>'
            )
        parts.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
            f'fill="#333">{escape(label)}</text>'
        )
    points = [
        f"{LEFT + slot * (i + 0.5):.1f},{y(float(v)):.1f}"
        for i, v in enumerate(target)
        if v is not None
    ]
    if points:
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="#c0392b" '
            'stroke-width="2" stroke-dasharray="5 3"/>'
        )
        for point in points:
            cx, cy = point.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="#c0392b"/>')
    legend_y = HEIGHT - 8
    parts.append(
        f'<rect x="{LEFT}" y="{legend_y - 8}" width="10" height="10" fill="#2f7d4f"/>'
        f'<text x="{LEFT + 14}" y="{legend_y}" fill="#333">{escape(_legend("actual"))}</text>'
        f'<line x1="{LEFT + 90}" x2="{LEFT + 110}" y1="{legend_y - 3}" y2="{legend_y - 3}" '
        'stroke="#c0392b" stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="{LEFT + 114}" y="{legend_y}" fill="#333">{escape(_legend("target"))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _legend(which: str) -> str:
    from django.utils.translation import gettext

    return gettext("Actual") if which == "actual" else gettext("Target")
