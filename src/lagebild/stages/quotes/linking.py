"""Linking: each quote the tagging found gets its speaker, cue, addressee and channel, or is
dropped when nothing reports it; interrupted quotes are joined, repeats removed, and the speech
acts and partial quotes added."""

from __future__ import annotations

import re
from dataclasses import replace

from ...lang.de import word_list, word_set
from ...model import Quote
from .acts import SpeechActs
from .codes import FrameRole, Link, QuoteKind, Rule
from .found import Found, sentences_of, token_span
from .mentions import SpeakerMentions
from .partial import PartialQuotes
from .reading import Reading, ReadingStep
from .speakers import SpeakerFinder

_INTERRUPTION = re.compile(r"\s*,[^„“”\"»«\n]{1,80},\s*")
_SENTENCE_END = re.compile(r"[.!?]")
_EDGE_PUNCTUATION = frozenset({",", ":", ";", "–", "-"})
_MIN_REPORTED_WORDS = 3  # shorter indirect content is a fragment the tagger cut off


class Linker(ReadingStep):
    """Links the quotes and frames of one article into the quotes it reports."""

    def __init__(
        self,
        reading: Reading,
        finder: SpeakerFinder,
        mentions: SpeakerMentions,
        acts: SpeechActs,
        partial: PartialQuotes,
    ):
        super().__init__(reading)
        self.finder = finder
        self.mentions = mentions
        self.acts = acts
        self.partial = partial
        self.source_prepositions = word_set("source_prepositions")

    def _room_for_frame(self, quote: Found) -> bool:
        """Whether the quote leaves room for a frame in its sentence: it does not open the
        sentence, or a speech verb of the sentence lies outside it."""
        inside = set(quote.tokens())
        first = self.facts.sentence_tokens[self.tokens[quote.first].sentence][0]
        return quote.first != first or any(
            self.facts.speech_verb[i] and i not in inside
            for sentence in sentences_of(self.article, quote)
            for i in self.facts.sentence_tokens[sentence]
        )

    def link(self, quotes: list[Found], frames: list[Found]) -> list[Quote]:
        speakers = [self._trim_speaker(f) for f in frames if f.kind == FrameRole.SPEAKER]
        cues = [f for f in frames if f.kind == FrameRole.CUE and self._plausible_cue(f)]
        addressees = [f for f in frames if f.kind == FrameRole.ADDRESSEE]
        result: list[Quote] = []
        previous: Found | None = None
        last_sentence = -2  # the sentence the last quote found ends in
        names = self.mentions.named()
        for quote in sorted(quotes, key=lambda q: q.first):
            self.trim_content(quote)
            if not quote.runs:
                continue
            words = sum(1 for i in quote.tokens() if self.tokens[i].text[:1].isalnum())
            if words == 0 or (quote.kind != QuoteKind.DIRECT and words < _MIN_REPORTED_WORDS):
                continue
            if self._is_whole_quotation(quote):
                quote.kind = QuoteKind.DIRECT
            if quote.kind == QuoteKind.FREE_INDIRECT and self._first_person(quote):
                continue  # "Ich denke, …" outside quotation marks: an interview, not a report
            addressed: Found | None = None
            if quote.rule is not None:
                speaker = (
                    Found(FrameRole.SPEAKER, [list(quote.rule.speaker)])
                    if quote.rule.speaker
                    else None
                )
                how: Link | Rule = quote.rule.rule
                cue_found: Found | None = Found(FrameRole.CUE, [list(quote.rule.cue)])
            else:
                speaker, how = self.finder.speaker_for(quote, speakers, cues, previous)
                cue_found = None
                if how in (Link.FRAME, Link.LIKELY, Link.SUBJECT, Link.CONTINUED, Link.NONE):
                    passive = self.finder.passive_frame(quote)
                    if passive is not None:
                        speaker, addressed = passive  # the "von"-agent, or no one
                        how = Link.PASSIVE if speaker else Link.IMPERSONAL
            if speaker is not None and self.reading.impersonal(speaker):
                speaker = None  # "man befürchtet, dass …": a statement without a speaker
                how = how if quote.rule else Link.IMPERSONAL
            if (
                quote.kind in (QuoteKind.INDIRECT, QuoteKind.REPORTED, QuoteKind.FREE_INDIRECT)
                and speaker is None
                and how != Link.IMPERSONAL
                and not quote.rule
            ):
                continue  # reported content with no one to report it is mostly a tagging slip
            if quote.kind == QuoteKind.DIRECT and how == Link.NONE:
                continue  # words in quotation marks nobody is said to say: a slogan, a title
            if (
                quote.kind == QuoteKind.INDIRECT
                and how == Link.CONTINUED
                and self.reading.shows_report(quote)
                and not self._room_for_frame(quote)
                and last_sentence == self.tokens[quote.first].sentence - 1
            ):
                quote.kind = (
                    QuoteKind.FREE_INDIRECT
                )  # no frame of its own, but a report going on in Konjunktiv
            if quote.kind in (QuoteKind.INDIRECT, QuoteKind.REPORTED) and how == Link.CONTINUED:
                continue  # indirect content needs its own frame; free indirect has none
            if (
                quote.kind == QuoteKind.REPORTED
                and speaker is not None
                and not self.syntax.can_speak(speaker.first, speaker.last)
            ):
                continue  # "Die Zahlen sprechen für …": only someone performs a speech act
            if speaker is not None:
                previous = speaker
            framed = speaker is not None and how != Link.CONTINUED
            anchor = speaker if framed else quote
            cue = cue_found or (self.reading.nearest_in_sentence(cues, anchor) if framed else None)
            if cue is None and (framed or how == Link.IMPERSONAL):
                cue = self._speech_verb_near(anchor, quote)  # "hieß es", "griff … an: „…“"
            addressee = self.reading.nearest_in_sentence(addressees, anchor) if framed else None
            if addressee is None and how in (Link.PASSIVE, Link.IMPERSONAL):
                addressee = addressed  # "Die Männer werden beschuldigt, …"
            if addressee is None and framed and cue is not None:
                addressee = self._object_addressed(cue, speaker, quote)
            parts = tuple((self.tokens[a].start, self.tokens[b].end) for a, b in quote.runs)
            channel = (
                self.reading.channel(parts, sentences_of(self.article, anchor)) if framed else None
            )
            mention = self.mentions.mention(speaker, result, names, channel) if speaker else None
            start, end = parts[0][0], parts[-1][1]
            result.append(
                Quote(
                    start=start,
                    end=end,
                    text=self.article.text[start:end],
                    type=quote.kind.type,
                    speaker=mention,
                    cue=token_span(self.article, cue.first, cue.last) if cue else None,
                    channel=channel,
                    addressee=token_span(self.article, addressee.first, addressee.last)
                    if addressee
                    else None,
                    parts=parts if len(parts) > 1 else (),
                    rule=how.value if quote.rule else f"crf+{how.value}",
                )
            )
            last_sentence = self.tokens[quote.last].sentence
        result = _without_repeats(_merge_interrupted(result, self.article.text))
        result.extend(self.acts.find(result, speakers, cues, names))
        result.extend(self.partial.find(result))
        return sorted(result, key=lambda q: (q.start, -q.end))

    def _object_addressed(self, cue: Found, speaker: Found | None, quote: Found) -> Found | None:
        """The object after a verb of addressing ("forderte die Bürger auf", "sagte der
        Zeitung"): the first noun phrase after the cue that is not the speaker, before the
        quote and the next comma (prepositional phrases and adverbs are skipped)."""
        verb = cue.first
        if not self.tokens[verb].pos.startswith("VV") or not self._addresses(verb):
            return None
        taken = set(speaker.tokens()) if speaker else set()
        inside = set(quote.tokens())
        sentence = self.facts.sentence_tokens[self.tokens[verb].sentence]
        limit = next(
            (
                k
                for k in sentence
                if k > verb and (k in inside or self.tokens[k].text in (",", ":", ";"))
            ),
            sentence[-1],
        )
        k = verb + 1
        while k < limit:
            if k in taken or self.tokens[k].pos in word_set("verb_subject_gap_tags"):
                k += 1
            elif self.tokens[k].pos in word_set("prepositional_tags"):
                k = (self.syntax.np_after(k + 1, limit - 1) or k) + 1  # "am Montag"
            else:
                end = self.syntax.np_after(k, limit - 1)
                if (
                    end is None
                    or set(range(k, end + 1)) & taken
                    or self.reading.impersonal(Found(FrameRole.ADDRESSEE, [[k, end]]))
                ):
                    return None
                return Found(FrameRole.ADDRESSEE, [[k, end]])
        return None

    def _addresses(self, verb: int) -> bool:
        """Whether the verb (with a separated particle: "forderte … auf") addresses someone."""
        lemma = self.tokens[verb].lemma.lower()
        sentence = self.facts.sentence_tokens[self.tokens[verb].sentence]
        particle = next(
            (
                self.tokens[k].text.lower()
                for k in sentence
                if k > verb and self.tokens[k].pos == "PTKVZ"
            ),
            "",
        )
        return (particle + lemma,) in self.res.cues["addressing"]

    def _speech_verb_near(self, anchor: Found, quote: Found) -> Found | None:
        """The speech verb nearest ``anchor`` in its sentences, outside the quote: the cue where
        the frame tagger marked none."""
        inside = (
            set() if quote.kind == QuoteKind.REPORTED else set(quote.tokens())
        )  # R holds its frame
        verbs = [
            i
            for sentence in sentences_of(self.article, anchor)
            for i in self.facts.sentence_tokens[sentence]
            if self.facts.speech_verb[i] and i not in inside and self.tokens[i].pos[:1] == "V"
        ]
        if not verbs:
            return None
        verb = min(verbs, key=lambda i: min(abs(i - anchor.first), abs(i - anchor.last)))
        return Found(FrameRole.CUE, [[verb, verb]])

    def _first_person(self, quote: Found) -> bool:
        """Whether content outside quotation marks speaks in the first person."""
        return any(
            self.tokens[i].text.lower() in self.reading.first_person and self.facts.quote[i] is None
            for i in quote.tokens()
        )

    def _plausible_cue(self, cue: Found) -> bool:
        """A lone preposition "nach" is a cue in "nach Angaben der Polizei" or "seinen Worten
        nach", not in "nach Alaska"."""
        prepositions = self.source_prepositions
        if cue.first != cue.last or self.tokens[cue.first].text.lower() not in prepositions:
            return True
        following = (
            self.tokens[cue.first + 1].text.lower() if cue.first + 1 < len(self.tokens) else ""
        )
        nouns = {
            p[1] for p in self.res.cues["source_before"] if len(p) == 2 and p[0] in prepositions
        }
        previous = self.tokens[cue.first - 1].pos if cue.first > 0 else ""
        return following in nouns or previous == "NN"

    def _trim_speaker(self, speaker: Found) -> Found:
        """Drop conjunctions and punctuation the tagger left at the edge of a speaker."""
        first, last = speaker.first, speaker.last
        while last > first and self.tokens[last].pos.startswith(
            word_list("speaker_end_trim_tag_prefixes")
        ):
            last -= 1
        while first < last and self.tokens[first].pos.startswith(
            word_list("speaker_start_trim_tag_prefixes")
        ):
            first += 1
        return Found(speaker.kind, [[first, last]])

    def trim_content(self, quote: Found) -> None:
        """Commas and colons at the edges belong to the frame, not to the quote."""
        first, last = quote.runs[0][0], quote.runs[-1][1]
        while first <= last and (
            self.tokens[first].text in _EDGE_PUNCTUATION or self.reading.closes_quotation(first)
        ):
            first += 1
        while last >= first and (
            self.tokens[last].text in _EDGE_PUNCTUATION or self.reading.opens_quotation(last)
        ):
            last -= 1
        if first > last:
            quote.runs = []
            return
        # a word or two of the next sentence ("… stillgelegt. Dies") belong to its frame
        tail = [
            i
            for i in range(first, last + 1)
            if self.tokens[i].sentence == self.tokens[last].sentence
        ]
        if len(tail) <= 2 and tail[0] > first:
            last = tail[0] - 1
        runs = [[max(a, first), min(b, last)] for a, b in quote.runs]
        quote.runs = [r for r in runs if r[0] <= r[1]]
        if first > 0 and self.reading.opens_quotation(first - 1):
            span = self.facts.quote[first - 1]
            closes_inside = span is not None and span.end <= self.tokens[last].end
            if quote.kind == QuoteKind.DIRECT or closes_inside:
                # the opening mark belongs to a direct quote, and to quoted words that open
                # a report („vielen Punkten“, in denen er … sei)
                quote.runs[0][0] = first - 1

    def _is_whole_quotation(self, quote: Found) -> bool:
        """Content that is exactly one quotation in quotation marks is direct speech."""
        first = self.facts.quote[quote.first]
        return (
            first is not None
            and self.tokens[quote.first].start == first.start
            and self.tokens[quote.last].end == first.end
        )


