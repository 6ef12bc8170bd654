"""Per-user snapshots of models that third-party packages load slowly (issue 13: start-up).

Two packages spend most of a short run's start-up rebuilding the same objects in every process:
the sentence encoder (its tokenizer parsed in pure Python, its weights inflated: about 1 s CPU)
and py3langid (an LZMA-compressed model of 68 MB: about 0.6 s). The first process that loads
one writes the objects the package built to ``$XDG_CACHE_HOME/lagebild`` (``~/.cache/lagebild``):
arrays as ``.npy`` files (large ones memory-mapped, so processes share their pages), everything
else as marshal data, with long lists of strings and string tables laid out to rebuild quickly.
Later processes restore the same objects from there in a few hundredths of a second.

A snapshot is the package's own state, attribute by attribute, not a re-implementation of its
loader, and it is only put in place after reading it back gave equal state: results are
bit-identical (tests/test_snapshots.py). The folder's name holds a digest of the package's
version, code and data files, so an upgraded package never reads an older snapshot; a value of
a kind the snapshot does not know means no snapshot. It is written under a temporary name and
renamed into place, so concurrent first runs cannot leave half a snapshot. Whatever goes wrong
(no home, a read-only disk, a damaged snapshot) the package's normal load is used, silently:
a snapshot only ever saves time. It is trusted like the user's other files: marshal data and
``.npy`` files read without pickle, and only classes of the package named are restored.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import marshal
import os
import shutil
import sys
import tempfile
import types
import zipfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

# Bumped when the layout changes; part of every folder's digest.
LAYOUT = 2
# Arrays larger than this are memory-mapped (read-only) instead of read.
MAPPED_BYTES = 4 << 20
# Lists and tables at least this long get a compact layout: one joined string splits several
# times faster than marshal rebuilds as many separate strings, and ints go in one array.
LONG = 1000
SEPARATOR = "\x00"
_STATE = "state.marshal"


class Unsupported(Exception):
    """A value a snapshot cannot hold: that package is loaded the normal way."""


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/lagebild``, or ``~/.cache/lagebild``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lagebild"


def package_digest(package: Path, *extra: object) -> str:
    """A digest of what a loaded state depends on: the package's code and data files (an
    ``.npz`` by the CRC-32 of each member: reading its directory is cheaper than hashing it),
    the Python that writes the marshal data, and ``extra`` (version, settings)."""
    digest = hashlib.blake2b(digest_size=10)
    digest.update(repr((LAYOUT, sys.version_info[:2], *extra)).encode())
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(package)).encode() + b"\x00")
        if path.suffix == ".npz":
            with zipfile.ZipFile(path) as archive:
                members = [(i.filename, i.CRC, i.file_size) for i in archive.infolist()]
            digest.update(repr(members).encode())
        else:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def snapshot_folder(name: str, package: Path, *extra: object) -> Path | None:
    """Where the snapshot of ``package``'s loaded state lives (None: no usable cache)."""
    try:
        return cache_root() / f"{name}-{package_digest(package, *extra)}"
    except (OSError, zipfile.BadZipFile):
        return None


def cached(
    folder: Path | None,
    load_normally: Callable[[], dict[str, Any]],
    owners: tuple[str, ...],
    live: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The named objects ``load_normally`` builds, restored from the snapshot in ``folder``
    when there is a good one; else loaded normally and written there for the next process.
    Objects are restored only of classes from the packages in ``owners``."""
    damaged = False
    if folder is not None and folder.is_dir():
        try:
            return restore(folder, owners)
        except Exception:  # a damaged or foreign snapshot: load normally and replace it
            damaged = True
    objects = load_normally()
    if folder is not None:
        # an unwritable cache: this process just keeps its normal load
        with contextlib.suppress(Exception):
            write_snapshot(objects, folder, owners, replace=damaged)
    return objects


def write_snapshot(
    objects: dict[str, Any], folder: Path, owners: tuple[str, ...], replace: bool = False
) -> None:
    """Write ``objects`` into ``folder``: under a temporary name, read back and compared with
    the live objects, then renamed into place. A snapshot already there (another process was
    quicker) is kept unless ``replace`` (it was damaged). An object that another one refers to
    is written once and restored as the same object."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    arrays: list[np.ndarray] = []
    seen: dict[int, str] = {}
    state = {}
    for name, value in objects.items():
        state[name] = _freeze(value, arrays, seen, owners)
        seen[id(value)] = name
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for number, values in enumerate(arrays):
            np.save(building / f"{number}.npy", values, allow_pickle=False)
        (building / _STATE).write_bytes(marshal.dumps(state))
        restored = restore(building, owners)
        if not all(_same(restored[name], value, owners) for name, value in objects.items()):
            raise Unsupported("the snapshot does not read back as the loaded state")
        if folder.exists() and not replace:
            return
        if folder.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}-old-", dir=folder.parent))
            folder.rename(aside / "snapshot")
            shutil.rmtree(aside, ignore_errors=True)
        building.rename(folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def restore(folder: Path, owners: tuple[str, ...]) -> dict[str, Any]:
    """The objects saved in ``folder``, by name."""
    state = marshal.loads((folder / _STATE).read_bytes())

    def array_at(number: int) -> np.ndarray:
        path = folder / f"{number}.npy"
        mapped = path.stat().st_size > MAPPED_BYTES
        return np.load(path, mmap_mode="r" if mapped else None, allow_pickle=False)

    restored: dict[str, Any] = {}
    for name, frozen in state.items():
        restored[name] = _thaw(frozen, array_at, restored, owners)
    return restored


def _plain(value: Any) -> bool:
    """Whether marshal writes ``value`` as it is (no arrays, no objects inside)."""
    if value is None or isinstance(value, bool | int | float | str | bytes):
        return True
    if isinstance(value, tuple | list | frozenset | set):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_plain(key) and _plain(item) for key, item in value.items())
    return False


