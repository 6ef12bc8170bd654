"""Named entities: a CRF tagger trained on GermEval 2014, gazetteers and a role lexicon.

The tagger labels tokens with the GermEval outer labels (PER, ORG, LOC, OTH and their ``deriv``
and ``part`` forms) in IOB form; its features are the word, its shape and affixes, the linguistic
stage's POS tag and lemma (the model is trained on them), the neighbours, word clusters learnt
from unlabelled news text, membership in the place, first-name and demonym lists of
``data/de`` (also as the base of an inhabitant noun, "Fürther"), and in the family and given
names of many countries that the Faker package carries (locales in ``name_locales.tsv``).
Mentions it finds carry source ``ner``.

Role phrases ("Kremlsprecher", "der russische Chefdiplomat", ", Leiter des Fonds,") are emitted
as extra mentions with label ``PER`` and source ``role``; the corpus-level resolution attaches
them to the person they stand next to or, standing alone, resolves them to the person who holds
that role. The pronoun "er" is emitted with source ``pronoun`` for the resolution to link or
drop. Seats of power the tagger missed ("der Kreml") come from ``metonyms.tsv`` with source
``gazetteer``. Only the ``ner`` mentions are what GermEval measures.
"""

from __future__ import annotations

from ...model import Article
from ..registry import stage
from .consistency import document_mentions
from .extra import (
    known_name_mentions,
    pronoun_mentions,
    role_mentions,
    seat_of_power_mentions,
)
from .features import sentence_features
from .resources import (
    CLUSTER_FILE,
    DATA,
    MODEL_FILE,
    Lexicon,
    Metonym,
    Role,
    derivation,
    given_name_rows,
    lexicon,
    place_of_derived,
)
from .tagging import iob_spans, ner_mentions, tag, tagger

__all__ = [
    "CLUSTER_FILE",
    "DATA",
    "MODEL_FILE",
    "Lexicon",
    "Metonym",
    "Role",
    "annotate",
    "derivation",
    "given_name_rows",
    "iob_spans",
    "lexicon",
    "place_of_derived",
    "sentence_features",
    "tag",
    "tagger",
]


@stage("entities", needs=("sentences", "tokens"), adds=("entities",))
def annotate(article: Article) -> None:
    named = ner_mentions(article)
    named += document_mentions(article, named)
    known, replaced = known_name_mentions(article, named)
    named = [m for m in named if m not in replaced] + known
    named += seat_of_power_mentions(article, named)
    found = [*named, *role_mentions(article, named), *pronoun_mentions(article)]
    article.entities = sorted(found, key=lambda m: (m.start, -m.end))
