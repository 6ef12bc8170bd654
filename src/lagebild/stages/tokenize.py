"""A fast regex tokenizer and sentence splitter for German news, compatible with SoMaJo.

``split`` has the contract of ``lagebild.stages.linguistic.split`` and reproduces the tokens and
sentences of SoMaJo (``de_CMC``) closely, because the NER and quotation models are trained on
SoMaJo's tokens; it is more than ten times faster. One compiled master pattern finds every token in
a single left-to-right pass (its alternatives are tried in priority order, like SoMaJo's cascade
of rules), and the sentence splitter follows SoMaJo's rule: a sentence ends after ``.``, ``!``,
``?`` or ``…`` (and any closing quotes or brackets) when the next word starts with a capital
letter, a digit, ``@`` or ``#``. Abbreviations and units live in ``data/de/abbreviations.tsv``.

Deliberate differences where SoMaJo is wrong (counted apart in bench/tokenizer.py): a decimal
number stays whole (``1,5-prozentig`` and ``von 7,1.``, SoMaJo ``1 , 5-prozentig``, ``7 , 1.``);
words such as ``Iran.``, ``Tirol.`` or ``Gramm.`` are not abbreviations, and a number after a
slash or hyphen is not an ordinal (``2012/13.``, ``MI-17.``), so such a dot can end a sentence;
``Tag: (`` and ``(13:8)`` hold no emoticons.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from ..errors import ResourceError
from ..lang.de.sentences import END_TOKEN
from ..model import Sentence
from ..resources import data_path, read_tsv

ABBREVIATIONS_FILE = "de/abbreviations.tsv"

_LETTER = r"[^\W\d_]"
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf"
# Characters that SoMaJo always splits off a word; "-", "'" and "’" stay inside words.
_SPLIT = r"#<>%‰€$£₤¥°@~*„“”‚‘\"»«›‹,;:+×÷±≤≥=&–—()\[\]{}/!?…"
_WORD_CHAR = rf"[^\s{_SPLIT}.'{_EMOJI}]"
_NUMBER = r"[−+-]?(?:\d*[.,])?\d+(?:[eE][−+-]?\d+)?"
_GROUPED_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)"
_ANY_NUMBER = rf"(?:{_GROUPED_NUMBER}|{_NUMBER})"

# Sentence-splitting classes, as in SoMaJo's splitter.
_AMBIGUOUS_QUOTES = frozenset({'"', "»", "«", "›", "‹", "“", "‘"})
_MENTION_OR_HASHTAG = re.compile(r"[@#]\w")


_KINDS = ("abbreviation", "sentence_final", "before_number", "unit", "token")
_DOTTED = ("abbreviation", "sentence_final", "before_number")


@dataclass(frozen=True)
class Lexicon:
    abbreviations: frozenset[str]  # lower case, with the final dot
    sentence_final: frozenset[str]  # abbreviations that may end a sentence
    before_number: frozenset[str]  # abbreviations only when a number follows
    units: tuple[str, ...]
    tokens: tuple[str, ...]  # written as one token as they are


def read_lexicon(path: str | Path) -> Lexicon:
    """An abbreviations file (format in its header), validated: errors name file and line."""
    forms: dict[str, list[str]] = {kind: [] for kind in _KINDS}
    for row in read_tsv(path, required=("form", "kind")):
        form, kind, line = row["form"], row["kind"], row["_line"]
        if kind not in forms:
            raise ResourceError(f"{path}:{line}: kind must be one of {', '.join(_KINDS)}")
        if not form or any(c.isspace() for c in form):
            raise ResourceError(f"{path}:{line}: form must be one word without spaces")
        if kind in _DOTTED and (not form.endswith(".") or not form[:-1].isalpha()):
            raise ResourceError(f"{path}:{line}: {kind} {form!r} must be letters ending in a dot")
        forms[kind].append(form if kind == "token" else form.lower())
    sentence_final = frozenset(forms["sentence_final"])
    return Lexicon(
        abbreviations=frozenset(forms["abbreviation"]) | sentence_final,
        sentence_final=sentence_final,
        before_number=frozenset(forms["before_number"]),
        units=tuple(forms["unit"]),
        tokens=tuple(forms["token"]),
    )


@cache
def _lexicon() -> Lexicon:
    return read_lexicon(data_path(ABBREVIATIONS_FILE))


def _alternation(forms: tuple[str, ...]) -> str:
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


@cache
def _master() -> re.Pattern[str]:
    lexicon = _lexicon()
    units = _alternation(lexicon.units)
    day, month = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
    alternatives = [
        # Fast path for most tokens: a word of letters (or a hyphenated compound) before a space
        # or a plain punctuation mark can be nothing else; the atomic group stops backtracking.
        rf"(?P<plain>(?>{_LETTER}+(?:-{_LETTER}+)*)(?![^\s,;!?)]))",
        # tokens that may contain dots, slashes or @ come first
        r"(?P<url>(?:https?://|www\.)[^\s\"„“”»«<>]*[^\s\"„“”»«<>.,;:!?)\]'’])",
        # (bounded repeats keep a long run of dotted text from taking quadratic time)
        r"(?P<email>\b[\w.%+-]{1,64}@[\w.-]{1,253}\.[^\W\d_]{2,}\b)",
        # the top-level domains SoMaJo knows, so that the tokens stay the same
        r"(?P<domain>\b[\w./-]{1,100}\.(?i:de|com|tv|me|net|us|org|at|cc|ly|be|ch|info|live|eu|edu"
        r"|gov|jpg|png|gif|log|txt|xlsx?|docx?|pptx?|pdf)(?:-\w+)?\b)",
        r"(?P<entity>&(?i:quot|amp|apos|lt|gt|#\d+|#x[0-9a-f]+);)",
        rf"(?P<listed>(?<![\w.])(?i:{_alternation(lexicon.tokens)})(?!{_LETTER}))",
        rf"(?P<emoji>[\U0001f1e6-\U0001f1ff]{{2}}|[{_EMOJI}]"
        rf"(?:[\U0001f3fb-\U0001f3ff\ufe0f]|\u200d[{_EMOJI}]\ufe0f?)*)",
        r"(?P<emoticon>[:;][-'oO]?(?:\)+|\(+|[DPp](?!\w)))",
        r"(?P<mention>(?<!\w)@\w+)",
        r"(?P<hashtag>(?<!\w)#\w(?:[\w-]*\w)?)",
        rf"(?P<gendered>{_LETTER}+[*:/]in(?:nen)?(?!\w))",
        r"(?P<plus_amp>\b[A-Z]{1,3}&[A-Z]{1,3}\b)",
        # z.B., u.a., U.S.A.: split after every dot
        rf"(?P<letters_dots>(?<![\w.])(?:{_LETTER}\.){{2,}}(?!{_LETTER}{{1,3}}\.))",
        # dates are split at their separators: 2025-08-15 -> 2025 -08 -15, 15.8.2025 -> 15. 8. 2025
        r"(?P<iso_date>(?<![\d.])\d{4}(?P<sepy>[/-])\d{1,2}(?P=sepy)\d{1,2}(?!\d))",
        rf"(?P<date>(?<![\d.]){day}(?P<sep3>[./-]){month}(?P=sep3)(?:\d\d){{1,2}}(?!\d)"
        rf"|(?<![\d.])\d{{1,2}}(?P<sep2>[./-])\d{{1,2}}(?P=sep2)(?!\d))",
        r"(?P<time>(?<!\w)\d{1,2}(?::\d{2}){1,2}(?![\d:]))",
        r"(?P<ordinal>(?<![\w.])(?:\d{1,3}|\d{5,}|[3-9]\d{3})\.(?!\d))",
        rf"(?P<range>(?<![\w.,]){_ANY_NUMBER}[-–]{_ANY_NUMBER}(?![.,]?\d))",
        r"(?P<fraction>(?<!\w)\d+/\d+(?![\d/]))",
        r"(?P<amount>(?<!\w)\d+[\d,.]*[,.]-(?!\w))",
        # 5km, 5 km: number and unit, two tokens
        rf"(?P<measure>{_ANY_NUMBER}) ?(?P<unit>(?i:{units}))(?!\w)",
        rf"(?P<compound>(?:\d+[.,])?\d+-?(?:{_LETTER}|@)(?:{_LETTER}|[@-])*(?!\w))",
        rf"(?P<number>{_GROUPED_NUMBER}|(?:\d+\.){{2,}}\d+\.?(?!\d)|{_NUMBER})",
        r"(?P<roman>(?<!\w)(?=[MDCLXVI])M{0,4}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})"
        r"(?:I[XV]|V?I{0,3})\.)",
        r"(?P<latex_quote>(?<!')''(?!')|(?<!`)``(?!`))",
        rf"(?P<word>(?:(?<!')'(?!'))?{_WORD_CHAR}+(?:'{_WORD_CHAR}+)*(?:'(?!'))?)"
        rf"(?P<dot>\.(?![.]|{_LETTER}{{1,3}}\.))?",
        r"(?P<ellipsis>\.{2,}|…+(?:\.{2,})?)",
        r"(?P<marks>[!?]+)",
        # any other visible character; SoMaJo drops soft hyphens, zero-width and direction marks
        r"(?P<symbol>[^\s\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff])",
    ]
    return re.compile("|".join(alternatives))


_LINE = re.compile(r"[^\n]+")
_SPLIT_AFTER_DOT = re.compile(r"[^.]*\.")
_DATE_PART = re.compile(r"\d+[./-]?")
_ISO_DATE_PART = re.compile(r"[/-]?\d+")
_RANGE_PART = re.compile(r"(.*?\d)([-–])(.+)")
# SoMaJo splits a quotation in single quotes off its words, and d'Hondt or O'Hare off a compound.
_PAIRED_SINGLE_QUOTES = re.compile(r"(?<![^\W\d_'])'[^']+'(?![^\W\d_'])")
_ELIDED_ARTICLE = re.compile(r"\b[dlo]['’][^\W\d_]+\b", re.IGNORECASE)
_BEFORE_NUMBER = re.compile(r"\s?\d")
_STREET = re.compile(r"[^\W\d_-]*str", re.IGNORECASE)


def _is_abbreviation(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether the dot ending at ``end`` belongs to the word from ``start`` (not in news.bbc.co)."""
    word = text[start : end - 1]
    lower = word.lower() + "."
    return (start == 0 or text[start - 1] != ".") and (
        lower in lexicon.abbreviations
        or (len(word) == 1 and word.isalpha())
        or (lower in lexicon.before_number and _BEFORE_NUMBER.match(text, end) is not None)
        or _STREET.fullmatch(word) is not None
    )


