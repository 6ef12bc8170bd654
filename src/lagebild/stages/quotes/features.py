"""Token features for the two quotation taggers (content, and speaker/cue/addressee frames).

One sequence per paragraph. Each token gets string features (pycrfsuite's fastest form): its
word, tag and a few affixes; what it is for speech (speech verb class, Konjunktiv form, source cue,
quotation mark, inside a quotation and what that quotation looks like, the kind of speaker a
noun names from speaker_words.tsv, compounds included); what its sentence and the
sentences around it hold (a speech verb, Konjunktiv, "dass", a colon at the end); and the same
for its neighbours. The same code builds features at training and at tagging time.
"""

from __future__ import annotations

from ...lang.de import word_set
from ...lang.de.quotes import QUOTE_CHARS
from ...model import Article, Token
from .codes import WordKind
from .facts import TokenFacts
from .resources import QuoteResources

_SENTENCE_END = frozenset(".!?")
_SINGLE_TOKEN_CUES = ("source_before", "source_after", "so_source", "wie_frame")


def _speaker_word_kind(
    token: Token, res: QuoteResources, roles: tuple[str, ...]
) -> WordKind | None:
    """The kind of speaker a noun names, also as the head of a compound ("Kremlsprecher")."""
    if token.pos not in word_set("noun_tags"):
        return None
    kind = res.speaker_words.get(token.text) or res.speaker_words.get(token.lemma)
    if kind:
        return kind
    return WordKind.ROLE if token.text.endswith(roles) else None


_NP_INNER = word_set("phrase_inner_tags")


def _phrase_kind(tokens: list[Token], i: int, cases: dict[str, str]) -> str | None:
    """What opens the noun phrase a noun or name stands in: a preposition ("pp") or an article
    whose form tells the case ("acc" for "den Minister"), which separates speakers (subjects)
    from addressees and objects (``cases``: article form -> case)."""
    if tokens[i].pos not in word_set("noun_tags"):
        return None
    k = i - 1
    while k >= 0 and tokens[k].pos in _NP_INNER and i - k <= 4:
        k -= 1
    if k < 0:
        return "bare"
    if tokens[k].pos in word_set("prepositional_tags"):
        return "pp"
    if tokens[k].pos in word_set("case_determiner_tags"):
        word = tokens[k].text.lower()
        return cases.get(word) or ("pos_" + word[-1:])
    return "bare"


def _clause_field(tokens: list[Token], indices: list[int]) -> list[str]:
    """Where each token stands in its sentence's main clause: before the first finite verb
    (the Vorfeld, mostly the subject), the verb itself, or after it."""
    out = []
    seen_finite = False
    for i in indices:
        if not seen_finite and tokens[i].pos.endswith("FIN"):
            out.append("fin")
            seen_finite = True
        else:
            out.append("mf" if seen_finite else "vf")
    return out


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9+"


def _state(
    state: str, verb: str | None, cue: str | None, word: str, complementizers: frozenset[str]
) -> str:
    """The last few speech signals seen while walking through a sentence, newest last."""
    if verb:
        signal = "v"
    elif cue:
        signal = "c"
    elif word in complementizers:
        signal = "d"
    elif word in (",", ":"):
        signal = "," if word == "," else ":"
    else:
        return state
    if state.endswith(signal):
        return state
    return (state + signal)[-3:]


