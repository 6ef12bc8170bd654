"""How each outlet tells one story: facts, voices, wording, discrepancies, headlines and leads.

``compare_story(articles)`` works on the articles of one story and returns plain data (JSON-ready)
in which every finding cites its article and character offsets. Each layer plugs in when present:
quotes give the voices (else a cue-and-name heuristic over sentences stands in, marked as such),
person mentions of the entity layer give the actors whose tone is measured, timexes give the
dates of discrepancies (else weekday and day words from ``data/de/discrepancy_dates.tsv`` are
resolved against the publication date). Speaker camps come from ``data/de/camps.tsv``.

Facts are sentences aligned across articles: sentences of different articles whose TF-IDF
vectors of stemmed content words are close are joined greedily (most similar pairs first, never
two sentences of one article in one fact). That aligns paraphrases that share their content
words; it misses paraphrases that share none, which sentence embeddings would catch.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import util as importlib_util
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from ..model import Article, Quote
from ..resources import numbered_rows
from ..stages.entities import lexicon
from .stories import (
    TermWeights,
    cross,
    hash_terms,
    split_sentences,
    stem,
    stopwords,
    terms,
)

FACT_THRESHOLD = 0.35
# Speaker kinds (of the quote layer) that name who speaks; groups, pronouns and anonymous
# sources are counted but never listed as an outlet's exclusive voice.
NAMED_KINDS = frozenset({"named", "role", "organisation"})
MIN_FACT_WORDS = 6
_QUOTED = re.compile(r"„[^“”\"]*[“”\"]|»[^«]*«|\"[^\"]*\"|«[^»]*»|“[^”]*”")
_WORD = re.compile(r"[^\W\d_][\w-]*")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.\s*(?:(\d{1,2})\.|([A-Za-zäÄ]+))\s*(\d{4})?")


# -- lexicons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    id: str
    kind: str
    regex: re.Pattern[str]
    example: str
    speaker_kind: str = ""  # camps.tsv only: name, role or group


def _compile(name: str, number: int, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(r"\b(?:" + pattern + ")", re.IGNORECASE)
    except re.error as exc:
        raise ResourceError(f"data/de/{name}:{number}: bad pattern {pattern!r}: {exc}") from exc


def _checked(name: str, rows: list[tuple[int, Pattern]]) -> list[Pattern]:
    for number, pattern in rows:
        if not pattern.regex.search(pattern.example):
            raise ResourceError(
                f"data/de/{name}:{number}: pattern {pattern.id} does not match its example"
            )
    return [p for _, p in rows]


@cache
def loaded_language() -> list[Pattern]:
    name = "loaded_language.tsv"
    rows = numbered_rows(name, ("id", "pattern", "category", "example"))
    return _checked(
        name,
        [
            (n, Pattern(r["id"], r["category"], _compile(name, n, r["pattern"]), r["example"]))
            for n, r in rows
        ],
    )


@cache
def camps() -> list[Pattern]:
    name = "camps.tsv"
    rows = numbered_rows(name, ("pattern", "camp", "kind", "example"))
    for number, row in rows:
        if row["kind"] not in ("name", "role", "group"):
            raise ResourceError(f"data/de/{name}:{number}: kind must be name, role or group")
    return _checked(
        name,
        [
            (
                n,
                Pattern(
                    f"{name}:{n}",
                    r["camp"],
                    _compile(name, n, r["pattern"]),
                    r["example"],
                    r["kind"],
                ),
            )
            for n, r in rows
        ],
    )


def _kind_patterns(name: str) -> list[Pattern]:
    """A data file of (kind, pattern, example) rows, every example checked."""
    rows = numbered_rows(name, ("kind", "pattern", "example"))
    return _checked(
        name,
        [
            (n, Pattern(f"{name}:{n}", r["kind"], _compile(name, n, r["pattern"]), r["example"]))
            for n, r in rows
        ],
    )


@cache
def attribution() -> list[Pattern]:
    return _kind_patterns("attribution.tsv")


@cache
def opinion_signals() -> list[Pattern]:
    return _kind_patterns("opinion_signals.tsv")


@cache
def day_words() -> tuple[dict[str, int], list[tuple[re.Pattern[str], int]]]:
    """Weekday name -> number (Monday 0), and event-relative phrases -> day offset."""
    name = "discrepancy_dates.tsv"
    weekdays: dict[str, int] = {}
    relative: list[tuple[re.Pattern[str], int]] = []
    for number, row in numbered_rows(name, ("kind", "form", "value", "example")):
        try:
            value = int(row["value"])
        except ValueError as exc:
            raise ResourceError(f"data/de/{name}:{number}: value must be a number") from exc
        regex = _compile(name, number, row["form"])
        if not regex.search(row["example"]):
            raise ResourceError(f"data/de/{name}:{number}: form does not match its example")
        if row["kind"] == "weekday":
            weekdays[row["form"]] = value
        elif row["kind"] == "relative":
            relative.append((regex, value))
        else:
            raise ResourceError(f"data/de/{name}:{number}: unknown kind {row['kind']!r}")
    return weekdays, relative


@cache
def person_name() -> re.Pattern[str]:
    """A given name (data/de/first_names.tsv) followed by a capitalised word."""
    names = lexicon().first_names
    given = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(r"\b(?:" + given + r")(?:\s+[A-ZÄÖÜ][\w-]+)+")


@cache
def number_words() -> dict[str, str]:
    name = "number_words.tsv"
    words = {}
    for number, row in numbered_rows(name, ("word", "value")):
        if not row["value"].isdigit():
            raise ResourceError(f"data/de/{name}:{number}: value must be a whole number")
        words[row["word"]] = row["value"]
    return words


@cache
def month_numbers() -> dict[str, int]:
    return {r["form"]: int(r["month"]) for _, r in numbered_rows("months.tsv", ("form", "month"))}


@cache
def sentiment_words() -> dict[str, float]:
    """gersent's German polarity word lists (word form -> weight in [-1, 1]); empty without
    gersent. Read as data, without importing gersent's code."""
    spec = importlib_util.find_spec("gersent")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(next(iter(spec.submodule_search_locations))) / "wordlists" / "de"
    words: dict[str, float] = {}
    for name in ("positive.json", "negative.json"):
        path = folder / name
        try:
            entries = json.loads(path.read_text("utf-8"))
            words.update({w: float(v) for w, v in entries.items()})
        except (OSError, ValueError) as exc:
            raise ResourceError(f"{path}: unreadable sentiment list ({exc})") from exc
    return words


