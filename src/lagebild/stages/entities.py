"""Named entities: a CRF tagger trained on GermEval 2014, gazetteers and a role lexicon.

The tagger labels tokens with the GermEval outer labels (PER, ORG, LOC, OTH and their ``deriv``
and ``part`` forms) in IOB form; its features are the word, its shape and affixes, HanTa's POS
tag and lemma, the neighbours, word clusters learnt from unlabelled news text, membership in
the place, first-name and demonym lists of ``data/de`` (also as the base of an inhabitant noun,
"Fürther"), and in the family and given names of many countries that the Faker package carries
(locales in ``name_locales.tsv``). Mentions it finds carry source ``ner``.

Role phrases ("Kremlsprecher", "der russische Chefdiplomat", ", Leiter des Fonds,") are emitted
as extra mentions with label ``PER`` and source ``role``; the corpus-level resolution attaches
them to the person they stand next to or, standing alone, resolves them to the person who holds
that role. The pronoun "er" is emitted with source ``pronoun`` for the resolution to link or
drop. Seats of power the tagger missed ("der Kreml") come from ``metonyms.tsv`` with source
``gazetteer``. Only the ``ner`` mentions are what GermEval measures.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

from ..errors import ResourceError
from ..lang.de.quotes import QUOTE_CHARS
from ..model import Article, EntityMention, Token
from ..resources import data_path, read_rows
from .registry import stage

DATA = data_path("de")
MODELS = Path(str(files("lagebild") / "models"))
MODEL_FILE = MODELS / "ner-de.crfsuite"
CLUSTER_FILE = MODELS / "ner-de-clusters.tsv"


@dataclass(frozen=True)
class Role:
    name: str  # lowercase role noun or compound tail
    same_as: str  # synonym used for resolution ("chefdiplomat" -> "außenminister")
    affiliation: str  # country of any holder ("kremlsprecher" -> Russland), or ""


@dataclass(frozen=True)
class Lexicon:
    places: dict[str, tuple[str, str]]  # name -> (kind, ISO country)
    place_firsts: dict[str, list[tuple[str, ...]]]  # first word -> multi-word place names
    first_names: frozenset[str]
    female_first_names: frozenset[str]  # for linking "sie" (and not "er") to a person
    family_names: frozenset[str]  # Faker's person names of many locales: tagger features only
    given_names: frozenset[str]  # likewise: Faker's given names
    demonyms: tuple[tuple[str, str], ...]  # (stem, place), longest stem first
    roles: dict[str, Role]
    role_tails: tuple[str, ...]  # role nouns by length, for compound tails
    clusters: dict[str, tuple[str, ...]]  # word -> cluster ids, coarse to fine
    metonyms: dict[str, Metonym]  # name -> the government it may stand for

    def demonym(self, word: str) -> str | None:
        """The place an adjective or compound part derives from: "russische" -> Russland."""
        lower = word.lower()
        for stem, place in self.demonyms:
            if lower.startswith(stem) and len(lower) - len(stem) <= 3:
                return place
        return None

    def role(self, word: str) -> Role | None:
        """The role a noun names, also inflected ("Präsidenten") or as the tail of a compound
        ("Kremlsprecher", "Kreml-Sprecher", "US-Sondergesandten")."""
        base = self.role_base(word)
        return self._role_of(base) if base else None

    def role_base(self, word: str) -> str | None:
        """The uninflected form of a role noun: "Außenministers" -> "Außenminister"."""
        for ending, keep in (("", ""), ("s", ""), ("en", "e"), ("n", ""), ("en", "")):
            if ending and not word.endswith(ending):
                continue
            base = word[: len(word) - len(ending)] + keep
            if self._role_of(base):
                return base
        return None

    def _role_of(self, word: str) -> Role | None:
        lower = word.lower().replace("-", "")
        if lower in self.roles:
            return self.roles[lower]
        for tail in self.role_tails:
            if lower.endswith(tail) and len(lower) > len(tail) + 1:
                return self.roles[tail]
        return None


@dataclass(frozen=True)
class Metonym:
    stands_for: str
    always: bool  # seats of power ("Kreml") stand for the government wherever they act


@cache
def lexicon() -> Lexicon:
    places: dict[str, tuple[str, str]] = {}
    place_firsts: dict[str, list[tuple[str, ...]]] = {}
    for file in ("places.tsv", "places_extra.tsv"):
        for number, (name, kind, country) in read_rows(DATA / file, 3):
            if kind not in ("country", "region", "city"):
                raise ResourceError(f"{DATA / file}:{number}: unknown kind {kind!r}")
            places.setdefault(name, (kind, country))
            words = tuple(name.split())
            if len(words) > 1:
                place_firsts.setdefault(words[0], []).append(words)
    given_names = read_rows(DATA / "first_names.tsv", 2)
    for number, (_, gender) in given_names:
        if gender not in ("f", "m", "u"):
            raise ResourceError(f"{DATA / 'first_names.tsv'}:{number}: gender must be f, m or u")
    first_names = frozenset(name for _, (name, _) in given_names)
    female_first_names = frozenset(name for _, (name, gender) in given_names if gender == "f")
    demonyms = sorted(
        ((stem, place) for _, (stem, place) in read_rows(DATA / "demonyms.tsv", 2)),
        key=lambda row: -len(row[0]),
    )
    roles = {
        name: Role(name, same_as or name, affiliation)
        for _, (name, same_as, affiliation, _example) in read_rows(DATA / "roles.tsv", 4)
    }
    metonyms = {}
    for number, (name, stands_for, always) in read_rows(DATA / "metonyms.tsv", 3):
        if always not in ("yes", "no"):
            raise ResourceError(f"{DATA / 'metonyms.tsv'}:{number}: third field must be yes or no")
        metonyms[name] = Metonym(stands_for, always == "yes")
    clusters = {word: tuple(ids.split(",")) for _, (word, ids) in read_rows(CLUSTER_FILE, 2)}
    family_names, other_given_names = _faker_names(DATA / "name_locales.tsv")
    return Lexicon(
        places,
        place_firsts,
        first_names,
        female_first_names,
        family_names,
        other_given_names,
        tuple(demonyms),
        roles,
        tuple(sorted(roles, key=len, reverse=True)),
        clusters,
        metonyms,
    )


def _faker_names(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Family and given names from Faker's person providers of the locales listed in ``path``
    (their name lists are tuples, or dicts of name -> frequency)."""
    family: set[str] = set()
    given: set[str] = set()
    for number, (locale,) in read_rows(path, 1):
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ModuleNotFoundError, AttributeError) as exc:
            message = f"{path}:{number}: Faker has no person names for {locale!r}"
            raise ResourceError(message) from exc
        for attribute, names in vars(provider).items():
            # last_names, male_last_names, first_names_female, … (not language_names)
            bucket = family if "last" in attribute else given if "first" in attribute else None
            if bucket is not None and isinstance(names, (tuple, list, dict)):
                bucket.update(name for name in names if name[:1].isupper())
    return frozenset(family), frozenset(given)


