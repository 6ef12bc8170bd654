"""Resolve entity mentions across articles into corpus-level entities with roles.

Names are compared by a matching key: the genitive ``s`` is dropped when the bare form occurs in
the corpus (Putins -> Putin, des Kremls -> Kreml) and ``data/de/transliteration.tsv`` maps
spelling variants to one key (Selenskyj / Zelensky -> selenski, Lawrow / Lavrov -> lavrov).

People are grouped by surname key; full names with the same surname form one person only when
their given names agree (same key, one edit apart as Dmitri / Dimitri, or an initial). A bare
surname joins the full name with that surname in its own article, else the only person in the
corpus with that surname; where several share it, it stays a separate, unmerged entity.

Role phrases from the entities stage become roles of the person they stand next to
("Kremlsprecher Dmitri Peskow", "Kirill Dmitrijew, Leiter des Fonds,"); standing alone ("der
russische Chefdiplomat") they resolve to the person holding that role (synonyms from
``roles.tsv``, nationality must agree): in the same article first, else if unique in the corpus.
Lone role phrases no person can be tied to keep ``entity=None``.

A pronoun "er" or (singular) "sie" links to a person only when exactly one person of that
gender is named, outside quotation marks, in its sentence before it and the sentence before
(role phrases and earlier linked pronouns count); otherwise it is dropped. A woman is known by a
female given name (``first_names.tsv``) or a feminine role noun ("Außenministerin"); "er" never
links to a known woman, "sie" only to one.

One name, one label: the tagger may call the same name a person in one sentence and an
organisation in the next ("Fox News"). Names of news media, platforms and other known
organisations (``media.tsv``, ``organisations.tsv``) are organisations, countries are places, a
name that begins with a known given name is a person; otherwise all mentions of a name take the
label most of them carry, unless a second label is well attested too (a person and a place both
called "Hollerbach").

Metonymy: names listed in ``metonyms.tsv`` that act as a government ("der Kreml", "Moskau
erklärte") resolve to a government entity ("Regierung Russlands", ORG) instead of the place;
such mentions carry source ``metonym`` and the government's roles record each metonymic use.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from ..errors import ResourceError
from ..model import Article, Entity, EntityMention, Token
from ..resources import read_rows, shipped_tsv
from ..stages.entities import DATA, Metonym, lexicon

# "X, der Leiter …", "X, Leiter …" and "X, Wladimir Putins Sonderbeauftragter …"
_APPOSITION_GAP = re.compile(
    r"\s*,\s*(?:(?:der|die|dem|den|des)\s*|(?:[A-ZÄÖÜ][\w-]*\s+)?[A-ZÄÖÜ][\w-]*s\s+)?"
)
_LOCATIVE = frozenset(("APPR", "APPRART"))
_FINITE_VERB = ("VVFIN", "VAFIN", "VMFIN")
_INSIDE = frozenset(["im", "in", "vor"])
_TITLES = frozenset(["Dr.", "Prof.", "Herr", "Frau", "Sir", "Mr.", "Mrs.", "Ms."])


@cache
def _transliteration() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    path = DATA / "transliteration.tsv"
    for number, (pattern, replacement, _example) in read_rows(path, 3):
        try:
            rules.append((re.compile(pattern), replacement))
        except re.error as exc:
            raise ResourceError(f"{path}:{number}: bad regex {pattern!r}: {exc}") from exc
    return tuple(rules)


def name_key(name: str) -> str:
    """Matching key of a name: lowercase, no accents, transliteration variants folded."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    key = "".join(c for c in decomposed if not unicodedata.combining(c))
    for pattern, replacement in _transliteration():
        key = pattern.sub(replacement, key)
    return key


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :] or (len(a) == len(b) and a[i + 1 :] == b[i + 1 :])


