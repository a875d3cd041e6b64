"""The one result model every renderer reads (text, JSON, SARIF, HTML).

Invariants: renderers only read a `Report`; they compute nothing about the driver. A
suppressed defect stays in the report with its reason and does not count toward its
rule's status or the exit code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from ddiverify import __version__
from ddiverify.diagnostics import Diagnostic
from ddiverify.engine.analyzer import Defect
from ddiverify.engine.check import RuleResult
from ddiverify.engine.trace import TraceStep
from ddiverify.harness.discovery import DriverModel
from ddiverify.rules.ast import Rule

__all__ = ["Finding", "Report", "RuleOutcome", "SourceCache", "Suppression", "TraceStep"]


@dataclass(frozen=True, slots=True)
class Suppression:
    kind: str  # "inline" | "baseline"
    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    defect: Defect
    suppressed: Suppression | None = None


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    result: RuleResult
    findings: tuple[Finding, ...]

    @property
    def rule(self) -> str:
        return self.result.rule

    @property
    def status(self) -> str:
        """The verdict once suppressions apply: only unsuppressed defects make `defect`."""
        if self.result.status == "defect" and all(f.suppressed for f in self.findings):
            return "pass"
        return self.result.status

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppressed is None)


# Longest excerpt of a source line a report shows: a defect on a 1 MB line (minified or
# generated code) must not copy the line into every report.
MAX_EXCERPT = 500


def excerpt(text: str, limit: int = MAX_EXCERPT) -> str:
    """`text` cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} ... ({len(text) - limit:,} more characters)"


class SourceCache:
    """Reads the analysed files' original lines for excerpts (never raises), and knows
    the driver's root folders, against which the paths of fingerprints are taken."""

    def __init__(self, root: Path | None = None, driver_roots: tuple[Path, ...] = ()) -> None:
        self.root = root or Path.cwd()
        # Deepest first: a file below two roots is named from the nearer one.
        self.driver_roots = tuple(sorted(driver_roots, key=lambda p: -len(p.parts)))

    def driver_path(self, file: str) -> str:
        """`file` (as reports show it) relative to the driver root it lies below, so the
        same defect has the same fingerprint whatever the current directory."""
        path = Path(file)
        if not path.is_absolute():
            path = self.root / path
        for root in self.driver_roots:
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return file

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one cache per report, short-lived
    def lines(self, file: str) -> tuple[str, ...]:
        path = Path(file)
        if not path.is_absolute():
            path = self.root / path
        try:
            data = path.read_bytes()
        except OSError:
            return ()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        return tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))

    def line(self, file: str, number: int) -> str:
        lines = self.lines(file)
        return lines[number - 1] if 0 < number <= len(lines) else ""


@dataclass(frozen=True)
class Report:
    driver: DriverModel
    outcomes: tuple[RuleOutcome, ...]
    rules: dict[str, Rule]  # the rules checked, for descriptions and help
    stats: dict[str, object]
    warnings: tuple[Diagnostic, ...] = ()
    command_line: tuple[str, ...] = ()
    configuration: str | None = None
    missing_includes: tuple[str, ...] = ()
    version: str = __version__
    sources: SourceCache = field(default_factory=SourceCache)
    project: tuple[str, str] | None = None  # (name, project file) of a solution's project

    def defect_count(self) -> int:
        return sum(len(o.active) for o in self.outcomes)
