"""``lagebild serve``: a local, read-only web app over a store.

Standard library HTTP server plus Jinja2 templates (autoescaping on: article text is untrusted
input). ``App.handle(path)`` renders a page without any server, which the tests use; ``serve``
binds it to 127.0.0.1 unless told otherwise.

Pages are kept once rendered, until the store changes (``PageCache``): the app only reads, so
the same page asked for again is the same bytes, and 20 clients asking for the ordinary pages
cost one rendering each instead of one per request.

Every request gets an answer with a status, and bounded work: each request thread reads through
its own read-only SQLite connection (no lock shared between requests), a query that runs past
``QUERY_SECONDS`` is interrupted (503), and search words, filter lengths and page numbers have
limits (400 beyond them). The Host header must name this computer or an address, so a web page
elsewhere cannot read the store through DNS rebinding.
"""

from __future__ import annotations

import ipaddress
import queue
import socket
import sqlite3
import sys
import threading
import time
import traceback
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..report import counted
from ..report.timeline_svg import render_timeline_svg
from ..store import Store
from ..store import stories as queries
from ..store.queries import search_quotes

PER_PAGE = 50
MAX_PAGE = 2_000  # deeper pages make SQLite walk past 100,000 rows; nobody pages that far
MAX_SEARCH_WORDS = 20
MAX_PARAM_CHARS = 500
QUERY_SECONDS = 2.0  # a page's queries take milliseconds; this ends pathological ones
CONNECTION_TIMEOUT_S = 20.0
SWITCH_INTERVAL_S = 0.0005
CACHED_PAGE_BYTES = 64 * 1024 * 1024  # rendered pages kept; the least recently asked go first
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"


class NotFound(Exception):
    pass


class BadRequest(ValueError):
    """The request asks for something the app does not answer (bad number, too many words)."""


def _printable(value: str) -> str:
    """A parameter without control characters (a NUL ends strings in SQLite's C code)."""
    return "".join(c for c in value if unicodedata.category(c) != "Cc")


