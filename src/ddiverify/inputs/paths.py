"""Finding files named by Windows-made project files on any OS, and walking source trees.

Invariants: walks are deterministic (sorted at every level), never follow directory
symlinks (no cycles), and skip the directories in `SKIPPED_DIRECTORIES`.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ddiverify.inputs.sources import header_language, source_language

# Directories a driver tree walk never enters: version control and tool caches, and the
# build output folders of Visual Studio / WDK builds (their copies or generated files
# would be analysed twice or out of date). Matched case-insensitively, shell patterns.
SKIPPED_DIRECTORIES: tuple[str, ...] = (
    ".git", ".svn", ".hg", ".vs", "node_modules", "__pycache__",
    "x64", "win32", "arm64", "arm", "debug", "release", "obj", "objfre*", "objchk*",
)


def is_skipped_directory(name: str) -> bool:
    """True for a directory name in `SKIPPED_DIRECTORIES`."""
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern) for pattern in SKIPPED_DIRECTORIES)


def windows_path(text: str) -> str:
    """A path as written in a Windows project file, with '/' so any OS can use it."""
    return text.strip().replace("\\", "/")


def find_path(path: Path) -> Path | None:
    """`path` resolved if it exists, else the one existing path equal to it ignoring case.

    Projects written on Windows often spell a file `Foo.C` when it is `foo.c` on disk;
    Windows does not care, and neither should a check run on Linux.
    """
    if path.exists():
        return path.resolve()
    anchor = Path(path.anchor) if path.is_absolute() else Path.cwd()
    current = anchor
    parts = path.parts[1:] if path.is_absolute() else path.parts
    for part in parts:
        if part in (".", ".."):
            current = current if part == "." else current.parent
            continue
        exact = current / part
        if exact.exists():
            current = exact
            continue
        match = _casefold_child(current, part)
        if match is None:
            return None
        current = match
    return current.resolve()


def _casefold_child(directory: Path, name: str) -> Path | None:
    try:
        entries = sorted(os.listdir(directory))
    except OSError:
        return None
    folded = name.casefold()
    matches = [entry for entry in entries if entry.casefold() == folded]
    return directory / matches[0] if len(matches) == 1 else None


@dataclass(frozen=True, slots=True)
class TreeContents:
    """What a directory walk found: sources, headers, and the folders holding headers."""

    sources: tuple[Path, ...]
    headers: tuple[Path, ...]
    header_dirs: tuple[Path, ...]


def walk_tree(root: Path) -> TreeContents:
    """Every source and header below `root` (resolved), in sorted order."""
    sources: list[Path] = []
    headers: list[Path] = []
    header_dirs: list[Path] = []
    for directory, files in _walk(root):
        found_header = False
        for name in files:
            path = directory / name
            if source_language(path) is not None:
                sources.append(path)
            elif header_language(path) is not None:
                headers.append(path)
                found_header = True
        if found_header:
            header_dirs.append(directory)
    return TreeContents(tuple(sources), tuple(headers), tuple(sorted(header_dirs)))


def _walk(root: Path) -> Iterator[tuple[Path, list[str]]]:
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(name for name in subdirs if not is_skipped_directory(name))
        base = Path(directory)
        yield base, sorted(name for name in files if (base / name).is_file())
