"""Symbolic values the engine computes with.

A value is a concrete integer (`Int`), a symbol standing for an unknown value (`Sym`),
the address of a memory cell (`Addr`), or an arithmetic term over those (`Term`).

Invariants: every value is frozen and hashable. Symbols are named by *where they come
from* (a structural key such as ("read", cell) or ("fresh", call site, call stack)),
never by a global counter, so two paths that produce "the same" unknown get the same
symbol and their states can be merged, and runs are deterministic.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Int:
    v: int

    def __str__(self) -> str:
        return str(self.v)


@dataclass(frozen=True, slots=True, eq=False)
class Sym:
    key: tuple[object, ...]
    hint: str = ""  # a readable name for messages ("DevExt->Event", "handle from ZwOpenKey")
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(("sym", self.key)))

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, Sym) and other._hash == self._hash and other.key == self.key
        )

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        if self.hint:
            return self.hint
        if len(self.key) == 3 and self.key[0] == "widen" and isinstance(self.key[2], Cell):
            return describe_cell(self.key[2])  # a join symbol: named after its cell, lazily
        if len(self.key) == 2 and self.key[0] == "read" and isinstance(self.key[1], Cell):
            return describe_cell(self.key[1])  # an unknown read: named after its cell
        return "?"


@dataclass(frozen=True, slots=True, eq=False)
class Root:
    """The start of a memory cell's path: a variable, a global, or an object."""

    kind: str  # "local" | "global" | "object"
    name: str
    frame: tuple[object, ...] = ()  # for locals: the call stack that owns the frame
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.kind, self.name, self.frame)))

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, Root)
            and other._hash == self._hash
            and other.kind == self.kind
            and other.name == self.name
            and other.frame == self.frame
        )

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, eq=False)
class Cell:
    """A memory cell: a root and a path of field names and index values.

    Cells key every store, so their hash is computed once.
    """

    root: Root
    path: tuple[object, ...] = ()
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.root, self.path)))

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, Cell)
            and other._hash == self._hash
            and other.root == self.root
            and other.path == self.path
        )

    def __hash__(self) -> int:
        return self._hash

    def child(self, step: object) -> Cell:
        return Cell(self.root, self.path + (step,))

    def __str__(self) -> str:
        out = str(self.root)
        for step in self.path:
            out += f".{step}" if isinstance(step, str) else f"[{step}]"
        return out


@dataclass(frozen=True, slots=True)
class Addr:
    cell: Cell

    def __str__(self) -> str:
        return f"&{self.cell}"


# The name of the object a string literal evaluates to starts so; the rest is the
# literal's content (evaluate.Evaluator, `Str`).
LITERAL_PREFIX = "string "


def literal_content(v: Value) -> str | None:
    """The content of the string literal `v` is the address of, or None if it is not one."""
    if (
        isinstance(v, Addr)
        and not v.cell.path
        and v.cell.root.kind == "object"
        and v.cell.root.name.startswith(LITERAL_PREFIX)
    ):
        return v.cell.root.name[len(LITERAL_PREFIX) :]
    return None


@dataclass(frozen=True, slots=True, eq=False)
class Term:
    op: str
    args: tuple[Value, ...]
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(("term", self.op, self.args)))

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, Term)
            and other._hash == self._hash
            and other.op == self.op
            and other.args == self.args
        )

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        if len(self.args) == 1:
            return f"{self.op}{self.args[0]}"
        return f"({self.args[0]} {self.op} {self.args[1]})"


Value = Int | Sym | Addr | Term

ZERO = Int(0)
ONE = Int(1)


def pointee(v: Value) -> Cell | None:
    """The cell a pointer value points to; an unknown pointer gets a canonical object.

    So does pointer arithmetic on an unknown pointer (`p + 1`, where `p` walks an array
    whose position the analysis does not know): the object is named by the address's
    value, so `p->Srb` and `(p + 1)->Srb` are two objects. Reads through such an address
    were once named by their source text, which made every `s->Srb` of a walk one value.
    """
    if isinstance(v, Addr):
        return v.cell
    if isinstance(v, Sym) or (isinstance(v, Term) and v.op in ("+", "-")):
        return _sym_object(v)
    return None


@functools.lru_cache(maxsize=65536)
def _sym_object(v: Sym | Term) -> Cell:
    return Cell(Root("object", f"*{v}", (v,)))


_MASK64 = (1 << 64) - 1


def fold(op: str, a: Value, b: Value) -> Value:
    """Arithmetic on values: computed when both are known, else a term."""
    if isinstance(a, Int) and isinstance(b, Int):
        x, y = a.v, b.v
        try:
            ops: dict[str, Callable[[], int | None]] = {
                "+": lambda: x + y,
                "-": lambda: x - y,
                "*": lambda: x * y,
                "/": lambda: int(x / y) if y else None,
                "%": lambda: x % y if y else None,
                "&": lambda: x & y,
                "|": lambda: x | y,
                "^": lambda: x ^ y,
                "<<": lambda: (x << y) & _MASK64 if 0 <= y < 64 else None,
                ">>": lambda: x >> y if 0 <= y < 64 else None,
                "max": lambda: max(x, y),
                "min": lambda: min(x, y),
            }
            r = ops[op]()
        except KeyError:
            r = None
        return Int(r) if r is not None else Term(op, (a, b))
    if op == "+" and isinstance(b, Int) and b.v == 0:
        return a
    if isinstance(a, Addr) and isinstance(b, Int) and op in ("+", "-"):
        return Addr(a.cell.child(("+", b.v if op == "+" else -b.v)))
    return Term(op, (a, b))


def describe_cell(cell: Cell) -> str:
    """A cell as C would write it: `DevExt->Event`, `key`, `Srb->DataBuffer[0]`."""
    out = cell.root.name
    if out.startswith("*") and cell.root.frame:
        out = str(cell.root.frame[0])
        arrow = True
    else:
        arrow = cell.root.kind == "object"
    for step in cell.path:
        if isinstance(step, str):
            out += ("->" if arrow else ".") + step
            arrow = False
        elif isinstance(step, tuple) and step and step[0] == "+":
            out += f" + {step[1]}"
        else:
            out += f"[{step}]"
    return out
