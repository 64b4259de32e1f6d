"""Small horizontal bar charts drawn as inline SVG for printed reports (no JS, no images to fetch)."""
from __future__ import annotations

from markupsafe import Markup, escape

BAR_COLOURS = ("#a3171c", "#c8a24a", "#3b6ea5", "#4f8a3c", "#7a4b94", "#888888")


def bar_chart(items: list[tuple[str, int]], *, width: int = 480, bar: int = 18, gap: int = 8, label_width: int = 130) -> Markup:
    """Horizontal bars, one per (label, value), the value written after each bar; labels are escaped."""
    top = max((value for _, value in items), default=0) or 1
    span = width - label_width - 50
    height = len(items) * (bar + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'font-family="QCBD Sans, Noto Sans CJK SC" font-size="11">']
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar + gap)
        length = max(1, round(span * value / top)) if value else 0
        colour = BAR_COLOURS[i % len(BAR_COLOURS)]
        parts.append(f'<text x="{label_width - 6}" y="{y + bar - 5}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + length + 5}" y="{y + bar - 5}">{int(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