def host_allowed(host_header: str | None, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a request's Host names this app: an IP address, localhost or a name the user
    allowed. A page from elsewhere that rebinds its own DNS name to 127.0.0.1 still sends its
    own name as Host, and is refused."""
    if not host_header:
        return True  # HTTP/1.0 clients send none; browsers always do
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    host = host.rstrip(".")
    if host in LOOPBACK_NAMES or host in extra:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _marked(snippet: str | None) -> Markup:
    """An FTS snippet with its match markers as <mark>, everything else escaped."""
    text = str(escape(snippet or ""))
    return Markup(text.replace("\x02", "<mark>").replace("\x03", "</mark>"))


def _highlight(text: str, start: int | None, end: int | None) -> Markup:
    if start is None or end is None or not 0 <= start < end <= len(text):
        return Markup(escape(text))
    return Markup(
        f'{escape(text[:start])}<mark id="cited">{escape(text[start:end])}</mark>'
        f"{escape(text[end:])}"
    )


def _timeline_svg(events: list[dict[str, Any]]) -> Markup | None:
    """The events as an SVG timeline; None without events."""
    return Markup(render_timeline_svg(events)) if events else None


def publication_svg(members: list[dict[str, Any]]) -> Markup:
    """A dot per article on a date axis, one row per outlet: who reported when."""
    dated = sorted({m["published"][:10] for m in members if m["published"]})
    outlets = sorted({m["outlet"] or "?" for m in members})
    if not dated:
        return Markup("")
    first, last = date.fromisoformat(dated[0]), date.fromisoformat(dated[-1])
    span = max((last - first).days, 1)
    width, left, row = 760, 150, 22
    height = row * len(outlets) + 30
    parts = [
        f'<svg id="publication-timeline" width="{width}" height="{height}" '
        f'role="img" aria-label="Veröffentlichungen je Medium">'
    ]
    for i, outlet in enumerate(outlets):
        y = 15 + i * row
        parts.append(f'<text x="0" y="{y + 4}" font-size="12">{escape(outlet[:22])}</text>')
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#ccc"/>')
    for m in members:
        if not m["published"]:
            continue
        x = (
            left
            + (width - left - 20) * (date.fromisoformat(m["published"][:10]) - first).days / span
        )
        y = 15 + outlets.index(m["outlet"] or "?") * row
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="#20303f">'
            f"<title>{escape(m['published'])}: {escape(m['title'] or '')}</title></circle>"
        )
    parts.append(f'<text x="{left}" y="{height - 4}" font-size="11">{first}</text>')
    parts.append(f'<text x="{width - 80}" y="{height - 4}" font-size="11">{last}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


class PageCache:
    """Rendered pages by request target, valid while the store is unchanged.

    A change is seen through SQLite's ``PRAGMA data_version``, which differs between two reads
    on one connection when another connection committed in between. Each pooled connection
    remembers the value it last read; when a request's connection reads another (or reads for
    the first time), the cache is emptied and its generation counted up. A page rendered while
    that happened is not kept: it may show the store from before the change.
    """

    def __init__(self, max_bytes: int = CACHED_PAGE_BYTES):
        self.max_bytes = max_bytes
        self.generation = 0
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._seen: dict[int, int] = {}  # id of a connection -> data_version it last read
        self._lock = threading.Lock()

    def current(self, db: sqlite3.Connection) -> int:
        """The generation valid for a request about to read through ``db``."""
        version = db.execute("PRAGMA data_version").fetchone()[0]
        with self._lock:
            if self._seen.get(id(db)) != version:
                self._seen[id(db)] = version
                self._pages.clear()
                self._bytes = 0
                self.generation += 1
            return self.generation

    def get(self, target: str) -> bytes | None:
        with self._lock:
            body = self._pages.get(target)
            if body is not None:
                self._pages.move_to_end(target)
            return body

    def put(self, target: str, body: bytes, generation: int) -> None:
        with self._lock:
            if generation != self.generation or len(body) > self.max_bytes:
                return
            previous = self._pages.pop(target, None)
            self._bytes += len(body) - (len(previous) if previous is not None else 0)
            self._pages[target] = body
            while self._bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped)


class App:
    def __init__(self, db_path: str):
        self.db_path = db_path
        self._local = threading.local()
        self._stores: list[Store] = []  # every connection opened, to close them
        self._stores_lock = threading.Lock()
        self._idle: queue.SimpleQueue[Store] = queue.SimpleQueue()  # those no request holds
        self._idle.put(self._open())  # now, so a bad store fails at start, not on a request
        self.pages = PageCache()
        self.env = Environment(
            loader=PackageLoader("lagebild.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            auto_reload=False,  # the templates ship with the package; no stat per page
        )
        self.env.filters["marked"] = _marked
        self.env.filters["highlight"] = _highlight
        self.env.filters["counted"] = counted
        self.routes = {
            "": self.stories_page,
            "story": self.story_page,
            "storyline": self.storyline_page,
            "article": self.article_page,
            "entities": self.entities_page,
            "entity": self.entity_page,
            "quotes": self.quotes_page,
            "search": self.search_page,
        }

    @property
    def store(self) -> Store:
        """The read-only connection this thread's request holds. Connections are lent from a
        pool: concurrent requests read side by side (SQLite serves concurrent readers; one
        shared connection would make each wait for the slowest), and the server's thread per
        connection does not mean a database connection per request."""
        store = getattr(self._local, "store", None)
        if store is None:
            try:
                store = self._idle.get_nowait()
            except queue.Empty:
                store = self._open()
            self._local.store = store
        return store

    def _open(self) -> Store:
        store = Store(self.db_path, readonly=True)
        store.db.set_progress_handler(self._past_deadline, 1_000)
        with self._stores_lock:
            self._stores.append(store)
        return store

    def _give_back(self) -> None:
        store = getattr(self._local, "store", None)
        if store is not None:
            self._local.store = None
            self._idle.put(store)

    @property
    def connections(self) -> int:
        """How many connections the app has opened (at most as many as requests ran at once)."""
        return len(self._stores)

    def _past_deadline(self) -> bool:
        deadline = getattr(self._local, "deadline", None)
        return deadline is not None and time.monotonic() > deadline

    def close(self) -> None:
        with self._stores_lock:
            for store in self._stores:
                store.close()
            self._stores.clear()

    def handle(self, target: str) -> Response:
        """The response to a GET of ``target``: a page, or an error page with its status."""
        try:
            parts = urlsplit(target)
            segments = [_printable(unquote(s)) for s in parts.path.split("/") if s]
            params = {k: _printable(v[-1]) for k, v in parse_qs(parts.query).items()}
            if any(len(v) > MAX_PARAM_CHARS for v in params.values()):
                raise BadRequest(f"ein Parameter ist länger als {MAX_PARAM_CHARS} Zeichen")
            route = self.routes.get(segments[0] if segments else "")
            if route is None or len(segments) > 2:
                raise NotFound(parts.path)
            self._local.deadline = time.monotonic() + QUERY_SECONDS
            try:
                generation = self.pages.current(self.store.db)
                body = self.pages.get(target)
                if body is None:
                    body = route(segments[1] if len(segments) > 1 else None, params).encode()
                    self.pages.put(target, body, generation)
            finally:
                self._local.deadline = None
                self._give_back()
        except NotFound as exc:
            return self._error(HTTPStatus.NOT_FOUND, f"Nicht gefunden: {exc}")
        except (ValueError, OverflowError) as exc:
            return self._error(HTTPStatus.BAD_REQUEST, f"Ungültige Anfrage: {exc}")
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                return self._internal_error()
            return self._error(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"Die Anfrage brauchte länger als {QUERY_SECONDS:g} s und wurde abgebrochen",
            )
        except Exception:  # noqa: BLE001 - every request gets an answer; the trace goes to stderr
            return self._internal_error()
        return Response(HTTPStatus.OK, body)

    def _error(self, status: HTTPStatus, message: str) -> Response:
        body = self.env.get_template("error.html").render(message=message)
        return Response(status, body.encode())

    def _internal_error(self) -> Response:
        traceback.print_exc(file=sys.stderr)
        return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "Interner Fehler")

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def _render_paged(
        self, template: str, name: str, rows: list[Any], page: int, **context: Any
    ) -> str:
        """A page of a list, ``rows`` fetched one past the page: the extra row says there is a
        next page. The template gets the page's rows as ``name``, ``page`` and ``more``."""
        more = len(rows) > PER_PAGE
        return self._render(template, **{name: rows[:PER_PAGE]}, page=page, more=more, **context)

    @staticmethod
    def _page(params: dict[str, str]) -> int:
        page = int(params.get("page", "1"))
        if not 1 <= page <= MAX_PAGE:
            raise BadRequest(f"page must be between 1 and {MAX_PAGE}")
        return page

    # -- pages -----------------------------------------------------------------------------

    def stories_page(self, _: str | None, params: dict[str, str]) -> str:
        page = self._page(params)
        rows = queries.list_stories(self.store, page, PER_PAGE + 1)
        return self._render_paged(
            "stories.html", "stories", rows, page, total=queries.count_stories(self.store)
        )

    def story_page(self, story_id: str | None, params: dict[str, str]) -> str:
        story = queries.get_story(self.store, int(story_id or "x"))
        if story is None:
            raise NotFound(f"Story {story_id}")
        members = queries.story_articles(self.store, story["id"])
        comparison = queries.get_comparison(self.store, story["id"])
        storyline = (
            queries.storyline_stories(self.store, story["storyline_id"])
            if story["storyline_id"]
            else []
        )
        events = queries.story_events(self.store, story["id"])
        facts_shown = None if params.get("facts") == "all" else 40
        return self._render(
            "story.html",
            story=story,
            members=members,
            comparison=comparison,
            storyline=storyline,
            events=events,
            timeline_svg=_timeline_svg(events),
            facts_shown=facts_shown,
            publication_svg=publication_svg(members),
        )

    def storyline_page(self, storyline_id: str | None, _: dict[str, str]) -> str:
        line = queries.get_storyline(self.store, int(storyline_id or "x"))
        if line is None:
            raise NotFound(f"Storyline {storyline_id}")
        return self._render(
            "storyline.html",
            storyline=line,
            stories=queries.storyline_stories(self.store, line["id"]),
        )

    def article_page(self, article_id: str | None, params: dict[str, str]) -> str:
        try:
            article = self.store.load_article(article_id or "")
        except KeyError as exc:
            raise NotFound(f"Artikel {article_id}") from exc
        start = int(params["start"]) if "start" in params else None
        end = int(params["end"]) if "end" in params else None
        return self._render(
            "article.html",
            article=article,
            start=start,
            end=end,
            story_id=queries.article_story(self.store, article.id),
        )

    def entities_page(self, _: str | None, params: dict[str, str]) -> str:
        page = self._page(params)
        label = params.get("label") or None
        rows = queries.list_entities(self.store, page, PER_PAGE + 1, label)
        return self._render_paged("entities.html", "entities", rows, page, label=label)

    def entity_page(self, entity_id: str | None, params: dict[str, str]) -> str:
        entity = queries.get_entity(self.store, entity_id or "")
        if entity is None:
            raise NotFound(f"Entität {entity_id}")
        page = self._page(params)
        rows = queries.entity_articles(self.store, entity["id"], page, PER_PAGE + 1)
        return self._render_paged(
            "entity.html",
            "articles",
            rows,
            page,
            entity=entity,
            quotes=queries.entity_quotes(self.store, entity["id"]),
        )

    def quotes_page(self, _: str | None, params: dict[str, str]) -> str:
        page = self._page(params)
        filters = {k: params.get(k) or None for k in ("speaker", "outlet", "date_from", "date_to")}
        rows = search_quotes(self.store, **filters, page=page, per_page=PER_PAGE + 1)
        return self._render_paged(
            "quotes.html",
            "quotes",
            rows,
            page,
            filters=filters,
            outlets=queries.outlets(self.store),
        )

    def search_page(self, _: str | None, params: dict[str, str]) -> str:
        page = self._page(params)
        text = params.get("q", "").strip()
        if len(text.split()) > MAX_SEARCH_WORDS:
            raise BadRequest(f"höchstens {MAX_SEARCH_WORDS} Suchwörter")
        rows = queries.search_articles(self.store, text, page, PER_PAGE + 1) if text else []
        return self._render_paged("search.html", "results", rows, page, q=text)


