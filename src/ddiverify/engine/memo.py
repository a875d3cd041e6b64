"""Reusing the analysis of a call: the call memo, keyed by the call's inputs and
matched up to renaming.

A call's analysis depends only on what the callee can observe: the property key (rule
state, watched values, registrations, holders), its arguments, the values of the cells
it read, and the path-condition atoms over those values. Its effect on the caller is a
`Delta` per exit. A `CallMemo` records one analysed call (those inputs and deltas); a
later call whose inputs are the same is answered from the deltas.

"The same" is up to a consistent renaming of unknowns: a helper called again in a loop
reads `Ring->rsp_cons` as a different symbol each time (each iteration wrote a new one),
yet it behaves identically on it. Matching builds a one-to-one map from the recorded
inputs' symbols to the current ones (integers and addresses must agree exactly; the
path condition over them must agree after renaming) and applies the deltas through the
same map. A memo's results then mention the current symbols, exactly as if the call had
been analysed again, because the callee saw nothing but its inputs.

(Not to be confused with the recursion summaries of `engine.recursion`: those are a
cycle's exits per entry key, iterated to a fixpoint, and are applied where a call
re-enters its cycle; a memo is one finished call, reused where the inputs recur.)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from ddiverify.engine.join import is_approximate, marked
from ddiverify.engine.solver import Cmp, _vars
from ddiverify.engine.state import State
from ddiverify.engine.trace import TraceStep, extend
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Term, Value

Renaming = dict[Sym, Sym]


def value_vars(values: list[Value]) -> frozenset[Value]:
    out: set[Value] = set()
    for v in values:
        out |= _vars(Cmp("==", v, Int(0)))
    return frozenset(out)


def pc_over(pc: frozenset[Cmp], names: frozenset[Value]) -> frozenset[Cmp]:
    return frozenset(a for a in pc if _vars(a) & names) if names else frozenset()


@dataclass(frozen=True, slots=True)
class Delta:
    """What one exit of a call changed, relative to the state it was called in."""

    writes: tuple[tuple[Cell, Value], ...]
    removed: tuple[Cell, ...]
    zeroed: frozenset[Cell]
    pc: frozenset[Cmp]
    rule: tuple[tuple[str, object], ...]
    registered: frozenset[str]
    value: Value
    steps: tuple[TraceStep, ...]

    @staticmethod
    def of(entry: State, exit_: State, value: Value, steps: tuple[TraceStep, ...]) -> Delta:
        before = entry.store.as_mapping()
        after = exit_.store.as_mapping()
        writes = tuple(
            (c, v) for c, v in after.items() if (old := before.get(c)) is not v and old != v
        )
        removed = tuple(c for c in before.keys() - after.keys())
        return Delta(
            writes,
            removed,
            exit_.zeroed - entry.zeroed,
            exit_.pc - entry.pc,
            exit_.rule,
            exit_.registered - entry.registered,
            value,
            steps,
        )

    def renamed(
        self, m: Renaming, old_stack: tuple[object, ...], new_stack: tuple[object, ...]
    ) -> Delta:
        if not m and old_stack == new_stack:
            return self
        r = _Renamer(m, old_stack, new_stack)
        return Delta(
            tuple((r.cell(c), r.value(v)) for c, v in self.writes),
            tuple(r.cell(c) for c in self.removed),
            frozenset(r.cell(c) for c in self.zeroed),
            frozenset(r.cmp(a) for a in self.pc),
            tuple((k, r.rule_value(v)) for k, v in self.rule),
            self.registered,
            r.value(self.value),
            self.steps,
        )

    def apply(self, st: State) -> State:
        store = st.store.without(list(self.removed)).with_writes(dict(self.writes))
        trace = st.trace
        for step in self.steps:
            # A reused call's branch conditions are over the recorded call's values:
            # not comparable with this path's (see state.linearize).
            trace = extend(trace, replace(step, cond=None) if step.cond is not None else step)
        rule = marked(self.rule, st.rule) if is_approximate(st.rule) else self.rule
        return State(
            store,
            st.zeroed | self.zeroed,
            st.pc | self.pc,
            rule,
            st.registered | self.registered,
            trace,
        )


@dataclass(frozen=True, slots=True)
class CallMemo:
    """One analysed call: its inputs (key, arguments, the cells it read and their
    values, the path-condition atoms over them) and its effect, a delta per exit."""

    stack: tuple[object, ...]  # the call's own frame when it was analysed
    key: tuple[object, ...]
    args: tuple[Value, ...]
    reads: tuple[tuple[Cell, Value], ...]  # innermost pointers last
    names: frozenset[Value]
    pc: frozenset[Cmp]
    deltas: tuple[Delta, ...]

    @staticmethod
    def of(
        stack: tuple[object, ...],
        key: tuple[object, ...],
        args: tuple[Value, ...],
        st: State,
        reads: list[Cell],
        deltas: tuple[Delta, ...],
    ) -> CallMemo:
        ordered = sorted(reads, key=_nesting)
        values = [(c, st.read_untracked(c)) for c in ordered]
        names = value_vars(list(args) + [v for _, v in values])
        return CallMemo(stack, key, args, tuple(values), names, pc_over(st.pc, names), deltas)

    def results(self, m: Renaming, stack: tuple[object, ...]) -> list[Delta]:
        """The deltas for a call at `stack` whose inputs match under `m`: the objects and
        unknowns the callee created are renamed to the new call's frame, so two calls
        from different places never return "the same" fresh block."""
        return [d.renamed(m, self.stack, stack) for d in self.deltas]

    def matches(
        self, key: tuple[object, ...], args: tuple[Value, ...], st: State
    ) -> Renaming | None:
        """The renaming under which this call's inputs are the recorded ones, if any."""
        if key != self.key or len(args) != len(self.args):
            return None
        m: Renaming = {}
        inverse: dict[Sym, Sym] = {}
        for old, new in zip(self.args, args, strict=True):
            if not _unify(old, new, m, inverse):
                return None
        for c, v in self.reads:
            if not _unify(v, st.read_untracked(_Renamer(m).cell(c)), m, inverse):
                return None
        r = _Renamer(m)
        names = frozenset(r.value(n) for n in self.names)
        if pc_over(st.pc, names) != frozenset(r.cmp(a) for a in self.pc):
            return None
        return {k: v for k, v in m.items() if k is not v and k != v}


