"""The abstract state of one path (or of several merged paths with equal rule state).

Invariants: a `State` is immutable and hashable on everything but its trace; `store`
maps cells to values and omits cells never written (reading one gives the symbol
`("read", cell)`, or 0 inside a zero-filled object); `pc` is the path condition;
`rule` is the rule's state variables; `registered` the routines the driver registered
on this path whose running depends on it (passive initialisation).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from ddiverify.engine.solver import PathCond
from ddiverify.engine.trace import Trace
from ddiverify.engine.values import Cell, Int, Root, Sym, Term, Value

_T = TypeVar("_T")

RuleValue = Any  # frozenset[Value] for sets, frozenset[tuple[Value, str]] for maps, Value for ints


# The path step of an array's summary element: the constant a loop stored at a
# loop-varying index (`for (i = 0; i < N; i++) a[i] = OFF;`). Such a write lands on one
# symbolic index; reads of a constant element (`a[0]`) that was never written on its own
# see the summary instead of the stale zero fill.
ARRAY_SUMMARY = "[*]"


class ReadLog:
    """The cells a call's analysis read, for reusing its result (`engine.memo`).

    While a call is analysed (`Analyzer.call_driver`), every read of the state through
    `read` is noted in the innermost open set; a call's own set is merged into its
    caller's when it closes. One log per analysis: the evaluator, the rule interpreter
    and the analyzer share it, so no read escapes it.
    """

    __slots__ = ("stack",)

    def __init__(self) -> None:
        self.stack: list[set[Cell]] = []

    def read(self, st: State, cell: Cell) -> Value:
        if self.stack:
            self.stack[-1].add(cell)
        return st.read_untracked(cell)

    def open(self) -> None:
        self.stack.append(set())

    def close(self) -> set[Cell]:
        """The cells read since the matching `open`."""
        return self.stack.pop()

    def note(self, cells: set[Cell]) -> None:
        """Cells read on behalf of the caller (a callee's reads outside its frame)."""
        if self.stack:
            self.stack[-1].update(cells)


class _BaseInfo:
    """What is computed once per shared base: its hash, indexes of its cells (by root
    for array elements, by frame for locals, by held value), each built on first use,
    and other summaries of its values (`Store.base_summary`)."""

    __slots__ = ("h", "indexes", "memo")

    def __init__(self) -> None:
        self.h: int | None = None
        self.indexes: dict[str, dict[object, list[Cell]]] = {}
        self.memo: dict[str, object] = {}


def _has_index(c: Cell) -> bool:
    return any(not isinstance(step, str) for step in c.path)


# How each base index files a cell (None: not filed).
_INDEX_KEYS: dict[str, Callable[[Cell, Value], object]] = {
    "elements": lambda c, v: c.root if _has_index(c) else None,
    "frames": lambda c, v: c.root.frame if c.root.kind == "local" else None,
    "values": lambda c, v: v,
    "roots": lambda c, v: c.root,
}


class Store:
    """An immutable cell -> value map: a shared base plus a small private delta.

    States derived from a common ancestor share its base, so writing costs O(delta),
    and joining or comparing two such stores only looks at their deltas. The hash is the
    XOR of the items' hashes, so it too is computed from the delta.
    """

    __slots__ = ("_base", "_delta", "_h", "_info")
    _FLATTEN = 48
    _GONE: Value = Sym(("<removed>",))  # a tombstone in the delta: the base's cell is gone

    def __init__(
        self,
        d: dict[Cell, Value] | None = None,
        delta: dict[Cell, Value] | None = None,
        info: _BaseInfo | None = None,
    ) -> None:
        self._base: dict[Cell, Value] = d if d is not None else {}
        self._delta: dict[Cell, Value] = delta if delta is not None else {}
        self._h: int | None = None
        self._info = info if info is not None else _BaseInfo()

    def base_hash(self) -> int:
        info = self._info
        if info.h is None:
            h = 0
            for item in self._base.items():
                h ^= hash(item)
            info.h = h
        return info.h

    def _indexed(self, kind: str, key: object) -> list[Cell]:
        """The base's cells `_INDEX_KEYS[kind]` files under `key`, not overridden by the
        delta (the delta's own cells are the caller's to add)."""
        indexes = self._info.indexes
        index = indexes.get(kind)
        if index is None:
            index = {}
            key_of = _INDEX_KEYS[kind]
            for c, v in self._base.items():
                k = key_of(c, v)
                if k is not None:
                    index.setdefault(k, []).append(c)
            indexes[kind] = index
        delta = self._delta
        return [c for c in index.get(key, ()) if c not in delta]

    def base_summary(self, name: str, compute: Callable[[dict[Cell, Value]], _T]) -> _T:
        """`compute(base)`, computed once per shared base (`name` tells summaries apart,
        and must always come with the same `compute`)."""
        memo = self._info.memo
        if name not in memo:
            memo[name] = compute(self._base)
        return cast(_T, memo[name])

    def overrides(self) -> Iterator[tuple[Value | None, Value | None]]:
        """For each cell the delta changes: its value in the base and in this store
        (None: absent)."""
        base = self._base
        for c, v in self._delta.items():
            yield base.get(c), (None if v is self._GONE else v)

    def elements_of(self, root: Root) -> list[Cell]:
        """The cells under `root` with an index step in their path (array elements,
        pointer offsets): what a read at a computed index may alias."""
        return self._indexed("elements", root) + [
            c
            for c, v in self._delta.items()
            if c.root == root and v is not self._GONE and _has_index(c)
        ]

    def get(self, cell: Cell) -> Value | None:
        v = self._delta.get(cell)
        if v is None:
            return self._base.get(cell)
        return None if v is self._GONE else v

    def items(self) -> list[tuple[Cell, Value]]:
        return list(self.as_mapping().items())

    def as_dict(self) -> dict[Cell, Value]:
        d = dict(self._base)
        for c, v in self._delta.items():
            if v is self._GONE:
                d.pop(c, None)
            else:
                d[c] = v
        return d

    def as_mapping(self) -> dict[Cell, Value]:
        """The whole map, read-only by convention."""
        if not self._delta:
            return self._base
        return self.as_dict()

    def with_writes(self, items: dict[Cell, Value]) -> Store:
        delta = dict(self._delta)
        delta.update(items)
        if len(delta) > self._FLATTEN:
            base = dict(self._base)
            base.update(delta)
            return Store(base)
        return Store(self._base, delta, self._info)

    def without(self, cells: list[Cell]) -> Store:
        """The store with `cells` removed (tombstones over the shared base)."""
        if not cells:
            return self
        delta = dict(self._delta)
        for c in cells:
            if c in self._base:
                delta[c] = self._GONE
            else:
                delta.pop(c, None)
        if len(delta) > self._FLATTEN:
            return Store(Store(self._base, delta).as_dict())
        return Store(self._base, delta, self._info)

    def cells_of(self, root: Root) -> list[Cell]:
        """The cells under `root` (a variable's or an object's members and elements)."""
        return self._indexed("roots", root) + [
            c for c, v in self._delta.items() if v is not self._GONE and c.root == root
        ]

    def cells(self) -> list[Cell]:
        return [c for c in self._base if c not in self._delta] + [
            c for c, v in self._delta.items() if v is not self._GONE
        ]

    def values(self) -> Iterator[Value]:
        """Every value the store holds, without copying it."""
        delta = self._delta
        for v in delta.values():
            if v is not self._GONE:
                yield v
        for c, v in self._base.items():
            if c not in delta:
                yield v

    def locals_of(self, frame: tuple[object, ...]) -> list[Cell]:
        """The cells of the local variables of the call at `frame`."""
        return self._indexed("frames", frame) + [
            c
            for c, v in self._delta.items()
            if v is not self._GONE and c.root.kind == "local" and c.root.frame == frame
        ]

    def holding(self, values: set[Value]) -> frozenset[tuple[Cell, Value]]:
        """The (cell, value) pairs whose value is one of `values`, without copying."""
        out = [(c, v) for c, v in self._delta.items() if v in values]
        for v in values:
            out += [(c, v) for c in self._indexed("values", v)]
        return frozenset(out)

    def same_base(self, other: Store) -> bool:
        return self._base is other._base

    def delta_pairs(self, other: Store) -> list[tuple[Cell, Value | None, Value | None]]:
        """For two stores on the same base: each cell either delta holds, with the value
        each delta has for it (None: not in that delta), except the cells both deltas
        hold as the very same object (inherited from their common ancestor)."""
        da, db = self._delta, other._delta
        out: list[tuple[Cell, Value | None, Value | None]] = [
            (c, v, db.get(c)) for c, v in da.items() if db.get(c) is not v
        ]
        out += [(c, None, v) for c, v in db.items() if c not in da]
        return out

    def __len__(self) -> int:
        return len(self.as_mapping())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Store):
            return False
        if self is other:
            return True
        if self._base is other._base:
            return all(
                self.get(c) == other.get(c) for c in self._delta.keys() | other._delta.keys()
            )
        return self.as_mapping() == other.as_mapping()

    def __hash__(self) -> int:
        if self._h is None:
            h = self.base_hash()
            for c, v in self._delta.items():
                old = self._base.get(c)
                if old is not None:
                    h ^= hash((c, old))
                if v is not self._GONE:
                    h ^= hash((c, v))
            self._h = h
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

    def read_untracked(self, cell: Cell) -> Value:
        v = self.store.get(cell)
        if v is not None:
            return v
        if cell.path and not isinstance(cell.path[-1], str):
            # An element never written one by one: the value a loop stored in every
            # element (see ARRAY_SUMMARY), if there is one.
            v = self.store.get(Cell(cell.root, cell.path[:-1] + (ARRAY_SUMMARY,)))
            if v is not None:
                return v
        # A field of an aggregate copied from another one (`s = *p; s.f`, a struct passed
        # by value) reads the source's field: copies are lazy.
        for pcell in _prefixes(cell):
            prefix = self.store.get(pcell)
            if prefix is None:
                continue
            i = len(pcell.path)
            if isinstance(prefix, Sym) and prefix.key and prefix.key[0] == "read":
                source = prefix.key[1]
                if isinstance(source, Cell):
                    return self.read_untracked(Cell(source.root, source.path + cell.path[i:]))
            # The aggregate was overwritten as a whole: zeroed, its fields read 0; filled
            # by a DDI, its fields are unknown now, not the zero fill underneath.
            if isinstance(prefix, Int) and prefix.v == 0:
                return prefix
            return Sym(("read", cell))
        v = default_value(cell, self.zeroed)
        if isinstance(v, Int) and self._aliases_written(cell):
            # The zero fill is stale where an element written at an index that may be
            # this one (`a[i] = p;` then `a[j]`, `a[0]`) lies over it: unknown.
            return Sym(("read", cell))
        return v

    def _aliases_written(self, cell: Cell) -> bool:
        steps = [k for k, s in enumerate(cell.path) if not isinstance(s, str)]
        if not steps:
            return False
        path = cell.path
        for c in self.store.elements_of(cell.root):
            if c == cell:
                continue
            other = c.path
            for k in steps:
                if k >= len(other) or other[:k] != path[:k]:
                    break
                a, b = path[k], other[k]
                if a == b:
                    continue
                if not _distinct_steps(a, b):
                    n = min(len(path), len(other))
                    if path[k + 1 : n] == other[k + 1 : n]:
                        return True
                break
        return False

    def write(self, cell: Cell, value: Value) -> State:
        return replace(self, store=self.store.with_writes({cell: value}))

    def write_many(self, items: dict[Cell, Value]) -> State:
        if not items:
            return self
        return replace(self, store=self.store.with_writes(items))

    def zero(self, cell: Cell) -> State:
        """`cell` and everything below it now read as 0 (a zero-filled aggregate)."""
        gone = [c for c in self.store.cells_of(cell.root) if _below(c, cell)]
        return replace(self, store=self.store.without(gone), zeroed=self.zeroed | {cell})

    def drop_frame(self, frame: tuple[object, ...]) -> State:
        """Forget the locals of a returned call (its frame)."""
        gone = self.store.locals_of(frame)
        z = frozenset(
            c for c in self.zeroed if not (c.root.kind == "local" and c.root.frame == frame)
        )
        return replace(self, store=self.store.without(gone), zeroed=z)

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


