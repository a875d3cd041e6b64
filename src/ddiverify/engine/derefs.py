"""Where the code reads or writes through a pointer: the events of `on deref(p)` handlers.

A dereference is `*p`, `p->f` and `p[i]` (when `p` is a pointer, not an array): the
pointer `p` is what the event names. Taking an address is not a dereference (`&p->f`
computes an address: the offsetof idiom), but what an address expression reads on the
way is (`&p->q->f` reads `p->q`). Invariants: pointers are listed in C's evaluation order
(a pointer before what is read through it), the same for every run, and never
evaluated here; both questions are pure functions of the IR, cached.
"""

from __future__ import annotations

import functools

from ddiverify.ir.cfg import Assign, Assume, Branch, Call, Return, Stmt, Terminator
from ddiverify.ir.expr import (
    AddrOf,
    Binary,
    Const,
    Deref,
    Expr,
    Field,
    Index,
    Name,
    NameKind,
    Unary,
)
from ddiverify.ir.program import Function


@functools.lru_cache(maxsize=65536)
def dereferenced(e: Expr) -> tuple[Expr, ...]:
    """The pointers `e` reads or writes through, innermost first."""
    out: list[Expr] = []
    _walk(e, False, out)
    return tuple(out)


def _walk(e: Expr, addressed: bool, out: list[Expr]) -> None:
    """`addressed`: `e` is the operand of `&` (its own access is not a dereference)."""
    if isinstance(e, Field):
        _walk(e.base, addressed and not e.arrow, out)
        if e.arrow and not addressed:
            out.append(e.base)
    elif isinstance(e, Deref):
        _walk(e.base, False, out)
        if not addressed:
            out.append(e.base)
    elif isinstance(e, Index):
        # `a[i]` of an array names an element; `p[i]` reads through the pointer `p`,
        # which the engine tells apart by its value (an array's name is its address).
        _walk(e.base, addressed, out)
        _walk(e.index, False, out)
        if not addressed:
            out.append(e.base)
    elif isinstance(e, AddrOf):
        _walk(e.base, True, out)
    elif isinstance(e, Unary):
        _walk(e.operand, False, out)
    elif isinstance(e, Binary):
        _walk(e.left, False, out)
        _walk(e.right, False, out)


def stmt_dereferences(s: Stmt | Terminator) -> tuple[Expr, ...]:
    """The pointers a statement or terminator dereferences, in evaluation order (a
    call's arguments, then where its result goes)."""
    if isinstance(s, Assign):
        return dereferenced(s.rhs) + dereferenced(s.lhs)
    if isinstance(s, Call):
        out: tuple[Expr, ...] = ()
        if not isinstance(s.callee, Name):
            out += dereferenced(s.callee)
        for a in s.args:
            out += dereferenced(a)
        return out + (dereferenced(s.result) if s.result is not None else ())
    if isinstance(s, (Assume, Branch)):
        return dereferenced(s.cond)
    if isinstance(s, Return) and s.value is not None:
        return dereferenced(s.value)
    return ()


_TESTED_KINDS = (NameKind.PARAM, NameKind.GLOBAL, NameKind.EXTERN)
# Assertions state what their author takes for granted: `ASSERT(p != NULL)` says p is
# never NULL there, so its comparison is not a test that p may be NULL.
ASSERTIONS = frozenset(
    {
        "ASSERT",
        "ASSERTMSG",
        "NT_ASSERT",
        "NT_ASSERTMSG",
        "NT_ASSERTMSGW",
        "NT_VERIFY",
        "NT_VERIFYMSG",
        "NT_FRE_ASSERT",
        "RTL_SOFT_ASSERT",
        "assert",
        "_ASSERT",
        "_ASSERTE",
    }
)


def null_tested(fn: Function) -> frozenset[str]:
    """The parameters and globals `fn` compares with NULL somewhere: `if (p)`, `!p`,
    `p == NULL`, `p != NULL` (either side). (The caller caches it per function.)"""
    names: set[str] = set()
    exprs: list[Expr] = []
    # An assertion's `&&` and `||` are lowered to branches on its line: not tests either.
    asserted = {
        (s.loc.file, s.loc.line)
        for b in fn.blocks
        for s in b.stmts
        if isinstance(s, Call) and s.callee_name in ASSERTIONS
    }
    for b in fn.blocks:
        for s in b.stmts:
            if isinstance(s, Assign):
                exprs += [s.rhs]
            elif isinstance(s, Call) and s.callee_name not in ASSERTIONS:
                exprs += list(s.args)
            elif isinstance(s, Assume):
                exprs.append(s.cond)
        if isinstance(b.term, Branch) and (b.term.loc.file, b.term.loc.line) not in asserted:
            c = b.term.cond
            if isinstance(c, Name) and c.kind in _TESTED_KINDS:
                names.add(c.name)
            exprs.append(c)
    for e in exprs:
        _null_compares(e, names)
    return frozenset(names)


def _null_compares(e: Expr, names: set[str]) -> None:
    todo = [e]
    while todo:
        x = todo.pop()
        if isinstance(x, Unary):
            if x.op == "!" and isinstance(x.operand, Name) and x.operand.kind in _TESTED_KINDS:
                names.add(x.operand.name)
            todo.append(x.operand)
        elif isinstance(x, Binary):
            if x.op in ("==", "!="):
                for a, b in ((x.left, x.right), (x.right, x.left)):
                    if (
                        isinstance(a, Name)
                        and a.kind in _TESTED_KINDS
                        and isinstance(b, Const)
                        and b.value == 0
                    ):
                        names.add(a.name)
            todo += [x.left, x.right]
        elif isinstance(x, (Field, Deref, AddrOf)):
            todo.append(x.base)
        elif isinstance(x, Index):
            todo += [x.base, x.index]
