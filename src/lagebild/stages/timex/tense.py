"""The tense of the sentence around a time expression, from its finite verbs, so that "am
Freitag" or "im Oktober" can be placed before or after the anchor."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ...lang.de import word_list, word_set
from ...model import Token

PAST, PRESENT, FUTURE = "PAST", "PRESENT", "FUTURE"
# before a past ("hatte beraten"): a weekday named with it lies strictly before the anchor day
PLUPERFECT = "PLUPERFECT"
PAST_TENSES = frozenset({PAST, PLUPERFECT})

_FINITE = word_set("finite_verb_tags")
_PARTICIPLES = word_set("participle_tags")
_INFINITIVES = word_set("infinitive_tags")
_PREPOSITIONS = word_set("preposition_tags")
_ARGUMENT_HEADS = word_set("noun_tags") | word_set("pronoun_tags")
_DETERMINERS = word_set("determiner_tags")
_CLAUSE_BREAKS = word_set("inner_break_tags")
_NOMINAL_MODIFIERS = _DETERMINERS | word_set("nominal_modifier_tags")
_WEAK_PRETERITE_ENDINGS = word_list("weak_preterite_endings")
_INFLECTION_ENDINGS = ("", *word_list("verb_inflection_endings"))  # the bare stem first


def _is_preterite(form: str, lemma: str, strong: dict[str, tuple[str, ...]]) -> bool:
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1] if lemma.endswith("n") else lemma
    if stem and any(form == stem + ending for ending in _WEAK_PRETERITE_ENDINGS):
        return True
    for ending in _INFLECTION_ENDINGS:
        if ending and not form.endswith(ending):
            continue
        base = form[: len(form) - len(ending)]
        # prefixed verbs: "erhielt" is "er" + "hielt" of "er" + "halten"
        for cut in range(0, min(6, len(base))):
            entry = strong.get(base[cut:])
            if entry and lemma == base[:cut] + entry[0]:
                return True
    return False


def _is_state(sentence_tokens: Sequence[Token], states) -> bool:
    """Whether "haben" with its participles describes a state: every participle is a state
    participle ("geschlossen") and the sentence names no more than one subject or object
    outside prepositional phrases ("Die Ämter haben zwischen den Jahren geschlossen", not "Die
    Firma hat ihr Werk geschlossen")."""
    if not all(t.text.lower() in states for t in sentence_tokens if t.pos in _PARTICIPLES):
        return False
    arguments, in_phrase, head_seen = 0, False, False
    for token in sentence_tokens:
        if token.pos in _PREPOSITIONS:
            in_phrase, head_seen = True, False
        elif token.pos in _DETERMINERS and head_seen:  # "am Freitag | ihr Werk"
            in_phrase, head_seen = False, False
        elif token.pos in _ARGUMENT_HEADS:
            arguments += not in_phrase and not head_seen
            head_seen = True
        elif token.pos != "KON" and token.pos not in _NOMINAL_MODIFIERS:
            in_phrase = head_seen = False  # "Weihnachten und Neujahr", "die meisten Ämter" go on
    return arguments <= 1


def verb_tense(token: Token, sentence_tokens: Sequence[Token], tables) -> str:
    form, lemma = token.text.lower(), token.lemma.lower()
    participles = [t.lemma.lower() for t in sentence_tokens if t.pos in _PARTICIPLES]
    kind = tables["tense-words"].get(form, ("",))[0]
    if kind == "FUTURE" and lemma == "werden":
        # "wird reisen" is future, "wird gebaut" a present passive
        has_infinitive = any(t.pos in _INFINITIVES for t in sentence_tokens)
        return FUTURE if has_infinitive and not participles else PRESENT
    if kind == "CONDITIONAL":
        return FUTURE
    if kind == "MODAL":
        return PRESENT
    if kind == "PLAN":
        # "soll im Herbst vorgelegt werden", "will bis zum Sommer entscheiden": a plan lies
        # ahead; "soll ihn gesehen haben" (a perfect infinitive) does not
        infinitives = [t.lemma.lower() for t in sentence_tokens if t.pos in _INFINITIVES]
        perfect = participles and any(i in word_set("perfect_auxiliaries") for i in infinitives)
        return FUTURE if infinitives and not perfect else PRESENT
    if kind == "PERFECT" and lemma == "haben":
        if participles and _is_state(sentence_tokens, tables["haben-states"]):
            return PRESENT  # "Die Ämter haben geschlossen": a state, no perfect
        return PAST if participles else PRESENT
    if kind == "PERFECT" and lemma == "sein":
        # "ist gestorben" is a perfect, "ist geplant" a present state
        return PAST if any(p in tables["sein-perfect"] for p in participles) else PRESENT
    if kind == "PAST_SUBJUNCTIVE" and participles:
        return PAST
    if kind == "PLUPERFECT":
        # "hatte beraten", "war gestorben"; "war geöffnet" is a past state
        # the tagger reads some participles as infinitives ("hatte beraten")
        if lemma == "haben":
            perfect = bool(participles) or any(t.pos == "VVINF" for t in sentence_tokens)
        else:
            perfect = any(p in tables["sein-perfect"] for p in participles)
        return PLUPERFECT if perfect else PAST
    return PAST if _is_preterite(form, lemma, tables["preterite"]) else PRESENT


class TenseIndex:
    """The tenses of the finite verbs of each sentence, to ask for the one nearest a span.

    Worked out only for the sentences asked about: most hold no time expression.
    """

    def __init__(self, tokens: Sequence[Token], tables, quotes: Sequence[tuple[int, int]]):
        self._quotes = list(quotes)
        self._tables = tables
        self._tokens: dict[int, list[Token]] = {}
        for token in tokens:
            self._tokens.setdefault(token.sentence, []).append(token)
        self._verbs: dict[int, list[tuple[int, str]]] = {}

    def _sentence_verbs(self, sentence: int) -> list[tuple[int, str]]:
        if sentence not in self._verbs:
            sentence_tokens = self._tokens.get(sentence, [])
            self._verbs[sentence] = [
                (t.start, verb_tense(t, sentence_tokens, self._tables))
                for t in sentence_tokens
                if t.pos in _FINITE
            ]
        return self._verbs[sentence]

    def _quote_of(self, position: int) -> int | None:
        index = bisect.bisect_right(self._quotes, (position, float("inf"))) - 1
        if index >= 0 and self._quotes[index][0] <= position < self._quotes[index][1]:
            return index
        return None

    def _infinitive_clause(self, sentence: int, position: int) -> str | None:
        """The tense of a zu-infinitive clause without a finite verb of its own that holds
        ``position``: a plan lies ahead ("kündigte an, die Halle bis Pfingsten zu sanieren"), a
        perfect infinitive behind ("bestritt, am Montag dort gewesen zu sein"); None for any
        other clause and for "um/ohne/statt ... zu", which take the tense of the main clause."""
        tokens = self._tokens.get(sentence, [])
        breaks = [i for i, t in enumerate(tokens) if t.pos in _CLAUSE_BREAKS]
        opening = max((i for i in breaks if tokens[i].start < position), default=None)
        if opening is None:
            return None
        closing = min((i for i in breaks if tokens[i].start >= position), default=len(tokens))
        clause = tokens[opening + 1 : closing]
        if any(t.pos in _FINITE or t.pos == "KOUI" for t in clause):
            return None
        for i, token in enumerate(clause):
            if token.pos == "VVIZU" or (
                token.pos == "PTKZU" and i + 1 < len(clause) and clause[i + 1].pos in _INFINITIVES
            ):
                return PAST if any(t.pos in _PARTICIPLES for t in clause[:i]) else FUTURE
        return None

    def at(self, sentence: int | None, position: int) -> str | None:
        if sentence is not None:
            planned = self._infinitive_clause(sentence, position)
            if planned:
                return planned
        verbs = self._sentence_verbs(sentence) if sentence is not None else None
        if not verbs:
            return None
        quote = self._quote_of(position)
        same_voice = [v for v in verbs if self._quote_of(v[0]) == quote]
        return min(same_voice or verbs, key=lambda verb: abs(verb[0] - position))[1]
