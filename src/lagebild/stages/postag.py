"""The linguistic stage's STTS part-of-speech tagger and lemmatiser (learned from HanTa's output).

The tagger is the classic greedy left-to-right averaged perceptron (Collins 2002; the design of
Honnibal's "A good part-of-speech tagger in about 200 lines of Python"): a word's features are its
lower-cased form, suffixes, first letter, shape and capitalisation, whether it is a known place
or given name (lagebild's entity data files), the neighbouring words and the two tags it predicted
before; frequent words that almost always carry one tag skip the model (the tag dictionary).
Prediction is fast because features are scored in groups: the scores of a word's own features
and of each neighbour's features are cached per word form and summed for a whole sentence at
once, so only the left-tag features are scored token by token.

Lemmas follow HanTa's conventions (articles and ``d``-pronouns → ``der``, ``am`` → ``an``,
``mich`` as reflexive → ``sich``): first the closed-class table ``data/de/lemmas.tsv``, then the
exceptions learned from HanTa-lemmatised training text (shipped with the weights), then simplemma
for open-class words; names, numbers and punctuation are their own lemma.

Tags come in normalised STTS form (VVFIN, $., $( ...; ``bench/hanta.py`` writes HanTa's so).
Weights, tag dictionary and lemma exceptions are trained by ``bench/train_postag.py`` into
``models/postag-de.bin.gz``.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from ..errors import ResourceError
from ..lang.de import word_list, word_set
from ..resources import data_path, read_entries, read_tsv
from .lemma_dictionary import lemmatize as simplemma_lemma

MODEL_PATH = Path(str(files("lagebild") / "models")) / "postag-de.bin.gz"
LEMMAS_FILE = "de/lemmas.tsv"
# Names HanTa's lexicon knows as NE that a small training set cannot all show.
NAME_FILES = ("de/places.tsv", "de/places_extra.tsv", "de/first_names.tsv")
MODEL_VERSION = 2

START = ("<S>", "<S2>")
AUXILIARY_TAGS = word_set("finite_auxiliary_tags")
CLAUSE_BREAK_TAGS = word_set("clause_break_tags")
CLAUSE_ENDS_OR_OPENS = CLAUSE_BREAK_TAGS | word_set("clause_opener_tags")
END = ("</S>", "</S2>")
# Tags whose lemma is the word itself (names, numbers, foreign words, punctuation).
SELF_LEMMA_TAGS = word_set("self_lemma_tags")
# Closed classes outside the table keep their lower-cased form, as in HanTa ("ihn" stays "ihn").
CLOSED_CLASS_PREFIXES = word_list("closed_class_tag_prefixes")


# --- features ---------------------------------------------------------------------------------


def _shape(word: str) -> str:
    """Character classes with runs collapsed: "Merkel" → "Xx", "3." → "d.", "CDU-Chef" → "X-Xx"."""
    shape: list[str] = []
    for char in word:
        if char.isupper():
            cls = "X"
        elif char.isalpha():
            cls = "x"
        elif char.isdigit():
            cls = "d"
        else:
            cls = char
        if not shape or shape[-1] != cls:
            shape.append(cls)
    return "".join(shape[:6])


@cache
def name_gazetteer() -> frozenset[str]:
    """Place and given names of lagebild's entity data (first column of each file)."""
    names: set[str] = set()
    for name in NAME_FILES:
        names.update(cells[0] for _, cells in read_entries(data_path(name)))
    return frozenset(names)


