"""What a call to a DDI does on a path, and what the rule does when an entry point returns.

At a DDI call: the rule's handlers on its entry, then each outcome of the DDI's model
(its result, the values it writes through its out-parameters, the routine it registers),
then the rule's handlers on its exit with the result. When an entry point returns: the
rule's exit handlers. A handler that aborts reports a violation; one that changes the
rule's state adds a step to the path's history. Invariants: outcomes are tried in the
model's order and handlers in the rule's, so runs are deterministic; a DDI without a
model returns an unknown and may write any value through an `&x` argument.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ddiverify.engine.envcells import NAMED, describe_irql
from ddiverify.engine.evaluate import Evaluator, Frame, function_named
from ddiverify.engine.recursion import Exit
from ddiverify.engine.rulevm import Env, Outcome, RuleVM, Status, describe_value, null_value
from ddiverify.engine.solver import Cmp, PathCond, assume
from ddiverify.engine.state import State
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Value, pointee
from ddiverify.ir.cfg import Call, Loc
from ddiverify.ir.expr import AddrOf
from ddiverify.rules.ast import (
    CallPattern,
    EventKind,
    FreshKind,
    Handler,
    Model,
    RExpr,
    RFresh,
    RName,
    Rule,
)

# Adds a step to a state's history: state, kind, place, function, text (and, for a
# rule's event in a composed monitor, the rule).
Step = Callable[..., State]
# Records a violation: message, place, state, entry point, the rule (in a composed
# monitor; "" for the only one).
Report = Callable[[str, Loc, State, str, str], None]

# Where the driver's registration of a routine keeps the context it registered (path
# state, so each path calls the routine with the context that path gave).
CONTEXTS = Root("global", "$context")


def context_cell(function: str) -> Cell:
    return Cell(CONTEXTS, (function,))


class Events:
    """The rule's handlers and the DDI models, applied where the analysis meets them."""

    def __init__(
        self,
        rule: Rule,
        vm: RuleVM,
        ev: Evaluator,
        models: Sequence[Model],
        roots: dict[str, Cell],
        step: Step,
        report: Report,
    ) -> None:
        self.vm = vm
        self.ev = ev
        self.roots = roots
        self._step = step
        self._report = report
        self.models: dict[str, Model] = {n: m for m in models for n in m.names}
        self.on_call: dict[str, list[tuple[Handler, CallPattern]]] = {}
        self.on_return: dict[str, list[tuple[Handler, CallPattern]]] = {}
        self.on_exit: list[Handler] = []
        self.on_entry: list[Handler] = []
        self.on_deref: list[Handler] = []
        self.on_function_call: list[Handler] = []
        self.on_function_exit: list[Handler] = []
        # The context cells worth recording, with the harness's default (the harness
        # run's `HarnessSetup.contexts`, set by `Analyzer.prepare` before any routine runs).
        self.keyed: dict[Cell, Value | None] = {}
        for h in rule.handlers:
            if h.event is EventKind.EXIT:
                self.on_exit.append(h)
            elif h.event is EventKind.ENTRY:
                self.on_entry.append(h)
            elif h.event is EventKind.DEREF:
                self.on_deref.append(h)
            elif h.event is EventKind.FUNCTION_CALL:
                self.on_function_call.append(h)
            elif h.event is EventKind.FUNCTION_EXIT:
                self.on_function_exit.append(h)
            for pat in h.calls:
                table = self.on_call if h.event is EventKind.CALL else self.on_return
                table.setdefault(pat.name, []).append((h, pat))
        # NULLs a model returns get an identity (rulevm.null_value) when the rule asks
        # where NULLs come from (set by the analyzer).
        self.null_origins = False
        # The DDIs whose entry or exit a handler watches.
        self.watched_calls = frozenset(self.on_call) | frozenset(self.on_return)
        # And those that change or report the environment the rule reads (the IRQL
        # for a rule that tests `irql`): the paths through them decide its verdict too.
        self.relevant_calls = self.watched_calls | environment_calls(rule, models)

    def apply_model(
        self, name: str, stmt: Call, frame: Frame, args: list[Value], st: State
    ) -> list[tuple[State, Value]]:
        """The DDI `name`'s outcomes from `st`: each a state and the call's result."""
        model = self.models.get(name)
        site = (stmt.loc, frame.stack)
        if model is None:
            writes: dict[Cell, Value] = {}
            for i, a in enumerate(stmt.args):
                if isinstance(a, AddrOf):
                    cell = self.ev.cell_of(a.base, frame, st)
                    if cell is not None:  # an out-parameter: the DDI may write any value
                        writes[cell] = Sym(("out", name, site, i), f"{a.base} after {name}")
            return [(st.write_many(writes), Sym(("ret", name, site), f"{name}(...)"))]
        out: list[tuple[State, Value]] = []
        env = self._env(model.params, args, [str(a) for a in stmt.args], name, frame)
        for idx, o in enumerate(model.outcomes):
            branches: list[State] = [st]
            if o.when is not None:
                branches = [s for ok, s in self.vm.cond(o.when, env, st) if ok]
            for s in branches:
                value, pc = self._model_value(o.result, env, s, (site, idx, "result"), name, stmt)
                if pc is None:
                    continue
                s2 = replace(s, pc=pc)
                writes = {}
                ok = True
                for param, expr in o.writes:
                    target = env.values.get(param)
                    cell = target.cell if isinstance(target, Addr) else None
                    if cell is None:
                        continue
                    v, pc = self._model_value(expr, env, s2, (site, idx, param), name, stmt)
                    if pc is None:
                        ok = False
                        break
                    s2 = replace(s2, pc=pc)
                    writes[cell] = v
                if not ok:
                    continue
                for param, fld, expr in o.field_writes:
                    target = env.values.get(param)
                    cell = pointee(target) if target is not None else None
                    if cell is None:
                        continue
                    v, pc = self._model_value(expr, env, s2, (site, idx, param, fld), name, stmt)
                    if pc is None:
                        ok = False
                        break
                    s2 = replace(s2, pc=pc)
                    writes[cell.child(fld)] = v
                if not ok:
                    continue
                for cell in writes:
                    s2 = s2.zero(cell)  # the whole object is rewritten: drop its fields
                for env_name, expr in o.env_writes:  # the environment: `irql = ...`
                    writes[NAMED[env_name]] = self.vm.value(expr, env, s2)
                s2 = s2.write_many(writes)
                if o.register:
                    s2 = self._register(name, args, s2)
                label = f" ({o.label})" if o.label and len(model.outcomes) > 1 else ""
                if name in self.on_call or name in self.on_return or len(model.outcomes) > 1:
                    s2 = self._step(
                        s2, "call", stmt.loc, frame.function.name, f"{stmt.text}{label}"
                    )
                out.append((s2, value))
        return out

    def _model_value(
        self, e: RExpr | None, env: Env, st: State, key: tuple[object, ...], ddi: str, stmt: Call
    ) -> tuple[Value, PathCond | None]:
        """A model's value and the path condition it needs (None: infeasible here)."""
        if e is None:
            return Sym(("ret", ddi, key), f"{ddi}(...)"), st.pc
        if self.null_origins and isinstance(e, RName) and e.name == "NULL":
            sym = null_value(("model", ddi, key), f"NULL from {ddi} at line {stmt.loc.line}")
            return sym, assume(st.pc, Cmp("==", sym, Int(0)))
        if isinstance(e, RFresh):
            hint = f"{e.hint} from {ddi} at line {stmt.loc.line}"
            if e.kind is FreshKind.FRESH:
                return Addr(Cell(Root("object", hint, (key,)))), st.pc
            sym = Sym(("fresh", key), hint)
            if e.kind is FreshKind.ANY:
                return sym, st.pc
            c = Cmp("==", sym, Int(0)) if e.kind is FreshKind.NULL else Cmp("<", sym, Int(0))
            return sym, assume(st.pc, c)
        return self.vm.value(e, env, st), st.pc

    def note_registration(self, name: str, args: list[Value], st: State) -> State:
        """The state with the context a routine is registered with, for the harness's
        later call on this path. A DDI with a model registers only in the outcomes that
        say `register;` (a thread exists only where PsCreateSystemThread succeeded)."""
        if name in self.models:
            return st
        return self._contexts(name, args, st)

    def _contexts(self, name: str, args: list[Value], st: State) -> State:
        """Record the contexts of the routines `name` registers, for the routines the
        rule can fire in (`keyed`); a context equal to the one the harness gives where
        the path registered none is recorded as none, so the two never differ."""
        from ddiverify.knowledge.roles import role_table

        writes = {}
        gone = []
        for reg in role_table().calls_named(name):
            if reg.arg < len(args) and reg.context is not None and reg.context < len(args):
                f = function_named(args[reg.arg])
                cell = context_cell(f) if f is not None else None
                if cell is None or cell not in self.keyed:
                    continue
                if args[reg.context] == self.keyed[cell]:
                    gone.append(cell)
                else:
                    writes[cell] = args[reg.context]
        if gone:
            st = replace(st, store=st.store.without(gone))
        return st.write_many(writes)

    def _register(self, name: str, args: list[Value], st: State) -> State:
        """A model outcome's `register;`: the routine is registered on this path, with
        its context."""
        from ddiverify.knowledge.roles import role_table

        for reg in role_table().calls_named(name):
            if reg.arg < len(args):
                f = function_named(args[reg.arg])
                if f is not None:
                    st = replace(st, registered=st.registered | {f})
                    break
        return self._contexts(name, args, st)

    def _env(
        self,
        params: tuple[str | None, ...],
        args: list[Value],
        texts: list[str],
        call: str,
        frame: Frame,
        result: Value | None = None,
    ) -> Env:
        env = Env(call=call, entry=frame.entry, roots=self.roots, function=frame.function.name)
        for i, p in enumerate(params):
            if p is not None and i < len(args):
                env.values[p] = args[i]
                env.texts[p] = texts[i]
        if result is not None:
            env.values["result"] = result
        return env

    def fire(
        self,
        handlers: Sequence[tuple[Handler, CallPattern]],
        name: str,
        args: list[Value],
        texts: list[str],
        result: Value | None,
        frame: Frame,
        loc: Loc,
        st: State,
    ) -> list[State]:
        """The states after the rule's `handlers` on a call of `name` (its exit when
        `result` is given); violations are reported, not returned."""
        states = [st]
        for handler, pat in handlers:
            nxt: list[State] = []
            for s in states:
                owner = handler.owner
                if self.vm.is_dead(s, owner):
                    nxt.append(s)
                    continue
                env = self._env(pat.params, args, texts, name, frame, result)
                before = s.rule
                for o in self.vm.run(handler.body, env, s, owner):
                    if o.status in (Status.ABORT, Status.REPORT):
                        self._violation(o, loc, frame.function.name, frame.entry, owner)
                    if o.status is Status.REPORT:
                        nxt.append(o.state)
                        continue
                    if o.status is not Status.CONTINUE:
                        if owner:  # the other rules of a composed monitor go on
                            nxt.append(self.vm.kill(o.state, owner))
                        continue
                    s2 = o.state
                    if s2.rule != before:
                        s2 = self._step(
                            s2,
                            "event",
                            loc,
                            frame.function.name,
                            f"{name}: {_changes(before, s2.rule)}",
                            rule=owner,
                        )
                    nxt.append(s2)
            states = nxt
        return states

    def fire_deref(
        self, pointer: Value, text: str, tested: bool, frame: Frame, loc: Loc, st: State
    ) -> list[State]:
        """The states after the rule's `on deref(p)` handlers, when the code reads or
        writes through `pointer` (source text `text`; `tested`: it is a parameter or
        global its function compares with NULL); violations are reported."""
        states = [st]
        for h in self.on_deref:
            name = h.role_params[0][0]
            assert name is not None
            nxt: list[State] = []
            owner = h.owner
            for s in states:
                if self.vm.is_dead(s, owner):
                    nxt.append(s)
                    continue
                env = Env(
                    {name: pointer},
                    {name: text},
                    "",
                    frame.entry,
                    self.roots,
                    pointer_tested=tested,
                )
                for o in self.vm.run(h.body, env, s, owner):
                    if o.status in (Status.ABORT, Status.REPORT):
                        self._violation(o, loc, frame.function.name, frame.entry, owner)
                    if o.status in (Status.CONTINUE, Status.REPORT):
                        nxt.append(o.state)
                    elif owner:
                        nxt.append(self.vm.kill(o.state, owner))
            states = nxt
        return states

    def fire_exit(
        self, ex: Exit, role: str, entry: str, args: Sequence[Value] = (), names: Sequence[str] = ()
    ) -> list[State]:
        """The states after the rule's exit handlers, when the entry point `entry`
        (of harness role `role`) returns through `ex`; `args` are what the harness
        passed it (`names`: its parameters' names)."""
        return self._fire_entry_point(
            self.on_exit,
            role,
            entry,
            ex.state,
            ex.loc,
            {"result": ex.value},
            trace_changes=False,
            args=args,
            names=names,
        )

    def fire_entry(
        self,
        role: str,
        entry: str,
        loc: Loc,
        st: State,
        args: Sequence[Value] = (),
        names: Sequence[str] = (),
    ) -> list[State]:
        """The states after the rule's entry handlers, when the harness calls the entry
        point `entry` (of harness role `role`) with `args`; `loc` is the function's
        definition."""
        return self._fire_entry_point(
            self.on_entry, role, entry, st, loc, {}, trace_changes=True, args=args, names=names
        )

    def _fire_entry_point(
        self,
        handlers: list[Handler],
        role: str,
        entry: str,
        st: State,
        loc: Loc,
        values: dict[str, Value],
        trace_changes: bool,
        args: Sequence[Value] = (),
        names: Sequence[str] = (),
    ) -> list[State]:
        """The entry or exit handlers for a routine of `role` (an exit's changes are
        not traced: the path ends there, or the next routine's entry shows them)."""
        states = [st]
        for h in handlers:
            if h.roles and role not in h.roles:
                continue
            bound = dict(values)
            texts: dict[str, str] = {}
            if h.role_params:
                params = h.role_params[h.roles.index(role)]
                for i, p in enumerate(params):
                    if p is not None and i < len(args):
                        bound[p] = args[i]
                        texts[p] = names[i] if i < len(names) else p
            nxt: list[State] = []
            for s in states:
                owner = h.owner
                if self.vm.is_dead(s, owner):
                    nxt.append(s)
                    continue
                env = Env(
                    call=entry,
                    entry=entry,
                    roots=self.roots,
                    values=dict(bound),
                    texts=dict(texts),
                    function=entry,
                )
                before = s.rule
                for o in self.vm.run(h.body, env, s, owner):
                    if o.status in (Status.ABORT, Status.REPORT):
                        self._violation(o, loc, entry, entry, owner)
                    if o.status is Status.REPORT:
                        nxt.append(o.state)
                        continue
                    if o.status is not Status.CONTINUE:
                        if owner:
                            nxt.append(self.vm.kill(o.state, owner))
                        continue
                    s2 = o.state
                    if s2.rule != before and trace_changes:
                        s2 = self._step(
                            s2,
                            "event",
                            loc,
                            entry,
                            f"{entry}: {_changes(before, s2.rule)}",
                            rule=owner,
                        )
                    nxt.append(s2)
            states = nxt
        return states

    def _violation(self, o: Outcome, loc: Loc, function: str, entry: str, owner: str) -> None:
        """A handler's `abort` or `report` at `loc` in `function`: the defect, traced to
        the event's step, for the entry point `entry`."""
        step = self._step(o.state, "event", loc, function, f"violation: {o.message}", rule=owner)
        self._report(o.message, loc, step, entry, owner)

    def fire_function_call(self, target: str, frame: Frame, loc: Loc, st: State) -> list[State]:
        """The states after the rule's `on call function` handlers, when `frame`'s
        function calls the driver function `target` at `loc`."""
        env = Env(call=target, entry=frame.entry, roots=self.roots, function=target)
        return self._fire_function(self.on_function_call, env, frame.function.name, loc, st)

    def fire_function_exit(
        self, function: str, entry: str, call_irql: Value, ex: Exit
    ) -> list[State]:
        """The states after the rule's `on exit function` handlers, when the driver
        function `function`, called at `call_irql`, returns through `ex`."""
        env = Env(
            call=function,
            entry=entry,
            roots=self.roots,
            function=function,
            values={"result": ex.value, "call_irql": call_irql},
            texts={"call_irql": describe_irql(call_irql, ex.state.pc)},
        )
        return self._fire_function(self.on_function_exit, env, function, ex.loc, ex.state)

    def _fire_function(
        self, handlers: list[Handler], env: Env, where: str, loc: Loc, st: State
    ) -> list[State]:
        """Run `handlers` for one driver-function event; violations are reported at
        `loc` (in function `where`)."""
        states = [st]
        for h in handlers:
            nxt: list[State] = []
            for s in states:
                owner = h.owner
                if self.vm.is_dead(s, owner):
                    nxt.append(s)
                    continue
                before = s.rule
                for o in self.vm.run(h.body, replace(env), s, owner):
                    if o.status in (Status.ABORT, Status.REPORT):
                        self._violation(o, loc, where, env.entry, owner)
                    if o.status is Status.REPORT:
                        nxt.append(o.state)
                        continue
                    if o.status is not Status.CONTINUE:
                        if owner:
                            nxt.append(self.vm.kill(o.state, owner))
                        continue
                    s2 = o.state
                    if s2.rule != before:
                        s2 = self._step(
                            s2,
                            "event",
                            loc,
                            where,
                            f"{env.call}: {_changes(before, s2.rule)}",
                            rule=owner,
                        )
                    nxt.append(s2)
            states = nxt
        return states


