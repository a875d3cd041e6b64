"""The shipped rules and models, parsed once per machine rather than once per run.

Parsing and checking the ~50 shipped rule files and the DDI models with lark costs about
0.4 s, a quarter of a run on a small driver; the result only changes when those files or
ddiverify itself change. So the parsed catalogue is pickled in the user's cache directory
(`platformdirs`), in a file named after a digest of every file of the installed ddiverify
package (its rules, lists, models and roles, and the code that parses and checks them) and
the Python version: any edit makes a new key, and a stale file is never read. The digest
covers each file's name, size, modification time and inode (`os.stat`: reading and
hashing the whole package took longer than loading the cache), or its bytes where the
package is not on a file system (a zip); it is computed once per process.

Invariants: the cache is an optimisation only. A missing, unreadable, corrupt or
unwritable cache falls back to parsing, silently; `DDIVERIFY_NO_CACHE=1` turns it off,
`DDIVERIFY_CACHE_DIR` moves it. The pickle holds ddiverify's own frozen dataclasses,
never anything from an analysed driver; like the user's site-packages, the cache
directory is trusted as the user's own. A user's `--rule-file` files are always parsed
afresh.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")

_FORMAT = 1  # bump when the pickled shape changes without a source change


def _files(node: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    for entry in sorted(node.iterdir(), key=lambda e: e.name):
        name = f"{prefix}/{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _files(entry, name)
        elif entry.is_file() and not entry.name.endswith(".pyc"):
            yield name, entry.read_bytes()


def _stats(root: Path) -> Iterator[tuple[str, bytes]]:
    """(name, size, mtime and inode) of every file below `root`, in a stable order."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            path = os.path.join(folder, name)
            st = os.stat(path)
            yield (
                os.path.relpath(path, root).replace(os.sep, "/"),
                f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}".encode(),
            )


@functools.cache
def shipped_digest() -> str:
    """A digest of everything the shipped catalogue is built from: the whole package, so
    that no change can be missed (by the files' metadata where they are on disk)."""
    h = hashlib.sha256(f"{_FORMAT}\0{sys.version}\0".encode())
    package = resources.files("ddiverify")
    try:
        entries = (
            list(_stats(package))
            if isinstance(package, Path)
            else list(_files(package, "ddiverify"))
        )
    except OSError:
        entries = list(_files(package, "ddiverify"))
    for name, data in entries:
        h.update(name.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()[:32]


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    if os.environ.get("DDIVERIFY_NO_CACHE", "") not in ("", "0"):
        return None
    given = os.environ.get("DDIVERIFY_CACHE_DIR")
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("ddiverify", appauthor=False))


def cached(kind: str, build: Callable[[], T]) -> T:
    """`build()`'s value, from the cache when a file for the current digest is there,
    else built and (when the directory is writable) stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{shipped_digest()}.pickle"
    found = _read(path)
    if found is not None:
        return cast(T, found[0])
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # not writable (a read-only home, a CI sandbox): parse each run
    return value


def _read(path: Path) -> tuple[object] | None:
    """The cached value (in a 1-tuple, so a cached None is a value), or None when the file
    is missing, unreadable or corrupt: then the caller builds it."""
    try:
        with path.open("rb") as f:
            return (pickle.load(f),)
    except Exception:  # noqa: BLE001 - any unreadable or stale cache means: build it
        return None
