"""What a store of N articles costs: adding 100 articles, re-running with nothing new, and a run
from scratch (issue 16, "one machine must scale").

    python bench/scale.py                      # stores of 1,000 and 20,000 articles
    python bench/scale.py --sizes 1000 --fresh 1000
    python bench/scale.py --sizes 20000 --fresh 0 --keep DIR   # keep the built store
    python bench/scale.py --add DIR/store20000.db DIR/new.jsonl --repeat 2 [--profile]

``--keep`` keeps each built store as it is after its first corpus steps (``storeN.db``) and the
100 new articles (``new.jsonl``); ``--add`` measures only adding those articles to a fresh copy
of such a store, so that two versions of lagebild can be compared on one store without
building it twice (a store is read by the version that wrote it or a newer one).

Articles are synthetic, built at run time as bench/stories.py builds them from the Wikinews texts
in ../shared/eval/quotes-de/{train,dev}.jsonl (random sentence subsets plus a sentence of another
text, ~170 words). Analysing 20,000 articles takes longer than this benchmark should, so a store
of N articles is built from a pool of analysed articles (at most 400), each stored N / pool
times under its own id, outlet and date; the corpus steps then run over all N as they would over
N distinct articles with the same mentions. Each measured run is a child process (one core,
``jobs=1``): wall and CPU seconds and its peak resident memory. Nothing of ../shared is written
anywhere but a temporary directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds scripts, not modules: keep it off the import path (see bench/stories.py)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from dataclasses import replace  # noqa: E402
from datetime import date, timedelta  # noqa: E402

import lagebild  # noqa: E402
from lagebild.corpus.entities.names import name_key  # noqa: E402
from lagebild.corpus.stories.describe import split_sentences  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.store import Store  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
QUOTES = REPO.parent / "shared" / "eval" / "quotes-de"
OUTLETS = ["Tagblatt", "Kurier", "Rundschau", "Morgenpost", "Anzeiger", "Bote", "Echo", "Wacht"]
START = date(2024, 1, 1)
POOL = 400

CHILD = """
import cProfile, json, pstats, resource, sys, time
import lagebild
inputs, db, profile = sys.argv[1], sys.argv[2], sys.argv[3] == "profile"
profiler = cProfile.Profile(time.process_time) if profile else None
wall, cpu = time.perf_counter(), time.process_time()
if profiler:
    profiler.enable()
