"""Drives the analysis along the harness's paths (docs/harness.md, "The paths the harness explores").

The phases of roles.toml in order -- DriverEntry, each HwStorFindAdapter on a path of its
own (a zero-filled device extension and a ConfigInfo with Storport's defaults), the
HwStorInitialize, the passive initialisation routine where it was registered -- each
going on only where its result allows, then exactly one more callback, each of the
others on its own path (HwStorBuildIo then, where it returned TRUE, HwStorStartIo on
the same SRB). Every routine is entered in the environment roles.toml gives its role
(IRQL, Storport's locks). The device extension, ConfigInfo, globals, the environment and
the rule state flow from one routine to the next.
Invariant: a violation inside a routine counts even when the path is then pruned.
"""

from __future__ import annotations

from dataclasses import replace

from ddiverify.engine.analyzer import CONFIG, DEVEXT, Analyzer
from ddiverify.engine.dormant import dormant, holds_address_into
from ddiverify.engine.envcells import (
    CONCURRENT_CHANNELS,
    DIRQL_FACTS,
    KIND,
    KIND_CODES,
    SRB,
)
from ddiverify.engine.environment import EnvironmentModel
from ddiverify.engine.evaluate import Frame, function_named
from ddiverify.engine.events import CONTEXTS, context_cell
from ddiverify.engine.recursion import Exit
from ddiverify.engine.solver import Cmp, assume
from ddiverify.engine.state import EMPTY_STORE, State, Store
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Value
from ddiverify.harness.adapter import extension_members
from ddiverify.harness.discovery import DriverModel, EntryPoint, Kind
from ddiverify.ir.callgraph import build_call_graph, function_of, taken_from
from ddiverify.ir.cfg import Assign, Call, Loc
from ddiverify.ir.expr import AddrOf, Expr, Field, Name, NameKind
from ddiverify.ir.program import Function, Program
from ddiverify.knowledge.roles import Phase, role_table
from ddiverify.knowledge.wdk import Knowledge
from ddiverify.rules.ast import Query, REnvQuery

DRIVER_OBJECT = Cell(Root("object", "DriverObject"))
REGISTRY_PATH = Cell(Root("object", "RegistryPath"))


def config_defaults(kb: Knowledge) -> dict[Cell, Value]:
    """Storport's defaults for PORT_CONFIGURATION_INFORMATION (roles.toml)."""
    return {CONFIG.child(k): Int(kb.constants[v]) for k, v in role_table().config_defaults.items()}


def initial_state(an: Analyzer, program: Program, kind: Kind) -> State:
    st = State(EMPTY_STORE, frozenset({DEVEXT}), DIRQL_FACTS, an.vm.initial())
    st = st.write_many(config_defaults(an.kb))
    st = st.write_many({CONCURRENT_CHANNELS: Int(0), KIND: Int(KIND_CODES.get(kind.value, 0))})
    frame = Frame(Function("<globals>", _loc0(), _loc0(), (), (), ()), ("globals",), "<globals>")
    for g in program.globals.values():
        for stmt in g.init:
            if isinstance(stmt, Assign):
                nxt = an.exec_stmt(stmt, frame, st)
                st = nxt[0] if nxt else st
    return st


def _loc0() -> Loc:
    return Loc("<harness>", 0)


