"""Benchmark of story clustering, the store update and the web app's story page.

    python bench/stories.py            # quality + 10,000 and 100,000 articles (about 10 minutes)
    python bench/stories.py --quick    # quality + 2,000 articles
    python bench/stories.py --tune     # threshold grid on the train-derived stories
    python bench/stories.py --quality-only  # B-cubed on own and dev only (JSON on stdout)

Quality is B-cubed precision/recall/F1 of stories and storylines on
  * own: our hand-written articles (tests/fixtures/stories/articles.jsonl) plus generated
    variants of each (sentences dropped, order changed, another outlet, a day later);
  * train / dev: synthetic stories built at run time from the Wikinews texts in
    ../shared/eval/quotes-de/{train,dev}.jsonl: each source text is one event; its articles are
    random sentence subsets plus a sentence of another text; a third of the events get a
    follow-up story 30-120 days later (same storyline, other sentences). Tune on train, read dev.
Scale: synthetic stores of N articles (sources reused as storylines over two years), clustered
from scratch by ``update_stories`` in a child process (time, peak memory), then 100 more
articles added incrementally, then story pages rendered by the web app (cached comparison and
computed on the fly). Nothing of ../shared is written anywhere but a temporary directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds scripts, not modules: keep it off the import path, where a script named like a
# standard module (bench/tokenizer.py) would shadow that module for everything imported below.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any  # noqa: E402

from lagebild.corpus.compare import compare_stored_stories  # noqa: E402
from lagebild.corpus.stories import StorySettings, cluster_articles, update_stories  # noqa: E402
from lagebild.corpus.stories.describe import split_sentences  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.store import Store  # noqa: E402
from lagebild.store.stories import StoryTables  # noqa: E402
from lagebild.web import App  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
QUOTES = SHARED / "eval" / "quotes-de"
OWN = REPO / "tests" / "fixtures" / "stories" / "articles.jsonl"
OUTLETS = ["Tagblatt", "Kurier", "Rundschau", "Morgenpost", "Anzeiger", "Bote", "Echo", "Wacht"]
START = date(2024, 1, 1)


# -- labelled sets --------------------------------------------------------------------------


def bcubed(predicted: dict[str, object], gold: dict[str, object]) -> dict[str, float]:
    clusters: dict[object, set[str]] = defaultdict(set)
    classes: dict[object, set[str]] = defaultdict(set)
    for item in gold:
        clusters[predicted[item]].add(item)
        classes[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        mine, truth = clusters[predicted[item]], classes[gold[item]]
        both = len(mine & truth)
        precision += both / len(mine)
        recall += both / len(truth)
    p, r = precision / len(gold), recall / len(gold)
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(2 * p * r / (p + r), 3)}


def own_set(rng: random.Random) -> list[tuple[Article, str, str]]:
    rows = [json.loads(line) for line in OWN.read_text("utf-8").splitlines()]
    found = []
    for row in rows:
        if "id" not in row:
            continue
        found.append(
            (
                _article(row["id"], row["title"], row["text"], row["published"], row["outlet"]),
                row["story"],
                row["storyline"],
            )
        )
        sentences = row["text"].split("\n")
        for v in range(2):
            kept = [s for s in sentences if rng.random() > 0.25] or sentences[:2]
            if v:
                rng.shuffle(kept)
            day = date.fromisoformat(row["published"]) + timedelta(days=v)
            found.append(
                (
                    _article(
                        f"{row['id']}~{v}",
                        row["title"] if v else None,
                        "\n".join(kept),
                        day.isoformat(),
                        rng.choice(OUTLETS),
                    ),
                    row["story"],
                    row["storyline"],
                )
            )
    return found


def _article(id_: str, title: str | None, text: str, published: str | None, outlet: str) -> Article:
    return Article(
        id=id_, source=f"{id_}.txt", text=text, title=title, published=published, outlet=outlet
    )


def wikinews(split: str) -> list[tuple[str, list[str]]]:
    """(title, sentences) of each Wikinews text of the split with at least six sentences."""
    found = []
    for line in (QUOTES / f"{split}.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        sentences = [s for s in split_sentences(row["text"]) if len(s.split()) >= 4]
        if len(sentences) >= 6:
            found.append((row["title"], sentences))
    return found


def synthetic_article(
    rng: random.Random,
    id_: str,
    title: str,
    sentences: Sequence[str],
    noise: Sequence[tuple[str, list[str]]],
    day: date,
) -> Article:
    share = rng.uniform(0.4, 0.8)
    kept = [s for s in sentences if rng.random() < share] or list(sentences[:3])
    other = rng.choice(noise)[1]
    kept.insert(rng.randrange(len(kept) + 1), rng.choice(other))
    headline = title if rng.random() < 0.5 else " ".join(kept[0].split()[:8])
    return _article(id_, headline, "\n".join(kept), day.isoformat(), rng.choice(OUTLETS))


def synthetic_set(split: str, rng: random.Random) -> list[tuple[Article, str, str]]:
    sources = wikinews(split)
    found = []
    for number, (title, sentences) in enumerate(sources):
        day = START + timedelta(days=rng.randrange(365))
        halves = (
            [sentences]
            if rng.random() > 1 / 3
            else [sentences[: len(sentences) // 2], sentences[len(sentences) // 2 :]]
        )
        for part, chosen in enumerate(halves):
            when = day + timedelta(days=part * rng.randint(30, 120))
            for k in range(rng.randint(2, 6)):
                found.append(
                    (
                        synthetic_article(
                            rng,
                            f"{split}{number}-{part}-{k}",
                            title,
                            chosen,
                            sources,
                            when + timedelta(days=rng.randint(0, 2)),
                        ),
                        f"{number}-{part}",
                        str(number),
                    )
                )
    return found


def quality(labelled: list[tuple[Article, str, str]], settings: StorySettings) -> dict:
    result = cluster_articles([a for a, _, _ in labelled], settings)
    story = {a: s.id for s in result.stories for a in s.article_ids}
    line = {a: s.storyline for s in result.stories for a in s.article_ids}
    return {
        "articles": len(labelled),
        "stories": bcubed(story, {a.id: s for a, s, _ in labelled}),
        "storylines": bcubed(line, {a.id: g for a, _, g in labelled}),
    }


# -- scale -----------------------------------------------------------------------------------


def build_store(path: Path, count: int, rng: random.Random) -> list[Article]:
    """A store of ``count`` synthetic articles; returns 100 more articles of the last days."""

    sources = wikinews("train") + wikinews("dev")
    per_story = 5
    stories = count // per_story
    per_source = -(-stories // len(sources))  # rounded up; the surplus is cut below
    articles: list[Article] = []
    for number, (title, sentences) in enumerate(sources):
        days = sorted(rng.sample(range(0, 720, 8), per_source))
        for story, offset in enumerate(days):
            day = START + timedelta(days=offset)
            for k in range(per_story):
                articles.append(
                    synthetic_article(
                        rng,
                        f"s{number}-{story}-{k}",
                        title,
                        sentences,
                        sources,
                        day + timedelta(days=rng.randint(0, 2)),
                    )
                )
    rng.shuffle(articles)
    extra = [
        synthetic_article(
            rng,
            f"new{k}",
            *rng.choice(sources),
            sources,
            START + timedelta(days=719 + rng.randint(0, 2)),
        )
        for k in range(100)
    ]
    with Store(path) as store:
        store.db.execute("PRAGMA synchronous = OFF")
        for article in articles[:count]:
            store.add_article(article)
    return extra


def cluster_child(db: str) -> None:
    """Run in a child process so that its peak memory is the clustering's alone."""
    start = time.perf_counter()
    with Store(db) as store:
        update = update_stories(StoryTables(store))
    summary: dict[str, Any] = {"articles": update.articles, "stories_new": update.stories_new}
    summary["seconds"] = round(time.perf_counter() - start, 1)
    summary["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(summary))


def page_times(db: str, rng: random.Random, samples: int = 30) -> dict[str, float]:
    with Store(db, readonly=True) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM stories WHERE articles > 1")]
    app = App(db)
    chosen = rng.sample(ids, min(samples, len(ids)))

    def timed(paths: list[str]) -> dict[str, float]:
        times = []
        for path in paths:
            start = time.perf_counter()
            assert app.handle(path).status == 200, path
            times.append(1000 * (time.perf_counter() - start))
        times.sort()
        return {"median_ms": round(statistics.median(times), 1), "max_ms": round(times[-1], 1)}

    result = {
        "story page, comparison not stored": timed([f"/story/{i}" for i in chosen]),
        "story list page 1": timed(["/"] * 5),
        "story list page 500": timed(["/?page=500"] * 5),
        "search": timed(["/search?q=Regierung", "/search?q=Polizei", "/search?q=Mond"]),
    }
    app.close()
    with Store(db) as store:  # the comparisons that `lagebild stories` keeps
        compare_stored_stories(StoryTables(store), chosen)
    app = App(db)
    result["story page, stored comparison"] = timed([f"/story/{i}" for i in chosen])
    app.close()
    return result


def scale(count: int, rng: random.Random, workdir: Path) -> dict:
    db = workdir / f"store-{count}.db"
    start = time.perf_counter()
    extra = build_store(db, count, rng)
    built = time.perf_counter() - start
    child = subprocess.run(
        [sys.executable, __file__, "--cluster-child", str(db)],
        check=True,
        capture_output=True,
        text=True,
    )
    clustering = json.loads(child.stdout.strip().splitlines()[-1])
    with Store(db) as store:
        assigned = dict(store.db.execute("SELECT article_id, story_id FROM story_articles"))
        lines = dict(
            store.db.execute(
                "SELECT s.article_id, t.storyline_id FROM story_articles s "
                "JOIN stories t ON t.id = s.story_id"
            )
        )
        for article in extra:
            store.add_article(article)
        start = time.perf_counter()
        added = update_stories(StoryTables(store))
        incremental = {"articles": added.articles, "stories_new": added.stories_new}
        incremental["seconds"] = round(time.perf_counter() - start, 2)
    return {
        "articles": count,
        "store_build_seconds": round(built, 1),
        "cluster_from_scratch": clustering,
        "bcubed_stories": bcubed(assigned, {a: a.rsplit("-", 1)[0] for a in assigned}),
        "bcubed_storylines": bcubed(lines, {a: a.split("-")[0] for a in lines}),
        "add_100_articles": incremental,
        "pages": page_times(str(db), rng),
        "store_mb": round(db.stat().st_size / 2**20),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="scale run with 2,000 articles only")
    parser.add_argument("--tune", action="store_true", help="threshold grid on train")
    parser.add_argument("--quality-only", action="store_true", help="own and dev quality only")
    parser.add_argument("--sizes", type=int, nargs="*", help="store sizes for the scale run")
    parser.add_argument("--cluster-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cluster_child:
        cluster_child(args.cluster_child)
        return
    if not QUOTES.is_dir():
        sys.exit(f"needs {QUOTES} (the Wikinews texts) beside the repository")
    rng = random.Random(7)
    report: dict = {"settings": StorySettings().__dict__}
    if args.tune:
        train = synthetic_set("train", random.Random(1))
        own = own_set(random.Random(2))
        for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
            settings = StorySettings(story_threshold=threshold)
            t, o = quality(train, settings), quality(own, settings)
            print(
                f"threshold {threshold}: train stories {t['stories']} storylines "
                f"{t['storylines']}; own stories {o['stories']}"
            )
        for line_threshold in (0.12, 0.17, 0.22, 0.3):
            for shared in (4, 8, 12):
                settings = StorySettings(
                    storyline_threshold=line_threshold, storyline_min_shared_terms=shared
                )
                t, o = quality(train, settings), quality(own, settings)
                print(
                    f"storyline threshold {line_threshold}, shared terms {shared}: train "
                    f"{t['storylines']}; own {o['storylines']}"
                )
        return
    report["quality"] = {"own": quality(own_set(random.Random(2)), StorySettings())}
    if not args.quality_only:
        report["quality"]["train"] = quality(
            synthetic_set("train", random.Random(1)), StorySettings()
        )
    report["quality"]["dev"] = quality(synthetic_set("dev", random.Random(3)), StorySettings())
    print(json.dumps(report["quality"], indent=1), flush=True)
    if args.quality_only:
        return
    sizes = args.sizes or ([2_000] if args.quick else [10_000, 100_000])
    with tempfile.TemporaryDirectory() as tmp:
        report["scale"] = []
        for count in sizes:
            report["scale"].append(scale(count, rng, Path(tmp)))
            print(json.dumps(report["scale"][-1], indent=1), flush=True)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
