"""Forgetting tracked values that can never reach a DDI again.

A freed block or a signalled event that no cell holds (and that is not the value of a
cell not yet written, in a live frame or in memory outliving it) can decide no verdict:
dropping it from the rule's set and map variables lets states that differ only in such
garbage merge. Invariant: only variables no handler iterates are pruned (an iterated
one holds obligations an exit handler still checks), and only values no later step can
read are dropped, so forgetting never changes a verdict.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from ddiverify.engine.state import State
from ddiverify.engine.values import Addr, Cell, Int, Sym, Term, Value
from ddiverify.rules.ast import Rule


def forget_unreachable(
    st: State, forgettable: frozenset[str], stack: tuple[object, ...] = ()
) -> State:
    """`st` without the tracked values no memory of the driver can produce again, in
    the rule variables `forgettable` names; `stack` is the call whose frames are live.
    Called between entry points, at loop heads and at function exits."""
    if not forgettable:
        return st
    items = [(k, v) for k, v in st.rule if k in forgettable and isinstance(v, frozenset) and v]
    if not items:
        return st
    wanted: set[object] = set()
    for _, v in items:
        for m in v:
            _atoms_of(m[0] if isinstance(m, tuple) else m, wanted)
    live = _live_atoms(st, wanted)
    rule = dict(st.rule)
    for k, v in items:
        kept = frozenset(
            m for m in v if _is_live(m[0] if isinstance(m, tuple) else m, live, st, stack)
        )
        if kept != v:
            rule[k] = kept
    if len(rule) == len(st.rule) and all(rule[k] is v for k, v in st.rule):
        return st
    return replace(st, rule=tuple(sorted(rule.items())))


def forgettable_vars(rule: Rule) -> frozenset[str]:
    """The set and map state variables no handler iterates (see forget_unreachable)."""
    from ddiverify.rules.ast import RFor, RIf

    iterated: set[str] = set()
    todo: list[object] = [s for h in rule.handlers for s in h.body]
    while todo:
        x = todo.pop()
        if isinstance(x, RFor):
            iterated.add(x.var)
            todo.extend(x.body)
        elif isinstance(x, RIf):
            todo.extend(x.then)
            todo.extend(x.orelse)
    return frozenset(
        v.name for v in rule.state if v.kind in ("set", "map") and v.name not in iterated
    )


def _atoms_of(v: Value, out: set[object]) -> None:
    """The unknowns and object roots whose presence in memory keeps `v` reachable: what
    it names (`_atoms_named`), and for an unknown read from a cell, what keeps that
    cell's object reachable (reading the cell again gives the unknown back)."""
    todo = [v]
    while todo:
        for a in _atoms_named(todo.pop()):
            if a in out:
                continue
            out.add(a)
            if (
                isinstance(a, Sym)
                and len(a.key) == 2
                and a.key[0] == "read"
                and isinstance(a.key[1], Cell)
            ):
                todo.append(Addr(a.key[1]))


def _live_atoms(st: State, wanted: set[object]) -> set[object]:
    """Which of the `wanted` unknowns and object roots the store's values mention.

    The base a store shares with its relatives is counted once (how many of its values
    mention each atom); a store then only corrects the count for the cells its delta
    changes. Forgetting runs at every loop head and exit, about a dozen times per base.
    """
    counts: dict[object, int] = st.store.base_summary("mentions", _count_atoms_named)
    lost: dict[object, int] = {}
    added: set[object] = set()
    for old, new in st.store.overrides():
        if old is not None:
            for a in _atoms_named(old):
                lost[a] = lost.get(a, 0) + 1
        if new is not None:
            added |= _atoms_named(new)
    return {a for a in wanted if a in added or counts.get(a, 0) > lost.get(a, 0)}


def _count_atoms_named(base: dict[Cell, Value]) -> dict[object, int]:
    counts: dict[object, int] = {}
    for v in base.values():
        if not isinstance(v, Int):
            for a in _atoms_named(v):
                counts[a] = counts.get(a, 0) + 1
    return counts


@functools.lru_cache(maxsize=262144)
def _atoms_named(v: Value) -> frozenset[object]:
    """The unknowns and object roots a value mentions: itself, an address's object and
    the values that object is named after, a term's operands."""
    if isinstance(v, Int):
        return frozenset()
    if isinstance(v, Sym):
        return frozenset((v,))
    if isinstance(v, Addr):
        root = v.cell.root
        out: set[object] = {root}
        for f in root.frame:
            if isinstance(f, (Sym, Addr, Term)):
                out |= _atoms_named(f)
        return frozenset(out)
    if isinstance(v, Term):
        out2: set[object] = set()
        for a in v.args:
            out2 |= _atoms_named(a)
        return frozenset(out2)
    return frozenset()


def _is_live(v: object, live: set[object], st: State, stack: tuple[object, ...]) -> bool:
    if isinstance(v, Sym):
        if v in live:
            return True
        key = v.key
        if len(key) == 2 and key[0] == "read" and isinstance(key[1], Cell):
            # An unwritten cell's value: reading the cell again gives it back.
            c = key[1]
            if c.root.kind == "local" and c.root.frame != stack[: len(c.root.frame)]:
                return False  # a variable of a call that has returned
            if st.store.get(c) is not None:
                return False  # overwritten: reading the cell gives another value
            return c.root.kind != "object" or _is_live(Addr(c), live, st, stack)
        return False
    if isinstance(v, Addr):
        root = v.cell.root
        if root.kind != "object" or not root.frame:
            return True  # a global, the device extension, ConfigInfo: always reachable
        return root in live or any(
            _is_live(f, live, st, stack) for f in root.frame if isinstance(f, (Sym, Addr))
        )
    if isinstance(v, Term):
        return any(_is_live(a, live, st, stack) for a in v.args)
    return True