def _merge_interrupted(found: list[Quote], text: str) -> list[Quote]:
    """„…“, sagte er, „…“ is one quote: two direct quotes of one speaker with only their
    frame between them, the first not ending its sentence."""
    merged: list[Quote] = []
    for quote in found:
        before = merged[-1] if merged else None
        if (
            before is not None
            and before.type == quote.type == QuoteKind.DIRECT.type
            and before.speaker is not None
            and quote.speaker is not None
            and before.speaker.start == quote.speaker.start
            and _INTERRUPTION.fullmatch(text[before.end : quote.start])
            and not _SENTENCE_END.search(before.text[-3:])
        ):
            parts = (before.parts or ((before.start, before.end),)) + (
                quote.parts or ((quote.start, quote.end),)
            )
            merged[-1] = replace(
                before,
                end=quote.end,
                text=text[before.start : quote.end],
                parts=parts,
            )
            continue
        merged.append(quote)
    return merged


def _chars(quote: Quote) -> set[int]:
    return {c for a, b in (quote.parts or ((quote.start, quote.end),)) for c in range(a, b)}


def _without_repeats(found: list[Quote]) -> list[Quote]:
    """One statement found twice (by the tagger and by a frame rule, the one a little shorter)
    is listed once, in its longer form."""
    kept: list[tuple[Quote, set[int]]] = []
    for quote in sorted(found, key=lambda q: q.start - q.end):
        chars = _chars(quote)
        if not any(len(chars & other) * 2 > len(chars) for _, other in kept):
            kept.append((quote, chars))
    return sorted((q for q, _ in kept), key=lambda q: q.start)
