"""Warnings and fatal input errors shared by every pipeline step.

Invariant: analysis code never prints. It records a `Diagnostic` (a warning about one
file or construct; the run goes on) or raises `InputError` (the run cannot be done;
the CLI turns it into one line on stderr and exit code 2).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

_SURROGATE = re.compile("[\udc80-\udcff]")


def escape_surrogates(text: str) -> str:
    """`text` with the bytes of a file name that is not UTF-8 (kept as lone surrogates,
    Python's `surrogateescape`) shown as `\\xNN`: readable, and encodable anywhere."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)


def escape_tree(value: object) -> object:
    """A JSON document (dicts, lists, strings...) with `escape_surrogates` applied to
    every string: JSON text must not hold lone surrogates."""
    if isinstance(value, str):
        return escape_surrogates(value)
    if isinstance(value, dict):
        return {escape_tree(k): escape_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [escape_tree(v) for v in value]
    return value


class Severity(enum.Enum):
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One thing the user should know about: where, what, and what was done about it."""

    message: str
    file: str | None = None
    line: int | None = None
    severity: Severity = Severity.WARNING
    code: str = "input"

    def render(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return escape_surrogates(f"{where}{self.severity.value}: {self.message}")


@dataclass(slots=True)
class DiagnosticSink:
    """Collects diagnostics in the order they were found (deterministic output)."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(
        self, message: str, file: str | None = None, line: int | None = None, code: str = "input"
    ) -> None:
        self.items.append(Diagnostic(message, file, line, Severity.WARNING, code))

    def note(
        self, message: str, file: str | None = None, line: int | None = None, code: str = "input"
    ) -> None:
        self.items.append(Diagnostic(message, file, line, Severity.NOTE, code))

    def extend(self, other: DiagnosticSink) -> None:
        self.items.extend(other.items)


class InputError(Exception):
    """The run cannot be done (missing path, no sources, malformed project file...).

    The message is one line: what went wrong, where, and what to do. `diagnostics`
    are the warnings recorded before it, printed with it: they often say why.
    """

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics
