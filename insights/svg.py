"""Bars and lines drawn on the server as inline SVG: no script, nothing to download.

Only the charts that need interaction or a layout engine (the heatmap, the lineage tree) are left
to ECharts in the browser (static/insights/charts.js). The SVG is decorative for assistive
technology (`aria-hidden`): each chart's figure already names it and carries its data table.
"""

import math

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

KINDS = ("bar", "line", "stacked", "hbar")
PALETTE = ["#2f6fdb", "#c2621c", "#2e8a61", "#8e5cc2", "#c43c3c", "#5f6e7d", "#8f7500"]
WIDTH = 420
TEXT = "#3b4450"
GRID = "#d5dbe3"
FONT = 12


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{int(value):,}" if float(value).is_integer() else str(value)


def _nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and a few round values up to at least `top` (1, 2, 2.5 or 5 times a power of ten)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if top >= 1 and step < 1:
        step = 1
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _text(x, y, label, anchor="middle", size=FONT, weight="normal", fill=TEXT) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}">{escape(label)}</text>'
    )


def _short(label: str, room: float) -> str:
    """Cut a label to the characters that fit (CJK counts double)."""
    label = str(label)
    width = sum(2 if ord(c) > 0x2E80 else 1 for c in label) * FONT * 0.5
    if width <= room:
        return label
    out, used = "", 0.0
    for c in label:
        used += (2 if ord(c) > 0x2E80 else 1) * FONT * 0.5
        if used > room - FONT:
            return out + "…"
        out += c
    return out


def _legend(series, y) -> tuple[list[str], float]:
    if len(series) < 2:
        return [], y
    parts, x = [], 8.0
    for i, s in enumerate(series):
        name = str(s["name"])
        width = 18 + sum(2 if ord(c) > 0x2E80 else 1 for c in name) * FONT * 0.5 + 14
        if x + width > WIDTH and x > 8:
            x, y = 8.0, y + 18
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="12" height="10" fill="{color}"/>')
        parts.append(_text(x + 16, y, name, anchor="start"))
        x += width
    return parts, y + 14


def render(spec: dict, small: bool = False) -> str:
    """The chart as an `<svg>` element, or "" for a kind this module does not draw."""
    kind = spec.get("kind")
    if kind not in KINDS or not spec.get("series"):
        return ""
    series = spec["series"]
    categories = [str(c) for c in spec["categories"]]
    legend, top = _legend(series, 14)
    if kind == "hbar":
        return _hbar(categories, series[0]["data"], top)
    height = 240 if small else 280
    values = [v for s in series for v in s["data"] if v is not None]
    if kind == "stacked":
        totals = [sum(s["data"][i] or 0 for s in series) for i in range(len(categories))]
        peak = max(totals, default=0)
    else:
        peak = max(values, default=0)
    ticks = _nice_ticks(peak)
    label_width = max(len(_fmt(t)) for t in ticks) * FONT * 0.6 + 6
    left, right, bottom = label_width + 4, WIDTH - 6, height - 24
    plot_top = top + (12 if kind != "stacked" else 4)
    scale = (bottom - plot_top) / (ticks[-1] or 1)
    parts = [*legend]
    for t in ticks:
        y = bottom - t * scale
        parts.append(
            f'<line x1="{left:.1f}" x2="{right:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 4, y + 4, _fmt(t), anchor="end", size=FONT - 1))
    n = max(len(categories), 1)
    slot = (right - left) / n
    every = max(1, math.ceil(n / max(1, (right - left) // 44)))
    for i, label in enumerate(categories):
        if i % every == 0:
            x = left + slot * (i + 0.5)
            parts.append(_text(x, bottom + 16, _short(label, slot * every), size=FONT - 1))
    show_values = n <= 12 and (kind != "stacked" or len(series) == 1)
    if kind == "line":
        for si, s in enumerate(series):
            color = PALETTE[si % len(PALETTE)]
            points = [
                (left + slot * (i + 0.5), bottom - v * scale)
                for i, v in enumerate(s["data"])
                if v is not None
            ]
            if len(points) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>'
                )
            radius = 3.5 if n <= 24 else 0
            for (x, y), v in zip(points, [v for v in s["data"] if v is not None], strict=True):
                if radius:
                    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{color}"/>')
                if show_values and len(series) == 1:
                    parts.append(_text(x, y - 7, _fmt(v), size=FONT - 1))
    elif kind == "stacked":
        width = min(48, slot * 0.6)
        for i in range(len(categories)):
            base = bottom
            for si, s in enumerate(series):
                v = s["data"][i] or 0
                if not v:
                    continue
                h = v * scale
                x = left + slot * (i + 0.5) - width / 2
                color = PALETTE[si % len(PALETTE)]
                parts.append(
                    f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{width:.1f}" '
                    f'height="{h:.1f}" fill="{color}"/>'
                )
                if h >= FONT + 2:
                    parts.append(
                        _text(x + width / 2, base - h / 2 + 4, _fmt(v), size=FONT - 1, fill="#fff")
                    )
                base -= h
    else:  # grouped bars
        group = min(48 * len(series), slot * 0.75)
        width = group / len(series)
        for si, s in enumerate(series):
            color = PALETTE[si % len(PALETTE)]
            for i, v in enumerate(s["data"]):
                if v is None:
                    continue
                h = v * scale
                x = left + slot * (i + 0.5) - group / 2 + si * width
                parts.append(
                    f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{max(width - 2, 1):.1f}" '
                    f'height="{h:.1f}" fill="{color}"/>'
                )
                if show_values:
                    parts.append(_text(x + width / 2 - 1, bottom - h - 4, _fmt(v), size=FONT - 1))
    parts.append(
        f'<line x1="{left:.1f}" x2="{right:.1f}" y1="{bottom:.1f}" y2="{bottom:.1f}" '
        f'stroke="{TEXT}"/>'
    )
    return _svg(height, parts)


def _hbar(categories, data, top) -> str:
    row = 26
    height = top + row * len(categories) + 8
    widest = max(sum(2 if ord(c) > 0x2E80 else 1 for c in s) for s in categories)
    label_room = min(150, widest * 6.5)
    left, right = label_room + 8, WIDTH - 44
    peak = max([v for v in data if v is not None], default=0) or 1
    parts = []
    for i, (label, v) in enumerate(zip(categories, data, strict=True)):
        y = top + i * row
        parts.append(_text(left - 6, y + row / 2 + 4, _short(label, label_room), anchor="end"))
        w = (v or 0) / peak * (right - left)
        parts.append(
            f'<rect x="{left:.1f}" y="{y + 4:.1f}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{PALETTE[0]}"/>'
        )
        parts.append(_text(left + w + 4, y + row / 2 + 4, _fmt(v), anchor="start", size=FONT - 1))
    return _svg(height, parts)


def _svg(height: float, parts: list[str]) -> str:
    return format_html(
        '<svg class="insights-svg" viewBox="0 0 {} {}" width="100%" role="presentation" '
        'aria-hidden="true" focusable="false" font-family="system-ui, -apple-system, '
        "'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif\">{}</svg>",
        WIDTH,
        round(height),
        mark_safe("".join(parts)),
    )
