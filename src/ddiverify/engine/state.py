"""The abstract state of one path (or of several merged paths with equal rule state).

Invariants: a `State` is immutable and hashable on everything but its trace; `store`
maps cells to values and omits cells never written (reading one gives the symbol
`("read", cell)`, or 0 inside a zero-filled object); `pc` is the path condition;
`rule` is the rule's state variables; `registered` the routines the driver registered
on this path whose running depends on it (passive initialisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ddiverify.engine.solver import PathCond
from ddiverify.engine.values import Cell, Int, Sym, Term, Value

RuleValue = Any   # frozenset[Value] for sets, frozenset[tuple[Value, str]] for maps, Value for ints


@dataclass(frozen=True, slots=True)
class TraceStep:
    kind: str          # entry | call | return | assign | branch | event
    file: str
    line: int
    function: str
    text: str
    state: str = ""    # the rule state after this step (for viewers)


@dataclass(frozen=True, slots=True)
class Trace:
    """A persistent list (newest first); shared tails cost nothing."""

    step: TraceStep
    parent: Trace | None
    length: int

    def steps(self) -> list[TraceStep]:
        out: list[TraceStep] = []
        t: Trace | None = self
        while t is not None:
            out.append(t.step)
            t = t.parent
        out.reverse()
        return out


def extend(trace: Trace | None, step: TraceStep) -> Trace:
    return Trace(step, trace, (trace.length if trace else 0) + 1)


class Store:
    """An immutable cell -> value map with O(1) reads and a cached hash."""

    __slots__ = ("_d", "_h")

    def __init__(self, d: dict[Cell, Value] | None = None) -> None:
        self._d: dict[Cell, Value] = d if d is not None else {}
        self._h: int | None = None

    def get(self, cell: Cell) -> Value | None:
        return self._d.get(cell)

    def items(self) -> list[tuple[Cell, Value]]:
        return list(self._d.items())

    def as_dict(self) -> dict[Cell, Value]:
        return dict(self._d)

    def as_mapping(self) -> dict[Cell, Value]:
        """The underlying map, read-only by convention (no copy)."""
        return self._d

    def __len__(self) -> int:
        return len(self._d)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Store) and (self is other or self._d == other._d)

    def __hash__(self) -> int:
        if self._h is None:
            self._h = hash(frozenset(self._d.items()))
        return self._h


EMPTY_STORE = Store()


@dataclass(frozen=True, slots=True)
class State:
    store: Store
    zeroed: frozenset[Cell]
    pc: PathCond
    rule: tuple[tuple[str, RuleValue], ...]
    registered: frozenset[str] = frozenset()
    trace: Trace | None = field(default=None, compare=False, hash=False)

    # -- store -------------------------------------------------------------------

    def read(self, cell: Cell) -> Value:
        v = self.store.get(cell)
        if v is not None:
            return v
        # A field of an aggregate copied from another one (`s = *p; s.f`, a struct passed
        # by value) reads the source's field: copies are lazy.
        for i in range(len(cell.path) - 1, -1, -1):
            prefix = self.store.get(Cell(cell.root, cell.path[:i]))
            if prefix is None:
                continue
            if isinstance(prefix, Sym) and prefix.key and prefix.key[0] == "read":
                source = prefix.key[1]
                if isinstance(source, Cell):
                    return self.read(Cell(source.root, source.path + cell.path[i:]))
            break
        return default_value(cell, self.zeroed)

    def write(self, cell: Cell, value: Value) -> State:
        m = self.store.as_dict()
        m[cell] = value
        return replace(self, store=Store(m))

    def write_many(self, items: dict[Cell, Value]) -> State:
        if not items:
            return self
        m = self.store.as_dict()
        m.update(items)
        return replace(self, store=Store(m))

    def zero(self, cell: Cell) -> State:
        """`cell` and everything below it now read as 0 (a zero-filled aggregate)."""
        m = {c: v for c, v in self.store.items() if not _below(c, cell)}
        return replace(self, store=Store(m), zeroed=self.zeroed | {cell})

    def drop_frame(self, frame: tuple[object, ...]) -> State:
        """Forget the locals of a returned call (its frame)."""
        m = {c: v for c, v in self.store.items()
             if not (c.root.kind == "local" and c.root.frame == frame)}
        z = frozenset(c for c in self.zeroed
                      if not (c.root.kind == "local" and c.root.frame == frame))
        return replace(self, store=Store(m), zeroed=z)

    # -- rule state ----------------------------------------------------------------

    def rule_var(self, name: str) -> RuleValue:
        for k, v in self.rule:
            if k == name:
                return v
        return None

    def with_rule_var(self, name: str, value: RuleValue) -> State:
        d = dict(self.rule)
        d[name] = value
        return replace(self, rule=tuple(sorted(d.items())))


def _below(c: Cell, prefix: Cell) -> bool:
    return c.root == prefix.root and c.path[: len(prefix.path)] == prefix.path


def default_value(cell: Cell, zeroed: frozenset[Cell]) -> Value:
    for z in zeroed:
        if _below(cell, z):
            return Int(0)
    return Sym(("read", cell), hint=describe_cell(cell))


def describe_cell(cell: Cell) -> str:
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


def values_in(v: Value) -> list[Value]:
    if isinstance(v, Term):
        out: list[Value] = [v]
        for a in v.args:
            out.extend(values_in(a))
        return out
    return [v]

