"""Who is heard in each outlet: voices from the quote layer, else a cue-and-name heuristic."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from ...lang import de as german
from ...lang.de import quoted_ranges
from ...model import Article, Quote, SpeakerKind
from ...stages.quotes.resources import load as quote_resources
from .lexicons import attribution, camps, person_name
from .units import WORD, Unit, cite, is_german, outlet_of

# Speaker kinds (of the quote layer) that name who speaks; groups, pronouns and anonymous
# sources are counted but never listed as an outlet's exclusive voice.
NAMED_KINDS = frozenset({SpeakerKind.NAMED, SpeakerKind.ROLE, SpeakerKind.ORGANISATION})


def camp_of(*names: str | None) -> str | None:
    for name in names:
        if not name:
            continue
        for pattern in camps():
            if pattern.regex.search(name):
                return pattern.kind
    return None


def _speaker_name(article: Article, quote: Quote) -> str | None:
    """The words that name the speaker (the antecedent of a pronoun), cut to the mentions of the
    speaker's entity inside them: the quote layer's span sometimes runs past the noun phrase
    ("Putin dem Treffen", "Angaben der Regierungschefin Giorgia Meloni")."""
    speaker = quote.speaker
    if speaker is None:
        return None
    span = speaker.antecedent or speaker
    inside = [
        m
        for m in article.entities
        if speaker.entity and m.entity == speaker.entity and span.start <= m.start
        if m.end <= span.end
    ]
    if not inside:
        return _source_of(article, span.start, span.end)
    start = min(m.start for m in inside)
    before = article.text[span.start : start].split()
    if before and before[-1].lower() in german.word_set("definite_articles"):
        start = article.text.rindex(before[-1], span.start, start)  # keep "der" of its phrase
    return article.text[start : max(m.end for m in inside)]


def _source_of(article: Article, start: int, end: int) -> str:
    """The speaker words without a source noun in front of them: "Angaben der Polizei" is the
    police, "TAGESBLITZ-Informationen" the paper; a bare "Angaben" takes what follows it in the
    text ("Angaben aus Verhandlungskreisen"). Source nouns: quote_cues.tsv (source_noun)."""
    text = article.text[start:end]
    words = text.split()
    if not words:
        return text
    nouns = {phrase[0] for phrase in quote_resources().cues["source_noun"]}
    head, _, stem = words[0].rpartition("-")
    if head and stem.lower() in nouns:
        return head  # "TAGESBLITZ-Informationen"
    if words[0].lower() not in nouns:
        return text
    rest = words[1:]
    if not rest:  # the source follows the span: "Angaben aus Verhandlungskreisen"
        after = _FOLLOWING_SOURCE.match(article.text, end)
        return after.group(1) if after else text
    if rest[0].lower() in german.word_set("genitive_determiners") and len(rest) > 1:
        return " ".join(rest)
    return text


# a source after a bare source noun: "aus Verhandlungskreisen", "der Feuerwehr" (up to 3 words)
_FOLLOWING_SOURCE = re.compile(
    r"\s+((?:aus|von|des|der|eines|einer)\s+(?:[\w-]+\s+){0,2}?[A-ZÄÖÜ][\w-]+)"
)


def _is_anonymous(text: str) -> bool:
    return any(p.kind == "anonymous" and p.regex.search(text) for p in attribution())


def cues(text: str) -> list[re.Match[str]]:
    return [m for p in attribution() if p.kind == "cue" for m in p.regex.finditer(text)]


def heuristic_voices(article: Article, units: list[Unit]) -> list[dict[str, Any]]:
    """Without a quote layer: a sentence with an attribution cue (or quote marks) is voiced by
    the known speaker name nearest to its cue, or by an anonymous source it names."""
    found = []
    for unit in units:
        found_cues = cues(unit.text)
        if not found_cues and not quoted_ranges(unit.text):
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
        anchor = [m.start() for m in found_cues] or [0]
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
        name = _speaker_name(article, quote)
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


def entity_names(articles: Sequence[Article]) -> tuple[dict[str, str], dict[str, str]]:
    """Entity id -> the name to show for it (its fullest proper-name mention in the story's
    articles, "Wladimir Putin" rather than "Putin", the most frequent among equally long ones),
    and surname key -> entity id where only one entity has that surname."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for m in article.entities:
            if m.entity and m.source not in ("pronoun", "role") and m.text[:1].isupper():
                forms[m.entity][m.text] += 1
    names = {
        entity: max(sorted(counted), key=lambda f: (len(WORD.findall(f)), counted[f]))
        for entity, counted in forms.items()
    }
    owners: dict[str, set[str]] = defaultdict(set)
    for entity, counted in forms.items():
        for form in counted:
            owners[speaker_key(form)].add(entity)
    surnames = {key: next(iter(e)) for key, e in owners.items() if len(e) == 1}
    return names, surnames


