"""One article as the quotation layer reads it: its tokens and their facts, the frame rules over
them, and the questions every step asks (does this sentence hold a speech verb, is this
phrase impersonal, where was the statement made)."""

from __future__ import annotations

from ...lang.de import word_set
from ...lang.de.quotes import QUOTE_CHARS
from ...model import Article, Span, Token
from .codes import Mood
from .facts import token_facts
from .found import Found, distance, sentences_of
from .frames import FrameRules, RuleQuote
from .resources import QuoteResources
from .syntax import Syntax

NAME_TAGS = word_set("name_or_noun_tags")
REPORTING_MOODS = frozenset(
    {Mood.KONJUNKTIV_I, Mood.REPORT}
)  # moods of a main verb that mark reported speech
TERM_STEM = 5  # letters of each word that identify a term or a title across its inflections


class Reading:
    """The article, its tokens' facts, its syntax and frame rules, read once and shared by every
    step of the quotation layer."""

    def __init__(self, article: Article, res: QuoteResources):
        self.article = article
        self.res = res
        self.tokens: list[Token] = article.tokens
        self.facts = token_facts(article, res)
        # the frame tagger's confidence that a token begins / continues a speaker mention
        self.speaker_begin = [0.0] * len(self.tokens)
        self.speaker_inside = [0.0] * len(self.tokens)
        self.syntax = Syntax(self.tokens, res)
        self.rules = FrameRules(self.syntax, self.facts, res)
        self._rule_found: dict[tuple[str, int], RuleQuote | None] = {}
        # the author or an interviewee speaking ("Ich denke, …"), not a report
        self.first_person = word_set("first_person_pronouns")
        self.passive_auxiliaries = word_set("passive_auxiliaries")

    def shows_report(self, quote: Found) -> bool:
        """Free indirect speech shows itself: a verb in Konjunktiv I, reportative "soll", an
        auxiliary in Konjunktiv II ("hätten", "würde") or words in quotation marks. An
        indicative sentence after a report, or one hedged only by "könnte", is the author's."""
        return any(
            self.facts.konjunktiv[i] in REPORTING_MOODS
            or (self.facts.konjunktiv[i] and self.tokens[i].pos == "VAFIN")
            or self.facts.quote[i] is not None
            for i in quote.tokens()
        )

    def rule(self, pattern: str, sentence: int) -> RuleQuote | None:
        """What the frame rule ``pattern`` finds in ``sentence``, found once per sentence."""
        key = (pattern, sentence)
        if key not in self._rule_found:
            tokens = self.facts.sentence_tokens[sentence]
            self._rule_found[key] = getattr(self.rules, pattern)(tokens)
        return self._rule_found[key]

    def last_word(self, indices: list[int]) -> int:
        last = indices[-1]
        while last > indices[0] and self.tokens[last].pos.startswith("$"):
            last -= 1
        return last

    def is_passive_auxiliary(self, index: int) -> bool:
        return self.tokens[index].lemma.lower() in self.passive_auxiliaries

    def has_speech_verb(self, sentence: int) -> bool:
        return any(self.facts.speech_verb[i] for i in self.facts.sentence_tokens[sentence])

    def starts_anaphoric_frame(self, index: int) -> bool:
        """ "Dies erklärte …", "Diese Meinung vertritt …": a frame pointing back. A single
        pronoun counts only right before its verb ("Das sagte", not "Das Gespräch"), and that
        verb must speak or help a speech verb ("Das hat X gesagt"), not "Dies geht …")."""
        window = self.tokens[index : index + 4]
        words = tuple(t.text.lower() for t in window)
        for phrase in self.res.cues["anaphoric"]:
            if words[: len(phrase)] == phrase:
                if len(phrase) > 1:
                    return True
                if len(window) > 1 and window[1].pos.endswith("FIN"):
                    return bool(self.facts.speech_verb[index + 1]) or window[1].pos != "VVFIN"
        return False

    def nearest_in_sentence(self, elements: list[Found], anchor: Found) -> Found | None:
        sentences = sentences_of(self.article, anchor)
        near = [e for e in elements if sentences_of(self.article, e) & sentences]
        return min(near, key=lambda e: distance(e, anchor)) if near else None

    def channel(self, parts: tuple[tuple[int, int], ...], frame_sentences: set[int]) -> Span | None:
        """Where the statement was made, from the patterns in speech_channels.tsv, found in the
        frame's sentence outside the quote."""
        for sentence_index in sorted(frame_sentences):
            sentence = self.article.sentences[sentence_index]
            for pattern in self.res.channels:
                for match in pattern.finditer(sentence.text):
                    start, end = sentence.start + match.start(), sentence.start + match.end()
                    if any(a <= start < b for a, b in parts):
                        continue
                    return Span(start, end, self.article.text[start:end])
        return None

    def impersonal(self, speaker: Found) -> bool:
        return speaker.first == speaker.last and (
            self.tokens[speaker.first].text.lower() in self.syntax.impersonal
        )

    def opens_quotation(self, index: int) -> bool:
        """Whether token ``index`` is the opening mark of a quotation („ before „…“)."""
        span = self.facts.quote[index]
        return span is not None and span.start == self.tokens[index].start

    def closes_quotation(self, index: int) -> bool:
        span = self.facts.quote[index]
        return (
            span is not None
            and span.closed
            and span.end == self.tokens[index].end
            and self.tokens[index].text in QUOTE_CHARS
        )


class ReadingStep:
    """A step of the quotation layer over one article's reading, with the shortcuts every step
    reads through."""

    def __init__(self, reading: Reading):
        self.reading = reading
        self.article = reading.article
        self.res = reading.res
        self.tokens = reading.tokens
        self.facts = reading.facts
        self.syntax = reading.syntax