# -- sentences --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One sentence of one article of the story."""

    article: int  # index into the story's articles
    index: int  # sentence number in the article
    start: int
    end: int
    text: str


def outlet_of(article: Article) -> str:
    return article.outlet or Path(article.source).stem or article.id[:8]


def sentences_of(article: Article, position: int) -> list[Unit]:
    if article.sentences:
        return [Unit(position, i, s.start, s.end, s.text) for i, s in enumerate(article.sentences)]
    units: list[Unit] = []
    cursor = 0
    for text in split_sentences(article.text):
        start = article.text.find(text, cursor)
        units.append(Unit(position, len(units), start, start + len(text), text))
        cursor = start + len(text)
    return units


def cite(article: Article, unit: Unit) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "outlet": outlet_of(article),
        "sentence": unit.index,
        "start": unit.start,
        "end": unit.end,
        "text": unit.text,
    }


def quoted_spans(article: Article) -> list[tuple[int, int]]:
    """Character ranges that are someone else's words: quotes found, and text in quote marks."""
    spans = [(q.start, q.end) for q in article.quotes]
    spans += [(m.start(), m.end()) for m in _QUOTED.finditer(article.text)]
    return spans


def own_text(article: Article, unit: Unit, quoted: list[tuple[int, int]]) -> str:
    """The sentence with quoted material blanked out (the author's own words)."""
    chars = list(unit.text)
    for start, end in quoted:
        for i in range(max(start, unit.start), min(end, unit.end)):
            chars[i - unit.start] = " "
    return "".join(chars)


