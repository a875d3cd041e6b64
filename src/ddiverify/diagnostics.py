"""Warnings and fatal input errors shared by every pipeline step.

Invariant: analysis code never prints. It records a `Diagnostic` (a warning about one
file or construct; the run goes on) or raises `InputError` (the run cannot be done;
the CLI turns it into one line on stderr and exit code 2).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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
        return f"{where}{self.severity.value}: {self.message}"


@dataclass(slots=True)
class DiagnosticSink:
    """Collects diagnostics in the order they were found (deterministic output)."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, message: str, file: str | None = None, line: int | None = None,
             code: str = "input") -> None:
        self.items.append(Diagnostic(message, file, line, Severity.WARNING, code))

    def note(self, message: str, file: str | None = None, line: int | None = None,
             code: str = "input") -> None:
        self.items.append(Diagnostic(message, file, line, Severity.NOTE, code))

    def extend(self, other: DiagnosticSink) -> None:
        self.items.extend(other.items)


class InputError(Exception):
    """The run cannot be done (missing path, no sources, malformed project file...).

    The message is one line: what went wrong, where, and what to do.
    """