def environment_calls(rule: Rule, models: Sequence[Model]) -> frozenset[str]:
    """The DDIs whose models write or read an environment cell the rule's conditions
    read (a message naming `{irql}` alone decides nothing)."""
    read = {n for n in _names(rule.handlers) if n in NAMED}
    read |= {w[0] for w in rule.watches if w[0] in NAMED}
    if not read:
        return frozenset()
    out: set[str] = set()
    for m in models:
        for o in m.outcomes:
            used = {n for n, _ in o.env_writes} | (set(_names(o)) & set(NAMED))
            if used & read:
                out.update(m.names)
    return frozenset(out)


def _names(x: object) -> list[str]:
    """Every name a rule's or a model's expressions mention."""
    from ddiverify.rules.ast import RName

    out: list[str] = []
    todo = [x]
    while todo:
        y = todo.pop()
        if isinstance(y, RName):
            out.append(y.name)
        elif isinstance(y, (tuple, list)):
            todo.extend(y)
        elif hasattr(y, "__dataclass_fields__"):
            todo.extend(getattr(y, f) for f in y.__dataclass_fields__)
    return out


def _changes(before: tuple[tuple[str, object], ...], after: tuple[tuple[str, object], ...]) -> str:
    """The rule variables a handler changed, as a trace shows them."""
    old = dict(before)
    return ", ".join(
        f"{k} = {show_rule_value(v)}" for k, v in after if old.get(k) != v and not k.startswith("$")
    )


def show_rule_value(v: object) -> str:
    if isinstance(v, frozenset):
        items = sorted(
            f"{describe_value(k[0])}: {_shown(k[1])}" if isinstance(k, tuple) else describe_value(k)
            for k in v
        )
        return "{" + ", ".join(items) + "}"
    return describe_value(v)  # type: ignore[arg-type]


def _shown(v: object) -> str:
    return v if isinstance(v, str) else describe_value(v)  # type: ignore[arg-type]
