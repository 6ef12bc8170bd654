"""Golden outputs: what users see from the demo corpus (and a text-free digest of the seeds).

    python tests/golden.py            # compare, print the first differences
    python tests/golden.py --update   # rewrite tests/golden/*.json after an intended change

``tests/test_golden.py`` fails when an output differs from its golden file. A change of output
is either a listed bug fix (regenerate and say why in the commit) or a regression.

The seeds are third-party text and never stored here: their digest keeps offsets, labels,
values and entity names, no article text.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from lagebild.cli import main as cli

GOLDEN = Path(__file__).resolve().parent / "golden"
# where the installed demo articles lie differs between checkouts: exports show it as DEMO
DEMO_ARTICLES = str(resources.files("lagebild") / "demo" / "articles")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
# The CLI commands that read a store, each with the arguments it is called with.
STORE_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("quotes",),
    ("quotes", "--json"),
    ("quotes", "--speaker", "Valstad"),
    ("entities",),
    ("entities", "--json"),
    ("entities", "--label", "ORG"),
    ("timeline",),
    ("timeline", "--json"),
    ("stories",),
    ("stories", "--json"),
    ("export", "--format", "jsonl"),
    ("export", "--format", "csv"),
)


def _invoke(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"lagebild {' '.join(args)} exited {result.exit_code}:\n{result.output}")
    return result.output


def _relative_sources(corpus: dict[str, Any]) -> dict[str, Any]:
    for article in corpus["articles"]:
        article["source"] = Path(article["source"]).name
    for skipped in corpus.get("skipped", []):
        skipped["source"] = Path(skipped["source"]).name
    return corpus


def demo_outputs() -> dict[str, Any]:
    """The demo's JSON and the output of every store-reading command over the demo store."""
    with tempfile.TemporaryDirectory() as tmp:
        db, json_path = f"{tmp}/demo.db", f"{tmp}/demo.json"
        _invoke(["demo", "--db", db, "--html", f"{tmp}/report.html", "--json", json_path])
        corpus = _relative_sources(json.loads(Path(json_path).read_text(encoding="utf-8")))
        commands = {
            " ".join(args): _invoke([args[0], "--db", db, *args[1:]])
            .replace(tmp, "TMP")
            .replace(DEMO_ARTICLES, "DEMO")
            for args in STORE_COMMANDS
        }
    return {"demo.json": corpus, "demo-commands.json": commands}


def _span(span: dict[str, Any] | None, *keys: str) -> list[Any] | None:
    if span is None:
        return None
    return [span["start"], span["end"], *(span.get(k) for k in keys)]


def seeds_digest() -> dict[str, Any] | None:
    """Offsets, labels and values of every layer over the seeds, without their text."""
    if not SEEDS.is_dir():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        _invoke(["analyze", str(SEEDS), "--no-db", "--json", f"{tmp}/seeds.json"])
        corpus = json.loads(Path(f"{tmp}/seeds.json").read_text(encoding="utf-8"))
    articles = {}
    for a in corpus["articles"]:
        articles[Path(a["source"]).name[:3]] = {
            "id": a["id"],
            "published": a["published"],
            "length": len(a["text"]),
            "removed": [r["kind"] for r in a["removed"]],
            "sentences": len(a["sentences"]),
            "entities": [_span(e, "label", "entity") for e in a["entities"]],
            "quotes": [
                [
                    *_span(q, "type"),
                    _span(q["speaker"], "kind", "entity"),
                    _span(q.get("cue")),
                ]
                for q in a["quotes"]
            ],
            "timexes": [_span(t, "type", "value") for t in a["timexes"]],
        }
    return {
        "articles": articles,
        "entities": [
            [e["id"], e["name"], e["label"], sorted(e["variants"]), e["mentions"]]
            for e in corpus["entities"]
        ],
        "stories": [sorted(s["articles"]) for s in corpus["stories"]],
        "events": [[e["date"], e["article"], e["sentence"], e["timex"]] for e in corpus["events"]],
    }


def current_outputs(*, with_seeds: bool = True) -> dict[str, Any]:
    outputs = demo_outputs()
    if with_seeds and (digest := seeds_digest()) is not None:
        outputs["seeds-digest.json"] = digest
    return outputs


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def differences(name: str, current: Any, limit: int = 40) -> list[str]:
    """The first lines of a unified diff between the golden file and the current output."""
    golden_path = GOLDEN / name
    golden = golden_path.read_text(encoding="utf-8") if golden_path.exists() else ""
    diff = difflib.unified_diff(
        golden.splitlines(), dump(current).splitlines(), f"golden/{name}", "now", lineterm=""
    )
    return list(diff)[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the golden files")
    args = parser.parse_args()
    outputs = current_outputs()
    if args.update:
        GOLDEN.mkdir(exist_ok=True)
        for name, value in outputs.items():
            (GOLDEN / name).write_text(dump(value), encoding="utf-8")
        print(f"wrote {', '.join(sorted(outputs))} to {GOLDEN}")
        return 0
    changed = False
    for name, value in outputs.items():
        if lines := differences(name, value):
            changed = True
            print("\n".join(lines))
    print("outputs differ from the golden files" if changed else "outputs match the golden files")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
