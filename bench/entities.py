"""Entity resolution quality (pairwise precision/recall), speed and model load time.

Gold: bench/data/entities-gold.jsonl (short German texts we wrote, every mention tied to a gold
entity) plus articles generated here from name variants (transliterations, inflections, partial
names, role mentions, and people who share a surname). Two settings:

- resolution: the gold mentions are given, only ``resolve`` is measured;
- end to end: the tagger finds the mentions; a gold mention it misses counts as unresolved.

Pairwise: over all pairs of gold mentions, a pair is predicted together when both got the same
entity id. Speed (CPU time) is measured on the Wikinews texts of ../shared/eval/quotes-de/dev.jsonl
against the linguistic stage on the same texts; load time in a fresh interpreter.

The entity list (what an analyst scans first) is measured against gold written by reading
(``bench/data/entity-list-*.jsonl``): every named entity of the demo corpus, of the five seeds
and of the first 50 Wikinews articles of quotes-de dev, with all its mentions as character
offsets into the analysed text (ids, offsets, labels and names only: no text of ../shared). A
mention is a name standing as a word of its own ("Putins", "Kreml"; not the "Putin" inside
"Putin-Regierung"); seats of power and capitals acting as a government ("der Kreml", "Moskau
erklärte") are mentions of that government. See ``entity_list`` for how the figures are counted.
    python3 bench/entities.py               # everything
    python3 bench/entities.py --list-only   # only the entity-list figures (add --json FILE)
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import lagebild
from lagebild import demo
from lagebild.corpus.entities import resolve
from lagebild.model import Article, Entity, EntityMention
from lagebild.stages import entities, linguistic

BENCH = Path(__file__).resolve().parent
GOLD = BENCH / "data" / "entities-gold.jsonl"
SHARED = BENCH.parents[1] / "shared"
SPEED_CORPUS = SHARED / "eval" / "quotes-de" / "dev.jsonl"
SEEDS = SHARED / "corpus" / "seeds"
LIST_GOLD = {
    name: BENCH / "data" / f"entity-list-{name}.jsonl" for name in ("demo", "seeds", "wikinews")
}
WIKINEWS_ARTICLES = 50

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
        "entities.lexicon(); entities.tagger(); print(time.perf_counter() - t)"
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


def _list_corpus(name: str) -> tuple[dict[str, Article], list[Entity]] | None:
    """The analysed articles of one gold set, keyed as the gold keys them, and their entities."""
    if name == "demo":
        corpus = lagebild.analyze(
            [str(path) for path in demo.input_paths()],
            outlets_file=str(demo.OUTLETS_FILE),
            stages=("linguistic", "entities"),
        )
        return {a.source.rsplit("/", 1)[-1]: a for a in corpus.articles}, corpus.entities
    if name == "seeds":
        if not SEEDS.is_dir():
            return None
        corpus = lagebild.analyze([str(SEEDS)], stages=("linguistic", "entities"))
        return {a.source.rsplit("/", 1)[-1][:3]: a for a in corpus.articles}, corpus.entities
    if not SPEED_CORPUS.exists():
        return None
    articles = {}
    for line in SPEED_CORPUS.read_text(encoding="utf-8").splitlines()[:WIKINEWS_ARTICLES]:
        doc = json.loads(line)
        art = Article(doc["id"], doc["title"], doc["text"], published=doc["published"])
        linguistic.annotate(art)
        entities.annotate(art)
        articles[doc["id"]] = art
    return articles, resolve(list(articles.values()))


def _anchored(text: str, start: int, end: int, form: str) -> tuple[int, int]:
    """The gold span in the analysed text: where it was written, or the nearest occurrence of
    its form if cleaning has moved the text since (a gold form that is gone is an error)."""
    if text[start:end] == form:
        return start, end
    found = [i for i in range(len(text)) if text.startswith(form, i)]
    if not found:
        raise ValueError(f"gold mention {form!r} at {start} is not in the analysed text")
    nearest = min(found, key=lambda i: abs(i - start))
    return nearest, nearest + len(form)


def entity_list(name: str, show: bool = False) -> dict | None:
    """Mention recall and entity-list precision of one gold set.

    A system entity stands for the gold entity most of its mentions overlap (mentions of the
    tagger, gazetteer or metonymy rules; roles and pronouns are not counted). The entity list is
    precise where every entity stands for a gold entity, once: an entity no gold mention
    overlaps is junk ("Beisein Selenskijs", "russisch-amerikanischen"), unless it is made only of
    derived words that resolved to a named place ("britischen" -> Vereinigtes Königreich); a
    second entity standing for the same gold entity is a split ("Amerika" beside the USA).
    Mention recall counts a gold mention found when a mention overlapping it belongs to an
    entity standing for its gold entity; "known" entities are those the list has at all.
    """
    analysed = _list_corpus(name)
    if analysed is None:
        return None
    articles, corpus_entities = analysed
    gold_docs = [json.loads(line) for line in LIST_GOLD[name].read_text().splitlines() if line]
    gold_mentions: list[tuple[str, int, int, str]] = []  # (doc, start, end, gold entity)
    for doc in gold_docs:
        text = articles[doc["doc"]].text
        for entity in doc["entities"]:
            for start, end, form in entity["mentions"]:
                s, e = _anchored(text, start, end, form)
                gold_mentions.append((doc["doc"], s, e, entity["name"]))
    by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for doc, s, e, gold in gold_mentions:
        by_doc[doc].append((s, e, gold))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    system: dict[str, tuple[str, set[str], set[str]]] = {}  # id -> (name, labels, texts)
    names = {e.id: e.name for e in corpus_entities}
    labels = {e.id: e.label for e in corpus_entities}
    for key, art in articles.items():
        for m in art.entities:
            if not m.entity or m.source in ("role", "pronoun"):
                continue
            _, mention_labels, texts = system.setdefault(
                m.entity, (names.get(m.entity, m.text), set(), set())
            )
            mention_labels.add(m.label)
            texts.add(m.text)
            for s, e, gold in by_doc.get(key, ()):
                if s < m.end and m.start < e:
                    votes[m.entity][gold] += 1
    stands_for = {eid: v.most_common(1)[0][0] for eid, v in votes.items()}
    main_entity: dict[str, str] = {}
    for eid, gold in stands_for.items():
        if gold not in main_entity or votes[eid][gold] > votes[main_entity[gold]][gold]:
            main_entity[gold] = eid
    junk = [
        eid
        for eid, (ename, mention_labels, texts) in system.items()
        if eid not in stands_for
        and (not all(x.endswith(("deriv", "part")) for x in mention_labels) or ename in texts)
    ]
    derived_places = [eid for eid in system if eid not in stands_for and eid not in junk]
    splits = [eid for eid, gold in stands_for.items() if main_entity[gold] != eid]
    listed = len(system)
    found = known = 0
    missed = []
    for doc, s, e, gold in gold_mentions:
        if gold not in main_entity:
            continue
        known += 1
        hit = any(
            m.entity
            and m.source not in ("role", "pronoun")
            and stands_for.get(m.entity) == gold
            and s < m.end
            and m.start < e
            for m in articles[doc].entities
        )
        found += hit
        if not hit:
            missed.append(f"{doc}:{articles[doc].text[s:e]}")
    gold_entities = {gold for _, _, _, gold in gold_mentions}
    result = {
        "articles": len(gold_docs),
        "gold_entities": len(gold_entities),
        "gold_mentions": len(gold_mentions),
        "entities_listed": listed,
        "junk": len(junk),
        "splits": len(splits),
        "derived_places": len(derived_places),
        "list_precision": (listed - len(junk) - len(splits)) / listed if listed else 0.0,
        "entity_recall": len(main_entity) / len(gold_entities) if gold_entities else 0.0,
        "known_mentions": known,
        "mention_recall_known": found / known if known else 0.0,
        "mention_recall_all": found / len(gold_mentions) if gold_mentions else 0.0,
    }
    if show:
        result["junk_names"] = sorted(f"{labels.get(e)} {system[e][0]}" for e in junk)
        result["split_names"] = sorted(
            f"{labels.get(e)} {system[e][0]} (= {stands_for[e]})" for e in splits
        )
        result["missed_entities"] = sorted(gold_entities - set(main_entity))
        result["missed_mentions"] = missed
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list-only", action="store_true", help="only the entity-list figures")
    parser.add_argument("--show", action="store_true", help="list junk, splits and misses")
    parser.add_argument("--json", metavar="FILE", help="write the entity-list figures as JSON")
    args = parser.parse_args()
    figures = {}
    print("entity list (gold written by reading):")
    print(
        "| gold set | articles | gold entities | listed | junk | splits | list P | "
        "entity R | mention R (known) | mention R (all) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in LIST_GOLD:
        r = entity_list(name, args.show)
        if r is None:
            print(f"| {name} | (../shared not present) |")
            continue
        figures[name] = r
        print(
            f"| {name} | {r['articles']} | {r['gold_entities']} | {r['entities_listed']} | "
            f"{r['junk']} | {r['splits']} | {r['list_precision']:.3f} | "
            f"{r['entity_recall']:.3f} | {r['mention_recall_known']:.3f} | "
            f"{r['mention_recall_all']:.3f} |"
        )
    if args.show:
        for name, r in figures.items():
            for key in ("junk_names", "split_names", "missed_entities", "missed_mentions"):
                print(f"{name} {key}: {'; '.join(r[key])}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    if args.list_only:
        return 0
    print()
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
