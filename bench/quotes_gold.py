"""The German quotation gold (../shared/eval/quotes-de) as analysed lagebild articles.

Shared by ``bench/quotes.py`` (measure) and ``bench/train_quotes.py`` (train). The gold texts
need no cleaning: each becomes an :class:`Article` run through the stages the quote stage follows
in the default pipeline (linguistic, entities), so that the benchmark measures what users get. The
analysed articles can be cached in a pickle so that tuning runs do not re-tag the same texts.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from pathlib import Path

from lagebild.model import Article
from lagebild.stages import entities, linguistic

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD_DIR = SHARED / "eval" / "quotes-de"

# gold type -> ours
TYPE_MAP = {
    "Direct": "direct",
    "Indirect": "indirect",
    "Reported": "reported",
    "FreeIndirect": "free_indirect",
    "IndirectFreeIndirect": "free_indirect",
}


@dataclass(frozen=True)
class GoldQuote:
    type: str  # ours (TYPE_MAP)
    gold_type: str
    nested: bool
    parts: tuple[tuple[int, int], ...]
    speaker: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    addressee: tuple[tuple[int, int], ...]


def _spans(raw: list[list[int]]) -> tuple[tuple[int, int], ...]:
    return tuple((b, e) for b, e in raw if e > b)


def texts(split: str) -> list[tuple[str, str]]:
    """(id, text) of every article of ``split``, untouched."""
    with (GOLD_DIR / f"{split}.jsonl").open(encoding="utf-8") as fh:
        return [(record["id"], record["text"]) for record in map(json.loads, fh)]


def load(
    split: str, cache_dir: Path | None = None, reference_tags: bool = False
) -> list[tuple[Article, list[GoldQuote]]]:
    """The articles of ``split`` ("train" or "dev") with their gold quotes, tagged.

    ``reference_tags``: POS tags and lemmas from HanTa, the reference tagger, whatever the
    linguistic stage's default, for training (see ``bench/train_quotes.py``)."""
    name = f"quotes-{split}-tokens-entities{'-hanta' if reference_tags else ''}.pickle"
    cache = cache_dir / name if cache_dir else None
    if cache and cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)
    items = []
    with (GOLD_DIR / f"{split}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            article = Article(id=record["id"], source=record["id"], text=record["text"])
            article.title = record.get("title")
            article.published = record.get("published")
            if reference_tags:
                import hanta

                hanta.annotate(article)
            else:
                linguistic.annotate(article)
            entities.annotate(article)  # the quote stage runs after it in the default pipeline
            quotes = [
                GoldQuote(
                    type=TYPE_MAP[q["type"]],
                    gold_type=q["type"],
                    nested=bool(q["nested"]),
                    parts=_spans(q["quote"]),
                    speaker=_spans(q["speaker"]),
                    cue=_spans(q["cue"]),
                    addressee=_spans(q["addressee"]),
                )
                for q in record["quotes"]
                if _spans(q["quote"])
            ]
            items.append((article, quotes))
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as fh:
            pickle.dump(items, fh)
    return items
