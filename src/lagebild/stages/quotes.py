"""Who said what: direct, indirect, reported and free indirect speech with their speakers.

Two CRF taggers trained on the German quotation gold (``bench/train_quotes.py``) do the bulk:
the first marks quote content (BIO per type), the second speakers, cues and addressees, seeing
the content labels. Rules built on the data files in ``data/de/`` do what a token tagger cannot
or misses: pairing quotation marks, keeping an interrupted quote as one („…“, sagte er, „…“),
indirect speech after "laut X", "nach ersten Angaben X", "X zufolge", "demnach", "wie X sagte",
"X sagte, …" in sentences the tagger left empty or only partly tagged (``quotation/rules.py``),
a Konjunktiv I sentence right after reported speech as its continuation, linking each quote to
its frame (same sentence, a frame pointing back from the next sentence, a colon before, or the
speaker of the quote it continues), speech acts ("X forderte …"), partial quotes inside reported
speech, headline quotes ("Name: „…“"), channel patterns, speaker kinds and what a pronoun or
role noun refers to. Where several speaker candidates compete, the one that looks like someone
who speaks wins (a name, pronoun or speaker word, not inside a prepositional phrase or
quotation, not an abstract noun), and among those the subject of the speech verb ("Ein Sprecher
sagte der Zeitung, …"); a subject pronoun right after the speech verb beats a fronted object
("Die Lage nannte er …"). "es" and "man" speak for no one; a passive speech verb names no
speaker ("Ihm wird vorgeworfen, …") unless a "von" phrase does. Indirect or reported content
without a frame of its own is dropped rather than guessed.

The entity layer is used when an earlier stage filled it (PER/ORG decide a speaker's kind and the
names pronouns resolve to); without it, proper-noun tags stand in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from ..model import Article, Quote, Span, SpeakerMention, Token
from . import stage
from .quotation import features
from .quotation.marks import QuotedSpan
from .quotation.resources import QuoteResources, load
from .quotation.rules import IMPERSONAL, FrameRules, RuleQuote

TYPE_NAMES = {"D": "direct", "I": "indirect", "R": "reported", "F": "free_indirect"}
_MAX_PART_GAP = 12  # tokens of frame that may interrupt one quote („…“, sagte er, „…“)
_MIN_SPEAKER_P = 0.15  # least marginal probability for a speaker the tagger did not output
_MIN_INSIDE_P = 0.1  # ... and for each further token of it
_INTERRUPTION = re.compile(r"\s*,[^„“”\"»«\n]{1,80},\s*")
_SENTENCE_END = re.compile(r"[.!?]")
_EDGE_PUNCTUATION = frozenset({",", ":", ";", "–", "-"})
_NAME_TAGS = frozenset({"NE", "NN", "XY", "FM"})
_MARKS_AND_EMPHASIS = features.QUOTE_CHARS | {"*", "_"}
# tags that end a speaker mention grown from the frame tagger's probabilities
_NOT_IN_SPEAKER = ("ADV", "ADJD", "PTK", "VVFIN", "VAFIN", "VMFIN", "$", "KON", "KOUS")
_MIN_CLAUSE_WORDS = 4  # a quoted clause this long with a finite verb is speech, not a title
_MIN_REPORTED_WORDS = 3  # shorter indirect content is a fragment the tagger cut off
_FIRST_PERSON = frozenset({"ich", "wir"})
_GROUP_DETERMINERS = frozenset(
    {"beide", "beiden", "alle", "mehrere", "einige", "viele", "zahlreiche", "manche"}
)
_IMPERSONAL = frozenset({"es", "anderem", "anderen"})
_ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den"})
_LIST_GAP = re.compile(r",\s*|\s+(?:und|oder)\s+")  # between quoted terms of a list
_WORD = re.compile(r"\w[\w-]*")
_TERM_STEM = 5  # letters of each word that identify a quoted term across its inflections
_NOMINATIVE_PRONOUNS = frozenset({"er", "ich", "wir"})
_PRONOUNS = frozenset({"PPER", "PDS", "PIS"})
_REPORTING_MOODS = frozenset({"I", "report"})  # moods of a main verb that mark reported speech


@cache
def _taggers(models_dir: Path | None = None):
    import pycrfsuite

    models = models_dir or importlib_resources.files("lagebild") / "models"
    content = pycrfsuite.Tagger()
    content.open(str(models / "quotes-content.crfsuite"))
    frame = pycrfsuite.Tagger()
    frame.open(str(models / "quotes-frame.crfsuite"))
    return content, frame


@dataclass
class _Found:
    """A quote or frame element as token runs while the article is being read."""

    kind: str  # quote type code, or SPK / CUE / ADR
    runs: list[list[int]] = field(default_factory=list)  # [first, last] token index per part
    rule: RuleQuote | None = None  # the frame rule that found it, speaker and cue included

    @property
    def first(self) -> int:
        return self.runs[0][0]

    @property
    def last(self) -> int:
        return self.runs[-1][1]

    def tokens(self) -> list[int]:
        return [i for a, b in self.runs for i in range(a, b + 1)]


@dataclass(frozen=True)
class _Passive:
    """A passive speech verb's frame: the "von" agent, the one addressed ("Die Männer werden
    beschuldigt"), and whether the subject is the speaker instead ("X wird zitiert")."""

    agent: _Found | None
    addressed: _Found | None
    subject_speaks: bool = False


def _decode(labels: list[str], para: list[int], merge_parts: bool) -> list[_Found]:
    """BIO labels of one paragraph as found elements; with ``merge_parts`` an I after a short gap
    of O continues the element before it (an interrupted quote)."""
    found: list[_Found] = []
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
            found.append(_Found(kind, [[index, index]]))
        previous = label
    return found


def _span(article: Article, first: int, last: int) -> Span:
    start, end = article.tokens[first].start, article.tokens[last].end
    return Span(start, end, article.text[start:end])


def _sentences_of(article: Article, element: _Found) -> set[int]:
    return {article.tokens[i].sentence for i in element.tokens()}


def _distance(a: _Found, b: _Found) -> int:
    if a.last < b.first:
        return b.first - a.last
    if b.last < a.first:
        return a.first - b.last
    return 0


