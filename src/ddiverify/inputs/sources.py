"""The translation units of a run, and the one safe way to read a source file's text.

Invariants: every `SourceFile.path` is absolute and resolved; an `InputSet` holds each
path once, sorted by display path, so the same inputs always give the same set.
`read_text` never raises: a file that cannot be read as text is skipped with a warning,
and the text it returns has `\\n` line ends only, with the original file's line count.
"""

from __future__ import annotations

import codecs
import enum
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ddiverify.diagnostics import DiagnosticSink, InputError


class Language(enum.Enum):
    C = "c"
    CPP = "cpp"


# Extensions compared case-insensitively, as Windows (the drivers' home) does: `A.C` is C.
SOURCE_EXTENSIONS: dict[str, Language] = {
    ".c": Language.C,
    ".cpp": Language.CPP,
    ".cxx": Language.CPP,
    ".cc": Language.CPP,
}
HEADER_EXTENSIONS: dict[str, Language] = {
    ".h": Language.C,
    ".hpp": Language.CPP,
    ".hxx": Language.CPP,
    ".hh": Language.CPP,
}

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 16 * MEGABYTE
# Binary sniffing looks at this much of the head of a file, like git and grep do.
_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One translation unit and the preprocessor settings it is compiled with."""

    path: Path
    display: str
    language: Language
    include_dirs: tuple[Path, ...]
    defines: tuple[tuple[str, str | None], ...]
    undefines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InputSet:
    """Everything the user asked to analyse, resolved to translation units."""

    sources: tuple[SourceFile, ...]
    roots: tuple[Path, ...]
    configuration: str | None
    tree_headers: tuple[Path, ...] = ()  # every header below the roots: include fallback


def source_language(path: Path) -> Language | None:
    """The language of a translation unit with this name, or None if it is not one."""
    return SOURCE_EXTENSIONS.get(path.suffix.lower())


def header_language(path: Path) -> Language | None:
    """The language of a header with this name, or None if it is not one."""
    return HEADER_EXTENSIONS.get(path.suffix.lower())


def display_path(path: Path, cwd: Path | None = None) -> str:
    """`path` relative to `cwd` (with '/') when it lies below it, else absolute.

    Relative paths keep reports short and identical across checkouts in different places.
    """
    base = (cwd if cwd is not None else Path.cwd()).resolve()
    absolute = path if path.is_absolute() else base / path
    try:
        relative = absolute.relative_to(base)
    except ValueError:
        return str(absolute)
    text = relative.as_posix()
    return text if text else "."


def format_size(size: int) -> str:
    """A byte count for messages: `20.5 MB`, `16 MB`, `3 KB`, `100 bytes`."""
    for unit, scale in (("MB", MEGABYTE), ("KB", 1024)):
        if size >= scale:
            value = f"{size / scale:.1f}".removesuffix(".0")
            return f"{value} {unit}"
    return f"{size} bytes"


def read_text(
    path: Path, sink: DiagnosticSink, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> str | None:
    """Decoded text, or None when the file must be skipped (a warning was recorded)."""
    where = display if display is not None else display_path(path)
    data = _read_bytes(path, sink, where, max_bytes)
    if data is None:
        return None
    text = _decode(data, sink, where)
    if text is None:
        return None
    # Lone CR is a line break for Visual Studio too, so line numbers still match the editor.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def special_kind(path: Path) -> str:
    """What a path that is not a regular file or directory is, for messages."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "unreadable"
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading only when it is a regular file: a named pipe would
    block for ever, a device never end. The check is made again on the open file (never
    blocking) in case the path changed in between."""
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(path))
    if path.exists() and not path.is_file():
        raise _NotRegular(special_kind(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _NotRegular(special_kind(path))
    return os.fdopen(fd, "rb")


class _NotRegular(OSError):
    pass


def read_file_option(path: str, what: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a file named by an option (`--config`, `--baseline`, a rule list),
    UTF-8 with or without a byte order mark; an `InputError` naming it otherwise."""
    try:
        with _open_regular(Path(path)) as handle:
            data = handle.read(max_bytes + 1)
    except _NotRegular as e:
        raise InputError(f"{path}: cannot read the {what}: {e}; give a regular file") from e
    except IsADirectoryError as e:
        raise InputError(f"{path}: cannot read the {what}: is a directory") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read the {what} ({e.strerror})") from e
    if len(data) > max_bytes:
        raise InputError(f"{path}: the {what} is larger than {format_size(max_bytes)}")
    return data.decode("utf-8-sig", errors="replace")


MAX_NESTING = 200
_NESTING_CHARS = re.compile(r"""[\[\]{}"'\\\n]""")


def too_deep(text: str, where: str, what: str) -> InputError:
    """The error for a JSON or TOML `text` its parser could not read because it nests
    too deeply (Python's stack ran out): it names the line where the nesting passes
    `MAX_NESTING` levels. Strings are skipped (`"..."` with escapes, TOML's `'...'`)."""
    depth, line, quote, escaped = 0, 1, "", False
    for match in _NESTING_CHARS.finditer(text):
        char = match.group()
        if char == "\n":
            line += 1
            escaped = False
        elif quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                break
        elif char in "]}":
            depth -= 1
    return InputError(
        f"{where}:{line}: the {what} nests more than {MAX_NESTING} levels "
        "deep and cannot be read; no real one does: is it damaged?"
    )


def _read_bytes(path: Path, sink: DiagnosticSink, where: str, max_bytes: int) -> bytes | None:
    try:
        with _open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                sink.warn(_too_large(size, max_bytes), where)
                return None
            # Read one byte more than allowed: the file may have grown since fstat.
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        sink.warn("skipped: is a directory, not a file", where)
        return None
    except _NotRegular as error:
        sink.warn(f"skipped: {error}, not a regular file", where)
        return None
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        sink.warn(f"skipped: cannot read the file ({reason})", where)
        return None
    if len(data) > max_bytes:
        sink.warn(_too_large(len(data), max_bytes), where)
        return None
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return f"skipped: {format_size(size)} exceeds the {format_size(max_bytes)} limit"


def _decode(data: bytes, sink: DiagnosticSink, where: str) -> str | None:
    """Text of `data` by BOM, then UTF-8, then Windows-1252; None for binary files."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_strict(data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8", sink, where)
    if data.startswith(codecs.BOM_UTF16_LE):
        return _decode_strict(data[2:], "utf-16-le", "UTF-16", sink, where)
    if data.startswith(codecs.BOM_UTF16_BE):
        return _decode_strict(data[2:], "utf-16-be", "UTF-16", sink, where)
    if b"\x00" in data[:_SNIFF_BYTES]:
        sink.warn("skipped: binary file (NUL bytes), not C source", where)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        sink.warn("not UTF-8 or Windows-1252; undecodable bytes replaced", where)
        return data.decode("cp1252", errors="replace")
    sink.warn("not UTF-8; decoded as Windows-1252", where)
    return text


def _decode_strict(data: bytes, codec: str, name: str, sink: DiagnosticSink, where: str) -> str:
    """Decode text whose encoding a BOM announced; damage is replaced, not fatal."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        sink.warn(f"invalid {name} despite its byte order mark; bad bytes replaced", where)
        return data.decode(codec, errors="replace")
