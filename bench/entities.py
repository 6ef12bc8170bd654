"""Entity resolution quality (pairwise precision/recall), speed and model load time.

Gold: bench/data/entities-gold.jsonl (short German texts we wrote, every mention tied to a gold
entity) plus articles generated here from name variants (transliterations, inflections, partial
names, role mentions, and people who share a surname). Two settings:

- resolution: the gold mentions are given, only ``resolve`` is measured;
- end to end: the tagger finds the mentions; a gold mention it misses counts as unresolved.

Pairwise: over all pairs of gold mentions, a pair is predicted together when both got the same
entity id. Speed (CPU time) is measured on the Wikinews texts of ../shared/eval/quotes-de/dev.jsonl
against the linguistic stage on the same texts; load time in a fresh interpreter.
    python3 bench/entities.py
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path

from lagebild.corpus.entities import resolve
from lagebild.model import Article, EntityMention
from lagebild.stages import entities, linguistic

BENCH = Path(__file__).resolve().parent
GOLD = BENCH / "data" / "entities-gold.jsonl"
SPEED_CORPUS = BENCH.parents[1] / "shared" / "eval" / "quotes-de" / "dev.jsonl"

# (gold id, full names, bare or inflected forms, role phrase or "", role holder sentence)
PEOPLE = [
    ("lawrow", ["Sergej Lawrow", "Sergei Lavrov", "Sergej Lavrov"], ["Lawrow", "Lavrov"]),
    ("peskow", ["Dmitri Peskow", "Dimitri Peskow", "Dmitri Peskov"], ["Peskow", "Peskows"]),
    ("selenskyj", ["Wolodymyr Selenskyj", "Wolodimir Selenskij"], ["Selenskyj", "Zelensky"]),
    ("putin", ["Wladimir Putin"], ["Putin", "Putins"]),
    ("trump", ["Donald Trump"], ["Trump", "Trumps"]),
    ("k-wagner", ["Karin Wagner"], []),
    ("m-wagner", ["Martin Wagner"], []),
]
OPENINGS = [
    "{full} äußerte sich am Morgen zu den Gesprächen.",
    "Am Abend meldete sich {full} zu Wort.",
    "Nach Angaben von {full} gibt es noch keine Einigung.",
]
FOLLOWS = [
    "{bare} sprach von einem wichtigen Schritt.",
    "Die Erklärung {bare} blieb vage.",
    "Später betonte {bare}, man bleibe im Gespräch.",
]
OUTLETS = ["Morgenblatt", "Abendpost", "Wochenschau"]


def generated(count: int = 40) -> list[dict]:
    """Articles of two people each, full name first, then a bare or inflected form."""
    rng = random.Random(7)
    docs = []
    for n in range(count):
        text = ""
        mentions = []
        for gold, fulls, bares in rng.sample(PEOPLE, 2):
            full = rng.choice(fulls)
            sentence = rng.choice(OPENINGS).format(full=full)
            text += sentence + " "
            mentions.append([full, gold, "PER", "ner"])
            if bares and not any(m[1].endswith("wagner") for m in mentions):
                bare = rng.choice(bares)
                template = rng.choice(FOLLOWS)
                if "Erklärung" in template and not bare.endswith("s"):
                    template = FOLLOWS[0]
                text += template.format(bare=bare) + " "
                mentions.append([bare, gold, "PER", "ner"])
        docs.append(
            {
                "id": f"gen{n:02d}",
                "outlet": OUTLETS[n % 3],
                "published": f"2025-09-{n % 28 + 1:02d}",
                "text": text.strip(),
                "mentions": mentions,
            }
        )
    return docs


def load_gold() -> list[dict]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()] + generated()


def gold_spans(doc: dict) -> list[tuple[int, int, str, str, str]]:
    spans, position = [], 0
    for text, gold, label, source in doc["mentions"]:
        start = doc["text"].index(text, position)
        spans.append((start, start + len(text), gold, label, source))
        position = start + len(text)
    return spans


def build(doc: dict, given_mentions: bool) -> Article:
    art = Article(doc["id"], doc["id"], doc["text"], published=doc["published"])
    art.outlet = doc["outlet"]
    linguistic.annotate(art)
    if given_mentions:
        art.entities = [
            EntityMention(s, e, doc["text"][s:e], label, source=source)
            for s, e, _, label, source in gold_spans(doc)
        ]
    else:
        entities.annotate(art)
    return art


def pairwise(docs: list[dict], articles: list[Article]) -> dict[str, float]:
    items = []  # (gold entity, predicted entity or a unique miss marker)
    found = 0
    for doc, art in zip(docs, articles, strict=True):
        predicted = {(m.start, m.end): m.entity for m in art.entities if m.entity}
        for s, e, gold, _, _ in gold_spans(doc):
            entity = predicted.get((s, e))
            found += entity is not None
            items.append((gold, entity or f"miss:{doc['id']}:{s}"))
    same_gold = same_pred = both = 0
    for (g1, p1), (g2, p2) in combinations(items, 2):
        same_gold += g1 == g2
        same_pred += p1 == p2
        both += g1 == g2 and p1 == p2
    precision = both / same_pred if same_pred else 0.0
    recall = both / same_gold if same_gold else 0.0
    return {
        "mentions": len(items),
        "found": found,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }


def load_time() -> float:
    code = (
        "import time; t = time.perf_counter(); from lagebild.stages import entities; "
        "entities.lexicon(); entities._tagger(); print(time.perf_counter() - t)"
    )
    return float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )


def speed() -> dict[str, float] | None:
    if not SPEED_CORPUS.exists():
        return None
    articles = []
    for line in SPEED_CORPUS.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        articles.append(Article(doc["id"], doc["id"], doc["text"], published=doc["published"]))
    # CPU time of this process: steadier than wall time on a shared machine
    started = time.process_time()
    for art in articles:
        linguistic.annotate(art)
    linguistic_s = time.process_time() - started
    started = time.process_time()
    for art in articles:
        entities.annotate(art)
    resolve(articles)
    entities_s = time.process_time() - started
    words = sum(a.words for a in articles)
    return {
        "articles": len(articles),
        "words": words,
        "linguistic_wps": words / linguistic_s,
        "entities_wps": words / entities_s,
        "added": entities_s / linguistic_s,
    }


def main() -> int:
    docs = load_gold()
    print(f"gold: {len(docs)} articles ({len(docs) - 40} written, 40 generated)")
    print("| setting | mentions | found | pairwise P | pairwise R | F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, given in (("resolution (gold mentions)", True), ("end to end (tagger)", False)):
        articles = [build(doc, given) for doc in docs]
        resolve(articles)
        r = pairwise(docs, articles)
        print(
            f"| {name} | {r['mentions']} | {r['found']} | {r['precision']:.3f} | "
            f"{r['recall']:.3f} | {r['f1']:.3f} |"
        )
    print(f"\nmodel + lexicon load time: {load_time():.2f} s")
    measured = speed()
    if measured:
        print(
            f"speed on {measured['articles']} Wikinews articles ({measured['words']} words): "
            f"linguistic {measured['linguistic_wps']:.0f} words/s, entities stage + resolve "
            f"{measured['entities_wps']:.0f} words/s, i.e. +{measured['added']:.0%} on top of "
            "the linguistic stage"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
