"""``lagebild serve``: a local, read-only web app over a store.

Standard library HTTP server plus Jinja2 templates (autoescaping on: article text is untrusted
input). ``App.handle(path)`` renders a page without any server, which the tests use; ``serve``
binds it to 127.0.0.1 unless told otherwise. One read-only SQLite connection serves all request
threads behind a lock: pages are index lookups of a few milliseconds, so the lock costs less
than a connection per request would.
"""

from __future__ import annotations

import threading
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

PER_PAGE = 50


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"


class NotFound(Exception):
    pass


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


class App:
    def __init__(self, db_path: str):
        self.store = Store(db_path, readonly=True)
        self.lock = threading.Lock()
        self.env = Environment(
            loader=PackageLoader("lagebild.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
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

    def close(self) -> None:
        self.store.close()

    def handle(self, target: str) -> Response:
        parts = urlsplit(target)
        segments = [unquote(s) for s in parts.path.split("/") if s]
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        route = self.routes.get(segments[0] if segments else "")
        try:
            if route is None or len(segments) > 2:
                raise NotFound(parts.path)
            with self.lock:
                html = route(segments[1] if len(segments) > 1 else None, params)
        except NotFound as exc:
            body = self.env.get_template("error.html").render(message=f"Nicht gefunden: {exc}")
            return Response(HTTPStatus.NOT_FOUND, body.encode())
        except ValueError as exc:
            body = self.env.get_template("error.html").render(message=f"Ungültige Anfrage: {exc}")
            return Response(HTTPStatus.BAD_REQUEST, body.encode())
        return Response(HTTPStatus.OK, html.encode())

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    @staticmethod
    def _page(params: dict[str, str]) -> int:
        page = int(params.get("page", "1"))
        if page < 1:
            raise ValueError("page must be 1 or more")
        return page

    # -- pages -----------------------------------------------------------------------------

    def stories_page(self, _: str | None, params: dict[str, str]) -> str:
        page = self._page(params)
        rows = queries.list_stories(self.store, page, PER_PAGE + 1)
        return self._render(
            "stories.html",
            stories=rows[:PER_PAGE],
            page=page,
            more=len(rows) > PER_PAGE,
            total=queries.count_stories(self.store),
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
        return self._render(
            "entities.html",
            entities=rows[:PER_PAGE],
            page=page,
            more=len(rows) > PER_PAGE,
            label=label,
        )

    def entity_page(self, entity_id: str | None, params: dict[str, str]) -> str:
        entity = queries.get_entity(self.store, entity_id or "")
        if entity is None:
            raise NotFound(f"Entität {entity_id}")
        page = self._page(params)
        rows = queries.entity_articles(self.store, entity["id"], page, PER_PAGE + 1)
        return self._render(
            "entity.html",
            entity=entity,
            articles=rows[:PER_PAGE],
            page=page,
            more=len(rows) > PER_PAGE,
            quotes=queries.entity_quotes(self.store, entity["id"]),
        )

    def quotes_page(self, _: str | None, params: dict[str, str]) -> str:
        page = self._page(params)
        filters = {k: params.get(k) or None for k in ("speaker", "outlet", "date_from", "date_to")}
        rows = queries.search_quotes(self.store, **filters, page=page, per_page=PER_PAGE + 1)
        return self._render(
            "quotes.html",
            quotes=rows[:PER_PAGE],
            page=page,
            more=len(rows) > PER_PAGE,
            filters=filters,
            outlets=queries.outlets(self.store),
        )

    def search_page(self, _: str | None, params: dict[str, str]) -> str:
        page = self._page(params)
        text = params.get("q", "").strip()
        rows = queries.search_articles(self.store, text, page, PER_PAGE + 1) if text else []
        return self._render(
            "search.html", q=text, results=rows[:PER_PAGE], page=page, more=len(rows) > PER_PAGE
        )


def make_handler(app: App) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            response = app.handle(self.path)
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


def make_server(db_path: str, host: str = "127.0.0.1", port: int = 8765) -> ThreadingHTTPServer:
    app = App(db_path)
    server = ThreadingHTTPServer((host, port), make_handler(app))
    server.daemon_threads = True
    return server


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve the store at http://host:port/ until interrupted (Ctrl-C)."""
    server = make_server(db_path, host, port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