def _word_spans(text: str, start: int, end: int, quotes: set[int]) -> list[tuple[int, int]]:
    """A word, with the quotation marks and elided articles SoMaJo splits off it."""
    word = text[start:end]
    if "'" not in word and "’" not in word:
        return [(start, end)]
    cuts = set()
    if start in quotes:
        cuts.add(start + 1)
    if end - 1 in quotes:
        cuts.add(end - 1)
    for m in _ELIDED_ARTICLE.finditer(word):
        cuts.update((start + m.start(), start + m.end()))
    bounds = sorted({start, end} | cuts)
    return [(s, e) for s, e in pairwise(bounds) if s < e]


def _tokens(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[bool]]:
    """Token spans of ``text[start:end]`` and, per token, whether it is an emoticon."""
    lexicon = _lexicon()
    quotes: set[int] = set()
    if "'" in text[start:end]:
        for m in _PAIRED_SINGLE_QUOTES.finditer(text, start, end):
            quotes.update((m.start(), m.end() - 1))
    spans: list[tuple[int, int]] = []
    emoticon: list[bool] = []
    for m in _master().finditer(text, start, end):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "dot":
            word_end = e - 1
            if _is_abbreviation(text, s, e, lexicon):
                spans.append((s, e))
            else:
                spans.extend(_word_spans(text, s, word_end, quotes))
                spans.append((word_end, e))
        elif kind == "word":
            spans.extend(_word_spans(text, s, e, quotes))
        elif kind == "letters_dots":
            spans.extend((s + a.start(), s + a.end()) for a in _SPLIT_AFTER_DOT.finditer(m[0]))
        elif kind == "date":
            spans.extend((s + a.start(), s + a.end()) for a in _DATE_PART.finditer(m[0]))
        elif kind == "iso_date":
            spans.extend((s + a.start(), s + a.end()) for a in _ISO_DATE_PART.finditer(m[0]))
        elif kind == "range":
            parts = _RANGE_PART.fullmatch(m[0])
            assert parts is not None  # the master pattern matched a range
            spans.extend((s + parts.start(i), s + parts.end(i)) for i in (1, 2, 3))
        elif kind == "unit":
            spans.extend((m.span("measure"), m.span("unit")))
        else:
            spans.append((s, e))
        while len(emoticon) < len(spans):  # one flag for each token this match added
            emoticon.append(kind in ("emoji", "emoticon"))
    return spans, emoticon


