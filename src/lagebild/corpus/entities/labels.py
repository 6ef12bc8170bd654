"""One name, one label: known organisations and places, the vote, metonymic uses."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache

from ...lang.de import word_set
from ...model import Article, EntityMention, Token
from ...resources import data_path, read_rows, shipped_tsv
from ...stages.entities import Metonym, lexicon
from .names import TokenIndex, name_key
from .records import Record

_LOCATIVE = word_set("prepositional_tags")
# what may stand between a subject and its verb: "Moskau seinerseits erinnere", "Moskau es ernst"
_BETWEEN_SUBJECT_AND_VERB = word_set("between_subject_and_verb_tags")

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


@cache
def generic_person_nouns() -> frozenset[str]:
    """Nouns that name a kind of speaker, not a person: an unnamed source, a group or a role
    ("Quelle", "Experten", "Sprecherin"), from ``speaker_words.tsv``."""
    kinds = ("anonymous", "group", "role")
    rows = read_rows(data_path("de/speaker_words.tsv"), 3, all_filled=True)
    return frozenset(word for _, (kind, word, _example) in rows if kind in kinds)


def is_generic_person_noun(m: EntityMention) -> bool:
    """A one-word person the tagger found that is a common noun: "eine dem Team vertraute
    Quelle erklärte" with "Quelle" read as a name. Not a name, so no entity."""
    return m.source == "ner" and m.label == "PER" and m.text in generic_person_nouns()


def corrected_label(m: EntityMention, base: str, surnames: set[str]) -> str:
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


def is_role_before_name(m: EntityMention, index: int, article: Article) -> bool:
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


def vote_labels(records: list[Record]) -> None:
    """Give every mention of a name the same label (see the module docstring).

    A name keeps two labels only when each article is consistent about it and both are well
    attested (a person in one story, a place in another: two things). Where one article carries
    both labels for the name, the tagger is unsure of it, not the name ambiguous ("Wir lassen uns
    von Drusnien nicht erpressen" read as a person beside "Drusnien weist das zurück"): the
    majority decides for all mentions, however close."""
    by_key: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record.metonym or record.label not in _FULL_LABELS:
            continue
        by_key[name_key(record.base)].append(record)
    for members in by_key.values():
        votes = Counter(r.label for r in members)
        if len(votes) < 2:
            continue
        (_, most), (_, second) = votes.most_common(2)
        one_each = most == second == 1 and len(votes) == 2
        if most < 2 * second and not one_each and not _mixed_in_an_article(members):
            continue  # two labels well attested, each article sure: likely two different things
        winner = max(votes, key=lambda label: (votes[label], -_TIE_ORDER.index(label)))
        for r in members:
            r.label = winner


def _mixed_in_an_article(members: list[Record]) -> bool:
    labels_in: dict[int, set[str]] = defaultdict(set)
    for r in members:
        labels_in[r.article].add(r.label)
    return any(len(labels) > 1 for labels in labels_in.values())


def is_metonymic(m: EntityMention, metonym: Metonym, article: Article, at: TokenIndex) -> bool:
    """Cities stand for their government when they act: "Moskau erklärte", "so Washington",
    "Moskau seinerseits erinnere", "dass Moskau es ernst meine", "Moskau und Washington
    seien …" (each of the two); after a preposition of dealings rather than of place ("für
    Moskau wichtig", "zwischen Moskau und Washington"); in the genitive of a noun that is no part
    of the city ("die Bemühungen Washingtons", "Moskaus Haltung"; not "im Zentrum Moskaus")."""
    if metonym.always:  # "im Kreml" too: for an analyst the seat and the government are one actor
        return True
    first, last = at.starts.get(m.start), at.ends.get(m.end)
    if first is None or last is None:
        return False
    tokens = article.tokens
    before = _in_sentence(tokens, first - 1, first)
    governing = _governing_word(tokens, first)
    if governing is not None and governing.pos in _LOCATIVE:
        return governing.text.lower() in word_set("government_prepositions")
    if m.text[-1:] == "s" and m.text[:-1] in lexicon().metonyms:
        after = _in_sentence(tokens, last + 1, last)
        if before is not None and before.pos == "$(":  # 'die „aufrichtigen Bemühungen“ Moskaus'
            before = _in_sentence(tokens, first - 2, first)
        noun = next((t for t in (before, after) if t is not None and t.pos == "NN"), None)
        if noun is not None:
            return noun.lemma.lower() not in word_set("place_nouns")
    if before is not None and (
        before.pos in word_set("finite_verb_tags") or before.text in word_set("attribution_adverbs")
    ):
        return True
    return _verb_follows(tokens, last + 1)


def _in_sentence(tokens: Sequence[Token], i: int, of: int) -> Token | None:
    """Token ``i`` if it exists and is in the sentence of token ``of``."""
    if 0 <= i < len(tokens) and tokens[i].sentence == tokens[of].sentence:
        return tokens[i]
    return None


def _governing_word(tokens: Sequence[Token], first: int) -> Token | None:
    """The word before a name, past a city coordinated with it: "zwischen" for Washington in
    "zwischen Moskau und Washington"."""
    i = first - 1
    if (
        i >= 2
        and tokens[i].text in word_set("additive_conjunctions")
        and tokens[i - 1].text in lexicon().metonyms
    ):
        i -= 2
    return _in_sentence(tokens, i, first)


def _verb_follows(tokens: Sequence[Token], i: int) -> bool:
    """Is the next word, past adverbs and pronouns ("seinerseits", "es ernst") or a second
    city joined by "und", a finite verb of the same sentence?"""
    sentence = tokens[i - 1].sentence
    for _ in range(4):
        if i >= len(tokens) or tokens[i].sentence != sentence:
            return False
        token = tokens[i]
        if token.pos in word_set("finite_verb_tags"):
            return True
        if (
            token.text in word_set("additive_conjunctions")
            and i + 1 < len(tokens)
            and tokens[i + 1].text in lexicon().metonyms
        ):
            i += 2
        elif token.pos in _BETWEEN_SUBJECT_AND_VERB:
            i += 1
        else:
            return False
    return False


_ABBREVIATION = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü0-9.&-]{1,9}")


def parenthesised_aliases(articles: list[Article]) -> dict[str, tuple[int, int]]:
    """Other names an article gives in brackets after a name: short forms ("Gewerkschaft der
    Polizei (GdP)", "Bundesgerichtshof (BGH)") and translations of the same label — key of the
    other name -> (article, mention index) of the name before the bracket."""
    aliases: dict[str, tuple[int, int]] = {}
    for ai, article in enumerate(articles):
        named = [
            (mi, m) for mi, m in enumerate(article.entities) if m.source not in ("role", "pronoun")
        ]
        for (mi, full), (_, short) in zip(named, named[1:], strict=False):
            between = article.text[full.end : short.start].strip(' „“”"»«')
            after = article.text[short.end : short.end + 1]
            if not full.label.startswith(("ORG", "LOC", "OTH")) or between not in ("(", ","):
                continue
            abbreviation = (  # not a dateline's agency: "Konstanz (ZPA)"; a listed
                after == ")"  # organisation the tagger read as a place still is one
                and (not full.label.startswith("LOC") or full.text in organisation_names())
                and _ABBREVIATION.fullmatch(short.text) is not None
                and len(full.text) > len(short.text) + 3
            )
            # "Nationale Umweltbehörde (National Environment Authority, NEA)": a translation
            translation = between == "(" and after in ",)" and short.label == full.label
            if abbreviation or (translation and len(short.text.split()) > 1):
                aliases.setdefault(name_key(short.text), (ai, mi))
    return aliases