class _Reader:
    """Reads one article: tags it, then links quotes and frames."""

    def __init__(self, article: Article, res: QuoteResources):
        self.article = article
        self.res = res
        self.tokens: list[Token] = article.tokens
        self.facts = features.token_facts(article, res)
        # names only: role phrases ("der Experte") and pronouns are mentions too, but name no one
        self.named_entities = [
            e
            for e in article.entities
            if e.label in ("PER", "ORG") and e.source not in ("role", "pronoun")
        ]
        self.places = [e for e in article.entities if e.label.startswith("LOC")]
        # the frame tagger's confidence that a token begins / continues a speaker mention
        self.speaker_begin = [0.0] * len(self.tokens)
        self.speaker_inside = [0.0] * len(self.tokens)
        self.rules = FrameRules(self.tokens, self.facts, res)
        self._rule_found: dict[tuple[str, int], RuleQuote | None] = {}
        self.source_prepositions = {p[0] for p in res.cues["source_before"]}
        self.multiword_speakers = tuple(
            (w, kind) for w, kind in res.speaker_words.items() if " " in w
        )  # "eine vertraute Quelle": matched in the text, not token by token

    def tag(self, models_dir: Path | None = None) -> tuple[list[_Found], list[_Found]]:
        content_tagger, frame_tagger = _taggers(models_dir)
        base = features.quote_features(self.article, self.facts, self.res)
        quotes: list[_Found] = []
        frames: list[_Found] = []
        quote_labels = ["O"] * len(self.tokens)
        for para in self.facts.paragraphs:
            labels = content_tagger.tag([base[i] for i in para])
            for i, label in zip(para, labels, strict=True):
                quote_labels[i] = label
            quotes.extend(_decode(labels, para, merge_parts=True))
        frame_base = features.frame_features(base, quote_labels, self.facts)
        for para in self.facts.paragraphs:
            labels = frame_tagger.tag([frame_base[i] for i in para])
            frames.extend(_decode(labels, para, merge_parts=False))
            for position, i in enumerate(para):
                self.speaker_begin[i] = frame_tagger.marginal("B-SPK", position)
                self.speaker_inside[i] = frame_tagger.marginal("I-SPK", position)
        by_rule = self._rule_quotes(quote_labels)
        quotes = [q for q in quotes if not any(self._cut_at_frame(q, r.rule) for r in by_rule)]
        quotes = self._split_at_own_frames(quotes, by_rule)
        quotes = [q for q in quotes if q.kind != "F" or self._shows_report(q)]
        quotes.extend(by_rule)
        quotes.extend(self._quoted_clauses(quote_labels))
        quoted = {i for q in quotes if q.kind == "D" for i in q.tokens()}
        return quotes, [cut for frame in frames if (cut := _before(frame, quoted))]

    def _split_at_own_frames(self, quotes: list[_Found], by_rule: list[_Found]) -> list[_Found]:
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
            if quote.kind not in ("I", "F") or not cuts:
                out.append(quote)
                continue
            removed = set().union(*cuts)
            out.extend(
                _Found(quote.kind, piece.runs)
                for piece in _pieces([i for i in quote.tokens() if i not in removed])
                if any(self.tokens[i].text[:1].isalnum() for i in piece.tokens())
            )
        return out

    def _cut_at_frame(self, quote: _Found, rule: RuleQuote | None) -> bool:
        """Whether the tagger's ``quote`` is a piece of the rule's content cut off at its frame
        ("Ein Passant hatte | laut Polizei | das Gepäckstück …", "…, so X weiter, | …")."""
        if rule is None:
            return False
        if not set(quote.tokens()) <= _run_tokens(rule.runs):
            return False
        frame_last = max(rule.cue[1], rule.speaker[1] if rule.speaker else -1)
        cut_before_cue = quote.last < rule.cue[0] and all(
            self.tokens[k].pos.startswith("$") for k in range(quote.last + 1, rule.cue[0])
        )
        cut_after_speaker = (
            rule.speaker is not None
            and quote.first > frame_last
            and all(
                self.tokens[k].pos.startswith("$") or self.tokens[k].pos in ("ADV", "PTKVZ")
                for k in range(frame_last + 1, quote.first)
            )
        )
        return cut_before_cue or cut_after_speaker

    def _runs_past_clause(self, quote: _Found, rule: RuleQuote) -> bool:
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

    def _shows_report(self, quote: _Found) -> bool:
        """Free indirect speech shows itself: a verb in Konjunktiv I, reportative "soll", an
        auxiliary in Konjunktiv II ("hätten", "würde") or words in quotation marks. An
        indicative sentence after a report, or one hedged only by "könnte", is the author's."""
        return any(
            self.facts.konjunktiv[i] in _REPORTING_MOODS
            or (self.facts.konjunktiv[i] and self.tokens[i].pos == "VAFIN")
            or self.facts.quote[i] is not None
            for i in quote.tokens()
        )

    def _quoted_clauses(self, quote_labels: list[str]) -> list[_Found]:
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
                found.append(_Found("D", [[indices[0], indices[-1]]]))
        return found

    def _rule_quotes(self, quote_labels: list[str]) -> list[_Found]:
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
                    self._rule("source_cue", number)
                    or self._rule("zufolge", number)
                    or self._rule("so_frame", number)
                )
                if rule is not None and (
                    len(tagged) * 2 < _count(rule.runs)
                    or any(self._cut_at_frame(piece, rule) for piece in _pieces(tagged))
                    or any(self._runs_past_clause(piece, rule) for piece in _pieces(tagged))
                ):
                    found.append(_Found("I", [list(r) for r in rule.runs], rule))
                elif (swallowed := self._frame_swallowed(number, tagged)) is not None:
                    found.append(_Found("I", [list(r) for r in swallowed.runs], swallowed))
                elif self._continues_quote_before(indices, quote_labels):
                    own = self._rule("find", number)  # "… . Nach Angaben der Polizei sei …"
                    if own is not None and own.speaker is not None:
                        found.append(_Found("I", [list(r) for r in own.runs], own))
                continue
            rule = self._rule("find", number)
            if rule is not None:
                found.append(_Found("I", [list(r) for r in rule.runs], rule))
            elif self._points_back_to(number):
                # "Die Lage sei ernst. Das sagte X.": the frame after names the statement
                found.append(_Found("I", [[indices[0], self._last_word(indices)]]))
            elif self._continues_report(number, quote_labels, found):
                found.append(_Found("F", [[indices[0], self._last_word(indices)]]))
        return found

    def _room_for_frame(self, quote: _Found) -> bool:
        """Whether the quote leaves room for a frame in its sentence: it does not open the
        sentence, or a speech verb of the sentence lies outside it."""
        inside = set(quote.tokens())
        first = self.facts.sentence_tokens[self.tokens[quote.first].sentence][0]
        return quote.first != first or any(
            self.facts.speech_verb[i] and i not in inside
            for sentence in _sentences_of(self.article, quote)
            for i in self.facts.sentence_tokens[sentence]
        )

    def _rule(self, pattern: str, sentence: int) -> RuleQuote | None:
        """What the frame rule ``pattern`` finds in ``sentence``, found once per sentence."""
        key = (pattern, sentence)
        if key not in self._rule_found:
            tokens = self.facts.sentence_tokens[sentence]
            self._rule_found[key] = getattr(self.rules, pattern)(tokens)
        return self._rule_found[key]

    def _frame_swallowed(self, sentence: int, tagged: list[int]) -> RuleQuote | None:
        """The frame a rule finds in ``sentence`` when the tagger took it for content ("Das
        Wetter werde besser, meinte der Sprecher." tagged whole)."""
        rule = self._rule("find", sentence)
        if rule is None or rule.speaker is None or rule.rule == "rule:verb_comma":
            return None  # a frame opening the sentence: the tagger knows better where it ends
        return rule if _frame_tokens(rule) <= set(tagged) else None

    def _continues_quote_before(self, indices: list[int], quote_labels: list[str]) -> bool:
        """Whether the tagger's quote in this sentence began in the sentence before."""
        first = indices[0]
        return first > 0 and quote_labels[first].startswith("I-") and quote_labels[first - 1] != "O"

    def _last_word(self, indices: list[int]) -> int:
        last = indices[-1]
        while last > indices[0] and self.tokens[last].pos.startswith("$"):
            last -= 1
        return last

    def _continues_report(self, number: int, quote_labels: list[str], found: list[_Found]) -> bool:
        """A sentence in Konjunktiv I right after reported speech or a speech verb goes on
        reporting it ("Sie sagte, … . Die Lage sei ernst."): free indirect speech."""
        indices = self.facts.sentence_tokens[number]
        finite = next((i for i in indices if self.tokens[i].pos.endswith("FIN")), None)
        if finite is None or self.facts.konjunktiv[finite] not in _REPORTING_MOODS:
            return False
        if self.facts.quote[indices[0]] is not None or number == 0:
            return False
        before = self.facts.sentence_tokens[number - 1]
        return (
            any(quote_labels[i] != "O" for i in before)
            or any(self.tokens[f.first].sentence == number - 1 for f in found)
            or self._has_speech_verb(number - 1)  # "Die Regierung warnt vor X. Die Lage sei …"
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
            and self._has_speech_verb(after)
            and self._starts_anaphoric_frame(self.facts.sentence_tokens[after][0])
        )

    # -- linking -------------------------------------------------------------------------

    def _colon_before(self, quote: _Found) -> int | None:
        """The sentence before the quote when it ends with a colon (also across a paragraph)."""
        first = quote.first
        k = first - 1
        while k >= 0 and self.tokens[k].text in features.QUOTE_CHARS | {"*"}:
            k -= 1
        if k >= 0 and self.tokens[k].text == ":":
            return self.tokens[k].sentence
        return None

    def _headline_speaker(self, quote: _Found) -> _Found | None:
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
            and self.tokens[k].pos in _NAME_TAGS
            and self.tokens[k].text[:1].isupper()
            and self.tokens[k].sentence == self.tokens[last].sentence
        ):
            k -= 1
        if k == last or last - k > 4:
            return None
        if k >= 0 and self.tokens[k].sentence == self.tokens[k + 1].sentence:
            return None  # the name must open its sentence: "Putin: „…“", not "… Inhalt: „…“"
        return _Found("SPK", [[k + 1, last]])

    def _before_marks(self, index: int) -> int:
        """The token before ``index`` and any quotation marks or emphasis right before it."""
        k = index - 1
        while k >= 0 and self.tokens[k].text in _MARKS_AND_EMPHASIS:
            k -= 1
        return k

    def _speaker_for(
        self, quote: _Found, speakers: list[_Found], cues: list[_Found], previous: _Found | None
    ) -> tuple[_Found | None, str]:
        quote_tokens = set(quote.tokens())
        sentences = _sentences_of(self.article, quote)
        allow_inside = quote.kind == "R"

        def usable(s: _Found) -> bool:
            return allow_inside or not (set(s.tokens()) & quote_tokens)

        anaphoric = self._anaphoric_frame_after(quote, sentences)
        if anaphoric is not None and quote.kind in ("I", "F"):
            speaker = self._speaker_of_frame_after(anaphoric, speakers, cues, quote)
            if speaker:
                return speaker, "frame_after"
        same = [s for s in speakers if _sentences_of(self.article, s) & sentences and usable(s)]
        if same:
            return self._closest(same, cues, quote), "frame"
        source = self._source_within(quote, sentences)
        if source is not None:
            return source, "source"
        if anaphoric is not None and quote.kind == "D":
            # „…“ ⏎ "So beurteilt der Politologe X die Lage.": a quote standing alone
            speaker = self._speaker_of_frame_after(anaphoric, speakers, cues, quote)
            if speaker:
                return speaker, "frame_after"
        headline = self._headline_speaker(quote)
        if headline:
            return headline, "headline"
        colon_sentence = self._colon_before(quote)
        if colon_sentence is not None:
            speaker = self._best_in(colon_sentence, speakers, cues, quote)
            if speaker is None or self._unlikely_speaker(speaker):
                # "In der ARD zeigt sich der Trainer zufrieden: „…“": not "der ARD"
                speaker = (
                    self._opening_subject(colon_sentence)
                    or self._clause_subject(colon_sentence)
                    or speaker
                )
            if speaker:
                return speaker, "colon"
        if quote.kind != "F":
            likely = self._likely_speaker(quote, sentences)
            if likely:
                return likely, "likely"
        frame = self._speech_verb_frame(quote, sentences)
        if frame is not None:
            return frame
        # a continuation: the speaker of the quote before, or a later frame whose quote was missed
        earlier = [s for s in speakers if s.last < quote.first and not self._unlikely_speaker(s)]
        if previous is not None and previous.last < quote.first:
            if self.tokens[previous.last].sentence >= min(sentences) - 1:
                return previous, "continued"  # the speaker of the sentence before goes on
            earlier.append(previous)
        before = min(sentences) - 1
        if quote.kind == "F" and before >= 0:
            # "Die Pläne wurden von der Ministerin kritisiert. Sie seien …": the agent goes on
            passive = self._passive_in(before, set())
            if passive is not None and passive.agent is not None:
                return passive.agent, "continued"
        if quote.kind in ("F", "D") and before >= 0:
            # "Die Regierung warnt vor X. Die Lage sei …": who spoke in the sentence before
            subject = self._speech_verb_subjects({before}, set())
            found = _Found("SPK", [[min(subject), max(subject)]]) if subject else None
            if (
                found
                and self._unlikely_speaker(found) <= 1
                and self.facts.quote[found.first] is None  # "…, denke ich.“" is quoted
                and not self._impersonal(found)
            ):
                return found, "continued"
        opening = self._opening_subject(before)
        if opening is not None and quote.kind == "F":
            earlier.append(opening)  # "X ist besorgt. Die Lage sei …": X's view goes on
        if earlier:
            return max(earlier, key=lambda s: s.last), "continued"
        return None, "none"

    def _source_within(self, quote: _Found, sentences: set[int]) -> _Found | None:
        """The source a cue names in the quote's own sentence ("Die Lage sei nach Angaben
        der Polizei ruhig", "Demnach seien …")."""
        inside = set(quote.tokens())
        for sentence in sorted(sentences):
            for pattern in ("source_cue", "source_adverb", "zufolge", "so_frame"):
                found = self._rule(pattern, sentence)
                if found is None or found.speaker is None:
                    continue
                if not inside & _run_tokens(found.runs):
                    continue  # the cue reports another part of the sentence
                return _Found("SPK", [list(found.speaker)])
        return None

    def _speech_verb_frame(
        self, quote: _Found, sentences: set[int]
    ) -> tuple[_Found | None, str] | None:
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
                subject = self.rules.subject_of(i, indices)
                if subject is None or inside & set(range(subject[0], subject[1] + 1)):
                    continue
                if self.tokens[subject[0]].text.lower() in _IMPERSONAL:
                    source = self._source_place(indices, inside)
                    return source, "source_place" if source else "impersonal"
                found = _Found("SPK", [list(subject)])
                if not self._unlikely_speaker(found):
                    return found, "subject"
        return None

    def _passive_frame(self, quote: _Found) -> tuple[_Found | None, _Found | None] | None:
        """A passive speech verb frames the quote of its sentence: "Ihm wird vorgeworfen, …"
        and "Die Männer werden beschuldigt, …" name no speaker (the subject is the one
        addressed); "… wurde von der Ministerin kritisiert" names it after "von". None when no
        passive speech verb frames it ("X wird zitiert" is no such frame: X speaks), else the
        agent (or None) and the one addressed (or None)."""
        inside = set() if quote.kind == "R" else set(quote.tokens())  # R holds its frame
        for sentence in sorted(_sentences_of(self.article, quote)):
            found = self._passive_in(sentence, inside)
            if found is not None:
                return None if found.subject_speaks else (found.agent, found.addressed)
        return None

    def _passive_in(self, sentence: int, inside: set[int]) -> _Passive | None:
        """The passive speech verb of ``sentence`` outside ``inside``, if it has one."""
        indices = [i for i in self.facts.sentence_tokens[sentence] if i not in inside]
        auxiliary = next(
            (i for i in indices if self.tokens[i].pos == "VAFIN" and self._is_werden(i)), None
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
            return _Passive(None, None, subject_speaks=True)
        addressed = None
        if (self.tokens[participle].lemma.lower(),) in self.res.cues["addressing"]:
            subject = self.rules.subject_of(auxiliary, self.facts.sentence_tokens[sentence])
            addressed = _Found("ADR", [list(subject)]) if subject else None
        if addressed is not None and (
            set(addressed.tokens()) & inside or self._impersonal(addressed)
        ):
            addressed = None  # "Es wird vermutet, …" addresses no one
        for k in indices:
            agent = (self.tokens[k].text.lower(),) in self.res.cues["passive_agent"]
            if k < participle and agent:
                end = self.rules.np_after(k + 1, participle - 1)
                if end is not None:
                    return _Passive(_Found("SPK", [[k + 1, end]]), addressed)
        return _Passive(None, addressed)

    def _is_werden(self, index: int) -> bool:
        return self.tokens[index].lemma.lower() == "werden"

    def _clause_subject(self, sentence: int) -> _Found | None:
        """The subject of the first finite verb of ``sentence`` when it could speak ("Dabei
        griff sie den Präsidenten an: „…“", "Die Firma nennt das unfair: „…“")."""
        indices = self.facts.sentence_tokens[sentence]
        verb = next((i for i in indices if self.tokens[i].pos.endswith("FIN")), None)
        subject = self.rules.subject_of(verb, indices) if verb is not None else None
        if subject is None:
            return None
        found = _Found("SPK", [list(subject)])
        return None if self._unlikely_speaker(found) or self._impersonal(found) else found

    def _source_place(self, indices: list[int], inside: set[int]) -> _Found | None:
        """Where "es heißt" says it: "In dem Bericht heißt es, …" names the report."""
        for k in indices:
            if k in inside or (self.tokens[k].text.lower(),) not in self.res.cues["source_place"]:
                continue
            end = self.rules.np_after(k + 1, indices[-1])
            if end is not None and not inside & set(range(k, end + 1)):
                return _Found("SPK", [[k, end]])
        return None

    def _opening_subject(self, sentence: int) -> _Found | None:
        """The phrase opening ``sentence`` when it names someone who could speak."""
        if sentence < 0 or not self.facts.sentence_tokens[sentence]:
            return None
        indices = self.facts.sentence_tokens[sentence]
        last = self.rules.np_after(indices[0], indices[-1])
        if last is None or not self.rules.can_speak(indices[0], last):
            return None
        if self.facts.quote[indices[0]] is not None:
            return None
        return _Found("SPK", [[indices[0], last]])

    def _closest(self, candidates: list[_Found], cues: list[_Found], quote: _Found) -> _Found:
        """The speaker that goes with the quote: the one next to a cue of the quote's sentence
        (the subject of "sagte", the source of "laut"), then the one nearest the quote."""
        sentences = _sentences_of(self.article, quote)
        # reported speech ("X forderte …") holds its own frame
        inside = set() if quote.kind == "R" else set(quote.tokens())
        inverted = self._pronoun_after_speech_verb(sentences, inside)
        if inverted is not None and any(s.last < inverted.first for s in candidates):
            return inverted  # "Die Lage nannte er ernst": the phrase before the verb is its object
        near_cues = [c for c in cues if _sentences_of(self.article, c) & sentences]
        subjects = self._speech_verb_subjects(sentences, inside)
        if subjects and not any(set(s.tokens()) & subjects for s in candidates):
            # the subject of the speech verb competes with the tagger's candidates
            subject = _Found("SPK", [[min(subjects), max(subjects)]])
            if not self._unlikely_speaker(subject):
                candidates = [*candidates, subject]

        def rank(s: _Found) -> tuple[int, bool, bool, int]:
            to_cue = min((_distance(s, c) for c in near_cues), default=99)
            return (
                self._unlikely_speaker(s),
                not set(s.tokens()) & subjects,
                to_cue > 2,
                _distance(s, quote),
            )

        return min(candidates, key=rank)

    def _speech_verb_subjects(self, sentences: set[int], skip: set[int]) -> set[int]:
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
        subject = self.rules.subject_of(verb, self.facts.sentence_tokens[sentence])
        return set(range(subject[0], subject[1] + 1)) if subject else set()

    def _pronoun_after_speech_verb(self, sentences: set[int], skip: set[int]) -> _Found | None:
        """A subject pronoun right after a finite speech verb ("… bezeichnete er …"); only the
        unambiguous nominatives, as "sie" may be the object."""
        for sentence in sorted(sentences):
            for i in self.facts.sentence_tokens[sentence][1:-1]:
                if (
                    self.facts.speech_verb[i]
                    and self.tokens[i].pos == "VVFIN"
                    and self.tokens[i + 1].text.lower() in _NOMINATIVE_PRONOUNS
                    and i + 1 not in skip
                ):
                    return _Found("SPK", [[i + 1, i + 1]])
        return None

    def _unlikely_speaker(self, speaker: _Found) -> int:
        """How little a phrase looks like someone who speaks: a thing ("das Buch") rather than a
        name, pronoun or speaker word; inside a prepositional phrase ("in einer Nachricht")
        other than a source cue ("laut", "nach Angaben"); an abstract noun ("der Festnahme")."""
        penalty = 0
        if not self.rules.can_speak(speaker.first, speaker.last):
            penalty += 1
        if self.facts.quote[speaker.first] is not None:
            penalty += 1  # a word inside quotation marks belongs to what is said
        if self._abstract(speaker):
            penalty += 1
        k = speaker.first - 1
        while k >= 0 and self.tokens[k].pos in ("ART", "ADJA", "PPOSAT", "PIAT", "CARD"):
            k -= 1
        if (
            k >= 0
            and self.tokens[k].pos in ("APPR", "APPRART")
            and self.tokens[k].text.lower() not in self.source_prepositions
        ):
            penalty += 1
        return penalty

    def _abstract(self, speaker: _Found) -> bool:
        """A phrase headed by an abstract noun ("der Festnahme", "die Ausführung") is seldom
        the one who speaks."""
        nouns = [i for i in speaker.tokens() if self.tokens[i].pos in _NAME_TAGS]
        return bool(nouns) and all(
            self.tokens[i].pos == "NN"
            and self.tokens[i].text.lower().endswith(self.res.abstract_endings)
            and not self.rules.speaker_word(i)  # "die Regierung", "die Organisation" speak
            for i in nouns
        )

    def _best_in(
        self, sentence: int, speakers: list[_Found], cues: list[_Found], quote: _Found
    ) -> _Found | None:
        """The speaker the frame tagger found in ``sentence``, else its most likely one."""
        here = [s for s in speakers if sentence in _sentences_of(self.article, s)]
        likely = self._likely_speaker(quote, {sentence})
        if not here and likely:
            here = [likely]
        return self._closest(here, cues, quote) if here else None

    def _anaphoric_frame_after(self, quote: _Found, sentences: set[int]) -> int | None:
        """The sentence after the quote when it points back to it ("Dies erklärte X")."""
        after = max(sentences) + 1
        if after >= len(self.facts.sentence_tokens) or not self._has_speech_verb(after):
            return None
        indices = self.facts.sentence_tokens[after]
        if not indices or not self._starts_anaphoric_frame(indices[0]):
            return None
        if self.tokens[quote.last].sentence != after - 1:
            return None
        return after

    def _speaker_of_frame_after(
        self, sentence: int, speakers: list[_Found], cues: list[_Found], quote: _Found
    ) -> _Found | None:
        return self._best_in(sentence, speakers, cues, quote) or self._subject_after_verb(sentence)

    def _subject_after_verb(self, sentence: int) -> _Found | None:
        """In "Dies erklärte der Minister Max Muster" the speaker follows the speech verb."""
        indices = self.facts.sentence_tokens[sentence]
        verb = next((i for i in indices if self.facts.speech_verb[i]), None)
        if verb is None:
            return None
        k = verb + 1
        while k <= indices[-1] and self.tokens[k].pos in ("ART", "ADJA", "PDAT", "PPOSAT"):
            k += 1
        last = k - 1
        while last + 1 <= indices[-1] and self.tokens[last + 1].pos in _NAME_TAGS:
            last += 1
        return _Found("SPK", [[verb + 1, last]]) if last >= k else None

    def _likely_speaker(self, quote: _Found, sentences: set[int]) -> _Found | None:
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
        return _Found("SPK", [[best, last]])

    def _has_speech_verb(self, sentence: int) -> bool:
        return any(self.facts.speech_verb[i] for i in self.facts.sentence_tokens[sentence])

    def _starts_anaphoric_frame(self, index: int) -> bool:
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

    def _nearest_in_sentence(self, elements: list[_Found], anchor: _Found) -> _Found | None:
        sentences = _sentences_of(self.article, anchor)
        near = [e for e in elements if _sentences_of(self.article, e) & sentences]
        return min(near, key=lambda e: _distance(e, anchor)) if near else None

    def _channel(
        self, parts: tuple[tuple[int, int], ...], frame_sentences: set[int]
    ) -> Span | None:
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

    # -- speakers ------------------------------------------------------------------------

    def _speaker_kind(self, element: _Found) -> str:
        toks = [self.tokens[i] for i in element.tokens()]
        if len(toks) == 1 and toks[0].pos in _PRONOUNS:
            return "pronoun"
        start, end = toks[0].start, toks[-1].end
        text = self.article.text[start:end]
        words = self.res.speaker_words
        kinds = {words[form] for t in toks for form in (t.text, t.lemma) if form in words}
        kinds |= {kind for word, kind in self.multiword_speakers if word in text}
        if "anonymous" in kinds:
            return "anonymous"
        labels = {e.label for e in self.named_entities if e.start < end and start < e.end}
        has_name = any(
            (t.pos == "NE" or (t.pos in ("XY", "FM") and t.text[:1].isupper()))
            and not any(e.start <= t.start < e.end for e in self.places)  # "am Rand von X"
            for t in toks
        )
        if toks[0].text.lower() in _GROUP_DETERMINERS:
            return "group"  # "Beide Staatschefs", "Mehrere Minister"
        if "PER" in labels or (not labels and has_name and "organisation" not in kinds):
            return "named"
        place_head = not kinds and any(
            e.label == "LOC" and toks[0].start <= e.start <= toks[min(1, len(toks) - 1)].start
            for e in self.places
        )
        if "ORG" in labels or "organisation" in kinds or place_head:
            return "organisation"  # "Moskau erklärte": a place speaking is its government
        if "group" in kinds:
            return "group"
        if "role" in kinds or any(self.rules.speaker_word(i) for i in element.tokens()):
            return "role"
        return "other"  # "Das Treffen": a phrase that names no one to resolve it to

    def _named_mentions(self) -> list[Span]:
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
                runs.append(_span(self.article, i, j))
                i = j + 1
            else:
                i += 1
        return runs

    def link(self, quotes: list[_Found], frames: list[_Found]) -> list[Quote]:
        speakers = [self._trim_speaker(f) for f in frames if f.kind == "SPK"]
        cues = [f for f in frames if f.kind == "CUE" and self._plausible_cue(f)]
        addressees = [f for f in frames if f.kind == "ADR"]
        result: list[Quote] = []
        previous: _Found | None = None
        last_sentence = -2  # the sentence the last quote found ends in
        names = self._named_mentions()
        for quote in sorted(quotes, key=lambda q: q.first):
            self._trim_content(quote)
            if not quote.runs:
                continue
            words = sum(1 for i in quote.tokens() if self.tokens[i].text[:1].isalnum())
            if words == 0 or (quote.kind != "D" and words < _MIN_REPORTED_WORDS):
                continue
            if self._is_whole_quotation(quote):
                quote.kind = "D"
            if quote.kind == "F" and self._first_person(quote):
                continue  # "Ich denke, …" outside quotation marks: an interview, not a report
            addressed: _Found | None = None
            if quote.rule is not None:
                speaker = _Found("SPK", [list(quote.rule.speaker)]) if quote.rule.speaker else None
                how = quote.rule.rule
                cue_found: _Found | None = _Found("CUE", [list(quote.rule.cue)])
            else:
                speaker, how = self._speaker_for(quote, speakers, cues, previous)
                cue_found = None
                if how in ("frame", "likely", "subject", "continued", "none"):
                    passive = self._passive_frame(quote)
                    if passive is not None:
                        speaker, addressed = passive  # the "von"-agent, or no one
                        how = "passive" if speaker else "impersonal"
            if speaker is not None and self._impersonal(speaker):
                speaker = None  # "man befürchtet, dass …": a statement without a speaker
                how = how if quote.rule else "impersonal"
            if (
                quote.kind in ("I", "R", "F")
                and speaker is None
                and how != "impersonal"
                and not quote.rule
            ):
                continue  # reported content with no one to report it is mostly a tagging slip
            if quote.kind == "D" and how == "none":
                continue  # words in quotation marks nobody is said to say: a slogan, a title
            if (
                quote.kind == "I"
                and how == "continued"
                and self._shows_report(quote)
                and not self._room_for_frame(quote)
                and last_sentence == self.tokens[quote.first].sentence - 1
            ):
                quote.kind = "F"  # no frame of its own, but a report going on in Konjunktiv
            if quote.kind in ("I", "R") and how == "continued":
                continue  # indirect content needs its own frame; free indirect has none
            if (
                quote.kind == "R"
                and speaker is not None
                and not self.rules.can_speak(speaker.first, speaker.last)
            ):
                continue  # "Die Zahlen sprechen für …": only someone performs a speech act
            if speaker is not None:
                previous = speaker
            framed = speaker is not None and how != "continued"
            anchor = speaker if framed else quote
            cue = cue_found or (self._nearest_in_sentence(cues, anchor) if framed else None)
            if cue is None and (framed or how == "impersonal"):
                cue = self._speech_verb_near(anchor, quote)  # "hieß es", "griff … an: „…“"
            addressee = self._nearest_in_sentence(addressees, anchor) if framed else None
            if addressee is None and how in ("passive", "impersonal"):
                addressee = addressed  # "Die Männer werden beschuldigt, …"
            if addressee is None and framed and cue is not None:
                addressee = self._object_addressed(cue, speaker, quote)
            parts = tuple((self.tokens[a].start, self.tokens[b].end) for a, b in quote.runs)
            channel = self._channel(parts, _sentences_of(self.article, anchor)) if framed else None
            mention = self._mention(speaker, result, names, channel) if speaker else None
            start, end = parts[0][0], parts[-1][1]
            result.append(
                Quote(
                    start=start,
                    end=end,
                    text=self.article.text[start:end],
                    type=TYPE_NAMES[quote.kind],
                    speaker=mention,
                    cue=_span(self.article, cue.first, cue.last) if cue else None,
                    channel=channel,
                    addressee=_span(self.article, addressee.first, addressee.last)
                    if addressee
                    else None,
                    parts=parts if len(parts) > 1 else (),
                    rule=how if quote.rule else f"crf+{how}",
                )
            )
            last_sentence = self.tokens[quote.last].sentence
        result = _without_repeats(self._merge_interrupted(result))
        result.extend(self._speech_acts(result, speakers, cues, names))
        result.extend(self._partial_quotes(result))
        return sorted(result, key=lambda q: (q.start, -q.end))

    def _object_addressed(
        self, cue: _Found, speaker: _Found | None, quote: _Found
    ) -> _Found | None:
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
            if k in taken or self.tokens[k].pos in ("ADV", "ADJD", "PTKVZ", "PTKNEG"):
                k += 1
            elif self.tokens[k].pos in ("APPR", "APPRART"):
                k = (self.rules.np_after(k + 1, limit - 1) or k) + 1  # "am Montag"
            else:
                end = self.rules.np_after(k, limit - 1)
                if (
                    end is None
                    or set(range(k, end + 1)) & taken
                    or self._impersonal(_Found("ADR", [[k, end]]))
                ):
                    return None
                return _Found("ADR", [[k, end]])
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

    def _speech_verb_near(self, anchor: _Found, quote: _Found) -> _Found | None:
        """The speech verb nearest ``anchor`` in its sentences, outside the quote: the cue where
        the frame tagger marked none."""
        inside = set() if quote.kind == "R" else set(quote.tokens())  # R holds its frame
        verbs = [
            i
            for sentence in _sentences_of(self.article, anchor)
            for i in self.facts.sentence_tokens[sentence]
            if self.facts.speech_verb[i] and i not in inside and self.tokens[i].pos[:1] == "V"
        ]
        if not verbs:
            return None
        verb = min(verbs, key=lambda i: min(abs(i - anchor.first), abs(i - anchor.last)))
        return _Found("CUE", [[verb, verb]])

    def _first_person(self, quote: _Found) -> bool:
        """Whether content outside quotation marks speaks in the first person."""
        return any(
            self.tokens[i].text.lower() in _FIRST_PERSON and self.facts.quote[i] is None
            for i in quote.tokens()
        )

    def _plausible_cue(self, cue: _Found) -> bool:
        """A lone preposition "nach" is a cue in "nach Angaben der Polizei" or "seinen Worten
        nach", not in "nach Alaska"."""
        if cue.first != cue.last or self.tokens[cue.first].text.lower() != "nach":
            return True
        following = (
            self.tokens[cue.first + 1].text.lower() if cue.first + 1 < len(self.tokens) else ""
        )
        nouns = {p[1] for p in self.res.cues["source_before"] if len(p) == 2 and p[0] == "nach"}
        previous = self.tokens[cue.first - 1].pos if cue.first > 0 else ""
        return following in nouns or previous == "NN"

    def _merge_interrupted(self, found: list[Quote]) -> list[Quote]:
        """„…“, sagte er, „…“ is one quote: two direct quotes of one speaker with only their
        frame between them, the first not ending its sentence."""
        merged: list[Quote] = []
        for quote in found:
            before = merged[-1] if merged else None
            if (
                before is not None
                and before.type == quote.type == "direct"
                and before.speaker is not None
                and quote.speaker is not None
                and before.speaker.start == quote.speaker.start
                and _INTERRUPTION.fullmatch(self.article.text[before.end : quote.start])
                and not _SENTENCE_END.search(before.text[-3:])
            ):
                parts = (before.parts or ((before.start, before.end),)) + (
                    quote.parts or ((quote.start, quote.end),)
                )
                merged[-1] = replace(
                    before,
                    end=quote.end,
                    text=self.article.text[before.start : quote.end],
                    parts=parts,
                )
                continue
            merged.append(quote)
        return merged

    def _mention(
        self, speaker: _Found, earlier: list[Quote], names: list[Span], channel: Span | None
    ) -> SpeakerMention:
        span = _span(self.article, speaker.first, speaker.last)
        # "Trump im TV-Sender Fox News": the channel is no part of the speaker
        inner = [m.start() for p in self.res.channels for m in p.finditer(span.text)]
        cut_at = min((i for i in inner if i > 0), default=None)
        if channel and span.start < channel.start < span.end:
            cut_at = min(cut_at or len(span.text), channel.start - span.start)
        if cut_at is not None:
            cut = span.text[:cut_at].rstrip()
            span = Span(span.start, span.start + len(cut), cut)
        kind = self._speaker_kind(speaker)
        antecedent = None
        if kind in ("pronoun", "role"):
            antecedent = self._antecedent(span, earlier, names)
        return SpeakerMention(span.start, span.end, span.text, None, kind, antecedent)

    def _impersonal(self, speaker: _Found) -> bool:
        return speaker.first == speaker.last and (
            self.tokens[speaker.first].text.lower() in IMPERSONAL
        )

    def _trim_speaker(self, speaker: _Found) -> _Found:
        """Drop conjunctions and punctuation the tagger left at the edge of a speaker."""
        first, last = speaker.first, speaker.last
        while last > first and self.tokens[last].pos.startswith(("$", "KON", "APPR")):
            last -= 1
        while first < last and self.tokens[first].pos.startswith(("$", "KON", "PRF")):
            first += 1
        return _Found(speaker.kind, [[first, last]])

    def _trim_content(self, quote: _Found) -> None:
        """Commas and colons at the edges belong to the frame, not to the quote."""
        first, last = quote.runs[0][0], quote.runs[-1][1]
        while first <= last and (
            self.tokens[first].text in _EDGE_PUNCTUATION or self._closes_quotation(first)
        ):
            first += 1
        while last >= first and (
            self.tokens[last].text in _EDGE_PUNCTUATION or self._opens_quotation(last)
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
        if first > 0 and self._opens_quotation(first - 1):
            span = self.facts.quote[first - 1]
            closes_inside = span is not None and span.end <= self.tokens[last].end
            if quote.kind == "D" or closes_inside:
                # the opening mark belongs to a direct quote, and to quoted words that open
                # a report („vielen Punkten“, in denen er … sei)
                quote.runs[0][0] = first - 1

    def _opens_quotation(self, index: int) -> bool:
        """Whether token ``index`` is the opening mark of a quotation („ before „…“)."""
        span = self.facts.quote[index]
        return span is not None and span.start == self.tokens[index].start

    def _closes_quotation(self, index: int) -> bool:
        span = self.facts.quote[index]
        return (
            span is not None
            and span.closed
            and span.end == self.tokens[index].end
            and self.tokens[index].text in features.QUOTE_CHARS
        )

    def _is_whole_quotation(self, quote: _Found) -> bool:
        """Content that is exactly one quotation in quotation marks is direct speech."""
        first = self.facts.quote[quote.first]
        return (
            first is not None
            and self.tokens[quote.first].start == first.start
            and self.tokens[quote.last].end == first.end
        )

    def _speech_acts(
        self,
        found: list[Quote],
        speakers: list[_Found],
        cues: list[_Found],
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
            if self._starts_anaphoric_frame(indices[0]):
                continue  # "Dies erklärte X" frames the sentence before
            verb = next((i for i in indices if self._reports_speech(i, indices)), None)
            if verb is None:
                continue
            verb_found = _Found("R", [[verb, verb]])
            speaker = self._best_in(sentence_index, speakers, cues, verb_found)
            if speaker is None or self._impersonal(speaker):
                subject = self.rules.subject_of(verb, indices)
                speaker = _Found("SPK", [list(subject)]) if subject else None
            if speaker is None or self.tokens[speaker.first].lemma.lower() in _FIRST_PERSON:
                continue  # the author reporting ("Wir berichten live") is no quote
            if self._unlikely_speaker(speaker) and not self._acting_subject(speaker, verb):
                continue  # "Die Zahlen sprechen für …": a thing performs no speech act
            start, end = self.tokens[indices[0]].start, self.tokens[indices[-1]].end
            cue = self._nearest_in_sentence(cues, speaker) or verb_found
            channel = self._channel(((start, start),), {sentence_index})
            acts.append(
                Quote(
                    start=start,
                    end=end,
                    text=self.article.text[start:end],
                    type="reported",
                    speaker=self._mention(speaker, found, names, None),
                    cue=_span(self.article, cue.first, cue.last),
                    channel=channel,
                    rule="speech_act",
                )
            )
        return acts

    def _acting_subject(self, speaker: _Found, verb: int) -> bool:
        """An institution or group not in the speaker words that opens the sentence as the
        subject of a speech-act verb ("Das Parlament forderte …") performs the act; a thing
        does not ("Die Zahlen sprechen für …") — so only the "act" verbs count."""
        sentence = self.facts.sentence_tokens[self.tokens[verb].sentence]
        return (
            self.facts.speech_verb[verb] == "act"
            and speaker.first == sentence[0]
            and speaker.last == verb - 1
            and not self._abstract(speaker)
        )

    def _token_range(self, quote: Quote) -> list[int]:
        return [i for i, t in enumerate(self.tokens) if quote.start <= t.start < quote.end]

    def _reports_speech(self, index: int, sentence: list[int]) -> bool:
        """A finite speech-act verb of the main clause (not "ein Ort, der an … erinnert")."""
        verb_class = self.facts.speech_verb[index]
        if verb_class not in ("act", "say") or self.tokens[index].pos != "VVFIN":
            return False
        ambiguous = (self.tokens[index].lemma.lower(),) in self.res.cues["no_speech_act"]
        if ambiguous and features.speech_verb_class(self.tokens[index], self.res):
            return False  # the bare verb; "gab … bekannt" is a speech act all the same
        clause = []
        for k in sentence:
            if k == index:
                break
            clause = [] if self.tokens[k].text == "," else [*clause, k]
        return not any(self.tokens[k].pos in ("PRELS", "PRELAT", "KOUS", "PWS") for k in clause)

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
            if speaker and speaker.kind == "named" and speaker.end <= mention.start:
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
            t.text.lower()[:_TERM_STEM]
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
                self.tokens[k].text.lower()[:_TERM_STEM] in qualifiers
                for k in range(max(0, i - 2), i)
                if self.tokens[k].pos == "ADJA"
            ):
                continue
            last = i
            while last + 1 < len(self.tokens) and (
                self.tokens[last + 1].pos == "NE"
                or (
                    last > i
                    and self.tokens[last + 1].pos in _NAME_TAGS
                    and self.tokens[last + 1].text[:1].isupper()
                )
            ):
                last += 1
            if last > i:
                found = _span(self.article, i + 1, last)
        return found

    def _partial_quotes(self, quotes: list[Quote]) -> list[Quote]:
        """Quoted words inside reported speech are the speaker's own words: a mixed quote.
        Names and titles ("die Zeitung „…“") and terms the article keeps quoting are not."""
        term_counts = Counter(
            _term_key(self.article.text[s.start + 1 : s.end - 1])
            for s in {span for span in self.facts.quote if span is not None}
        )
        not_speech = {p[0] for p in self.res.cues["not_speech"]}
        partial = []
        for quote in quotes:
            if quote.type == "direct" or quote.speaker is None:
                continue
            within = self._quoted_within(quote.start, quote.end)
            listed: set[int] = set()
            for k in range(len(within) - 1):
                if _LIST_GAP.fullmatch(self.article.text[within[k].end : within[k + 1].start]):
                    listed.update((k, k + 1))
            for k, span in enumerate(within):
                inner = self.article.text[span.start + 1 : span.end - 1]
                before = self.article.text[max(0, span.start - 40) : span.start].split()
                if (
                    term_counts[_term_key(inner)] > 1
                    or (before and before[-1].lower() in not_speech)
                    or k in listed
                    or _capitalised(inner)
                ):
                    continue  # a term or name ("der „Geist von X“"), or a list of them
                partial.append(
                    Quote(
                        start=span.start,
                        end=span.end,
                        text=self.article.text[span.start : span.end],
                        type="mixed",
                        speaker=quote.speaker,
                        cue=quote.cue,
                        channel=quote.channel,
                        addressee=quote.addressee,
                        rule="partial",
                    )
                )
        return partial

    def _quoted_within(self, start: int, end: int) -> list[QuotedSpan]:
        spans = {s for s in self.facts.quote if s is not None}
        return sorted(
            (s for s in spans if start <= s.start and s.end <= end and s.closed),
            key=lambda s: s.start,
        )


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


def _before(frame: _Found, quoted: set[int]) -> _Found | None:
    """A speaker, cue or addressee ends where a direct quote begins: the frame tagger sometimes
    runs a speaker on into the second part of an interrupted quote. (Frames are one run.)"""
    stop = next((i for i in frame.tokens() if i in quoted), None)
    if stop is None:
        return frame
    return _Found(frame.kind, [[frame.first, stop - 1]]) if stop > frame.first else None


def _capitalised(quoted: str) -> bool:
    """A quotation of capitalised words only is a name or a term ("die Raumfähre
    „Discovery“", "das Hotel „Forte Village“"), not someone's own words."""
    words = _WORD.findall(quoted)
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def _run_tokens(runs: tuple[tuple[int, int], ...]) -> set[int]:
    """The token indices of [first, last] runs."""
    return {i for a, b in runs for i in range(a, b + 1)}


def _frame_tokens(rule: RuleQuote) -> set[int]:
    """The tokens of a rule's cue and speaker."""
    speaker = range(rule.speaker[0], rule.speaker[1] + 1) if rule.speaker else range(0)
    return {*range(rule.cue[0], rule.cue[1] + 1), *speaker}


def _pieces(indices: list[int]) -> list[_Found]:
    """Runs of consecutive token indices."""
    pieces: list[_Found] = []
    for i in indices:
        if pieces and pieces[-1].last + 1 == i:
            pieces[-1].runs[-1][1] = i
        else:
            pieces.append(_Found("I", [[i, i]]))
    return pieces


def _count(runs: tuple[tuple[int, int], ...]) -> int:
    return sum(b - a + 1 for a, b in runs)


def _term_key(quoted: str) -> tuple[str, ...]:
    """A quoted term the same across inflection and article ("der Geist von X", "Geistes von
    X"): its words without articles, each cut to its first letters."""
    return tuple(w[:_TERM_STEM] for w in quoted.lower().split() if w not in _ARTICLES)


def find_quotes(
    article: Article, res: QuoteResources | None = None, models_dir: Path | None = None
) -> list[Quote]:
    """The quotes of an article whose sentences and tokens are annotated; ``models_dir`` holds
    taggers to use instead of the shipped ones (for tuning)."""
    if not article.tokens:
        return []
    reader = _Reader(article, res or load())
    quotes, frames = reader.tag(models_dir)
    return reader.link(quotes, frames)


@stage("quotes", needs=("sentences", "tokens"), adds=("quotes",))
def annotate(article: Article) -> None:
    article.quotes = find_quotes(article)
