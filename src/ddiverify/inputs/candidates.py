"""A translation unit as one input format describes it, before the command line applies.

Invariant: `path` is absolute and resolved, `include_dirs` are absolute and exist, and
`macro_ops` are in the order the project or compile database gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ddiverify.inputs.macros import MacroOp
from ddiverify.inputs.sources import Language


@dataclass(frozen=True, slots=True)
class UnitCandidate:
    """One source file with the settings its project (or compile command) gives it.

    `from_build` tells project and compile-database units from directory-walk ones:
    when a file comes from both, the build description's settings are the real ones.
    `fallback_include_dirs` (a walked tree's header folders) are searched after `-I`.
    """

    path: Path
    language: Language
    include_dirs: tuple[Path, ...] = ()
    macro_ops: tuple[MacroOp, ...] = ()
    from_build: bool = False
    fallback_include_dirs: tuple[Path, ...] = ()
