"""Drives the analysis along the harness's paths (harness.md, "The paths the harness explores").

DriverEntry -> each HwStorFindAdapter (a zero-filled device extension and a ConfigInfo
with Storport's defaults; on only where it returns SP_RETURN_FOUND) -> HwStorInitialize
(on where TRUE) -> the passive initialisation routine where it was registered ->
exactly one more callback, each of the others on its own path. The device extension,
ConfigInfo, globals and the rule state flow from one routine to the next.
Invariant: a violation inside a routine counts even when the path is then pruned.
"""

from __future__ import annotations

from dataclasses import replace

from ddiverify.engine.analyzer import CONFIG, DEVEXT, Analyzer, Exit
from ddiverify.engine.dormant import dormant, holds_address_into, points_into
from ddiverify.engine.evaluate import Frame
from ddiverify.engine.solver import Cmp, assume
from ddiverify.engine.state import EMPTY_STORE, State
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Value
from ddiverify.harness.adapter import extension_members
from ddiverify.harness.discovery import DriverModel, EntryPoint
from ddiverify.harness.roles import role_table
from ddiverify.ir.callgraph import build_call_graph
from ddiverify.ir.cfg import Assign, Loc
from ddiverify.ir.expr import AddrOf, Expr, Field, Name, NameKind
from ddiverify.ir.program import Function, Program

DRIVER_OBJECT = Cell(Root("object", "DriverObject"))
REGISTRY_PATH = Cell(Root("object", "RegistryPath"))
# Storport's defaults for PORT_CONFIGURATION_INFORMATION (harness.md step 2).
CONFIG_DEFAULTS = {"VirtualDevice": 0, "InterruptSynchronizationMode": 0,
                   "MaximumTransferLength": 0xFFFFFFFF, "NumberOfPhysicalBreaks": 0xFFFFFFFF}
SP_RETURN_FOUND = 1
INIT_ROLES = frozenset({"sp_DRIVER_INITIALIZE", "HW_FIND_ADAPTER", "VIRTUAL_HW_FIND_ADAPTER",
                        "HW_INITIALIZE", "HW_PASSIVE_INITIALIZE_ROUTINE"})