def word_features(word: str, first: bool) -> list[str]:
    """Features of the word itself; ``first``: it opens the sentence (capitals mean less there)."""
    lower = word.lower()
    features = [
        "b",
        "w " + lower,
        "s1 " + lower[-1:],
        "s2 " + lower[-2:],
        "s3 " + lower[-3:],
        "s4 " + lower[-4:],
        "p1 " + word[:1],
        "sh " + _shape(word),
    ]
    if first:
        features.append("first")
        features.append("first w " + lower)
    elif word[:1].isupper():
        features.append("cap")
    gazetteer = name_gazetteer()
    if word in gazetteer or (word[-1:] == "s" and word[:-1] in gazetteer):
        features.append("gaz")
    if "-" in word[1:]:
        features.append("hy s4 " + lower.rsplit("-", 1)[-1][-4:])
    if lower.endswith(word_list("nonfinite_verb_endings")):
        # a participle's "ge": at the start ("gesagt") or after a separable particle
        # ("eingebrochen", "lahmgelegt"); which strings before it are particles is learned
        infix = lower.find("ge", 2, 8)
        if lower.startswith("ge"):
            features.append("ge")
        elif infix > 0:
            features.append("ge after " + lower[:infix])
        # the "zu" of a zu-infinitive after a separable particle ("anzukündigen")
        infix = lower.find("zu", 2, 8)
        if infix > 0 and lower.endswith("en"):
            features.append("zu after " + lower[:infix])
    return features


def auxiliary_features(word: str) -> list[str]:
    """Features of a word after a finite auxiliary or modal verb in its sentence: "hat … gesagt",
    "wird … sagen" (the verb at the end is then a participle or an infinitive, rarely finite)."""
    lower = word.lower()
    return ["aux", "aux s2 " + lower[-2:], "aux s3 " + lower[-3:]]


def neighbour_features(word: str, offset: int) -> list[str]:
    """Features of the word at ``offset`` (-2, -1, 1, 2) from the one being tagged."""
    lower = word.lower()
    if offset in (-1, 1):
        return [
            f"{offset}w {lower}",
            f"{offset}s3 {lower[-3:]}",
            f"{offset}cap {word[:1].isupper()}",
        ]
    return [f"{offset}w {lower}"]


def tag_features(prev: str, prev2: str, word: str) -> list[str]:
    """Features of the tags already predicted to the left (``Tagger.tag`` scores them apart)."""
    return [f"t1 {prev}", f"t2 {prev2}", f"t12 {prev} {prev2}", f"t1w {prev} {word.lower()}"]


def _context(words: Sequence[str]) -> list[str]:
    return [*START, *words, *END]


def all_features(
    context: Sequence[str], i: int, prev: str, prev2: str, after_auxiliary: bool
) -> list[str]:
    """Every feature of ``context[i + 2]`` (``context`` is padded by two on each side);
    ``after_auxiliary``: a finite auxiliary or modal verb was tagged before it in the sentence."""
    word = context[i + 2]
    return [
        *word_features(word, i == 0),
        *neighbour_features(context[i], -2),
        *neighbour_features(context[i + 1], -1),
        *neighbour_features(context[i + 3], 1),
        *neighbour_features(context[i + 4], 2),
        *tag_features(prev, prev2, word),
        *(auxiliary_features(word) if after_auxiliary else ()),
    ]


# --- the tagger --------------------------------------------------------------------------------