def _is_threadpool_limit(value: Any) -> bool:
    return (
        isinstance(value, types.MethodType)
        and type(value.__self__).__name__ == "ThreadpoolController"
        and value.__func__.__name__ == "limit"
    )


def _owned(value: Any, owners: tuple[str, ...]) -> bool:
    return type(value).__module__.split(".")[0] in owners


def _attributes(value: Any) -> dict[str, Any]:
    """An object's state: its ``__dict__``, or its set ``__slots__``."""
    if hasattr(value, "__dict__"):
        return dict(vars(value))
    names = [n for cls in type(value).__mro__ for n in getattr(cls, "__slots__", ())]
    return {n: getattr(value, n) for n in names if hasattr(value, n)}


def _int64s(value: Any) -> bool:
    return all(type(item) is int and -(2**63) <= item < 2**63 for item in value)


def _freeze(value: Any, arrays: list[np.ndarray], seen: dict[int, str], owners: tuple) -> tuple:
    """``value`` as tagged marshal data; arrays are appended to ``arrays``."""
    if id(value) in seen:
        return ("ref", seen[id(value)])
    kind = type(value)
    if kind is np.ndarray:
        arrays.append(value)
        return ("ndarray", len(arrays) - 1)
    if kind is array:
        if len(value) >= LONG:  # a large table: its bytes as an array file, mapped
            arrays.append(np.frombuffer(value, dtype=np.dtype(value.typecode)))
            return ("array_file", value.typecode, len(arrays) - 1)
        return ("array", value.typecode, value.tobytes())
    if kind is list and len(value) >= LONG:
        if all(type(item) is str and SEPARATOR not in item for item in value):
            return ("joined_strings", SEPARATOR.join(value))
        if _int64s(value):
            arrays.append(np.array(value, dtype=np.int64))
            return ("int_list", len(arrays) - 1)
    if (
        kind is dict
        and len(value) >= LONG
        and all(type(key) is str and SEPARATOR not in key for key in value)
        and _int64s(value.values())
    ):
        return ("joined_string_ints", SEPARATOR.join(value), array("q", value.values()).tobytes())
    if _plain(value):
        return ("plain", value)
    if kind is list or kind is tuple:
        items = [_freeze(item, arrays, seen, owners) for item in value]
        return ("list" if kind is list else "tuple", items)
    if _is_threadpool_limit(value):
        # threadpoolctl's limiter describes this process's BLAS libraries: looked up afresh
        return ("threadpool_limit",)
    if _owned(value, owners):
        attributes = {n: _freeze(v, arrays, seen, owners) for n, v in _attributes(value).items()}
        return ("object", kind.__module__, kind.__qualname__, attributes)
    raise Unsupported(f"{kind.__module__}.{kind.__qualname__}")


def _thaw(frozen: tuple, array_at: Any, named: dict[str, Any], owners: tuple) -> Any:
    tag = frozen[0]
    if tag == "plain":
        return frozen[1]
    if tag == "ndarray":
        return array_at(frozen[1])
    if tag == "array":
        values = array(frozen[1])
        values.frombytes(frozen[2])
        return values
    if tag == "array_file":
        values = array(frozen[1])
        values.frombytes(memoryview(np.ascontiguousarray(array_at(frozen[2]))).cast("B"))
        return values
    if tag == "joined_strings":
        return frozen[1].split(SEPARATOR)
    if tag == "int_list":
        return array_at(frozen[1]).tolist()
    if tag == "joined_string_ints":
        return dict(zip(frozen[1].split(SEPARATOR), array("q", frozen[2]).tolist(), strict=True))
    if tag in ("list", "tuple"):
        items = [_thaw(item, array_at, named, owners) for item in frozen[1]]
        return items if tag == "list" else tuple(items)
    if tag == "ref":
        return named[frozen[1]]
    if tag == "threadpool_limit":
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    if tag == "object":
        _, module, qualname, attributes = frozen
        if module.split(".")[0] not in owners:
            raise Unsupported(module)
        owner: Any = importlib.import_module(module)
        for name in qualname.split("."):
            owner = getattr(owner, name)
        restored = owner.__new__(owner)
        for name, item in attributes.items():
            setattr(restored, name, _thaw(item, array_at, named, owners))
        return restored
    raise Unsupported(tag)


def _same(a: Any, b: Any, owners: tuple) -> bool:
    """Equal state: the same types, arrays with the same bytes, objects attribute by
    attribute, threadpoolctl limiters of the same kind."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if type(a) is not type(b):
        return False
    if _is_threadpool_limit(a):
        return _is_threadpool_limit(b)
    if isinstance(a, array):
        return a.typecode == b.typecode and a.tobytes() == b.tobytes()
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y, owners) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k], owners) for k in a)
    if _owned(a, owners):
        return _same(_attributes(a), _attributes(b), owners)
    if isinstance(a, float):
        return a.hex() == b.hex()
    return a == b