corpus = lagebild.analyze([inputs], db=db, keep_articles=False)
if profiler:
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
print(json.dumps({
    "wall_s": round(time.perf_counter() - wall, 1),
    "cpu_s": round(time.process_time() - cpu, 1),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "articles": len(corpus.articles),
    "skipped": [str(s) for s in corpus.skipped],
}))
"""


def wikinews() -> list[tuple[str, list[str]]]:
    found = []
    for split in ("train", "dev"):
        for line in (QUOTES / f"{split}.jsonl").read_text("utf-8").splitlines():
            row = json.loads(line)
            sentences = [s for s in split_sentences(row["text"]) if len(s.split()) >= 4]
            if len(sentences) >= 6:
                found.append((row["title"], sentences))
    return found


def synthetic_rows(rng: random.Random, count: int, prefix: str, first_day: int) -> list[dict]:
    """JSON Lines rows of synthetic articles (as bench/stories.py builds them)."""
    sources = wikinews()
    rows = []
    for n in range(count):
        title, sentences = rng.choice(sources)
        share = rng.uniform(0.4, 0.8)
        kept = [s for s in sentences if rng.random() < share] or list(sentences[:3])
        kept.insert(rng.randrange(len(kept) + 1), rng.choice(rng.choice(sources)[1]))
        day = START + timedelta(days=first_day + rng.randint(0, 2))
        rows.append(
            {
                "id": f"{prefix}{n}",
                "title": title if rng.random() < 0.5 else " ".join(kept[0].split()[:8]),
                "published": day.isoformat(),
                "outlet": rng.choice(OUTLETS),
                "language": "de",
                "text": "\n".join(kept),
            }
        )
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def child(inputs: Path, db: Path, profile: bool = False) -> dict:
    """One run of ``analyze`` in a process of its own; ``profile``: under cProfile (CPU time),
    its 40 costliest calls by cumulative time printed to stderr."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(inputs), str(db), "profile" if profile else "-"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    if profile:
        print(done.stderr, file=sys.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_store(db: Path, size: int, pool: list[Article], rng: random.Random) -> None:
    """``size`` stored articles made from the analysed pool, then one run of the corpus steps."""
    with Store(db) as store:
        store.db.execute("PRAGMA synchronous = OFF")
        chunk = []
        for n in range(size):
            model = pool[n % len(pool)]
            day = START + timedelta(days=rng.randrange(700))
            chunk.append(
                replace(
                    model,
                    id=f"{n:016x}",
                    source=f"bench-{n}",
                    outlet=rng.choice(OUTLETS),
                    published=day.isoformat(),
                )
            )
            if len(chunk) == 1000:
                store.add_articles(chunk)
                chunk = []
        store.add_articles(chunk)


def article_keys(store: Store) -> dict[str, set[str]]:
    """Each stored article's name keys, the ones blocking would index: of every name the stages
    found (without a genitive s), and the surname of a person's full name."""
    keys: dict[str, set[str]] = {}
    rows = store.db.execute(
        "SELECT article_id, text, label FROM stage_mentions "
        "WHERE coalesce(source, '') NOT IN ('role', 'pronoun')"
    )
    for article_id, text, label in rows:
        found = keys.setdefault(article_id, set())
        found.add(name_key(text.removesuffix("s")))
        words = text.split()
        if label == "PER" and len(words) > 1:
            found.add(name_key(words[-1].removesuffix("s")))
    return keys


def block_share(store: Store, new_ids: set[str]) -> dict:
    """How much of the store name-key blocking would have to read for the new articles: stored
    articles sharing a key with them, with every key and without the hub keys (those of more
    than 1 % of the stored articles, like a country's name)."""
    keys = article_keys(store)
    stored = {a: k for a, k in keys.items() if a not in new_ids}
    frequency: dict[str, int] = {}
    for found in stored.values():
        for key in found:
            frequency[key] = frequency.get(key, 0) + 1
    hubs = {k for k, n in frequency.items() if n > len(stored) / 100}
    wanted = set().union(*(keys.get(a, set()) for a in new_ids))
    touched = sum(1 for found in stored.values() if found & wanted)
    touched_without_hubs = sum(1 for found in stored.values() if found & (wanted - hubs))
    return {
        "stored": len(stored),
        "sharing_a_key": touched,
        "sharing_a_key_not_a_hub": touched_without_hubs,
        "hub_keys": len(hubs),
        "hub_keys_of_the_new": len(wanted & hubs),
    }


def add_only(db: Path, articles: Path, repeat: int, profile: bool) -> None:
    """Adding ``articles`` to copies of the store ``db``: one line of figures per run."""
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            copy = Path(tmp) / "copy.db"
            shutil.copy(db, copy)
            found = child(articles, copy, profile)
            print(json.dumps({"store": str(db), "add": str(articles), **found}))
            copy.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument(
        "--fresh", type=int, default=1000, help="articles of the from-scratch run (0: none)"
    )
    parser.add_argument(
        "--write",
        nargs=2,
        metavar=("N", "PATH"),
        help="only write N synthetic articles as JSON Lines to PATH (for bench/spark.py)",
    )
    parser.add_argument("--keep", type=Path, help="keep the built stores and new articles here")
    parser.add_argument(
        "--add", nargs=2, type=Path, metavar=("DB", "JSONL"), help="only measure adding to DB"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of --add (each a fresh copy)")
    parser.add_argument("--profile", action="store_true", help="--add under cProfile")
    args = parser.parse_args()
    if args.add:
        add_only(*args.add, args.repeat, args.profile)
        return
    if not QUOTES.is_dir():
        sys.exit(f"needs {QUOTES} (the Wikinews texts) beside the repository")
    if args.write:
        count, path = args.write
        write_jsonl(Path(path), synthetic_rows(random.Random(16), int(count), "w", 0))
        return
    rng = random.Random(16)
    report: dict = {"command": "python bench/scale.py " + " ".join(sys.argv[1:]), "stores": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.fresh:
            fresh = write_jsonl(work / "fresh.jsonl", synthetic_rows(rng, args.fresh, "f", 0))
            report["from_scratch"] = {"articles": args.fresh, **child(fresh, work / "fresh.db")}
            print(json.dumps(report["from_scratch"]), file=sys.stderr)
        pool_rows = synthetic_rows(rng, POOL, "p", 0)
        pool = lagebild.analyze([str(write_jsonl(work / "pool.jsonl", pool_rows))]).articles
        new = write_jsonl(work / "new.jsonl", synthetic_rows(rng, 100, "n", 701))
        for size in args.sizes:
            db = work / f"store{size}.db"
            build_store(db, size, pool, rng)
            again = write_jsonl(work / "again.jsonl", pool_rows[:1])
            first = child(again, db)  # the first corpus steps over the built store
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(db, args.keep / db.name)
                shutil.copy(new, args.keep / "new.jsonl")
            nothing_new = child(again, db)
            added = child(new, db)
            with Store(db) as store:
                (last_run,) = store.db.execute("SELECT max(id) FROM runs").fetchone()
                new_ids = {
                    r[0]
                    for r in store.db.execute(
                        "SELECT id FROM articles WHERE run_id = ?", (last_run,)
                    )
                }
                blocking = block_share(store, new_ids)
            report["stores"][size] = {
                "first_corpus_steps": first,
                "rerun_nothing_new": nothing_new,
                "add_100": added,
                "blocking": blocking,
            }
            print(size, json.dumps(report["stores"][size]), file=sys.stderr)
            db.unlink()
            new = write_jsonl(work / "new.jsonl", synthetic_rows(rng, 100, f"n{size}-", 701))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
