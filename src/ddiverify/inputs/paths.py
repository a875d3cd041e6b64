"""Finding files named by Windows-made project files on any OS, and walking source trees.

Invariants: walks and globs are deterministic (sorted at every level), never follow
directory symlinks (no cycles), and are bounded (`MAX_GLOB_ENTRIES`, and the active time
budget); tree walks skip the directories in `SKIPPED_DIRECTORIES` and report the ones
they cannot read.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ddiverify import budget
from ddiverify.inputs.sources import header_language, source_language

# The most directory entries one wildcard of a project file may look at: `**\*.c` over
# a home directory must end with a warning, not after the disk was read.
MAX_GLOB_ENTRIES = 200_000

# Directories a driver tree walk never enters: version control and tool caches, and the
# build output folders of Visual Studio / WDK builds (their copies or generated files
# would be analysed twice or out of date). Matched case-insensitively, shell patterns.
SKIPPED_DIRECTORIES: tuple[str, ...] = (
    ".git",
    ".svn",
    ".hg",
    ".vs",
    "node_modules",
    "__pycache__",
    "x64",
    "win32",
    "arm64",
    "arm",
    "debug",
    "release",
    "obj",
    "objfre*",
    "objchk*",
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


def walk_tree(root: Path, warn: Callable[[str, str], None] | None = None) -> TreeContents:
    """Every source and header below `root` (resolved), in sorted order. `warn(path,
    message)` hears of each directory that could not be read."""
    sources: list[Path] = []
    headers: list[Path] = []
    header_dirs: list[Path] = []
    for directory, files in _walk(root, warn):
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


def _walk(
    root: Path, warn: Callable[[str, str], None] | None = None
) -> Iterator[tuple[Path, list[str]]]:
    def unreadable(error: OSError) -> None:
        if warn is not None:
            reason = error.strerror or type(error).__name__
            warn(
                str(error.filename or root),
                f"directory not read ({reason}); the files below it are not analysed",
            )

    for directory, subdirs, files in os.walk(root, onerror=unreadable):
        budget.check()
        subdirs[:] = sorted(name for name in subdirs if not is_skipped_directory(name))
        base = Path(directory)
        yield base, sorted(name for name in files if (base / name).is_file())


def _segment_regex(segment: str) -> str:
    out = []
    for char in segment:
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
    return "".join(out)


def glob_files(base: Path, pattern: str, warn: Callable[[str], None]) -> list[Path]:
    """The files below `base` that an MSBuild wildcard (`src/**/*.c`, `/` separated)
    names, sorted, compared ignoring case as on Windows. Directory symlinks are not
    followed (a loop would never end); past `MAX_GLOB_ENTRIES` entries, the walk stops
    with `warn(message)` and the files found so far are kept."""
    parts = [p for p in pattern.split("/") if p not in ("", ".")]
    fixed: list[str] = []
    while parts and not any(c in parts[0] for c in "*?"):
        fixed.append(parts.pop(0))
    top = base.joinpath(*fixed) if fixed else base
    if not parts or not top.is_dir():
        return []
    regex = "".join("(?:[^/]*/)*" if p == "**" else _segment_regex(p) + "/" for p in parts)
    matcher = re.compile(regex.removesuffix("/"), re.IGNORECASE | re.DOTALL)
    max_depth = None if "**" in parts else len(parts) - 1
    found: list[Path] = []
    seen = 0
    for directory, subdirs, files in os.walk(top):
        budget.check()
        rel_dir = os.path.relpath(directory, top).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        depth = rel_dir.count("/")
        subdirs.sort()
        if max_depth is not None and depth >= max_depth:
            subdirs.clear()
        seen += len(subdirs) + len(files)
        if seen > MAX_GLOB_ENTRIES:
            warn(
                f"wildcard '{pattern}' stopped after {MAX_GLOB_ENTRIES:,} directory entries;"
                f" the files it found so far are used"
            )
            break
        for name in sorted(files):
            if matcher.fullmatch(rel_dir + name):
                path = Path(directory) / name
                if path.is_file():
                    found.append(path)
    return sorted(found)
