"""Benchmark of the timex stage: extraction P/R/F1, value accuracy, speed.

    python bench/timex.py                 # dev, test, test2, seeds and the TIMEX3 held-out parts
    python bench/timex.py --set train     # the set the rules were developed against
    python bench/timex.py --set timex3    # TIMEX3 gold: news and narrative, tune and held-out
    python bench/timex.py --set heldout   # TIMEX3 held-out parts only (tests/floors.toml)
    python bench/timex.py --set all       # all of them (BENCHMARKS.md)
    python bench/timex.py --errors        # also list every miss, spurious match and wrong value
    python bench/timex.py --speed         # time share of timex in the analysis

Gold sets are JSON Lines in bench/data: one document per line with ``text``, ``published``,
``genre`` and ``timexes`` ([start, end) spans with type, value, mod). All their texts were
written for lagebild: train (rules developed against it), dev (written before any tuning,
measured on), test (written after the dev tuning; its first run is the blind figure), test2
(written after the test tuning, aimed half at the gaps known then; its first run is the blind
figure). The TIMEX3 gold (timex3-*.jsonl, built by bench/timex_gold.py) is half news and half
narrative/history text, each split into a tuning and a held-out part; the older sets were
converted to its span conventions (BENCHMARKS.md). The seeds gold (timex-seeds.jsonl) holds no
seed text: each entry names the seed file,
the expression and its occurrence index; the seeds themselves are read from
../shared/corpus/seeds when present.
Scores: strict extraction (same span), lenient extraction (overlapping spans), value accuracy
and type accuracy over the lenient matches, and F1 of span and value together (strict span and
equal value).
"""

from __future__ import annotations

import os
import sys

# bench/tokenizer.py shadows the standard library's tokenize, which the imports below need: take
# this script's folder off the module path before importing anything else.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from lagebild.model import Article  # noqa: E402
from lagebild.stages import linguistic, timex  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / "data"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
_SEED_HEADER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*")
# The TIMEX3 gold (bench/timex_gold.py), half news and half narrative/history text, each split
# into a part the rules were tuned on and a held-out part.
TIMEX3_SETS = ("news-tune", "news-heldout", "narrative-tune", "narrative-heldout")
GROUPS = {
    "default": ("dev", "test", "test2", "seeds", "news-heldout", "narrative-heldout"),
    "all": ("train", "dev", "test", "test2", "seeds", *TIMEX3_SETS),
    "timex3": TIMEX3_SETS,
    "heldout": ("news-heldout", "narrative-heldout"),
    **{name: (name,) for name in ("train", "dev", "test", "test2", "seeds", *TIMEX3_SETS)},
}


@dataclass
class Document:
    id: str
    text: str
    published: str | None
    genre: str
    gold: list[dict]
    ignore: list[tuple[int, int]] = field(default_factory=list)  # spans not scored (ads)


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    lenient: int = 0
    value_ok: int = 0
    type_ok: int = 0
    strict_value: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "gold",
            "predicted",
            "strict",
            "lenient",
            "value_ok",
            "type_ok",
            "strict_value",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold(path: Path) -> list[Document]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs.append(Document(d["id"], d["text"], d["published"], d["genre"], d["timexes"]))
    return docs


