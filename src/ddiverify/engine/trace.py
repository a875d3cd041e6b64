"""The history of a path: what a defect's trace shows, from the harness's first call.

A trace is a persistent list of steps (entries, calls, branches, assignments to watched
cells, rule events), newest first, so states that share a past share its nodes. Where
the analysis merges two states, both histories are kept, with what each join symbol
stood for on either side; a defect's trace is then one history whose branch conditions
can hold together (`linearize`).

Invariant: a node's `length` counts the steps along its first path (merges add none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ddiverify.engine.solver import Cmp
from ddiverify.engine.solver import satisfiable as _satisfiable
from ddiverify.engine.values import Cell, Int, Sym, Term, Value


@dataclass(frozen=True, slots=True)
class TraceStep:
    kind: str  # entry | call | return | assign | branch | event
    file: str
    line: int
    function: str
    text: str
    state: str = ""  # the rule state after this step (for viewers)
    irql: str = ""  # the path's IRQL after this step, as a driver developer names it
    # For a branch: the condition the path took (to choose among merged paths).
    cond: Cmp | None = field(default=None, compare=False, repr=False)
    # For a rule's event in a composed monitor: the rule (its trace keeps only its own).
    rule: str = field(default="", compare=False, repr=False)


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
    loop: object = None  # for a merge at a loop head: which one (`other` went round)

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


def suffix(trace: Trace | None, base: int) -> tuple[TraceStep, ...]:
    """The steps after the first `base` ones, along the first path (what a call added to
    its caller's history)."""
    steps: list[TraceStep] = []
    t = trace
    while t is not None and t.length > base:
        if t.step is not None:
            steps.append(t.step)
        t = t.parent
    return tuple(reversed(steps))


def merge_traces(
    a: Trace | None, b: Trace | None, on_a: Substitution, on_b: Substitution, loop: object = None
) -> Trace | None:
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
    rounds: frozenset[object] = frozenset()  # loops already shown going round
    # Merges passed: the node, the state of the search there, and the side taken.
    choices: list[tuple[Trace, frozenset[Cmp], frozenset[object], int, int, bool]] = []
    t: Trace | None = trace
    visited = 0
    asked = 0

    def satisfiable(pc: frozenset[Cmp]) -> bool:
        nonlocal asked
        asked += 1
        return asked <= _SOLVER_BUDGET and _satisfiable(pc)

    while t is not None:
        visited += 1
        if visited > _SEARCH_BUDGET or asked > _SOLVER_BUDGET:
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
            isinstance(f, Sym) and _fixed_symbol(f) for f in root.frame
        )
    return False


def own_steps(steps: list[TraceStep], rule: str) -> list[TraceStep]:
    """A composed monitor's history as `rule` alone would show it: the other rules'
    events left out, and the rule state at each step only `rule`'s, by its own names."""
    prefix = re.compile(rf"(?<![\w.]){re.escape(rule)}\.")
    out = []
    for s in steps:
        if s.rule and s.rule != rule:
            continue
        items = s.state.split("; ") if s.state else []
        own = [i[len(rule) + 1 :] for i in items if i.startswith(f"{rule}.")]
        watched = [i[len(rule) + 1 :] for i in items if i.startswith(f"{rule}:")]
        state = "; ".join(own + ([", ".join(watched)] if watched else []))
        text = prefix.sub("", s.text) if s.kind == "event" else s.text
        out.append(
            TraceStep(s.kind, s.file, s.line, s.function, text, state, s.irql, s.cond, s.rule)
        )
    return out
