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

The run asks the analysis for no more than `Analysis` lists (eight members): the harness
decides which routine runs when, in which state and with which arguments; the analysis
runs a routine, merges states and judges them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from ddiverify.engine.analyzer import CONFIG, DEVEXT, HarnessSetup
from ddiverify.engine.dormant import holds_address_into
from ddiverify.engine.envcells import (
    CONCURRENT_CHANNELS,
    DIRQL_FACTS,
    KIND,
    KIND_CODES,
    SRB,
)
from ddiverify.engine.evaluate import function_named
from ddiverify.engine.events import CONTEXTS, context_cell
from ddiverify.engine.recursion import Exit
from ddiverify.engine.solver import Cmp, assume
from ddiverify.engine.state import EMPTY_STORE, State
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Value
from ddiverify.harness.adapter import extension_members
from ddiverify.harness.discovery import DriverModel, EntryPoint, Kind
from ddiverify.ir.callgraph import function_of
from ddiverify.ir.cfg import Assign, Call
from ddiverify.ir.expr import AddrOf, Expr, Field, Name, NameKind
from ddiverify.ir.program import Function, Program
from ddiverify.knowledge.roles import Phase, role_table
from ddiverify.knowledge.wdk import Knowledge

DRIVER_OBJECT = Cell(Root("object", "DriverObject"))
REGISTRY_PATH = Cell(Root("object", "RegistryPath"))


def config_defaults(kb: Knowledge) -> dict[Cell, Value]:
    """Storport's defaults for PORT_CONFIGURATION_INFORMATION (roles.toml)."""
    return {CONFIG.child(k): Int(kb.constants[v]) for k, v in role_table().config_defaults.items()}


class Analysis(Protocol):
    """What a harness run asks of the analysis of a rule (`engine.analyzer.Analyzer`):
    once, the harness's facts about the driver (`prepare`); then the first state
    (`start`), which routines the rule can fire in (`fires_in`), running one routine on
    one state (`run_routine`), whether a state can still matter (`is_dormant`), merging
    states between routines (`merge_by_key`), and the scope of pointer calls while no
    request can have stored a function (`limit_pointer_calls`); `kb` gives the WDK's
    constants the phases' conditions name."""

    @property
    def kb(self) -> Knowledge: ...

    def prepare(self, setup: HarnessSetup) -> None: ...

    def start(self, st: State) -> State: ...

    def fires_in(self, role: str, function: str) -> bool: ...

    def run_routine(
        self, role: str, entry: str, args: list[Value], st: State, kind: str | None
    ) -> list[Exit]: ...

    def is_dormant(self, st: State) -> bool: ...

    def merge_by_key(self, states: list[State]) -> list[State]: ...

    def limit_pointer_calls(self, roots: Iterable[str] | None) -> None: ...


def initial_state(an: Analysis, kind: Kind) -> State:
    """The state the harness starts from: a zero-filled device extension, ConfigInfo's
    defaults, the environment's first values, then what the analysis adds (the rule's
    initial state, the globals' initialisers)."""
    st = State(EMPTY_STORE, frozenset({DEVEXT}), DIRQL_FACTS, ())
    st = st.write_many(config_defaults(an.kb))
    st = st.write_many({CONCURRENT_CHANNELS: Int(0), KIND: Int(KIND_CODES.get(kind.value, 0))})
    return an.start(st)


class HarnessRun:
    def __init__(self, an: Analysis, program: Program, model: DriverModel) -> None:
        self.an = an
        self.program = program
        self.model = model
        self.table = role_table()
        self.config_frozen = False
        self.kinds = dict(model.find_adapter_kinds)
        self._static: dict[str, Value | None] = {}
        # Only the contexts of routines the rule can fire in are path state (and keep
        # paths apart): a registration changes nothing another routine sees.
        keyed = {
            context_cell(ep.function): self.static_context(ep.function)
            for ep in model.entry_points
            if "context" in self.table.signatures.get(ep.role, ()) and self.relevant(ep)
        }
        an.prepare(
            HarnessSetup(
                model.kind.value,
                extension_members(program, model),
                tuple((ep.function, ep.role) for ep in model.entry_points),
                keyed,
            )
        )

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
        shown = kind.value if kind is not None and kind is not Kind.UNKNOWN else None
        for st in states:
            if self.dormant(st):
                continue
            args = self.args_for(ep, st, given)
            out.extend(self.an.run_routine(ep.role, ep.function, args, st, shown))
        return out

    def dormant(self, st: State) -> bool:
        """Whether no routine still to run can make the rule act on this path: its
        handlers cannot act on the state, and ConfigInfo, which they may read, can no
        longer change (FindAdapter has returned, and no memory -- the context of a
        registered routine included -- holds its address)."""
        if not self.config_frozen or holds_address_into(st, CONFIG.root):
            return False
        return self.an.is_dormant(st)

    def keep(self, exits: list[Exit], proceed: str | None) -> list[State]:
        """The states of the exits where the path goes on (`proceed`: "OP CONSTANT")."""
        if proceed is None:
            return self.an.merge_by_key([ex.state for ex in exits])
        op, _, name = proceed.partition(" ")
        value = self.an.kb.constants.get(name)
        bound = Int(value if value is not None else int(name, 0))
        out = []
        for ex in exits:
            pc = assume(ex.state.pc, Cmp(op, ex.value, bound))
            if pc is not None:
                out.append(replace(ex.state, pc=pc))
        return self.an.merge_by_key(out)

    def relevant(self, ep: EntryPoint) -> bool:
        """Whether the rule can fire in this routine (`Analysis.fires_in`)."""
        return self.an.fires_in(ep.role, ep.function)

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
        states = [initial_state(an, model.kind)]
        # No request reaches the driver before its initialisation is done: until then a
        # pointer call runs only what the other routines' code can have stored.
        an.limit_pointer_calls(
            [ep.function for ep in model.entry_points if ep.role not in self.table.requests]
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
                states = an.merge_by_key([replace(st, registered=frozenset()) for st in states])
        an.limit_pointer_calls(None)
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
            return self.an.merge_by_key(found)
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
        return self.an.merge_by_key(out) if changed else out

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


def _static_value(e: Expr, env: dict[str, Value]) -> Value | None:
    if isinstance(e, Name) and e.kind in (NameKind.PARAM, NameKind.LOCAL):
        return env.get(e.name)
    if isinstance(e, AddrOf) and isinstance(e.base, Field) and e.base.arrow:
        base = _static_value(e.base.base, env)
        if isinstance(base, Addr):
            return Addr(base.cell.child(e.base.name))
    return None


__all__ = ["HarnessRun", "config_defaults", "function_named", "initial_state"]