class HarnessRun:
    def __init__(self, an: Analyzer, program: Program, model: DriverModel) -> None:
        self.an = an
        self.program = program
        self.model = model
        self.table = role_table()
        self.config_frozen = False
        an.ev.extension_members = extension_members(program, model)
        an.ev.extension = Addr(DEVEXT)
        an.environment = EnvironmentModel(
            an.vm, an.kb, an.roots, model.kind.value, locks=an.environment.locks
        )
        asked = _running_roles(an)
        roles_of: dict[str, list[str]] = {}
        for ep in model.entry_points:
            if ep.role in asked:
                roles_of.setdefault(ep.function, []).append(ep.role)
        an.running_roles = {f: tuple(dict.fromkeys(r)) for f, r in roles_of.items()}
        self.kinds = dict(model.find_adapter_kinds)
        self.graph = build_call_graph(self.program, an.fps)
        self._static: dict[str, Value | None] = {}
        # Only the contexts of routines the rule can fire in are path state (and keep
        # paths apart): a registration changes nothing another routine sees.
        an.events.keyed = {
            context_cell(ep.function): self.static_context(ep.function)
            for ep in model.entry_points
            if "context" in self.table.signatures.get(ep.role, ()) and self.relevant(ep)
        }

    # -- what a routine is called with --------------------------------------------------

    def args_for(
        self, ep: EntryPoint, st: State, given: dict[int, Value] | None = None
    ) -> list[Value]:
        fn = self.program.functions[ep.function]
        sig = self.table.signatures.get(ep.role, ())
        out: list[Value] = []
        for i, p in enumerate(fn.params):
            kind = sig[i] if i < len(sig) else "any"
            if given and i in given:
                out.append(given[i])
            elif kind == "devext":
                out.append(Addr(DEVEXT))
            elif kind == "config":
                out.append(Addr(CONFIG))
            elif kind == "driver_object":
                out.append(Addr(DRIVER_OBJECT))
            elif kind == "registry_path":
                out.append(Addr(REGISTRY_PATH))
            elif kind == "context":
                out.append(self.context_value(ep, i, st))
            else:
                out.append(Sym(("harness-arg", ep.function, i), f"{p.name} of {ep.function}"))
        return out

    def context_value(self, ep: EntryPoint, index: int, st: State) -> Value:
        """The context this path registered the routine with; where the path registered
        none, the one every registration in the driver gives (read off the registration
        statement), else a fresh unknown."""
        got = st.store.get(context_cell(ep.function))
        if got is not None:
            return got
        value = self.static_context(ep.function)
        if value is not None:
            return value
        return Sym(("harness-arg", ep.function, index), f"context of {ep.function}")

    def static_context(self, function: str) -> Value | None:
        if function not in self._static:
            self._static[function] = self._static_context(function)
        return self._static[function]

    def _static_context(self, function: str) -> Value | None:
        """The context of `function`'s registrations when they all give the same one and
        it names the device extension or a member of it."""
        found: list[Value | None] = []
        for owner in self.program.functions.values():
            for c in owner.calls():
                for reg in self.table.calls_named(c.callee_name or ""):
                    if (
                        reg.context is None
                        or reg.arg >= len(c.args)
                        or reg.context >= len(c.args)
                        or function_of(c.args[reg.arg], self.program) != function
                    ):
                        continue
                    found.append(self._registered_context(owner, c, reg.context))
        if not found or any(v is None for v in found) or len(set(found)) != 1:
            return None
        return found[0]

    def _registered_context(self, owner: Function, call: Call, index: int) -> Value | None:
        reg = next((e for e in self.model.entry_points if e.function == owner.name), None)
        if reg is None:
            return None
        sig = self.table.signatures.get(reg.role, ())
        env: dict[str, Value] = {}
        for i, p in enumerate(owner.params):
            if i < len(sig) and sig[i] == "devext":
                env[p.name] = Addr(DEVEXT)
        for s in owner.statements():  # one level of copies: `ext = (PEXT)DeviceExtension;`
            if (
                isinstance(s, Assign)
                and isinstance(s.lhs, Name)
                and isinstance(s.rhs, Name)
                and s.rhs.name in env
                and s.lhs.name not in env
            ):
                env[s.lhs.name] = env[s.rhs.name]
        return _static_value(call.args[index], env)

    # -- running a routine ---------------------------------------------------------------

    def run_entry(
        self, ep: EntryPoint, states: list[State], given: dict[int, Value] | None = None
    ) -> list[Exit]:
        fn = self.program.functions.get(ep.function)
        if fn is None:
            return []
        out: list[Exit] = []
        kind = self.kinds.get(ep.function)
        for st in states:
            if self.dormant(st):
                continue
            args = self.args_for(ep, st, given)
            entered = self.an.environment.enter(
                ep.role,
                st,
                args,
                ep.function,
                kind.value if kind is not None and kind is not Kind.UNKNOWN else None,
            )
            for s in entered:
                # The step after the environment is written: it shows the entry IRQL.
                s = self.an.step(
                    s, "entry", fn.loc, ep.function, f"the harness calls {ep.function} ({ep.role})"
                )
                for s2 in self.an.events.fire_entry(
                    ep.role, ep.function, fn.loc, s, args, [p.name for p in fn.params]
                ):
                    out.extend(self._call(ep, fn, args, s2))
        return out

    def _call(self, ep: EntryPoint, fn: Function, args: list[Value], st: State) -> list[Exit]:
        out = []
        for ex in self.an.call_entry_point(fn, ep.function, args, st):
            for s in self.an.events.fire_exit(
                ex, ep.role, ep.function, args, [p.name for p in fn.params]
            ):
                # The entry's locals died at its exit; exit handlers may have changed
                # what the rule tracks.
                s = self.an.forget_unreachable(s)
                out.append(Exit(s, ex.value, ex.loc))
        return out

    def dormant(self, st: State) -> bool:
        """Whether no routine still to run can make the rule act on this path: its
        handlers cannot act on the state, and ConfigInfo, which they may read, can no
        longer change (FindAdapter has returned, and no memory -- the context of a
        registered routine included -- holds its address)."""
        if not self.config_frozen or holds_address_into(st, CONFIG.root):
            return False
        return dormant(self.an.rule, self.an.kb, st, {"config": CONFIG})

    def keep(self, exits: list[Exit], proceed: str | None) -> list[State]:
        """The states of the exits where the path goes on (`proceed`: "OP CONSTANT")."""
        if proceed is None:
            return _dedupe(self.an, [ex.state for ex in exits])
        op, _, name = proceed.partition(" ")
        value = self.an.kb.constants.get(name)
        bound = Int(value if value is not None else int(name, 0))
        out = []
        for ex in exits:
            pc = assume(ex.state.pc, Cmp(op, ex.value, bound))
            if pc is not None:
                out.append(replace(ex.state, pc=pc))
        return _dedupe(self.an, out)

    def relevant(self, ep: EntryPoint) -> bool:
        """Whether the rule can fire in this routine: it reaches a call the rule
        watches (or one that changes the environment it reads), or an entry or exit
        handler is for its role. (A generic exit handler
        only checks obligations the routine itself created, so it needs a watched call
        too; a generic entry handler acts on every routine.)"""
        events = self.an.events
        if events.on_deref:
            return True  # every routine dereferences something
        if any(h.roles and ep.role in h.roles for h in events.on_exit) or any(
            not h.roles or ep.role in h.roles for h in events.on_entry
        ):
            return True
        watched = events.relevant_calls
        for name in self.graph.reachable([ep.function]):
            fn = self.program.functions.get(name)
            if fn is not None and any(c.ddi_name in watched for c in fn.calls()):
                return True
        return False

    # -- the paths -----------------------------------------------------------------------

    def run(self) -> None:
        an, model = self.an, self.model
        phases = self.table.phases
        in_phase = self.table.phase_roles()
        order = [model.with_role(*p.roles) for p in phases] + [
            [ep for ep in model.entry_points if ep.role not in in_phase]
        ]
        relevant = [any(self.relevant(ep) for ep in phase) for phase in order]
        # The routines after the last phase where the rule can fire change no verdict.
        last = max((i for i, r in enumerate(relevant) if r), default=-1)
        if last < 0:
            return
        states = [initial_state(an, self.program, model.kind)]
        # No request reaches the driver before its initialisation is done: until then a
        # pointer call runs only what the other routines' code can have stored.
        an.pointer_scope = taken_from(
            self.program,
            an.fps,
            [ep.function for ep in model.entry_points if ep.role not in self.table.requests],
        )
        for i, phase in enumerate(phases):
            states = self.run_phase(phase, order[i], states)
            if "config" in {k for ep in order[i] for k in self.table.signatures.get(ep.role, ())}:
                # Storport hands ConfigInfo to no later routine (docs/harness.md): from here on
                # only a pointer the driver kept can change it.
                self.config_frozen = not any(
                    "config" in self.table.signatures.get(ep.role, ())
                    for later in order[i + 1 :]
                    for ep in later
                )
            if last <= i:
                return
            if phase.registered:
                # Which routines the path registered decides only whether this phase's
                # routines run: from here on, paths that differ in nothing else are one.
                states = _dedupe(an, [replace(st, registered=frozenset()) for st in states])
        an.pointer_scope = None
        self.run_callbacks(order[-1], states)

    def run_phase(self, phase: Phase, eps: list[EntryPoint], states: list[State]) -> list[State]:
        if not eps:
            return states
        if phase.registered:
            nxt: list[State] = []
            for st in states:
                ran = False
                for ep in eps:
                    if ep.function in st.registered:
                        nxt += self.keep(self.run_entry(ep, [st]), phase.proceed)
                        ran = True
                if not ran:
                    nxt.append(st)
            return nxt
        if phase.alternatives:
            found: list[State] = []
            for ep in eps:
                found += self.keep(self.run_entry(ep, states), phase.proceed)
            return _dedupe(self.an, found)
        for ep in eps:
            states = self.keep(self.run_entry(ep, states), phase.proceed)
        return states

    def run_callbacks(self, eps: list[EntryPoint], states: list[State]) -> None:
        """Exactly one more callback per path: Storport's callbacks first, then the OS
        routines, which the callbacks often register. HwStorStartIo, where the driver
        has an HwStorBuildIo, runs after it on the same SRB, where it returned TRUE."""
        callbacks = [ep for ep in eps if self.relevant(ep)]
        build = [ep for ep in eps if ep.role == "HW_BUILDIO"]
        start = [ep for ep in callbacks if ep.role == "HW_STARTIO"]
        storport = [ep for ep in callbacks if ep.role.startswith("HW_")]
        done: set[tuple[str, str]] = set()
        for ep in storport + [ep for ep in callbacks if not ep.role.startswith("HW_")]:
            if (ep.role, ep.function) in done:
                continue
            done.add((ep.role, ep.function))
            if (ep.role == "HW_BUILDIO" and start) or (ep.role == "HW_STARTIO" and build):
                for b in build:
                    self._build_then_start(
                        b,
                        start,
                        self._for_callback(states, {b.function, *(s.function for s in start)}),
                    )
                    done.add((b.role, b.function))
                done.update((s.role, s.function) for s in start)
                continue
            self.run_entry(ep, self._for_callback(states, {ep.function}))

    def _for_callback(self, states: list[State], functions: set[str]) -> list[State]:
        """The states as the callbacks `functions` need them: the contexts other routines
        were registered with are read by no routine still to run (one callback per
        path), so paths that differ only in those are one."""
        out = []
        changed = False
        for st in states:
            gone = [c for c in st.store.cells_of(CONTEXTS) if c.path[0] not in functions]
            if gone:
                st = replace(st, store=st.store.without(gone))
                changed = True
            out.append(st)
        return _dedupe(self.an, out) if changed else out

    def _build_then_start(
        self, build: EntryPoint, starts: list[EntryPoint], states: list[State]
    ) -> None:
        srb = Sym(("harness-arg", build.function, 1), f"Srb of {build.function}")
        # Storport keeps the SRB between the two calls: what BuildIo left reachable only
        # through it (a lock handle in its extension) is not garbage when BuildIo returns.
        held = [st.write(SRB, srb) for st in states]
        exits = self.run_entry(build, held, {1: srb})
        proceed = self.keep(exits, "!= 0")
        for ep in starts:
            if proceed:
                self.run_entry(ep, proceed, {1: srb})


