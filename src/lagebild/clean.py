"""What is not the article: ads, captions, copyright lines, credits, tag lists, share/nav lines.

Plain text (and text handed over in JSON Lines or feeds) arrives with pieces glued to it that
are not the article. They are found line by line with the German and English cues in
``data/de/boilerplate.tsv`` and ``data/en/boilerplate.tsv``, removed from the analysed text and
kept under ``Article.removed`` with their kind, so nothing the user gave is lost. Real content is
protected: a rule either matches a whole line by its wording, or (ads) starts a block that only
runs over fragment lines to the end of the article, or (inline) takes only a piece worded the
way sites word it (an ad marker, a photo credit, a newsletter or cookie prompt) out of a line,
which is how scraped pages that arrive as one line are cleaned; captions are only taken next to
a copyright or credit line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .errors import ResourceError
from .lang.de.quotes import marks
from .lang.de.sentences import ENDS_SENTENCE, ending
from .model import Removed
from .resources import shipped_tsv

_STATEMENT_END = ending(".?…")  # ads shout with "!", articles rarely
_DOUBLE_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(marks().double))) + "]")
# a caption ends in "(Place, 15.8.2025)"
_CAPTION_PLACE_DATE = r"\((?:[^()]{2,40},\s*)?\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\)\s*"
_CAPTION_TAIL = re.compile(_CAPTION_PLACE_DATE + "$")
_CAPTION_IN_LINE = re.compile(_CAPTION_PLACE_DATE)
_LIST_ITEM = re.compile(r"^\s*[-–•*]\s+\S")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    scope: str
    pattern: re.Pattern[str]


RULE_FILES = ("de/boilerplate.tsv", "en/boilerplate.tsv")


@cache
def rules() -> tuple[Rule, ...]:
    loaded = []
    for name in RULE_FILES:
        for row in shipped_tsv(name, ("id", "kind", "scope", "pattern", "example")):
            try:
                pattern = re.compile(row["pattern"], re.IGNORECASE)
            except re.error as exc:
                raise ResourceError(f"{name}:{row['_line']}: bad pattern: {exc}") from exc
            loaded.append(Rule(row["id"], row["kind"], row["scope"], pattern))
    return tuple(loaded)


def _words(line: str) -> int:
    return len(line.split())


def _is_fragment(line: str) -> bool:
    """A short line without a sentence end: an ad's bullet, a name, a slogan piece."""
    return (
        _words(line) <= 10
        and not _STATEMENT_END.search(line)
        or (bool(_LIST_ITEM.match(line)) and _words(line) <= 6)
    )


def _match(line: str, scope: str) -> Rule | None:
    for rule in rules():
        if rule.scope == scope and rule.pattern.search(line):
            return rule
    return None


@dataclass
class _Line:
    start: int
    end: int
    text: str
    removed: Removed | None = None
    cut: int = 0  # characters removed from the start of the line (a glued credit)
    inline: list[Removed] = field(default_factory=list)  # pieces taken out of the kept text
    kept: str | None = None  # the line's text once inline pieces are taken out


def clean(text: str) -> tuple[str, list[Removed]]:
    """The article text without boilerplate, and the removed pieces in reading order.

    When nothing is removed the text comes back unchanged (character for character).
    """
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    content = [ln for ln in lines if ln.text.strip()]
    if not content:
        return text, []

    _mark_line_rules(content)
    _mark_glued_credit(content)
    _mark_captions(content)
    _mark_ad_blocks(content)
    _mark_inline(content)

    if not any(ln.removed or ln.inline for ln in content):
        return text, []
    removed = _merge_runs([piece for ln in content for piece in _removed_of(ln)])
    pieces = []
    for ln in lines:
        if ln.removed and (not ln.cut or ln.cut == len(ln.text)):
            continue
        if ln.kept is not None:
            if ln.kept.strip():
                pieces.append(ln.kept)
            continue
        pieces.append(ln.text[ln.cut :] if ln.cut else ln.text)
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(pieces)).strip("\n")
    return cleaned, removed


@cache
def _inline_rule_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in rules() if rule.scope == "inline")


def _removed_of(line: _Line) -> list[Removed]:
    return ([line.removed] if line.removed else []) + line.inline


def _mark_inline(content: list[_Line]) -> None:
    """Pieces worded as sites word them, taken out of the kept part of a line: one pass per
    rule, so a piece is reported once; the words around it are joined by one space."""
    inline = [rule for rule in rules() if rule.scope == "inline"]
    for ln in content:
        if ln.removed and not ln.cut:
            continue
        kept = ln.text[ln.cut :]
        origin = list(range(len(kept)))  # where each kept character stood in the line
        found: list[tuple[int, Removed]] = []
        for rule in inline:
            spans = [m.span() for m in rule.pattern.finditer(kept) if m.group().strip()]
            for start, end in reversed(spans):
                found.append((origin[start], Removed(kept[start:end].strip(), rule.kind, rule.id)))
                kept, origin = _joined(kept, origin, start, end)
        if found:
            ln.inline = [piece for _start, piece in sorted(found, key=lambda f: f[0])]
            ln.kept = kept


