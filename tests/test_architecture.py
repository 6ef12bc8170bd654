"""The shape of the code: layers with one direction, no cycles, no hidden imports, small modules.

Read from the import graph of ``src/lagebild`` with ``ast`` (nothing is imported or run):

- layers: ingest → clean → stages (one article) → corpus (many articles) → store (rows only)
  → pipeline (the orchestrator) → report → web → cli → the package's public API. A module
  imports only from its own layer and earlier ones; ``lang/``, ``model``, ``errors``,
  and ``resources`` (language knowledge and the shared data types) are importable
  by all and import no layer. The store holds rows only, and report and web only render: they
  import nothing that analyses (ingest, clean, stages, corpus, pipeline).
- no import cycles between modules (a package's ``__init__`` counts as a module);
- no imports inside functions, except lazy imports of the heavy third-party packages listed in
  ``LAZY_THIRD_PARTY`` (each with why it is worth deferring);
- no module over ``MAX_LINES`` lines.

The rules hold without exceptions: the list of known violations this test started with (26
entries) is empty, so any violation fails.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lagebild.lang.de.words import read_word_sets
from lagebild.resources import data_path, read_words

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "lagebild"
MAX_LINES = 600

# Module prefix -> layer. The longest matching prefix wins.
LAYER_OF_PREFIX = {
    "lagebild.ingest": "ingest",
    "lagebild.outlets": "ingest",
    "lagebild.clean": "clean",
    "lagebild.stages": "stages",
    "lagebild.corpus": "corpus",
    "lagebild.store": "store",
    "lagebild.core": "pipeline",
    "lagebild.pipeline": "pipeline",
    "lagebild.limits": "pipeline",
    "lagebild.spark": "pipeline",
    "lagebild.report": "report",
    "lagebild.web": "web",
    "lagebild.cli": "cli",
    "lagebild.cli_output": "cli",
    "lagebild.demo": "cli",
    "lagebild": "api",
}
LAYERS = ("ingest", "clean", "stages", "corpus", "store", "pipeline", "report", "web", "cli", "api")
# Language knowledge and the shared data types: every layer may import them, they import only
# each other.
SHARED_PREFIXES = (
    "lagebild.lang",
    "lagebild.model",
    "lagebild.errors",
    "lagebild.resources",
    "lagebild.snapshots",
    "lagebild.version",
)
# Render-only layers: they show what the analysis found and never analyse themselves.
RENDER_ONLY = {"report", "web"}
ANALYSING = {"ingest", "clean", "stages", "corpus", "pipeline"}

# Third-party packages a function may import lazily, and why: each costs a noticeable share of
# start-up time (measured with `python -X importtime`, 2026-12-03, shared machine) that commands
# and tests which never reach the code should not pay, or is only a development dependency.
LAZY_THIRD_PARTY = {
    "pyspark": "the optional extra lagebild[spark]; most installations do not have it",
    "sklearn": "about 2.5 s to import; only story clustering needs it",
    "trafilatura": "about 0.75 s; only HTML pages and feed items with HTML need it",
    "wordfreq": "about 0.35 s plus its frequency table; only two rare checks of names need it",
    "py3langid": "about 0.3 s plus its model; only articles without a stated language need it",
    "feedparser": "about 0.17 s; only RSS/Atom inputs need it",
    "pycrfsuite": "a compiled extension loaded with a model file; only the CRF taggers need it",
    "charset_normalizer": "only files that are not UTF-8 need it",
    "threadpoolctl": "optional (not a requirement of the encoder, which uses it when present);"
    " only restoring the sentence encoder from its snapshot needs it",
    "somajo": "a development dependency (the tokenizer's reference), absent in a user install",
}


@dataclass(frozen=True)
class Import:
    importer: str  # module name
    imported: str  # module name (a lagebild module) or top-level package (third party)
    line: int
    in_function: bool

    @property
    def internal(self) -> bool:
        return self.imported == PACKAGE or self.imported.startswith(PACKAGE + ".")


# The modules a violation is about, and a message naming file and line.
Violation = tuple[tuple[str, ...], str]


def _under(module: str, prefixes: str) -> bool:
    """Whether the module is one of the ``|``-separated prefixes or inside one."""
    return any(module == p or module.startswith(p + ".") for p in prefixes.split("|"))


PIPELINE = "lagebild.core|lagebild.pipeline"  # core.py is being renamed pipeline.py


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


MODULES = source_files()


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports_of(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"

    def visit(node: ast.AST, in_function: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield _import(module, alias.name, child.lineno, in_function)
            elif isinstance(child, ast.ImportFrom):
                target = _resolve(module, is_package, child)
                for alias in child.names:
                    # "from . import linguistic" imports the submodule, not the package
                    submodule = f"{target}.{alias.name}"
                    name = submodule if submodule in MODULES else target
                    yield _import(module, name, child.lineno, in_function)
            else:
                yield from visit(child, inside)

    yield from visit(tree, False)


def _import(importer: str, name: str, line: int, in_function: bool) -> Import:
    internal = name == PACKAGE or name.startswith(PACKAGE + ".")
    return Import(importer, name if internal else name.split(".")[0], line, in_function)


def all_imports() -> list[Import]:
    return sorted(
        {i for module, path in MODULES.items() for i in _imports_of(module, path)},
        key=lambda i: (i.importer, i.line, i.imported),
    )


IMPORTS = all_imports()


def layer_of(module: str) -> str | None:
    """The layer of a lagebild module; None for the shared modules every layer may import."""
    if any(_under(module, p) for p in SHARED_PREFIXES):
        return None
    prefix = max((p for p in LAYER_OF_PREFIX if _under(module, p)), key=len)
    return LAYER_OF_PREFIX[prefix]


def _where(imp: Import) -> str:
    path = MODULES.get(imp.importer)
    return f"{path.relative_to(SRC) if path else imp.importer}:{imp.line}"


def layer_violations(imports: list[Import]) -> list[Violation]:
    """Every import against the layer order, with what is wrong."""
    found = []
    for imp in imports:
        if not imp.internal or imp.importer == imp.imported:
            continue
        source, target = layer_of(imp.importer), layer_of(imp.imported)
        if target is None:
            continue
        if source is None:
            wrong = f"shared module imports {target}"
        elif LAYERS.index(target) > LAYERS.index(source):
            wrong = f"{source} imports later {target}"
        elif source in RENDER_ONLY and target in ANALYSING:
            wrong = f"{source} renders only, imports {target}"
        elif source == "store" and target in ANALYSING:
            wrong = f"store holds rows only, imports {target}"
        else:
            continue
        found.append(((imp.importer, imp.imported), f"{_where(imp)}: {wrong}"))
    return found


def inner_import_violations(imports: list[Import]) -> list[Violation]:
    return [
        ((i.importer, i.imported), f"{_where(i)}: imports {i.imported} inside a function")
        for i in imports
        if i.in_function and (i.internal or i.imported not in LAZY_THIRD_PARTY)
    ]


def import_cycles(imports: list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.importer, set())
        if imp.internal and imp.imported != imp.importer:
            graph[imp.importer].add(imp.imported)
            graph.setdefault(imp.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(components)


def cycle_violations(imports: list[Import]) -> list[Violation]:
    return [(tuple(c), "import cycle: " + " <-> ".join(c)) for c in import_cycles(imports)]


def size_violations(_imports: list[Import]) -> list[Violation]:
    found = []
    for module, path in MODULES.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found.append(
                ((module,), f"{path.relative_to(SRC)}: {lines} lines (at most {MAX_LINES})")
            )
    return found


CHECKS = {
    "layer": layer_violations,
    "inner": inner_import_violations,
    "cycle": cycle_violations,
    "size": size_violations,
}


def _found(rule: str) -> list[str]:
    return [what for _, what in CHECKS[rule](IMPORTS)]


def test_no_layer_violations() -> None:
    assert _found("layer") == []


def test_no_imports_inside_functions() -> None:
    assert _found("inner") == []


def test_no_import_cycles() -> None:
    assert _found("cycle") == []


def test_no_modules_over_the_size_limit() -> None:
    assert _found("size") == []


def test_every_module_belongs_to_a_layer_or_is_shared() -> None:
    # only the package's own __init__ is the public API; a new top-level module needs its layer
    # in LAYER_OF_PREFIX (or SHARED_PREFIXES), else it would count as the last layer
    unplaced = [m for m in MODULES if m != PACKAGE and layer_of(m) == "api"]
    assert unplaced == []


def test_the_graph_holds_top_level_relative_and_function_level_imports() -> None:
    # a reader that missed imports would let every rule pass
    cli = {(i.imported, i.in_function) for i in IMPORTS if i.importer == "lagebild.cli"}
    assert ("lagebild.store", False) in cli  # from .store import Store
    assert ("click", False) in cli
    submodule = {i.imported for i in IMPORTS if i.importer == "lagebild.stages.quotes"}
    assert "lagebild.stages.quotes.reader" in submodule  # from .reader import QuoteReader


def _fake(importer: str, imported: str, in_function: bool = False) -> Import:
    return Import(importer, imported, 1, in_function)


def test_a_stage_importing_the_store_breaks_the_layers() -> None:
    found = layer_violations([_fake("lagebild.stages.example", "lagebild.store")])
    assert [w for *_, w in found] == ["lagebild.stages.example:1: stages imports later store"]


def test_a_corpus_step_may_import_a_stage_and_the_language_module() -> None:
    imports = [
        _fake("lagebild.corpus.example", "lagebild.stages.tokenize"),
        _fake("lagebild.corpus.example", "lagebild.lang.de"),
    ]
    assert layer_violations(imports) == []


def test_the_web_app_importing_a_corpus_step_breaks_render_only() -> None:
    found = layer_violations([_fake("lagebild.web", "lagebild.corpus.compare")])
    assert "web renders only" in found[0][1]


def test_the_language_module_importing_a_stage_breaks_the_layers() -> None:
    found = layer_violations([_fake("lagebild.lang.de", "lagebild.stages.tokenize")])
    assert "shared module imports stages" in found[0][1]


def test_a_cycle_of_three_modules_is_found() -> None:
    imports = [
        _fake("lagebild.corpus.a", "lagebild.corpus.b"),
        _fake("lagebild.corpus.b", "lagebild.corpus.c", in_function=True),
        _fake("lagebild.corpus.c", "lagebild.corpus.a"),
        _fake("lagebild.corpus.c", "lagebild.model"),
    ]
    assert import_cycles(imports) == [
        ["lagebild.corpus.a", "lagebild.corpus.b", "lagebild.corpus.c"]
    ]


def test_a_lazy_stdlib_import_is_a_violation_and_a_lazy_heavy_package_is_not() -> None:
    imports = [
        _fake("lagebild.stages.example", "json", in_function=True),
        _fake("lagebild.corpus.example", "sklearn", in_function=True),
    ]
    assert [m for m, _ in inner_import_violations(imports)] == [("lagebild.stages.example", "json")]


# -- German knowledge lives in data files ------------------------------------------------------

# Words and tags the project knows as German: the function words of the story stopword list and
# the members of data/de/word_sets.tsv (closed word classes, endings, STTS tags). A collection
# literal in the code with one of them among its strings is a word list or tag set that belongs
# in data/de/ (read with lagebild.lang.de.word_set or word_list).
GERMAN_WORDS = frozenset(
    {w for _, w in read_words(data_path("de/story_stopwords.txt"))}
    | {m for ms in read_word_sets(data_path("de/word_sets.tsv")).values() for m in ms}
)
# Collections of codes whose members happen to be German words as well, and why they are codes.
CODE_COLLECTIONS = {
    frozenset({"de", "en", "fr", "it", "es", "nl", "pl", "ru", "uk", "tr", "pt"}): "language codes",
    frozenset({"acc", "dat", "gen", "nom", "der"}): "case codes of speaker_words.tsv",
    frozenset({"form", "tag", "lemma"}): "column names of lemmas.tsv",
    frozenset({"f", "m", "u"}): "gender codes of first_names.tsv",
    frozenset({"source_cue", "source_adverb", "zufolge", "so_frame"}): "rule names of the quotes",
}


def german_word_lists(where: str, source: str, known: frozenset[str] = GERMAN_WORDS) -> list[str]:
    """``where:line: members`` of each tuple, list or set literal of two or more strings with a
    German word among them (not ``__all__``, not a known code collection)."""
    tree = ast.parse(source, filename=where)
    exported = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Tuple | ast.List | ast.Set) or id(node) in exported:
            continue
        words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if (
            len(words) < 2
            or len(words) != len(node.elts)
            or not all(isinstance(w, str) for w in words)
        ):
            continue
        if frozenset(words) in CODE_COLLECTIONS or not known & set(words):
            continue
        found.append(f"{where}:{node.lineno}: {', '.join(words)}")
    return found


def test_no_german_word_lists_in_the_code() -> None:
    found = [
        listed
        for path in MODULES.values()
        for listed in german_word_lists(str(path.relative_to(SRC)), path.read_text("utf-8"))
    ]
    assert found == []


def test_a_set_of_stts_tags_in_the_code_is_found() -> None:
    source = 'PRONOUNS = frozenset({"PPER", "PIS"})\nLABELS = ("PER", "ORG")\n'
    found = german_word_lists("beispiel.py", source, frozenset({"PPER", "PIS", "NE"}))
    assert found == ["beispiel.py:1: PPER, PIS"]


def test_a_tuple_of_prepositions_is_a_word_list_and_a_tuple_of_codes_is_not() -> None:
    source = 'LEADING = ("von", "vom", "zur")\n__all__ = ["von", "zur"]\nKINDS = ("role", "von")\n'
    found = german_word_lists("beispiel.py", source, frozenset({"von", "zur"}))
    assert found == ["beispiel.py:1: von, vom, zur", "beispiel.py:3: role, von"]
