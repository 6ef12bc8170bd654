"""Tagging: the two CRF taggers mark quote content and frames (speaker, cue, addressee); the frame
rules then correct what a token tagger cannot see (a frame inside a tagged quote, a sentence
the tagger left empty, free indirect speech that shows no report, a quoted clause it missed)."""

from __future__ import annotations

from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from ...lang.de import word_set
from . import features
from .codes import FrameRole, QuoteKind, Rule
from .found import Found, run_tokens
from .frames import RuleQuote
from .reading import REPORTING_MOODS, Reading, ReadingStep

_MAX_PART_GAP = 12  # tokens of frame that may interrupt one quote („…“, sagte er, „…“)
_MIN_CLAUSE_WORDS = 4  # a quoted clause this long with a finite verb is speech, not a title


@cache
def taggers(models_dir: Path | None = None):
    import pycrfsuite

    models = models_dir or importlib_resources.files("lagebild") / "models"
    content = pycrfsuite.Tagger()
    content.open(str(models / "quotes-content.crfsuite"))
    frame = pycrfsuite.Tagger()
    frame.open(str(models / "quotes-frame.crfsuite"))
    return content, frame


def decode(
    labels: list[str], para: list[int], codes: type[QuoteKind] | type[FrameRole], merge_parts: bool
) -> list[Found]:
    """BIO labels of one paragraph as found elements of the kinds ``codes`` names; with
    ``merge_parts`` an I after a short gap of O continues the element before it (an interrupted
    quote)."""
    found: list[Found] = []
    previous = "O"
    for label, index in zip(labels, para, strict=True):
        if label == "O":
            previous = label
            continue
        tag, kind = label.split("-", 1)
        current = found[-1] if found else None
        if tag == "I" and current and current.kind == kind and previous != "O":
            current.runs[-1][1] = index
        elif (
            tag == "I"
            and merge_parts
            and current
            and current.kind == kind
            and index - current.last <= _MAX_PART_GAP
        ):
            current.runs.append([index, index])
        else:
            found.append(Found(codes(kind), [[index, index]]))
        previous = label
    return found


def _cut_at_quote(frame: Found, quoted: set[int]) -> Found | None:
    """A speaker, cue or addressee ends where a direct quote begins: the frame tagger sometimes
    runs a speaker on into the second part of an interrupted quote. (Frames are one run.)"""
    stop = next((i for i in frame.tokens() if i in quoted), None)
    if stop is None:
        return frame
    return Found(frame.kind, [[frame.first, stop - 1]]) if stop > frame.first else None


def _frame_tokens(rule: RuleQuote) -> set[int]:
    """The tokens of a rule's cue and speaker."""
    speaker = range(rule.speaker[0], rule.speaker[1] + 1) if rule.speaker else range(0)
    return {*range(rule.cue[0], rule.cue[1] + 1), *speaker}


def _pieces(indices: list[int]) -> list[Found]:
    """Runs of consecutive token indices."""
    pieces: list[Found] = []
    for i in indices:
        if pieces and pieces[-1].last + 1 == i:
            pieces[-1].runs[-1][1] = i
        else:
            pieces.append(Found(QuoteKind.INDIRECT, [[i, i]]))
    return pieces


def _count(runs: tuple[tuple[int, int], ...]) -> int:
    return sum(b - a + 1 for a, b in runs)


