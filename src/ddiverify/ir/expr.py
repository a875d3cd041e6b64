"""Expressions of the IR: side-effect-free values over access paths.

Invariants: an `Expr` never contains a call, an assignment or control flow (the
lowering hoists those into statements and temporaries), so evaluating an expression
has no effect. Every node is frozen and hashable, so states can key on them.
Casts are dropped by the lowering: rules reason about values, not C types.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass


class NameKind(enum.Enum):
    LOCAL = "local"  # a local variable or lowering temporary of the enclosing function
    PARAM = "param"  # a parameter of the enclosing function
    GLOBAL = "global"  # a file-scope variable of the driver
    FUNC = "func"  # a function defined or declared by the driver
    EXTERN = "extern"  # an unknown name (a WDK constant or global not in the sources)


@dataclass(frozen=True, slots=True)
class Const:
    """An integer value; `text` keeps the spelling (`STATUS_SUCCESS`, `'gaT'`) for traces."""

    value: int
    text: str = ""

    def __str__(self) -> str:
        return self.text or str(self.value)


@dataclass(frozen=True, slots=True)
class Str:
    """A string literal: `text` as written (for messages), `content` its characters.

    `content` is what lies between the quotes, adjacent literals joined and escapes left
    as written (`"a\\n" "b"` is `a\\nb`); a rule reads it through `matches(fmt, "...")`
    (the conversions of a printf format, say). Long literals keep their first
    `STR_CONTENT_LIMIT` characters.
    """

    text: str
    content: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    kind: NameKind

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Field:
    """`base->name` when `arrow`, else `base.name`."""

    base: Expr
    name: str
    arrow: bool

    def __str__(self) -> str:
        return f"{self.base}{'->' if self.arrow else '.'}{self.name}"


@dataclass(frozen=True, slots=True)
class Deref:
    base: Expr

    def __str__(self) -> str:
        return f"*{_atom(self.base)}"


@dataclass(frozen=True, slots=True)
class AddrOf:
    base: Expr

    def __str__(self) -> str:
        return f"&{_atom(self.base)}"


@dataclass(frozen=True, slots=True)
class Index:
    base: Expr
    index: Expr

    def __str__(self) -> str:
        return f"{self.base}[{self.index}]"


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # one of - ~ !
    operand: Expr

    def __str__(self) -> str:
        return f"{self.op}{_atom(self.operand)}"


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # C operator spelling: + - * / % << >> & | ^ == != < <= > >=
    left: Expr
    right: Expr

    def __str__(self) -> str:
        return f"{_atom(self.left)} {self.op} {_atom(self.right)}"


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value the IR does not model (sizeof, a lambda, a construct it skipped)."""

    text: str

    def __str__(self) -> str:
        return self.text


Expr = Const | Str | Name | Field | Deref | AddrOf | Index | Unary | Binary | Unknown


def _atom(e: Expr) -> str:
    return f"({e})" if isinstance(e, (Binary, Unary)) else str(e)


def walk(e: Expr) -> Iterator[Expr]:
    """`e` and every expression inside it (bases, indexes, operands)."""
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        if isinstance(x, (Field, Deref, AddrOf)):
            stack.append(x.base)
        elif isinstance(x, Index):
            stack.extend((x.base, x.index))
        elif isinstance(x, Unary):
            stack.append(x.operand)
        elif isinstance(x, Binary):
            stack.extend((x.left, x.right))
