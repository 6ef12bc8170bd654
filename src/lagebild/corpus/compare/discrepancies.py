"""Where outlets disagree: different dates, numbers or speakers for the same thing."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from ...lang import de as german
from ...model import Article
from ..stories.vectors import stem, terms
from .lexicons import day_phrases, month_numbers, number_words
from .units import Unit, cite, outlet_of
from .voices import speaker_key

_DAY_MONTH = re.compile(r"\b(\d{1,2})\.\s*(?:(\d{1,2})\.|([A-Za-zäÄ]+))\s*(\d{4})?")


def _last_weekday(anchor: date, iso_weekday: int) -> date:
    return anchor - timedelta(days=(anchor.isoweekday() - iso_weekday) % 7)


def _published(article: Article) -> date | None:
    try:
        return date.fromisoformat((article.published or "")[:10])
    except ValueError:
        return None


def sentence_dates(article: Article, unit: Unit, event: date | None) -> list[tuple[str, str]]:
    """(ISO date, the words that say it) for the day expressions of a sentence."""
    found = []
    for t in article.timexes:
        if unit.start <= t.start < unit.end and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value):
            found.append((t.value, t.text))
    if found:
        return found
    published = _published(article)
    weekdays, relative = german.weekdays(), day_phrases()
    lowered = unit.text.lower()
    if published:
        for m in re.finditer(r"\b(" + "|".join(weekdays) + r")\b", lowered):
            day = _last_weekday(published, weekdays[m.group(1)])
            found.append((day.isoformat(), unit.text[m.start() : m.end()]))
        for m in _DAY_MONTH.finditer(unit.text):
            month = (
                int(m.group(2))
                if m.group(2)
                else month_numbers().get((m.group(3) or "").lower().rstrip("."))
            )
            year = int(m.group(4)) if m.group(4) else published.year
            try:
                found.append((date(year, month or 0, int(m.group(1))).isoformat(), m.group()))
            except ValueError:
                continue
    if event:
        for regex, offset in relative:
            for m in regex.finditer(unit.text):
                found.append(((event + timedelta(days=offset)).isoformat(), m.group()))
    return found


def event_date(article: Article, units: list[Unit]) -> date | None:
    """The day the article is about: the first day named in its first sentences, else the day
    of publication."""
    for unit in units[:3]:
        days = sentence_dates(article, unit, None)
        if days:
            return date.fromisoformat(days[0][0])
    return _published(article)


def quantities(text: str) -> dict[str, str]:
    """Counted things of a sentence: the word after a number (stemmed) -> the number as said.
    Day-of-month and year numbers are dates, not quantities. A thing the sentence counts twice
    with different numbers ("bot drei Prozent, fordert acht Prozent") is left out: which of
    them another outlet's number answers is not known."""
    words = list(re.finditer(r"\d+(?:[.,]\d+)*|[^\W\d_][\w-]*", text))
    found: dict[str, str] = {}
    twice: set[str] = set()
    for here, after in zip(words, words[1:], strict=False):
        value = here.group()
        if value.lower() in number_words():
            value = number_words()[value.lower()]
        elif not value[0].isdigit() or text[here.end() : here.end() + 1] == ".":
            continue
        if re.fullmatch(r"(19|20)\d\d", value):
            continue
        thing = stem(after.group().lower())
        if found.get(thing, value) != value:
            twice.add(thing)
        found[thing] = value
    return {thing: value for thing, value in found.items() if thing not in twice}


def discrepancies(
    articles: Sequence[Article],
    units_by_article: list[list[Unit]],
    units: list[Unit],
    groups: list[list[int]],
    voices_found: dict[str, Any],
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    events = [event_date(a, u) for a, u in zip(articles, units_by_article, strict=True)]

    def add(kind: str, about: str, versions: list[dict[str, Any]]) -> None:
        key = (kind, tuple(sorted((v["article_id"], v["sentence"]) for v in versions)))
        if key not in seen:
            seen.add(key)
            found.append({"kind": kind, "about": about, "versions": versions})

    # Different days for one aligned fact (its sentences in different outlets).
    for group in groups:
        by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in group:
            position = units[i].article
            for value, words in sentence_dates(articles[position], units[i], events[position]):
                by_outlet[outlet_of(articles[position])].append(
                    {"value": value, "words": words, **cite(articles[position], units[i])}
                )
        values = {o: {v["value"] for v in vs} for o, vs in by_outlet.items()}
        outlets = sorted(values)
        for k, a in enumerate(outlets):
            for b in outlets[k + 1 :]:
                if values[a].isdisjoint(values[b]):
                    add("date", _about(units[group[0]].text), by_outlet[a] + by_outlet[b])
    # The same counted thing with different numbers within one aligned fact.
    for group in groups:
        counted = {i: quantities(units[i].text) for i in group}
        for thing in sorted({t for q in counted.values() for t in q}):
            values = {i: q[thing] for i, q in counted.items() if thing in q}
            if len(values) > 1 and len(set(values.values())) > 1:
                versions = [
                    {
                        "value": f"{v} {thing}…",
                        "words": "",
                        **cite(articles[units[i].article], units[i]),
                    }
                    for i, v in values.items()
                ]
                add("number", thing, versions)
    # The same words quoted with different speakers.
    quotes = [
        q
        for outlet in voices_found["outlets"].values()
        for s in outlet["speakers"]
        for q in s["quotes"]
        if q["source"] == "quotes" and len(q["text"].split()) >= 5
    ]
    for i, a in enumerate(quotes):
        for b in quotes[i + 1 :]:
            if a["outlet"] == b["outlet"] or speaker_key(a["speaker"]) == speaker_key(b["speaker"]):
                continue
            if _overlap(a["text"], b["text"]) >= 0.6:
                add(
                    "speaker",
                    a["text"][:80],
                    [
                        {
                            "value": q["speaker"],
                            "words": q["text"],
                            "article_id": q["article_id"],
                            "outlet": q["outlet"],
                            "sentence": q["sentence"],
                            "start": q["start"],
                            "end": q["end"],
                            "text": q["text"],
                        }
                        for q in (a, b)
                    ],
                )
    return found


def _about(text: str, limit: int = 80) -> str:
    """What a discrepancy is about: the start of the fact's first sentence."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _overlap(a: str, b: str) -> float:
    wa, wb = set(terms(a)), set(terms(b))
    return len(wa & wb) / math.sqrt(len(wa) * len(wb)) if wa and wb else 0.0