# -- facts ------------------------------------------------------------------------------------


def align_facts(
    articles: Sequence[Article], units: list[Unit], threshold: float = FACT_THRESHOLD
) -> list[list[int]]:
    """Groups of unit indices (at most one per article) that state the same thing."""
    eligible = [i for i, u in enumerate(units) if len(u.text.split()) >= MIN_FACT_WORDS]
    if not eligible:
        return []
    counts = hash_terms([terms(units[i].text) for i in eligible])
    weights = TermWeights()
    weights.add(counts)
    vectors = weights.weigh(counts)
    similarity = cross(vectors, vectors)
    article_of = np.array([units[i].article for i in eligible])
    similarity[article_of[:, None] == article_of[None, :]] = 0.0
    pairs = np.argwhere(np.triu(similarity, 1) >= threshold)
    order = np.argsort(-similarity[pairs[:, 0], pairs[:, 1]]) if len(pairs) else []
    group = list(range(len(eligible)))
    members: dict[int, set[int]] = {i: {i} for i in range(len(eligible))}

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for k in order:
        a, b = root(int(pairs[k][0])), root(int(pairs[k][1]))
        if a == b:
            continue
        if {article_of[i] for i in members[a]} & {article_of[i] for i in members[b]}:
            continue
        group[b] = a
        members[a] |= members.pop(b)
    return [sorted(eligible[i] for i in m) for m in members.values()]


def coverage(
    articles: Sequence[Article], units: list[Unit], groups: list[list[int]]
) -> dict[str, Any]:
    outlets = sorted({outlet_of(a) for a in articles})
    facts = []
    for group in groups:
        by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in group:
            by_outlet[outlet_of(articles[units[i].article])].append(
                cite(articles[units[i].article], units[i])
            )
        shared = len(by_outlet)
        kind = "all" if shared == len(outlets) and shared > 1 else "some" if shared > 1 else "one"
        facts.append(
            {
                "text": units[group[0]].text,
                "coverage": kind,
                "outlets": {o: by_outlet.get(o, []) for o in outlets},
                "outlet_count": shared,
                "first": min((units[i].article, units[i].index) for i in group),
            }
        )
    facts.sort(key=lambda f: (-f["outlet_count"], f["first"]))
    for fact in facts:
        del fact["first"]
    exclusive = {
        o: sum(1 for f in facts if f["coverage"] == "one" and f["outlets"][o]) for o in outlets
    }
    return {
        "outlets": outlets,
        "facts": facts,
        "exclusive_counts": exclusive,
        "shared_counts": {
            o: sum(1 for f in facts if f["coverage"] != "one" and f["outlets"][o]) for o in outlets
        },
    }


# -- voices -----------------------------------------------------------------------------------


def camp_of(*names: str | None) -> str | None:
    for name in names:
        if not name:
            continue
        for pattern in camps():
            if pattern.regex.search(name):
                return pattern.kind
    return None


def _speaker_name(quote: Quote) -> str | None:
    speaker = quote.speaker
    if speaker is None:
        return None
    if speaker.antecedent is not None:
        return speaker.antecedent.text
    return speaker.text


def _is_anonymous(text: str) -> bool:
    return any(p.kind == "anonymous" and p.regex.search(text) for p in attribution())


def _cues(text: str) -> list[re.Match[str]]:
    return [m for p in attribution() if p.kind == "cue" for m in p.regex.finditer(text)]


