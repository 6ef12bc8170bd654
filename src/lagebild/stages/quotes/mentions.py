"""Speaker mentions: the kind of speaker a phrase names (a name, a role, a pronoun, an
organisation, a group, an anonymous source) and what a pronoun or role noun refers to."""

from __future__ import annotations

from ...lang.de import word_set
from ...model import Quote, Span, SpeakerKind, SpeakerMention
from .codes import WordKind
from .found import Found, token_span
from .reading import NAME_TAGS, TERM_STEM, Reading, ReadingStep

_PRONOUNS = word_set("pronoun_tags")


class SpeakerMentions(ReadingStep):
    """Turns a speaker's tokens into a speaker mention with its kind and antecedent."""

    def __init__(self, reading: Reading):
        super().__init__(reading)
        entities = reading.article.entities
        # names only: role phrases ("der Experte") and pronouns are mentions too, but name no one
        self.named_entities = [
            e for e in entities if e.label in ("PER", "ORG") and e.source not in ("role", "pronoun")
        ]
        self.places = [e for e in entities if e.label.startswith("LOC")]
        self.group_quantifiers = word_set("group_quantifiers")  # "Beide Minister"
        self.multiword_speakers = tuple(
            (w, kind) for w, kind in reading.res.speaker_words.items() if " " in w
        )  # "eine vertraute Quelle": matched in the text, not token by token

    def kind_of(self, element: Found) -> SpeakerKind:
        toks = [self.tokens[i] for i in element.tokens()]
        if len(toks) == 1 and toks[0].pos in _PRONOUNS:
            return SpeakerKind.PRONOUN
        start, end = toks[0].start, toks[-1].end
        text = self.article.text[start:end]
        words = self.res.speaker_words
        kinds = {words[form] for t in toks for form in (t.text, t.lemma) if form in words}
        kinds |= {kind for word, kind in self.multiword_speakers if word in text}
        if WordKind.ANONYMOUS in kinds:
            return SpeakerKind.ANONYMOUS
        labels = {e.label for e in self.named_entities if e.start < end and start < e.end}
        has_name = any(
            (t.pos == "NE" or (t.pos in word_set("non_word_tags") and t.text[:1].isupper()))
            and not any(e.start <= t.start < e.end for e in self.places)  # "am Rand von X"
            for t in toks
        )
        if toks[0].text.lower() in self.group_quantifiers:
            return SpeakerKind.GROUP  # "Beide Staatschefs", "Mehrere Minister"
        if "PER" in labels or (not labels and has_name and WordKind.ORGANISATION not in kinds):
            return SpeakerKind.NAMED
        place_head = not kinds and any(
            e.label == "LOC" and toks[0].start <= e.start <= toks[min(1, len(toks) - 1)].start
            for e in self.places
        )
        if "ORG" in labels or WordKind.ORGANISATION in kinds or place_head:
            return SpeakerKind.ORGANISATION  # "Moskau erklärte": a place speaking is its government
        if WordKind.GROUP in kinds:
            return SpeakerKind.GROUP
        if WordKind.ROLE in kinds or any(self.syntax.speaker_word(i) for i in element.tokens()):
            return SpeakerKind.ROLE
        return SpeakerKind.OTHER  # "Das Treffen": a phrase that names no one to resolve it to

    def named(self) -> list[Span]:
        """Person names in the article: the entity layer's, else runs of proper nouns."""
        if self.named_entities:
            return [Span(e.start, e.end, e.text) for e in self.named_entities if e.label == "PER"]
        runs: list[Span] = []
        i = 0
        while i < len(self.tokens):
            if self.tokens[i].pos == "NE":
                j = i
                while j + 1 < len(self.tokens) and self.tokens[j + 1].pos == "NE":
                    j += 1
                runs.append(token_span(self.article, i, j))
                i = j + 1
            else:
                i += 1
        return runs

    def mention(
        self, speaker: Found, earlier: list[Quote], names: list[Span], channel: Span | None
    ) -> SpeakerMention:
        span = token_span(self.article, speaker.first, speaker.last)
        # "Trump im TV-Sender Fox News": the channel is no part of the speaker
        inner = [m.start() for p in self.res.channels for m in p.finditer(span.text)]
        cut_at = min((i for i in inner if i > 0), default=None)
        if channel and span.start < channel.start < span.end:
            cut_at = min(cut_at or len(span.text), channel.start - span.start)
        if cut_at is not None:
            cut = span.text[:cut_at].rstrip()
            span = Span(span.start, span.start + len(cut), cut)
        kind = self.kind_of(speaker)
        antecedent = None
        if kind in (SpeakerKind.PRONOUN, SpeakerKind.ROLE):
            antecedent = self._antecedent(span, earlier, names)
        return SpeakerMention(span.start, span.end, span.text, None, kind, antecedent)

    def _antecedent(self, mention: Span, earlier: list[Quote], names: list[Span]) -> Span | None:
        """What a pronoun or role noun refers to: the last named speaker before it, else the
        last name before it, else the first name after it (a speaker named afterwards)."""
        titled = self._titled_name(mention)
        if titled is not None:
            return titled
        if self._qualifiers(mention):
            # "der ukrainische Präsident" with no such title before: the entity layer knows
            # the holder better than the last speaker does
            return None
        for quote in reversed(earlier):
            speaker = quote.speaker
            if speaker and speaker.kind == SpeakerKind.NAMED and speaker.end <= mention.start:
                return Span(speaker.start, speaker.end, speaker.text)
            if speaker and speaker.antecedent and speaker.end <= mention.start:
                return speaker.antecedent
        before = [n for n in names if n.end <= mention.start]
        if before:
            return before[-1]
        after = [n for n in names if n.start >= mention.end]
        return after[0] if after else None

    def _qualifiers(self, mention: Span) -> set[str]:
        """Stems of the adjectives of a role phrase: "russisch" in "der russische Präsident"."""
        return {
            t.text.lower()[:TERM_STEM]
            for t in self.tokens
            if mention.start <= t.start < mention.end and t.pos == "ADJA"
        }

    def _titled_name(self, mention: Span) -> Span | None:
        """For "der russische Präsident": the last name before it that came with the same
        title ("Präsident Wladimir Putin")."""
        heads = [t for t in self.tokens if mention.start <= t.start < mention.end and t.pos == "NN"]
        if not heads:
            return None
        head = heads[-1].text
        # "der amerikanische Präsident" is not the one introduced as "der ukrainische Präsident"
        qualifiers = self._qualifiers(mention)
        found = None
        for i, token in enumerate(self.tokens):
            if token.start >= mention.start:
                break
            if token.text != head:
                continue
            if qualifiers and not any(
                self.tokens[k].text.lower()[:TERM_STEM] in qualifiers
                for k in range(max(0, i - 2), i)
                if self.tokens[k].pos == "ADJA"
            ):
                continue
            last = i
            while last + 1 < len(self.tokens) and (
                self.tokens[last + 1].pos == "NE"
                or (
                    last > i
                    and self.tokens[last + 1].pos in NAME_TAGS
                    and self.tokens[last + 1].text[:1].isupper()
                )
            ):
                last += 1
            if last > i:
                found = token_span(self.article, i + 1, last)
        return found