def quote_features(article: Article, facts: TokenFacts, res: QuoteResources) -> list[list[str]]:
    """Features of every token of the article, in token order."""
    tokens = article.tokens
    text = article.text
    lower = [t.text.lower() for t in tokens]
    complementizers = word_set("content_complementizers")  # "dass"
    cue_kind: list[str | None] = [None] * len(tokens)
    for kind in _SINGLE_TOKEN_CUES:
        singles = {p[0] for p in res.cues[kind] if len(p) == 1}
        for i, word in enumerate(lower):
            if word in singles and cue_kind[i] is None:
                cue_kind[i] = kind
    not_speech_words = {p[0] for p in res.cues["not_speech"]}
    roles = tuple(w.lower() for w, kind in res.speaker_words.items() if kind == WordKind.ROLE)
    speaker_kind = [_speaker_word_kind(t, res, roles) for t in tokens]

    # per quotation: its length in tokens, whether it holds a finite verb or ends a sentence
    quote_info: dict[int, tuple[str, bool, bool, bool]] = {}
    members: dict[int, list[int]] = {}
    for i, span in enumerate(facts.quote):
        if span is not None:
            members.setdefault(span.start, []).append(i)
    for start, indices in members.items():
        inner = [tokens[i] for i in indices if tokens[i].text not in QUOTE_CHARS]
        has_verb = any(t.pos.endswith("FIN") for t in inner)
        ends_sentence = any(t.text in _SENTENCE_END for t in inner[-2:])
        first = indices[0]
        before = lower[first - 1] if first > 0 else ""
        quote_info[start] = (
            _bucket(len(inner)),
            has_verb,
            ends_sentence,
            before in not_speech_words or tokens[first - 1].pos == "NE" if first > 0 else False,
        )

    # per sentence: what it holds
    sentence_flags: list[list[str]] = []
    for indices in facts.sentence_tokens:
        flags = []
        classes = {facts.speech_verb[i] for i in indices if facts.speech_verb[i]}
        flags.extend(f"sv_{c}" for c in sorted(classes))
        if any(facts.konjunktiv[i] for i in indices):
            flags.append("konj")
        if any(lower[i] in complementizers for i in indices):
            flags.append("dass")
        if any(facts.quote[i] for i in indices):
            flags.append("q")
        if indices and tokens[indices[-1]].text == ":":
            flags.append("colon_end")
        if any(cue_kind[i] for i in indices):
            flags.append("cue")
        sentence_flags.append(flags)

    # where each token stands in its clause and what opens its noun phrase: a speaker is
    # mostly the subject
    field = [""] * len(tokens)
    for indices in facts.sentence_tokens:
        for i, where in zip(indices, _clause_field(tokens, indices), strict=True):
            field[i] = where

    # what a token's sentence and the sentences before and after it hold: the same features
    # for all the tokens of a sentence
    around = []
    for number, flags in enumerate(sentence_flags):
        before = sentence_flags[number - 1] if number > 0 else []
        after = sentence_flags[number + 1] if number + 1 < len(sentence_flags) else []
        around.append(
            ["S_" + flag for flag in flags]
            + ["P_" + flag for flag in before]
            + ["N_" + flag for flag in after]
        )
    features: list[list[str]] = [[] for _ in tokens]
    for para in facts.paragraphs:
        for position, i in enumerate(para):
            token = tokens[i]
            f = features[i]
            f.append("w=" + lower[i])
            f.append("p=" + token.pos)
            f.append("s3=" + lower[i][-3:])
            if token.text[:1].isupper():
                f.append("cap")
            if facts.speech_verb[i]:
                f.append("sv=" + facts.speech_verb[i])
                f.append("svl=" + token.lemma)
            if facts.konjunktiv[i]:
                f.append("konj=" + facts.konjunktiv[i])
            if cue_kind[i]:
                f.append("cue=" + cue_kind[i])
            if speaker_kind[i]:
                f.append("spw=" + speaker_kind[i])
            f.append("fld=" + field[i])
            phrase = _phrase_kind(tokens, i, res.article_cases)
            if phrase:
                f.append("np=" + phrase)
                f.append(f"np={phrase}|{field[i]}")
            if token.text in QUOTE_CHARS:
                span = facts.quote[i]
                f.append("mark_open" if span and span.start == token.start else "mark")
            span = facts.quote[i]
            if span is not None:
                length, has_verb, ends_sentence, after_name = quote_info[span.start]
                f.append("inq")
                f.append("qlen=" + length)
                if has_verb:
                    f.append("qverb")
                if ends_sentence:
                    f.append("qend")
                if after_name:
                    f.append("qafter_name")
                if not span.closed:
                    f.append("qopen")
            sentence = token.sentence
            f.extend(around[sentence])
            sentence_indices = facts.sentence_tokens[sentence]
            if i == sentence_indices[0]:
                f.append("sent_first")
            if i == sentence_indices[-1]:
                f.append("sent_last")
            if position == 0:
                f.append("para_first")
                if (
                    para[0] > 0
                    and text[tokens[para[0] - 1].end - 1 : tokens[para[0] - 1].end] == ":"
                ):
                    f.append("after_colon_para")
    # what lies left and right of each token in its sentence: a speech verb, a source cue,
    # "dass", and whether a comma separates the token from them
    for indices in facts.sentence_tokens:
        left = ""
        for i in indices:
            features[i].append("L=" + (left or "-"))
            left = _state(left, facts.speech_verb[i], cue_kind[i], lower[i], complementizers)
        right = ""
        for i in reversed(indices):
            features[i].append("R=" + (right or "-"))
            right = _state(right, facts.speech_verb[i], cue_kind[i], lower[i], complementizers)
    # neighbour features
    near = [[x for x in f if x.startswith(("w=", "p=", "sv=", "mark", "cue="))] for f in features]
    far = [[x for x in f if x[0] in "psc"] for f in near]  # three tokens away: no word, mark
    # per offset: the prefix of a neighbour's features, the feature past the paragraph's edge
    # and which of the neighbour's features count
    sides = [
        (offset, f"{offset}:", f"{offset}:PAD", near if abs(offset) <= 2 else far)
        for offset in (-3, -2, -1, 1, 2, 3)
    ]
    for para in facts.paragraphs:
        size = len(para)
        for position, i in enumerate(para):
            f = features[i]
            for offset, prefix, pad, shown in sides:
                k = position + offset
                if 0 <= k < size:
                    f.extend([prefix + x for x in shown[para[k]]])
                else:
                    f.append(pad)
    return features


def frame_features(
    base: list[list[str]], quote_labels: list[str], facts: TokenFacts
) -> list[list[str]]:
    """The content features plus the content labels around each token and where the token
    stands relative to the quotes of its sentence, for the frame tagger."""
    out = [list(f) for f in base]
    n = len(base)

    for i, f in enumerate(out):
        f.append("ql=" + quote_labels[i])
        for offset in (-2, -1, 1, 2):
            k = i + offset
            f.append(f"ql{offset}=" + (quote_labels[k] if 0 <= k < n else "PAD"))
    for indices in facts.sentence_tokens:
        inside = [quote_labels[i] != "O" for i in indices]
        if not any(inside):
            continue
        first = inside.index(True)
        last = len(inside) - 1 - inside[::-1].index(True)
        for position, i in enumerate(indices):
            if inside[position]:
                continue
            side = "q_before" if position < first else "q_after" if position > last else "q_between"
            out[i].append(side)
            gap = first - position if position < first else position - last
            out[i].append(side + "_" + _bucket(gap))
    return out
