"""Per-article limits: what one article may cost before it is skipped with a clear reason.

A batch must never stall on one article. Two guards, both cheap:

- up front, before any analysis: a "word" (a run of characters without white space) longer
  than ``MAX_WORD_CHARS`` is no prose but encoded data or a broken export, and the tagger's
  analysis of an unknown word grows with the square of its length (1,000 characters cost
  about 7 s of CPU, 4,000 about 2 minutes); a stretch of more than ``MAX_SENTENCE_WORDS``
  words without a sentence end is no sentence either (a word list, a dump), and HanTa's
  Viterbi search fails on one of 100,000 words;
- while the stages run: ``ARTICLE_CPU_SECONDS`` of CPU time per article, enforced by a
  profiling timer (SIGPROF) in the process that analyses the article, the main process or a
  worker of ``--jobs N``. CPU time rather than wall time, so a busy machine does not make an
  article fail that would pass on an idle one.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# An article at the size limit (5 MB, some 700,000 words) takes about two minutes of CPU at the
# slow end of the foundation's speed (6,000 words/s, BENCHMARKS.md) and more with every stage:
# five minutes let every article within the size limit finish and still end a pathological one.
ARTICLE_CPU_SECONDS = 300.0
MAX_WORD_CHARS = 1_000
MAX_SENTENCE_WORDS = 5_000
# Where a sentence surely ends; the sentence splitter ends sentences at more places than these,
# so a stretch between them is at least as long as the longest sentence in it.
_SENTENCE_BREAK = re.compile(r"[.!?;:…]|\n\s*\n")


class ArticleTooCostly(Exception):
    """One article went past a per-article limit (not a LagebildError: the batch goes on)."""


def too_costly(text: str) -> str | None:
    """Why the text cannot be analysed in bounded time (a word or a sentence over its limit),
    or None."""
    longest = max(map(len, text.split()), default=0)
    if longest > MAX_WORD_CHARS:
        return (
            f"holds a 'word' of {longest:,} characters without a space (the limit is "
            f"{MAX_WORD_CHARS:,}): encoded data or a broken export, not article text"
        )
    words = max((len(part.split()) for part in _SENTENCE_BREAK.split(text)), default=0)
    if words > MAX_SENTENCE_WORDS:
        return (
            f"holds {words:,} words without a sentence end (the limit is "
            f"{MAX_SENTENCE_WORDS:,}): a list or a dump, not sentences"
        )
    return None


@contextmanager
def cpu_time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``ArticleTooCostly`` in the block once it has used ``seconds`` of CPU time.

    Signals reach only the main thread; elsewhere (a web request, a library caller's thread)
    the block runs without a limit.
    """
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise ArticleTooCostly(
            f"analysis used more than {seconds:g} s of CPU time (the per-article limit)"
        )

    previous = signal.signal(signal.SIGPROF, expire)
    # fires again every second, in case a stage's own ``except Exception`` swallowed the first
    signal.setitimer(signal.ITIMER_PROF, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
