"""Who speaks a quote: the frame in its sentence, a frame after it pointing back, a source cue, a
headline name, a colon frame before it, the subject of a speech verb, a passive frame, or the
speaker of what came before."""

from __future__ import annotations

from dataclasses import dataclass

from ...lang.de import word_set
from ...lang.de.quotes import QUOTE_CHARS
from .candidates import SpeakerCandidates
from .codes import FrameRole, Link, QuoteKind
from .found import Found, run_tokens, sentences_of
from .reading import NAME_TAGS, Reading, ReadingStep

_MARKS_AND_EMPHASIS = QUOTE_CHARS | {"*", "_"}


@dataclass(frozen=True)
class Passive:
    """A passive speech verb's frame: the "von" agent, the one addressed ("Die Männer werden
    beschuldigt"), and whether the subject is the speaker instead ("X wird zitiert")."""

    agent: Found | None
    addressed: Found | None
    subject_speaks: bool = False


class SpeakerFinder(ReadingStep):
    """Finds the speaker of each quote, and says how it found it."""

    def __init__(self, reading: Reading, candidates: SpeakerCandidates):
        super().__init__(reading)
        self.candidates = candidates
        self.impersonal_subjects = word_set("impersonal_subjects")

    def _colon_before(self, quote: Found) -> int | None:
        """The sentence before the quote when it ends with a colon (also across a paragraph)."""
        first = quote.first
        k = first - 1
        while k >= 0 and self.tokens[k].text in QUOTE_CHARS | {"*"}:
            k -= 1
        if k >= 0 and self.tokens[k].text == ":":
            return self.tokens[k].sentence
        return None

    def _headline_speaker(self, quote: Found) -> Found | None:
        """ "Name: „…“" and "Name weiter: „…“": a name right before the colon speaks."""
        k = self._before_marks(quote.first)
        if k < 1 or self.tokens[k].text != ":":
            return None
        k -= 1
        if self.tokens[k].pos == "ADV" and k > 0:
            k -= 1
        last = k
        while (
            k >= 0
            and self.tokens[k].pos in NAME_TAGS
            and self.tokens[k].text[:1].isupper()
            and self.tokens[k].sentence == self.tokens[last].sentence
        ):
            k -= 1
        if k == last or last - k > 4:
            return None
        if k >= 0 and self.tokens[k].sentence == self.tokens[k + 1].sentence:
            return None  # the name must open its sentence: "Putin: „…“", not "… Inhalt: „…“"
        return Found(FrameRole.SPEAKER, [[k + 1, last]])

    def _before_marks(self, index: int) -> int:
        """The token before ``index`` and any quotation marks or emphasis right before it."""
        k = index - 1
        while k >= 0 and self.tokens[k].text in _MARKS_AND_EMPHASIS:
            k -= 1
        return k

    def speaker_for(
        self, quote: Found, speakers: list[Found], cues: list[Found], previous: Found | None
    ) -> tuple[Found | None, Link]:
        quote_tokens = set(quote.tokens())
        sentences = sentences_of(self.article, quote)
        allow_inside = quote.kind == QuoteKind.REPORTED

        def usable(s: Found) -> bool:
            return allow_inside or not (set(s.tokens()) & quote_tokens)

        anaphoric = self._anaphoric_frame_after(quote, sentences)
        if anaphoric is not None and quote.kind in (QuoteKind.INDIRECT, QuoteKind.FREE_INDIRECT):
            speaker = self._speaker_of_frame_after(anaphoric, speakers, cues, quote)
            if speaker:
                return speaker, Link.FRAME_AFTER
        same = [s for s in speakers if sentences_of(self.article, s) & sentences and usable(s)]
        if same:
            return self.candidates.closest(same, cues, quote), Link.FRAME
        source = self._source_within(quote, sentences)
        if source is not None:
            return source, Link.SOURCE
        if anaphoric is not None and quote.kind == QuoteKind.DIRECT:
            # „…“ ⏎ "So beurteilt der Politologe X die Lage.": a quote standing alone
            speaker = self._speaker_of_frame_after(anaphoric, speakers, cues, quote)
            if speaker:
                return speaker, Link.FRAME_AFTER
        headline = self._headline_speaker(quote)
        if headline:
            return headline, Link.HEADLINE
        colon_sentence = self._colon_before(quote)
        if colon_sentence is not None:
            speaker = self.candidates.best_in(colon_sentence, speakers, cues, quote)
            if speaker is None or self.candidates.unlikely(speaker):
                # "In der ARD zeigt sich der Trainer zufrieden: „…“": not "der ARD"
                speaker = (
                    self.candidates.opening_subject(colon_sentence)
                    or self.candidates.clause_subject(colon_sentence)
                    or speaker
                )
            if speaker:
                return speaker, Link.COLON
        if quote.kind != QuoteKind.FREE_INDIRECT:
            likely = self.candidates.likely(quote, sentences)
            if likely:
                return likely, Link.LIKELY
        frame = self._speech_verb_frame(quote, sentences)
        if frame is not None:
            return frame
        # a continuation: the speaker of the quote before, or a later frame whose quote was missed
        earlier = [s for s in speakers if s.last < quote.first and not self.candidates.unlikely(s)]
        if previous is not None and previous.last < quote.first:
            if self.tokens[previous.last].sentence >= min(sentences) - 1:
                return previous, Link.CONTINUED  # the speaker of the sentence before goes on
            earlier.append(previous)
        before = min(sentences) - 1
        if quote.kind == QuoteKind.FREE_INDIRECT and before >= 0:
            # "Die Pläne wurden von der Ministerin kritisiert. Sie seien …": the agent goes on
            passive = self.passive_in(before, set())
            if passive is not None and passive.agent is not None:
                return passive.agent, Link.CONTINUED
        if quote.kind in (QuoteKind.FREE_INDIRECT, QuoteKind.DIRECT) and before >= 0:
            # "Die Regierung warnt vor X. Die Lage sei …": who spoke in the sentence before
            subject = self.candidates.speech_verb_subjects({before}, set())
            found = Found(FrameRole.SPEAKER, [[min(subject), max(subject)]]) if subject else None
            if (
                found
                and self.candidates.unlikely(found) <= 1
                and self.facts.quote[found.first] is None  # "…, denke ich.“" is quoted
                and not self.reading.impersonal(found)
            ):
                return found, Link.CONTINUED
        opening = self.candidates.opening_subject(before)
        if opening is not None and quote.kind == QuoteKind.FREE_INDIRECT:
            earlier.append(opening)  # "X ist besorgt. Die Lage sei …": X's view goes on
        if earlier:
            return max(earlier, key=lambda s: s.last), Link.CONTINUED
        return None, Link.NONE

    def _source_within(self, quote: Found, sentences: set[int]) -> Found | None:
        """The source a cue names in the quote's own sentence ("Die Lage sei nach Angaben
        der Polizei ruhig", "Demnach seien …")."""
        inside = set(quote.tokens())
        for sentence in sorted(sentences):
            for pattern in ("source_cue", "source_adverb", "zufolge", "so_frame"):
                found = self.reading.rule(pattern, sentence)
                if found is None or found.speaker is None:
                    continue
                if not inside & run_tokens(found.runs):
                    continue  # the cue reports another part of the sentence
                return Found(FrameRole.SPEAKER, [list(found.speaker)])
        return None

    def _speech_verb_frame(
        self, quote: Found, sentences: set[int]
    ) -> tuple[Found | None, Link] | None:
        """The subject of a speech verb of the quote's sentences outside the quote, when it
        names someone ("„…“, erklärte Max Muster bei der Vorstellung"); no speaker but a frame
        all the same for "heißt es" and "wird unter anderem vorgeworfen"."""
        inside = set(quote.tokens())
        for sentence in sorted(sentences):
            indices = self.facts.sentence_tokens[sentence]
            for i in indices:
                if i in inside or not self.facts.speech_verb[i]:
                    continue
                if not self.tokens[i].pos.startswith("VV"):
                    continue
                subject = self.syntax.subject_of(i, indices)
                if subject is None or inside & set(range(subject[0], subject[1] + 1)):
                    continue
                if self.tokens[subject[0]].text.lower() in self.impersonal_subjects:
                    source = self._source_place(indices, inside)
                    return source, Link.SOURCE_PLACE if source else Link.IMPERSONAL
                found = Found(FrameRole.SPEAKER, [list(subject)])
                if not self.candidates.unlikely(found):
                    return found, Link.SUBJECT
        return None

    def passive_frame(self, quote: Found) -> tuple[Found | None, Found | None] | None:
        """A passive speech verb frames the quote of its sentence: "Ihm wird vorgeworfen, …"
        and "Die Männer werden beschuldigt, …" name no speaker (the subject is the one
        addressed); "… wurde von der Ministerin kritisiert" names it after "von". None when no
        passive speech verb frames it ("X wird zitiert" is no such frame: X speaks), else the
        agent (or None) and the one addressed (or None)."""
        inside = (
            set() if quote.kind == QuoteKind.REPORTED else set(quote.tokens())
        )  # R holds its frame
        for sentence in sorted(sentences_of(self.article, quote)):
            found = self.passive_in(sentence, inside)
            if found is not None:
                return None if found.subject_speaks else (found.agent, found.addressed)
        return None

    def passive_in(self, sentence: int, inside: set[int]) -> Passive | None:
        """The passive speech verb of ``sentence`` outside ``inside``, if it has one."""
        indices = [i for i in self.facts.sentence_tokens[sentence] if i not in inside]
        auxiliary = next(
            (
                i
                for i in indices
                if self.tokens[i].pos == "VAFIN" and self.reading.is_passive_auxiliary(i)
            ),
            None,
        )
        if auxiliary is None:
            return None
        participle = next(
            (
                i
                for i in indices
                if i > auxiliary and self.tokens[i].pos == "VVPP" and self.facts.speech_verb[i]
            ),
            None,
        )
        if participle is None:
            return None
        if (self.tokens[participle].lemma.lower(),) in self.res.cues["passive_speaker"]:
            return Passive(None, None, subject_speaks=True)
        addressed = None
        if (self.tokens[participle].lemma.lower(),) in self.res.cues["addressing"]:
            subject = self.syntax.subject_of(auxiliary, self.facts.sentence_tokens[sentence])
            addressed = Found(FrameRole.ADDRESSEE, [list(subject)]) if subject else None
        if addressed is not None and (
            set(addressed.tokens()) & inside or self.reading.impersonal(addressed)
        ):
            addressed = None  # "Es wird vermutet, …" addresses no one
        for k in indices:
            agent = (self.tokens[k].text.lower(),) in self.res.cues["passive_agent"]
            if k < participle and agent:
                end = self.syntax.np_after(k + 1, participle - 1)
                if end is not None:
                    return Passive(Found(FrameRole.SPEAKER, [[k + 1, end]]), addressed)
        return Passive(None, addressed)

    def _source_place(self, indices: list[int], inside: set[int]) -> Found | None:
        """Where "es heißt" says it: "In dem Bericht heißt es, …" names the report."""
        for k in indices:
            if k in inside or (self.tokens[k].text.lower(),) not in self.res.cues["source_place"]:
                continue
            end = self.syntax.np_after(k + 1, indices[-1])
            if end is not None and not inside & set(range(k, end + 1)):
                return Found(FrameRole.SPEAKER, [[k, end]])
        return None

    def _anaphoric_frame_after(self, quote: Found, sentences: set[int]) -> int | None:
        """The sentence after the quote when it points back to it ("Dies erklärte X")."""
        after = max(sentences) + 1
        if after >= len(self.facts.sentence_tokens) or not self.reading.has_speech_verb(after):
            return None
        indices = self.facts.sentence_tokens[after]
        if not indices or not self.reading.starts_anaphoric_frame(indices[0]):
            return None
        if self.tokens[quote.last].sentence != after - 1:
            return None
        return after

    def _speaker_of_frame_after(
        self, sentence: int, speakers: list[Found], cues: list[Found], quote: Found
    ) -> Found | None:
        return self.candidates.best_in(
            sentence, speakers, cues, quote
        ) or self.candidates.subject_after_verb(sentence)