def _distinct_steps(a: object, b: object) -> bool:
    """Whether two different path steps certainly name different elements."""
    if isinstance(a, (int, str)) and isinstance(b, (int, str)):
        return True  # two constants, or a member and an element
    return (
        isinstance(a, tuple)
        and isinstance(b, tuple)
        and len(a) == 2 == len(b)
        and isinstance(a[1], int)
        and isinstance(b[1], int)
    )


def _below(c: Cell, prefix: Cell) -> bool:
    return c.root == prefix.root and c.path[: len(prefix.path)] == prefix.path


def default_value(cell: Cell, zeroed: frozenset[Cell]) -> Value:
    if zeroed:
        paths = _zeroed_by_root(zeroed).get(cell.root)
        if paths is not None:
            path = cell.path
            for p in paths:
                if path[: len(p)] == p:
                    return Int(0)
    return Sym(("read", cell))  # named lazily after its cell (see Sym.__str__)


@functools.lru_cache(maxsize=4096)
def _zeroed_by_root(zeroed: frozenset[Cell]) -> dict[Root, tuple[tuple[object, ...], ...]]:
    """The zero-filled cells by root: a read looks only at its own root's."""
    out: dict[Root, list[tuple[object, ...]]] = {}
    for z in zeroed:
        out.setdefault(z.root, []).append(z.path)
    return {r: tuple(ps) for r, ps in out.items()}


