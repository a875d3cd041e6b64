"""Finding #include files the way MSVC does on Windows, on any file system.

Invariants: every path component is matched case-insensitively (an exact-case match is
preferred when a directory holds both), backslashes separate components like slashes,
directory listings are read once per resolver, or once per run when the resolvers of a
run share one `listings` table (the file system is taken not to change during a run); nothing here raises on a bad name or an
unreadable directory (the file is just not found).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol


class IncludeResolver(Protocol):
    """Where the preprocessor finds, names and reads included files."""

    def resolve(self, name: str, angled: bool, from_file: Path) -> Path | None: ...

    def display(self, path: Path) -> str: ...

    def read(self, path: Path) -> str | None:
        """Decoded text, or None when unreadable (the resolver has already warned)."""
        ...


def parse_include_name(spec: str) -> tuple[str, bool] | None:
    """`"x.h"` or `<x.h>` (with anything after it) to (name, angled), else None."""
    spec = spec.strip()
    if spec.startswith('"'):
        end = spec.find('"', 1)
        return (spec[1:end], False) if end > 0 else None
    if spec.startswith("<"):
        end = spec.find(">", 1)
        return (spec[1:end], True) if end > 0 else None
    return None


class FileIncludeResolver:
    """Resolves include names against the including file's folder and include dirs.

    `"x.h"` is looked up next to the including file first, then in `include_dirs`;
    `<x.h>` in `include_dirs` only. A name found nowhere there that is the name of
    exactly one file of `tree_headers` (the driver's own headers, by lower-case file
    name) resolves to it, and `on_tree_match('"x.h"', path)` is told, so that the caller
    can say so: projects often leave out a folder the real build finds some other way.
    `listings` is a folder-listing table to share with the other resolvers of a run.
    """

    def __init__(
        self,
        include_dirs: Sequence[Path],
        display: Callable[[Path], str],
        read: Callable[[Path], str | None],
        tree_headers: Mapping[str, Sequence[Path]] | None = None,
        on_tree_match: Callable[[str, Path], None] | None = None,
        listings: dict[str, dict[str, list[str]]] | None = None,
    ) -> None:
        self.include_dirs = [Path(d) for d in include_dirs]
        self._display = display
        self._read = read
        self._tree_headers = tree_headers or {}
        self._on_tree_match = on_tree_match
        # Shared by every unit of a run: listing a folder of n files once per unit made
        # a folder of n one-file units cost n^2.
        self._listings: dict[str, dict[str, list[str]]] = {} if listings is None else listings

    def resolve(self, name: str, angled: bool, from_file: Path) -> Path | None:
        parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
        if not parts:
            return None
        if _is_absolute(name):
            direct = Path(name)
            return direct if direct.is_file() else None
        bases = ([] if angled else [from_file.parent]) + self.include_dirs
        for base in bases:
            found = self._lookup(base, parts)
            if found is not None:
                return found
        return self._in_tree(f"<{name}>" if angled else f'"{name}"', parts)

    def _in_tree(self, spelled: str, parts: list[str]) -> Path | None:
        candidates = [
            p for p in self._tree_headers.get(parts[-1].lower(), ()) if _ends_with(p, parts)
        ]
        if len(candidates) != 1:
            return None
        if self._on_tree_match is not None:
            self._on_tree_match(spelled, candidates[0])
        return candidates[0]

    def display(self, path: Path) -> str:
        return self._display(path)

    def read(self, path: Path) -> str | None:
        return self._read(path)

    def _entries(self, folder: Path) -> dict[str, list[str]]:
        key = str(folder)
        listing = self._listings.get(key)
        if listing is None:
            listing = {}
            try:
                with os.scandir(folder) as it:
                    for entry in it:
                        listing.setdefault(entry.name.lower(), []).append(entry.name)
            except (OSError, ValueError):
                pass
            self._listings[key] = listing
        return listing

    def _lookup(self, base: Path, parts: list[str]) -> Path | None:
        current = base
        for k, part in enumerate(parts):
            if part == "..":
                current = current.parent
                continue
            names = self._entries(current).get(part.lower())
            if not names:
                return None
            current = current / (part if part in names else min(names))
            if k == len(parts) - 1:
                return current if current.is_file() else None
        return None


def _ends_with(path: Path, parts: list[str]) -> bool:
    """True when `path` ends with the components `parts` (ignoring case): `sub/x.h`
    matches `.../inc/sub/x.h` only."""
    tail = [p.lower() for p in parts if p != ".."]
    return [p.lower() for p in path.parts[-len(tail) :]] == tail if tail else False


def _is_absolute(name: str) -> bool:
    return name.startswith(("/", "\\")) or (len(name) > 2 and name[1] == ":" and name[2] in "/\\")