class Tagger:
    """Greedy averaged-perceptron tagger; scores are cached per word form and feature group.

    The weights are one sparse matrix (feature × tag, compressed rows): ``indptr[k]`` to
    ``indptr[k + 1]`` index the tags (``tag_ids``) and weights (``values``) of ``features[k]``.
    Kept as flat arrays because a model of this form loads in a fraction of the time that one
    small array per feature takes.
    """

    def __init__(
        self,
        tags: list[str],
        features: list[str],
        indptr: np.ndarray,
        tag_ids: np.ndarray,
        values: np.ndarray,
        tagdict: dict[str, str],
    ):
        self.tags = tags
        self.tagdict = tagdict
        self._feature_row = dict(zip(features, range(len(features)), strict=True))
        self._indptr = indptr.tolist()
        self._tag_ids = tag_ids.astype(np.intp)
        self._values = values.astype(np.float64)
        self._word_scores = lru_cache(maxsize=200_000)(self._word_scores_uncached)
        self._neighbour_scores = lru_cache(maxsize=400_000)(self._neighbour_scores_uncached)
        self._tag_context_scores = lru_cache(maxsize=None)(self._tag_context_scores_uncached)
        self._auxiliary_scores = lru_cache(maxsize=200_000)(self._auxiliary_scores_uncached)

    @classmethod
    def from_weights(
        cls, tags: list[str], weights: dict[str, dict[str, float]], tagdict: dict[str, str]
    ) -> Tagger:
        """A tagger from ``train``'s output."""
        return cls(tags, *pack_weights(tags, weights), tagdict)

    def _add(self, scores: np.ndarray, feature: str) -> None:
        row = self._feature_row.get(feature)
        if row is not None:
            begin, end = self._indptr[row], self._indptr[row + 1]
            scores[self._tag_ids[begin:end]] += self._values[begin:end]

    def _scores(self, features: Iterable[str]) -> np.ndarray:
        scores = np.zeros(len(self.tags))
        for feature in features:
            self._add(scores, feature)
        return scores

    def _word_scores_uncached(self, word: str, first: bool) -> np.ndarray:
        return self._scores(word_features(word, first))

    def _neighbour_scores_uncached(self, word: str, offset: int) -> np.ndarray:
        return self._scores(neighbour_features(word, offset))

    def _auxiliary_scores_uncached(self, word: str) -> np.ndarray:
        return self._scores(auxiliary_features(word))

    def _tag_context_scores_uncached(self, prev: str, prev2: str) -> np.ndarray:
        return self._scores([f"t1 {prev}", f"t2 {prev2}", f"t12 {prev} {prev2}"])

    def tag(self, words: Sequence[str]) -> list[str]:
        if not words:
            return []
        context = _context(words)
        neighbour = self._neighbour_scores
        # Everything but the left tags is known before tagging starts: sum it for the whole
        # sentence at once (one matrix per feature group) rather than token by token, for the
        # words the tag dictionary does not settle (about half of them are in it).
        todo = [i for i, w in enumerate(words) if w not in self.tagdict]
        row_of = {i: row for row, i in enumerate(todo)}
        static = np.array([self._word_scores(words[i], i == 0) for i in todo])
        if todo:
            for offset in (-2, -1, 1, 2):
                static += np.array([neighbour(context[i + 2 + offset], offset) for i in todo])
        prev, prev2 = START
        after_auxiliary = False
        tags: list[str] = []
        scored: dict[int, np.ndarray] = {}
        for i, word in enumerate(words):
            tag = self.tagdict.get(word)
            if tag is None:
                scores = static[row_of[i]] + self._tag_context_scores(prev, prev2)
                if after_auxiliary:
                    scores += self._auxiliary_scores(word)
                self._add(scores, f"t1w {prev} {word.lower()}")
                tag = self.tags[int(scores.argmax())]
                scored[i] = scores
            tags.append(tag)
            after_auxiliary = after_auxiliary or tag in AUXILIARY_TAGS
            prev2, prev = prev, tag
        for i in range(len(tags) - 1):
            if (
                i in scored
                and tags[i] == "ADJA"
                and tags[i + 1] == "NE"
                and words[i][:1].islower()  # not "Deutsche Bank": a name's capitalised adjective
                and words[i].endswith(word_list("weak_preterite_endings"))
                and _stands_alone(tags, i)
            ):
                second = self._next_guess(scored[i], "ADJA")
                if second in word_set("finite_verb_tags"):
                    tags[i] = second
        self._second_verb_not_finite(words, tags, scored)
        return tags

    def _second_verb_not_finite(
        self, words: Sequence[str], tags: list[str], scored: dict[int, np.ndarray]
    ) -> None:
        """A clause has one finite verb: a full verb tagged finite at the end of a clause whose
        finite auxiliary or modal came before it ("Er hatte einen Waffenstillstand verlangt,")
        takes the tagger's next guess where that is a participle or infinitive."""
        auxiliary_open = False
        for i, tag in enumerate(tags):
            if tag in AUXILIARY_TAGS:
                auxiliary_open = True
            elif tag in CLAUSE_ENDS_OR_OPENS:
                auxiliary_open = False
            elif (
                auxiliary_open
                and tag == "VVFIN"
                and i in scored
                and (i + 1 == len(tags) or tags[i + 1] in CLAUSE_BREAK_TAGS)
            ):
                second = self._next_guess(scored[i], "VVFIN")
                if second in word_set("nonfinite_full_verb_tags"):
                    tags[i] = second

    def _next_guess(self, scores: np.ndarray, first: str) -> str:
        """The tag the tagger scored highest after ``first``."""
        others = scores.copy()
        others[self.tags.index(first)] = -np.inf
        return self.tags[int(others.argmax())]


