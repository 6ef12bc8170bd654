"""German: the one home of lagebild's knowledge of the language.

- :mod:`.calendar`: month and weekday names (``data/de/months.tsv``, ``weekdays.tsv``; weekdays
  numbered as ISO does, Monday = 1);
- :mod:`.numbers`: number words (``data/de/number_words.tsv``);
- :mod:`.quotes`: the quotation marks of every German style and the one quoted-span detector
  (``data/de/quotation_marks.tsv``);
- :mod:`.sentences`: where a sentence ends;
- :mod:`.words`: closed word classes, STTS tag sets and the named word lists of the stages
  (``data/de/word_sets.tsv``).

A stage that needs a new word list adds a set to ``word_sets.tsv`` and asks :func:`word_set` for
it, rather than writing the words into its code.
"""

from .calendar import months, weekdays
from .numbers import number_words
from .quotes import QuotedSpan, quoted_ranges, quoted_spans
from .words import word_list, word_set

__all__ = [
    "QuotedSpan",
    "months",
    "number_words",
    "quoted_ranges",
    "quoted_spans",
    "weekdays",
    "word_list",
    "word_set",
]
