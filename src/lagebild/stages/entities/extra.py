"""Mentions besides the tagger's: role phrases, seats of power, the pronouns "er" and "sie"."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...lang.de import word_list, word_set
from ...model import Article, EntityMention, Token
from ...resources import shipped_tsv
from .resources import lexicon
from .tagging import by_sentence

_FULL_LABELS = frozenset(("PER", "ORG", "LOC", "OTH"))
_PHRASE_STOPS = frozenset(',;:()[]"„“”»«')
_MAX_COMPLEMENT = 10


def role_mentions(article: Article, taken: Sequence[EntityMention]) -> list[EntityMention]:
    """Role phrases: [adjectives] role noun [genitive or prepositional complement].

    "russische Außenminister", "US-Sondergesandter", "leitender Forscher am Institut für X",
    "Leiter des Fonds" (before a name: the complement stops where the name begins).
    """
    lex = lexicon()
    openers, function_tags = (
        word_set("role_complement_openers"),
        word_set("article_preposition_tags"),
    )
    text = article.text
    # "US-Präsident" is a LOCpart mention and a role at once; full names are never roles
    covered = {i for m in taken if m.label in _FULL_LABELS for i in range(m.start, m.end)}
    person_starts = {m.start for m in taken if m.label == "PER"}
    found = []
    for sent in by_sentence(article.tokens):
        for i, token in enumerate(sent):
            if token.pos != "NN" or token.start in covered or not lex.role(token.text):
                continue
            first = i
            while first > 0 and sent[first - 1].pos == "ADJA":
                first -= 1
            last = i
            if i + 1 < len(sent) and sent[i + 1].text in openers:
                j = i + 1
                while (
                    j < len(sent)
                    and j - i <= _MAX_COMPLEMENT
                    and sent[j].text not in _PHRASE_STOPS
                    and sent[j].start not in person_starts
                    and not sent[j].pos.startswith(word_list("verb_punctuation_tag_prefixes"))
                ):
                    j += 1
                last = j - 1
                while last > i and sent[last].pos in function_tags:
                    last -= 1
            start, end = sent[first].start, sent[last].end
            found.append(EntityMention(start, end, text[start:end], "PER", source="role"))
    return found


@cache
def _seats_of_power() -> tuple[dict[str, list[list[str]]], dict[str, list[list[str]]]]:
    """The seats of power of metonyms.tsv (those that always stand for their government): the
    names of several words by their first word, and the one-word names by each form a mention
    of them may take ("Kreml", "Kremls", "Kremles")."""
    longer: dict[str, list[list[str]]] = {}
    single: dict[str, list[list[str]]] = {}
    for name, metonym in lexicon().metonyms.items():
        if metonym.always:
            words = name.split()
            if len(words) > 1:
                longer.setdefault(words[0], []).append(words)
            else:
                for form in (name, name + "s", name + "es"):
                    single.setdefault(form, []).append(words)
    return longer, single


def seat_of_power_mentions(article: Article, taken: Sequence[EntityMention]) -> list[EntityMention]:
    """Seats of power the tagger missed ("der Kreml", "im Weißen Haus"), from metonyms.tsv.

    The tagger knows cities well but misses these often; they matter for grouping voices.
    """
    longer, single = _seats_of_power()
    covered = {i for m in taken for i in range(m.start, m.end)}
    text = article.text
    found = []
    for sent in by_sentence(article.tokens):
        words = [t.text for t in sent]
        for i, word in enumerate(words):
            if word not in longer and word not in single:
                continue
            for name in longer.get(word, []) + single.get(word, []):
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


def _singular_verb(token: Token | None) -> bool:
    """A finite verb in the singular: "sagte", "sei", "hat", "kann" — not "sagten", "sind"."""
    if token is None or token.pos not in word_set("finite_verb_tags"):
        return False
    word = token.text.lower()
    if word in word_set("plural_finite_verbs"):
        return False
    return not word.endswith("n") or word in word_set("singular_finite_verbs_in_n")


def _pronoun(token: Token, name: str) -> bool:
    """The token is the pronoun of the word set ``name``, written "er" or "Er" (not "ER")."""
    return token.pos == "PPER" and token.text.lower() in word_set(name) and not token.text.isupper()


def pronoun_mentions(article: Article) -> list[EntityMention]:
    """Every "er", and "sie" where a singular verb next to it shows it is one woman ("sie
    sagte", "betonte sie"; not "sie sagten", nor the polite "Sie" inside a sentence). The
    resolution links them to a person only where the text leaves no doubt."""
    tokens = article.tokens
    found = []
    for i, t in enumerate(tokens):
        if _pronoun(t, "pronoun_he"):
            found.append(EntityMention(t.start, t.end, t.text, "PER", source="pronoun"))
            continue
        first_in_sentence = i == 0 or tokens[i - 1].sentence != t.sentence
        if not _pronoun(t, "pronoun_she") or (t.text[0].isupper() and not first_in_sentence):
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before = None if first_in_sentence else tokens[i - 1]
        if _singular_verb(after) or _singular_verb(before):
            found.append(EntityMention(t.start, t.end, t.text, "PER", source="pronoun"))
    return found


# a word at least this frequent in German may be a common word ("puma" 3.3), not only a name
_COMMON_WORD_ZIPF = 3.0


@cache
def _known_names_by_first() -> dict[str, list[tuple[str, ...]]]:
    """Media and organisation names (``media.tsv``, ``organisations.tsv``) by their first word."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for file in ("de/media.tsv", "de/organisations.tsv"):
        for row in shipped_tsv(file, ("name", "kind")):
            words = tuple(row["name"].split())
            by_first.setdefault(words[0], []).append(words)
    for names in by_first.values():
        names.sort(key=len, reverse=True)
    return by_first


def _own_outlet(article: Article) -> tuple[str, ...] | None:
    """The words of the outlet that published the article, if it has a name of its own kind
    (capitalised or an acronym, so that "die welt" in a sentence is not the outlet Welt)."""
    if not article.outlet:
        return None
    words = tuple(article.outlet.split())
    return words if words[0][:1].isupper() else None


def _may_stand_alone(token: Token, own_outlet: bool = False) -> bool:
    """A one-word organisation name is taken where it cannot be the common word it also is
    ("Welt", "Union", "Bahn", "Puma"): an acronym, or a rare word the POS tagger reads as a
    name ("Wedomosti"); the article's own outlet also when written with a hyphen
    ("Bodensee-Rundschau") or in lowercase after its acronym ("(zpa)")."""
    if token.text.isupper() and len(token.text) > 1:
        return True
    if token.text in word_set("standalone_organisation_names"):  # "Taliban": never a common word
        return True
    if own_outlet and ("-" in token.text or (token.text.islower() and len(token.text) <= 5)):
        return True
    if token.pos != "NE":
        return False
    from wordfreq import zipf_frequency  # lazy: its import and table cost 0.7 s at start-up

    return zipf_frequency(token.text.lower(), "de") < _COMMON_WORD_ZIPF


def known_name_mentions(
    article: Article, taken: Sequence[EntityMention]
) -> tuple[list[EntityMention], list[EntityMention]]:
    """Names of media and organisations the tagger missed, cut short or mislabelled, from the
    word lists: (mentions to add, mentions they replace). "Fox" tagged as a person in "der
    Sender Fox News" becomes the outlet "Fox News"; an untagged "Wedomosti" becomes a mention
    (source ``gazetteer``). A name inside a longer mention ("NATO" in "NATO-Gipfel") is left
    alone."""
    by_first = _known_names_by_first()
    own = _own_outlet(article)
    if own:  # the article's own outlet: "sagte er der Bodensee-Rundschau", "(zpa)"
        by_first = {**by_first, own[0]: [own, *by_first.get(own[0], [])]}
    text = article.text
    added: list[EntityMention] = []
    replaced: list[EntityMention] = []
    for sent in by_sentence(article.tokens):
        words = [t.text for t in sent]
        if own and len(own) == 1:  # "(zpa)" for the agency ZPA
            words = [own[0] if w.upper() == own[0] else w for w in words]
        i = 0
        while i < len(sent):
            name = next(
                (n for n in by_first.get(words[i], ()) if tuple(words[i : i + len(n)]) == n),
                None,
            )
            if (
                name is None
                or (len(name) == 1 and not _may_stand_alone(sent[i], own_outlet=name == own))
                or name[0].lower()
                in word_set(
                    "nominative_definite_articles"
                )  # "Die Partei" at the start of a sentence
            ):
                i += 1
                continue
            start, end = sent[i].start, sent[i + len(name) - 1].end
            overlapping = [m for m in taken if m.start < end and start < m.end]
            already = any((m.start, m.end, m.label) == (start, end, "ORG") for m in overlapping)
            if not already and all(start <= m.start and m.end <= end for m in overlapping):
                replaced += overlapping
                mention = EntityMention(start, end, text[start:end], "ORG", source="gazetteer")
                added.append(mention)
            i += len(name)
    return added, replaced