def _stands_alone(tags: Sequence[str], i: int) -> bool:
    """Whether an adjective at ``i`` lacks what opens a noun phrase before it (a determiner, a
    preposition, another adjective or a number, perhaps past adverbs: "die sehr bekannte …").
    Before a name such an adjective in the form of a weak preterite is often the finite verb
    misread ("nun erläuterte Trump"), and ``Tagger.tag`` takes its next guess where that is a
    finite verb."""
    j = i - 1
    while j >= 0 and tags[j] in word_set("adjective_modifier_tags"):
        j -= 1
    return j < 0 or tags[j] not in word_set("noun_phrase_opener_tags")


def train(
    sentences: Sequence[tuple[Sequence[str], Sequence[str]]],
    iterations: int = 8,
    tagdict_min_count: int = 20,
    tagdict_min_share: float = 0.97,
    seed: int = 0,
) -> tuple[list[str], dict[str, dict[str, float]], dict[str, str]]:
    """Averaged-perceptron training on (words, tags) sentences; deterministic for a given seed.

    Returns the tag list, the averaged weights and the tag dictionary.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for words, tags in sentences:
        for word, tag in zip(words, tags, strict=True):
            counts[word][tag] += 1
    tagdict = {}
    for word, tag_counts in counts.items():
        tag, n = tag_counts.most_common(1)[0]
        total = sum(tag_counts.values())
        if total >= tagdict_min_count and n / total >= tagdict_min_share:
            tagdict[word] = tag
    tag_list = sorted({t for _, tags in sentences for t in tags})

    index = {t: n for n, t in enumerate(tag_list)}
    size = len(tag_list)
    # per feature: current weights, their running sums and the step each sum is up to date with
    weights: dict[str, np.ndarray] = {}
    totals: dict[str, np.ndarray] = {}
    stamps: dict[str, np.ndarray] = {}
    step = 0

    def update(truth: int, guess: int, features: list[str]) -> None:
        for feature in features:
            if feature not in weights:
                weights[feature] = np.zeros(size)
                totals[feature] = np.zeros(size)
                stamps[feature] = np.zeros(size)
            row, total, stamp = weights[feature], totals[feature], stamps[feature]
            for tag, delta in ((truth, 1.0), (guess, -1.0)):
                total[tag] += (step - stamp[tag]) * row[tag]
                stamp[tag] = step
                row[tag] += delta

    order = list(sentences)
    rng = random.Random(seed)
    for _ in range(iterations):
        rng.shuffle(order)
        for words, tags in order:
            context = _context(words)
            prev, prev2 = START
            after_auxiliary = False
            for i, word in enumerate(words):
                guess = tagdict.get(word)
                if guess is None:
                    features = all_features(context, i, prev, prev2, after_auxiliary)
                    scores = np.zeros(size)
                    for feature in features:
                        row = weights.get(feature)
                        if row is not None:
                            scores += row
                    best = int(scores.argmax())
                    truth = index[tags[i]]
                    if best != truth:
                        update(truth, best, features)
                    step += 1
                    guess = tag_list[best]
                after_auxiliary = after_auxiliary or guess in AUXILIARY_TAGS
                prev2, prev = prev, guess

    averaged: dict[str, dict[str, float]] = {}
    for feature, row in weights.items():
        mean = (totals[feature] + (step - stamps[feature]) * row) / max(step, 1)
        kept = {tag_list[n]: round(float(mean[n]), 3) for n in np.flatnonzero(np.round(mean, 3))}
        if kept:
            averaged[feature] = kept
    return tag_list, averaged, tagdict


# --- lemmas ------------------------------------------------------------------------------------


def read_lemma_table(path: str | Path) -> dict[tuple[str, str], str]:
    """A closed-class lemma file: (lower-cased form, tag) → lemma; tag ``*`` matches every tag."""
    table: dict[tuple[str, str], str] = {}
    for row in read_tsv(path, ("form", "tag", "lemma")):
        if not row["form"] or not row["lemma"] or not row["tag"]:
            raise ResourceError(f"{path}:{row['_line']}: form, tag and lemma must not be empty")
        key = (row["form"].lower(), row["tag"])
        if key in table:
            raise ResourceError(
                f"{path}:{row['_line']}: duplicate entry {row['form']} {row['tag']}"
            )
        table[key] = row["lemma"]
    return table


@cache
def closed_class_lemmas() -> dict[tuple[str, str], str]:
    return read_lemma_table(data_path(LEMMAS_FILE))


def takes_genitive_s(word: str, endings: frozenset[str]) -> bool:
    """Whether ``word``, tagged NE, is a name in the genitive whose lemma drops the s, as HanTa
    has it ("Merkels" → "Merkel", "Paris" stays): its last three letters are an ending that HanTa
    strips more often than not in the training text (``endings``, learned)."""
    return len(word) > 3 and word[-1] == "s" and word[-3:].lower() in endings


def rule_lemma(word: str, tag: str, genitive_endings: frozenset[str] = frozenset()) -> str:
    """The lemma without learned exceptions: closed-class table, then simplemma or the word
    (a name without its genitive s where ``genitive_endings`` says so)."""
    table = closed_class_lemmas()
    lower = word.lower()
    lemma = table.get((lower, tag)) or table.get((lower, "*"))
    if lemma is not None:
        return lemma
    if tag == "NE" and takes_genitive_s(word, genitive_endings):
        return word[:-1]
    if tag in SELF_LEMMA_TAGS or not any(c.isalpha() for c in word):
        return word
    if tag.startswith(CLOSED_CLASS_PREFIXES):
        return lower
    lemma = simplemma_lemma(word)
    if tag.startswith("N"):
        return lemma[:1].upper() + lemma[1:]
    return lemma.lower()


class Lemmatiser:
    def __init__(self, exceptions: dict[str, str], genitive_endings: frozenset[str] = frozenset()):
        # keys are "word<TAB>tag"
        self._exceptions = exceptions
        self.genitive_endings = genitive_endings
        self.lemma = lru_cache(maxsize=200_000)(self._lemma_uncached)

    def _lemma_uncached(self, word: str, tag: str) -> str:
        exception = self._exceptions.get(f"{word}\t{tag}")
        return exception or rule_lemma(word, tag, self.genitive_endings)


# --- the model file ----------------------------------------------------------------------------


def pack_weights(
    tags: list[str], weights: dict[str, dict[str, float]]
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """``train``'s weights as the compressed rows of ``Tagger`` (features in sorted order)."""
    index = {t: n for n, t in enumerate(tags)}
    features = sorted(weights)
    indptr = np.zeros(len(features) + 1, dtype=np.int32)
    tag_ids: list[int] = []
    values: list[float] = []
    for n, feature in enumerate(features):
        row = sorted(weights[feature].items())
        tag_ids += [index[t] for t, _ in row]
        values += [v for _, v in row]
        indptr[n + 1] = len(tag_ids)
    return features, indptr, np.array(tag_ids, dtype=np.uint8), np.array(values, np.float32)