@functools.lru_cache(maxsize=65536)
def _nesting(c: Cell) -> int:
    """How many pointers deep a cell is (`g` 0, `*p` 1, `*(p->q)` 2): a cell is renamed
    with the symbols the shallower reads already mapped."""
    depth = 0
    for f in c.root.frame:
        if (
            isinstance(f, Sym)
            and len(f.key) == 2
            and f.key[0] == "read"
            and isinstance(f.key[1], Cell)
        ):
            depth = max(depth, 1 + _nesting(f.key[1]))
        elif isinstance(f, Sym):
            depth = max(depth, 1)
    return depth


def _unify(old: Value, new: Value, m: Renaming, inverse: dict[Sym, Sym]) -> bool:
    if old is new:
        if isinstance(old, Sym):
            return _bind(old, old, m, inverse)
        return old == new or _unify_structure(old, new, m, inverse)
    if isinstance(old, Sym):
        return isinstance(new, Sym) and _bind(old, new, m, inverse)
    return _unify_structure(old, new, m, inverse)


def _unify_structure(old: Value, new: Value, m: Renaming, inverse: dict[Sym, Sym]) -> bool:
    if isinstance(old, Int):
        return old == new
    if isinstance(old, Addr):
        if not isinstance(new, Addr) or old.cell.path != new.cell.path:
            return False
        a, b = old.cell.root, new.cell.root
        if a.kind != b.kind or len(a.frame) != len(b.frame):
            return False
        if not a.frame:
            return a == b
        for x, y in zip(a.frame, b.frame, strict=True):
            if isinstance(x, (Sym, Addr, Term, Int)) and isinstance(y, (Sym, Addr, Term, Int)):
                if not _unify(x, y, m, inverse):
                    return False
            elif x != y:
                return False
        return _Renamer(m).root(a) == b
    if isinstance(old, Term):
        return (
            isinstance(new, Term)
            and old.op == new.op
            and len(old.args) == len(new.args)
            and all(_unify(x, y, m, inverse) for x, y in zip(old.args, new.args, strict=True))
        )
    return old == new