def make_handler(
    app: App, allowed_hosts: frozenset[str] = frozenset()
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # a client that connects and then sends nothing (or trickles) is let go, so idle
        # connections cannot pile up threads
        timeout = CONNECTION_TIMEOUT_S

        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            if host_allowed(self.headers.get("Host"), allowed_hosts):
                response = app.handle(self.path)
            else:
                response = app._error(
                    HTTPStatus.FORBIDDEN,
                    "Unbekannter Host; erlauben mit `lagebild serve --allow-host NAME`",
                )
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header(
                "Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'"
            )
            self.end_headers()
            self.wfile.write(response.body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # one line per request would drown the terminal; errors still raise

    return Handler


class Server(ThreadingHTTPServer):
    """The HTTP server with the app it serves."""

    app: App
    daemon_threads = True
    # the default of 5 pending connections makes the sixth of a burst wait a second for a retry
    request_queue_size = 128


def _own_names(host: str) -> frozenset[str]:
    """Names this computer answers to, when the app listens beyond loopback."""
    if host in ("127.0.0.1", "::1", "localhost"):
        return frozenset()
    return frozenset({socket.gethostname().lower(), socket.getfqdn().lower()})


def make_server(
    db_path: str,
    host: str = "127.0.0.1",
    port: int = 8765,
    allowed_hosts: frozenset[str] = frozenset(),
) -> Server:
    """The server, bound; raises OSError when the address is taken."""
    app = App(db_path)
    names = frozenset(n.lower() for n in allowed_hosts) | _own_names(host)
    server = Server((host, port), make_handler(app, names))
    server.app = app
    return server


def serve(server: Server) -> None:
    """Serve until interrupted (Ctrl-C)."""
    # A request holds the interpreter lock for about a millisecond of rendering; with the
    # default 5 ms turns, threads whose answer is ready wait behind it (bench/web.py: p99 with 20
    # clients 185-196 ms at 5 ms turns, 133-137 ms at 0.5 ms, same machine and load).
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