def _join(strings: Iterable[str]) -> bytes:
    joined = "\n".join(strings)
    return joined.encode("utf-8")


def save_model(
    path: Path,
    tags: list[str],
    weights: dict[str, dict[str, float]],
    tagdict: dict[str, str],
    lemma_exceptions: dict[str, str],
    genitive_endings: frozenset[str] = frozenset(),
) -> None:
    """One gzip file: a JSON header line naming the parts, then each part's raw bytes (numbers
    little-endian, strings UTF-8 joined by newlines; no feature or word contains one)."""
    features, indptr, tag_ids, values = pack_weights(tags, weights)
    words = sorted(tagdict)
    keys = sorted(lemma_exceptions)
    strings = [*features, *words, *keys, *lemma_exceptions.values()]
    if any("\n" in text for text in strings):
        raise ValueError("a feature, word or lemma contains a newline")
    parts = {
        "features": _join(features),
        "indptr": indptr.astype("<i4").tobytes(),
        "tag_ids": tag_ids.tobytes(),
        "values": values.astype("<f4").tobytes(),
        "tagdict_words": _join(words),
        "tagdict_tags": np.array([tags.index(tagdict[w]) for w in words], np.uint8).tobytes(),
        "lemma_keys": _join(keys),
        "lemma_values": _join(lemma_exceptions[k] for k in keys),
    }
    header = {
        "version": MODEL_VERSION,
        "tags": tags,
        "genitive_endings": sorted(genitive_endings),
        "parts": [[name, len(data)] for name, data in parts.items()],
    }
    data = json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + b"".join(parts.values())
    # mtime=0 (and no file name in the header) keeps the file byte-identical across runs
    path.write_bytes(gzip.compress(data, mtime=0))