def initial_state(an: Analyzer, program: Program) -> State:
    st = State(EMPTY_STORE, frozenset({DEVEXT}), frozenset(), an.vm.initial())
    st = st.write_many({CONFIG.child(k): Int(v) for k, v in CONFIG_DEFAULTS.items()})
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

    def args_for(self, ep: EntryPoint, st: State) -> list[Value]:
        fn = self.program.functions[ep.function]
        sig = self.table.signatures.get(ep.role, ())
        out: list[Value] = []
        for i, p in enumerate(fn.params):
            kind = sig[i] if i < len(sig) else "any"
            if kind == "devext":
                out.append(Addr(DEVEXT))
            elif kind == "config":
                out.append(Addr(CONFIG))
            elif kind == "driver_object":
                out.append(Addr(DRIVER_OBJECT))
            elif kind == "registry_path":
                out.append(Addr(REGISTRY_PATH))
            elif kind == "context":
                out.append(self.context_value(ep, i))
            else:
                out.append(Sym(("harness-arg", ep.function, i), f"{p.name} of {ep.function}"))
        return out

    def context_value(self, ep: EntryPoint, index: int) -> Value:
        """The context the driver registered, where it can be read off the registration."""
        fresh = Sym(("harness-arg", ep.function, index), f"context of {ep.function}")
        seen = self.an.contexts.get(ep.function)
        if seen is not None:
            return seen
        if ep.context is None or ep.registered_in is None:
            return fresh
        owner = self.program.functions.get(ep.registered_in)
        reg = next((e for e in self.model.entry_points if e.function == ep.registered_in), None)
        if owner is None or reg is None:
            return fresh
        sig = self.table.signatures.get(reg.role, ())
        env: dict[str, Value] = {}
        for i, p in enumerate(owner.params):
            if i < len(sig) and sig[i] == "devext":
                env[p.name] = Addr(DEVEXT)
        for s in owner.statements():   # one level of copies: `ext = (PEXT)DeviceExtension;`
            if isinstance(s, Assign) and isinstance(s.lhs, Name) and isinstance(s.rhs, Name) \
                    and s.rhs.name in env and s.lhs.name not in env:
                env[s.lhs.name] = env[s.rhs.name]
        value = _static_value(ep.context, env)
        return value if value is not None else fresh

    def run_entry(self, ep: EntryPoint, states: list[State]) -> list[Exit]:
        fn = self.program.functions.get(ep.function)
        if fn is None:
            return []
        out: list[Exit] = []
        for st in states:
            if self.dormant(st):
                continue
            st = self.an.step(st, "entry", fn.loc, ep.function,
                              f"the harness calls {ep.function} ({ep.role})")
            stack: tuple[object, ...] = (("entry", ep.function),)
            for ex in self.an.call_to_fixpoint(fn, stack, ep.function, self.args_for(ep, st),
                                               st, is_entry=True):
                for s in self.an.events.fire_exit(ex, ep.role, ep.function):
                    # The entry's locals died at its exit; exit handlers may have
                    # changed what the rule tracks.
                    s = self.an.forget_unreachable(s)
                    out.append(Exit(s, ex.value, ex.loc))
        return out

    def dormant(self, st: State) -> bool:
        """Whether no routine still to run can make the rule act on this path: its
        handlers cannot act on the state, and ConfigInfo, which they may read, can no
        longer change (FindAdapter has returned, and neither memory nor the context of a
        registered routine holds its address)."""
        if not self.config_frozen or holds_address_into(st, CONFIG.root) or \
                any(points_into(v, CONFIG.root) for v in self.an.contexts.values()):
            return False
        return dormant(self.an.rule, self.an.kb, st, {"config": CONFIG})

    def keep(self, exits: list[Exit], cmp: str, value: int) -> list[State]:
        out = []
        for ex in exits:
            pc = assume(ex.state.pc, Cmp(cmp, ex.value, Int(value)))
            if pc is not None:
                out.append(replace(ex.state, pc=pc))
        return _dedupe(self.an, out)

    def relevant(self, ep: EntryPoint) -> bool:
        """Whether the rule can fire in this routine: it reaches a call the rule
        watches, or an exit handler is for its role. (A generic exit handler only checks
        obligations the routine itself created, so it needs a watched call too.)"""
        if any(h.roles and ep.role in h.roles for h in self.an.events.on_exit):
            return True
        watched = self.an.events.watched_calls
        for name in self.graph.reachable([ep.function]):
            fn = self.program.functions.get(name)
            if fn is not None and any(c.callee_name in watched for c in fn.calls()):
                return True
        return False

    def run(self) -> None:
        an, model = self.an, self.model
        self.graph = build_call_graph(self.program, an.fps)
        order = [model.with_role("sp_DRIVER_INITIALIZE"),
                 model.with_role("HW_FIND_ADAPTER", "VIRTUAL_HW_FIND_ADAPTER"),
                 model.with_role("HW_INITIALIZE"), model.with_role("HW_PASSIVE_INITIALIZE_ROUTINE"),
                 [ep for ep in model.entry_points if ep.role not in INIT_ROLES]]
        relevant = [any(self.relevant(ep) for ep in phase) for phase in order]
        # The routines after the last phase where the rule can fire change no verdict.
        last = max((i for i, r in enumerate(relevant) if r), default=-1)
        if last < 0:
            return
        states = [initial_state(an, self.program)]
        for ep in order[0]:
            states = self.keep(self.run_entry(ep, states), ">=", 0)
        if last < 1:
            return
        after_find: list[State] = []
        finders = order[1]
        for ep in finders:
            after_find += self.keep(self.run_entry(ep, states), "==", SP_RETURN_FOUND)
        if finders:
            states = _dedupe(an, after_find)
        # Only HwStorFindAdapter is handed ConfigInfo (harness.md): from here on only a
        # pointer the driver kept can change it.
        self.config_frozen = not any(
            "config" in self.table.signatures.get(ep.role, ())
            for phase in order[2:] for ep in phase)
        if last < 2:
            return
        for ep in order[2]:
            states = self.keep(self.run_entry(ep, states), "!=", 0)
        if last < 3:
            return
        passive = order[3]
        if passive:
            nxt: list[State] = []
            for st in states:
                ran = False
                for ep in passive:
                    if ep.function in st.registered:
                        nxt += [ex.state for ex in self.run_entry(ep, [st])]
                        ran = True
                if not ran:
                    nxt.append(st)
            states = nxt
        # Which routines the path registered decides only whether passive
        # initialisation runs: from here on, paths that differ in nothing else are one.
        states = _dedupe(an, [replace(st, registered=frozenset()) for st in states])
        # Storport's callbacks first, then the OS routines, which the callbacks often
        # register (so their context is known when they run).
        if last < 4:
            return
        callbacks = [ep for ep in order[4] if self.relevant(ep)]
        storport = [ep for ep in callbacks if ep.role.startswith("HW_")]
        for ep in storport + [ep for ep in callbacks if not ep.role.startswith("HW_")]:
            self.run_entry(ep, states)


def _dedupe(an: Analyzer, states: list[State]) -> list[State]:
    by_key: dict[tuple[object, ...], State] = {}
    for st in states:
        k = an.key(st)
        by_key[k] = an.join(by_key[k], st, ("harness",)) if k in by_key else st
    return list(by_key.values())


def _static_value(e: Expr, env: dict[str, Value]) -> Value | None:
    if isinstance(e, Name) and e.kind in (NameKind.PARAM, NameKind.LOCAL):
        return env.get(e.name)
    if isinstance(e, AddrOf) and isinstance(e.base, Field) and e.base.arrow:
        base = _static_value(e.base.base, env)
        if isinstance(base, Addr):
            return Addr(base.cell.child(e.base.name))
    return None

