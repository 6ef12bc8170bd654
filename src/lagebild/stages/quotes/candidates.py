"""Judging speaker candidates: how much a phrase looks like someone who speaks, which of several
candidates goes with a quote, and the speakers the sentence structure or the frame tagger's
probabilities offer where the tagger marked none."""

from __future__ import annotations

from ...lang.de import word_list, word_set
from .codes import FrameRole, QuoteKind
from .found import Found, distance, sentences_of
from .reading import NAME_TAGS, Reading, ReadingStep

_MIN_SPEAKER_P = 0.15  # least marginal probability for a speaker the tagger did not output
_MIN_INSIDE_P = 0.1  # ... and for each further token of it
# tags that end a speaker mention grown from the frame tagger's probabilities
_NOT_IN_SPEAKER = word_list("not_in_speaker_tag_prefixes")


class SpeakerCandidates(ReadingStep):
    """Ranks and judges the phrases that may speak a quote."""

    def __init__(self, reading: Reading):
        super().__init__(reading)
        self.speaker_begin = reading.speaker_begin
        self.speaker_inside = reading.speaker_inside
        self.source_prepositions = {p[0] for p in reading.res.cues["source_before"]}

    def clause_subject(self, sentence: int) -> Found | None:
        """The subject of the first finite verb of ``sentence`` when it could speak ("Dabei
        griff sie den Präsidenten an: „…“", "Die Firma nennt das unfair: „…“")."""
        indices = self.facts.sentence_tokens[sentence]
        verb = next((i for i in indices if self.tokens[i].pos.endswith("FIN")), None)
        subject = self.syntax.subject_of(verb, indices) if verb is not None else None
        if subject is None:
            return None
        found = Found(FrameRole.SPEAKER, [list(subject)])
        return None if self.unlikely(found) or self.reading.impersonal(found) else found

    def opening_subject(self, sentence: int) -> Found | None:
        """The phrase opening ``sentence`` when it names someone who could speak."""
        if sentence < 0 or not self.facts.sentence_tokens[sentence]:
            return None
        indices = self.facts.sentence_tokens[sentence]
        last = self.syntax.np_after(indices[0], indices[-1])
        if last is None or not self.syntax.can_speak(indices[0], last):
            return None
        if self.facts.quote[indices[0]] is not None:
            return None
        return Found(FrameRole.SPEAKER, [[indices[0], last]])

    def closest(self, candidates: list[Found], cues: list[Found], quote: Found) -> Found:
        """The speaker that goes with the quote: the one next to a cue of the quote's sentence
        (the subject of "sagte", the source of "laut"), then the one nearest the quote."""
        sentences = sentences_of(self.article, quote)
        # reported speech ("X forderte …") holds its own frame
        inside = set() if quote.kind == QuoteKind.REPORTED else set(quote.tokens())
        inverted = self._pronoun_after_speech_verb(sentences, inside)
        if inverted is not None and any(s.last < inverted.first for s in candidates):
            return inverted  # "Die Lage nannte er ernst": the phrase before the verb is its object
        near_cues = [c for c in cues if sentences_of(self.article, c) & sentences]
        subjects = self.speech_verb_subjects(sentences, inside)
        if subjects and not any(set(s.tokens()) & subjects for s in candidates):
            # the subject of the speech verb competes with the tagger's candidates
            subject = Found(FrameRole.SPEAKER, [[min(subjects), max(subjects)]])
            if not self.unlikely(subject):
                candidates = [*candidates, subject]

        def rank(s: Found) -> tuple[int, bool, bool, int]:
            to_cue = min((distance(s, c) for c in near_cues), default=99)
            return (
                self.unlikely(s),
                not set(s.tokens()) & subjects,
                to_cue > 2,
                distance(s, quote),
            )

        return min(candidates, key=rank)

    def speech_verb_subjects(self, sentences: set[int], skip: set[int]) -> set[int]:
        """The tokens of the subject of the finite speech verb in ``sentences`` nearest the
        quote ``skip``: "Ein Sprecher sagte SPIEGEL ONLINE, …" is the speaker's, not the
        addressee's."""
        verbs = [
            (abs(i - min(skip, key=lambda k: abs(k - i))) if skip else 0, i, sentence)
            for sentence in sorted(sentences)
            for i in self.facts.sentence_tokens[sentence]
            if i not in skip and self.facts.speech_verb[i] and self.tokens[i].pos == "VVFIN"
        ]
        if not verbs:
            return set()
        _, verb, sentence = min(verbs)  # the verb nearest the quote frames it
        subject = self.syntax.subject_of(verb, self.facts.sentence_tokens[sentence])
        return set(range(subject[0], subject[1] + 1)) if subject else set()

    def _pronoun_after_speech_verb(self, sentences: set[int], skip: set[int]) -> Found | None:
        """A subject pronoun right after a finite speech verb ("… bezeichnete er …"); only the
        unambiguous nominatives, as "sie" may be the object."""
        for sentence in sorted(sentences):
            for i in self.facts.sentence_tokens[sentence][1:-1]:
                if (
                    self.facts.speech_verb[i]
                    and self.tokens[i].pos == "VVFIN"
                    and self.tokens[i + 1].text.lower() in self.syntax.nominative_pronouns
                    and i + 1 not in skip
                ):
                    return Found(FrameRole.SPEAKER, [[i + 1, i + 1]])
        return None

    def unlikely(self, speaker: Found) -> int:
        """How little a phrase looks like someone who speaks: a thing ("das Buch") rather than a
        name, pronoun or speaker word; inside a prepositional phrase ("in einer Nachricht")
        other than a source cue ("laut", "nach Angaben"); an abstract noun ("der Festnahme")."""
        penalty = 0
        if not self.syntax.can_speak(speaker.first, speaker.last):
            penalty += 1
        if self.facts.quote[speaker.first] is not None:
            penalty += 1  # a word inside quotation marks belongs to what is said
        if self.abstract(speaker):
            penalty += 1
        k = speaker.first - 1
        while k >= 0 and self.tokens[k].pos in word_set("speaker_phrase_tags"):
            k -= 1
        if (
            k >= 0
            and self.tokens[k].pos in word_set("prepositional_tags")
            and self.tokens[k].text.lower() not in self.source_prepositions
        ):
            penalty += 1
        return penalty

    def abstract(self, speaker: Found) -> bool:
        """A phrase headed by an abstract noun ("der Festnahme", "die Ausführung") is seldom
        the one who speaks."""
        nouns = [i for i in speaker.tokens() if self.tokens[i].pos in NAME_TAGS]
        return bool(nouns) and all(
            self.tokens[i].pos == "NN"
            and self.tokens[i].text.lower().endswith(self.res.abstract_endings)
            and not self.syntax.speaker_word(i)  # "die Regierung", "die Organisation" speak
            for i in nouns
        )

    def best_in(
        self, sentence: int, speakers: list[Found], cues: list[Found], quote: Found
    ) -> Found | None:
        """The speaker the frame tagger found in ``sentence``, else its most likely one."""
        here = [s for s in speakers if sentence in sentences_of(self.article, s)]
        likely = self.likely(quote, {sentence})
        if not here and likely:
            here = [likely]
        return self.closest(here, cues, quote) if here else None

    def subject_after_verb(self, sentence: int) -> Found | None:
        """In "Dies erklärte der Minister Max Muster" the speaker follows the speech verb."""
        indices = self.facts.sentence_tokens[sentence]
        verb = next((i for i in indices if self.facts.speech_verb[i]), None)
        if verb is None:
            return None
        k = verb + 1
        while k <= indices[-1] and self.tokens[k].pos in word_set("phrase_opening_tags"):
            k += 1
        last = k - 1
        while last + 1 <= indices[-1] and self.tokens[last + 1].pos in NAME_TAGS:
            last += 1
        return Found(FrameRole.SPEAKER, [[verb + 1, last]]) if last >= k else None

    def likely(self, quote: Found, sentences: set[int]) -> Found | None:
        """Where the frame tagger found no speaker: its most probable one in the given
        sentences, if it is probable enough."""
        quote_tokens = set(quote.tokens())
        best, best_p = None, _MIN_SPEAKER_P
        for sentence in sentences:
            for i in self.facts.sentence_tokens[sentence]:
                if i not in quote_tokens and self.speaker_begin[i] > best_p:
                    best, best_p = i, self.speaker_begin[i]
        if best is None:
            return None
        last = best
        while (
            last + 1 < len(self.tokens)
            and self.speaker_inside[last + 1] >= _MIN_INSIDE_P
            and last + 1 not in quote_tokens
            and self.tokens[last + 1].sentence == self.tokens[best].sentence
            and not self.tokens[last + 1].pos.startswith(_NOT_IN_SPEAKER)
        ):
            last += 1
        return Found(FrameRole.SPEAKER, [[best, last]])
