"""Where a German sentence ends: the one rule, and the patterns derived from it.

A sentence ends with a full stop, a question or exclamation mark or an ellipsis (repeated or
mixed: "?!", "…."), which closing quotation marks and brackets may follow („…“, (…).). A full
stop after a digit is an ordinal ("am 3. Mai"), not a sentence end. A colon never ends a
sentence (the tokenizer follows SoMaJo there); a line that ends with a colon, semicolon or comma
is no finished line either (a title or caption does not end like that).
"""

from __future__ import annotations

import re

END_MARKS = ".!?…"
# what may follow the end mark and still belong to the sentence
CLOSERS_AFTER_END = "\"“”»«’')]"
# an end-of-sentence token: dots, an ellipsis with or without dots, or ! and ? marks
END_TOKEN = re.compile(r"(?:\.+|…+\.*|[!?]+)")


def ending(marks: str = END_MARKS) -> re.Pattern[str]:
    """Text that ends with one of ``marks`` (the sentence-end marks by default), closing quotes
    or brackets after it allowed."""
    return re.compile("[" + re.escape(marks) + "][" + re.escape(CLOSERS_AFTER_END) + r"]*\s*$")


# a finished sentence at the end of a text
ENDS_SENTENCE = ending()
# a finished line: a sentence, or a clause ending with a colon, semicolon or comma
ENDS_LINE = ending(END_MARKS + ":;,")
# between two sentences of running text: an end mark after a word (not a digit), perhaps a
# closing quote, space, and a capital or digit perhaps after an opening quote
SENTENCE_BREAK = re.compile(r"(?<=[^\d\s][.!?…])[\"“”»«]?\s+(?=[\"„“»«]?[A-ZÄÖÜ0-9])")