def given_names_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Do two lists of given names fit one person? Missing names and initials always fit."""
    for x, y in zip(a, b, strict=False):
        if x.endswith(".") or y.endswith("."):
            if x[:1].lower() != y[:1].lower():
                return False
            continue
        kx, ky = name_key(x), name_key(y)
        if kx != ky and not (_edit_distance_at_most_one(kx, ky) and min(len(kx), len(ky)) > 3):
            return False
    return True


# ---------------------------------------------------------------------------- working records


@dataclass
class _Mention:
    article: int
    index: int  # position in the article's mention list
    mention: EntityMention
    base: str  # surface form with genitive s and titles removed
    label: str = ""  # the tagger's label, corrected where the corpus knows better
    metonym: Metonym | None = None


@dataclass
class _Group:
    label: str
    members: list[_Mention] = field(default_factory=list)
    given: list[str] = field(default_factory=list)  # PER: longest given names seen
    surname_key: str = ""


def _genitive_base(text: str, known_keys: set[str]) -> str:
    """Putins -> Putin, Selenskijs -> Selenskij, "Geistes von X" -> "Geist von X", when the bare
    form's key occurs in the corpus."""
    for suffix in ("’s", "'s", "s", "’", "'"):
        if text.endswith(suffix) and name_key(text[: -len(suffix)]) in known_keys:
            return text[: -len(suffix)]
    head, space, rest = text.partition(" ")
    if space and rest.split()[0].islower():  # a head noun with its complement: "Geistes von X"
        for suffix in ("es", "s"):
            bare = f"{head[: -len(suffix)]} {rest}"
            if head.endswith(suffix) and name_key(bare) in known_keys:
                return bare
    return text


def _is_genitive_full_name(m: EntityMention, article: Article, at: _TokenIndex) -> bool:
    """ "Joe Bidens": a given name, then a surname HanTa lemmatises without its genitive s."""
    words = m.text.split()
    last = article.tokens[at.ends[m.end]] if m.end in at.ends else None
    return (
        m.label == "PER"
        and len(words) > 1
        and words[0] in lexicon().first_names
        and last is not None
        and last.lemma == last.text[:-1]
    )


def _surname_keys(articles: list[Article]) -> set[str]:
    """Keys of the last words of multi-word person names: who is known by a surname.

    Names that begin with a known surname ("Putin Trumps Wunsch", a tagging error) add none.
    """
    names = [
        m.text.split()
        for a in articles
        for m in a.entities
        if m.label == "PER" and m.source != "role" and len(m.text.split()) > 1
    ]
    first_names = lexicon().first_names
    keys = {name_key(words[-1]) for words in names if words[0] in first_names}
    keys |= {name_key(words[-1]) for words in names if name_key(words[0]) not in keys}
    return keys


def _split_glued_names(article: Article, surnames: set[str]) -> list[EntityMention]:
    """Split person spans the tagger glued together ("lud Trump Selenskij ein" -> two people).

    A span is glued when its first word is a known surname and no given name; each word of it
    that is a known surname becomes a mention of its own, the rest is dropped.
    """
    lex = lexicon()
    out = []
    for m in article.entities:
        words = m.text.split()
        if (
            m.label != "PER"
            or m.source == "role"
            or len(words) < 2
            or words[0] in lex.first_names
            or name_key(words[0]) not in surnames
        ):
            out.append(m)
            continue
        position = m.start
        for word in words:
            start = article.text.index(word, position)
            position = start + len(word)
            if name_key(_genitive_base(word, surnames)) in surnames:
                out.append(replace(m, start=start, end=position, text=word))
    return out


_FULL_LABELS = ("PER", "ORG", "LOC", "OTH")
_TIE_ORDER = ("ORG", "LOC", "PER", "OTH")  # a one-to-one tie is most often a media or a place


@cache
def organisation_names() -> frozenset[str]:
    """Media, platforms and other organisations the lexicons know by name."""
    return frozenset(
        row["name"]
        for file in ("de/media.tsv", "de/organisations.tsv")
        for row in shipped_tsv(file, ("name", "kind"))
    )


