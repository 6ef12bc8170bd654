"""Benchmark of the outlet comparison's foundations: does a pair of articles tell the same story?

    python bench/compare.py              # story-pair gold: balanced accuracy, rank correlation
    python bench/compare.py --json       # the same as JSON on stdout
    python bench/compare.py --speed 3    # CPU cost of the encoder and the comparison in
                                         # bench/analyze.py's run, 3 alternating rounds

Story-pair gold (``same`` / ``different``), about 330 pairs:
  * semeval: ../shared/eval/story-pairs (SemEval-2022 Task 8 training pairs, German-German and
    German-English): same story = overall <= 1.5, different = overall >= 3.5, pairs between left
    out;
  * wikinews: pairs of ../shared/eval/quotes-de articles labelled by us
    (bench/data/story_pairs_wikinews.tsv: ids and labels only);
  * fixture: every pair of our own story articles (tests/fixtures/stories/articles.jsonl);
  * own: pairs we wrote, German-German, German-English and German-Russian
    (bench/data/story_pairs_own.jsonl).
Each text is scored as the pipeline analyses it, after lagebild.clean has removed site
boilerplate (cookie and newsletter prompts, ad markers, photo credits). Each pair is scored by
the clustering's own rule (hashed TF-IDF of capitalised words, dates and amounts: cosine
>= the story threshold and >= min shared terms, document frequencies from the two articles and
the general-German prior; two articles published further apart than the story window are never
one story), by the multilingual sentence encoder's cosine of the two articles, and by their
combination as the clusterer sees it.

The pairs are split once and for all into a tune part and a held-out part: a pair is held out
when the first byte of the SHA-1 of its two texts (UTF-8, joined by a NUL character) is odd
(``held_out``), so the split does not depend on the order of the files and a pair added later
falls on a side of its own. Settings are chosen on the tune part only (the clustering's
thresholds together with bench/stories.py's synthetic train stories; the encoder-only threshold
here); the held-out figures are the measurement.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds scripts, not modules: keep it off the import path, where a script named like a
# standard module (bench/tokenizer.py) would shadow that module for everything imported below.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import copy  # noqa: E402
import csv  # noqa: E402
import hashlib  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402

import numpy as np  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

import lagebild  # noqa: E402
from lagebild.clean import clean  # noqa: E402
from lagebild.corpus.compare import compare_story  # noqa: E402
from lagebild.corpus.compare.facts import align_facts  # noqa: E402
from lagebild.corpus.compare.lexicons import loaded_language  # noqa: E402
from lagebild.corpus.compare.units import own_text, quoted_spans, sentences_of  # noqa: E402
from lagebild.corpus.compare.wording import sentence_signals  # noqa: E402
from lagebild.corpus.stories.clustering import StorySettings, day_of  # noqa: E402
from lagebild.corpus.stories.embedding import DIMENSIONS, article_embeddings  # noqa: E402
from lagebild.corpus.stories.vectors import TermWeights, article_terms, cross, hash_terms  # noqa: E402
from lagebild.model import Article  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Doc:
    title: str
    text: str  # as given (the tune/held-out split hashes this)
    published: str | None = None  # the day, where the source gives one

    @property
    def analysed(self) -> str:
        """The text as the pipeline analyses it: site boilerplate removed (lagebild.clean)."""
        return clean(self.text)[0]


@dataclass(frozen=True)
class Pair:
    source: str
    a: Doc
    b: Doc
    same: bool
    languages: str
    rating: float | None = None  # SemEval's overall rating


def semeval_pairs() -> list[Pair]:
    pairs = []
    for name in ("semeval22-t8-train-de-de.jsonl", "semeval22-t8-train-de-en.jsonl"):
        path = SHARED / "story-pairs" / name
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            if 1.5 < row["overall"] < 3.5:
                continue
            pairs.append(
                Pair(
                    "semeval",
                    Doc("", row["text1"]),
                    Doc("", row["text2"]),
                    row["overall"] <= 1.5,
                    f"{row['lang1']}-{row['lang2']}",
                    row["overall"],
                )
            )
    return pairs


def wikinews_pairs() -> list[Pair]:
    articles = {}
    for name in ("train.jsonl", "dev.jsonl"):
        path = SHARED / "quotes-de" / name
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                row = json.loads(line)
                articles[row["id"]] = Doc(row["title"], row["text"], row["published"])
    if not articles:
        return []
    lines = [
        line
        for line in (DATA / "story_pairs_wikinews.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return [
        Pair("wikinews", articles[r["id_a"]], articles[r["id_b"]], r["label"] == "same", "de-de")
        for r in csv.DictReader(lines, delimiter="\t")
    ]


def _fixture_story_rows() -> list[dict]:
    """The article rows of our fixture stories (tests/fixtures/stories/articles.jsonl)."""
    path = ROOT / "tests" / "fixtures" / "stories" / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return [r for r in rows if "id" in r]


def fixture_pairs() -> list[Pair]:
    rows = _fixture_story_rows()
    return [
        Pair(
            "fixture",
            Doc(a["title"], a["text"], a["published"]),
            Doc(b["title"], b["text"], b["published"]),
            a["story"] == b["story"],
            "de-de",
        )
        for a, b in itertools.combinations(rows, 2)
    ]


def own_pairs() -> list[Pair]:
    rows = [
        json.loads(line)
        for line in (DATA / "story_pairs_own.jsonl").read_text("utf-8").splitlines()
    ]
    return [
        Pair(
            "own",
            Doc(r["a"]["title"], r["a"]["text"]),
            Doc(r["b"]["title"], r["b"]["text"]),
            r["label"] == "same",
            f"{r['a']['lang']}-{r['b']['lang']}",
        )
        for r in rows
        if "label" in r
    ]


def term_scores(pairs: list[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """Cosine and shared distinct terms of each pair, as the clusterer computes them."""
    cosines, shared = [], []
    for pair in pairs:
        counts = hash_terms([article_terms(d.title, d.analysed) for d in (pair.a, pair.b)])
        weights = TermWeights()
        weights.add(counts)
        vectors = weights.weigh(counts)
        cosines.append(float(cross(vectors[0], vectors[1])[0, 0]))
        shared.append(len(set(counts[0].indices) & set(counts[1].indices)))
    return np.asarray(cosines), np.asarray(shared)


def embedding_scores(pairs: list[Pair]) -> np.ndarray:
    docs = [d for p in pairs for d in (p.a, p.b)]
    vectors = article_embeddings([d.title for d in docs], [d.analysed for d in docs])
    return np.einsum("ij,ij->i", vectors[0::2], vectors[1::2])


def days_apart(pair: Pair) -> int | None:
    """Days between the two publication days; None unless both are known."""
    days = [day_of(d.published) for d in (pair.a, pair.b)]
    if None in days:
        return None
    first, second = (date.fromisoformat(d) for d in days if d)
    return abs((first - second).days)


def balanced_accuracy(gold: np.ndarray, said: np.ndarray) -> float:
    recall_same = float(np.mean(said[gold])) if gold.any() else 0.0
    recall_other = float(np.mean(~said[~gold])) if (~gold).any() else 0.0
    return (recall_same + recall_other) / 2


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    candidates = np.unique(np.round(scores, 3))
    return float(max(candidates, key=lambda t: balanced_accuracy(gold, scores >= t)))


def held_out(pair: Pair) -> bool:
    """The fixed split of the pair gold: held out when the SHA-1 of the two texts starts odd."""
    digest = hashlib.sha1(f"{pair.a.text}\0{pair.b.text}".encode()).digest()
    return digest[0] % 2 == 1


def _figures(gold: np.ndarray, said: np.ndarray, scores: np.ndarray, languages: np.ndarray):
    return {
        "pairs": int(len(gold)),
        "same": int(gold.sum()),
        "balanced_accuracy": round(balanced_accuracy(gold, said), 3),
        "spearman": round(float(spearmanr(scores, gold).statistic), 3),
        "by_languages": {
            lang: round(balanced_accuracy(gold[languages == lang], said[languages == lang]), 3)
            for lang in sorted(set(languages.tolist()))
        },
    }


def story_pair_report(pairs: list[Pair], settings: StorySettings) -> dict:
    gold = np.asarray([p.same for p in pairs])
    languages = np.asarray([p.languages for p in pairs])
    cosine, shared = term_scores(pairs)
    meaning = embedding_scores(pairs)
    w2 = settings.term_weight**2
    combined = w2 * cosine + (1 - w2) * meaning
    test = np.asarray([held_out(p) for p in pairs])
    tune = ~test
    # the clusterer only compares an article with stories of the days around its own
    apart = [days_apart(p) for p in pairs]
    in_window = np.asarray([d is None or d <= settings.story_window_days for d in apart])
    similar = (combined >= settings.story_threshold) & (
        (shared >= settings.min_shared_terms) | (meaning >= settings.meaning_alone)
    )
    threshold = best_threshold(meaning[tune], gold[tune])
    rules = {
        # the rule of the clustering before the encoder (TF-IDF cosine >= 0.20, 4 shared terms)
        "terms_only_before": ((cosine >= 0.20) & (shared >= 4), cosine),
        # the clustering's rule now (StorySettings), its date window included: pairs whose two
        # publication days are known (fixture and Wikinews pairs) and further apart than the
        # window are never one story
        "clustering_rule": (similar & in_window, combined),
        # the same without the date window (as measured until 2026-12-03)
        "clustering_rule_without_dates": (similar, combined),
        "encoder_only": (meaning >= threshold, meaning),
    }
    result: dict = {
        "pairs": len(pairs),
        "same": int(gold.sum()),
        "by_source": {},
        "encoder_only_threshold_tuned": threshold,
    }
    for source in sorted({p.source for p in pairs}):
        mine = [p for p in pairs if p.source == source]
        result["by_source"][source] = {"pairs": len(mine), "same": sum(p.same for p in mine)}
    semeval = np.asarray([p.source == "semeval" for p in pairs])
    ratings = np.asarray([p.rating for p in pairs], dtype=float)
    for name, (said, scores) in rules.items():
        result[name] = {
            part: _figures(gold[mine], said[mine], scores[mine], languages[mine])
            for part, mine in (("held_out", test), ("tune", tune), ("all", test | tune))
        }
        # rank correlation with SemEval's graded rating (1 = same .. 4 = different), negated
        result[name]["held_out"]["spearman_semeval_ratings"] = round(
            float(spearmanr(scores[semeval & test], -ratings[semeval & test]).statistic), 3
        )
    return result


# -- fact alignment --------------------------------------------------------------------------


def fact_gold() -> dict[frozenset[tuple[str, int]], tuple[str, bool]]:
    """Pair of (article, sentence start) -> (its set, same fact or not)."""
    lines = [
        line
        for line in (DATA / "fact_pairs.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return {
        frozenset([(r["a"], int(r["a_start"])), (r["b"], int(r["b_start"]))]): (
            r["set"],
            r["label"] == "yes",
        )
        for r in csv.DictReader(lines, delimiter="\t")
    }


def fact_stories(corpus: lagebild.Corpus) -> list[list[Article]]:
    """The seeds' summit story (analysed by lagebild, articles named by their file's first three
    characters), our fixture stories of two or more articles, and the demo corpus's stories (as
    analysed together with the seeds, articles named by their file's first twelve characters)."""
    stories = []
    seeds = sorted((ROOT.parent / "shared" / "corpus" / "seeds").glob("*.txt"))
    if seeds:
        summit = []
        for article in sorted(
            lagebild.analyze([str(p) for p in seeds]).articles, key=lambda a: a.source
        ):
            article.id = Path(article.source).stem[:3]
            if article.id != "000":
                summit.append(article)
        stories.append(summit)
    by_story: dict[str, list[Article]] = {}
    for line in (
        (ROOT / "tests" / "fixtures" / "stories" / "articles.jsonl").read_text("utf-8").splitlines()
    ):
        row = json.loads(line)
        if "id" in row:
            article = Article(
                id=row["id"],
                source=row["id"],
                text=row["text"],
                title=row["title"],
                published=row["published"],
                outlet=row["outlet"],
            )
            by_story.setdefault(row["story"], []).append(article)
    stories += [s for s in by_story.values() if len(s) > 1]
    seed_names = {p.name for p in seeds}
    by_id = {a.id: a for a in corpus.articles if Path(a.source).name not in seed_names}
    for story in corpus.stories:
        members = [copy.copy(by_id[i]) for i in story["articles"] if i in by_id]
        for article in members:
            article.id = Path(article.source).name[:12]
        if len(members) > 1:
            stories.append(sorted(members, key=lambda a: (a.published or "", a.id)))
    return stories


