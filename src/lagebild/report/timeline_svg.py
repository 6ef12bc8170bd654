"""The timeline as a self-contained inline SVG: dated events down a time axis, one colour per
outlet.

Events are rows in date order; events of the same date share one date label. The vertical gap
before a row grows with the time that passed since the row above (logarithmically, so that a
week and a century both stay readable), and a gap of more than a month breaks the axis with a
label of the time that passed.
All text comes from articles and is escaped.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape
from typing import Any

from ..model import parse_point

_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
_ROW = 22  # pixels per event row
_AXIS_X = 130  # the time axis; date labels to its left, event texts to its right
_WIDTH = 900
_MAX_TEXT = 95  # characters of an event text before it is cut
_BREAK_DAYS = 31


def _day(value: str) -> dt.date | None:
    """The first day a TIMEX3 value covers, for placing it on the axis."""
    point = parse_point(value)
    return point.span()[0] if point else None


def _elapsed(days: int) -> str:
    if days >= 365:
        return f"{days // 365} J. später"
    return f"{days // 30} Mon. später"


def _cut(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def render_timeline_svg(events: list[dict[str, Any]], title: str = "Zeitleiste") -> str:
    """An inline SVG chart of ``events`` (dicts with date, text, outlet, article)."""
    placed = sorted(
        ((day, event) for event in events if (day := _day(str(event.get("date", ""))))),
        key=lambda pair: (pair[0], str(pair[1].get("date")), str(pair[1].get("article"))),
    )
    outlets = sorted({str(e.get("outlet") or "unbekannt") for _, e in placed})
    colour = {outlet: _PALETTE[i % len(_PALETTE)] for i, outlet in enumerate(outlets)}
    legend_height = 24
    parts: list[str] = []
    y = legend_height + 16
    previous: dt.date | None = None
    previous_label = None
    for day, event in placed:
        if previous is not None:
            days = (day - previous).days
            y += _ROW + min(60, int(8 * math.log1p(days)))
            if days > _BREAK_DAYS:
                # a break in the axis, labelled with the time that passed
                middle = y - _ROW // 2 - 6
                x = _AXIS_X
                parts.append(
                    f'<rect x="{x - 4}" y="{middle - 6}" width="8" height="12" fill="#fff"/>'
                    f'<text x="{x}" y="{middle + 5}" text-anchor="middle" class="gap">≈</text>'
                    f'<text x="{x - 12}" y="{middle + 4}" text-anchor="end" class="gap-label">'
                    f"{escape(_elapsed(days))}</text>"
                )
        label = str(event.get("date"))
        outlet = str(event.get("outlet") or "unbekannt")
        if label != previous_label:
            parts.append(
                f'<text x="{_AXIS_X - 12}" y="{y + 4}" text-anchor="end" class="date">'
                f"{escape(label)}</text>"
            )
        tooltip = f"{label} · {outlet} · {event.get('article', '')}: {event.get('text', '')}"
        parts.append(
            f'<g><title>{escape(tooltip)}</title><circle cx="{_AXIS_X}" cy="{y}" r="6" '
            f'fill="{colour[outlet]}"/><text x="{_AXIS_X + 14}" y="{y + 4}" class="event">'
            f"{escape(_cut(str(event.get('text', ''))))}</text></g>"
        )
        previous, previous_label = day, label
    height = y + _ROW
    legend = []
    x = 10
    for outlet in outlets:
        legend.append(
            f'<circle cx="{x + 5}" cy="14" r="5" fill="{colour[outlet]}"/>'
            f'<text x="{x + 14}" y="18" class="legend">{escape(outlet)}</text>'
        )
        x += 24 + 7 * len(outlet)
    if not placed:
        parts.append(
            f'<text x="10" y="{legend_height + 16}" class="event">keine datierten Ereignisse</text>'
        )
    axis = (
        f'<line x1="{_AXIS_X}" y1="{legend_height + 4}" x2="{_AXIS_X}" y2="{height - 8}" '
        f'stroke="#999" stroke-width="2"/>'
    )
    style = (
        "<style>.date{font:12px sans-serif;fill:#333}.event{font:13px sans-serif;fill:#111}"
        ".legend{font:12px sans-serif;fill:#333}.gap{font:14px sans-serif;fill:#999}"
        ".gap-label{font:italic 11px sans-serif;fill:#999}</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{_WIDTH}" '
        f'height="{height}" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{style}{axis}'
        + "".join(legend)
        + "".join(parts)
        + "</svg>"
    )