def _joined(text: str, origin: list[int], start: int, end: int) -> tuple[str, list[int]]:
    """``text`` without ``[start, end)``, the spaces around the gap made one."""
    left = len(text[:start].rstrip(" \t"))
    right = end + len(text[end:]) - len(text[end:].lstrip(" \t"))
    gap = " " if left and right < len(text) else ""
    joined_origin = origin[:left] + ([origin[left]] if gap else []) + origin[right:]
    return text[:left] + gap + text[right:], joined_origin


def _merge_runs(removed: list[Removed]) -> list[Removed]:
    """Consecutive lines of one ad or tag list are one removed piece (pieces taken out of a
    line stay apart: they were not next to each other)."""
    merged: list[Removed] = []
    for piece in removed:
        last = merged[-1] if merged else None
        whole_lines = last and not {last.rule, piece.rule} & _inline_rule_ids()
        if last and whole_lines and last.kind == piece.kind and piece.kind in {"ad", "tags"}:
            merged[-1] = Removed(f"{last.text}\n{piece.text}", last.kind, last.rule)
        else:
            merged.append(piece)
    return merged


def _mark_line_rules(content: list[_Line]) -> None:
    for ln in content:
        rule = _match(ln.text, "line")
        if rule:
            ln.removed = Removed(ln.text.strip(), rule.kind, rule.id)


def _mark_glued_credit(content: list[_Line]) -> None:
    """A photo credit ("Name/AGENCY") glued to one of the first two lines (a title may come
    first); a caption may follow it on the same line."""
    for first in [ln for ln in content if not ln.removed][:2]:
        if _strip_credit(first):
            return


def _strip_credit(first: _Line) -> bool:
    for rule in rules():
        if rule.scope != "prefix":
            continue
        m = rule.pattern.match(first.text)
        if not m:
            continue
        rest = first.text[m.end() :]
        cut = m.end()
        tail = _CAPTION_TAIL.search(rest)
        caption_end = _CAPTION_IN_LINE.search(rest)
        if tail or (_words(rest) <= 25 and not ENDS_SENTENCE.search(rest)):
            cut = len(first.text)  # the rest of the line is the picture's caption
        elif caption_end and _words(rest[: caption_end.end()]) <= 20:
            cut = m.end() + caption_end.end()  # caption "(Place, date)" before the first sentence
        first.removed = Removed(first.text[:cut].strip(), rule.kind, rule.id)
        first.cut = cut
        return True
    return False


def _mark_captions(content: list[_Line]) -> None:
    """A short line next to a copyright or credit line is the picture's caption."""
    for i, ln in enumerate(content):
        if not ln.removed or ln.removed.kind not in {"copyright", "credit"} or ln.cut:
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(content):
                continue
            other = content[j]
            if (
                other.removed
                or _DOUBLE_QUOTE_MARK.search(other.text)
                or other.text.rstrip().endswith(":")
            ):
                continue
            if _words(other.text) <= 25 and len(re.findall(r"[.!?]\s", other.text)) == 0:
                other.removed = Removed(other.text.strip(), "caption", "caption-next-to-credit")
                break


def _mark_ad_blocks(content: list[_Line]) -> None:
    """An ad starts at a cue line and runs over fragment lines; it must reach the article's end.

    Ads in the middle of a text are only taken when they are a single cue line, so a sub-heading
    or a short paragraph after an ad-like word is never swallowed.
    """
    for i, ln in enumerate(content):
        if ln.removed and ln.removed.kind not in {"tags", "share", "navigation"}:
            continue
        rule = _match(ln.text, "start")
        if not rule:
            continue
        end = i + 1
        while end < len(content) and (content[end].removed or _is_fragment(content[end].text)):
            end += 1
        if end == len(content):
            # an ad's headline lines stand right above its cue ("KRISENVORSORGE!" over
            # "Ihr Webinar:"); the article's last real line ends as a sentence and stops this
            while i > 0 and not content[i - 1].removed and _is_fragment(content[i - 1].text):
                i -= 1
            for other in content[i:]:
                if not other.removed:
                    other.removed = Removed(other.text.strip(), rule.kind, rule.id)
            return
        if rule.id == "ad-marker":
            # an explicit marker ("Anzeige") takes the fragment lines right after it
            for other in content[i:end]:
                other.removed = other.removed or Removed(other.text.strip(), rule.kind, rule.id)
        elif _is_fragment(ln.text):
            ln.removed = ln.removed or Removed(ln.text.strip(), rule.kind, rule.id)