class QuoteTagging(ReadingStep):
    """The taggers' quotes and frames of one article, corrected by the frame rules."""

    def __init__(self, reading: Reading):
        super().__init__(reading)
        self.speaker_begin = reading.speaker_begin
        self.speaker_inside = reading.speaker_inside

    def tag(self, models_dir: Path | None = None) -> tuple[list[Found], list[Found]]:
        content_tagger, frame_tagger = taggers(models_dir)
        base = features.quote_features(self.article, self.facts, self.res)
        quotes: list[Found] = []
        frames: list[Found] = []
        quote_labels = ["O"] * len(self.tokens)
        for para in self.facts.paragraphs:
            labels = content_tagger.tag([base[i] for i in para])
            for i, label in zip(para, labels, strict=True):
                quote_labels[i] = label
            quotes.extend(decode(labels, para, QuoteKind, merge_parts=True))
        frame_base = features.frame_features(base, quote_labels, self.facts)
        for para in self.facts.paragraphs:
            labels = frame_tagger.tag([frame_base[i] for i in para])
            frames.extend(decode(labels, para, FrameRole, merge_parts=False))
            for position, i in enumerate(para):
                self.speaker_begin[i] = frame_tagger.marginal("B-SPK", position)
                self.speaker_inside[i] = frame_tagger.marginal("I-SPK", position)
        by_rule = self._rule_quotes(quote_labels)
        quotes = [q for q in quotes if not any(self._cut_at_frame(q, r.rule) for r in by_rule)]
        quotes = self._split_at_own_frames(quotes, by_rule)
        quotes = [
            q for q in quotes if q.kind != QuoteKind.FREE_INDIRECT or self.reading.shows_report(q)
        ]
        quotes.extend(by_rule)
        quotes.extend(self._quoted_clauses(quote_labels))
        quoted = {i for q in quotes if q.kind == QuoteKind.DIRECT for i in q.tokens()}
        return quotes, [cut for frame in frames if (cut := _cut_at_quote(frame, quoted))]

    def _split_at_own_frames(self, quotes: list[Found], by_rule: list[Found]) -> list[Found]:
        """A sentence with a frame of its own ("Nach Angaben der Polizei sei …") inside a
        tagger's quote over several sentences is a statement of its own: the quote is cut
        before and after it."""
        framed = [
            set(self.facts.sentence_tokens[self.tokens[r.first].sentence])
            for r in by_rule
            if r.rule is not None and r.rule.speaker is not None
        ]
        out = []
        for quote in quotes:
            tokens = set(quote.tokens())
            cuts = [s for s in framed if s & tokens and not s >= tokens]
            if quote.kind not in (QuoteKind.INDIRECT, QuoteKind.FREE_INDIRECT) or not cuts:
                out.append(quote)
                continue
            removed = set().union(*cuts)
            out.extend(
                Found(quote.kind, piece.runs)
                for piece in _pieces([i for i in quote.tokens() if i not in removed])
                if any(self.tokens[i].text[:1].isalnum() for i in piece.tokens())
            )
        return out

    def _cut_at_frame(self, quote: Found, rule: RuleQuote | None) -> bool:
        """Whether the tagger's ``quote`` is a piece of the rule's content cut off at its frame
        ("Ein Passant hatte | laut Polizei | das Gepäckstück …", "…, so X weiter, | …")."""
        if rule is None:
            return False
        if not set(quote.tokens()) <= run_tokens(rule.runs):
            return False
        frame_last = max(rule.cue[1], rule.speaker[1] if rule.speaker else -1)
        cut_before_cue = quote.last < rule.cue[0] and all(
            self.tokens[k].pos.startswith("$") for k in range(quote.last + 1, rule.cue[0])
        )
        cut_after_speaker = (
            rule.speaker is not None
            and quote.first > frame_last
            and all(
                self.tokens[k].pos.startswith("$")
                or self.tokens[k].pos in word_set("adverb_particle_tags")
                for k in range(frame_last + 1, quote.first)
            )
        )
        return cut_before_cue or cut_after_speaker

    def _runs_past_clause(self, quote: Found, rule: RuleQuote) -> bool:
        """Whether the tagger's ``quote`` runs on past the clause a source cue reports
        ("…, die nach Angaben der Polizei geflohen sind, | wurden …")."""
        first = min(a for a, _ in rule.runs)
        last = max(b for _, b in rule.runs)
        if quote.last < first or quote.first > last:
            return False
        frame = _frame_tokens(rule)
        beyond = [
            k
            for k in quote.tokens()
            if (k < first or k > last) and k not in frame and not self.tokens[k].pos.startswith("$")
        ]
        return len(beyond) > 1

    def _quoted_clauses(self, quote_labels: list[str]) -> list[Found]:
        """A whole clause in quotation marks the tagger left out is direct speech all the
        same; a name or title after "die Zeitung", "der Titel" is not."""
        not_speech = {p[0] for p in self.res.cues["not_speech"]}
        members: dict[int, list[int]] = {}
        for i, span in enumerate(self.facts.quote):
            if span is not None and span.closed:
                members.setdefault(span.start, []).append(i)
        found = []
        for indices in members.values():
            if any(quote_labels[i] != "O" for i in indices):
                continue
            words = [self.tokens[i] for i in indices if self.tokens[i].text[:1].isalnum()]
            before = self.tokens[indices[0] - 1].text.lower() if indices[0] > 0 else ""
            if (
                len(words) >= _MIN_CLAUSE_WORDS
                and any(t.pos.endswith("FIN") for t in words)
                and before not in not_speech
            ):
                found.append(Found(QuoteKind.DIRECT, [[indices[0], indices[-1]]]))
        return found

    def _rule_quotes(self, quote_labels: list[str]) -> list[Found]:
        """Indirect speech the frame rules find in sentences the tagger left empty."""
        found = []
        sentences = self.facts.sentence_tokens
        for number, indices in enumerate(sentences):
            if not indices:
                continue
            tagged = [i for i in indices if quote_labels[i] != "O"]
            if tagged:
                # "Laut X hat Y angekündigt, …": the tagger often finds only the inner quote
                rule = (
                    self.reading.rule("source_cue", number)
                    or self.reading.rule("zufolge", number)
                    or self.reading.rule("so_frame", number)
                )
                if rule is not None and (
                    len(tagged) * 2 < _count(rule.runs)
                    or any(self._cut_at_frame(piece, rule) for piece in _pieces(tagged))
                    or any(self._runs_past_clause(piece, rule) for piece in _pieces(tagged))
                ):
                    found.append(Found(QuoteKind.INDIRECT, [list(r) for r in rule.runs], rule))
                elif (swallowed := self._frame_swallowed(number, tagged)) is not None:
                    found.append(
                        Found(QuoteKind.INDIRECT, [list(r) for r in swallowed.runs], swallowed)
                    )
                elif self._continues_quote_before(indices, quote_labels):
                    own = self.reading.rule("find", number)  # "… . Nach Angaben der Polizei sei …"
                    if own is not None and own.speaker is not None:
                        found.append(Found(QuoteKind.INDIRECT, [list(r) for r in own.runs], own))
                continue
            rule = self.reading.rule("find", number)
            if rule is not None:
                found.append(Found(QuoteKind.INDIRECT, [list(r) for r in rule.runs], rule))
            elif self._points_back_to(number):
                # "Die Lage sei ernst. Das sagte X.": the frame after names the statement
                found.append(
                    Found(QuoteKind.INDIRECT, [[indices[0], self.reading.last_word(indices)]])
                )
            elif self._continues_report(number, quote_labels, found):
                found.append(
                    Found(QuoteKind.FREE_INDIRECT, [[indices[0], self.reading.last_word(indices)]])
                )
        return found

    def _frame_swallowed(self, sentence: int, tagged: list[int]) -> RuleQuote | None:
        """The frame a rule finds in ``sentence`` when the tagger took it for content ("Das
        Wetter werde besser, meinte der Sprecher." tagged whole)."""
        rule = self.reading.rule("find", sentence)
        if rule is None or rule.speaker is None or rule.rule == Rule.VERB_COMMA:
            return None  # a frame opening the sentence: the tagger knows better where it ends
        return rule if _frame_tokens(rule) <= set(tagged) else None

    def _continues_quote_before(self, indices: list[int], quote_labels: list[str]) -> bool:
        """Whether the tagger's quote in this sentence began in the sentence before."""
        first = indices[0]
        return first > 0 and quote_labels[first].startswith("I-") and quote_labels[first - 1] != "O"

    def _continues_report(self, number: int, quote_labels: list[str], found: list[Found]) -> bool:
        """A sentence in Konjunktiv I right after reported speech or a speech verb goes on
        reporting it ("Sie sagte, … . Die Lage sei ernst."): free indirect speech."""
        indices = self.facts.sentence_tokens[number]
        finite = next((i for i in indices if self.tokens[i].pos.endswith("FIN")), None)
        if finite is None or self.facts.konjunktiv[finite] not in REPORTING_MOODS:
            return False
        if self.facts.quote[indices[0]] is not None or number == 0:
            return False
        before = self.facts.sentence_tokens[number - 1]
        return (
            any(quote_labels[i] != "O" for i in before)
            or any(self.tokens[f.first].sentence == number - 1 for f in found)
            or self.reading.has_speech_verb(
                number - 1
            )  # "Die Regierung warnt vor X. Die Lage sei …"
        )

    def _points_back_to(self, sentence: int) -> bool:
        """Whether the next sentence, in the same paragraph, is a frame pointing back."""
        after = sentence + 1
        if after >= len(self.facts.sentence_tokens) or not self.facts.sentence_tokens[after]:
            return False
        same_paragraph = (
            self.article.sentences[after].paragraph == self.article.sentences[sentence].paragraph
        )
        return (
            same_paragraph
            and self.reading.has_speech_verb(after)
            and self.reading.starts_anaphoric_frame(self.facts.sentence_tokens[after][0])
        )
