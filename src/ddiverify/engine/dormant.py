"""Whether a rule can still act on a path: states from which no violation can follow.

Typestate checkers stop following an object once its automaton is in a state from
which the error state is unreachable; this is the same cut for a rule. A state is
*dormant* when no handler of the rule can abort or change the rule's state, whatever
the arguments of the calls still to come, and nothing the handlers' decisions read can
change any more. The harness drops dormant states before running the next routine: the
rest of such a path can decide no verdict, so not analysing it changes none.

What the handlers read is judged three-valued: a rule variable, a WDK constant and a
cell of a *frozen* root (`config` once no memory holds its address: after
HwStorFindAdapter, Storport hands ConfigInfo to no other routine) are known; call
arguments, results, `for` items, the device extension, escapes and map lookups are
not. A condition that depends on something not known may go either way.

Invariant: `dormant` answers True only when every handler, on every outcome of every
condition, neither aborts nor updates a rule variable (halting is fine: it ends the path
without a defect).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ddiverify.engine.solver import Cmp, decide, known_value
from ddiverify.engine.state import State
from ddiverify.engine.values import Addr, Cell, Int, Root, Term, Value
from ddiverify.knowledge.wdk import Knowledge
from ddiverify.rules.ast import (
    RAbort,
    RAnd,
    RCompare,
    RCond,
    RExpr,
    RField,
    RFor,
    RHalt,
    RIf,
    RInt,
    RMember,
    RName,
    RNot,
    ROr,
    RStmt,
    RTruthy,
    Rule,
    RUpdate,
)
from ddiverify.rules.compose import dead_flag


def dormant(rule: Rule, kb: Knowledge, st: State, frozen: Mapping[str, Cell]) -> bool:
    """True when no handler of `rule` can act on `st` or on any state it leads to, given
    that the roots in `frozen` (rule-language name -> object cell) can no longer be
    written."""
    kinds = {v.name: v.kind for v in rule.state}
    for h in rule.handlers:
        if h.owner and st.rule_var(dead_flag(h.owner)) is not None:
            continue  # that rule of a composed monitor ended on this path
        unknown = (
            {"result"}
            | {p for pat in h.calls for p in pat.params if p is not None}
            | {p for ps in h.role_params for p in ps if p is not None}
        )
        if _may_act(h.body, _Ctx(kb, st, frozen, kinds, frozenset(unknown))):
            return False
    return True


def holds_address_into(st: State, root: Root) -> bool:
    """Whether any cell of the store holds an address inside `root`'s object (so a
    routine could still write it)."""
    return any(points_into(v, root) for _, v in st.store.items())


def points_into(v: Value, root: Root) -> bool:
    """Whether `v` is an address inside `root`'s object (or arithmetic on one)."""
    if isinstance(v, Addr):
        return v.cell.root == root
    if isinstance(v, Term):
        return any(points_into(a, root) for a in v.args)
    return False


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What a handler's conditions are judged against."""

    kb: Knowledge
    st: State
    frozen: Mapping[str, Cell]
    kinds: Mapping[str, str]
    unknown: frozenset[str]  # names whose value is not known: parameters, items

    def with_unknown(self, name: str) -> _Ctx:
        return replace(self, unknown=self.unknown | {name})


def _may_act(body: Iterable[RStmt], ctx: _Ctx) -> bool:
    return any(_stmt_may_act(s, ctx) for s in body)


def _stmt_may_act(s: RStmt, ctx: _Ctx) -> bool:
    if isinstance(s, (RAbort, RUpdate)):
        return True
    if isinstance(s, RHalt):
        return False
    if isinstance(s, RIf):
        truth = _cond(s.cond, ctx)
        return (truth is not False and _may_act(s.then, ctx)) or (
            truth is not True and _may_act(s.orelse, ctx)
        )
    if isinstance(s, RFor):
        if not ctx.st.rule_var(s.var):
            return False
        return _may_act(s.body, ctx.with_unknown(s.item))
    return True  # a statement this module does not know: assume it acts


def _cond(c: RCond, ctx: _Ctx) -> bool | None:
    if isinstance(c, RNot):
        inner = _cond(c.operand, ctx)
        return None if inner is None else not inner
    if isinstance(c, RAnd):
        parts = [_cond(p, ctx) for p in c.operands]
        return False if False in parts else True if all(p is True for p in parts) else None
    if isinstance(c, ROr):
        parts = [_cond(p, ctx) for p in c.operands]
        return True if True in parts else False if all(p is False for p in parts) else None
    if isinstance(c, RMember):
        return False if not ctx.st.rule_var(c.var) else None
    if isinstance(c, RCompare):
        left, right = _value(c.left, ctx), _value(c.right, ctx)
        if left is None or right is None:
            return None
        return decide(ctx.st.pc, Cmp(c.op, left, right))
    if isinstance(c, RTruthy):
        v = _value(c.value, ctx)
        return None if v is None else decide(ctx.st.pc, Cmp("!=", v, Int(0)))
    return None  # escaped(...) and anything else: either way


def _value(e: RExpr, ctx: _Ctx) -> Value | None:
    """The value of `e` where it is fixed for the rest of the path, else None."""
    if isinstance(e, RInt):
        return Int(e.value)
    if isinstance(e, RName):
        if e.name in ctx.unknown:
            return None
        if ctx.kinds.get(e.name) == "int":
            v = ctx.st.rule_var(e.name)
            return v if isinstance(v, Int) else Int(0) if v is None else None
        if e.name in ctx.kinds:
            return None
        c = ctx.kb.constants.get(e.name)
        return Int(c) if c is not None else None
    if isinstance(e, RField):
        cell = _frozen_cell(e, ctx)
        if cell is None:
            return None
        v = ctx.st.read_untracked(cell)
        k = known_value(ctx.st.pc, v)
        return Int(k) if k is not None else v if not isinstance(v, (Addr, Term)) else None
    return None


def _frozen_cell(e: RExpr, ctx: _Ctx) -> Cell | None:
    if isinstance(e, RName):
        return ctx.frozen.get(e.name) if e.name not in ctx.unknown else None
    if isinstance(e, RField):
        base = _frozen_cell(e.base, ctx)
        return base.child(e.name) if base is not None else None
    return None
