"""The abstract state of one path (or of several merged paths with equal rule state).

Invariants: a `State` is immutable and hashable on everything but its trace; `store`
maps cells to values and omits cells never written (reading one gives the symbol
`("read", cell)`, or 0 inside a zero-filled object); `pc` is the path condition;
`rule` is the rule's state variables; `registered` the routines the driver registered
on this path whose running depends on it (passive initialisation).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Any

from ddiverify.engine.solver import Cmp, PathCond
from ddiverify.engine.solver import satisfiable as _satisfiable
from ddiverify.engine.values import Cell, Int, Root, Sym, Term, Value

RuleValue = Any   # frozenset[Value] for sets, frozenset[tuple[Value, str]] for maps, Value for ints


@dataclass(frozen=True, slots=True)
class TraceStep:
    kind: str          # entry | call | return | assign | branch | event
    file: str
    line: int
    function: str
    text: str
    state: str = ""    # the rule state after this step (for viewers)
    # For a branch: the condition the path took (to choose among merged paths).
    cond: Cmp | None = field(default=None, compare=False, repr=False)


Substitution = dict[Sym, Value]


@dataclass(frozen=True, slots=True)
class Trace:
    """A persistent list (newest first); shared tails cost nothing.

    Where two paths merged, a node without a step keeps both histories (`parent` and
    `other`) and, for each, the value every join symbol created there stood for on that
    path: a defect's trace is then chosen among them (see `linearize`).
    """

    step: TraceStep | None
    parent: Trace | None
    length: int
    other: Trace | None = None
    joined: tuple[Substitution, Substitution] | None = None
    loop: object = None     # for a merge at a loop head: which one (`other` went round)

    def steps(self) -> list[TraceStep]:
        """The history through the first path at every merge."""
        out: list[TraceStep] = []
        t: Trace | None = self
        while t is not None:
            if t.step is not None:
                out.append(t.step)
            t = t.parent
        out.reverse()
        return out


def extend(trace: Trace | None, step: TraceStep) -> Trace:
    return Trace(step, trace, (trace.length if trace else 0) + 1)


def merge_traces(a: Trace | None, b: Trace | None, on_a: Substitution,
                 on_b: Substitution, loop: object = None) -> Trace | None:
    """The history of a state two paths merged into; `on_a` / `on_b`: what each join
    symbol of the merge was on either path; `loop`: the loop head, if it is one."""
    if a is b or a is None or b is None:
        return a
    return Trace(None, a, a.length, b, (on_a, on_b) if on_a or on_b else None, loop)


# Trace nodes visited, and solver questions asked, before settling for the first paths.
_SEARCH_BUDGET = 20_000
_SOLVER_BUDGET = 500


def linearize(trace: Trace | None) -> list[TraceStep]:
    """A history of a merged state whose branches can all be taken together.

    Merging keeps both histories, so a defect found after a merge could be shown with
    a branch outcome only the other path took (FindAdapter's loop not run, then the
    interrupt routine walking the ports it set up). Going back from the defect, the
    branch conditions met so far are collected; at a merge, the join symbols in them are
    replaced by what they stood for on the path followed (first the first path), and a
    contradiction sends the search back to the latest merge whose other path is not
    tried yet. Only conditions over values the history accounts for are compared: join
    symbols, and what ConfigInfo, globals and the harness's arguments held to begin with
    (a call's result in a loop has other values at other times under one name).

    A loop's join symbols stand for every iteration, and the history holds only the
    few iterations the fixpoint needed, so a loop run to a constant bound has no
    consistent history: then only the values fixed for the whole path are compared, and
    each loop is shown going round once (the path round the loop first at the latest
    merge at its head, the path into it at the earlier ones). Past a budget, or with no
    consistent choice at all, the first paths are shown.
    """
    if trace is None:
        return []
    found = _consistent(trace, with_joins=True)
    if found is None:
        found = _consistent(trace, with_joins=False)
    return found if found is not None else trace.steps()


def _consistent(trace: Trace, with_joins: bool) -> list[TraceStep] | None:
    """The search `linearize` describes; `with_joins`: compare conditions over join
    symbols too (else only fixed values, each loop shown going round once)."""
    out: list[TraceStep] = []
    conds: frozenset[Cmp] = frozenset()
    rounds: frozenset[object] = frozenset()      # loops already shown going round
    # Merges passed: the node, the state of the search there, and the side taken.
    choices: list[tuple[Trace, frozenset[Cmp], frozenset[object], int, int, bool]] = []
    t: Trace | None = trace
    visited = 0
    asked = [0]

    def satisfiable(pc: frozenset[Cmp]) -> bool:
        asked[0] += 1
        return asked[0] <= _SOLVER_BUDGET and _satisfiable(pc)

    while t is not None:
        visited += 1
        if visited > _SEARCH_BUDGET or asked[0] > _SOLVER_BUDGET:
            return None
        step = t.step
        ok = True
        if step is None:
            first = 0
            if not with_joins and t.loop is not None and t.loop not in rounds:
                first = 1
            choices.append((t, conds, rounds, len(out), first, False))
            if first == 1:
                rounds = rounds | {t.loop}
            if with_joins and t.joined:
                conds = _substitute(conds, t.joined[first])
                ok = satisfiable(conds)
            nxt = _side(t, first)
        else:
            c = step.cond
            if c is not None and c not in conds and _comparable(c, with_joins):
                conds = conds | {c}
                ok = satisfiable(conds)
            out.append(step)
            nxt = t.parent
        while not ok:
            # Back to the latest merge with an untried other path.
            while choices and choices[-1][5]:
                choices.pop()
            if not choices:
                return None
            node, conds, rounds, size, taken, _ = choices.pop()
            choices.append((node, conds, rounds, size, taken, True))
            second = 1 - taken
            del out[size:]
            if with_joins and node.joined:
                conds = _substitute(conds, node.joined[second])
                ok = satisfiable(conds)
            else:
                ok = True
            nxt = _side(node, second)
        t = nxt
    out.reverse()
    return out


def _side(merge: Trace, which: int) -> Trace | None:
    return merge.parent if which == 0 else merge.other


def _substitute(conds: frozenset[Cmp], m: Substitution) -> frozenset[Cmp]:
    if not m or not conds:
        return conds
    return frozenset(Cmp(c.op, _subst(c.left, m), _subst(c.right, m)) for c in conds)


def _subst(v: Value, m: Substitution) -> Value:
    if isinstance(v, Sym):
        return m.get(v, v)
    if isinstance(v, Term):
        return Term(v.op, tuple(_subst(a, m) for a in v.args))
    return v


def _comparable(c: Cmp, with_joins: bool) -> bool:
    return _comparable_value(c.left, with_joins) and _comparable_value(c.right, with_joins)


def _comparable_value(v: Value, with_joins: bool) -> bool:
    if isinstance(v, Int):
        return True
    if isinstance(v, Sym):
        return (with_joins and v.key[:1] == ("widen",)) or _fixed_symbol(v)
    if isinstance(v, Term):
        return all(_comparable_value(a, with_joins) for a in v.args)
    return False


def _fixed_symbol(v: Sym) -> bool:
    """A value that cannot change along a path: an unknown the harness passed, or what a
    global object (ConfigInfo, a global, an object reached through such a value) held
    before anything wrote it."""
    key = v.key
    if not key:
        return False
    if key[0] == "harness-arg":
        return True
    if key[0] == "read" and len(key) == 2 and isinstance(key[1], Cell):
        root = key[1].root
        if root.kind == "global":
            return True
        return root.kind == "object" and all(
            isinstance(f, Sym) and _fixed_symbol(f) for f in root.frame)
    return False


# The path step of an array's summary element: the constant a loop stored at a
# loop-varying index (`for (i = 0; i < N; i++) a[i] = OFF;`). Such a write lands on one
# symbolic index; reads of a constant element (`a[0]`) that was never written on its own
# see the summary instead of the stale zero fill.
ARRAY_SUMMARY = "[*]"

# Read tracking for call summaries: while a call is analysed, every cell read from the
# state is recorded in the innermost set (see Analyzer.call_driver).
READ_TRACKERS: list[set[Cell]] = []


class _BaseInfo:
    """What is computed once per shared base: its hash and its element cells by root."""

    __slots__ = ("elements", "h")

    def __init__(self) -> None:
        self.h: int | None = None
        self.elements: dict[Root, list[Cell]] | None = None


class Store:
    """An immutable cell -> value map: a shared base plus a small private delta.

    States derived from a common ancestor share its base, so writing costs O(delta),
    and joining or comparing two such stores only looks at their deltas. The hash is the
    XOR of the items' hashes, so it too is computed from the delta.
    """

    __slots__ = ("_base", "_delta", "_h", "_info")
    _FLATTEN = 48
    _GONE: Value = Sym(("<removed>",))   # a tombstone in the delta: the base's cell is gone

    def __init__(self, d: dict[Cell, Value] | None = None,
                 delta: dict[Cell, Value] | None = None,
                 info: _BaseInfo | None = None) -> None:
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

    def elements_of(self, root: Root) -> list[Cell]:
        """The cells under `root` with an index step in their path (array elements,
        pointer offsets): what a read at a computed index may alias."""
        info = self._info
        if info.elements is None:
            index: dict[Root, list[Cell]] = {}
            for c in self._base:
                if any(not isinstance(step, str) for step in c.path):
                    index.setdefault(c.root, []).append(c)
            info.elements = index
        out = [c for c in info.elements.get(root, ()) if c not in self._delta]
        out += [c for c, v in self._delta.items() if c.root == root and v is not self._GONE
                and any(not isinstance(step, str) for step in c.path)]
        return out

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

    def cells(self) -> list[Cell]:
        return [c for c in self._base if c not in self._delta] + \
            [c for c, v in self._delta.items() if v is not self._GONE]

    def holding(self, values: set[Value]) -> frozenset[tuple[Cell, Value]]:
        """The (cell, value) pairs whose value is one of `values`, without copying."""
        out = [(c, v) for c, v in self._delta.items() if v in values]
        out += [(c, v) for c, v in self._base.items() if v in values and c not in self._delta]
        return frozenset(out)

    def same_base(self, other: Store) -> bool:
        return self._base is other._base

    def delta_keys(self) -> set[Cell]:
        return set(self._delta)

    def delta_pairs(self, other: Store) -> list[tuple[Cell, Value | None, Value | None]]:
        """For two stores on the same base: each cell either delta holds, with the value
        each delta has for it (None: not in that delta), except the cells both deltas
        hold as the very same object (inherited from their common ancestor)."""
        da, db = self._delta, other._delta
        out: list[tuple[Cell, Value | None, Value | None]] = [
            (c, v, db.get(c)) for c, v in da.items() if db.get(c) is not v]
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
            return all(self.get(c) == other.get(c) for c in self._delta.keys() |
                       other._delta.keys())
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

    def read(self, cell: Cell) -> Value:
        if READ_TRACKERS:
            READ_TRACKERS[-1].add(cell)
        return self.read_untracked(cell)

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
                    if path[k + 1:n] == other[k + 1:n]:
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
        gone = [c for c in self.store.cells() if _below(c, cell)]
        return replace(self, store=self.store.without(gone), zeroed=self.zeroed | {cell})

    def drop_frame(self, frame: tuple[object, ...]) -> State:
        """Forget the locals of a returned call (its frame)."""
        gone = [c for c in self.store.cells()
                if c.root.kind == "local" and c.root.frame == frame]
        z = frozenset(c for c in self.zeroed
                      if not (c.root.kind == "local" and c.root.frame == frame))
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
        return True     # two constants, or a member and an element
    return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == 2 == len(b) \
        and isinstance(a[1], int) and isinstance(b[1], int)


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
    return Sym(("read", cell))   # named lazily after its cell (see Sym.__str__)


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
