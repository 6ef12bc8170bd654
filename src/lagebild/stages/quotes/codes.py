"""The codes of the quotation layer: quote kinds and types, speech verb classes and Konjunktiv
moods, frame roles, how a quote found its speaker and which rule found it. The values are the
strings the data files, the taggers' labels and features, and the output (JSON, store, CLI) use,
so they must not change. The kinds of speaker are in ``model`` (``SpeakerKind``), as the
corpus steps and the output read them too."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

# A quote's type as the output names it.
QuoteType = Literal["direct", "indirect", "reported", "free_indirect", "mixed"]
MIXED: QuoteType = "mixed"  # quoted words inside reported speech; no tagger finds these


class QuoteKind(StrEnum):
    """A quote's kind while the article is read, by the code the content tagger labels it with
    (B-D, I-I, …); ``type`` is its name in the output."""

    DIRECT = "D"
    INDIRECT = "I"
    REPORTED = "R"
    FREE_INDIRECT = "F"

    @property
    def type(self) -> QuoteType:
        return _TYPE_OF_KIND[self]


_TYPE_OF_KIND: dict[QuoteKind, QuoteType] = {
    QuoteKind.DIRECT: "direct",
    QuoteKind.INDIRECT: "indirect",
    QuoteKind.REPORTED: "reported",
    QuoteKind.FREE_INDIRECT: "free_indirect",
}


class VerbClass(StrEnum):
    """What a speech verb reports: the class column of ``speech_verbs.tsv``."""

    SAY = "say"  # a verb of saying that introduces direct or indirect speech: sagen, erklären
    ACT = "act"  # a speech act reported as such: fordern, warnen, ablehnen
    THINK = "think"  # an opinion or belief: glauben, meinen
    WRITE = "write"  # a written statement: schreiben, twittern


class Mood(StrEnum):
    """The mood a finite verb form marks: the mood column of ``konjunktiv.tsv``."""

    KONJUNKTIV_I = "I"  # "sei", "habe", "lehne": the mood of reported speech
    KONJUNKTIV_II = "II"  # "wäre", "hätte": used in its place where Konjunktiv I looks indicative
    REPORT = "report"  # the reportative modal sollen: "er soll gesagt haben"


class WordKind(StrEnum):
    """What a speaker word names: the kind column of ``speaker_words.tsv``."""

    ANONYMOUS = "anonymous"  # "Insider", "eine vertraute Quelle"
    GROUP = "group"  # "Experten", "Anwohner"
    ORGANISATION = "organisation"  # "Polizei", "Ministerium"
    ROLE = "role"  # "Sprecher", "Bürgermeisterin"
    ABSTRACT = "abstract"  # an ending of abstract nouns that name no speaker: "-ung"


class FrameRole(StrEnum):
    """A frame element, by the code the frame tagger labels it with (B-SPK, I-CUE, …)."""

    SPEAKER = "SPK"
    CUE = "CUE"
    ADDRESSEE = "ADR"


class Link(StrEnum):
    """How a tagged quote found its speaker (the output's rule says "crf+" and this)."""

    FRAME = "frame"  # a speaker in the quote's own sentence
    FRAME_AFTER = "frame_after"  # the next sentence points back: "Das sagte X."
    SOURCE = "source"  # a source cue in the quote's sentence: "laut X", "demnach"
    HEADLINE = "headline"  # "Name: „…“"
    COLON = "colon"  # the sentence before ends with a colon
    LIKELY = "likely"  # the frame tagger's most probable speaker, though it marked none
    SUBJECT = "subject"  # the subject of a speech verb of the quote's sentence
    SOURCE_PLACE = "source_place"  # where "es heißt" says it: "In dem Bericht heißt es, …"
    PASSIVE = "passive"  # the agent of a passive speech verb: "… wurde von X kritisiert"
    IMPERSONAL = "impersonal"  # a frame that names no one: "heißt es", "man befürchtet"
    CONTINUED = "continued"  # the speaker of what came before goes on
    NONE = "none"  # nothing frames the quote


class Rule(StrEnum):
    """The rule that found a quote, where no tagger did (the output's rule says it)."""

    SOURCE_BEFORE = "rule:source_before"  # "laut X …", "nach Angaben X …"
    SOURCE_ADVERB = "rule:source_adverb"  # "Demnach sei …", "…, wonach …"
    SOURCE_AFTER = "rule:source_after"  # "X zufolge …"
    WIE = "rule:wie"  # "Wie X sagte, …", "…, wie X sagte."
    VERB_COMMA = "rule:verb_comma"  # "X sagte, (dass) …"
    FRAME_AFTER = "rule:frame_after"  # "…, sagte X."
    SO = "rule:so"  # "…, so X."
    SPEECH_ACT = "speech_act"  # a sentence reporting a speech act: "X forderte …"
    PARTIAL = "partial"  # quoted words inside reported speech
