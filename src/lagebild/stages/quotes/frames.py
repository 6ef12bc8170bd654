"""Frames of indirect speech found by rule, for the sentences where the content tagger found none.

The patterns are the ones issue 3 names: "laut X …", "nach Angaben X …", "X zufolge …",
"wie X sagte, …" and "…, wie X sagte.", "X sagte, (dass) …" (also with a zu-infinitive: "X
kündigte an, … zu lassen"), "…, sagte X", "…, so X" and "…, so X, dass …". Each gives the
content, the speaker (a noun phrase found from the part-of-speech tags; none for an impersonal
passive: "Es wird vermutet, dass …") and the cue, as token index ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...lang.de import word_set
from .codes import Rule, VerbClass
from .facts import TokenFacts
from .resources import QuoteResources
from .syntax import Syntax

_MIN_WORDS = 3
_MAX_FRAME = 14  # tokens from a speech verb to the comma before its reported clause


@dataclass(frozen=True)
class RuleQuote:
    runs: tuple[tuple[int, int], ...]  # content as [first, last] token ranges
    speaker: tuple[int, int] | None  # None: an impersonal passive ("Es wird vermutet, dass …")
    cue: tuple[int, int]
    rule: Rule


class FrameRules:
    """The frame patterns, each a method from a sentence's token indices to what it finds."""

    def __init__(self, syntax: Syntax, facts: TokenFacts, res: QuoteResources):
        self.syntax = syntax
        self.tokens = syntax.tokens
        self.lower = syntax.lower
        self.facts = facts
        self.before_phrases: dict[str, list[tuple[str, ...]]] = {}  # by first word, in order
        for phrase in res.cues["source_before"]:
            self.before_phrases.setdefault(phrase[0], []).append(phrase)
        self.source_nouns = tuple(p[0] for p in res.cues["source_noun"])
        self.source_adverbs = {p[0] for p in res.cues["source_adverb"]}
        self.clause_starts = syntax.clause_starts
        self.passive_auxiliaries = word_set("passive_auxiliaries")
        self.wie_words = {p[0] for p in res.cues["wie_frame"]}  # "wie X sagte"
        self.so_words = {p[0] for p in res.cues["so_source"]}  # "…, so X."
        self.postpositions = word_set("source_postpositions")  # "X zufolge"
        self.source_prepositions = word_set("source_prepositions")  # "nach Angaben X"

    def source_cue(self, sentence: list[int]) -> RuleQuote | None:
        """ "Laut X …", "Nach Angaben X …" anywhere in the sentence."""
        for position, i in enumerate(sentence):
            for phrase in self.before_phrases.get(self.lower[i], ()):
                words = tuple(self.lower[j] for j in sentence[position : position + len(phrase)])
                if words != phrase:
                    continue
                cue_end = sentence[position + len(phrase) - 1]
                # "laut X": X speaks; "nach Angaben X": the speaker span includes "Angaben"
                np_start = cue_end + 1 if len(phrase) == 1 else cue_end
                np_end = self.syntax.np_after(cue_end + 1, sentence[-1])
                if np_end is None:
                    continue
                found = self._source_quote(sentence, i, (i, np_end), (np_start, np_end))
                if found:
                    return found
            if (
                self.lower[i] in self.source_prepositions
                and i > sentence[0]
                and self._heads_source(i - 1, i - 1)
            ):
                # "seiner Meinung nach …", "dem Vernehmen nach …"
                np_start = self.syntax.np_before(i, sentence[0])
                if np_start is not None and np_start < i - 1:
                    found = self._source_quote(sentence, i, (np_start, i), (np_start, i - 1))
                    if found:
                        return found
            if self.lower[i] in self.source_prepositions and i < sentence[-1]:
                # "nach ersten Erkenntnissen der Polizei", "nach Behördenangaben"
                np_end = self.syntax.np_after(i + 1, sentence[-1])
                if np_end is None or not self._heads_source(i + 1, np_end):
                    continue
                found = self._source_quote(sentence, i, (i, np_end), (i + 1, np_end))
                if found:
                    return found
        return None

    def _source_quote(
        self, sentence: list[int], cue: int, frame: tuple[int, int], speaker: tuple[int, int]
    ) -> RuleQuote | None:
        """What a source cue at ``cue`` reports: its clause without the ``frame``."""
        runs = self.syntax.content(self.syntax.cue_clause(sentence, *frame), frame)
        if self.syntax.words(runs) < _MIN_WORDS:
            return None
        return RuleQuote(runs, speaker, (cue, cue), Rule.SOURCE_BEFORE)

    def source_adverb(self, sentence: list[int]) -> RuleQuote | None:
        """ "Demnach sei …", "…, wonach die Firma schließe": the adverb is cue and source; what
        it reports runs to the end of its clause."""
        for i in sentence[:-1]:
            if self.lower[i] not in self.source_adverbs:
                continue
            if i > sentence[0] and self.lower[i - 1] != ",":
                continue  # "Geplant ist demnach der 13. Juli": an adverb inside a statement
            last = next(
                (k - 1 for k in range(i + 1, sentence[-1] + 1) if self.lower[k] == ","), None
            )
            runs = self.syntax.content(sentence, (sentence[0], i))
            if last is not None and i > sentence[0]:
                runs = ((i + 1, last),)
            # "ein Bericht der Zeitung, wonach …": the phrase before the comma is the source
            start = self.syntax.np_before(i - 1, sentence[0]) if i > sentence[0] else None
            speaker = (start, i - 2) if start is not None else (i, i)
            if self.syntax.words(runs) >= _MIN_WORDS:
                return RuleQuote(runs, speaker, (i, i), Rule.SOURCE_ADVERB)
        return None

    def _heads_source(self, first: int, last: int) -> bool:
        """Whether the first noun of the phrase is a source noun ("Angaben der Polizei")."""
        noun = next((k for k in range(first, last + 1) if self.tokens[k].pos == "NN"), None)
        return noun is not None and self.lower[noun].endswith(self.source_nouns)

    def zufolge(self, sentence: list[int]) -> RuleQuote | None:
        """ "X zufolge …"."""
        for i in sentence:
            if self.lower[i] not in self.postpositions:
                continue
            start = self.syntax.np_before(i, sentence[0])
            if start is None:
                continue
            runs = self.syntax.content(sentence, (start, i))
            if self.syntax.words(runs) >= _MIN_WORDS:
                return RuleQuote(runs, (start, i - 1), (i, i), Rule.SOURCE_AFTER)
        return None

    def wie_frame(self, sentence: list[int]) -> RuleQuote | None:
        """ "Wie X mitteilte, …" and "…, wie X mitteilte."."""
        if self.lower[sentence[0]] not in self.wie_words:
            return self.wie_after(sentence)
        verb = next((i for i in sentence if self.facts.speech_verb[i]), None)
        comma = next((i for i in sentence if verb and i > verb and self.lower[i] == ","), None)
        if verb is None or comma is None:
            return None
        end = self.syntax.np_after(sentence[0] + 1, verb - 1)
        if end is None:
            return None
        runs = self.syntax.content(sentence, (sentence[0], comma))
        if self.syntax.words(runs) < _MIN_WORDS:
            return None
        return RuleQuote(runs, (sentence[0] + 1, end), (verb, verb), Rule.WIE)

    def wie_after(self, sentence: list[int]) -> RuleQuote | None:
        """ "…, wie X mitteilte." closing the sentence: the clause before is the content."""
        last = sentence[-1]
        while last > sentence[0] and self.tokens[last].pos.startswith("$"):
            last -= 1
        for position, i in enumerate(sentence[1:-2], start=1):
            if self.lower[i] not in self.wie_words or self.lower[sentence[position - 1]] != ",":
                continue
            verb = next((k for k in range(i + 1, last + 1) if self.facts.speech_verb[k]), None)
            if verb is None or any(
                self.tokens[k].pos.endswith("FIN") for k in range(verb + 1, last + 1)
            ):
                continue
            end = self.syntax.np_after(i + 1, verb - 1)
            if end is None:
                continue
            runs = self.syntax.content(sentence, (sentence[position - 1], sentence[-1]))
            if self.syntax.words(runs) >= _MIN_WORDS:
                return RuleQuote(runs, (i + 1, end), (verb, verb), Rule.WIE)
        return None

    def verb_comma(self, sentence: list[int]) -> RuleQuote | None:
        """ "X sagte, (dass) …" and "…, sagte X." / "…, so X."."""
        last = sentence[-1]
        for position, i in enumerate(sentence):
            if not self.facts.speech_verb[i] or not self.tokens[i].pos.startswith("VV"):
                continue
            # "X sagte (im ZDF), …", "gab der Leiter, Max Muster, bekannt, dass …": the
            # reported clause follows a comma soon after the verb, before any other verb
            comma = next(
                (
                    j
                    for j in sentence[position + 1 : position + _MAX_FRAME]
                    if self.lower[j] == ","
                    and (
                        self.syntax.reported_clause(j + 1, last)
                        or self.syntax.zu_clause(j + 1, last)
                    )
                ),
                None,
            )
            if comma is not None and any(
                self.tokens[j].pos.endswith("FIN") for j in range(i + 1, comma)
            ):
                comma = None
            if comma is not None:
                speaker = self.syntax.subject_of(i, sentence)
                passive = self._impersonal_passive(i, sentence, speaker)
                if speaker is None and not passive:
                    continue
                if passive:
                    speaker = None
                # an indicative verb-second clause is reported speech after "X sagte," opening
                # the sentence; elsewhere it is as often the author's next clause
                # ("Er rief an, später brach er zusammen")
                plain_frame = (
                    speaker is not None
                    and speaker[0] == sentence[0]
                    and self.facts.speech_verb[i] == VerbClass.SAY
                )
                introduced = self.lower[comma + 1] in self.clause_starts
                zu = self.syntax.zu_clause(comma + 1, last)
                if not (introduced or plain_frame or zu or self._konjunktiv_in(comma + 1, last)):
                    continue
                runs = self.syntax.content(sentence, (sentence[0], comma))
                if self.syntax.words(runs) >= _MIN_WORDS:
                    return RuleQuote(runs, speaker, (i, i), Rule.VERB_COMMA)
            # "…, sagte X.": the content is the clause before, the frame ends the sentence
            if position > 0 and self.lower[sentence[position - 1]] == ",":
                begin = i + 1
                while begin < last and self.tokens[begin].pos in word_set("adverbial_tags"):
                    begin += 1  # "…, teilte später der Direktor mit"
                end = self.syntax.np_after(begin, last)
                if end is None or not self._frame_ends(end, last):
                    continue
                runs = self.syntax.content(sentence, (sentence[position - 1], last))
                if self.syntax.main_clause_verb(runs) and self.syntax.words(runs) >= _MIN_WORDS:
                    return RuleQuote(runs, (begin, end), (i, i), Rule.FRAME_AFTER)
        return self.so_frame(sentence)

    def so_frame(self, sentence: list[int]) -> RuleQuote | None:
        """ "…, so X." after the content, also inserted: "Die Lage zeige, so X, dass …"."""
        last = sentence[-1]
        for position, i in enumerate(sentence[1:], start=1):
            if self.lower[i] not in self.so_words or self.lower[sentence[position - 1]] != ",":
                continue
            end = self.syntax.np_after(i + 1, last)
            if end is None or not self._frame_ends(end, last):
                continue
            frame_end = last
            comma = end + 1
            while comma < last and self.tokens[comma].pos in word_set("adverb_particle_tags"):
                comma += 1  # "…, so X weiter, …"
            if (
                comma + 1 <= last
                and self.lower[comma] == ","
                and self.syntax.reported_clause(comma + 1, last)
            ):
                frame_end = comma  # the content goes on after the inserted frame
            runs = self.syntax.content(sentence, (sentence[position - 1], frame_end))
            if self.syntax.words(runs) >= _MIN_WORDS:
                return RuleQuote(runs, (i + 1, end), (i, i), Rule.SO)
        return None

    def _impersonal_passive(
        self, verb: int, sentence: list[int], speaker: tuple[int, int] | None
    ) -> bool:
        """ "Es wird vermutet, dass …", "Am Freitag wurde berichtet, …": a passive speech verb
        with no one named as its agent."""
        if self.tokens[verb].pos != "VVPP":
            return False
        if not any(
            self.tokens[k].lemma.lower() in self.passive_auxiliaries for k in sentence if k < verb
        ):
            return False
        return speaker is None or (
            speaker[0] == speaker[1] and self.lower[speaker[0]] in self.syntax.impersonal
        )

    def _frame_ends(self, speaker_end: int, last: int) -> bool:
        """Whether a frame "…, sagte X" ends after its speaker: at the end of the sentence, or
        with an apposition, an adverb or a verb particle ("so X, die Leiterin des Amtes",
        "so X weiter", "teilte X mit")."""
        if speaker_end >= last - 1:
            return True
        following = self.tokens[speaker_end + 1]
        return following.text in (",", "(") or following.pos in word_set("adverb_particle_tags")

    def _konjunktiv_in(self, start: int, end: int) -> bool:
        return any(self.facts.konjunktiv[k] for k in range(start, min(end, start + 5) + 1))

    def find(self, sentence: list[int]) -> RuleQuote | None:
        patterns = (self.source_cue, self.source_adverb, self.zufolge, self.wie_frame)
        for pattern in (*patterns, self.verb_comma):
            found = pattern(sentence)
            if found:
                return found
        return None