# ---------------------------------------------------------------------------- features


@lru_cache(maxsize=200_000)
def shape(word: str) -> str:
    """Word shape with runs collapsed: "Putin-Regierung" -> "Xx-Xx", "G7" -> "Xd"."""
    out = []
    for char in word:
        cls = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)[:8]


def _place_tags(words: Sequence[str], lex: Lexicon) -> list[str]:
    """Per word: "B"/"I" of a (multi-word) place name found by longest match, else ""."""
    tags = [""] * len(words)
    i = 0
    while i < len(words):
        best = 0
        for name in lex.place_firsts.get(words[i], ()):
            if tuple(words[i : i + len(name)]) == name and len(name) > best:
                best = len(name)
        if not best and (words[i] in lex.places or _genitive_base(words[i]) in lex.places):
            best = 1
        if best:
            tags[i : i + best] = ["B"] + ["I"] * (best - 1)
            i += best
        else:
            i += 1
    return tags


def _genitive_base(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[str, ...]:
    """Features of the word itself; memoised, as news vocabulary repeats a lot."""
    lex = lexicon()
    lower = word.lower()
    feats = [
        "w=" + lower,
        "shape=" + shape(word),
        "p3=" + lower[:3],
        "s2=" + lower[-2:],
        "s3=" + lower[-3:],
        "s4=" + lower[-4:],
    ]
    for level, cluster in enumerate(lex.clusters.get(lower, ("none",))):
        feats.append(f"c{level}=" + cluster)
    if word in lex.first_names:
        feats.append("first_name")
    # known names of many countries, also in the genitive ("Kowalskis"): "name_family",
    # "name_given" (k-fold F1 +0.012, PER +0.027)
    genitive = word.endswith("s") and word not in lex.family_names
    base = word[:-1] if genitive and word[:-1] in lex.family_names else word
    if base in lex.family_names:
        feats.append("name_family")
    if base in lex.given_names:
        feats.append("name_given")
    if lex.demonym(word):
        feats.append("demonym")
    if any(word.endswith(e) and word[: -len(e)] in lex.places for e in ("er", "ern", "ers")):
        feats.append("place_er")  # "Fürther", "Iraner": inhabitants and their adjectives
    if "-" in word.strip("-"):
        head, _, tail = word.partition("-")
        feats += ["hy_head=" + head.lower(), "hy_tail=" + tail.lower()[-5:]]
        if head in lex.places or lex.demonym(head) or head.isupper():
            feats.append("hy_head_place_or_acronym")
        if head in lex.first_names or (head[:1].isupper() and tail[:1].isupper()):
            feats.append("hy_caps_parts")
    return tuple(feats)


def sentence_features(
    words: Sequence[str], pos: Sequence[str], lemmas: Sequence[str]
) -> list[list[str]]:
    """CRF features for each word of one sentence."""
    lex = lexicon()
    own = [_word_features(w) for w in words]
    places = _place_tags(words, lex)
    out = []
    n = len(words)
    for i, word in enumerate(words):
        feats = ["bias", "pos=" + pos[i], "lemma=" + lemmas[i].lower(), *own[i]]
        if places[i]:
            feats.append("place=" + places[i])
        if i == 0:
            feats.append("first_word")
        if word[:1].isupper() and pos[i] not in ("NE", "NN"):
            feats.append("cap_not_noun")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                feats.append(f"{offset}:w=" + words[j].lower())
                feats.append(f"{offset}:pos=" + pos[j])
                if abs(offset) == 1:
                    feats.append(f"{offset}:shape=" + shape(words[j]))
                    feats += [
                        f"{offset}:{f}" for f in own[j] if f.startswith(("c", "first", "name_"))
                    ]
                    if places[j]:
                        feats.append(f"{offset}:place")
            else:
                feats.append(f"{offset}:edge")
        feats.append("pos-1|pos=" + (pos[i - 1] if i else "^") + "|" + pos[i])
        feats.append("pos|pos+1=" + pos[i] + "|" + (pos[i + 1] if i + 1 < n else "$"))
        # a wider window and word pairs: "Sprecher des", "von Anchorage" (k-fold F1 +0.008)
        for offset in (-3, 3):
            j = i + offset
            feats.append(f"{offset}:w=" + (words[j].lower() if 0 <= j < n else "<edge>"))
        for offset in (-2, -1, 1):
            j = i + offset
            if 0 <= j < n:
                feats.append(f"{offset}:lemma=" + lemmas[j].lower())
                if abs(offset) == 1:
                    feats.append(f"{offset}:s3=" + words[j].lower()[-3:])
        feats.append("w-1|w=" + (words[i - 1].lower() if i else "^") + "|" + word.lower())
        feats.append("w|w+1=" + word.lower() + "|" + (words[i + 1].lower() if i + 1 < n else "$"))
        out.append(feats)
    return out


# ---------------------------------------------------------------------------- tagging


@cache
def _tagger():
    import pycrfsuite

    if not MODEL_FILE.exists():
        raise ResourceError(f"{MODEL_FILE}: NER model missing; train it with bench/train_ner.py")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_FILE))
    return tagger