def heuristic_voices(article: Article, units: list[Unit]) -> list[dict[str, Any]]:
    """Without a quote layer: a sentence with an attribution cue (or quote marks) is voiced by
    the known speaker name nearest to its cue, or by an anonymous source it names."""
    found = []
    for unit in units:
        cues = _cues(unit.text)
        if not cues and not _QUOTED.search(unit.text):
            continue
        anonymous = next(
            (
                m
                for p in attribution()
                if p.kind == "anonymous"
                for m in p.regex.finditer(unit.text)
            ),
            None,
        )
        anchor = [m.start() for m in cues] or [0]
        named = _nearest(unit.text, anchor, "name") or _nearest(unit.text, anchor, "role")
        person = _nearest_person(unit.text, anchor)
        if person is not None and (named is None or person[2] <= named[2]):
            named = person
        unnamed = _distance(anonymous, anchor) if anonymous else None
        if named is not None and (unnamed is None or named[2] < unnamed):
            speaker, camp, kind = named[0], named[1], "named"
        elif anonymous is not None:
            speaker, camp, kind = anonymous.group(), camp_of(anonymous.group()), "anonymous"
        else:
            continue
        found.append(
            {
                "speaker": speaker,
                "camp": camp or "unknown",
                "kind": kind,
                "source": "heuristic",
                **cite(article, unit),
            }
        )
    return found


def _distance(match: re.Match[str], anchors: list[int]) -> int:
    return min(min(abs(match.start() - a), abs(match.end() - a)) for a in anchors)


def _nearest(text: str, anchors: list[int], speaker_kind: str) -> tuple[str, str, int] | None:
    """The camps.tsv match of this kind closest to an attribution cue: (words, camp, distance)."""
    matches = [
        (m, p.kind)
        for p in camps()
        if p.speaker_kind == speaker_kind
        for m in p.regex.finditer(text)
    ]
    if not matches:
        return None
    match, camp = min(matches, key=lambda mc: _distance(mc[0], anchors))
    return match.group(), camp, _distance(match, anchors)


def _nearest_person(text: str, anchors: list[int]) -> tuple[str, str, int] | None:
    """A full name (given name and surname) nearest to the cue, with its camp if known."""
    people = list(person_name().finditer(text))
    if not people:
        return None
    match = min(people, key=lambda m: _distance(m, anchors))
    return match.group(), camp_of(match.group()) or "unknown", _distance(match, anchors)


def quote_voices(article: Article, units: list[Unit]) -> list[dict[str, Any]]:
    found = []
    for quote in article.statements():
        name = _speaker_name(quote)
        unit = next((u for u in units if u.start <= quote.start < u.end), None)
        context = unit.text if unit else quote.text
        kind = quote.speaker.kind if quote.speaker else "unattributed"
        if name and (_is_anonymous(name) or (kind == "group" and camp_of(name) == "expert")):
            kind = "anonymous"
        found.append(
            {
                "speaker": name or "(ohne Sprecher)",
                "entity": quote.speaker.entity if quote.speaker else None,
                "camp": camp_of(name, context if name else None) or "unknown",
                "kind": kind,
                "type": quote.type,
                "source": "quotes",
                "article_id": article.id,
                "outlet": outlet_of(article),
                "sentence": unit.index if unit else None,
                "start": quote.start,
                "end": quote.end,
                "text": quote.text,
            }
        )
    return found


def voices(articles: Sequence[Article], units_by_article: list[list[Unit]]) -> dict[str, Any]:
    all_voices: list[dict[str, Any]] = []
    for article, units in zip(articles, units_by_article, strict=True):
        all_voices += (
            quote_voices(article, units) if article.quotes else heuristic_voices(article, units)
        )
    per_outlet: dict[str, dict[str, Any]] = {}
    for outlet in sorted({outlet_of(a) for a in articles}):
        mine = [v for v in all_voices if v["outlet"] == outlet]
        speakers: dict[str, dict[str, Any]] = {}
        for v in mine:
            key = _speaker_key(v["speaker"])
            entry = speakers.setdefault(
                key, {"speaker": v["speaker"], "camp": v["camp"], "kind": v["kind"], "quotes": []}
            )
            entry["quotes"].append(v)
        per_outlet[outlet] = {
            "speakers": sorted(speakers.values(), key=lambda s: (-len(s["quotes"]), s["speaker"])),
            "camps": dict(Counter(v["camp"] for v in mine).most_common()),
            "named": sum(1 for v in mine if v["kind"] not in ("anonymous", "unattributed")),
            "anonymous": sum(1 for v in mine if v["kind"] == "anonymous"),
            "unattributed": sum(1 for v in mine if v["kind"] == "unattributed"),
        }
    carried: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for v in all_voices:
        if v["kind"] in NAMED_KINDS:
            key = _speaker_key(v["speaker"])
            carried[key].add(v["outlet"])
            shown[key] = max(shown.get(key, ""), v["speaker"], key=len)
    exclusive = [
        {"speaker": shown[key], "outlet": next(iter(outlets))}
        for key, outlets in sorted(carried.items())
        if len(outlets) == 1 and len(articles) > 1
    ]
    return {
        "outlets": per_outlet,
        "exclusive_speakers": exclusive,
        "from_quote_layer": any(a.quotes for a in articles),
    }


