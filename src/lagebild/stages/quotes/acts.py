"""Speech acts: a sentence that reports one ("X forderte einen Waffenstillstand") without content
the tagger found is itself the reported quote."""

from __future__ import annotations

from ...lang.de import word_set
from ...model import Quote, Span
from .candidates import SpeakerCandidates
from .codes import FrameRole, QuoteKind, Rule, VerbClass
from .facts import speech_verb_class
from .found import Found, token_span
from .mentions import SpeakerMentions
from .reading import Reading, ReadingStep


class SpeechActs(ReadingStep):
    """Finds the sentences that report a speech act."""

    def __init__(self, reading: Reading, candidates: SpeakerCandidates, mentions: SpeakerMentions):
        super().__init__(reading)
        self.candidates = candidates
        self.mentions = mentions

    def find(
        self,
        found: list[Quote],
        speakers: list[Found],
        cues: list[Found],
        names: list[Span],
    ) -> list[Quote]:
        """Sentences that report a speech act ("X forderte einen Waffenstillstand") without
        any content the tagger found: the whole sentence is the reported quote."""
        covered = {self.tokens[i].sentence for q in found for i in self._token_range(q)}
        acts = []
        for sentence_index, indices in enumerate(self.facts.sentence_tokens):
            if sentence_index in covered or not indices:
                continue
            if self.tokens[indices[-1]].text not in (".", "!"):
                continue  # headlines and colon frames ("Lawrow sagte:") report no act
            if self.reading.starts_anaphoric_frame(indices[0]):
                continue  # "Dies erklärte X" frames the sentence before
            verb = next((i for i in indices if self._reports_speech(i, indices)), None)
            if verb is None:
                continue
            verb_found = Found(QuoteKind.REPORTED, [[verb, verb]])
            speaker = self.candidates.best_in(sentence_index, speakers, cues, verb_found)
            if speaker is None or self.reading.impersonal(speaker):
                subject = self.syntax.subject_of(verb, indices)
                speaker = Found(FrameRole.SPEAKER, [list(subject)]) if subject else None
            if (
                speaker is None
                or self.tokens[speaker.first].lemma.lower() in self.reading.first_person
            ):
                continue  # the author reporting ("Wir berichten live") is no quote
            if self.candidates.unlikely(speaker) and not self._acting_subject(speaker, verb):
                continue  # "Die Zahlen sprechen für …": a thing performs no speech act
            start, end = self.tokens[indices[0]].start, self.tokens[indices[-1]].end
            cue = self.reading.nearest_in_sentence(cues, speaker) or verb_found
            channel = self.reading.channel(((start, start),), {sentence_index})
            acts.append(
                Quote(
                    start=start,
                    end=end,
                    text=self.article.text[start:end],
                    type=QuoteKind.REPORTED.type,
                    speaker=self.mentions.mention(speaker, found, names, None),
                    cue=token_span(self.article, cue.first, cue.last),
                    channel=channel,
                    rule=Rule.SPEECH_ACT.value,
                )
            )
        return acts

    def _acting_subject(self, speaker: Found, verb: int) -> bool:
        """An institution or group not in the speaker words that opens the sentence as the
        subject of a speech-act verb ("Das Parlament forderte …") performs the act; a thing
        does not ("Die Zahlen sprechen für …") — so only the "act" verbs count."""
        sentence = self.facts.sentence_tokens[self.tokens[verb].sentence]
        return (
            self.facts.speech_verb[verb] == VerbClass.ACT
            and speaker.first == sentence[0]
            and speaker.last == verb - 1
            and not self.candidates.abstract(speaker)
        )

    def _token_range(self, quote: Quote) -> list[int]:
        return [i for i, t in enumerate(self.tokens) if quote.start <= t.start < quote.end]

    def _reports_speech(self, index: int, sentence: list[int]) -> bool:
        """A finite speech-act verb of the main clause (not "ein Ort, der an … erinnert")."""
        verb_class = self.facts.speech_verb[index]
        if verb_class not in (VerbClass.ACT, VerbClass.SAY) or self.tokens[index].pos != "VVFIN":
            return False
        ambiguous = (self.tokens[index].lemma.lower(),) in self.res.cues["no_speech_act"]
        if ambiguous and speech_verb_class(self.tokens[index], self.res):
            return False  # the bare verb; "gab … bekannt" is a speech act all the same
        clause = []
        for k in sentence:
            if k == index:
                break
            clause = [] if self.tokens[k].text == "," else [*clause, k]
        return not any(self.tokens[k].pos in word_set("dependent_clause_tags") for k in clause)