# Kinds whose speaker may be a resolved person even without the quote layer's entity link
# ("Brenner" unlinked in one quote, "Tomasz Brenner" linked in the next).
_UNLINKED = frozenset({"anonymous", "unattributed", "pronoun"})
# Voices that may be an outlet's exclusive one: someone named, or a person a pronoun or role
# phrase refers to.
_HEARD = NAMED_KINDS | {"pronoun", "role"}


def _entity_of(voice: dict[str, Any], surnames: dict[str, str]) -> str | None:
    if voice.get("entity"):
        return voice["entity"]
    if voice["kind"] in _UNLINKED:
        return None
    return surnames.get(speaker_key(voice["speaker"]))


def _voice_key(voice: dict[str, Any], entity: str | None) -> str:
    """One voice per resolved person (entity); else per surname for named speakers, and per
    kind and words for the unresolved (a pronoun, a role, a group, an anonymous source)."""
    if entity:
        return f"entity:{entity}"
    if voice["kind"] in NAMED_KINDS:
        return f"name:{speaker_key(voice['speaker'])}"
    return f"{voice['kind']}:{voice['speaker'].lower()}"


def voices(articles: Sequence[Article], units_by_article: list[list[Unit]]) -> dict[str, Any]:
    all_voices: list[dict[str, Any]] = []
    for article, units in zip(articles, units_by_article, strict=True):
        all_voices += (
            quote_voices(article, units)
            if article.quotes
            # the cue-and-name heuristic reads German attribution cues only
            else heuristic_voices(article, units)
            if is_german(article)
            else []
        )
    names, surnames = entity_names(articles)
    per_outlet: dict[str, dict[str, Any]] = {}
    for outlet in sorted({outlet_of(a) for a in articles}):
        mine = [v for v in all_voices if v["outlet"] == outlet]
        speakers: dict[str, dict[str, Any]] = {}
        for v in mine:
            entity = _entity_of(v, surnames)
            entry = speakers.setdefault(
                _voice_key(v, entity),
                {
                    "speaker": names.get(entity, v["speaker"]) if entity else v["speaker"],
                    "entity": entity,
                    "camp": v["camp"],
                    "kind": v["kind"],
                    "forms": [],
                    "quotes": [],
                },
            )
            if v["speaker"] not in entry["forms"]:
                entry["forms"].append(v["speaker"])
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
        entity = _entity_of(v, surnames)
        if v["kind"] in NAMED_KINDS or (entity and v["kind"] in _HEARD):
            key = _voice_key(v, entity)
            carried[key].add(v["outlet"])
            name = names.get(entity, v["speaker"]) if entity else v["speaker"]
            shown[key] = max(shown.get(key, ""), name, key=len)
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


def speaker_key(name: str) -> str:
    """Surname key, so "Friedrich Merz" and "Merz" count as one speaker, folding the commonest
    transliteration variants (Selenskyj, Selenskij; Lawrow, Lavrov)."""
    words = WORD.findall(name)
    last = (words[-1] if words else name).lower()
    plain = "".join(c for c in unicodedata.normalize("NFKD", last) if not unicodedata.combining(c))
    return re.sub(r"[ijy]+", "i", plain).replace("w", "v")