def _nth(text: str, expression: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(expression, start + 1)
        if start < 0:
            raise ValueError(f"{expression!r} occurrence {occurrence} not found")
    return start


def load_seeds(path: Path) -> list[Document]:
    """The seeds with their gold, located by expression and occurrence in the raw seed text.

    The seed header (" date ...", a dateline line) is cut as the ingest does; expressions the
    cleaning removes (ads, credits) are listed with ``"ignore": true`` and not scored.
    """
    by_seed: dict[str, list[dict]] = {}
    published: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        by_seed.setdefault(entry["seed"], []).append(entry)
        published[entry["seed"]] = entry["published"]
    docs = []
    for name, entries in sorted(by_seed.items()):
        raw = (SEEDS / name).read_text(encoding="utf-8")
        # blank out what the ingest takes for metadata, keeping offsets stable
        header = _SEED_HEADER.match(raw)
        text = " " * header.end() + raw[header.end() :] if header else raw
        lines = text.split("\n")
        for number in [i for i, line in enumerate(lines) if line.strip()][:3]:
            if timex.parse_dateline(lines[number]):  # a dateline under the title
                lines[number] = " " * len(lines[number])
        text = "\n".join(lines)
        gold, ignore = [], []
        for e in entries:
            start = _nth(text, e["text"], e.get("occurrence", 0))
            # "span": the TIMEX3 span inside the located expression ("August 2025" in "im
            # August 2025")
            start += e["text"].index(e.get("span", e["text"]))
            span = (start, start + len(e.get("span", e["text"])))
            if e.get("ignore"):
                ignore.append(span)
            else:
                gold.append(
                    {"start": span[0], "end": span[1], "text": text[span[0] : span[1]], **e["gold"]}
                )
        docs.append(Document(name, text, published[name], "news", gold, ignore))
    return docs


def analyse(doc: Document) -> Article:
    article = Article(id=doc.id, source=doc.id, text=doc.text, published=doc.published)
    article.genre = doc.genre
    linguistic.annotate(article)
    timex.annotate(article)
    return article


def score(doc: Document, predicted) -> Score:
    s = Score()
    predicted = [t for t in predicted if not any(t.start < e and t.end > b for b, e in doc.ignore)]
    s.gold, s.predicted = len(doc.gold), len(predicted)
    used: set[int] = set()
    for g in doc.gold:
        exact = next(
            (i for i, t in enumerate(predicted) if (t.start, t.end) == (g["start"], g["end"])),
            None,
        )
        overlap = exact
        if overlap is None:
            overlap = next(
                (
                    i
                    for i, t in enumerate(predicted)
                    if i not in used and t.start < g["end"] and t.end > g["start"]
                ),
                None,
            )
        if overlap is None:
            s.errors.append(f"{doc.id}\tMISS\t{g['text']!r}\t{g['type']} {g['value']}")
            continue
        used.add(overlap)
        t = predicted[overlap]
        s.lenient += 1
        s.strict += exact is not None
        s.value_ok += t.value == g["value"]
        s.type_ok += t.type == g["type"]
        s.strict_value += exact is not None and t.value == g["value"]
        if exact is None:
            s.errors.append(f"{doc.id}\tSPAN\t{g['text']!r} -> {t.text!r}")
        if t.value != g["value"]:
            s.errors.append(
                f"{doc.id}\tVALUE\t{g['text']!r}\tgold {g['value']} got {t.value} ({t.rule})"
            )
    for i, t in enumerate(predicted):
        if i not in used:
            s.errors.append(f"{doc.id}\tSPURIOUS\t{t.text!r}\t{t.type} {t.value} ({t.rule})")
    return s


def evaluate(docs: list[Document]) -> Score:
    total = Score()
    for doc in docs:
        total.add(score(doc, analyse(doc).timexes))
    return total


def report(name: str, s: Score) -> dict:
    strict = prf(s.strict, s.predicted, s.gold)
    lenient = prf(s.lenient, s.predicted, s.gold)
    combined = prf(s.strict_value, s.predicted, s.gold)
    figures = {
        "set": name,
        "gold": s.gold,
        "predicted": s.predicted,
        "strict_p": strict[0],
        "strict_r": strict[1],
        "strict_f1": strict[2],
        "lenient_p": lenient[0],
        "lenient_r": lenient[1],
        "lenient_f1": lenient[2],
        "value_accuracy": s.value_ok / s.lenient if s.lenient else 0.0,
        "type_accuracy": s.type_ok / s.lenient if s.lenient else 0.0,
        "span_value_f1": combined[2],
    }
    print(
        f"{name:17} gold {s.gold:4} predicted {s.predicted:4} | strict P/R/F1 "
        f"{strict[0]:.3f} {strict[1]:.3f} {strict[2]:.3f} | lenient P/R/F1 {lenient[0]:.3f} "
        f"{lenient[1]:.3f} {lenient[2]:.3f} | value acc {figures['value_accuracy']:.3f} | "
        f"type acc {figures['type_accuracy']:.3f} | span+value F1 {combined[2]:.3f}"
    )
    return figures


def speed(docs: list[Document], rounds: int = 3) -> None:
    """Time of the linguistic stage and of timex on the same texts, best of ``rounds``."""
    articles = []
    for doc in docs:
        a = Article(id=doc.id, source=doc.id, text=doc.text, published=doc.published)
        linguistic.annotate(a)  # warm the tagger's caches as a corpus run would
        articles.append(a)
    best_ling = best_timex = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        for a in articles:
            linguistic.annotate(a)
        best_ling = min(best_ling, time.perf_counter() - began)
        began = time.perf_counter()
        for a in articles:
            timex.annotate(a)
        best_timex = min(best_timex, time.perf_counter() - began)
    tokens = sum(len(a.tokens) for a in articles)
    print(
        f"speed: {len(articles)} texts, {tokens} tokens; linguistic {best_ling:.3f}s "
        f"({tokens / best_ling:.0f} tokens/s), timex {best_timex:.3f}s "
        f"({tokens / best_timex:.0f} tokens/s); timex adds {100 * best_timex / best_ling:.1f}%"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=sorted(GROUPS), default=None)
    parser.add_argument("--errors", action="store_true", help="list every error")
    parser.add_argument("--speed", action="store_true", help="measure the time timex adds")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    names = list(GROUPS[args.set or "default"])
    if "seeds" in names and not SEEDS.is_dir():
        print(f"seeds skipped: {SEEDS} not found", file=sys.stderr)
        names.remove("seeds")
    results = []
    all_docs = []
    for name in names:
        if name == "seeds":
            docs = load_seeds(DATA / "timex-seeds.jsonl")
        elif name in TIMEX3_SETS:
            docs = load_gold(DATA / f"timex3-{name}.jsonl")
        else:
            docs = load_gold(DATA / f"timex-{name}.jsonl")
        all_docs.extend(docs)
        s = evaluate(docs)
        results.append(report(name, s))
        if args.errors:
            print("\n".join(s.errors))
    if args.speed:
        speed(all_docs)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
