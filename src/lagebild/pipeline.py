"""The orchestrator: inputs → raw articles → cleaned articles → stages → corpus steps → store.

One bad article never stops a batch: reading problems and stage failures are recorded as
``Skipped`` with the file (and line) and the reason.

The stages see one article at a time and nothing else, so they run in parallel: ``jobs`` worker
processes on one machine, or ``analyse_article`` mapped over a distributed engine's partitions
(each worker builds its models once); only the corpus steps need all articles together.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from itertools import chain
from typing import Any
from urllib.parse import urlparse

from .clean import clean
from .corpus.compare import compare_stored_stories, compare_story
from .corpus.entities import corpus_names, resolve
from .corpus.speakers import link_speakers
from .corpus.stories import cluster_articles, story_record, update_stories
from .corpus.timeline import build_events
from .errors import InputError, LagebildError
from .ingest import RawArticle, read_inputs
from .ingest.decode import without_surrogates
from .ingest.language import language_identifier
from .ingest.text import split_title
from .limits import ARTICLE_CPU_SECONDS, ArticleTooCostly, cpu_time_limit, too_costly
from .model import Article, Corpus, EntityMention, Skipped
from .outlets import load_outlets, outlet_for_folder, outlet_for_source, outlet_for_url
from .stages import Stage, build_pipeline
from .stages.entities.consistency import name_keys, name_words
from .store import Store
from .store import stories as queries
from .store.stories import StoryTables
from .version import __version__


def article_id(outlet: str | None, title: str | None, text: str) -> str:
    """Content hash: the same text from the same outlet is the same article, however named."""
    key = "\x1f".join((outlet or "", title or "", text))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


CHUNK = 200  # analysed articles written to the store in one transaction
_IN_FLIGHT_PER_WORKER = 8  # articles handed to each worker process ahead of their results


def _language_identifier():
    # py3langid over the languages our corpora mix, started from a per-user snapshot
    return language_identifier()


def detect_language(text: str) -> str:
    language, _probability = _language_identifier().classify(text[:2000])
    return language


def prepare(
    raw: RawArticle,
    *,
    outlet: str | None = None,
    genre: str | None = None,
    outlet_profiles: list[dict[str, Any]] | None = None,
    folders: Sequence[str] = (),
) -> Article:
    """A raw article made ready for the stages: cleaned, titled, identified, warned about.
    ``folders`` are the directories given as inputs (a sub-folder of one names the outlet)."""
    costly = too_costly(raw.text)
    if costly:
        raise InputError(raw.source, costly)
    # a reader's text is never split inside a character, but an API caller's may be
    text = without_surrogates(raw.text)
    text, removed = clean(text) if raw.clean else (text, [])
    removed = list(raw.removed) + removed
    title = raw.title
    if raw.format == "text":
        title, text = split_title(text)
    if not text.strip():
        raise InputError(raw.source, "no article text left after removing boilerplate")
    profiles = outlet_profiles or []
    chosen_outlet = (
        outlet
        or outlet_for_url(profiles, raw.url)
        or raw.outlet
        or outlet_for_source(profiles, raw.source)
        or outlet_for_folder(profiles, raw.source, folders)
        or (urlparse(raw.url).hostname if raw.url else None)
    )
    warnings = list(raw.warnings)
    if raw.published is None:
        warnings.append("no publication date stated; published left empty")
    language = raw.language or detect_language(text)
    if language != "de":
        warnings.append(f"language looks like {language!r}, not German; analysis may be poor")
    return Article(
        id=article_id(chosen_outlet, title, text),
        source=raw.source,
        text=text,
        title=title,
        published=raw.published,
        outlet=chosen_outlet,
        author=raw.author,
        url=raw.url,
        language=language,
        genre=genre or raw.genre or "news",
        removed=removed,
        warnings=warnings,
    )


def run_stages(article: Article, pipeline: list[Stage] | None = None) -> Article:
    """Run the stages (by default every stage this installation has) over one article."""
    for stage in pipeline if pipeline is not None else build_pipeline():
        stage.run(article)
    return article


def analyse_article(article: Article, stages: tuple[str, ...] | None = None) -> Article:
    """One prepared article through the stages: the unit of work to map over a worker pool or
    a distributed engine. Raises what a stage raises."""
    return run_stages(article, _pipeline(stages))


@cache
def _pipeline(stages: tuple[str, ...] | None) -> list[Stage]:
    return build_pipeline(stages)


def analysed_or_failure(
    article: Article, stages: tuple[str, ...] | None
) -> tuple[Article, str | None]:
    """The analysed article, or the article and why its analysis failed. A broken installation
    or data file (LagebildError) concerns every article and is raised."""
    try:
        with cpu_time_limit(ARTICLE_CPU_SECONDS):
            return analyse_article(article, stages), None
    except ArticleTooCostly as exc:
        return article, str(exc)
    except LagebildError:
        raise
    except Exception as exc:  # noqa: BLE001 - one article's failure must not end the batch
        return article, f"analysis failed: {type(exc).__name__}: {exc}"


def _analysed_unless_known(
    item: tuple[Article, bool], stages: tuple[str, ...] | None
) -> tuple[Article, bool, str | None]:
    """The work of one input: a stored article (``known``) is passed through untouched."""
    article, known = item
    if known:
        return article, True, None
    analysed, failure = analysed_or_failure(article, stages)
    return analysed, False, failure


def _analyse_stream(
    items: Iterable[tuple[Article, bool]], stages: tuple[str, ...] | None, jobs: int
) -> Iterator[tuple[Article, bool, str | None]]:
    """Each input analysed (or its failure), in input order, on ``jobs`` processes. Inputs are
    read as results are taken, with a few per worker in flight, so memory does not grow with
    the batch."""
    source = iter(items)
    if jobs <= 1:
        for item in source:
            yield _analysed_unless_known(item, stages)
        return
    in_flight: deque[tuple[tuple[Article, bool], Future[tuple[Article, bool, str | None]]]]
    in_flight = deque()
    refused: list[tuple[Article, bool]] = []
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for item in source:
                # a pool that broke since the last result refuses the submission: the item,
                # already taken from the source, must still be analysed below
                refused = [item]
                in_flight.append((item, pool.submit(_analysed_unless_known, item, stages)))
                refused = []
                if len(in_flight) >= jobs * _IN_FLIGHT_PER_WORKER:
                    yield in_flight[0][1].result()
                    in_flight.popleft()
            while in_flight:
                yield in_flight[0][1].result()
                in_flight.popleft()
    except BrokenProcessPool:
        # a worker died (killed for memory, a crash in a C extension): the rest runs here
        for item, _future in in_flight:
            yield _analysed_unless_known(item, stages)
        for item in chain(refused, source):
            yield _analysed_unless_known(item, stages)


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def corpus_steps(corpus: Corpus) -> None:
    """Cross-article steps over what the stages produced: entities, speakers, timeline."""
    corpus.entities = resolve(corpus.articles)
    link_speakers(corpus.articles)
    corpus.events = build_events(corpus.articles)


def _guarded(corpus: Corpus, step: str, fn: Callable[..., None], *args: Any) -> None:
    """Run a cross-article step; its failure is reported like a skipped input, not fatal, so the
    articles already read and stored are not lost with it."""
    try:
        fn(*args)
    except LagebildError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported in the run's summary and exit status
        corpus.skipped.append(Skipped(f"({step})", f"step failed: {type(exc).__name__}: {exc}"))


def _events_by_article(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each article's events in their order in ``events``: a story's events are then gathered
    from its members (stories × events comparisons grew with the square of the corpus)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        found.setdefault(event.get("article") or "", []).append(event)
    return found


def _story_events(
    members: Iterable[str], by_article: dict[str, list[dict[str, Any]]], order: dict[int, int]
) -> list[dict[str, Any]]:
    """The events of a story's members, in the order of the corpus's event list."""
    found = [e for member in set(members) for e in by_article.get(member, ())]
    return sorted(found, key=lambda e: order[id(e)])


def cluster_corpus(corpus: Corpus) -> None:
    """Stories of the corpus's own articles, in memory (no store)."""
    if not corpus.articles:
        return
    by_id = {a.id: a for a in corpus.articles}
    by_article = _events_by_article(corpus.events)
    order = {id(e): i for i, e in enumerate(corpus.events)}
    clustering = cluster_articles(corpus.articles)
    copies = [(d.article_id, d.duplicate_of, d.kind) for d in clustering.duplicates]
    corpus.stories = [
        story_record(
            story.id,
            story.storyline,
            story.title,
            story.summary,
            [(i, by_id[i].outlet) for i in story.article_ids],
            (story.first_date, story.last_date),
            _story_events(story.article_ids, by_article, order),
            compare_story([by_id[i] for i in story.article_ids]).to_dict()
            if len(story.article_ids) > 1
            else None,
            [c for c in copies if c[0] in story.article_ids],
        ).to_dict()
        for story in clustering.stories
    ]


