"""The self-contained HTML report: one file, no network, every article character escaped."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..model import Article, Corpus
from ..version import __version__
from .timeline_svg import render_timeline_svg


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("lagebild", "report/templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["annotated"] = annotated_html
    env.filters["counted"] = counted
    return env


def counted(n: int, one: str, many: str) -> str:
    """ "1 Erwähnung", "3 Erwähnungen": German needs the singular after one."""
    return f"{n} {one if n == 1 else many}"


def _layers(article: Article, names: dict[str, str]) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    for q in article.quotes:
        who = (names.get(q.speaker.entity or "") or q.speaker.text) if q.speaker else "?"
        for start, end in q.parts or ((q.start, q.end),):
            spans.append((start, end, f"q q-{q.type}", f"{q.type} quote — {who}"))
        if q.speaker:
            spans.append((q.speaker.start, q.speaker.end, "spk", f"speaker: {who}"))
        if q.cue:
            spans.append((q.cue.start, q.cue.end, "cue", "speech cue"))
    for m in article.entities:
        label = m.label
        resolved = names.get(m.entity or "")
        spans.append(
            (
                m.start,
                m.end,
                f"ent ent-{label[:3]}",
                f"{label}" + (f" → {resolved}" if resolved else ""),
            )
        )
    for t in article.timexes:
        spans.append(
            (t.start, t.end, "tmx", f"{t.type} {t.value}" + (f" ({t.mod})" if t.mod else ""))
        )
    return spans


def annotated_html(article: Article, names: dict[str, str] | None = None) -> Markup:
    """The article text, escaped, with its annotation layers as nested, titled <span>s.

    Spans may overlap or cross (an entity inside a quote, a quote over two paragraphs); the text
    is cut at every boundary and each piece carries the marks active over it, so tags always nest.
    """
    text = article.text
    spans = [s for s in _layers(article, names or {}) if 0 <= s[0] < s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        active = sorted(
            (s for s in spans if s[0] <= start and end <= s[1]), key=lambda s: (s[0], -s[1])
        )
        piece = str(escape(text[start:end]))
        for _s, _e, cls, title in reversed(active):
            piece = f'<span class="{cls}" title="{escape(title)}">{piece}</span>'
        out.append(piece)
    return Markup("".join(out))


def who_said_what(corpus: Corpus) -> list[dict[str, Any]]:
    """Statements grouped by speaker entity (or speaker text when unresolved), most quoted
    first."""
    names = {e.id: e.name for e in corpus.entities}
    groups: dict[str, dict[str, Any]] = {}
    for article in corpus.articles:
        for quote in article.statements():
            speaker = quote.speaker
            if speaker is None:
                key, name, kind = "?", "(no speaker found)", "unknown"
            elif speaker.entity:
                key, name, kind = speaker.entity, names.get(speaker.entity, speaker.text), "entity"
            else:
                key, name, kind = f"text:{speaker.text.lower()}", speaker.text, speaker.kind
            group = groups.setdefault(
                key, {"name": name, "kind": kind, "quotes": [], "outlets": defaultdict(int)}
            )
            group["quotes"].append({"article": article, "quote": quote})
            group["outlets"][article.outlet or "unknown outlet"] += 1
    return sorted(groups.values(), key=lambda g: (-len(g["quotes"]), g["name"]))


def quotes_by_entity(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for article in corpus.articles:
        for quote in article.statements():
            if quote.speaker and quote.speaker.entity:
                found[quote.speaker.entity].append({"article": article, "quote": quote})
    return dict(found)


def render_report(corpus: Corpus, outlets: dict[str, dict[str, Any]] | None = None) -> str:
    names = {e.id: e.name for e in corpus.entities}
    articles = sorted(corpus.articles, key=lambda a: (a.published or "9999", a.source))
    timeline_svg = Markup(render_timeline_svg(corpus.events)) if corpus.events else None
    outlet_names = sorted({a.outlet or "unknown outlet" for a in articles})
    return (
        _environment()
        .get_template("report.html")
        .render(
            corpus=corpus,
            articles=articles,
            names=names,
            outlets=outlets or {},
            outlet_names=outlet_names,
            speakers=who_said_what(corpus),
            entity_quotes=quotes_by_entity(corpus),
            entities=sorted(corpus.entities, key=lambda e: (-e.mentions, e.name)),
            timeline_svg=timeline_svg,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            version=__version__,
        )
    )