def _speaker_key(name: str) -> str:
    """Surname key, so "Friedrich Merz" and "Merz" count as one speaker, folding the commonest
    transliteration variants (Selenskyj, Selenskij; Lawrow, Lavrov)."""
    words = _WORD.findall(name)
    last = (words[-1] if words else name).lower()
    plain = "".join(c for c in unicodedata.normalize("NFKD", last) if not unicodedata.combining(c))
    return re.sub(r"[ijy]+", "i", plain).replace("w", "v")


def unsourced(article: Article, units: list[Unit]) -> dict[str, Any]:
    """Sentences that state something evaluative with no source: no quote, no attribution."""
    quoted = quoted_spans(article)
    plain, judged = 0, []
    for unit in units:
        if len(unit.text.split()) < MIN_FACT_WORDS:
            continue
        if any(s < unit.end and e > unit.start for s, e in quoted) or _cues(unit.text):
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


# -- wording ----------------------------------------------------------------------------------


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
    examples: dict[str, dict[str, Any]] = {}
    for unit in units:
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
        for kind in kinds:
            signals[kind] += 1
            examples.setdefault(kind, _cite_sentence(article, unit))
    words = max(article.words, 1)
    return {
        "words": article.words,
        "loaded": hits,
        "loaded_per_1000_words": round(1000 * len(hits) / words, 2),
        "opinion_signals": dict(signals),
        "opinion_examples": examples,
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
            sum(lexicon.get(w, 0.0) for w in _WORD.findall(u.text))
            for u in units
            if pattern.search(u.text)
        ]
        if scores:
            result[actor] = {"sentences": len(scores), "mean": round(sum(scores) / len(scores), 3)}
    return result


def main_actors(articles: Sequence[Article], limit: int = 6) -> list[str]:
    """The people most articles mention: resolved person mentions when present, else the known
    names of camps.tsv found in the text."""
    counts: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        names = [
            m.text
            for m in article.entities
            if m.label == "PER" and m.source not in ("pronoun", "role") and m.text[:1].isupper()
        ] or [
            m.group()
            for p in camps()
            if p.speaker_kind == "name"
            for m in p.regex.finditer(article.text)
        ]
        for name in names:
            surname = _WORD.findall(name)[-1] if _WORD.findall(name) else name
            shown[_speaker_key(name)][surname] += 1
        # sorted: ties in most_common keep insertion order, which a set would leave to the hash seed
        counts.update(sorted({_speaker_key(name) for name in names}))
    return [
        shown[key].most_common(1)[0][0]
        for key, n in counts.most_common(limit)
        if n > 1 or len(articles) == 1
    ]


# -- discrepancies ----------------------------------------------------------------------------


