"""The word lists the tagger and the resolution read: places, names, demonyms, roles, clusters,
metonyms (``data/de``), and the family and given names of Faker's locales."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from ...errors import ResourceError
from ...resources import data_path, read_rows, read_tsv

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
    # answers of demonym() and role_base() by word: both scan long lists, and the stages ask
    # about the same word forms over and over (a tenth of the entity stage's time)
    _demonym_memo: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    _role_base_memo: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def demonym(self, word: str) -> str | None:
        """The place an adjective or compound part derives from: "russische" -> Russland."""
        return _memoised(self._demonym_memo, word, self._demonym)

    def _demonym(self, word: str) -> str | None:
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
        return _memoised(self._role_base_memo, word, self._role_base)

    def _role_base(self, word: str) -> str | None:
        for ending, keep in (("", ""), *role_endings()):
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


_MEMO_SIZE = 200_000  # word forms remembered per question; a corpus's vocabulary rarely has more


def _memoised(
    memo: dict[str, str | None], word: str, answer: Callable[[str], str | None]
) -> str | None:
    """``answer(word)``, kept in ``memo``; the memo forgets everything once it is full, so
    memory stays bounded on any corpus."""
    if word not in memo:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[word] = answer(word)
    return memo[word]


@cache
def role_endings() -> tuple[tuple[str, str], ...]:
    """(ending, base ending) pairs of ``role_endings.tsv``, in the order they are tried."""
    return tuple(
        (row["ending"], row["base"])
        for row in read_tsv(DATA / "role_endings.tsv", ("ending", "base"))
    )


@dataclass(frozen=True)
class Metonym:
    stands_for: str
    always: bool  # seats of power ("Kreml") stand for the government wherever they act


@cache
def given_name_rows() -> tuple[tuple[str, str], ...]:
    """(given name, gender f/m/u) of data/de/first_names.tsv, on their own: the comparison
    needs only these, not the whole lexicon (about 0.3 s to load)."""
    rows = read_rows(DATA / "first_names.tsv", 2)
    for number, (_, gender) in rows:
        if gender not in ("f", "m", "u"):
            raise ResourceError(f"{DATA / 'first_names.tsv'}:{number}: gender must be f, m or u")
    return tuple((name, gender) for _, (name, gender) in rows)


@cache
def lexicon() -> Lexicon:
    places: dict[str, tuple[str, str]] = {}
    place_firsts: dict[str, list[tuple[str, ...]]] = {}
    for file in ("places_extra.tsv", "places.tsv"):  # our corrections win
        for number, (name, kind, country) in read_rows(DATA / file, 3):
            if kind not in ("country", "region", "city"):
                raise ResourceError(f"{DATA / file}:{number}: unknown kind {kind!r}")
            places.setdefault(name, (kind, country))
            words = tuple(name.split())
            if len(words) > 1:
                place_firsts.setdefault(words[0], []).append(words)
    given_names = given_name_rows()
    first_names = frozenset(name for name, _ in given_names)
    female_first_names = frozenset(name for name, gender in given_names if gender == "f")
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


@cache
def derivation() -> dict[str, tuple[str, ...]]:
    """``derivation.tsv`` by kind: endings of derived words ("derived", longest first), what a
    place name has instead ("place"), legal-form words ("legal_form"), endings of German place
    names ("place_suffix")."""
    path = DATA / "derivation.tsv"
    table: dict[str, list[str]] = {"derived": [], "place": [], "legal_form": [], "place_suffix": []}
    for number, (kind, value, _example) in read_rows(path, 3):
        if kind not in table:
            raise ResourceError(f"{path}:{number}: unknown kind {kind!r}")
        table[kind].append(value)
    table["derived"].sort(key=len, reverse=True)
    return {kind: tuple(values) for kind, values in table.items()}


@cache
def _places_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in lexicon().places}


def place_of_derived(word: str, corpus_places: dict[str, str]) -> str | None:
    """The place a derived word comes from, or None: "russische" → Russland, "Pariser" →
    Paris, "velmarischen" → Velmarien when ``corpus_places`` (lowercase → name) has it."""
    lex = lexicon()
    first = word.split("-")[0]  # "russisch-amerikanischen": the first place named
    place = lex.demonym(first)
    if place:
        return place
    lower = first.lower()
    table = derivation()
    for ending in table["derived"]:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            stem = lower[: -len(ending)]
            for tail in table["place"]:
                name = stem + tail
                found = corpus_places.get(name) or _places_by_lower().get(name)
                if found:
                    return found
    return None
