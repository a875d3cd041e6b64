"""The path-sensitive interprocedural analysis of one rule over the driver's code.

Property simulation (ESP: Das, Lerner and Seigle, PLDI 2002): at every block, states
whose *property key* (the rule's state, the values of the cells the rule watches and
the routines registered on the path) is equal are merged; states that differ in it
stay apart. So the analysis is path-sensitive exactly where the rule's verdict can
depend on the path, and linear elsewhere. Merging replaces cells whose values differ
by a symbol named after the join point (so repeated joins reach a fixpoint), and keeps
the path-condition atoms both sides share.

Loops: a loop head keeps at most `max_keys` (4) distinct property keys; past that, all its
states are merged into one, with the rule state joined conservatively (sets and maps
keep what both sides agree on), which bounds the work while never inventing a defect.
Calls to driver functions are analysed with their bodies, in the caller's state
(context-sensitive by call string, a call reused where its inputs recur: `memo`). A
recursive call applies the recursion summary of the function's exits computed so far
(none at first); the outermost call iterates until those summaries (one per entry key)
no longer change (`recursion`). Unresolved pointers are calls to unknown code.

Around it: merging states is `join`, forgetting unreachable tracked values `forget`, a
DDI call's model and the rule's handlers `events`, a call site that runs again `sites`.

Invariants: deterministic exploration order (reverse post-order, then property key);
the first violation on a path ends that path; a defect is kept once per primary
location, with the shortest trace found.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ddiverify import budget
from ddiverify.budget import OutOfTime
from ddiverify.engine import solver
from ddiverify.engine.derefs import null_tested, stmt_dereferences
from ddiverify.engine.dormant import dormant
from ddiverify.engine.envcells import ENV_ROOT, IRQL, NAMED, describe_irql, running_cell
from ddiverify.engine.environment import EnvironmentModel, restored, saved
from ddiverify.engine.evaluate import Evaluator, Frame, function_named
from ddiverify.engine.events import CONTEXTS, Events, show_rule_value
from ddiverify.engine.forget import forget_unreachable, forgettable_vars
from ddiverify.engine.join import (
    APPROXIMATE,
    approximate_flag,
    is_approximate,
    join_states,
    without_marks,
)
from ddiverify.engine.memo import CallMemo, Delta
from ddiverify.engine.recursion import Exit, RecursionTable
from ddiverify.engine.rulevm import RuleVM, describe_value, null_value
from ddiverify.engine.sites import age_site, tracked_values
from ddiverify.engine.solver import (
    Cmp,
    assume,
    decide,
    known_value,
    set_nonnegative_fields,
)
from ddiverify.engine.state import (
    ReadLog,
    State,
    Store,
    array_elements,
    array_summary_write,
)
from ddiverify.engine.trace import Trace, TraceStep, extend, linearize, own_steps, suffix
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Term, Value, fold
from ddiverify.ir.callgraph import (
    CallGraph,
    FunctionPointers,
    build_call_graph,
    callees,
    reaching_calls_to,
    taken_from,
)
from ddiverify.ir.cfg import (
    Assign,
    Assume,
    Block,
    Branch,
    Call,
    Jump,
    Loc,
    Return,
    Stmt,
    Unsupported,
    loops_of,
    reverse_postorder,
)
from ddiverify.ir.expr import (
    Const,
    Expr,
    Field,
    Name,
    NameKind,
    walk,
)
from ddiverify.ir.liveness import Liveness, liveness
from ddiverify.ir.program import Function, Program
from ddiverify.knowledge import SynchronousRoutine, synchronous_routines
from ddiverify.knowledge.wdk import Knowledge
from ddiverify.rules.ast import Model, Query, REnvQuery, Rule

CONFIG = Cell(Root("object", "ConfigInfo"))
DEVEXT = Cell(Root("object", "DeviceExtension"))
MAX_DEPTH = 24
CONTEXT_DEPTH = 3  # call depth below which irrelevant helpers are still analysed
MAX_POINTER_TARGETS = 8


# The budget running out, wherever it is noticed (the worklist, the solver).
Timeout = OutOfTime


@dataclass(frozen=True, slots=True)
class PropertyKey:
    """What two states must agree on to be merged (ESP's property key): the rule's
    state, the watched cells' values, the routines registered on the path, where each
    value the rule tracks is held, and the context each routine was registered with."""

    rule: tuple[tuple[str, object], ...]
    watched: tuple[Value, ...]
    registered: frozenset[str]
    holders: frozenset[tuple[Cell, Value]]
    contexts: tuple[tuple[Cell, Value], ...]


# A loop head's states merged into one once it had too many keys (`Analyzer.max_keys`).
COLLAPSED = "*"
BlockKey = PropertyKey | str
# A block and a property key: where a state arriving at a block came from.
_Origin = tuple[int, BlockKey]


@dataclass(frozen=True, slots=True)
class Defect:
    rule: str
    message: str
    loc: Loc
    entry: str
    trace: tuple[TraceStep, ...]


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the engine precomputes once per function."""

    order: dict[int, int]  # reverse post-order number of each block
    heads: set[int]  # loop heads
    joins: frozenset[int]  # blocks where paths meet
    live: Liveness
    looped: frozenset[int]  # blocks on a cycle of the CFG (a loop comes back to them)


def _ret_cell(stack: tuple[object, ...]) -> Cell:
    return Cell(Root("return", "$ret", stack))


def _by_path(item: tuple[Cell, object]) -> str:
    return str(item[0].path)


@dataclass(frozen=True, slots=True)
class HarnessSetup:
    """What the harness knows of the driver that the analysis needs before the first
    routine runs (`Analyzer.prepare`)."""

    kind: str  # the miniport's kind (physical, virtual, unknown): the environment's cases read it
    extension_members: frozenset[str]  # struct members that point back to the device extension
    routines: tuple[tuple[str, str], ...]  # every entry point: function, role
    # The cells of the contexts routines are registered with that are path state, each
    # with the context the harness gives where the path registered none.
    contexts: Mapping[Cell, Value | None]


class Analyzer:
    """The analysis of one rule (or one composed monitor) over the driver's code. A
    harness run drives it through the few methods `engine.harness_run.Analysis` lists;
    the rest is the exploration itself."""

    def __init__(
        self,
        program: Program,
        rule: Rule,
        kb: Knowledge,
        models: tuple[Model, ...],
        fps: FunctionPointers,
        deadline: float,
        max_keys: int = 4,
    ) -> None:
        self.program = program
        self.rule = rule
        self.kb = kb
        self.fps = fps
        self.deadline = deadline
        self.max_keys = max_keys
        self.reads = ReadLog()
        self.ev = Evaluator(program, self.reads)
        self.vm = RuleVM(
            rule, kb, self._escaped, self.reads, frozenset(program.functions), program.functions
        )
        # Violations found from approximated rule states, not reported (their places).
        self.approximate: set[tuple[str, Loc]] = set()
        # Calls more than MAX_DEPTH frames deep into functions that can fire the rule,
        # not followed: (callee, call site) -> caller.
        self.truncated: dict[tuple[str, Loc], str] = {}
        # Violations by rule and primary location: message, entry point, history, its
        # length.
        self.found: dict[tuple[str, Loc], tuple[str, str, Trace | None, int]] = {}
        self.roots = {"config": CONFIG, "devext": DEVEXT}
        self.events = Events(rule, self.vm, self.ev, models, self.roots, self.step, self.report)
        self.environment = EnvironmentModel(
            self.vm,
            kb,
            self.roots,
            "unknown",
            locks=rule.asks(Query.STORPORT_HOLDS) or rule.asks(Query.MAY_ACQUIRE),
        )
        # The roles a rule's `running(...)` asks about, and the functions that have them
        # (from the harness's routines, `prepare`): their routines count themselves on
        # the stack.
        self.running_roles: dict[str, tuple[str, ...]] = {}
        # The functions an unresolved pointer call may run (None: every one stored where
        # it reads); the harness narrows it while no request can have stored others
        # (`limit_pointer_calls`).
        self.pointer_scope: frozenset[str] | None = None
        self._graph: CallGraph | None = None  # for `fires_in`, built on first use
        self.watch = [self._watch_cell(w) for w in rule.watches]
        self.watch_owners = [
            tuple(p.name for p in rule.parts if w in p.watches) for w in rule.watches
        ]
        self.forgettable = forgettable_vars(rule)
        # With `on deref` or driver-function handlers every function can fire the rule.
        self.relevant = (
            frozenset(program.functions)
            if self.events.on_deref or rule.watches_functions()
            else reaching_calls_to(program, fps, self.events.relevant_calls)
        )
        self.tested_names: dict[str, frozenset[str]] = {}
        # A rule that asks where a NULL came from gets NULLs with an identity.
        self.null_origins = rule.asks(Query.ASSIGNED_NULL)
        self.events.null_origins = self.null_origins
        set_nonnegative_fields(program.field_types)
        # Analysed calls by callee, for reuse where the inputs recur (`engine.memo`).
        self.call_memos: dict[str, list[CallMemo]] = {}
        # The recursion summaries of the call graph's cycles (`engine.recursion`).
        self.recursion = RecursionTable(program, fps, self.call_function, self.watched)
        self.steps = 0
        self.state_texts: dict[tuple[object, ...], str] = {}  # trace text per rule state
        self.shapes: dict[str, _Shape] = {}
        # The join symbols made so far, by join point and cell: a loop's joins at one
        # point make the same symbols again and again, and hashing the join point (a
        # call stack) for each cell was a sizeable part of a join.
        self.join_syms: dict[tuple[object, ...], dict[Cell, Sym]] = {}
        self.unsigned_fields: dict[int, list[Field]] = {}  # per branch condition (by id)

    # -- what the harness run asks (`engine.harness_run.Analysis`) -------------------

    def prepare(self, setup: HarnessSetup) -> None:
        """Take the harness's facts about the driver, once, before the first routine
        runs: the device extension's back-pointers (a member never written reads as the
        one extension), the miniport's kind (for the environment's cases), the routines
        a rule's `running(...)` counts, and the contexts that are path state."""
        self.ev.extension_members = setup.extension_members
        self.ev.extension = Addr(DEVEXT)
        self.environment = EnvironmentModel(
            self.vm, self.kb, self.roots, setup.kind, locks=self.environment.locks
        )
        asked = _running_roles(self.rule)
        roles_of: dict[str, list[str]] = {}
        for function, role in setup.routines:
            if role in asked:
                roles_of.setdefault(function, []).append(role)
        self.running_roles = {f: tuple(dict.fromkeys(r)) for f, r in roles_of.items()}
        self.events.keyed = dict(setup.contexts)

    def fires_in(self, role: str, function: str) -> bool:
        """Whether the rule can fire in the routine `function` called in `role`: it
        reaches a call the rule watches (or one that changes the environment it reads),
        or an entry or exit handler is for its role. (A generic exit handler only checks
        obligations the routine itself created, so it needs a watched call too; a
        generic entry handler acts on every routine.)"""
        events = self.events
        if events.on_deref:
            return True  # every routine dereferences something
        if any(h.roles and role in h.roles for h in events.on_exit) or any(
            not h.roles or role in h.roles for h in events.on_entry
        ):
            return True
        if self._graph is None:
            self._graph = build_call_graph(self.program, self.fps)
        watched = events.relevant_calls
        for name in self._graph.reachable([function]):
            fn = self.program.functions.get(name)
            if fn is not None and any(c.ddi_name in watched for c in fn.calls()):
                return True
        return False

    def start(self, st: State) -> State:
        """The harness's first state: `st` (the cells the harness fills: ConfigInfo's
        defaults, the environment) with the rule's initial state and the globals'
        initialisers run."""
        st = replace(st, rule=self.vm.initial())
        frame = Frame(Function("<globals>", _LOC0, _LOC0, (), (), ()), ("globals",), "<globals>")
        for g in self.program.globals.values():
            for stmt in g.init:
                if isinstance(stmt, Assign):
                    nxt = self.exec_stmt(stmt, frame, st)
                    st = nxt[0] if nxt else st
        return st

    def run_routine(
        self, role: str, entry: str, args: list[Value], st: State, kind: str | None
    ) -> list[Exit]:
        """The harness calling the routine `entry` in `role` with `args` (`kind`: the
        kind of the FindAdapter it is, when the driver has several): entered in its
        role's environment, its entry handlers fired, analysed (to a fixpoint when it is
        on a cycle of the call graph), its exit handlers fired at each exit, and what no
        memory holds any more forgotten (its locals died at its exit)."""
        fn = self.program.functions[entry]
        names = [p.name for p in fn.params]
        out: list[Exit] = []
        for s in self.environment.enter(role, st, args, entry, kind):
            # The step after the environment is written: it shows the entry IRQL.
            s = self.step(s, "entry", fn.loc, entry, f"the harness calls {entry} ({role})")
            for s2 in self.events.fire_entry(role, entry, fn.loc, s, args, names):
                for ex in self.recursion.call(fn, (("entry", entry),), entry, args, s2, True):
                    for s3 in self.events.fire_exit(ex, role, entry, args, names):
                        out.append(Exit(self.forget_unreachable(s3), ex.value, ex.loc))
        return out

    def is_dormant(self, st: State) -> bool:
        """Whether no handler of the rule can act on this state any more, whatever the
        calls still to come, ConfigInfo taken as frozen (`engine.dormant`; the harness
        says when it is)."""
        return dormant(self.rule, self.kb, st, {"config": CONFIG})

    def merge_by_key(self, states: list[State]) -> list[State]:
        """One state per property key. States that hold the same cells (differing only
        in their path conditions) are merged first, so the last merges, which make
        symbols, see each distinct store once: the either-or fact of a join is not
        nested, and a flag set on one path in four stays tied to that path's tests."""
        by_key: dict[object, dict[tuple[Store, frozenset[Cell]], State]] = {}
        for st in states:
            same = by_key.setdefault(self.key(st), {})
            k = (st.store, st.zeroed)
            same[k] = self.join(same[k], st, ("harness",), disjoin=True) if k in same else st
        out: list[State] = []
        for same in by_key.values():
            merged: State | None = None
            for st in same.values():
                merged = st if merged is None else self.join(merged, st, ("harness",), disjoin=True)
            assert merged is not None
            out.append(merged)
        return out

    def limit_pointer_calls(self, roots: Iterable[str] | None) -> None:
        """From now on, a call through an unknown pointer runs only the functions whose
        address the code that can run from `roots` takes (`ir.callgraph.taken_from`);
        None: every function stored where it reads, again."""
        self.pointer_scope = None if roots is None else taken_from(self.program, self.fps, roots)

    # -- helpers -------------------------------------------------------------------

    def _watch_cell(self, path: tuple[str, ...]) -> Cell:
        if path[0] in NAMED:
            return NAMED[path[0]]
        root = {"config": CONFIG, "devext": DEVEXT}.get(path[0], Cell(Root("global", path[0])))
        for p in path[1:]:
            root = root.child(p)
        return root

    def tick(self) -> None:
        self.steps += 1
        if self.steps & 255 == 0:
            if time.monotonic() > self.deadline:
                raise Timeout()
            budget.check()

    def key(self, st: State) -> PropertyKey:
        """The property key: states that differ in it are never merged.

        Besides the rule state and the watched cells it holds where each value the rule
        tracks is stored (ESP's must-alias set of the tracked object), so merging never
        forgets that a variable still holds a freed block or an open handle, and the
        context of each registered routine, so each path calls it with its own.
        """
        tracked: set[Value] = {v for v in tracked_values(st.rule) if _has_identity(v)}  # type: ignore[misc]
        holders = st.store.holding(tracked) if tracked else frozenset()
        contexts = st.store.cells_of(CONTEXTS) if self.events.keyed else ()
        shown = (
            tuple(
                sorted(
                    ((c, v) for c in contexts if (v := st.store.get(c)) is not None), key=_by_path
                )
            )
            if contexts
            else ()
        )
        rule = st.rule if not is_approximate(st.rule) else without_marks(st.rule)
        return PropertyKey(rule, self.watched(st), st.registered, holders, shown)

    def forget_unreachable(self, st: State, stack: tuple[object, ...] = ()) -> State:
        """Drop the tracked values no memory of the driver can produce again (see
        `forget.forget_unreachable`)."""
        return forget_unreachable(st, self.forgettable, stack)

    def watched(self, st: State) -> tuple[Value, ...]:
        """The watched cells' values, an unknown one by the constant its path pins it to."""
        out = []
        for c in self.watch:
            v = self.reads.read(st, c)
            if isinstance(v, Sym):
                k = known_value(st.pc, v)
                if k is not None:
                    v = Int(k)
            out.append(v)
        return tuple(out)

    def _escaped(self, st: State, v: Value) -> bool:
        for cell, val in st.store.items():
            if (
                val != v
                or cell.root.kind == "local"
                or cell.root.kind == "return"
                or cell.root is ENV_ROOT
            ):
                continue
            if cell.root.kind == "object" and v in cell.root.frame:
                continue  # a field of the object itself
            return True
        return False

    def step(
        self,
        st: State,
        kind: str,
        loc: Loc,
        function: str,
        text: str,
        cond: Cmp | None = None,
        rule: str = "",
    ) -> State:
        values = tuple(self.reads.read(st, c) for c in self.watch)
        state_text = self.state_texts.get((st.rule, values))
        if state_text is None:
            rule_text = "; ".join(
                f"{k}={show_rule_value(v)}" for k, v in st.rule if not k.startswith("$")
            )
            if self.rule.parts:
                # A composed monitor: each watched cell under the rules that watch it
                # (`trace.own_steps` shows each rule its own).
                watched = "; ".join(
                    f"{owner}:{c.path[-1]}={describe_value(v)}"
                    for c, v, owners in zip(self.watch, values, self.watch_owners)
                    for owner in owners
                )
            else:
                watched = ", ".join(
                    f"{c.path[-1]}={describe_value(v)}" for c, v in zip(self.watch, values)
                )
            state_text = "; ".join(x for x in (rule_text, watched) if x)
            self.state_texts[(st.rule, values)] = state_text
        irql = describe_irql(st.read_untracked(IRQL), st.pc)
        return replace(
            st,
            trace=extend(
                st.trace,
                TraceStep(kind, loc.file, loc.line, function, text, state_text, irql, cond, rule),
            ),
        )

    def report(self, message: str, loc: Loc, st: State, entry: str, rule: str = "") -> None:
        """Record a violation of `rule` (of a composed monitor; "" for the only one); of
        several at one place, the one with the shortest history is kept (its trace is
        chosen once, by `defects`)."""
        if st.rule_var(APPROXIMATE) is not None or (
            rule and st.rule_var(approximate_flag(rule)) is not None
        ):
            # The rule state was merged from different ones at a crowded loop head: what
            # it says is held or open may be less than what is (`join.APPROXIMATE`).
            self.approximate.add((rule, loc))
            return
        length = st.trace.length if st.trace is not None else 0
        old = self.found.get((rule, loc))
        if old is None or length < old[3]:
            self.found[(rule, loc)] = (message, entry, st.trace, length)

    def defects(self, rule: str = "") -> dict[Loc, Defect]:
        """The defects found for `rule` (of a composed monitor; "" for the only one), one
        per primary location, each with its trace (in a composed monitor, the steps of
        the other rules are left out, and the rule state shown is this rule's)."""
        name = rule or self.rule.name
        out = {}
        for (owner, loc), (message, entry, trace, _) in self.found.items():
            if owner != rule:
                continue
            steps = linearize(trace)
            if rule:
                steps = own_steps(steps, rule)
            out[loc] = Defect(name, message, loc, entry, tuple(steps))
        return out

    def approximate_for(self, rule: str = "") -> set[Loc]:
        """The places of the violations of `rule` found from approximate states."""
        return {loc for owner, loc in self.approximate if owner == rule}

    # -- joins ---------------------------------------------------------------------

    def join(
        self,
        a: State,
        b: State,
        where: tuple[object, ...],
        rule_join: bool = False,
        loop: bool = False,
        disjoin: bool = False,
    ) -> State:
        """Merge two states (`loop`: at a loop head, `b` having gone round the loop;
        `disjoin`: at a point no loop returns to, where the merged state may remember
        that one side or the other held)."""
        return join_states(
            a,
            b,
            where,
            self.ev.extension_members,
            self.ev.extension,
            self.join_syms.setdefault(where, {}),
            rule_join,
            loop,
            disjoin,
        )

    # -- functions -------------------------------------------------------------------

    def call_function(
        self,
        fn: Function,
        stack: tuple[object, ...],
        entry: str,
        args: list[Value],
        st: State,
        is_entry: bool = False,
    ) -> list[Exit]:
        frame = Frame(fn, stack, entry)
        writes = {}
        for i, p in enumerate(fn.params):
            writes[frame.local(p.name)] = (
                args[i] if i < len(args) else Sym(("arg", i, stack), p.name)
            )
        roles = self.running_roles.get(fn.name, ())
        for role in roles:  # a routine a rule's `running(...)` asks about
            writes[running_cell(role)] = fold(
                "+", _count(self.reads.read(st, running_cell(role))), Int(1)
            )
        st = st.write_many(writes)
        call_irql = self.reads.read(st, IRQL) if self.events.on_function_exit else None
        exits = self.run_cfg(frame, st, is_entry)
        if call_irql is not None:
            exits = [
                Exit(s, ex.value, ex.loc)
                for ex in exits
                for s in self.events.fire_function_exit(fn.name, entry, call_irql, ex)
            ]
        if roles:
            exits = [
                Exit(
                    ex.state.write_many(
                        {
                            running_cell(r): fold(
                                "-", _count(ex.state.read_untracked(running_cell(r))), Int(1)
                            )
                            for r in roles
                        }
                    ),
                    ex.value,
                    ex.loc,
                )
                for ex in exits
            ]
        return exits

    def _shape(self, fn: Function) -> _Shape:
        shape = self.shapes.get(fn.name)
        if shape is None:
            order, heads = reverse_postorder(fn.blocks)
            preds: dict[int, int] = {}
            for b in fn.blocks:
                for s in b.successors():
                    preds[s] = preds.get(s, 0) + 1
            shape = _Shape(
                order,
                heads,
                frozenset(b for b, n in preds.items() if n > 1),
                liveness(fn),
                loops_of(fn.blocks).on_cycles,
            )
            self.shapes[fn.name] = shape
        return shape

    def drop_dead(self, st: State, block: int, frame: Frame, aggregates: bool = True) -> State:
        """Forget the cells of the frame's variables nothing reads from `block` on
        (`aggregates`: also the structs and arrays, which takes a scan of the store)."""
        live = self._shape(frame.function).live
        dead = live.dead_at(block)
        if not dead:
            return st
        store = st.store
        names = dead if aggregates else dead - live.aggregates
        gone = [c for c in map(frame.local, names) if store.get(c) is not None]
        if aggregates and dead & live.aggregates:
            gone += [c for c in store.locals_of(frame.stack) if c.path and c.root.name in dead]
        zeroed = st.zeroed
        if zeroed and any(z.root.kind == "local" for z in zeroed):
            zeroed = frozenset(
                z
                for z in zeroed
                if not (
                    z.root.kind == "local" and z.root.name in dead and z.root.frame == frame.stack
                )
            )
        if not gone and zeroed is st.zeroed:
            return st
        return replace(st, store=store.without(gone), zeroed=zeroed)

    def run_cfg(self, frame: Frame, st0: State, is_entry: bool) -> list[Exit]:
        blocks = frame.function.blocks
        shape = self._shape(frame.function)
        order, heads = shape.order, shape.heads
        pending: dict[int, dict[BlockKey, State]] = {0: {self.key(st0): st0}}
        seen: dict[int, dict[BlockKey, State]] = {}
        collapsed: set[int] = set()
        heap = [(order.get(0, 0), 0)]
        queued = {0}
        exits: dict[tuple[PropertyKey, object, Loc | None], Exit] = {}
        sources: dict[_Origin, set[_Origin]] = {}  # block and key -> where its states came from
        runs: dict[int, int] = {}  # how often each block has run
        arrivals: dict[_Origin, int] = {}  # the run that sent a waiting state
        while heap:
            _, b = heapq.heappop(heap)
            queued.discard(b)
            runs[b] = run = runs.get(b, 0) + 1
            work = pending.pop(b, {})
            for k in list(work):  # insertion order: deterministic, like the exploration
                st = work[k]
                seen.setdefault(b, {})[k] = st
                for succ, st2, ret in self.exec_block(blocks[b], frame, st):
                    if succ is None:
                        assert ret is not None
                        value = self.reads.read(st2, _ret_cell(frame.stack))
                        # The frame's variables die here: exits that differ only in them
                        # (or in tracked values only they held) are one exit.
                        st2 = self.forget_unreachable(st2.drop_frame(frame.stack), frame.stack[:-1])
                        # Exits returning different constants stay apart: callers test
                        # the status, and its tie to what the call freed or set is kept.
                        cls = _result_class(st2, value)
                        ek = (self.key(st2), cls, ret.loc if is_entry else None)
                        old = exits.get(ek)
                        if old is None:
                            exits[ek] = Exit(st2, value, ret.loc)
                        else:
                            j = self.join(
                                old.state, st2, ("exit", frame.stack), disjoin=not shape.looped
                            )
                            merged = self.reads.read(j, _ret_cell(frame.stack))
                            if isinstance(cls, int):
                                # Both exits return the same constant (one as a literal,
                                # one as a value its path pinned down): keep it.
                                merged = Int(cls)
                                j = j.write(_ret_cell(frame.stack), merged)
                            elif cls in _SIGN_FACTS and isinstance(merged, Sym):
                                # Two failures with different statuses: still a failure.
                                j = replace(j, pc=j.pc | {Cmp(_SIGN_FACTS[cls], merged, Int(0))})
                            exits[ek] = Exit(j, merged, old.loc)
                        continue
                    if succ in shape.joins:
                        st2 = self.drop_dead(st2, succ, frame, aggregates=succ in heads)
                        if succ in heads:
                            st2 = self.forget_unreachable(st2, frame.stack)
                    if (
                        self._arrive(
                            succ,
                            st2,
                            pending,
                            seen,
                            heads,
                            collapsed,
                            frame,
                            (b, k),
                            sources,
                            run,
                            arrivals,
                        )
                        and succ not in queued
                    ):
                        heapq.heappush(heap, (order.get(succ, len(order)), succ))
                        queued.add(succ)
        return list(exits.values())

    def _arrive(
        self,
        b: int,
        st: State,
        pending: dict[int, dict[BlockKey, State]],
        seen: dict[int, dict[BlockKey, State]],
        heads: set[int],
        collapsed: set[int],
        frame: Frame,
        origin: _Origin,
        sources: dict[_Origin, set[_Origin]],
        run: int = 0,
        arrivals: dict[_Origin, int] | None = None,
    ) -> bool:
        """Add a state arriving at block `b`; say whether the block must run (again).

        States with the same key are joined, except where a later state supersedes an
        earlier one: if every state that reached `b` with this key came from the same
        predecessor state (`origin`: block and key), the new one came from a state that
        contains the old one (a join's result, or itself superseding), so it contains
        what the old one reached and replaces it. This keeps a loop body's second round
        from re-joining, block by block, with its first (and from making a join symbol
        of every cell that differs at every block).
        """
        where = (b, frame.stack)
        if b in collapsed:
            k: BlockKey = COLLAPSED
            base = pending.get(b, {}).get(k) or seen.get(b, {}).get(k)
            new = (
                st if base is None else self.join(base, st, where, rule_join=True, loop=b in heads)
            )
            if base is not None and new == base and k not in pending.get(b, {}):
                return False
            pending.setdefault(b, {})[k] = new
            return True
        k = self.key(st)
        if arrivals is None:
            arrivals = {}
        came = sources.setdefault((b, k), set())
        if k in pending.get(b, {}):
            if came == {origin} and arrivals.get((b, k), run) < run:
                # Still waiting, and all it holds came from this very predecessor state
                # in an earlier run of that block, which has run again since (a loop
                # head's next round, after its join): the new arrival contains the old
                # one, so it replaces it (as below, for a block not yet run again).
                pending[b][k] = st
                arrivals[(b, k)] = run
                return True
            arrivals[(b, k)] = run
            came.add(origin)
            pending[b][k] = self.join(
                pending[b][k],
                st,
                where,
                loop=b in heads,
                disjoin=b not in self._shape(frame.function).looped,
            )
            return True
        prev = seen.get(b, {}).get(k)
        if prev is not None and len(came) == 1 and origin in came:
            if st == prev:
                return False
            pending.setdefault(b, {})[k] = st
            arrivals[(b, k)] = run
            return True
        came.add(origin)
        if prev is not None:
            new = self.join(
                prev,
                st,
                where,
                loop=b in heads,
                disjoin=b not in self._shape(frame.function).looped,
            )
            if new == prev:
                return False
            pending.setdefault(b, {})[k] = new
            arrivals[(b, k)] = run
            return True
        if b in heads and len(seen.get(b, {})) + len(pending.get(b, {})) >= self.max_keys:
            states = list(seen.get(b, {}).values()) + list(pending.get(b, {}).values()) + [st]
            merged = states[0]
            for other in states[1:]:
                merged = self.join(merged, other, where, rule_join=True, loop=True)
            collapsed.add(b)
            seen[b] = {}
            pending[b] = {COLLAPSED: merged}
            return True
        pending.setdefault(b, {})[k] = st
        arrivals[(b, k)] = run
        return True

    # -- blocks and statements -------------------------------------------------------------

    def exec_block(
        self, block: Block, frame: Frame, st: State
    ) -> list[tuple[int | None, State, Return | None]]:
        states = [st]
        for stmt in block.stmts:
            nxt: list[State] = []
            for s in states:
                self.tick()
                nxt.extend(self.exec_stmt(stmt, frame, s))
            states = nxt
            if not states:
                return []
        term = block.term
        out: list[tuple[int | None, State, Return | None]] = []
        for s in states:
            if self.events.on_deref and isinstance(term, (Branch, Return)):
                for s2 in self.fire_derefs(term, frame, s):
                    out.extend(self._exec_term(term, frame, s2))
            else:
                out.extend(self._exec_term(term, frame, s))
        return out

    def _exec_term(
        self, term: Jump | Branch | Return, frame: Frame, s: State
    ) -> list[tuple[int | None, State, Return | None]]:
        fname = frame.function.name
        out: list[tuple[int | None, State, Return | None]] = []
        if isinstance(term, Jump):
            out.append((term.target, s, None))
        elif isinstance(term, Branch):
            s = self._unsigned_facts(term.cond, frame, s)
            c = self.ev.cond_of(term.cond, frame, s)
            d = decide(s.pc, c)
            for taken, target, cc in ((True, term.if_true, c), (False, term.if_false, c.negated())):
                if d is not None and d != taken:
                    continue
                pc = s.pc if d is not None else assume(s.pc, cc)
                if pc is None:
                    continue
                s2 = replace(s, pc=pc)
                s2 = self.step(
                    s2,
                    "branch",
                    term.loc,
                    fname,
                    f"{term.text} is {'true' if taken else 'false'}",
                    cc,
                )
                out.append((target, s2, None))
        else:
            value = (
                self.ev.value_of(term.value, frame, s) if term.value is not None else Sym(("void",))
            )
            s2 = s.write(_ret_cell(frame.stack), value)
            out.append((None, s2, term))
        return out

    def _unsigned_facts(self, cond: Expr, frame: Frame, st: State) -> State:
        """A member declared unsigned never holds a negative value, whatever arithmetic
        produced it (C converts on the store): say so before a branch compares it."""
        unsigned = self.unsigned_fields.get(id(cond))
        if unsigned is None:
            unsigned = [e for e in _fields_in(cond) if e.name in solver.NONNEGATIVE_FIELDS]
            self.unsigned_fields[id(cond)] = unsigned
        if not unsigned:
            return st
        facts = []
        for e in unsigned:
            v = self.ev.value_of(e, frame, st)
            if isinstance(v, (Sym, Term)):
                facts.append(Cmp(">=", v, Int(0)))
        if not facts:
            return st
        pc = st.pc
        for f in facts:
            new = assume(pc, f)
            if new is not None:
                pc = new
        return replace(st, pc=pc)

    def fire_derefs(self, stmt: Stmt | Branch | Return, frame: Frame, st: State) -> list[State]:
        """The states after the rule's `on deref(p)` handlers for each pointer `stmt`
        reads or writes through (engine/derefs.py), in evaluation order."""
        states = [st]
        for ptr in stmt_dereferences(stmt):
            tested = isinstance(ptr, Name) and ptr.name in self._null_tested(frame.function)
            nxt: list[State] = []
            for s in states:
                value = self.ev.value_of(ptr, frame, s)
                # A value merged from several paths may have lost the test that excluded
                # NULL on each of them (`if (!p) p = q;`): not a pointer known to be tested.
                merged = isinstance(value, Sym) and bool(value.key) and value.key[0] == "widen"
                nxt.extend(
                    self.events.fire_deref(
                        value, str(ptr), tested and not merged, frame, stmt.loc, s
                    )
                )
            states = nxt
        return states

    def _null_tested(self, fn: Function) -> frozenset[str]:
        got = self.tested_names.get(fn.name)
        if got is None:
            got = self.tested_names[fn.name] = null_tested(fn)
        return got

    def exec_stmt(self, stmt: Stmt, frame: Frame, st: State) -> list[State]:
        if self.events.on_deref and not isinstance(stmt, Unsupported):
            out: list[State] = []
            for s in self.fire_derefs(stmt, frame, st):
                out.extend(self._exec_stmt(stmt, frame, s))
            return out
        return self._exec_stmt(stmt, frame, st)

    def _assigned_null(self, stmt: Assign, frame: Frame, st: State) -> State | None:
        """`p = NULL;` for a rule that asks where NULLs come from: the NULL gets an
        identity of its own (rulevm.null_value), the path says it is 0."""
        rhs = stmt.rhs
        if not isinstance(rhs, Const) or rhs.value != 0 or rhs.text == "{0}":
            return None
        if rhs.text not in ("NULL", "nullptr") and not (
            isinstance(stmt.lhs, Name) and self.ev.is_pointer(stmt.lhs, frame)
        ):
            return None
        cell = self.ev.cell_of(stmt.lhs, frame, st)
        if cell is None:
            return None
        sym = null_value(
            ("assigned", stmt.loc, frame.stack), f"NULL assigned at line {stmt.loc.line}"
        )
        pc = assume(st.pc, Cmp("==", sym, Int(0)))
        return replace(st.write(cell, sym), pc=pc) if pc is not None else None

    def _exec_stmt(self, stmt: Stmt, frame: Frame, st: State) -> list[State]:
        if isinstance(stmt, Assign) and self.null_origins:
            got = self._assigned_null(stmt, frame, st)
            if got is not None:
                return [got]
        if isinstance(stmt, Assign):
            cell = self.ev.cell_of(stmt.lhs, frame, st)
            if cell is None:
                return [st]
            if isinstance(stmt.rhs, Const) and stmt.rhs.text == "{0}":
                st2 = st.zero(cell)
            else:
                value = self.ev.value_of(stmt.rhs, frame, st)
                summary = array_summary_write(st, cell, value)
                if summary:
                    st = replace(st, store=st.store.without(array_elements(st, cell)))
                st2 = st.write_many({cell: value, **summary})
            if any(
                w == cell or (w.root == cell.root and w.path[: len(cell.path)] == cell.path)
                for w in self.watch
            ):
                st2 = self.step(st2, "assign", stmt.loc, frame.function.name, stmt.text)
            return [st2]
        if isinstance(stmt, Assume):
            pc = assume(st.pc, self.ev.cond_of(stmt.cond, frame, st))
            return [replace(st, pc=pc)] if pc is not None else []
        if isinstance(stmt, Call):
            return self.exec_call(stmt, frame, st)
        return [st]

    def exec_call(self, stmt: Call, frame: Frame, st: State) -> list[State]:
        targets, partial = self._targets(stmt, frame, st)
        args = [self.ev.value_of(a, frame, st) for a in stmt.args]
        depth = len(frame.stack)
        if targets and depth > CONTEXT_DEPTH:
            # Deep in the call tree, code that cannot reach a call the rule watches is
            # treated as a DDI without a model: any result, no effect the rule tracks.
            kept = [t for t in targets if t in self.relevant]
            partial = partial or len(kept) < len(targets)
            targets = kept
            if not targets:
                return [
                    self._store_result(stmt, frame, s, v)
                    for s, v in self.events.apply_model(
                        stmt.callee_name or str(stmt.callee), stmt, frame, args, st
                    )
                ]
        if targets:
            out: list[State] = []
            for t in targets:
                for s, value in self.call_driver(t, stmt, frame, args, st):
                    out.append(self._store_result(stmt, frame, s, value))
            if partial:
                # Some targets were not followed (they reach no watched call): the call
                # may be one of them, which changes nothing the rule tracks.
                out += [
                    self._store_result(stmt, frame, s, v)
                    for s, v in self.events.apply_model(
                        stmt.callee_name or str(stmt.callee), stmt, frame, args, st
                    )
                ]
            return out
        name = stmt.ddi_name or str(stmt.callee)
        texts = [str(a) for a in stmt.args]
        st = self.events.note_registration(name, args, st)
        st = age_site(st, (stmt.loc, frame.stack))
        sync = synchronous_routines().get(name)
        routine = (
            function_named(args[sync.routine])
            if sync is not None and sync.routine < len(args)
            else None
        )
        out = []
        for s in self.events.fire(
            self.events.on_call.get(name, ()), name, args, texts, None, frame, stmt.loc, st
        ):
            if sync is not None and routine in self.program.functions:
                results = self._call_synchronous(routine, sync, stmt, frame, args, s)
            else:
                results = self.events.apply_model(name, stmt, frame, args, s)
            for s2, value in results:
                s3 = self._store_result(stmt, frame, s2, value)
                out.extend(
                    self.events.fire(
                        self.events.on_return.get(name, ()),
                        name,
                        args,
                        texts,
                        value,
                        frame,
                        stmt.loc,
                        s3,
                    )
                )
        return out

    def _call_synchronous(
        self,
        routine: str,
        sync: SynchronousRoutine,
        stmt: Call,
        frame: Frame,
        args: list[Value],
        st: State,
    ) -> list[tuple[State, Value]]:
        """A routine a synchronous WDK routine runs right there (`StorPortSynchronizeAccess`
        calls it at DIRQL with the interrupt lock held); its caller's IRQL and locks are
        as before when it returns, and its result is the WDK routine's."""
        before = saved(st)
        passed = [args[i] if i < len(args) else Sym(("sync-arg", stmt.loc, i)) for i in sync.args]
        out = []
        for s in self.environment.enter_synchronous(sync.environment, st):
            for s2, value in self.call_driver(routine, stmt, frame, passed, s):
                out.append((restored(s2, before), value))
        return out

    def _targets(self, stmt: Call, frame: Frame, st: State) -> tuple[list[str], bool]:
        """The driver functions a call may run, and whether others it may run were
        left out."""
        name = stmt.callee_name
        if name is not None and name in self.program.functions:
            return [name], False
        if isinstance(stmt.callee, Name) and stmt.callee.kind in (NameKind.EXTERN, NameKind.FUNC):
            return [], False
        v = self.ev.value_of(stmt.callee, frame, st)
        f = function_named(v)
        if f is not None and f in self.program.functions:
            return [f], False
        if isinstance(v, Int):
            # A pointer the path holds as a number (NULL, a cleared field): no driver
            # function, and guessing one from where functions are stored would run code
            # the machine never reaches.
            return [], False
        # An unresolved pointer: the functions stored where it is read from. Only those
        # that can reach a call the rule watches are followed (others change nothing the
        # rule tracks), at most MAX_POINTER_TARGETS of them.
        every = callees(stmt, self.program, self.fps)
        if self.pointer_scope is not None:
            every = tuple(t for t in every if t in self.pointer_scope)
        found = [t for t in every if t in self.relevant]
        return found[:MAX_POINTER_TARGETS], len(found) < len(every) or len(
            found
        ) > MAX_POINTER_TARGETS

    def _store_result(self, stmt: Call, frame: Frame, st: State, value: Value) -> State:
        if stmt.result is None:
            return st
        cell = self.ev.cell_of(stmt.result, frame, st)
        return st.write(cell, value) if cell is not None else st

    def call_driver(
        self, target: str, stmt: Call, frame: Frame, args: list[Value], st: State
    ) -> list[tuple[State, Value]]:
        if not self.events.on_function_call:
            return self._call_driver(target, stmt, frame, args, st)
        return [
            r
            for s in self.events.fire_function_call(target, frame, stmt.loc, st)
            for r in self._call_driver(target, stmt, frame, args, s)
        ]

    def _call_driver(
        self, target: str, stmt: Call, frame: Frame, args: list[Value], st: State
    ) -> list[tuple[State, Value]]:
        fn = self.program.functions[target]
        if self.recursion.reenters(target, frame.stack):
            return self._recursive_call(target, stmt, frame, args, st)
        if len(frame.stack) > MAX_DEPTH:
            if target in self.relevant:
                # Not followed, so whatever the rule would see there is unseen: the
                # verdict says so (`engine.check._verdict`).
                self.truncated.setdefault((target, stmt.loc), frame.function.name)
            return [(st, Sym(("ret", target, stmt.loc, frame.stack), f"{target}(...)"))]
        stack = frame.stack + ((stmt.loc, target),)
        # The call runs again (a loop, a helper called again from the same place): what
        # its previous run made (join symbols at its joins and exits) is older now.
        st = age_site(st, stack)
        st = self.step(st, "call", stmt.loc, frame.function.name, stmt.text)
        # The call memo: a call is reused wherever the callee would see the same inputs —
        # the same property key, arguments, values in the cells it read, and
        # path-condition atoms over those values. Its effect (writes, new constraints,
        # rule state, trace steps) is then applied to the caller's state.
        # (A narrowed pointer scope can run fewer functions: it is part of the inputs.)
        key = (self.key(st), self.recursion.epochs(target), self.pointer_scope is None)
        targs = tuple(args)
        for memo in self.call_memos.get(target, ()):
            renaming = memo.matches(key, targs, st)
            if renaming is not None:
                return [(d.apply(st), d.value) for d in memo.results(renaming, stack)]
        self.reads.open()
        try:
            exits = self.recursion.call(fn, stack, frame.entry, args, st)
        finally:
            reads = self.reads.close()
        own = [c for c in reads if not _in_frames(c, stack)]
        self.reads.note(set(own))
        base = st.trace.length if st.trace is not None else 0
        results = []
        deltas = []
        for ex in exits:
            s = _drop_ret(ex.state, stack)  # its locals died at its exit (run_cfg)
            results.append((s, ex.value))
            deltas.append(Delta.of(st, s, ex.value, suffix(s.trace, base)))
        memos = self.call_memos.setdefault(target, [])
        memos.append(
            CallMemo.of(
                stack,
                (key[0], self.recursion.epochs(target), key[2]),
                targs,
                st,
                own,
                tuple(deltas),
            )
        )
        if len(memos) > 64:
            del memos[0]
        return results

    def _recursive_call(
        self, target: str, stmt: Call, frame: Frame, args: list[Value], st: State
    ) -> list[tuple[State, Value]]:
        """A call that re-enters a cycle of the call graph: the exits of its recursion
        summary so far (`RecursionTable.apply`), or unknown code past the entries the
        table keeps."""
        got = self.recursion.apply(target, args, st)
        if got is None:
            return [
                (
                    self.step(
                        st,
                        "call",
                        stmt.loc,
                        frame.function.name,
                        f"{stmt.text} (recursive, not analysed)",
                    ),
                    Sym(("ret", target, stmt.loc, frame.stack), f"{target}(...)"),
                )
            ]
        return [
            (self.step(s, "call", stmt.loc, frame.function.name, f"{stmt.text} (recursive)"), v)
            for s, v in got
        ]

    # -- DDIs --------------------------------------------------------------------------


_SIGN_FACTS = {"negative": "<", "nonnegative": ">="}


def _result_class(st: State, value: Value) -> object:
    """A returned value as the exit key sees it: its constant when it has one, else
    its sign when the path fixes it (an NTSTATUS failure vs success), else unknown."""
    if isinstance(value, Int):
        return value.v
    if isinstance(value, Addr):
        return "address"
    k = known_value(st.pc, value)
    if k is not None:
        return k
    negative = decide(st.pc, Cmp("<", value, Int(0)))
    if negative is None:
        return "?"
    return "negative" if negative else "nonnegative"


def _in_frames(c: Cell, stack: tuple[object, ...]) -> bool:
    """Whether `c` belongs to the call at `stack` or deeper (its locals, its return)."""
    f = c.root.frame
    return c.root.kind in ("local", "return") and f[: len(stack)] == stack


_LOC0 = Loc("<harness>", 0)


def _running_roles(rule: Rule) -> frozenset[str]:
    """The roles the rule's `running(...)` conditions name."""
    out: set[str] = set()
    todo: list[object] = [h.body for h in rule.handlers]
    while todo:
        x = todo.pop()
        if isinstance(x, REnvQuery) and x.query is Query.RUNNING:
            out.update(x.roles)
        if isinstance(x, (tuple, list)):
            todo.extend(x)
        elif hasattr(x, "__dataclass_fields__"):
            todo.extend(getattr(x, f) for f in x.__dataclass_fields__)
    return frozenset(out)


def _fields_in(e: Expr) -> list[Field]:
    """The member accesses inside an expression."""
    return [x for x in walk(e) if isinstance(x, Field)]


def _has_identity(v: object) -> bool:
    """Whether a tracked value is an object of its own (a fresh block, handle, IRP, an
    unknown pointer) rather than a fixed address such as `&DevExt->Event`, which no
    variable can stop holding: only the former need their holders in the key."""
    if isinstance(v, Addr):
        return bool(v.cell.root.frame) and v.cell.root.kind == "object"
    return isinstance(v, (Sym, Term))


def _count(v: Value) -> Value:
    """A counter cell's value (never written: 0)."""
    return Int(0) if isinstance(v, Sym) and v.key and v.key[0] == "read" else v


def _drop_ret(st: State, stack: tuple[object, ...]) -> State:
    cell = _ret_cell(stack)
    if st.store.get(cell) is None:
        return st
    return replace(st, store=st.store.without([cell]))
