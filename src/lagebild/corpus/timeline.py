"""Dated events: sentences with a resolved date and an event (a verb with its subject).

For every sentence that holds a DATE or TIME resolved to a calendar value, the finite verb of
the clause of that expression gives the event and the noun phrase that is its subject says who:
the noun phrase that opens the sentence, or, when the sentence opens with something else ("Am
Freitag endete das Treffen"), the first one after the verb, past adverbs, the reflexive pronoun,
the date and prepositional phrases ("Am Freitag einigte sich in Berlin die Koalition"). Where the
entity layer has found names, they tell one long name from two names in a row. A sentence whose
subject is only a pronoun gives no event. One event per sentence, dated by its most precise
expression.

The event says who did what: the subject, the verb, its object (found past prepositional
phrases when none follows the verb directly: "Konstanz war für einige Stunden Schauplatz"), the
rest of the verb (reflexive pronoun, participle, particle, predicative adjective) and, after a
verb of saying, the start of what was said ("Brenner erklärte, man werde Drusnien messen …",
at most ``_MAX_STATEMENT`` words). A bare subject and verb ("der Gipfel galt") gives no event.
A verb in a subordinate clause does not take the sentence's opening noun phrase as its subject,
nor does a verb right after a comma ("…, teilten beide Seiten mit").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..lang.de import quoted_ranges, word_set
from ..model import Article, Sentence, Timex, Token
from ..stages.quotes.resources import load as quote_resources

_RESOLVED = re.compile(r"^\d{4}(?:-(?:\d\d(?:-\d\d)?|W\d\d|Q\d|H\d|SP|SU|FA|WI))?(?:T[\d:A-Z]+)?$")
_NOUN_PHRASE = word_set("noun_phrase_tags")
_SUBJECT_HEAD = word_set("noun_tags")
_FINITE = word_set("finite_verb_tags")
_DETERMINERS = word_set("determiner_tags")
_AUXILIARIES = word_set("finite_auxiliary_tags")
_FULL_VERBS = word_set("nonfinite_full_verb_tags")
_CLAUSE_END = word_set("clause_end_tags")
_CLAUSE_BREAK = word_set("clause_break_tags")
_MAX_PHRASE = 5  # tokens of a subject or object phrase in the event text
_PREPOSITIONS = word_set("preposition_tags")
_BEFORE_SUBJECT = word_set("before_subject_tags")  # "einigte sich nun die Koalition"
_OBLIQUE = word_set("oblique_determiners")
_JOINING = word_set("phrase_joining_conjunctions")
_GENITIVE_ARTICLES = word_set("definite_genitive_articles")
_ONLY_GENITIVE = word_set("unambiguous_genitive_articles")
_SUBORDINATE = word_set("subordinate_clause_tags")
_PREDICATE = word_set("predicate_tags")
_SOURCE_PREPOSITIONS = word_set("source_prepositions")
_MAX_STATEMENT = 10  # words of what was said after a verb of saying


def _precision(value: str) -> int:
    return len(value)  # "2025-08-15T20:00" is more precise than "2025-08-15", than "2025"


def _sentence_timex(timexes: Sequence[Timex], sentence: Sentence) -> Timex | None:
    dated = [
        t
        for t in timexes
        if t.type in ("DATE", "TIME")
        and sentence.start <= t.start < sentence.end
        and _RESOLVED.match(t.value)
    ]
    return max(dated, key=lambda t: (_precision(t.value), -t.start), default=None)


def _phrase(
    tokens: Sequence[Token], start: int, skip: tuple[int, int], split_nouns: bool = False
) -> list[Token]:
    """The noun phrase from ``start`` on: a run of article, adjective, noun and name tokens that
    ends where a new determiner follows a noun ("die Ministerin | ihren Gast"); with
    ``split_nouns`` also where a noun follows a noun ("nach langen Verhandlungen | Bund")."""
    phrase: list[Token] = []
    for index, token in enumerate(tokens[start:], start):
        if skip[0] <= token.start < skip[1]:
            break
        coordinated = bool(phrase) and phrase[-1].pos == "KON"  # "Bund und Länder"
        headed = any(t.pos in _SUBJECT_HEAD for t in phrase)
        if token.pos == "KON" and token.text in _JOINING and headed:
            phrase.append(token)
            continue
        if _comparing_amount(tokens, index, phrase):  # "mehr als vierzig Keller"
            phrase.append(token)
            continue
        if token.pos not in _NOUN_PHRASE:
            break
        # a new determiner after a noun, or a number after a common noun, starts the next phrase
        # ("die Partei | 24 Prozent", but "eine Boeing 757")
        if (
            headed
            and not coordinated
            and (token.pos in _DETERMINERS or (token.pos == "CARD" and phrase[-1].pos == "NN"))
        ):
            break
        if split_nouns and token.pos == "NN" and phrase and phrase[-1].pos == "NN":
            break
        phrase.append(token)
        if len(phrase) == _MAX_PHRASE:
            break
    # a coordination cut off by the length limit is left out ("die Regierung und ein ...")
    last_kon = max((i for i, t in enumerate(phrase) if t.pos == "KON"), default=None)
    if last_kon is not None and not any(t.pos in _SUBJECT_HEAD for t in phrase[last_kon:]):
        del phrase[last_kon:]
    return phrase


def _comparing_amount(tokens: Sequence[Token], index: int, phrase: Sequence[Token]) -> bool:
    """A comparison particle between an indefinite amount and a number ("mehr als vierzig")."""
    return (
        tokens[index].pos == "KOKOM"
        and bool(phrase)
        and phrase[-1].pos == "PIAT"
        and index + 1 < len(tokens)
        and tokens[index + 1].pos == "CARD"
    )


def _is_genitive(tokens: Sequence[Token], i: int, head: Token, skip: tuple[int, int]) -> bool:
    """Whether the phrase at ``i``, after a prepositional phrase ending in ``head``, is its
    genitive attribute: "des ..." always, "der ..." after a common noun when another phrase
    follows ("nach Angaben der Stadt | die Polizei", but "in Berlin | der Minister")."""
    article = tokens[i].text.lower()
    attribute = _phrase(tokens, i, skip)
    if not attribute or article not in _GENITIVE_ARTICLES:
        return False
    if article in _ONLY_GENITIVE:
        return True
    after = i + len(attribute)
    return head.pos == "NN" and after < len(tokens) and tokens[after].pos in _DETERMINERS


def _subject_start(tokens: Sequence[Token], start: int, skip: tuple[int, int]) -> int:
    """Where the subject after the verb begins: past adverbs, the reflexive pronoun, the date
    and prepositional phrases with their genitive attributes ("nach Angaben des Verbands")."""
    i = start
    while i < len(tokens):
        token = tokens[i]
        if skip[0] <= token.start < skip[1] or token.pos in _BEFORE_SUBJECT:
            i += 1
        elif token.pos in _PREPOSITIONS:
            phrase = _phrase(tokens, i + 1, skip, split_nouns=True)
            if not phrase:
                return i
            i += 1 + len(phrase)
            while i < len(tokens) and _is_genitive(tokens, i, phrase[-1], skip):
                i += len(_phrase(tokens, i, skip))
        else:
            return i
    return i


def _name_mention(phrase: Sequence[Token], article: Article):
    """The person or organisation mention that holds the first name of the phrase, if the
    entity layer has one: it tells "Landrätin Anna Weber" (one) from "Weber Schulz"
    (two)."""
    name = next((t for t in phrase if t.pos == "NE"), None)
    if name is None:
        return None
    for mention in article.entities:
        if mention.start <= name.start < mention.end and mention.label[:3] in ("PER", "ORG"):
            return mention
    return None


def _subject_and_rest(article: Article, phrase: list[Token], after: int) -> tuple[str, int] | None:
    """The subject's text and where the object may start, or None when no noun names it or its
    article shows it is no subject ("dem Haftrichter")."""
    if not any(t.pos in _SUBJECT_HEAD for t in phrase) or phrase[0].text.lower() in _OBLIQUE:
        return None
    mention = _name_mention(phrase, article)
    if mention is not None:
        inside = [t for t in phrase if t.end <= mention.end]
        return " ".join(t.text for t in inside), after - len(phrase) + len(inside)
    return " ".join(t.text for t in phrase), after


def _outside_quotes(tokens, quotes, position) -> list[int]:
    """Finite verbs in the same voice as ``position``: narration or the same quotation."""

    def quote_of(offset: int) -> tuple[int, int] | None:
        return next((q for q in quotes if q[0] <= offset < q[1]), None)

    voice = quote_of(position)
    return [i for i, t in enumerate(tokens) if t.pos in _FINITE and quote_of(t.start) == voice]


def _phrase_start(tokens: Sequence[Token], start: int) -> int:
    """Where the prepositional phrase of a time expression starting at ``start`` begins."""
    index = next((i for i, t in enumerate(tokens) if t.start >= start), len(tokens))
    while index > 0 and tokens[index - 1].pos in _PREPOSITIONS | {"ART"}:
        index -= 1
    return tokens[index].start if index < len(tokens) else start


def event_phrase(
    article: Article, tokens: Sequence[Token], timex: Timex, quotes: Sequence[tuple[int, int]] = ()
) -> str | None:
    """The event text of the clause around ``timex`` (subject, verb, object, the rest of the
    verb), or None when the clause has no subject that names someone or something."""
    # the date with the preposition and article before it ("am" of "am Freitag"), which TIMEX3
    # keeps out of the span: none of it is subject or object
    skip = (_phrase_start(tokens, timex.start), timex.end)
    # the verb must share the clause with the date: no comma, dash or quote between them
    verbs = [
        i
        for i in _outside_quotes(tokens, quotes, timex.start)
        if not any(
            t.pos in _CLAUSE_BREAK
            and not skip[0] <= t.start < skip[1]  # "am Montag, dem 3. März"
            and min(tokens[i].start, skip[0]) < t.start < max(tokens[i].start, skip[1])
            for t in tokens
        )
    ]
    if not verbs:
        return None
    verb = min(verbs, key=lambda i: abs(tokens[i].start - skip[0]))
    opening = next(
        (i for i, t in enumerate(tokens) if not (skip[0] <= t.start < skip[1])), len(tokens)
    )
    # V2 order: a noun phrase that opens the sentence is the subject ("Das Treffen endete"),
    # otherwise the one after the verb ("Am Freitag endete das Treffen")
    before = (
        _phrase(tokens, opening, skip)
        if opening < verb and _main_clause_verb(tokens, opening, verb, skip)
        else []
    )
    found = _subject_and_rest(article, before, verb + 1) if before else None
    if found:
        found = (found[0], verb + 1)
    else:
        start = _subject_start(tokens, verb + 1, skip)
        after = _phrase(tokens, start, skip)
        found = _subject_and_rest(article, after, start + len(after)) if after else None
    if found is None:
        return None
    subject, rest = found
    # the object may follow adverbs and the date itself ("hatte noch am Mittwoch eine ...")
    while rest < len(tokens) and (
        tokens[rest].pos in word_set("before_object_tags")
        or skip[0] <= tokens[rest].start < skip[1]
    ):
        rest += 1
    clause_end = next(
        (i for i in range(rest, len(tokens)) if tokens[i].pos in _CLAUSE_END), len(tokens)
    )
    obj = _object(tokens, rest, clause_end, skip)
    wanted = {"PTKVZ"} | (_FULL_VERBS | _PREDICATE if tokens[verb].pos in _AUXILIARIES else set())
    after_object = obj[-1].start if obj else -1
    complements = [
        t for t in tokens[rest:clause_end] if t.pos in wanted and t.start > after_object
    ][:2]
    statement = _statement(tokens, verb, clause_end, complements)
    if not obj and not complements and not statement:
        obj = _prepositional(tokens, rest, clause_end, skip)
    # the reflexive pronoun belongs to the verb ("einigten sich")
    reflexive = next((t for t in tokens[verb + 1 : clause_end] if t.pos == "PRF"), None)
    verb_words = [tokens[verb], *([reflexive] if reflexive else [])]
    if not (obj or complements or statement or reflexive):
        return None  # a bare "der Gipfel galt" says nothing of what happened
    words = [subject, *(t.text for t in verb_words + obj + complements)]
    return " ".join(words) + statement


def _main_clause_verb(
    tokens: Sequence[Token], opening: int, verb: int, skip: tuple[int, int]
) -> bool:
    """Whether the sentence's opening noun phrase can be the verb's subject: no subordinate
    clause opens between them, no other finite verb stands between them, and the verb does not
    follow a comma (a fronted clause: "Die Kommission solle arbeiten, teilten beide Seiten
    mit")."""
    between = [t for t in tokens[opening:verb] if not skip[0] <= t.start < skip[1]]
    if any(t.pos in _SUBORDINATE or t.pos in _FINITE for t in between):
        return False
    return not (between and between[-1].pos == "$,")


def _object(
    tokens: Sequence[Token], rest: int, clause_end: int, skip: tuple[int, int]
) -> list[Token]:
    """The noun phrase the verb acts on: right after it, or past prepositional phrases ("war
    für einige Stunden Schauplatz"); a genitive right after the subject is its attribute."""
    past = _subject_start(tokens, rest, skip)
    for start, genitive in ((rest, _ONLY_GENITIVE), (past, _GENITIVE_ARTICLES)):
        if start >= clause_end:
            continue
        obj = _phrase(tokens, start, skip)
        # past a prepositional phrase, "der ..." is as likely the genitive of its noun
        if any(t.pos in _SUBJECT_HEAD for t in obj) and obj[0].text.lower() not in genitive:
            return obj
    return []


def _prepositional(
    tokens: Sequence[Token], rest: int, clause_end: int, skip: tuple[int, int]
) -> list[Token]:
    """The first prepositional phrase after the verb that is neither the date nor a source
    ("ohne eine Einigung", not "nach Angaben der Stadt"): what the event was about when it
    has no object."""
    for i in range(rest, clause_end):
        token = tokens[i]
        if skip[0] <= token.start < skip[1] or token.pos not in _PREPOSITIONS:
            continue
        before = tokens[i - 1]
        # after a common noun it is that noun's attribute ("der Gipfel von Konstanz")
        if token.text.lower() in _SOURCE_PREPOSITIONS or (
            before.pos == "NN" and not skip[0] <= before.start < skip[1]
        ):
            return []
        phrase = _phrase(tokens, i + 1, skip, split_nouns=True)
        while phrase and phrase[-1].pos not in _SUBJECT_HEAD:
            phrase.pop()  # "an der Marktstätte friedlich"
        return [token, *phrase] if phrase else []
    return []


def _statement(
    tokens: Sequence[Token], verb: int, clause_end: int, complements: Sequence[Token]
) -> str:
    """ ", what was said …" after a verb of saying whose clause ends in a comma, or ""."""
    if clause_end >= len(tokens) or tokens[clause_end].pos != "$,":
        return ""
    verbs = quote_resources().speech_verbs
    particles = [t.text.lower() for t in complements if t.pos == "PTKVZ"]
    lemmas = {tokens[verb].lemma, *(t.lemma for t in complements)}
    lemmas |= {p + tokens[verb].lemma for p in particles}
    if not lemmas & verbs.keys():
        return ""
    said = ""
    words = 0
    for token in tokens[clause_end + 1 :]:
        if token.pos == "$.":
            break
        if token.pos == "$(" or words == _MAX_STATEMENT:  # a quotation follows, or too long
            return f", {said.strip()} …" if said else ""
        said += token.text if token.pos == "$," else f" {token.text}"
        words += token.pos != "$,"
    return f", {said.strip()}" if said else ""


def article_events(article: Article) -> list[dict[str, Any]]:
    quotes = quoted_ranges(article.text)
    by_sentence: dict[int, list[Token]] = {}
    for token in article.tokens:
        by_sentence.setdefault(token.sentence, []).append(token)
    events = []
    for index, sentence in enumerate(article.sentences):
        timex = _sentence_timex(article.timexes, sentence)
        if timex is None:
            continue
        text = event_phrase(article, by_sentence.get(index, []), timex, quotes)
        if text is None:
            continue
        events.append(
            {
                "date": timex.value,
                "text": text,
                "sentence": [sentence.start, sentence.end],
                "article": article.id,
                "outlet": article.outlet,
                "timex": [timex.start, timex.end],
            }
        )
    return events


def build_events(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """The dated events of all articles, in date order (then article, then position)."""
    events = [event for article in articles for event in article_events(article)]
    return sorted(events, key=lambda e: (e["date"], e["article"], e["sentence"][0]))
