"""Which local variables of a function may still be read: classic backward liveness.

The engine forgets a dead local's cells where paths meet, so states that differ only in
values nothing will read again merge, and a freed block or signalled event held only by
a dead variable stops keeping states apart. A variable whose address is taken (`&x`,
`&x.f`) or that is an array (its name is an address) is *pinned*: memory may be read
through a pointer after the variable itself is last named, so it is never dead.
"""

from __future__ import annotations

from dataclasses import dataclass

from ddiverify.ir.cfg import Assign, Assume, Branch, Call, Return, Stmt
from ddiverify.ir.expr import AddrOf, Expr, Field, Index, Name, NameKind, walk
from ddiverify.ir.program import Function

_VARIABLE = (NameKind.LOCAL, NameKind.PARAM)


@dataclass(frozen=True, slots=True)
class Liveness:
    live_in: tuple[frozenset[str], ...]  # per block: locals and parameters read later
    variables: frozenset[str]  # every local and parameter named
    pinned: frozenset[str]  # address taken, or an array: always live
    aggregates: frozenset[str]  # accessed by member or index (`s.f`, `a[i]`)

    def dead_at(self, block: int) -> frozenset[str]:
        return self.variables - self.live_in[block] - self.pinned


def liveness(fn: Function) -> Liveness:
    arrays = {n for n, t in fn.local_types if t.endswith("[]")}
    pinned: set[str] = set(arrays)
    variables: set[str] = {p.name for p in fn.params} | {n for n, _ in fn.local_types}
    gen: list[set[str]] = []
    kill: list[set[str]] = []
    for b in fn.blocks:
        g: set[str] = set()
        k: set[str] = set()
        for stmt in b.stmts:
            uses, defined = _effect(stmt, pinned)
            g |= uses - k
            if defined is not None:
                k.add(defined)
        term = b.term
        if isinstance(term, Branch):
            g |= _names(term.cond, pinned) - k
        elif isinstance(term, Return) and term.value is not None:
            g |= _names(term.value, pinned) - k
        gen.append(g)
        kill.append(k)
    live_in: list[set[str]] = [set() for _ in fn.blocks]
    succs = [b.successors() for b in fn.blocks]
    changed = True
    while changed:
        changed = False
        for i in range(len(fn.blocks) - 1, -1, -1):
            out: set[str] = set()
            for s in succs[i]:
                out |= live_in[s]
            new = gen[i] | (out - kill[i])
            if new != live_in[i]:
                live_in[i] = new
                changed = True
    aggregates = {n for b in fn.blocks for stmt in b.stmts for n in _member_bases(stmt)}
    return Liveness(
        tuple(frozenset(x) for x in live_in),
        frozenset(variables),
        frozenset(pinned),
        frozenset(aggregates),
    )


def _member_bases(stmt: Stmt) -> set[str]:
    exprs: list[Expr] = []
    if isinstance(stmt, Assign):
        exprs = [stmt.lhs, stmt.rhs]
    elif isinstance(stmt, Call):
        exprs = [stmt.callee, *stmt.args] + ([stmt.result] if stmt.result is not None else [])
    return {
        base
        for e in exprs
        for x in walk(e)
        if isinstance(x, (Field, Index)) and (base := _base_variable(x)) is not None
    }


def _effect(stmt: Stmt, pinned: set[str]) -> tuple[set[str], str | None]:
    """The variables a statement reads, and the one it overwrites as a whole."""
    if isinstance(stmt, Assign):
        return _names(stmt.rhs, pinned) | _lvalue_uses(stmt.lhs, pinned), _whole(stmt.lhs)
    if isinstance(stmt, Call):
        uses = _names(stmt.callee, pinned)
        for a in stmt.args:
            uses |= _names(a, pinned)
        if stmt.result is not None:
            uses |= _lvalue_uses(stmt.result, pinned)
        return uses, _whole(stmt.result) if stmt.result is not None else None
    if isinstance(stmt, Assume):
        return _names(stmt.cond, pinned), None
    return set(), None


def _whole(lhs: Expr) -> str | None:
    return lhs.name if isinstance(lhs, Name) and lhs.kind in _VARIABLE else None


def _lvalue_uses(lhs: Expr, pinned: set[str]) -> set[str]:
    """What storing into `lhs` reads: pointers it goes through and indexes, not the
    variable it names (`x = ...`, `s.f = ...` read nothing of x or s)."""
    if isinstance(lhs, Name):
        return set()
    if isinstance(lhs, Field) and not lhs.arrow:
        return _lvalue_uses(lhs.base, pinned)
    if isinstance(lhs, Index):  # `p[i] = ...` reads the pointer p
        return _names(lhs.base, pinned) | _names(lhs.index, pinned)
    return _names(lhs, pinned)


def _names(e: Expr, pinned: set[str]) -> set[str]:
    out: set[str] = set()
    for x in walk(e):
        if isinstance(x, Name):
            if x.kind in _VARIABLE:
                out.add(x.name)
        elif isinstance(x, AddrOf):
            base = _base_variable(x.base)
            if base is not None:
                pinned.add(base)
    return out


def _base_variable(e: Expr) -> str | None:
    """The variable whose own storage `e` designates (`x`, `x.f`, `x[i]`), if any."""
    while True:
        if isinstance(e, Name):
            return e.name if e.kind in _VARIABLE else None
        if (isinstance(e, Field) and not e.arrow) or isinstance(e, Index):
            e = e.base
        else:
            return None
