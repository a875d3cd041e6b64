"""The path-sensitive interprocedural analysis of one rule over the driver's code.

Property simulation (ESP: Das, Lerner and Seigle, PLDI 2002): at every block, states
whose *property key* (the rule's state, the values of the cells the rule watches and
the routines registered on the path) is equal are merged; states that differ in it
stay apart. So the analysis is path-sensitive exactly where the rule's verdict can
depend on the path, and linear elsewhere. Merging replaces cells whose values differ
by a symbol named after the join point (so repeated joins reach a fixpoint), and keeps
the path-condition atoms both sides share.

Loops: a loop head keeps at most `max_keys` (8) distinct property keys; past that, all its
states are merged into one, with the rule state joined conservatively (sets and maps
keep what both sides agree on), which bounds the work while never inventing a defect.
Calls to driver functions are analysed with their bodies, in the caller's state
(context-sensitive by call string, with memoisation of identical calls). A recursive
call applies the summary of the function's exits computed so far (none at first); the
outermost call iterates until those summaries (one per entry rule state) no longer
change. Unresolved pointers are
calls to unknown code.

Invariants: deterministic exploration order (reverse post-order, then property key);
the first violation on a path ends that path; a defect is kept once per primary
location, with the shortest trace found.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass, replace

from ddiverify.engine.evaluate import Evaluator, Frame, function_named, truth
from ddiverify.engine.rulevm import Env, RuleVM, describe_value
from ddiverify.engine.solver import Cmp, assume, decide
from ddiverify.engine.state import State, Store, TraceStep, describe_cell, extend
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Value
from ddiverify.frontend.wdk import Knowledge
from ddiverify.ir.callgraph import FunctionPointers, callees
from ddiverify.ir.cfg import Assign, Assume, Block, Branch, Call, Jump, Loc, Return, Stmt
from ddiverify.ir.expr import AddrOf, Const, Name, NameKind
from ddiverify.ir.program import Function, Program
from ddiverify.rules.ast import CallPattern, Handler, Model, Rule

CONFIG = Cell(Root("object", "ConfigInfo"))
DEVEXT = Cell(Root("object", "DeviceExtension"))
MAX_DEPTH = 24
MAX_RECURSION_ROUNDS = 8
MAX_SUMMARY_KEYS = 6


class Timeout(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Defect:
    rule: str
    message: str
    loc: Loc
    entry: str
    trace: tuple[TraceStep, ...]


@dataclass(frozen=True, slots=True)
class Exit:
    state: State
    value: Value
    loc: Loc


def _ret_cell(stack: tuple[object, ...]) -> Cell:
    return Cell(Root("return", "$ret", stack))


class Analyzer:
    def __init__(self, program: Program, rule: Rule, kb: Knowledge, models: tuple[Model, ...],
                 fps: FunctionPointers, deadline: float, max_keys: int = 8) -> None:
        self.program = program
        self.rule = rule
        self.kb = kb
        self.fps = fps
        self.deadline = deadline
        self.max_keys = max_keys
        self.ev = Evaluator(program)
        self.vm = RuleVM(rule, kb, self._escaped)
        self.defects: dict[Loc, Defect] = {}
        self.models: dict[str, Model] = {n: m for m in models for n in m.names}
        self.on_call: dict[str, list[tuple[Handler, CallPattern]]] = {}
        self.on_return: dict[str, list[tuple[Handler, CallPattern]]] = {}
        self.on_exit: list[Handler] = []
        for h in rule.handlers:
            if h.event == "exit":
                self.on_exit.append(h)
            for pat in h.calls:
                table = self.on_call if h.event == "call" else self.on_return
                table.setdefault(pat.name, []).append((h, pat))
        self.watch = [self._watch_cell(w) for w in rule.watches]
        self.roots = {"config": CONFIG, "devext": DEVEXT}
        self.memo: dict[tuple[object, ...], list[tuple[State, Value, tuple[TraceStep, ...]]]] = {}
        self.contexts: dict[str, Value] = {}   # routine -> context it was registered with
        self.summaries: dict[str, dict[tuple[object, ...], tuple[tuple[object, ...], ...]]] = {}
        self.needed: dict[str, dict[tuple[object, ...], tuple[State, list[Value]]]] = {}
        self.entries: dict[str, dict[tuple[object, ...], tuple[State, list[Value]]]] = {}
        self.used_summary: set[str] = set()
        self.activation: dict[str, dict[tuple[object, ...], int]] = {}
        self.summary_epoch = 0
        self.steps = 0

    # -- helpers -------------------------------------------------------------------

    def _watch_cell(self, path: tuple[str, ...]) -> Cell:
        root = {"config": CONFIG, "devext": DEVEXT}.get(path[0], Cell(Root("global", path[0])))
        for p in path[1:]:
            root = root.child(p)
        return root

    def tick(self) -> None:
        self.steps += 1
        if self.steps & 255 == 0 and time.monotonic() > self.deadline:
            raise Timeout()

    def key(self, st: State) -> tuple[object, ...]:
        """The property key: states that differ in it are never merged.

        Besides the rule state and the watched cells it holds where each value the rule
        tracks is stored (ESP's must-alias set of the tracked object), so merging never
        forgets that a variable still holds a freed block or an open handle.
        """
        tracked = _tracked_values(st.rule)
        holders = frozenset((c, v) for c, v in st.store.items() if v in tracked) \
            if tracked else frozenset()
        return (st.rule, tuple(st.read(c) for c in self.watch), st.registered, holders)

    def _escaped(self, st: State, v: Value) -> bool:
        for cell, val in st.store.items():
            if val != v or cell.root.kind == "local" or cell.root.kind == "return":
                continue
            if cell.root.kind == "object" and v in cell.root.frame:
                continue   # a field of the object itself
            return True
        return False

    def step(self, st: State, kind: str, loc: Loc, function: str, text: str) -> State:
        rule_text = "; ".join(f"{k}={_show(v)}" for k, v in st.rule) if st.rule else ""
        watched = ", ".join(f"{c.path[-1]}={describe_value(st.read(c))}" for c in self.watch)
        state_text = "; ".join(x for x in (rule_text, watched) if x)
        return replace(st, trace=extend(st.trace, TraceStep(kind, loc.file, loc.line, function,
                                                             text, state_text)))

    def report(self, message: str, loc: Loc, st: State, entry: str) -> None:
        trace = tuple(st.trace.steps()) if st.trace is not None else ()
        old = self.defects.get(loc)
        if old is None or len(trace) < len(old.trace):
            self.defects[loc] = Defect(self.rule.name, message, loc, entry, trace)

    # -- joins ---------------------------------------------------------------------

    def join(self, a: State, b: State, where: tuple[object, ...], rule_join: bool = False
             ) -> State:
        if a == b:
            return a
        da, db = a.store.as_mapping(), b.store.as_mapping()
        store = dict(da)
        for c, vb in db.items():
            va = da.get(c)
            if va is None:
                va = a.read(c)
            if va is not vb and va != vb:
                store[c] = Sym(("widen", where, c), hint=describe_cell(c))
        for c in da.keys() - db.keys():
            if da[c] != b.read(c):
                store[c] = Sym(("widen", where, c), hint=describe_cell(c))
        pc = a.pc & b.pc
        rule = a.rule
        registered = a.registered
        if rule_join:
            rule = _join_rule(a.rule, b.rule, where)
            registered = a.registered & b.registered
        return State(Store(store), a.zeroed & b.zeroed, pc, rule, registered, a.trace)

    # -- functions -------------------------------------------------------------------

    def call_function(self, fn: Function, stack: tuple[object, ...], entry: str,
                      args: list[Value], st: State, is_entry: bool = False) -> list[Exit]:
        frame = Frame(fn, stack, entry)
        writes = {}
        for i, p in enumerate(fn.params):
            writes[frame.local(p.name)] = args[i] if i < len(args) else \
                Sym(("arg", i, stack), p.name)
        st = st.write_many(writes)
        return self.run_cfg(frame, st, is_entry)

    def run_cfg(self, frame: Frame, st0: State, is_entry: bool) -> list[Exit]:
        blocks = frame.function.blocks
        order, heads = _rpo(blocks)
        pending: dict[int, dict[tuple[object, ...], State]] = {0: {self.key(st0): st0}}
        seen: dict[int, dict[tuple[object, ...], State]] = {}
        collapsed: set[int] = set()
        heap = [(order.get(0, 0), 0)]
        queued = {0}
        exits: dict[tuple[object, ...], Exit] = {}
        while heap:
            _, b = heapq.heappop(heap)
            queued.discard(b)
            work = pending.pop(b, {})
            for k in sorted(work, key=repr):
                st = work[k]
                seen.setdefault(b, {})[k] = st
                for succ, st2, ret in self.exec_block(blocks[b], frame, st):
                    if succ is None:
                        assert ret is not None
                        value = st2.read(_ret_cell(frame.stack))
                        ek = self.key(st2) + ((ret.loc,) if is_entry else ())
                        old = exits.get(ek)
                        if old is None:
                            exits[ek] = Exit(st2, value, ret.loc)
                        else:
                            j = self.join(old.state, st2, ("exit", frame.stack))
                            exits[ek] = Exit(j, j.read(_ret_cell(frame.stack)), old.loc)
                        continue
                    if self._arrive(succ, st2, pending, seen, heads, collapsed, frame):
                        if succ not in queued:
                            heapq.heappush(heap, (order.get(succ, len(order)), succ))
                            queued.add(succ)
        return [exits[k] for k in sorted(exits, key=repr)]

    def _arrive(self, b: int, st: State, pending: dict[int, dict[tuple[object, ...], State]],
                seen: dict[int, dict[tuple[object, ...], State]], heads: set[int],
                collapsed: set[int], frame: Frame) -> bool:
        where = (b, frame.stack)
        if b in collapsed:
            k: tuple[object, ...] = ("*",)
            base = pending.get(b, {}).get(k) or seen.get(b, {}).get(k)
            new = st if base is None else self.join(base, st, where, rule_join=True)
            if base is not None and new == base and k not in pending.get(b, {}):
                return False
            pending.setdefault(b, {})[k] = new
            return True
        k = self.key(st)
        if k in pending.get(b, {}):
            pending[b][k] = self.join(pending[b][k], st, where)
            return True
        prev = seen.get(b, {}).get(k)
        if prev is not None:
            new = self.join(prev, st, where)
            if new == prev:
                return False
            pending.setdefault(b, {})[k] = new
            return True
        if b in heads and len(seen.get(b, {})) + len(pending.get(b, {})) >= self.max_keys:
            states = list(seen.get(b, {}).values()) + list(pending.get(b, {}).values()) + [st]
            merged = states[0]
            for other in states[1:]:
                merged = self.join(merged, other, where, rule_join=True)
            collapsed.add(b)
            seen[b] = {}
            pending[b] = {("*",): merged}
            return True
        pending.setdefault(b, {})[k] = st
        return True

    # -- blocks and statements -------------------------------------------------------------

    def exec_block(self, block: Block, frame: Frame, st: State
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
        fname = frame.function.name
        for s in states:
            if isinstance(term, Jump):
                out.append((term.target, s, None))
            elif isinstance(term, Branch):
                c = self.ev.cond_of(term.cond, frame, s)
                d = decide(s.pc, c)
                for taken, target, cc in ((True, term.if_true, c), (False, term.if_false,
                                                                    c.negated())):
                    if d is not None and d != taken:
                        continue
                    pc = s.pc if d is not None else assume(s.pc, cc)
                    if pc is None:
                        continue
                    s2 = replace(s, pc=pc)
                    s2 = self.step(s2, "branch", term.loc, fname,
                                   f"{term.text} is {'true' if taken else 'false'}")
                    out.append((target, s2, None))
            else:
                value = self.ev.value_of(term.value, frame, s) if term.value is not None \
                    else Sym(("void",))
                s2 = s.write(_ret_cell(frame.stack), value)
                out.append((None, s2, term))
        return out

    def exec_stmt(self, stmt: Stmt, frame: Frame, st: State) -> list[State]:
        if isinstance(stmt, Assign):
            cell = self.ev.cell_of(stmt.lhs, frame, st)
            if cell is None:
                return [st]
            if isinstance(stmt.rhs, Const) and stmt.rhs.text == "{0}":
                st2 = st.zero(cell)
            else:
                st2 = st.write(cell, self.ev.value_of(stmt.rhs, frame, st))
            if any(w == cell or (w.root == cell.root and w.path[:len(cell.path)] == cell.path)
                   for w in self.watch):
                st2 = self.step(st2, "assign", stmt.loc, frame.function.name, stmt.text)
            return [st2]
        if isinstance(stmt, Assume):
            pc = assume(st.pc, self.ev.cond_of(stmt.cond, frame, st))
            return [replace(st, pc=pc)] if pc is not None else []
        if isinstance(stmt, Call):
            return self.exec_call(stmt, frame, st)
        return [st]

    def exec_call(self, stmt: Call, frame: Frame, st: State) -> list[State]:
        targets = self._targets(stmt, frame, st)
        args = [self.ev.value_of(a, frame, st) for a in stmt.args]
        if targets:
            out: list[State] = []
            for t in targets:
                for s, value in self.call_driver(t, stmt, frame, args, st):
                    out.append(self._store_result(stmt, frame, s, value))
            return out
        name = stmt.callee_name or str(stmt.callee)
        texts = [str(a) for a in stmt.args]
        self._note_registration(name, args)
        out = []
        for s in self.fire(self.on_call.get(name, ()), name, args, texts, None, frame, stmt.loc,
                           st):
            for s2, value in self.apply_model(name, stmt, frame, args, s):
                s3 = self._store_result(stmt, frame, s2, value)
                out.extend(self.fire(self.on_return.get(name, ()), name, args, texts, value,
                                     frame, stmt.loc, s3))
        return out

    def _targets(self, stmt: Call, frame: Frame, st: State) -> list[str]:
        name = stmt.callee_name
        if name is not None and name in self.program.functions:
            return [name]
        if isinstance(stmt.callee, Name) and stmt.callee.kind in (NameKind.EXTERN,
                                                                  NameKind.FUNC):
            return []
        v = self.ev.value_of(stmt.callee, frame, st)
        f = function_named(v)
        if f is not None and f in self.program.functions:
            return [f]
        return list(callees(stmt, self.program, self.fps))

    def _store_result(self, stmt: Call, frame: Frame, st: State, value: Value) -> State:
        if stmt.result is None:
            return st
        cell = self.ev.cell_of(stmt.result, frame, st)
        return st.write(cell, value) if cell is not None else st

    def call_driver(self, target: str, stmt: Call, frame: Frame, args: list[Value],
                    st: State) -> list[tuple[State, Value]]:
        fn = self.program.functions[target]
        on_stack = [s[1] for s in frame.stack if isinstance(s, tuple) and len(s) == 2]
        if target in on_stack:
            return self._apply_summary(target, stmt, frame, args, st)
        if len(frame.stack) > MAX_DEPTH:
            return [(st, Sym(("ret", target, stmt.loc, frame.stack), f"{target}(...)"))]
        stack = frame.stack + ((stmt.loc, target),)
        st = self.step(st, "call", stmt.loc, frame.function.name, stmt.text)
        # Memoised on the callee and the state it is called in, not on the call string:
        # a helper called in the same state from another site behaves the same. The trace
        # steps the call adds are kept apart, so a reused result continues the caller's
        # own trace.
        memo_key = (target, st, self.summary_epoch)
        hit = self.memo.get(memo_key)
        if hit is not None:
            return [(_with_trace(s, st, steps), v) for s, v, steps in hit]
        exits = self._call_to_fixpoint(fn, stack, frame.entry, args, st)
        base = st.trace.length if st.trace is not None else 0
        results = []
        stored = []
        for ex in exits:
            s = ex.state.drop_frame(stack)
            s = _drop_ret(s, stack)
            results.append((s, ex.value))
            stored.append((s, ex.value, _suffix(s.trace, base)))
        self.memo[(target, st, self.summary_epoch)] = stored
        return results

    def _call_to_fixpoint(self, fn: Function, stack: tuple[object, ...], entry: str,
                          args: list[Value], st: State) -> list[Exit]:
        """Analyse a call; when the function recurses, iterate its summaries (one per
        entry property key, tabulation-style) until none changes."""
        target = fn.name
        exits: list[Exit] = []
        for _ in range(MAX_RECURSION_ROUNDS):
            self.used_summary.discard(target)
            exits = self.call_function(fn, stack, entry, args, st)
            if target not in self.used_summary:
                return exits
            table = self.summaries.setdefault(target, {})
            changed = False
            entries = self.entries.setdefault(target, {})
            entries.setdefault(self.summary_key(st, args), (st, args))
            for k, v in self.needed.pop(target, {}).items():
                entries.setdefault(k, v)
            for k, (entry_state, entry_args) in sorted(entries.items(), key=lambda kv: repr(kv[0])):
                if k != self.summary_key(st, args):
                    if len(table) >= MAX_SUMMARY_KEYS and k not in table:
                        continue   # too many distinct entries: deeper calls stay unexplored
                    # A nested activation gets its own frame, so the objects it creates
                    # are not confused with its caller's.
                    names = self.activation.setdefault(target, {})
                    inner = stack + (("activation", names.setdefault(k, len(names) + 1)),)
                    sub = self.call_function(fn, inner, entry, entry_args, entry_state)
                else:
                    sub = exits
                new = _summarise(sub, entry_state)
                if table.get(k) != new:
                    table[k] = new
                    changed = True
            if not changed and not self.needed.get(target):
                return exits
            self.summary_epoch += 1
        return exits

    def summary_key(self, st: State, args: list[Value]) -> tuple[object, ...]:
        """Summaries are per rule state and argument values: what a call frees or
        signals depends on what it is given."""
        return (st.rule, tuple(st.read(c) for c in self.watch), st.registered, tuple(args))

    def _apply_summary(self, target: str, stmt: Call, frame: Frame, args: list[Value],
                       st: State) -> list[tuple[State, Value]]:
        """A recursive call: the exits computed so far for its entry key (none at first,
        so the first round follows the non-recursive paths; the outer call iterates)."""
        self.used_summary.add(target)
        k = self.summary_key(st, args)
        summary = self.summaries.get(target, {}).get(k)
        if summary is None:
            self.needed.setdefault(target, {}).setdefault(k, (st, args))
            return []
        out = []
        for rule, registered, cells, value in summary:
            s = replace(st, rule=rule, registered=registered).write_many(dict(cells))
            out.append((self.step(s, "call", stmt.loc, frame.function.name,
                                  f"{stmt.text} (recursive)"), value))
        return out

    # -- DDIs --------------------------------------------------------------------------

    def apply_model(self, name: str, stmt: Call, frame: Frame, args: list[Value], st: State
                    ) -> list[tuple[State, Value]]:
        model = self.models.get(name)
        site = (stmt.loc, frame.stack)
        if model is None:
            writes: dict[Cell, Value] = {}
            for i, a in enumerate(stmt.args):
                if isinstance(a, AddrOf):
                    cell = self.ev.cell_of(a.base, frame, st)
                    if cell is not None:   # an out-parameter: the DDI may write any value
                        writes[cell] = Sym(("out", name, site, i), f"{a.base} after {name}")
            return [(st.write_many(writes), Sym(("ret", name, site), f"{name}(...)"))]
        out: list[tuple[State, Value]] = []
        env = self._env(model.params, args, [str(a) for a in stmt.args], name, frame)
        for idx, o in enumerate(model.outcomes):
            branches: list[State] = [st]
            if o.when is not None:
                branches = [s for ok, s in self.vm.cond(o.when, env, st) if ok]
            for s in branches:
                value = self._model_value(o.result, env, s, (site, idx, "result"), name, stmt)
                s2 = s
                if isinstance(value, tuple):
                    value, pc = value
                    if pc is None:
                        continue
                    s2 = replace(s2, pc=pc)
                writes = {}
                ok = True
                for param, expr in o.writes:
                    target = env.values.get(param)
                    cell = target.cell if isinstance(target, Addr) else None
                    if cell is None:
                        continue
                    v = self._model_value(expr, env, s2, (site, idx, param), name, stmt)
                    if isinstance(v, tuple):
                        v, pc = v
                        if pc is None:
                            ok = False
                            break
                        s2 = replace(s2, pc=pc)
                    writes[cell] = v
                if not ok:
                    continue
                s2 = s2.write_many(writes)
                if o.register:
                    s2 = self._register(name, args, s2)
                label = f" ({o.label})" if o.label and len(model.outcomes) > 1 else ""
                if name in self.on_call or name in self.on_return or len(model.outcomes) > 1:
                    s2 = self.step(s2, "call", stmt.loc, frame.function.name,
                                   f"{stmt.text}{label}")
                out.append((s2, value))
        return out

    def _model_value(self, e: object, env: Env, st: State, key: tuple[object, ...], ddi: str,
                     stmt: Call) -> Value | tuple[Value, object]:
        from ddiverify.rules.ast import RFresh

        if e is None:
            return Sym(("ret", ddi, key), f"{ddi}(...)")
        if isinstance(e, RFresh):
            hint = f"{e.hint} from {ddi} at line {stmt.loc.line}"
            if e.kind == "fresh":
                return Addr(Cell(Root("object", hint, (key,))))
            sym = Sym(("fresh", key), hint)
            if e.kind == "any":
                return sym
            c = Cmp("==", sym, Int(0)) if e.kind == "null" else Cmp("<", sym, Int(0))
            return (sym, assume(st.pc, c))
        return self.vm._value(e, env, st)  # type: ignore[arg-type]

    def _note_registration(self, name: str, args: list[Value]) -> None:
        """Remember the context a routine is registered with, for the harness's later call."""
        from ddiverify.harness.roles import role_table

        for reg in role_table().calls_named(name):
            if reg.arg < len(args) and reg.context is not None and reg.context < len(args):
                f = function_named(args[reg.arg])
                if f is not None and f not in self.contexts:
                    self.contexts[f] = args[reg.context]

    def _register(self, name: str, args: list[Value], st: State) -> State:
        from ddiverify.harness.roles import role_table

        for reg in role_table().calls_named(name):
            if reg.arg < len(args):
                f = function_named(args[reg.arg])
                if f is not None:
                    return replace(st, registered=st.registered | {f})
        return st

    def _env(self, params: tuple[str | None, ...], args: list[Value], texts: list[str],
             call: str, frame: Frame, result: Value | None = None) -> Env:
        env = Env(call=call, entry=frame.entry, roots=self.roots)
        for i, p in enumerate(params):
            if p is not None and i < len(args):
                env.values[p] = args[i]
                env.texts[p] = texts[i]
        if result is not None:
            env.values["result"] = result
        return env

    def fire(self, handlers: object, name: str, args: list[Value], texts: list[str],
             result: Value | None, frame: Frame, loc: Loc, st: State) -> list[State]:
        states = [st]
        for handler, pat in handlers:  # type: ignore[attr-defined]
            nxt: list[State] = []
            for s in states:
                env = self._env(pat.params, args, texts, name, frame, result)
                before = s.rule
                for o in self.vm.run(handler.body, env, s):
                    if o.status == "abort":
                        self.report(o.message, loc, self.step(o.state, "event", loc,
                                    frame.function.name, f"violation: {o.message}"), frame.entry)
                    elif o.status == "continue":
                        s2 = o.state
                        if s2.rule != before:
                            old = dict(before)
                            change = ", ".join(f"{k} = {_show(v)}" for k, v in s2.rule
                                               if old.get(k) != v)
                            s2 = self.step(s2, "event", loc, frame.function.name,
                                           f"{name}: {change}")
                        nxt.append(s2)
            states = nxt
        return states

    def fire_exit(self, ex: Exit, role: str, entry: str) -> list[State]:
        states = [ex.state]
        for h in self.on_exit:
            if h.roles and role not in h.roles:
                continue
            nxt: list[State] = []
            for s in states:
                env = Env(call=entry, entry=entry, roots=self.roots, values={"result": ex.value})
                for o in self.vm.run(h.body, env, s):
                    if o.status == "abort":
                        self.report(o.message, ex.loc, self.step(
                            o.state, "event", ex.loc, entry, f"violation: {o.message}"), entry)
                    elif o.status == "continue":
                        nxt.append(o.state)
            states = nxt
        return states


def _suffix(trace: object, base: int) -> tuple[TraceStep, ...]:
    steps: list[TraceStep] = []
    t = trace
    while t is not None and t.length > base:  # type: ignore[attr-defined]
        steps.append(t.step)  # type: ignore[attr-defined]
        t = t.parent  # type: ignore[attr-defined]
    return tuple(reversed(steps))


def _with_trace(s: State, caller: State, steps: tuple[TraceStep, ...]) -> State:
    trace = caller.trace
    for step in steps:
        trace = extend(trace, step)
    return replace(s, trace=trace)


def _summarise(exits: list[Exit], entry: State) -> tuple[tuple[object, ...], ...]:
    """What a call contributes to its caller: rule state, registrations, the non-local
    cells it changed, its return value."""
    out = set()
    for ex in exits:
        cells = tuple(sorted(((c, v) for c, v in ex.state.store.items()
                              if c.root.kind in ("global", "object") and entry.read(c) != v),
                             key=repr))
        out.add((ex.state.rule, ex.state.registered, cells, ex.value))
    return tuple(sorted(out, key=repr))


def _tracked_values(rule: tuple[tuple[str, object], ...]) -> set[object]:
    out: set[object] = set()
    for _, v in rule:
        if isinstance(v, frozenset):
            for item in v:
                out.add(item[0] if isinstance(item, tuple) else item)
    return out


def _drop_ret(st: State, stack: tuple[object, ...]) -> State:
    cell = _ret_cell(stack)
    if st.store.get(cell) is None:
        return st
    d = st.store.as_dict()
    del d[cell]
    return replace(st, store=Store(d))


def _rpo(blocks: tuple[Block, ...]) -> tuple[dict[int, int], set[int]]:
    """Reverse post-order numbering and the loop heads (targets of back edges)."""
    order: list[int] = []
    heads: set[int] = set()
    state: dict[int, int] = {}
    stack: list[tuple[int, int]] = [(0, 0)]
    state[0] = 1
    while stack:
        b, i = stack.pop()
        succs = blocks[b].successors()
        if i < len(succs):
            stack.append((b, i + 1))
            s = succs[i]
            if state.get(s) is None:
                state[s] = 1
                stack.append((s, 0))
            elif state[s] == 1:
                heads.add(s)
        else:
            state[b] = 2
            order.append(b)
    order.reverse()
    return {b: i for i, b in enumerate(order)}, heads


def _show(v: object) -> str:
    if isinstance(v, frozenset):
        items = sorted(f"{describe_value(k[0])}: {k[1]}" if isinstance(k, tuple) else
                       describe_value(k) for k in v)
        return "{" + ", ".join(items) + "}"
    return describe_value(v)  # type: ignore[arg-type]


def _join_rule(a: tuple[tuple[str, object], ...], b: tuple[tuple[str, object], ...],
               where: tuple[object, ...]) -> tuple[tuple[str, object], ...]:
    db = dict(b)
    out = []
    for k, va in a:
        vb = db.get(k)
        if va == vb:
            out.append((k, va))
        elif isinstance(va, frozenset) and isinstance(vb, frozenset):
            out.append((k, va & vb))
        else:
            out.append((k, Sym(("widen-rule", where, k), k)))
    return tuple(out)


_ = (truth, Int)