def fact_report(corpus: lagebild.Corpus) -> dict:
    """Pairs of sentences the alignment puts into one fact, checked against the gold, for the
    tune part (seeds, fixture) and the held-out part (demo) of the gold."""
    gold = fact_gold()
    tally = {part: {"judged": 0, "right": 0} for part in ("tune", "held_out")}
    proposed = 0
    for story in fact_stories(corpus):
        units_by_article = [sentences_of(a, i) for i, a in enumerate(story)]
        units = [u for us in units_by_article for u in us]
        for group in align_facts(story, units).groups:
            for i, j in itertools.combinations(group, 2):
                key = frozenset([(story[units[k].article].id, units[k].start) for k in (i, j)])
                proposed += 1
                if key in gold:
                    part = "held_out" if gold[key][0] == "demo" else "tune"
                    tally[part]["judged"] += 1
                    tally[part]["right"] += gold[key][1]
    same_in_tune = sum(same for kind, same in gold.values() if kind != "demo")
    return {
        "pairs_proposed": proposed,
        **{
            part: {**t, "precision": round(t["right"] / t["judged"], 3) if t["judged"] else None}
            for part, t in tally.items()
        },
        "recall_of_tune_gold_same_fact_pairs": round(tally["tune"]["right"] / same_in_tune, 3),
    }