@cache
def _punct_class(token: str) -> str:
    """'opening', 'closing' or '' for the sentence splitter, by Unicode category like SoMaJo."""
    if len(token) > 1:
        return "opening" if set(token) == {"-"} else ""
    if token in "'\"":
        return "both"
    category = unicodedata.category(token)
    if token in "¿¡–—" or category in ("Pi", "Ps"):
        return "opening"
    if category in ("Pf", "Pe"):
        return "closing"
    return ""


def _sentence_ends(
    text: str, spans: list[tuple[int, int]], emoticon: list[bool], sentence_final: frozenset[str]
) -> list[int]:
    """Indices of the tokens that end a sentence (SoMaJo's rule, see the module docstring)."""
    n = len(spans)
    last_in_sentence = [False] * n
    last_in_sentence[-1] = True
    words = [text[s:e] for s, e in spans]
    for i, word in enumerate(words):
        if last_in_sentence[i]:
            continue
        if not (END_TOKEN.fullmatch(word) or word.lower() in sentence_final):
            continue
        last_token, last = i, ""
        for j in range(i + 1, n):
            candidate = words[j]
            opening = closing = False
            if candidate in _AMBIGUOUS_QUOTES:
                if spans[j - 1][1] < spans[j][0] or _punct_class(words[j - 1]) in (
                    "opening",
                    "both",
                ):
                    opening = True
                elif (
                    j == n - 1
                    or spans[j][1] < spans[j + 1][0]
                    or _punct_class(words[j + 1]) in ("closing", "both")
                ):
                    closing = True
            punct = _punct_class(candidate)
            if (
                candidate[0].isupper()
                or candidate.isnumeric()
                or _MENTION_OR_HASHTAG.match(candidate)
            ):
                last_in_sentence[last_token] = True
                break
            if emoticon[j] and last != "opening":
                last_token = j
            elif opening or (punct in ("opening", "both") and not closing):
                last = "opening"
            elif (closing or (punct in ("closing", "both") and not opening)) and last != "opening":
                last_token, last = j, "closing"
            else:
                break
    return [i for i, flag in enumerate(last_in_sentence) if flag]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines of the text as (start, end); every line break starts a paragraph."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]


def split(text: str) -> tuple[list[Sentence], list[list[tuple[int, int]]]]:
    """Sentences of the text and, per sentence, the token offsets. Sentences never cross lines."""
    sentence_final = _lexicon().sentence_final
    sentences: list[Sentence] = []
    token_spans: list[list[tuple[int, int]]] = []
    for paragraph, (line_start, line_end) in enumerate(paragraphs(text)):
        spans, emoticon = _tokens(text, line_start, line_end)
        if not spans:
            continue
        first = 0
        for last in _sentence_ends(text, spans, emoticon, sentence_final):
            sentence = spans[first : last + 1]
            start, stop = sentence[0][0], sentence[-1][1]
            sentences.append(Sentence(start, stop, text[start:stop], paragraph))
            token_spans.append(sentence)
            first = last + 1
    return sentences, token_spans