def _last_weekday(anchor: date, weekday: int) -> date:
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


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
    weekdays, relative = day_words()
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
    Day-of-month and year numbers are dates, not quantities."""
    words = list(re.finditer(r"\d+(?:[.,]\d+)*|[^\W\d_][\w-]*", text))
    found = {}
    for here, after in zip(words, words[1:], strict=False):
        value = here.group()
        if value.lower() in number_words():
            value = number_words()[value.lower()]
        elif not value[0].isdigit() or text[here.end() : here.end() + 1] == ".":
            continue
        if re.fullmatch(r"(19|20)\d\d", value):
            continue
        found[stem(after.group().lower())] = value
    return found


def anchors(articles: Sequence[Article], units_by_article: list[list[Unit]]) -> dict[str, list]:
    """Specific names shared by two or more outlets: capitalised words (or resolved entities)
    that occur in at most two sentences of each article that has them."""
    where: dict[str, list[tuple[int, Unit]]] = defaultdict(list)
    for position, units in enumerate(units_by_article):
        seen: dict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            for word in set(_WORD.findall(unit.text)):
                if word[0].isupper() and len(word) > 2 and word.lower() not in stopwords():
                    seen[word].append(unit)
        for word, found in seen.items():
            if len(found) <= 2:
                where[word] += [(position, u) for u in found]
            else:
                where[word].append((position, None))  # too common in this article: disqualifies
    return {
        w: places
        for w, places in where.items()
        if all(u is not None for _, u in places)
        and len({outlet_of(articles[p]) for p, _ in places}) > 1
    }


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

    # Dates attached to the same specific name in different outlets.
    for word, places in sorted(anchors(articles, units_by_article).items()):
        by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for position, unit in places:
            for value, words in sentence_dates(articles[position], unit, events[position]):
                by_outlet[outlet_of(articles[position])].append(
                    {"value": value, "words": words, **cite(articles[position], unit)}
                )
        values = {o: {v["value"] for v in vs} for o, vs in by_outlet.items()}
        outlets = sorted(values)
        for i, a in enumerate(outlets):
            for b in outlets[i + 1 :]:
                if values[a].isdisjoint(values[b]):
                    add("date", word, by_outlet[a] + by_outlet[b])
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
            if a["outlet"] == b["outlet"] or _speaker_key(a["speaker"]) == _speaker_key(
                b["speaker"]
            ):
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


def _overlap(a: str, b: str) -> float:
    wa, wb = set(terms(a)), set(terms(b))
    return len(wa & wb) / math.sqrt(len(wa) * len(wb)) if wa and wb else 0.0


# -- the whole comparison ---------------------------------------------------------------------


def headlines(article: Article, units: list[Unit]) -> dict[str, Any]:
    lead = [u for u in units if len(u.text.split()) >= MIN_FACT_WORDS][:2]
    return {
        "article_id": article.id,
        "outlet": outlet_of(article),
        "title": article.title,
        "published": article.published,
        "lead": [cite(article, u) for u in lead],
    }


def preload() -> None:
    """Load every lexicon now (a server does this at start, not on its first story page)."""
    from .stories import background_document_share

    loaded_language(), camps(), attribution(), opinion_signals(), day_words(), month_numbers()
    number_words()
    sentiment_words(), background_document_share(), person_name()


def compare_story(articles: Sequence[Article]) -> dict[str, Any]:
    """The outlet comparison of one story's articles (plain data, every finding cited)."""
    articles = sorted(articles, key=lambda a: (a.published or "", a.id))
    units_by_article = [sentences_of(a, i) for i, a in enumerate(articles)]
    units = [u for us in units_by_article for u in us]
    groups = align_facts(articles, units)
    found_voices = voices(articles, units_by_article)
    actors = main_actors(articles)
    per_article = [
        {
            "article_id": a.id,
            "outlet": outlet_of(a),
            "title": a.title,
            "published": a.published,
            **wording(a, us, actors),
            **unsourced(a, us),
        }
        for a, us in zip(articles, units_by_article, strict=True)
    ]
    return {
        "articles": [headlines(a, us) for a, us in zip(articles, units_by_article, strict=True)],
        "coverage": coverage(articles, units, groups),
        "voices": found_voices,
        "wording": {"actors": actors, "articles": per_article},
        "discrepancies": discrepancies(articles, units_by_article, units, groups, found_voices),
        "layers": {
            "quotes": any(a.quotes for a in articles),
            "entities": any(a.entities for a in articles),
            "timexes": any(a.timexes for a in articles),
            "sentiment": bool(sentiment_words()),
        },
    }