# -- loaded words and opinion signals ------------------------------------------------------


def analysed_demo_and_seeds() -> lagebild.Corpus:
    inputs = [ROOT / "src" / "lagebild" / "demo" / "articles"]
    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    if seeds.is_dir():
        inputs.append(seeds)
    return lagebild.analyze([str(p) for p in inputs])


def _gold(name: str) -> dict[tuple[str, str, int], bool]:
    lines = [
        line
        for line in (DATA / name).read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return {
        (r["finding"], r["article"], int(r["start"])): r["label"] == "yes"
        for r in csv.DictReader(lines, delimiter="\t")
    }


def _precision(found: list[tuple[str, str, int]], gold: dict) -> dict:
    """Per kind: findings, those the gold judges, those right, precision."""
    counts: dict[str, dict[str, int]] = {}
    for kind, article, start in found:
        tally = counts.setdefault(kind, {"found": 0, "judged": 0, "right": 0})
        tally["found"] += 1
        if (kind, article, start) in gold:
            tally["judged"] += 1
            tally["right"] += gold[(kind, article, start)]
    return {
        kind: {**tally, "precision": round(tally["right"] / tally["judged"], 3)}
        for kind, tally in sorted(counts.items())
        if tally["judged"]
    }


def finding_report(corpus: lagebild.Corpus) -> dict:
    """Precision of each kind of loaded word and opinion signal found in the seeds and the demo
    corpus, against bench/data/finding_gold.tsv; findings the gold does not list count apart."""
    found = []
    for article in corpus.articles:
        name = Path(article.source).name[:12]
        quoted = quoted_spans(article)
        for unit in sentences_of(article, 0):
            kinds = [f"signal:{k}" for k in sentence_signals(article, unit, quoted)]
            text = own_text(article, unit, quoted)
            kinds += [f"loaded:{p.id}" for p in loaded_language() for _ in p.regex.finditer(text)]
            found += [(kind, name, unit.start) for kind in kinds]
    report = _precision(found, _gold("finding_gold.tsv"))
    # the loaded words are judged one pattern at a time and reported as one kind
    loaded = [r for k, r in report.items() if k.startswith("loaded:")]
    merged = {k: sum(r[k] for r in loaded) for k in ("found", "judged", "right")}
    others = {k: r for k, r in report.items() if not k.startswith("loaded:")}
    if merged["judged"]:
        others["loaded"] = {**merged, "precision": round(merged["right"] / merged["judged"], 3)}
    return dict(sorted(others.items()))


def comparison_findings(corpus: lagebild.Corpus) -> list[tuple[str, str, int]]:
    """(kind, article, start) of every exclusive fact (stories with two or more outlets only),
    voice (its first quotation) and timeline event (its sentence) that lagebild reports for the
    corpus (discrepancies: ``discrepancy_findings``)."""
    name = {a.id: Path(a.source).name[:12] for a in corpus.articles}
    found = []
    for story in corpus.stories:
        comparison = story.get("comparison")
        if not comparison:
            continue
        if len(comparison["coverage"]["outlets"]) > 1:
            for fact in comparison["coverage"]["facts"]:
                if fact["exclusive"]:
                    (cite,) = [c for cites in fact["outlets"].values() for c in cites]
                    found.append(("exclusive_fact", name[cite["article_id"]], cite["start"]))
        for entry in comparison["voices"]["outlets"].values():
            for speaker in entry["speakers"]:
                quote = speaker["quotes"][0]
                found.append(("voice", name[quote["article_id"]], quote["start"]))
    found += [("timeline_event", name[e["article"]], e["sentence"][0]) for e in corpus.events]
    return found


# -- speed -----------------------------------------------------------------------------------


def _random_unit_rows(texts) -> np.ndarray:
    """Stand-in for the encoder: a unit vector per text from its hash (cosines near 0)."""
    rows = [
        np.random.default_rng(int.from_bytes(hashlib.sha1(t.encode()).digest()[:8])).normal(
            size=DIMENSIONS
        )
        for t in texts
    ]
    vectors = np.asarray(rows, dtype=np.float32).reshape(len(texts), DIMENSIONS)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def speed_run(variant: str) -> float:
    """CPU seconds of bench/analyze.py's run (the foundation: 700 Wikinews articles into a new
    store, after a one-article warm-up), with the encoder and the comparison ("with"), with the
    stored comparison skipped ("without_comparison"), or also with the encoder replaced by
    hashed random vectors ("without")."""
    from lagebild import pipeline
    from lagebild.corpus.compare import facts, stored
    from lagebild.corpus.stories import embedding

    if variant == "without":
        embedding.embed = facts.embed = stored.embed = _random_unit_rows
    if variant in ("without", "without_comparison"):
        pipeline.compare_stored_stories = lambda *args, **kwargs: None
    corpus_path = SHARED / "quotes-de" / "train.jsonl"
    with tempfile.TemporaryDirectory() as folder:
        warm = Path(folder) / "warm.jsonl"
        warm.write_text(corpus_path.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
        lagebild.analyze([str(warm)], stages=("linguistic",))
        started = time.process_time()
        lagebild.analyze(
            [str(corpus_path)], db=str(Path(folder) / "bench.db"), stages=("linguistic",)
        )
        return time.process_time() - started


def speed_report(rounds: int) -> dict:
    """Each variant in its own process, alternating, ``rounds`` times; the minimum counts."""
    seconds: dict[str, list[float]] = {"with": [], "without_comparison": [], "without": []}
    for _ in range(rounds):
        for variant in seconds:
            out = subprocess.run(
                [sys.executable, __file__, "--speed-run", variant],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
            )
            seconds[variant].append(float(out.stdout.strip()))
    best = {variant: min(values) for variant, values in seconds.items()}
    return {
        "cpu_seconds": seconds,
        "added_by_encoder_and_comparison": round(best["with"] / best["without"] - 1, 3),
        "added_by_encoder": round(best["without_comparison"] / best["without"] - 1, 3),
        "added_by_comparison": round(
            (best["with"] - best["without_comparison"]) / best["without"], 3
        ),
        "load_average": round(os.getloadavg()[0], 1),
    }


@dataclass
class Analysed:
    """Our invented story articles of one file, analysed as one JSON Lines input; articles
    renamed to their id there."""

    stories: list[list[Article]]  # grouped by the file's story field
    events: list[tuple[str, int]]  # (article id, sentence start) of every timeline event


def analysed_stories(path: Path) -> Analysed:
    """The articles of a file of our invented story articles (rows with id, story, outlet,
    published, title, text: tests/fixtures/stories/articles.jsonl,
    bench/data/discrepancy_stories.jsonl)."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    rows = [r for r in rows if "id" in r]
    fields = ("title", "text", "published", "outlet")
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "stories.jsonl"
        jsonl.write_text(
            "".join(json.dumps({k: r[k] for k in fields}) + "\n" for r in rows), "utf-8"
        )
        corpus = lagebild.analyze([str(jsonl)])
    row_of = {r["text"]: r for r in rows}
    name = {a.id: row_of[a.text]["id"] for a in corpus.articles}
    events = [(name[e["article"]], e["sentence"][0]) for e in corpus.events]
    by_story: dict[str, list[Article]] = {}
    for article in corpus.articles:
        by_story.setdefault(row_of[article.text]["story"], []).append(article)
        article.id = name[article.id]
    return Analysed(list(by_story.values()), events)


def new_text_findings(analysed: Analysed) -> list[tuple[str, str, int]]:
    """("KIND_new_texts", article id, start) of every exclusive fact, voice and timeline event
    lagebild finds in our invented discrepancy stories: a sample of texts that no rule of
    these kinds was made from."""
    found = [("timeline_event_new_texts", article, start) for article, start in analysed.events]
    for story in analysed.stories:
        comparison = compare_story(story).to_dict()
        for fact in comparison["coverage"]["facts"]:
            if fact["exclusive"]:
                (cite,) = [c for cites in fact["outlets"].values() for c in cites]
                found.append(("exclusive_fact_new_texts", cite["article_id"], cite["start"]))
        for entry in comparison["voices"]["outlets"].values():
            for speaker in entry["speakers"]:
                quote = speaker["quotes"][0]
                found.append(("voice_new_texts", quote["article_id"], quote["start"]))
    return found


def discrepancy_findings(
    corpus: lagebild.Corpus, ours: list[list[Article]]
) -> list[tuple[str, str, int]]:
    """("discrepancy:KIND", "article|article" of its first two versions, start of the first) of
    every discrepancy, shown or hidden, in the demo corpus's and the seeds' stories and in
    ``ours`` (our fixture stories and invented discrepancy stories)."""
    name = {a.id: Path(a.source).name[:12] for a in corpus.articles}
    by_id = {a.id: a for a in corpus.articles}
    stories = [[by_id[i] for i in story["articles"]] for story in corpus.stories]
    found = []
    for story in stories + ours:
        if len({a.outlet for a in story}) < 2:
            continue
        for discrepancy in compare_story(story, show_all=True).discrepancies:
            first, second = discrepancy["versions"][:2]
            articles = "|".join(name.get(v["article_id"], v["article_id"]) for v in (first, second))
            found.append((f"discrepancy:{discrepancy['kind']}", articles, first["start"]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="JSON on stdout")
    parser.add_argument("--speed", type=int, metavar="ROUNDS", help="the speed check only")
    parser.add_argument(
        "--speed-run", choices=("with", "without_comparison", "without"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.speed_run:
        print(speed_run(args.speed_run))
        return
    if args.speed:
        print(json.dumps(speed_report(args.speed), indent=2))
        return
    pairs = semeval_pairs() + wikinews_pairs() + fixture_pairs() + own_pairs()
    corpus = analysed_demo_and_seeds()
    fixture = analysed_stories(ROOT / "tests" / "fixtures" / "stories" / "articles.jsonl")
    invented = analysed_stories(DATA / "discrepancy_stories.jsonl")
    report = {
        "story_pairs": story_pair_report(pairs, StorySettings()),
        "fact_alignment": fact_report(corpus),
        "findings": finding_report(corpus),
        "comparison_findings": _precision(
            comparison_findings(corpus)
            # the held-out sample of the timeline gold (never read while the event rule changed)
            + [("timeline_event_heldout", a, start) for a, start in fixture.events]
            + new_text_findings(invented)
            + discrepancy_findings(corpus, fixture.stories + invented.stories),
            _gold("comparison_finding_gold.tsv"),
        ),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