@cache
def organisation_aliases() -> dict[str, str]:
    """Other forms of an organisation's name and the name they stand for ("EU" -> "Europäische
    Union"), from organisations.tsv."""
    return {
        row["name"]: row["same_as"]
        for row in shipped_tsv("de/organisations.tsv", ("name", "kind", "same_as"))
        if row["same_as"]
    }


def _corrected_label(m: EntityMention, base: str, surnames: set[str]) -> str:
    """A name the tagger got wrong: a known organisation or medium is one ("Fox News" is no
    person); a country is a place (as in GermEval, "UdSSR" is no organisation); a name that
    begins with a known given name is a person; a one-word person named like a known place is
    the place unless someone has it as surname; a known surname tagged as a place is the
    person."""
    if m.source == "role":
        return m.label
    if base in organisation_names() and m.label in _FULL_LABELS:
        return "ORG"
    kind, code = lexicon().places.get(base, ("", ""))
    if kind == "country" and code != "EU" and m.label in ("ORG", "OTH"):
        return "LOC"
    words = base.split()
    if len(words) > 1:
        # "Beatrice Imhof" read as a place: a known given name before a capitalised word
        given_name = words[0] in lexicon().first_names and words[1][:1].isupper()
        return "PER" if given_name and m.label in ("LOC", "ORG") and not kind else m.label
    key = name_key(base)
    if m.label == "PER" and key not in surnames and base in lexicon().places:
        return "LOC"
    if m.label in ("LOC", "ORG", "OTH") and key in surnames and base not in lexicon().places:
        return "PER"
    return m.label


def _is_role_before_name(m: EntityMention, index: int, article: Article) -> bool:
    """A compound the tagger read as a place part but that is the role of the person named
    right after it: "der US-Sondergesandte Steve Witkoff" (the role, not the USA)."""
    if not m.label.endswith("part") or "-" not in m.text or lexicon().role(m.text) is None:
        return False
    following = article.entities[index + 1 : index + 2]
    return bool(
        following
        and following[0].label == "PER"
        and following[0].source == "ner"
        and not article.text[m.end : following[0].start].strip()
    )


def _vote_labels(records: list[_Mention]) -> None:
    """Give every mention of a name the same label (see the module docstring)."""
    by_key: dict[str, list[_Mention]] = defaultdict(list)
    for record in records:
        if record.metonym or record.label not in _FULL_LABELS:
            continue
        by_key[name_key(record.base)].append(record)
    for members in by_key.values():
        votes = Counter(r.label for r in members)
        if len(votes) < 2:
            continue
        (first, most), (_, second) = votes.most_common(2)
        if most == second == 1 and len(votes) == 2:
            first = min(votes, key=_TIE_ORDER.index)
        elif most < 2 * second:
            continue  # two labels well attested: likely two different things
        for r in members:
            r.label = first


