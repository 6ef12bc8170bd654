"""Frames of indirect speech found by rule, for the sentences where the content tagger found none.

The patterns are the ones issue 3 names: "laut X …", "nach Angaben X …", "X zufolge …",
"wie X sagte, …", "X sagte, (dass) …", "…, sagte X" and "…, so X". Each gives the content, the
speaker (a noun phrase found from the part-of-speech tags) and the cue, as token index ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Token
from .features import TokenFacts
from .resources import QuoteResources

# tags a noun phrase is made of; a genitive chain ("Angaben der Polizei") stays one phrase
_NP_TAGS = frozenset(
    {"ART", "PDAT", "PPOSAT", "PIAT", "ADJA", "CARD", "NN", "NE", "NNA", "FM", "XY"}
)
_NP_HEADS = frozenset({"NN", "NE", "NNA", "FM", "XY", "PPER", "PIS", "PDS"})
_MIN_WORDS = 3


@dataclass(frozen=True)
class RuleQuote:
    runs: tuple[tuple[int, int], ...]  # content as [first, last] token ranges
    speaker: tuple[int, int]
    cue: tuple[int, int]
    rule: str


class FrameRules:
    def __init__(self, tokens: list[Token], facts: TokenFacts, res: QuoteResources):
        self.tokens = tokens
        self.facts = facts
        self.lower = [t.text.lower() for t in tokens]
        self.before_phrases = res.cues["source_before"]
        self.clause_starts = {p[0] for p in res.cues["clause_start"]}
        self.speaker_words = res.speaker_words
        # compounds of role words speak too: "Kremlsprecher", "Vereinsvorsitzende"
        self.role_words = tuple(
            w.lower() for w, kind in res.speaker_words.items() if kind == "role"
        )

    # -- noun phrases --------------------------------------------------------------------

    def np_after(self, start: int, end: int) -> int | None:
        """Last token of the noun phrase starting at ``start`` (within the sentence)."""
        if start > end:
            return None
        if self.tokens[start].pos in ("PPER", "PIS", "PDS"):
            return start
        last = None
        k = start
        while k <= end and self.tokens[k].pos in _NP_TAGS:
            if self.tokens[k].pos in _NP_HEADS:
                last = k
            k += 1
        return last

    def np_before(self, stop: int, begin: int) -> int | None:
        """First token of the noun phrase that ends right before ``stop``."""
        k = stop - 1
        if k < begin or self.tokens[k].pos not in _NP_HEADS:
            return None
        if self.tokens[k].pos in ("PPER", "PIS", "PDS"):
            return k
        while k - 1 >= begin and self.tokens[k - 1].pos in _NP_TAGS:
            k -= 1
        return k

    def subject_of(self, verb: int, sentence: list[int]) -> tuple[int, int] | None:
        """The speaker of a speech verb: the phrase opening the sentence right before it
        ("Die Ministerin sagte"), else the phrase right after it ("Am Montag sagte sie")."""
        first = sentence[0]
        start = self.np_before(verb, first)
        if start == first:
            return (start, verb - 1)
        end = self.np_after(verb + 1, sentence[-1])
        if end is not None and self.can_speak(verb + 1, end):
            return (verb + 1, end)
        return (start, verb - 1) if start is not None else None

    def can_speak(self, first: int, last: int) -> bool:
        """A phrase after the verb is its subject only if it names someone: a name, a pronoun
        or a speaker word ("Experten", "die Polizei"); else it is likely the object."""
        for k in range(first, last + 1):
            token = self.tokens[k]
            if token.pos in ("NE", "PPER", "PIS") or token.text in self.speaker_words:
                return True
            if token.pos == "NN" and any(token.text.endswith(w) for w in self.role_words):
                return True
        return False

    # -- patterns ------------------------------------------------------------------------

    def _content(self, sentence: list[int], skip: tuple[int, int]) -> tuple[tuple[int, int], ...]:
        """The sentence without the frame ``skip`` and its final punctuation, as ranges."""
        first, last = sentence[0], sentence[-1]
        while last > first and self.tokens[last].pos.startswith("$"):
            last -= 1
        runs = []
        if skip[0] > first:
            left_end = skip[0] - 1
            while left_end > first and self.tokens[left_end].pos.startswith("$"):
                left_end -= 1
            runs.append((first, left_end))
        if skip[1] < last:
            right_start = skip[1] + 1
            while right_start < last and self.tokens[right_start].pos.startswith("$"):
                right_start += 1
            runs.append((right_start, last))
        return tuple(runs)

    def _words(self, runs: tuple[tuple[int, int], ...]) -> int:
        return sum(1 for a, b in runs for i in range(a, b + 1) if self.tokens[i].text[:1].isalnum())

    def source_cue(self, sentence: list[int]) -> RuleQuote | None:
        """ "Laut X …", "Nach Angaben X …" anywhere in the sentence."""
        for position, i in enumerate(sentence):
            for phrase in self.before_phrases:
                words = tuple(self.lower[j] for j in sentence[position : position + len(phrase)])
                if words != phrase:
                    continue
                cue_end = sentence[position + len(phrase) - 1]
                # "laut X": X speaks; "nach Angaben X": the speaker span includes "Angaben"
                np_start = cue_end + 1 if len(phrase) == 1 else cue_end
                np_end = self.np_after(cue_end + 1, sentence[-1])
                if np_end is None:
                    continue
                runs = self._content(sentence, (i, np_end))
                if self._words(runs) >= _MIN_WORDS:
                    return RuleQuote(runs, (np_start, np_end), (i, i), "rule:source_before")
        return None

    def zufolge(self, sentence: list[int]) -> RuleQuote | None:
        """ "X zufolge …"."""
        for i in sentence:
            if self.lower[i] != "zufolge":
                continue
            start = self.np_before(i, sentence[0])
            if start is None:
                continue
            runs = self._content(sentence, (start, i))
            if self._words(runs) >= _MIN_WORDS:
                return RuleQuote(runs, (start, i - 1), (i, i), "rule:source_after")
        return None

    def wie_frame(self, sentence: list[int]) -> RuleQuote | None:
        """ "Wie X mitteilte, …"."""
        if self.lower[sentence[0]] != "wie":
            return None
        verb = next((i for i in sentence if self.facts.speech_verb[i]), None)
        comma = next((i for i in sentence if verb and i > verb and self.lower[i] == ","), None)
        if verb is None or comma is None:
            return None
        end = self.np_after(sentence[0] + 1, verb - 1)
        if end is None:
            return None
        runs = self._content(sentence, (sentence[0], comma))
        if self._words(runs) < _MIN_WORDS:
            return None
        return RuleQuote(runs, (sentence[0] + 1, end), (verb, verb), "rule:wie")

    def verb_comma(self, sentence: list[int]) -> RuleQuote | None:
        """ "X sagte, (dass) …" and "…, sagte X." / "…, so X."."""
        last = sentence[-1]
        for position, i in enumerate(sentence):
            if not self.facts.speech_verb[i] or not self.tokens[i].pos.startswith("VV"):
                continue
            # "X sagte (im ZDF), …": the reported clause follows the first comma after the verb
            comma = next(
                (j for j in sentence[position + 1 : position + 12] if self.lower[j] == ","), None
            )
            if comma is not None and any(
                self.tokens[j].pos.endswith("FIN") for j in range(i + 1, comma)
            ):
                comma = None
            if comma is not None and self._reported_clause(comma + 1, last):
                speaker = self.subject_of(i, sentence)
                if speaker is None:
                    continue
                # an indicative verb-second clause is reported speech after "X sagte," opening
                # the sentence; elsewhere it is as often the author's next clause
                # ("Er rief an, später brach er zusammen")
                plain_frame = speaker[0] == sentence[0] and self.facts.speech_verb[i] == "say"
                introduced = self.lower[comma + 1] in self.clause_starts
                if not (introduced or plain_frame or self._konjunktiv_in(comma + 1, last)):
                    continue
                runs = self._content(sentence, (sentence[0], comma))
                if self._words(runs) >= _MIN_WORDS:
                    return RuleQuote(runs, speaker, (i, i), "rule:verb_comma")
            # "…, sagte X.": the content is the clause before, the frame ends the sentence
            if position > 0 and self.lower[sentence[position - 1]] == ",":
                end = self.np_after(i + 1, last)
                if end is None or end < last - 1:
                    continue
                runs = self._content(sentence, (sentence[position - 1], last))
                has_verb = any(
                    self.tokens[k].pos.endswith("FIN") for a, b in runs for k in range(a, b + 1)
                )
                if has_verb and self._words(runs) >= _MIN_WORDS:
                    return RuleQuote(runs, (i + 1, end), (i, i), "rule:frame_after")
        for position, i in enumerate(sentence[1:], start=1):
            if self.lower[i] == "so" and self.lower[sentence[position - 1]] == ",":
                end = self.np_after(i + 1, last)
                if end is not None and end >= last - 1:
                    runs = self._content(sentence, (sentence[position - 1], last))
                    if self._words(runs) >= _MIN_WORDS:
                        return RuleQuote(runs, (i + 1, end), (i, i), "rule:so")
        return None

    def _reported_clause(self, start: int, end: int) -> bool:
        """A dass-clause or a verb-second clause: "dass …", "die Lage sei ernst"."""
        if start > end:
            return False
        if self.lower[start] in self.clause_starts:
            return True
        head = range(start, min(end, start + 5) + 1)
        return any(self.tokens[k].pos.endswith("FIN") for k in head)

    def _konjunktiv_in(self, start: int, end: int) -> bool:
        return any(self.facts.konjunktiv[k] for k in range(start, min(end, start + 5) + 1))

    def find(self, sentence: list[int]) -> RuleQuote | None:
        for pattern in (self.source_cue, self.zufolge, self.wie_frame, self.verb_comma):
            found = pattern(sentence)
            if found:
                return found
        return None
