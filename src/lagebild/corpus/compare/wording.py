"""How each outlet words the story: loaded language, opinion signals, tone toward actors."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from ...model import Article
from .lexicons import (
    camps,
    loaded_language,
    opinion_signals,
    sentiment_words,
    shown_signal_kinds,
)
from .units import MIN_FACT_WORDS, WORD, Unit, cite, own_text, quoted_spans
from .voices import cues, speaker_key


def unsourced(article: Article, units: list[Unit]) -> dict[str, Any]:
    """Sentences that state something evaluative with no source: no quote, no attribution."""
    quoted = quoted_spans(article)
    plain, judged = 0, []
    for unit in units:
        if len(unit.text.split()) < MIN_FACT_WORDS:
            continue
        if any(s < unit.end and e > unit.start for s, e in quoted) or cues(unit.text):
            continue
        plain += 1
        text = own_text(article, unit, quoted)
        loaded = [p.id for p in loaded_language() if p.regex.search(text)]
        signals = [p.kind for p in opinion_signals() if p.regex.search(text)]
        if loaded or signals:
            judged.append(
                {**cite(article, unit), "loaded": loaded, "signals": sorted(set(signals))}
            )
    return {"sentences_without_source": plain, "evaluative_without_source": judged}


def sentence_signals(article: Article, unit: Unit, quoted: list[tuple[int, int]]) -> set[str]:
    """The opinion-signal kinds of one sentence, outside quoted words."""
    text = own_text(article, unit, quoted)
    kinds = {p.kind for p in opinion_signals() if p.regex.search(text)}
    if text.rstrip().endswith("?"):
        kinds.add("rhetorical_question")
    if any(
        t.pos == "VVIMP"
        and unit.start <= t.start < unit.end
        and not any(s <= t.start < e for s, e in quoted)
        for t in article.tokens
    ):
        kinds.add("imperative")
    return kinds


def wording(article: Article, units: list[Unit], actors: list[str]) -> dict[str, Any]:
    quoted = quoted_spans(article)
    hits = []
    for unit in units:
        text = own_text(article, unit, quoted)
        for pattern in loaded_language():
            for m in pattern.regex.finditer(text):
                start = unit.start + m.start()
                hits.append(
                    {
                        "id": pattern.id,
                        "category": pattern.kind,
                        "match": article.text[start : unit.start + m.end()],
                        "start": start,
                        **_cite_sentence(article, unit),
                    }
                )
    signals: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    examples: dict[str, dict[str, Any]] = {}
    shown = shown_signal_kinds()
    for unit in units:
        for kind in sorted(sentence_signals(article, unit, quoted)):
            if kind not in shown:
                hidden[kind] += 1
                continue
            signals[kind] += 1
            examples.setdefault(kind, _cite_sentence(article, unit))
    words = max(article.words, 1)
    return {
        "words": article.words,
        "loaded": hits,
        "loaded_per_1000_words": round(1000 * len(hits) / words, 2),
        "opinion_signals": dict(signals),
        "opinion_examples": examples,
        # kinds whose measured precision is below the bar: counted, not shown by default
        "opinion_signals_hidden": dict(hidden),
        "tone": tone(article, units, actors),
    }


def _cite_sentence(article: Article, unit: Unit) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "sentence": unit.index,
        "sentence_start": unit.start,
        "sentence_end": unit.end,
        "sentence_text": unit.text,
    }


def tone(article: Article, units: list[Unit], actors: list[str]) -> dict[str, dict[str, Any]]:
    """Mean polarity (gersent word lists) of the sentences that name each actor."""
    lexicon = sentiment_words()
    if not lexicon:
        return {}
    result: dict[str, dict[str, Any]] = {}
    for actor in actors:
        pattern = re.compile(r"\b" + re.escape(actor), re.IGNORECASE)
        scores = [
            sum(lexicon.get(w, 0.0) for w in WORD.findall(u.text))
            for u in units
            if pattern.search(u.text)
        ]
        if scores:
            result[actor] = {"sentences": len(scores), "mean": round(sum(scores) / len(scores), 3)}
    return result


def main_actors(articles: Sequence[Article], limit: int = 6) -> list[str]:
    """The people most articles mention, one per resolved person ("Trump" and "Trumps" are one
    entity), shown by the surname most often used; without the entity layer the known names of
    camps.tsv found in the text, one per surname."""
    counts: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        named = [
            (m.entity or speaker_key(m.text), m.text)
            for m in article.entities
            if m.label == "PER" and m.source not in ("pronoun", "role") and m.text[:1].isupper()
        ] or [
            (speaker_key(m.group()), m.group())
            for p in camps()
            if p.speaker_kind == "name"
            for m in p.regex.finditer(article.text)
        ]
        for key, name in named:
            words = WORD.findall(name)
            shown[key][words[-1] if words else name] += 1
        # sorted: ties in most_common keep insertion order, which a set would leave to the hash seed
        counts.update(sorted({key for key, _ in named}))
    return [
        shown[key].most_common(1)[0][0]
        for key, n in counts.most_common(limit)
        if n > 1 or len(articles) == 1
    ]
