"""Which driver function can call which: direct calls plus resolved function pointers.

Function pointers are resolved flow-insensitively by where functions are stored: a
function assigned to a field named `F` (anywhere, any struct) is a target of every
call through a field named `F`; likewise for globals. Field names are distinctive in
driver code (`HwStartIo`, `CompletionRoutine`), so this is precise enough in practice
and needs no types. Locals and parameters are slots of their own function only: every
function has its `status`, `p` and lowering temporaries (`$t1`), and one function's
`$t1 = cond ? A : B` says nothing about another's. A call to a driver function stores
each argument in the matching parameter, so a routine handed to the driver's own
wrapper (`ArmTimer(ext, MyTimer)`) reaches the DDI call inside it. Invariant: results
are sorted and deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TypeVar, cast

from ddiverify.ir.cfg import Assign, Assume, Branch, Call, Return, Stmt
from ddiverify.ir.expr import AddrOf, Expr, Field, Index, Name, NameKind, walk
from ddiverify.ir.program import Program
from ddiverify.knowledge import synchronous_routines


def slot_key(e: Expr, function: str | None = None) -> tuple[str, str] | None:
    """The storage slot an lvalue names, for function-pointer bookkeeping.

    A local or parameter is `("local", "function:name")` inside `function`; without a
    function it is `("any-local", name)`, the union of that name's slots in every
    function (for callers that do not say where the lvalue is).
    """
    while isinstance(e, Index):
        e = e.base
    if isinstance(e, Field):
        return ("field", e.name)
    if isinstance(e, Name) and e.kind is NameKind.GLOBAL:
        return ("var", e.name)
    if isinstance(e, Name) and e.kind in (NameKind.LOCAL, NameKind.PARAM):
        return ("local", f"{function}:{e.name}") if function is not None else ("any-local", e.name)
    return None


@dataclass(frozen=True, slots=True)
class FunctionPointers:
    slots: dict[tuple[str, str], tuple[str, ...]]

    def targets_of_slot(self, e: Expr, function: str | None = None) -> tuple[str, ...]:
        """Driver functions stored in the slot `e` names (`function`: where `e` is read)."""
        key = slot_key(e, function)
        return self.slots.get(key, ()) if key is not None else ()


def function_of(e: Expr, program: Program) -> str | None:
    """The driver function a value names (`F`, `&F`), if any."""
    if isinstance(e, AddrOf):
        e = e.base
    if (
        isinstance(e, Name)
        and e.kind in (NameKind.FUNC, NameKind.EXTERN)
        and e.name in program.functions
    ):
        return e.name
    return None


def _all_statements(program: Program) -> Iterable[tuple[str | None, Stmt]]:
    """Every statement with the key of the function holding it (None: a global's init)."""
    for key, fn in program.functions.items():
        for b in fn.blocks:
            for s in b.stmts:
                yield key, s
    for g in program.globals.values():
        for s in g.init:
            yield None, s


# Driver-object slots the OS (Storport) fills before the driver's hooks replace them. A
# driver reads them only to save the OS's routine (`saved = DriverObject->MajorFunction
# [IRP_MJ_PNP]`, `chain = DriverObject->DriverUnload`) and calls that from its hook; the
# hooks it stores there are called by the OS, never through the saved copy.
_OS_TABLES = frozenset(
    {
        ("field", "MajorFunction"),
        ("field", "DriverUnload"),
        ("field", "DriverStartIo"),
        ("field", "AddDevice"),
    }
)


def _function_pointers(program: Program) -> FunctionPointers:
    slots: dict[tuple[str, str], set[str]] = defaultdict(set)
    copies: list[tuple[tuple[str, str], tuple[str, str]]] = []

    def store(key: tuple[str, str] | None, value: Expr, owner: str | None) -> None:
        if key is None:
            return
        target = function_of(value, program)
        if target is not None:
            slots[key].add(target)
            return
        src = slot_key(value, owner)
        if src is not None and src not in _OS_TABLES:
            copies.append((key, src))

    for owner, s in _all_statements(program):
        if isinstance(s, Assign):
            store(slot_key(s.lhs, owner), s.rhs, owner)
        elif isinstance(s, Call):  # a driver function's parameter gets its argument
            callee = function_of(s.callee, program)
            params = program.functions[callee].params if callee is not None else ()
            for param, arg in zip(params, s.args):
                store(("local", f"{callee}:{param.name}"), arg, owner)
    changed = True
    while changed:  # copies of copies; the sets only grow, so this ends
        changed = False
        for dst, src in copies:
            new = slots.get(src, set()) - slots.get(dst, set())
            if new:
                slots[dst] |= new
                changed = True
    for (kind, name), targets in list(slots.items()):
        if kind == "local":
            slots[("any-local", name.rsplit(":", 1)[1])] |= targets
    return FunctionPointers({k: tuple(sorted(v)) for k, v in sorted(slots.items())})


def callees(
    call: Call, program: Program, fps: FunctionPointers, function: str | None = None
) -> tuple[str, ...]:
    """Driver functions `call` (in `function`, when known) may invoke: its callee, or the
    routine a synchronous WDK routine calls back (`StorPortSynchronizeAccess(Ext, F, C)`
    runs `F` right there).

    Empty for another DDI or an unresolved pointer.
    """
    direct = function_of(call.callee, program)
    if direct is not None:
        return (direct,)
    sync = synchronous_routines().get(call.callee_name or "")
    if sync is not None:
        if sync.routine >= len(call.args):
            return ()
        target = call.args[sync.routine]
        named = function_of(target, program)
        return (named,) if named is not None else fps.targets_of_slot(target, function)
    return fps.targets_of_slot(call.callee, function)


def _taken_by(program: Program) -> dict[str | None, frozenset[str]]:
    """The driver functions each function (None: the globals' initialisers) names as a
    value anywhere but as the callee of a call: the only way a function's address gets
    into memory, where a pointer call may later find it."""

    def named(exprs: Iterable[Expr]) -> Iterable[str]:
        for e in exprs:
            for x in walk(e):
                f = function_of(x, program)
                if f is not None:
                    yield f

    taken: dict[str | None, set[str]] = defaultdict(set)
    for owner, s in _all_statements(program):
        if isinstance(s, Assign):
            taken[owner].update(named((s.lhs, s.rhs)))
        elif isinstance(s, Call):
            taken[owner].update(named(s.args))
            if not isinstance(s.callee, Name):
                taken[owner].update(named((s.callee,)))
        elif isinstance(s, Assume):
            taken[owner].update(named((s.cond,)))
    for key, fn in program.functions.items():
        for b in fn.blocks:
            t = b.term
            if isinstance(t, Branch):
                taken[key].update(named((t.cond,)))
            elif isinstance(t, Return) and t.value is not None:
                taken[key].update(named((t.value,)))
    return {k: frozenset(v) for k, v in taken.items()}


def taken_from(program: Program, fps: FunctionPointers, roots: Iterable[str]) -> frozenset[str]:
    """The driver functions whose address the code that can run from `roots` takes.

    A call through a pointer can only run a function whose address some code that ran
    before stored: from the roots, follow direct calls, and pointer calls only to the
    functions already known taken; the set grows until nothing new is taken. The
    globals' initialisers count as run. Invariant: a superset of every function a
    pointer call can reach from `roots` when no other code has run.
    """
    by_owner = _per_program("taken", program, lambda: _taken_by(program))
    start = sorted(set(roots))
    taken = by_owner.get(None, frozenset())
    while True:  # both sets only grow, so this ends
        reached: set[str] = set()
        todo = list(start)
        while todo:
            f = todo.pop()
            fn = program.functions.get(f)
            if f in reached or fn is None:
                continue
            reached.add(f)
            for c in fn.calls():
                direct = function_of(c.callee, program)
                todo.extend(g for g in callees(c, program, fps, f) if g == direct or g in taken)
        grown = taken.union(*(by_owner.get(f, frozenset()) for f in reached))
        if grown == taken:
            return taken
        taken = grown


@dataclass(frozen=True, slots=True)
class CallGraph:
    edges: dict[str, tuple[str, ...]]

    def reachable(self, roots: Iterable[str]) -> list[str]:
        seen: dict[str, None] = {}
        stack = sorted(set(roots), reverse=True)
        while stack:
            f = stack.pop()
            if f in seen:
                continue
            seen[f] = None
            stack.extend(sorted(self.edges.get(f, ()), reverse=True))
        return list(seen)

    def callers_of(self, targets: Iterable[str]) -> set[str]:
        """The functions from which one of `targets` is reachable (the targets included)."""
        callers: dict[str, set[str]] = {}
        for name, outs in self.edges.items():
            for o in outs:
                callers.setdefault(o, set()).add(name)
        seen = set(targets)
        todo = list(seen)
        while todo:
            f = todo.pop()
            for c in callers.get(f, ()):
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
        return seen


def function_pointers(program: Program) -> FunctionPointers:
    """The driver functions each function-pointer slot may hold (computed once per
    program: discovery and every rule's check ask for it)."""
    return _per_program("fps", program, lambda: _function_pointers(program))


def build_call_graph(program: Program, fps: FunctionPointers | None = None) -> CallGraph:
    """Who calls whom, function pointers resolved through `fps` (default: the program's
    own); computed once per program for its own function pointers."""
    own = function_pointers(program)
    if fps is None or fps is own:
        return _per_program("graph", program, lambda: _build_call_graph(program, own))
    return _build_call_graph(program, fps)


# Facts derived from a loaded program, by kind and program. A program does not change
# once loaded, and each rule's check asks for the same ones; a few programs at most are
# kept (the strong reference makes the identity check safe).
_BY_PROGRAM: dict[tuple[str, int], tuple[Program, object]] = {}
_T = TypeVar("_T")


def _per_program(kind: str, program: Program, compute: Callable[[], _T]) -> _T:
    key = (kind, id(program))
    hit = _BY_PROGRAM.get(key)
    if hit is not None and hit[0] is program:
        return cast(_T, hit[1])
    if len(_BY_PROGRAM) >= 8:
        _BY_PROGRAM.clear()
    value = compute()
    _BY_PROGRAM[key] = (program, value)
    return value


def _build_call_graph(program: Program, fps: FunctionPointers) -> CallGraph:
    edges: dict[str, tuple[str, ...]] = {}
    for name, fn in program.functions.items():
        out: set[str] = set()
        for c in fn.calls():
            out.update(callees(c, program, fps, name))
        edges[name] = tuple(sorted(out))
    return CallGraph(edges)


def recursive_cycles(
    program: Program, fps: FunctionPointers
) -> tuple[list[tuple[str, ...]], dict[str, int]]:
    """The cycles of the call graph (strongly connected components that recurse)."""
    edges = build_call_graph(program, fps).edges
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on: set[str] = set()
    stack: list[str] = []
    out: list[tuple[str, ...]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on.add(v)
            succ = edges.get(v, ())
            if i < len(succ):
                work.append((v, i + 1))
                w = succ[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in edges.get(v, ()):
                    out.append(tuple(sorted(comp)))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    scc_of = {f: i for i, comp in enumerate(out) for f in comp}
    return out, scc_of


def cycles_reached(
    program: Program, fps: FunctionPointers, sccs: list[tuple[str, ...]]
) -> dict[str, tuple[int, ...]]:
    """For each function, the call-graph cycles it can reach (its own included)."""
    graph = build_call_graph(program, fps)
    out: dict[str, list[int]] = {}
    for i, comp in enumerate(sccs):
        for f in graph.callers_of(comp):
            out.setdefault(f, []).append(i)
    return {f: tuple(ids) for f, ids in out.items()}


def reaching_calls_to(
    program: Program, fps: FunctionPointers, watched: AbstractSet[str]
) -> frozenset[str]:
    """Driver functions from which a call the rule watches is reachable."""
    graph = build_call_graph(program, fps)
    direct = {
        name
        for name, fn in program.functions.items()
        if any(c.ddi_name in watched for c in fn.calls())
    }
    seen = graph.callers_of(direct)
    return frozenset(seen)