def _strip_titles(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class _TokenIndex:
    """Which token starts or ends at a character offset."""

    starts: dict[int, int]
    ends: dict[int, int]

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> _TokenIndex:
        return cls(
            {t.start: i for i, t in enumerate(tokens)}, {t.end: i for i, t in enumerate(tokens)}
        )


def _is_metonymic(m: EntityMention, metonym: Metonym, article: Article, at: _TokenIndex) -> bool:
    """Cities stand for their government when they act: "Moskau erklärte", "so Washington"."""
    if metonym.always:  # unless it is the building itself: "im Kreml"
        first = at.starts.get(m.start)
        return not first or article.tokens[first - 1].text.lower() not in _INSIDE
    first, last = at.starts.get(m.start), at.ends.get(m.end)
    if first is None or last is None:
        return False
    tokens = article.tokens
    before = (
        tokens[first - 1]
        if first > 0 and tokens[first - 1].sentence == tokens[first].sentence
        else None
    )
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if before is not None and before.pos in _LOCATIVE:
        return False
    acts_after = after is not None and after.pos in _FINITE_VERB
    acts_before = before is not None and (before.pos in _FINITE_VERB or before.text == "so")
    return acts_after or acts_before


# ---------------------------------------------------------------------------- roles


@dataclass(frozen=True)
class RoleStatement:
    role: str  # as shown: "Außenminister", "Leiter des Direktinvestitionsfonds"
    key: str  # for matching lone role mentions: "außenminister"
    affiliation: str  # German place name or ""


def parse_role(text: str) -> RoleStatement | None:
    """Role, matching key and affiliation of a role phrase ("russische Außenminister")."""
    lex = lexicon()
    words = text.split()
    head_at = next((i for i, w in enumerate(words) if lex.role(w)), None)
    if head_at is None:
        return None
    affiliation = next((lex.demonym(w) for w in words[:head_at] if lex.demonym(w)), "")
    head = lex.role_base(words[head_at]) or words[head_at]
    prefix, _, tail = head.rpartition("-")
    role_word = head
    if prefix in lex.places:  # "US-Sondergesandter": the prefix names the country
        affiliation = affiliation or _country_name(prefix)
        role_word = tail
    role = lex.role(role_word)
    if role is None:
        return None
    folded = role_word.lower().replace("-", "")
    key = lex.roles[folded].same_as if folded in lex.roles else folded
    shown = [head, *words[head_at + 1 :]]
    # a describing adjective belongs to the role ("leitender Forscher"), a nationality does not
    if head_at and not lex.demonym(words[head_at - 1]):
        shown.insert(0, words[head_at - 1])
    return RoleStatement(" ".join(shown), key, affiliation or role.affiliation)


def _country_name(name: str) -> str:
    """German name of the country a short form stands for: "US" -> "Vereinigte Staaten"."""
    lex = lexicon()
    code = lex.places.get(name, ("", ""))[1]
    for _, place in lex.demonyms:
        if code and lex.places.get(place, ("", ""))[1] == code:
            return place
    return name


# ---------------------------------------------------------------------------- resolution


def resolve(articles: list[Article]) -> list[Entity]:
    """Cluster all mentions into entities and point every mention at its entity (in place)."""
    lex = lexicon()
    metonyms = lex.metonyms
    glued_check = _surname_keys(articles)
    for article in articles:
        article.entities = _split_glued_names(article, glued_check)
    known = {name_key(m.text) for a in articles for m in a.entities if m.source != "role"}
    known |= {name_key(p) for p in lex.places} | {name_key(p) for p in metonyms}
    surnames = _surname_keys(articles)
    named: list[_Mention] = []
    role_mentions: list[_Mention] = []
    pronouns: list[_Mention] = []
    role_parts: set[tuple[int, int]] = set()
    for ai, article in enumerate(articles):
        at = _TokenIndex.of(article.tokens)
        for mi, m in enumerate(article.entities):
            if _is_role_before_name(m, mi, article):
                role_parts.add((ai, mi))
                role_mentions.append(_Mention(ai, mi, m, m.text))
                continue
            if m.source in ("role", "pronoun"):
                (role_mentions if m.source == "role" else pronouns).append(
                    _Mention(ai, mi, m, m.text)
                )
                continue
            base = _strip_titles(_genitive_base(m.text, known))
            if base == m.text and _is_genitive_full_name(m, article, at):
                base = m.text[:-1]
            record = _Mention(ai, mi, m, base, label=_corrected_label(m, base, surnames))
            metonym = metonyms.get(base)
            if (
                metonym
                and record.label in ("LOC", "ORG")
                and _is_metonymic(m, metonym, article, at)
            ):
                record.metonym = metonym
            named.append(record)

    _vote_labels(named)
    groups = _group_people([r for r in named if r.label == "PER" and not r.metonym])
    groups += _group_others([r for r in named if r.label != "PER" or r.metonym], groups)
    entities, entity_of = _build_entities(articles, groups)
    _attach_roles(articles, role_mentions, entities, entity_of)
    _link_pronouns(articles, pronouns, entities, entity_of)

    metonymic = {(r.article, r.index) for r in named if r.metonym}
    # the label the corpus settled on ("Fox News" ORG everywhere); a metonym keeps its own
    corrected = {(r.article, r.index): r.label for r in named if not r.metonym}
    for ai, article in enumerate(articles):
        updated = []
        for mi, m in enumerate(article.entities):
            target = entity_of.get((ai, mi))
            if target is None:
                if m.source != "pronoun":
                    updated.append(m)  # a lone role phrase no person could be tied to (yet)
                continue
            source = "metonym" if (ai, mi) in metonymic else m.source.replace("metonym", "ner")
            if (ai, mi) in role_parts:
                source = "role"
            label = corrected.get((ai, mi), m.label)
            updated.append(replace(m, entity=target, source=source, label=label))
        article.entities = updated
    return sorted(entities.values(), key=lambda e: (-e.mentions, e.name))


def _group_people(people: list[_Mention]) -> list[_Group]:
    full: dict[str, list[_Group]] = defaultdict(list)
    bare: list[_Mention] = []
    for record in sorted(people, key=lambda r: -len(r.base.split())):
        words = record.base.split()
        if len(words) == 1:
            bare.append(record)
            continue
        surname_key = name_key(words[-1])
        for group in full[surname_key]:
            if given_names_agree(group.given, words[:-1]):
                group.members.append(record)
                break
        else:
            full[surname_key].append(_Group("PER", [record], words[:-1], surname_key))
    groups = [g for gs in full.values() for g in gs]
    lone: dict[str, _Group] = {}
    for record in bare:
        key = name_key(record.base)
        candidates = full.get(key, [])
        in_article = [g for g in candidates if any(m.article == record.article for m in g.members)]
        if len(in_article) == 1:
            in_article[0].members.append(record)
        elif len(candidates) == 1:
            candidates[0].members.append(record)
        else:
            lone.setdefault(key, _Group("PER", [], [], key)).members.append(record)
    return groups + list(lone.values())


def _place_key(name: str) -> str | None:
    """Countries are keyed by ISO code, so that USA, US and Vereinigte Staaten are one place."""
    kind, code = lexicon().places.get(name, ("", ""))
    return f"country:{code}" if kind == "country" and code else None


def _group_others(records: list[_Mention], people: list[_Group]) -> list[_Group]:
    """Places, organisations, works; derived forms join their place, parts their head."""
    lex = lexicon()
    by_key: dict[str, _Group] = {}
    person_by_surname = {g.surname_key: g for g in people if g.given}
    derived: list[_Mention] = []
    for record in records:
        label = record.label
        if record.metonym:
            # keyed like a name, so that "Brüssel" joins "Europäische Union" where it occurs
            key = name_key(record.metonym.stands_for)
            by_key.setdefault(key, _Group("ORG")).members.append(record)
        elif label.endswith(("deriv", "part")):
            derived.append(record)
        else:
            name = record.base
            if label == "ORG":
                name = organisation_aliases().get(name, name)  # "EU" is "Europäische Union"
            key = (label != "OTH" and _place_key(name)) or name_key(name)
            by_key.setdefault(key, _Group(label)).members.append(record)
    for record in derived:
        text = record.mention.text
        # "russische" -> Russland, "US-Präsident" -> US, "Putin-Regierung" -> Putin
        head = lex.demonym(text) or text.split("-")[0]
        key = _place_key(head) or name_key(head)
        if head in lex.metonyms and lex.metonyms[head].always:  # "Kreml-Sprecher"
            key = name_key(lex.metonyms[head].stands_for)
        target = by_key.get(key) or person_by_surname.get(name_key(head))
        if target is None and head in lex.places:
            name = _country_name(head) if _place_key(head) else head
            target = by_key.setdefault(key, _Group("LOC", given=[name]))
        if target is None:
            target = by_key.setdefault(name_key(text), _Group(record.label))
        target.members.append(record)
    return [g for g in by_key.values() if g.members]


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


def _canonical(group: _Group) -> tuple[str, str]:
    """Name and label of a group: the most frequent fullest nominative form, majority label."""
    metonym = next((r.metonym for r in group.members if r.metonym), None)
    if metonym:
        return metonym.stands_for, "ORG"
    full_labels = [r.label for r in group.members if r.label in ("PER", "ORG", "LOC", "OTH")]
    label = Counter(full_labels).most_common(1)[0][0] if full_labels else group.label
    forms = Counter(
        r.base for r in group.members if r.label == label and r.base == r.mention.text
    ) or Counter(r.base for r in group.members if r.label == label)
    if not forms:
        name = group.given[0] if group.given else group.members[0].mention.text
        return name, label.removesuffix("deriv").removesuffix("part") or "LOC"
    longest = max(len(f.split()) for f in forms)
    name = max((f for f in forms if len(f.split()) == longest), key=lambda f: (forms[f], f))
    return name, label


def _build_entities(
    articles: list[Article], groups: list[_Group]
) -> tuple[dict[str, Entity], dict[tuple[int, int], str]]:
    entities: dict[str, Entity] = {}
    entity_of: dict[tuple[int, int], str] = {}
    for group in groups:
        name, label = _canonical(group)
        prefix = "gov" if any(r.metonym for r in group.members) else label.lower()
        entity_id = f"{prefix}:{_slug(name)}"
        n = 2
        while entity_id in entities:
            entity_id = f"{prefix}:{_slug(name)}-{n}"
            n += 1
        entity = Entity(entity_id, name, label)
        # "Putins" is how the name is written; "russische", "Ukraine-Krieg" are other words
        derived = [r for r in group.members if r.label.endswith(("deriv", "part"))]
        named = [r for r in group.members if not r.label.endswith(("deriv", "part"))]
        entity.variants = _by_frequency(r.mention.text for r in named)
        entity.forms = _by_frequency(r.mention.text for r in derived)
        entity.mentions = len(group.members)
        per_outlet: Counter[str] = Counter(
            articles[r.article].outlet or "unknown" for r in group.members
        )
        entity.mentions_per_outlet = dict(sorted(per_outlet.items()))
        for r in group.members:
            entity_of[(r.article, r.index)] = entity_id
            if r.metonym:
                _add_role(entity, f"Metonymie: {r.mention.text}", articles[r.article])
        entities[entity_id] = entity
    return entities, entity_of


def _by_frequency(texts: Iterable[str]) -> list[str]:
    counts = Counter(texts)
    return sorted(counts, key=lambda v: (-counts[v], v))


def _add_role(entity: Entity, role: str, article: Article) -> None:
    record = {"role": role, "article": article.id, "date": article.published}
    if record not in entity.roles:
        entity.roles.append(record)


def _attach_roles(
    articles: list[Article],
    role_mentions: list[_Mention],
    entities: dict[str, Entity],
    entity_of: dict[tuple[int, int], str],
) -> None:
    holders: dict[tuple[int, str], set[str]] = defaultdict(set)  # (article, key) -> entities
    corpus_holders: dict[str, set[str]] = defaultdict(set)
    affiliations: dict[str, Counter[str]] = defaultdict(Counter)
    lone: list[tuple[_Mention, RoleStatement]] = []
    for record in role_mentions:
        article = articles[record.article]
        statement = parse_role(record.mention.text)
        if statement is None:
            continue
        person = _apposed_person(article, record, entity_of, entities)
        if person is None:
            lone.append((record, statement))
            continue
        entity_of[(record.article, record.index)] = person
        _add_role(entities[person], statement.role, article)
        holders[(record.article, statement.key)].add(person)
        corpus_holders[statement.key].add(person)
        if statement.affiliation:
            affiliations[person][statement.affiliation] += 1
    for person, counts in affiliations.items():
        entities[person].affiliation = counts.most_common(1)[0][0]

    def fitting(candidates: set[str], affiliation: str) -> set[str]:
        """Holders of that nationality first, else those of unknown nationality."""
        if not affiliation:
            return candidates
        same = {c for c in candidates if entities[c].affiliation == affiliation}
        return same or {c for c in candidates if entities[c].affiliation is None}

    for record, statement in lone:
        # the holders in the same article first, else those in the corpus
        candidates = fitting(
            holders.get((record.article, statement.key), set()), statement.affiliation
        ) or fitting(corpus_holders.get(statement.key, set()), statement.affiliation)
        if len(candidates) == 1:
            person = next(iter(candidates))
            entity_of[(record.article, record.index)] = person
            _count_mention(entities[person], articles[record.article])


def _link_pronouns(
    articles: list[Article],
    pronouns: list[_Mention],
    entities: dict[str, Entity],
    entity_of: dict[tuple[int, int], str],
) -> None:
    female = _women(entities)
    for record in sorted(pronouns, key=lambda r: (r.article, r.mention.start)):
        article = articles[record.article]
        pronoun = record.mention
        sentence = next(
            (i for i, s in enumerate(article.sentences) if s.start <= pronoun.start < s.end), None
        )
        if sentence is None:
            continue
        window_start = article.sentences[max(sentence - 1, 0)].start
        people = {
            entity_of[(record.article, mi)]
            for mi, m in enumerate(article.entities)
            if window_start <= m.start < pronoun.start
            and (record.article, mi) in entity_of
            and entities[entity_of[(record.article, mi)]].label == "PER"
            and not _inside_quotation(article.text, m.start)
        }
        # "sie" only for a woman, "er" never for one
        wants_female = pronoun.text.lower() == "sie"
        people = {p for p in people if (p in female) == wants_female}
        if len(people) == 1:
            person = people.pop()
            entity_of[(record.article, record.index)] = person
            _count_mention(entities[person], article)


def _women(entities: dict[str, Entity]) -> set[str]:
    """People the text shows to be women: a female given name ("Henrike Valstad") or a
    feminine role noun ("die Außenministerin")."""
    lex = lexicon()
    women = set()
    for entity in entities.values():
        if entity.label != "PER":
            continue
        given = {v.split()[0] for v in entity.variants if len(v.split()) > 1}
        role_words = {w for r in entity.roles for w in r["role"].split()}
        if given & lex.female_first_names or any(
            w.lower().endswith("in") and lex.role(w) for w in role_words
        ):
            women.add(entity.id)
    return women


_QUOTE_MARKS = frozenset('„“”"»«')


def _inside_quotation(text: str, offset: int) -> bool:
    """Is the offset within quotation marks (counted from the start of its paragraph)?

    "… beim Besuch von Herrn X", sagte er: X is named inside the quote, so "er" is not X.
    """
    paragraph_start = text.rfind("\n", 0, offset) + 1
    return sum(c in _QUOTE_MARKS for c in text[paragraph_start:offset]) % 2 == 1


def _count_mention(entity: Entity, article: Article) -> None:
    entity.mentions += 1
    outlet = article.outlet or "unknown"
    entity.mentions_per_outlet[outlet] = entity.mentions_per_outlet.get(outlet, 0) + 1


def _apposed_person(
    article: Article,
    record: _Mention,
    entity_of: dict[tuple[int, int], str],
    entities: dict[str, Entity],
) -> str | None:
    """The person a role phrase stands next to: "Kremlsprecher X" or "X, (der) Leiter ..."."""
    text = article.text
    role = record.mention
    people = [
        (m, entity_of[(record.article, mi)])
        for mi, m in enumerate(article.entities)
        if m.source != "role"
        and (record.article, mi) in entity_of
        and entities[entity_of[(record.article, mi)]].label == "PER"
    ]
    # a role right before a name is that person's, even when it also follows another name:
    # "Finanzminister A, Verteidigungsminister B"
    for m, target in people:
        if m.start >= role.end and not text[role.end : m.start].strip():
            return target
    for m, target in people:
        if m.end <= role.start and _APPOSITION_GAP.fullmatch(text[m.end : role.start]):
            return target
    return None
