"""Command-line style macro definitions (`-D`, `-U`) and how a sequence of them folds.

Invariant: a unit's settings are an ordered list of `MacroOp`s (project or compile
database first, then the command line); `fold_macro_ops` turns them into disjoint
`defines` / `undefines` in which the last operation on a name wins, as in a compiler.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# An object-like or function-like macro name, as `-D` accepts it: `X`, `MAX(a,b)`.
_MACRO_NAME = re.compile(r"[A-Za-z_]\w*(\([\w\s,.]*\))?")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True, slots=True)
class MacroOp:
    """`-D name[=value]` (`undefine` False) or `-U name` (`undefine` True)."""

    name: str
    value: str | None = None
    undefine: bool = False

    @property
    def key(self) -> str:
        """The macro's identifier, without a function-like macro's parameter list."""
        return self.name.split("(", 1)[0]


def parse_define(text: str, msvc: bool = False) -> MacroOp | None:
    """`NAME`, `NAME=VALUE` (`NAME=` is the empty value) as a define; None if malformed.

    MSVC also accepts `NAME#VALUE` for `/D`, because `=` is awkward in some shells.
    """
    name, equals, value = text.partition("=")
    if msvc and not equals and "#" in text:
        name, equals, value = text.partition("#")
    name = name.strip()
    if not _MACRO_NAME.fullmatch(name):
        return None
    return MacroOp(name, value if equals else None)


def parse_undefine(text: str) -> MacroOp | None:
    """`NAME` as an undefine; None if it is not an identifier."""
    name = text.strip()
    return MacroOp(name, undefine=True) if _IDENTIFIER.fullmatch(name) else None


def fold_macro_ops(
    ops: Iterable[MacroOp],
) -> tuple[tuple[tuple[str, str | None], ...], tuple[str, ...]]:
    """(defines, undefines) after applying `ops` in order; each name in at most one of them.

    A name keeps the position of its last operation, so the order follows the command line.
    """
    final: dict[str, MacroOp] = {}
    for op in ops:
        final.pop(op.key, None)
        final[op.key] = op
    defines = tuple((op.name, op.value) for op in final.values() if not op.undefine)
    undefines = tuple(op.name for op in final.values() if op.undefine)
    return defines, undefines