@functools.lru_cache(maxsize=65536)
def _prefixes(cell: Cell) -> tuple[Cell, ...]:
    """The cells enclosing `cell`, innermost first (`s.a.b`: `s.a`, then `s`)."""
    return tuple(Cell(cell.root, cell.path[:i]) for i in range(len(cell.path) - 1, -1, -1))


def array_elements(st: State, cell: Cell) -> list[Cell]:
    """The elements of `cell`'s array stored one by one at constant indexes."""
    prefix = cell.path[:-1]
    n = len(cell.path)
    return [
        c
        for c in st.store.cells_of(cell.root)
        if len(c.path) == n and isinstance(c.path[-1], int) and c.path[:-1] == prefix
    ]


def array_summary_write(st: State, cell: Cell, value: Value) -> dict[Cell, Value]:
    """The summary element to update for a constant stored at a symbolic index.

    A loop storing a constant at its loop-varying index is taken to store it in every
    element (the initialisation idiom): the summary then stands for every element, and
    the elements written one by one before (the loop's first, unrolled iteration) are
    dropped in its favour. Only constants (flags, states) are summarised: an array of
    pointers filled in a loop keeps its elements distinct, so freeing them one by one is
    never one block freed twice. A second loop storing another constant makes the
    summary unknown.
    """
    if not cell.path or not isinstance(cell.path[-1], (Sym, Term)) or not isinstance(value, Int):
        return {}
    summary = Cell(cell.root, cell.path[:-1] + (ARRAY_SUMMARY,))
    old = st.store.get(summary)
    if old is None or old == value:
        return {summary: value}
    return {summary: Sym(("read", summary))}
