"""The web app under concurrent clients (issue 13: no errors, p99 under 100 ms for ordinary
pages with 20 clients). Loopback only.

    python bench/web.py [--db lagebild.db] [--clients 20] [--requests 2000] [--think-ms 0]

Without ``--db`` the built-in demo corpus is analysed into a temporary store first. The app runs
as ``lagebild serve`` in its own process; the clients are threads here, each opening a new
connection per request (as browsers do for a burst) and asking for the ordinary pages in turn:
story list, story, article, entities, entity, quotes, quotes of a speaker, search. Each client
is a process of its own (threads would queue for one interpreter lock and measure that). With
``--think-ms 0`` each client asks again as soon as it has an answer (a closed loop: the latency
then grows with the number of clients over the server's throughput); ``--think-ms N`` waits a
random 0–2N ms between requests, as people clicking do. Prints the count, errors and latency
percentiles (wall time per request, connection included), overall and per page kind, and the
server's CPU time per request (from /proc, so not inflated by a busy machine's waiting).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pages(db: str) -> list[tuple[str, str]]:
    """(kind, path) of the ordinary pages over what the store holds."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        stories = [r[0] for r in con.execute("SELECT id FROM stories LIMIT 5")]
        articles = [r[0] for r in con.execute("SELECT id FROM articles LIMIT 5")]
        entities = [(r[0], r[1]) for r in con.execute("SELECT id, name FROM entities LIMIT 5")]
    pages = [("stories", "/"), ("entities", "/entities"), ("quotes", "/quotes")]
    pages += [("story", f"/story/{s}") for s in stories]
    pages += [("article", f"/article/{quote(a)}") for a in articles]
    pages += [("entity", f"/entity/{quote(e)}") for e, _ in entities]
    pages += [("quotes?speaker", f"/quotes?speaker={quote(n.split()[-1])}") for _, n in entities]
    pages += [("search", f"/search?q={quote(w)}") for w in ("Wasser", "Kommission Gipfel")]
    return pages


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"lagebild serve ended with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("lagebild serve did not start within a minute")


def _client(
    port: int,
    pages: list[tuple[str, str]],
    requests: int,
    offset: int,
    think_ms: float,
    start: Any,
) -> tuple[dict[str, list[float]], list[str]]:
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    pause = random.Random(offset)
    start.wait()
    for i in range(requests):
        if think_ms:
            time.sleep(pause.uniform(0, 2 * think_ms) / 1000)
        kind, path = pages[(offset + i) % len(pages)]
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            status = response.status
        except OSError as exc:
            status, kind = 0, f"{kind} ({type(exc).__name__})"
        times[kind].append(time.perf_counter() - started)
        if status != 200:
            errors.append(f"{status} {path}")
    return times, errors


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store to serve (default: the demo, analysed now)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="in all, over all clients")
    parser.add_argument("--think-ms", type=float, default=0, help="mean pause between requests")
    parser.add_argument("--json", help="write the summary as JSON here")
    args = parser.parse_args()
    lagebild = [sys.executable, "-m", "lagebild.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = f"{tmp}/demo.db"
            subprocess.run(
                [*lagebild, "demo", "--db", db, "--html", f"{tmp}/r.html"],
                check=True,
                capture_output=True,
            )
        pages = _pages(db)
        port = _free_port()
        server = subprocess.Popen(
            [*lagebild, "serve", "--db", db, "--port", str(port)], stderr=subprocess.PIPE
        )
        try:
            _wait_until_up(port, server)
            each = args.requests // args.clients
            with multiprocessing.Manager() as manager, ProcessPoolExecutor(args.clients) as pool:
                start = manager.Event()
                runs = [
                    pool.submit(_client, port, pages, each, n * 7, args.think_ms, start)
                    for n in range(args.clients)
                ]
                time.sleep(2)  # every client process is up and waiting
                cpu_before = _cpu_seconds(server.pid)
                started = time.perf_counter()
                start.set()
                results = [run.result() for run in runs]
                wall = time.perf_counter() - started
                server_cpu = _cpu_seconds(server.pid) - cpu_before
            times: dict[str, list[float]] = defaultdict(list)
            errors: list[str] = []
            for client_times, client_errors in results:
                for kind, values in client_times.items():
                    times[kind].extend(values)
                errors.extend(client_errors)
        finally:
            server.terminate()
            server.wait(10)
    every = [t for kind in times.values() for t in kind]
    summary = {
        "clients": args.clients,
        "think_ms": args.think_ms,
        "requests": len(every),
        "errors": len(errors),
        "error_examples": errors[:5],
        "requests_per_s": round(len(every) / wall, 1),
        "server_cpu_ms_per_request": round(1000 * server_cpu / len(every), 2),
        "p50_ms": round(1000 * statistics.median(every), 1),
        "p95_ms": round(1000 * _percentile(every, 0.95), 1),
        "p99_ms": round(1000 * _percentile(every, 0.99), 1),
        "max_ms": round(1000 * max(every), 1),
        "p99_ms_by_page": {
            kind: round(1000 * _percentile(values, 0.99), 1) for kind, values in times.items()
        },
    }
    print(json.dumps(summary, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1) + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