def tag(words: Sequence[str], pos: Sequence[str], lemmas: Sequence[str]) -> list[str]:
    """Outer IOB tags (B-PER, I-LOCderiv, O, ...) for one tokenised sentence."""
    if not words:
        return []
    return _tagger().tag(sentence_features(words, pos, lemmas))


def iob_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first, last + 1, label) token ranges of an IOB sequence; a stray I- opens a span."""
    found = []
    start, label = -1, ""
    for i, tg in enumerate([*tags, "O"]):
        if tg == "O" or tg.startswith("B-") or tg[2:] != label:
            if start >= 0:
                found.append((start, i, label))
            start, label = (i, tg[2:]) if tg != "O" else (-1, "")
    return found


def _by_sentence(tokens: Sequence[Token]) -> list[list[Token]]:
    sentences: dict[int, list[Token]] = {}
    for token in tokens:
        sentences.setdefault(token.sentence, []).append(token)
    return list(sentences.values())


_LEADING_FUNCTION_TAGS = frozenset({"ART", "APPR", "APPRART"})
# capitalised in headings ("Von Ukraine bis …"), where the tagger may read them as names
_PREPOSITIONS = frozenset(
    {"von", "vom", "nach", "aus", "bei", "beim", "mit", "zu", "zum", "zur", "in", "im", "für"}
    | {"über", "gegen", "bis", "seit", "auf", "an", "am"}
)


def _clean_span(tokens: Sequence[Token], first: int, stop: int, label: str) -> tuple[int, int]:
    """Token range of a mention without what the tagger swept in: a leading lowercase article
    or preposition ("der Geist von …"), a capitalised preposition before a place or work ("Von
    Ukraine bis …" in a heading), and anything from a quotation mark on ("Geistes von X“ in")."""
    while stop - first > 1 and (
        (tokens[first].pos in _LEADING_FUNCTION_TAGS and tokens[first].text.islower())
        or (label[:3] in ("LOC", "OTH") and tokens[first].text.lower() in _PREPOSITIONS)
    ):
        first += 1
    while first < stop and tokens[first].text in QUOTE_CHARS:
        first += 1
    cut = next((k for k in range(first, stop) if tokens[k].text in QUOTE_CHARS), stop)
    return first, cut


def ner_mentions(article: Article) -> list[EntityMention]:
    text = article.text
    mentions = []
    for sent in _by_sentence(article.tokens):
        tags = tag([t.text for t in sent], [t.pos for t in sent], [t.lemma for t in sent])
        for first, stop, label in iob_spans(tags):
            first, stop = _clean_span(sent, first, stop, label)
            if first >= stop:
                continue
            person = _person_at_end(sent, first, stop, label)
            parts = [(first, person, label), (person, stop, "PER")] if person else []
            for a, b, kind in parts or [(first, stop, label)]:
                start, end = sent[a].start, sent[b - 1].end
                mentions.append(EntityMention(start, end, text[start:end], kind, source="ner"))
    return mentions


def _person_at_end(tokens: Sequence[Token], first: int, stop: int, label: str) -> int | None:
    """Where a person's name closes an organisation or place mention: "Direktinvestitionsfonds
    Kirill Dmitrijew" is the fund and its head (a known given name and one or two more
    capitalised words after the organisation's own words)."""
    if label not in ("ORG", "LOC", "OTH"):
        return None
    given = lexicon().first_names
    for k in range(max(first + 1, stop - 3), stop - 1):
        rest = tokens[k + 1 : stop]
        if tokens[k].text in given and all(t.text[:1].isupper() and t.text.isalpha() for t in rest):
            return k
    return None


# ---------------------------------------------------------------------------- role phrases

_FULL_LABELS = frozenset(("PER", "ORG", "LOC", "OTH"))
_COMPLEMENT_STARTS = frozenset(
    ["des", "der", "am", "im", "beim", "vom", "von", "für", "in", "bei", "an"]
)
_PHRASE_STOPS = frozenset(',;:()[]"„“”»«')
_MAX_COMPLEMENT = 10


def role_mentions(article: Article, taken: Sequence[EntityMention]) -> list[EntityMention]:
    """Role phrases: [adjectives] role noun [genitive or prepositional complement].

    "russische Außenminister", "US-Sondergesandter", "leitender Forscher am Institut für X",
    "Leiter des Fonds" (before a name: the complement stops where the name begins).
    """
    lex = lexicon()
    text = article.text
    # "US-Präsident" is a LOCpart mention and a role at once; full names are never roles
    covered = {i for m in taken if m.label in _FULL_LABELS for i in range(m.start, m.end)}
    person_starts = {m.start for m in taken if m.label == "PER"}
    found = []
    for sent in _by_sentence(article.tokens):
        for i, token in enumerate(sent):
            if token.pos != "NN" or token.start in covered or not lex.role(token.text):
                continue
            first = i
            while first > 0 and sent[first - 1].pos == "ADJA":
                first -= 1
            last = i
            if i + 1 < len(sent) and sent[i + 1].text in _COMPLEMENT_STARTS:
                j = i + 1
                while (
                    j < len(sent)
                    and j - i <= _MAX_COMPLEMENT
                    and sent[j].text not in _PHRASE_STOPS
                    and sent[j].start not in person_starts
                    and not sent[j].pos.startswith(("VV", "VA", "VM", "$"))
                ):
                    j += 1
                last = j - 1
                while last > i and sent[last].pos in ("ART", "APPR", "APPRART"):
                    last -= 1
            start, end = sent[first].start, sent[last].end
            found.append(EntityMention(start, end, text[start:end], "PER", source="role"))
    return found


def seat_of_power_mentions(article: Article, taken: Sequence[EntityMention]) -> list[EntityMention]:
    """Seats of power the tagger missed ("der Kreml", "im Weißen Haus"), from metonyms.tsv.

    The tagger knows cities well but misses these often; they matter for grouping voices.
    """
    lex = lexicon()
    names_by_first: dict[str, list[list[str]]] = {}
    for name, metonym in lex.metonyms.items():
        if metonym.always:
            words = name.split()
            names_by_first.setdefault(words[0] if len(words) > 1 else "", []).append(words)
    covered = {i for m in taken for i in range(m.start, m.end)}
    text = article.text
    found = []
    for sent in _by_sentence(article.tokens):
        words = [t.text for t in sent]
        for i in range(len(sent)):
            for name in names_by_first.get(words[i], []) + names_by_first.get("", []):
                stop = i + len(name)
                candidate = words[i:stop]
                if len(candidate) != len(name) or candidate[:-1] != name[:-1]:
                    continue
                if candidate[-1] not in (name[-1], name[-1] + "s", name[-1] + "es"):
                    continue
                start, end = sent[i].start, sent[stop - 1].end
                if start not in covered:
                    found.append(
                        EntityMention(start, end, text[start:end], "ORG", source="gazetteer")
                    )
    return found


_FINITE = frozenset(("VVFIN", "VAFIN", "VMFIN"))
_PLURAL_FINITE = frozenset(("sind", "seien", "wären"))
_SINGULAR_FINITE_IN_N = frozenset(("kann",))


def _singular_verb(token: Token | None) -> bool:
    """A finite verb in the singular: "sagte", "sei", "hat", "kann" — not "sagten", "sind"."""
    if token is None or token.pos not in _FINITE:
        return False
    word = token.text.lower()
    if word in _PLURAL_FINITE:
        return False
    return not word.endswith("n") or word in _SINGULAR_FINITE_IN_N


def pronoun_mentions(article: Article) -> list[EntityMention]:
    """Every "er", and "sie" where a singular verb next to it shows it is one woman ("sie
    sagte", "betonte sie"; not "sie sagten", nor the polite "Sie" inside a sentence). The
    resolution links them to a person only where the text leaves no doubt."""
    tokens = article.tokens
    found = []
    for i, t in enumerate(tokens):
        if t.pos != "PPER":
            continue
        if t.text in ("er", "Er"):
            found.append(EntityMention(t.start, t.end, t.text, "PER", source="pronoun"))
            continue
        first_in_sentence = i == 0 or tokens[i - 1].sentence != t.sentence
        if t.text != "sie" and not (t.text == "Sie" and first_in_sentence):
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before = None if first_in_sentence else tokens[i - 1]
        if _singular_verb(after) or _singular_verb(before):
            found.append(EntityMention(t.start, t.end, t.text, "PER", source="pronoun"))
    return found


@stage("entities", needs=("sentences", "tokens"), adds=("entities",))
def annotate(article: Article) -> None:
    named = ner_mentions(article)
    named += seat_of_power_mentions(article, named)
    found = [*named, *role_mentions(article, named), *pronoun_mentions(article)]
    article.entities = sorted(found, key=lambda m: (m.start, -m.end))