def _stories_from_store(store: Store, corpus: Corpus) -> None:
    """Update the store's stories incrementally and keep their comparisons, then take the
    stories of this run's articles."""
    tables = StoryTables(store)
    update_stories(tables)
    compare_stored_stories(tables, tables.uncompared_stories())
    mine = [a.id for a in corpus.articles]
    story_ids = sorted({s for i in mine if (s := queries.article_story(store, i)) is not None})
    corpus.stories = stored_stories(store, story_ids, corpus.events)


def stored_stories(
    store: Store, story_ids: Iterable[int], events: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The stories as kept in the store, with their kept comparisons and the events of their
    articles (JSON contract entries)."""
    by_article = _events_by_article(events)
    order = {id(e): i for i, e in enumerate(events)}
    found = []
    for story_id in story_ids:
        row = queries.get_story(store, story_id) or {}
        members = queries.story_articles(store, story_id)
        found.append(
            story_record(
                story_id,
                row.get("storyline_id"),
                row.get("title"),
                row.get("summary") or [],
                [(m["id"], m["outlet"]) for m in members],
                (row.get("first_date"), row.get("last_date")),
                _story_events((m["id"] for m in members), by_article, order),
                queries.get_comparison(store, story_id),
                [
                    (m["id"], m["duplicate_of"], m["duplicate_kind"])
                    for m in members
                    if m["duplicate_of"]
                ],
            ).to_dict()
        )
    return found


def whole_store(store: Store) -> Corpus:
    """Everything a store holds as one corpus: every article, entity, event and story with its
    kept comparison (what `lagebild report` and `lagebild export --format json` show)."""
    corpus = store.load_corpus()
    corpus.stories = stored_stories(store, queries.story_ids(store), corpus.events)
    return corpus


def _entity_layer(article: Article) -> tuple[list[EntityMention], list[str | None]]:
    return article.entities, [q.speaker.entity if q.speaker else None for q in article.quotes]


class _StoredTokens:
    """Reads the tokens of articles loaded without them, once each."""

    def __init__(self, store: Store):
        self.store = store
        self.read: set[str] = set()

    def fill(self, article: Article) -> None:
        self.fill_all([article])

    def fill_all(self, articles: list[Article]) -> None:
        wanted = [a for a in articles if a.id not in self.read]
        for start in range(0, len(wanted), CHUNK):
            self.store.fill_tokens(wanted[start : start + CHUNK])
        self.read.update(a.id for a in wanted)

    def drop(self, articles: list[Article]) -> None:
        """Let go of these articles' tokens (read again if needed)."""
        for a in articles:
            a.tokens = []
            self.read.discard(a.id)


def _may_hold_names(store: Store, articles: list[Article], tokens: _StoredTokens) -> list[bool]:
    """Whether one of the corpus's names may be found in each article (see ``resolve``), from
    the name words kept in the store, read a chunk at a time and not held; those of articles
    stored without them (before schema 6, or by a load) are worked out and kept."""
    keys = name_keys(corpus_names(articles))
    if not keys:  # no name to look for (a store without entity layers): nothing is read
        return [False] * len(articles)
    found: list[bool] = []
    for start in range(0, len(articles), CHUNK):
        part = articles[start : start + CHUNK]
        kept = store.name_words([a.id for a in part])
        missing = [a for a in part if a.id not in kept]
        if missing:
            tokens.fill_all(missing)
            worked_out = {a.id: name_words(a, a.entities) for a in missing}
            store.put_name_words(worked_out)
            kept.update(worked_out)
            tokens.drop(missing)  # a store read for the first time is not held whole
        found += [not kept[a.id].isdisjoint(keys) for a in part]
    return found


def _changed_entity_layers(store: Store, articles: list[Article]) -> list[Article]:
    """The articles whose entity layer differs from the stored one (read a chunk at a time)."""
    changed = []
    for start in range(0, len(articles), CHUNK):
        part = articles[start : start + CHUNK]
        stored = store.entity_layers([a.id for a in part])
        changed += [a for a in part if _entity_layer(a) != stored.get(a.id, ([], []))]
    return changed


def _resolve_store(store: Store, corpus: Corpus, keep_articles: bool) -> None:
    """Re-run the cross-article steps over everything stored, from the mentions as the stages
    found them (so the result does not depend on earlier runs or on the order articles came
    in), and write back what changed; the corpus keeps this run's articles and what concerns
    them. When no article was added since the last time, their result stands."""
    mine = {a.id for a in corpus.articles}
    if not store.corpus_steps_due():
        if keep_articles:  # in the store's order, by date, as below
            order = {article_id: n for n, article_id in enumerate(store.article_ids())}
            corpus.articles.sort(key=lambda a: order[a.id])
        used = {m.entity for i in mine for m in store.entity_layer(i)[0] if m.entity}
        corpus.entities = store.entities_by_id(used)
        corpus.events = store.events_of(mine)
        return
    state = store.corpus_state()
    # the tokens, most of what is stored of an article, are read only where a step needs them
    articles = list(store.iter_articles(as_found=True, tokens=False))
    tokens = _StoredTokens(store)
    entities = resolve(articles, tokens.fill, _may_hold_names(store, articles, tokens))
    link_speakers(articles)
    changed = _changed_entity_layers(store, articles)
    # an article's events depend on its own layers only: those of the others stand
    events = []
    for start in range(0, len(changed), CHUNK):
        part = changed[start : start + CHUNK]
        tokens.fill_all(part)
        events += build_events(part)
        tokens.drop(part)  # a first run's changed articles are all of them
    store.replace_corpus_layers(changed, entities, events, state)
    if keep_articles:  # in the store's order, by date
        corpus.articles = [a for a in articles if a.id in mine]
        tokens.fill_all(corpus.articles)
    used = {m.entity for a in articles if a.id in mine for m in a.entities if m.entity}
    corpus.entities = [e for e in entities if e.id in used]
    corpus.events = store.events_of(mine)


def _summary_only(article: Article) -> Article:
    """What a run's summary needs of an article it does not keep: identity and what cleaning
    removed or warned about, without the text and the layers."""
    return Article(
        article.id,
        article.source,
        "",
        article.title,
        article.published,
        article.outlet,
        removed=article.removed,
        warnings=article.warnings,
    )


def _inputs(
    paths: list[str],
    store: Store | None,
    skipped: list[Skipped],
    *,
    outlet: str | None,
    genre: str | None,
    profiles: list[dict[str, Any]],
    folders: list[str],
) -> Iterator[tuple[Article, bool]]:
    """Each readable input as a prepared article, and whether the store already has it; what
    cannot be read goes to ``skipped``."""
    for item in read_inputs(paths):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        try:
            article = prepare(
                item, outlet=outlet, genre=genre, outlet_profiles=profiles, folders=folders
            )
        except InputError as exc:
            skipped.append(Skipped(exc.source, exc.reason, exc.line))
            continue
        yield article, store is not None and store.has_article(article.id)


def analyze(
    paths: Iterable[str],
    *,
    outlet: str | None = None,
    genre: str | None = None,
    db: str | None = None,
    outlets_file: str | None = None,
    stages: tuple[str, ...] | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
    jobs: int = 1,
    keep_articles: bool = True,
) -> Corpus:
    """Read, clean and analyse the articles at ``paths``; store them when ``db`` is given.

    Articles already in the store (same content hash) are taken from it, not analysed again.
    ``jobs`` worker processes run the stages, 0 one per core (the results do not depend on it).
    With a store, analysed articles are written in chunks as the batch goes: a run that is
    stopped keeps what it finished, and the next run over the same inputs does the rest.
    Without ``keep_articles`` (and with a store) the corpus holds only what a summary needs of
    each article, so memory does not grow with the layers of the batch.
    """
    paths = [str(p) for p in paths]
    jobs = jobs or default_jobs()
    keep_articles = keep_articles or db is None  # without a store the articles are the result
    _pipeline(stages)  # fails before anything is read if the stages do not fit
    profiles = load_outlets(outlets_file) if outlets_file else []
    folders = [str(p) for p in paths if p != "-" and os.path.isdir(p)]
    corpus = Corpus()
    store = Store(db) if db else None
    try:
        run_id = None
        if store is not None:
            settings = {
                "inputs": paths,
                "outlet": outlet,
                "genre": genre,
                "stages": list(stages or ()),
            }
            run_id = store.start_run("analyze", settings, __version__)
            if profiles:
                store.upsert_outlets(profiles)
        inputs = _inputs(
            paths,
            store,
            corpus.skipped,
            outlet=outlet,
            genre=genre,
            profiles=profiles,
            folders=folders,
        )
        results: Iterable[tuple[Article, bool, str | None]] = _analyse_stream(inputs, stages, jobs)
        if progress is not None:
            results = progress(results)
        if store is None:
            for article, _known, failure in results:
                if failure:
                    corpus.skipped.append(Skipped(article.source, failure))
                else:
                    corpus.articles.append(article)
            _no_articles_found(corpus, paths)
            _guarded(corpus, "entities and timeline", corpus_steps, corpus)
            _guarded(corpus, "stories", cluster_corpus, corpus)
        else:
            analysed = (
                Skipped(article.source, failure) if failure else (article, known)
                for article, known, failure in results
            )
            _into_store(store, run_id, analysed, corpus, keep_articles, paths)
    finally:
        if store is not None:
            store.close()
    return corpus


def _no_articles_found(corpus: Corpus, paths: list[str]) -> None:
    if not corpus.articles and not corpus.skipped:
        corpus.skipped.append(Skipped(", ".join(paths) or "-", "no articles found"))


def _into_store(
    store: Store,
    run_id: int | None,
    analysed: Iterable[tuple[Article, bool] | Skipped],
    corpus: Corpus,
    keep_articles: bool,
    paths: list[str],
) -> None:
    """Write analysed articles (each with whether the store already has it) in chunks as they
    come, then run the corpus steps over the store and finish the run."""
    chunk: list[Article] = []
    added = known = 0
    for item in analysed:
        if isinstance(item, Skipped):
            corpus.skipped.append(item)
            continue
        article, is_known = item
        if is_known:
            known += 1
        else:
            chunk.append(article)
        if len(chunk) >= CHUNK:
            added += _store_chunk(store, chunk, run_id)
            chunk = []
        if not keep_articles:
            corpus.articles.append(_summary_only(article))
        elif is_known:
            corpus.articles.append(store.load_article(article.id))
        else:
            corpus.articles.append(article)
    _no_articles_found(corpus, paths)
    added += _store_chunk(store, chunk, run_id)
    # one run at a time rebuilds the corpus layers (another run waits here)
    with store.exclusive():
        _guarded(corpus, "entities and timeline", _resolve_store, store, corpus, keep_articles)
        _guarded(corpus, "stories", _stories_from_store, store, corpus)
    store.add_skipped(corpus.skipped, run_id)
    corpus.already_stored = known
    store.finish_run(run_id or 0, added=added, known=known, skipped=len(corpus.skipped))


def load_analysed(
    items: Iterable[Article | Skipped],
    db: str,
    *,
    source: str,
    keep_articles: bool = False,
) -> Corpus:
    """Bring articles analysed elsewhere (a Spark job's Parquet result) into the store at
    ``db`` and run the corpus steps there, as ``analyze`` does with its own."""
    corpus = Corpus()
    with Store(db) as store:
        run_id = store.start_run("load", {"inputs": [source]}, __version__)
        analysed = (
            item if isinstance(item, Skipped) else (item, store.has_article(item.id))
            for item in items
        )
        _into_store(store, run_id, analysed, corpus, keep_articles, [source])
    return corpus


def _store_chunk(store: Store, chunk: list[Article], run_id: int | None) -> int:
    """Store analysed articles and their name words (tokens at hand), between other runs."""
    with store.exclusive():
        added = store.add_articles(chunk, run_id)
        store.put_name_words({a.id: name_words(a, a.entities) for a in chunk})
    return added