def _running_roles(an: Analyzer) -> frozenset[str]:
    """The roles the rule's `running(...)` conditions name."""
    out: set[str] = set()
    todo: list[object] = [h.body for h in an.rule.handlers]
    while todo:
        x = todo.pop()
        if isinstance(x, REnvQuery) and x.query is Query.RUNNING:
            out.update(x.roles)
        if isinstance(x, (tuple, list)):
            todo.extend(x)
        elif hasattr(x, "__dataclass_fields__"):
            todo.extend(getattr(x, f) for f in x.__dataclass_fields__)
    return frozenset(out)


def _dedupe(an: Analyzer, states: list[State]) -> list[State]:
    """One state per property key. States that hold the same cells (differing only in
    their path conditions) are merged first, so the last merges, which make symbols, see
    each distinct store once: the either-or fact of a join is not nested, and a flag set
    on one path in four stays tied to that path's tests."""
    by_key: dict[object, dict[tuple[Store, frozenset[Cell]], State]] = {}
    for st in states:
        same = by_key.setdefault(an.key(st), {})
        k = (st.store, st.zeroed)
        same[k] = an.join(same[k], st, ("harness",), disjoin=True) if k in same else st
    out: list[State] = []
    for same in by_key.values():
        merged: State | None = None
        for st in same.values():
            merged = st if merged is None else an.join(merged, st, ("harness",), disjoin=True)
        assert merged is not None
        out.append(merged)
    return out


def _static_value(e: Expr, env: dict[str, Value]) -> Value | None:
    if isinstance(e, Name) and e.kind in (NameKind.PARAM, NameKind.LOCAL):
        return env.get(e.name)
    if isinstance(e, AddrOf) and isinstance(e.base, Field) and e.base.arrow:
        base = _static_value(e.base.base, env)
        if isinstance(base, Addr):
            return Addr(base.cell.child(e.base.name))
    return None


__all__ = ["HarnessRun", "config_defaults", "function_named", "initial_state"]
