"""Build the TIMEX3 gold sets (bench/data/timex3-*.jsonl) from their annotated sources.

    python bench/timex_gold.py            # rewrites every bench/data/timex3-*.jsonl

A source (bench/data/timex3-*.txt) holds documents written for lagebild. A document starts
with a line ``@ <id> <published or -> <genre>``; its following lines are its paragraphs. A time
expression is marked ``[span|TYPE|value]`` or ``[span|TYPE|value|MOD]``, the span in TIMEX3
conventions (see BENCHMARKS.md). A value may start with a shorthand relative to the publication
date, so that the annotator need not count calendar days by hand: ``<d-3>`` is three days
before it, ``<w+1>`` the next ISO week, ``<m-1>`` the month before, ``<y0>`` its year;
anything after the shorthand is kept (``<d-1>TEV``, ``<d0>T18:30``). Lines starting with ``#``
are comments.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
_MARK = re.compile(r"\[([^\[\]|]+)\|(DATE|TIME|DURATION|SET)\|([^\[\]|]+)(?:\|([A-Z_]+))?\]")
_SHORTHAND = re.compile(r"^<([dwmy])([+-]?\d+)>")
_HEADER = re.compile(r"^@ (\S+) (\S+) (news|narrative)$")


def _expand(value: str, published: str | None, where: str) -> str:
    m = _SHORTHAND.match(value)
    if not m:
        return value
    if not published:
        raise ValueError(f"{where}: shorthand {value!r} in a document without publication date")
    day = dt.date.fromisoformat(published[:10])
    unit, amount = m.group(1), int(m.group(2))
    rest = value[m.end() :]
    if unit == "d":
        return (day + dt.timedelta(days=amount)).isoformat() + rest
    if unit == "w":
        year, week, _ = (day + dt.timedelta(weeks=amount)).isocalendar()
        return f"{year}-W{week:02d}" + rest
    if unit == "m":
        months = day.year * 12 + day.month - 1 + amount
        return f"{months // 12:04d}-{months % 12 + 1:02d}" + rest
    return f"{day.year + amount:04d}" + rest


def parse(path: Path) -> list[dict]:
    documents: list[dict] = []
    lines: list[str] = []

    def close() -> None:
        if documents:
            documents[-1]["source"] = "\n".join(lines).strip("\n")
        lines.clear()

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            close()
            doc_id, published, genre = header.groups()
            published = None if published == "-" else published
            documents.append({"id": doc_id, "published": published, "genre": genre})
            documents[-1]["line"] = number
        elif line.startswith("@"):
            raise ValueError(f"{path}:{number}: bad document header {line!r}")
        elif documents:
            lines.append(line)
    close()
    out = []
    for doc in documents:
        where = f"{path}:{doc['line']}"
        text, timexes, position = [], [], 0
        source = doc["source"]
        for m in _MARK.finditer(source):
            text.append(source[position : m.start()])
            start = sum(len(part) for part in text)
            span, type_, value, mod = m.groups()
            text.append(span)
            timexes.append(
                {
                    "start": start,
                    "end": start + len(span),
                    "text": span,
                    "type": type_,
                    "value": _expand(value, doc["published"], where),
                    "mod": mod,
                }
            )
            position = m.end()
        text.append(source[position:])
        plain = "".join(text)
        if "[" in plain or "]" in plain:
            raise ValueError(f"{where}: malformed mark in document {doc['id']}")
        out.append(
            {
                "id": doc["id"],
                "published": doc["published"],
                "genre": doc["genre"],
                "text": plain,
                "timexes": timexes,
            }
        )
    return out


def main() -> int:
    total = 0
    for source in sorted(DATA.glob("timex3-*.txt")):
        documents = parse(source)
        target = source.with_suffix(".jsonl")
        target.write_text(
            "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8"
        )
        count = sum(len(d["timexes"]) for d in documents)
        total += count
        print(f"{target.name}: {len(documents)} documents, {count} expressions")
    print(f"total {total} expressions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
