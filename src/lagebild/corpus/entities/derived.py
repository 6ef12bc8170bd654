"""Derived words and compounds: the place or name they are built on.

"russische" and "Pariser" derive from a place, "Putin-Regierung" and "UN-Mission" are
compounds on a name. A derived word counts for the place it comes from: first by the demonym
list ("russisch" → Russland), then by how German forms inhabitant nouns and adjectives
(``derivation.tsv``: "Pariser" → Paris, "Argentinier" → Argentinien), also from places only
this corpus names ("velmarischen" → Velmarien). A compound counts for its head when that head is
a name the corpus or the word lists know. What is built on nothing known is no entity: the
mention stays, without an entity, rather than listing "mutmaßlichen" or "TV-Sender".

A tagged name that is itself such a compound ("Alaska-Gipfel", "Human Rights Watch-Sprecher":
a known name, a hyphen, a common noun) is read the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from ...stages.entities import derivation

# a compound's tail at least this frequent in German is a common noun ("Gipfel" 4.3, "Sprecher"
# 4.4), not the second half of a name ("Richardson" 3.0, "Partenkirchen" 3.4)
_COMMON_NOUN_ZIPF = 3.5


def legal_forms() -> tuple[str, ...]:
    """Words that close a company name: "AG", "GmbH", "Inc."."""
    return derivation()["legal_form"]


def compound_head(text: str, is_known: Callable[[str], bool]) -> str | None:
    """The known name a tagged name is a compound on: "Alaska-Gipfel" → "Alaska"; None for a
    name with a hyphen of its own ("Elmendorf-Richardson", "Coca-Cola")."""
    head, hyphen, tail = text.rpartition("-")
    if not hyphen or not head or " " in tail or not tail[:1].isupper():
        return None
    from wordfreq import zipf_frequency  # lazy: its import and table cost 0.7 s at start-up

    if zipf_frequency(tail.lower(), "de") < _COMMON_NOUN_ZIPF or is_known(tail):
        return None
    return head if is_known(head) else None
