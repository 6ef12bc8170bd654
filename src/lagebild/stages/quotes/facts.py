"""What the taggers and the rules need to know about each token: its speech verb class, its
Konjunktiv mood, the quotation it lies in, and the paragraphs and sentences it belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from ...lang.de.quotes import QuotedSpan, quoted_spans
from ...model import Article, Token
from .codes import Mood, VerbClass
from .resources import QuoteResources


@dataclass(frozen=True)
class TokenFacts:
    """What the taggers and the rules need to know about each token of an article."""

    speech_verb: list[VerbClass | None]  # verb class when the token is a speech verb
    konjunktiv: list[Mood | None]  # the mood when the token is a Konjunktiv form
    quote: list[QuotedSpan | None]  # the outermost quotation the token lies in
    paragraphs: list[list[int]]  # token indices per paragraph
    sentence_tokens: list[list[int]]  # token indices per sentence


def konjunktiv_mood(token: Token, res: QuoteResources) -> Mood | None:
    if not token.pos.endswith("FIN"):
        return None
    word = token.text.lower()
    mood = res.konjunktiv.get(word)
    if mood:
        return mood
    lemma = token.lemma.lower()
    # regular Konjunktiv I, third person singular: stem + e (lehne, gehe); not "ich"-forms
    if token.pos == "VVFIN" and lemma.endswith("en") and word == lemma[:-1] and len(word) > 3:
        return Mood.KONJUNKTIV_I
    return None


def speech_verb_class(token: Token, res: QuoteResources) -> VerbClass | None:
    if token.pos[:1] != "V" and token.pos != "PTKVZ":
        return None
    return res.speech_verbs.get(token.lemma) or res.speech_verbs.get(token.text.lower())


def token_facts(article: Article, res: QuoteResources) -> TokenFacts:
    tokens = article.tokens
    sentence_tokens: list[list[int]] = [[] for _ in article.sentences]
    for index, token in enumerate(tokens):
        sentence_tokens[token.sentence].append(index)
    paragraphs: list[list[int]] = []
    last_paragraph = -1
    for sentence, indices in zip(article.sentences, sentence_tokens, strict=True):
        if sentence.paragraph != last_paragraph:
            paragraphs.append([])
            last_paragraph = sentence.paragraph
        paragraphs[-1].extend(indices)
    quote: list[QuotedSpan | None] = [None] * len(tokens)
    for para in paragraphs:
        if not para:
            continue
        start, end = tokens[para[0]].start, tokens[para[-1]].end
        outer = [s for s in quoted_spans(article.text, start, end) if s.depth == 0]
        cursor = 0
        for index in para:
            token = tokens[index]
            while cursor < len(outer) and outer[cursor].end <= token.start:
                cursor += 1
            if cursor < len(outer) and outer[cursor].start <= token.start < outer[cursor].end:
                quote[index] = outer[cursor]
    speech_verb = [speech_verb_class(t, res) for t in tokens]
    not_speech = {p[0] for p in res.cues["particle_not_speech"]}
    for indices in sentence_tokens:
        # a separated particle (teilte ... mit) makes the verb before it a particle verb
        for k, i in enumerate(indices):
            # "gab … bekannt," is often tagged as an adverb before the comma
            closing = tokens[i].pos == "ADJD" and (
                k + 1 == len(indices) or tokens[indices[k + 1]].pos.startswith("$")
            )
            if tokens[i].pos != "PTKVZ" and not closing:
                continue
            particle = tokens[i].text.lower()
            for j in reversed(indices[:k]):
                if tokens[j].pos.endswith("FIN") and tokens[j].pos.startswith("VV"):
                    verb_class = res.speech_verbs.get(particle + tokens[j].lemma)
                    if verb_class:
                        speech_verb[j] = verb_class
                        speech_verb[i] = verb_class
                    elif particle + tokens[j].lemma.lower() in not_speech:
                        speech_verb[j] = None  # "findet … statt"
                    break
    _drop_reflexive_readings(tokens, sentence_tokens, speech_verb, res)
    return TokenFacts(
        speech_verb=speech_verb,
        konjunktiv=[konjunktiv_mood(t, res) for t in tokens],
        quote=quote,
        paragraphs=paragraphs,
        sentence_tokens=sentence_tokens,
    )


def _drop_reflexive_readings(
    tokens: list[Token],
    sentence_tokens: list[list[int]],
    speech_verb: list[str | None],
    res: QuoteResources,
) -> None:
    """ "Sie erinnern sich an den Sommer" remembers, "sie erinnerte daran, dass …" speaks: a
    verb of ``reflexive_not_speech`` with a reflexive pronoun in its clause is no speech verb."""
    reflexive = {p[0] for p in res.cues["reflexive_not_speech"]}
    for indices in sentence_tokens:
        clause: list[int] = []
        for i in [*indices, None]:
            if i is not None and tokens[i].text not in (",", ";", ":"):
                clause.append(i)
                continue
            if any(tokens[k].pos == "PRF" for k in clause):
                for k in clause:
                    if speech_verb[k] and tokens[k].lemma.lower() in reflexive:
                        speech_verb[k] = None
            clause = []