def _bind(old: Sym, new: Sym, m: Renaming, inverse: dict[Sym, Sym]) -> bool:
    got = m.get(old)
    if got is not None:
        return got == new
    if new in inverse:
        return False  # two recorded unknowns would become one: aliasing differs
    m[old] = new
    inverse[new] = old
    return True


class _Renamer:
    """Applies a renaming to values, cells and atoms, keeping everything else as is.
    (Tuples are built from lists, not generators: this runs for every value of every
    reused call, and a generator costs about a third more.)"""

    __slots__ = ("m", "memo", "new", "old")

    def __init__(
        self, m: Renaming, old_stack: tuple[object, ...] = (), new_stack: tuple[object, ...] = ()
    ) -> None:
        self.m = m
        self.memo: dict[object, object] = {}
        self.old = old_stack if old_stack != new_stack else None
        self.new = new_stack

    @property
    def idle(self) -> bool:
        return not self.m and self.old is None

    def value(self, v: Value) -> Value:
        if self.idle or isinstance(v, Int):
            return v
        got = self.memo.get(v)
        if got is not None:
            return got  # type: ignore[return-value]
        out: Value
        if isinstance(v, Sym):
            out = self.m.get(v) or Sym(self._key(v.key), v.hint)
        elif isinstance(v, Addr):
            out = Addr(self.cell(v.cell))
        elif isinstance(v, Term):
            out = Term(v.op, tuple([self.value(a) for a in v.args]))
        else:
            out = v
        if out == v:
            out = v
        self.memo[v] = out
        return out

    def _key(self, key: tuple[object, ...]) -> tuple[object, ...]:
        return tuple([self._any(x) for x in key])

    def _any(self, x: object) -> object:
        if isinstance(x, (Sym, Addr, Term)):
            return self.value(x)
        if isinstance(x, Cell):
            return self.cell(x)
        if isinstance(x, tuple):
            old = self.old
            if old is not None and len(x) >= len(old) and x[: len(old)] == old:
                return self.new + tuple([self._any(y) for y in x[len(old) :]])
            return tuple([self._any(y) for y in x])
        return x

    def root(self, r: Root) -> Root:
        if not r.frame or self.idle:
            return r
        got = self.memo.get(r)  # many cells share a root: rename its frame once
        if got is not None:
            return got  # type: ignore[return-value]
        frame = tuple([self._any(f) for f in r.frame])
        out = r
        if frame != r.frame:
            name = r.name
            if len(r.frame) == 1 and name[:1] == "*" and name == f"*{r.frame[0]}":
                name = f"*{frame[0]}"  # the object an unknown pointer points to
            out = Root(r.kind, name, frame)
        self.memo[r] = out
        return out

    def cell(self, c: Cell) -> Cell:
        if self.idle:
            return c
        got = self.memo.get(c)
        if got is not None:
            return got  # type: ignore[return-value]
        root = self.root(c.root)
        path = tuple([self._any(p) for p in c.path]) if c.path else c.path
        out = c if root is c.root and path == c.path else Cell(root, path)
        self.memo[c] = out
        return out

    def cmp(self, a: Cmp) -> Cmp:
        if self.idle:
            return a
        left, right = self.value(a.left), self.value(a.right)
        return a if left is a.left and right is a.right else Cmp(a.op, left, right)

    def rule_value(self, v: object) -> object:
        if isinstance(v, frozenset):
            return frozenset(self._any(x) for x in v)
        return self._any(v)