def _read_parts(path: Path) -> tuple[dict, dict[str, bytes]]:
    try:
        data = gzip.decompress(path.read_bytes())
        end = data.index(b"\n")
        header = json.loads(data[:end])
        version = header.get("version")
        if version != MODEL_VERSION:
            raise ResourceError(f"{path}: POS model version {version}, need {MODEL_VERSION}")
        parts: dict[str, bytes] = {}
        offset = end + 1
        for name, size in header["parts"]:
            parts[name] = data[offset : offset + size]
            offset += size
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError) as exc:
        raise ResourceError(f"{path}: cannot read POS model: {exc}") from exc
    if offset != len(data):
        raise ResourceError(
            f"{path}: cannot read POS model: {len(data)} bytes, the header describes {offset}"
        )
    return header, parts


@cache
def load_model(path: Path = MODEL_PATH) -> tuple[Tagger, Lemmatiser]:
    header, parts = _read_parts(path)
    tags = header["tags"]

    def strings(name: str) -> list[str]:
        return parts[name].decode("utf-8").split("\n") if parts[name] else []

    tagdict_tags = np.frombuffer(parts["tagdict_tags"], np.uint8)
    tagger = Tagger(
        tags,
        strings("features"),
        np.frombuffer(parts["indptr"], "<i4"),
        np.frombuffer(parts["tag_ids"], np.uint8),
        np.frombuffer(parts["values"], "<f4"),
        dict(zip(strings("tagdict_words"), (tags[t] for t in tagdict_tags), strict=True)),
    )
    lemmas = dict(zip(strings("lemma_keys"), strings("lemma_values"), strict=True))
    return tagger, Lemmatiser(lemmas, frozenset(header["genitive_endings"]))


def tag(words: list[str]) -> list[tuple[str, str]]:
    """(lemma, STTS tag) for each word of one tokenised sentence."""
    tagger, lemmatiser = load_model()
    return [(lemmatiser.lemma(w, t), t) for w, t in zip(words, tagger.tag(words), strict=True)]
