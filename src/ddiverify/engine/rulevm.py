"""Runs a rule's handlers (rules/*.rule) on a state: the rule half of every event.

Invariants: handlers never mutate; each run returns the list of outcomes, one per
feasible case, so a condition over unknown values forks the path (adding what made
each branch true to its path condition) instead of guessing. Names were resolved when
the rule loaded (rules.validate); a name that still fails to resolve here (a model or a
harness condition evaluated where its value is missing) raises `RuleRuntimeError`,
which the checker reports as the rule's `error` verdict.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from ddiverify.engine.envcells import (
    CALLBACK,
    DIRQL,
    MAY_ACQUIRE,
    NAMED,
    STORPORT_LOCKS,
    describe_irql,
    role_codes,
    running_cell,
)
from ddiverify.engine.evaluate import function_named
from ddiverify.engine.solver import Cmp, assume, decide, known_value
from ddiverify.engine.state import ReadLog, RuleValue, State
from ddiverify.engine.values import (
    Addr,
    Cell,
    Int,
    Sym,
    Term,
    Value,
    describe_cell,
    fold,
    literal_content,
    pointee,
)
from ddiverify.ir.program import Function
from ddiverify.knowledge.wdk import Knowledge
from ddiverify.rules.ast import (
    Handler,
    Query,
    RAbort,
    RAnd,
    RAnnotation,
    RBinary,
    RCertain,
    RCompare,
    RCond,
    RDeref,
    REnvQuery,
    REscaped,
    RExpr,
    RField,
    RFor,
    RHalt,
    RIf,
    RIndex,
    RInt,
    RMember,
    RName,
    RNot,
    ROr,
    RStmt,
    RString,
    RTruthy,
    Rule,
    RUpdate,
    VarKind,
)
from ddiverify.rules.compose import dead_flag, owner_of


class RuleRuntimeError(Exception):
    pass


class Status(enum.Enum):
    CONTINUE = "continue"
    ABORT = "abort"  # a violation: the path ends with a defect
    HALT = "halt"  # the rule gives up on the path: it counts as passing
    REPORT = "report"  # a violation: the path goes on in the state it had


@dataclass(frozen=True, slots=True)
class Outcome:
    state: State
    status: Status
    message: str = ""


@dataclass(slots=True)
class Env:
    """What a handler sees: its parameters' values and source texts, and builtins."""

    values: dict[str, Value] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    call: str = ""
    entry: str = ""
    roots: dict[str, Cell] = field(default_factory=dict)  # config, devext
    items: dict[str, Value] = field(default_factory=dict)  # `for` loop variables
    # An `on deref(p)` handler's pointer is a parameter or global its function compares
    # with NULL (`null_tested(p)`).
    pointer_tested: bool = False
    # The driver function the event is about (`annotated`, `annotation`, `in_section`):
    # the callee of `on call function`, the returning function of `on exit function`, the
    # entry point of entry and exit handlers, the calling function of a DDI's handlers.
    function: str = ""


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def null_value(key: tuple[object, ...], what: str) -> Sym:
    """A NULL with an identity of its own: what the code or a DDI model assigned, for
    rules that ask where a NULL came from (`assigned_null`); the path says it is 0."""
    return Sym(("null", *key), what)


def is_assigned_null(v: Value, st: State) -> bool:
    """`v` is, on this path, a NULL that the code assigned or a DDI model returned (not
    the zero fill of an object, not an unknown that may be 0)."""
    return (
        isinstance(v, Sym)
        and bool(v.key)
        and v.key[0] in ("null", "fresh")
        and decide(st.pc, Cmp("==", v, Int(0))) is True
    )


class RuleVM:
    def __init__(
        self,
        rule: Rule,
        kb: Knowledge,
        escaped: Callable[[State, Value], bool],
        reads: ReadLog,
        functions: frozenset[str] = frozenset(),
        bodies: Mapping[str, Function] | None = None,
    ) -> None:
        self.rule = rule
        self.functions = functions  # the routines the driver defines
        self.bodies: Mapping[str, Function] = bodies or {}  # their SAL facts and sections
        self.reads = reads
        self.kb = kb
        self.escaped = escaped
        self.kinds = {v.name: v.kind for v in rule.state}
        # Maps whose values are state strings (schema 1 maps, and declared states).
        self.state_maps = frozenset(
            v.name for v in rule.state if v.kind is VarKind.MAP and (v.states or rule.version < 2)
        )
        self.codes = role_codes()
        # Constant groups the rule names, per owner (a composed monitor names each
        # rule's values as that rule alone would).
        self._groups: dict[str, list[str]] = {}
        self.owners: dict[str, tuple[str, ...]] = {}
        for v in rule.state:
            owner = owner_of(v.name)
            if owner:
                self.owners[owner] = (*self.owners.get(owner, ()), v.name)
        self._initial: dict[str, RuleValue] | None = None

    def initial(self) -> tuple[tuple[str, RuleValue], ...]:
        out: dict[str, RuleValue] = {}
        for v in self.rule.state:
            if v.kind in (VarKind.SET, VarKind.MAP):
                out[v.name] = frozenset()
            else:
                init = self._value(v.init, Env(), None) if v.init is not None else Int(0)
                out[v.name] = init
        return tuple(sorted(out.items()))

    # -- owners of a composed monitor ------------------------------------------------

    @staticmethod
    def is_dead(st: State, owner: str) -> bool:
        """Whether `owner`'s monitor ended on this path (it aborted or halted)."""
        return bool(owner) and st.rule_var(dead_flag(owner)) is not None

    def kill(self, st: State, owner: str) -> State:
        """The path after `owner`'s monitor ended on it: its variables back to their
        initial values (so such paths merge whatever the rule had seen), marked dead."""
        if self._initial is None:
            self._initial = dict(self.initial())
        d = dict(st.rule)
        for name in self.owners.get(owner, ()):
            d[name] = self._initial[name]
        d[dead_flag(owner)] = Int(1)
        return replace(st, rule=tuple(sorted(d.items())))

    # -- values ------------------------------------------------------------------

    def _const(self, name: str) -> Value | None:
        if name in self.kb.constants:
            return Int(self.kb.constants[name])
        return None

    def _cell(self, e: RExpr, env: Env, st: State | None) -> Cell | None:
        if isinstance(e, RName):
            if e.name in env.roots:
                return env.roots[e.name]
            v = self._value(e, env, st)
            return pointee(v)
        if isinstance(e, RField):
            base = self._cell(e.base, env, st)
            return base.child(e.name) if base is not None else None
        if isinstance(e, RDeref):
            return pointee(self._value(e.operand, env, st))
        return None

    def value(self, e: RExpr | None, env: Env, st: State | None) -> Value:
        return self._value(e, env, st)

    def _value(self, e: RExpr | None, env: Env, st: State | None) -> Value:
        if e is None:
            return Int(0)
        if isinstance(e, RInt):
            return Int(e.value)
        if isinstance(e, RName):
            return self._name(e, env, st)
        if isinstance(e, (RField, RDeref)):
            cell = self._cell(e, env, st)
            if cell is None or st is None:
                return Sym(("rule-unknown", str(e)))
            return self.reads.read(st, cell)
        if isinstance(e, RBinary):
            a, b = self._value(e.left, env, st), self._value(e.right, env, st)
            if (
                e.op in ("max", "min")
                and st is not None
                and not (isinstance(a, Int) and isinstance(b, Int))
            ):
                first = decide(st.pc, Cmp(">=" if e.op == "max" else "<=", a, b))
                if first is not None:  # the path says which (DIRQL is above DISPATCH)
                    return a if first else b
            return fold(e.op, a, b)
        if isinstance(e, RAnnotation):
            level = self.annotation(env.function, e.name)
            return level if level is not None else Sym(("annotation", env.function, e.name))
        if isinstance(e, RIndex) and st is not None:
            got = self._lookup(e, env, st)
            if isinstance(got, (Int, Sym, Addr, Term)):
                return got
            return Sym(("map-miss", str(e)), f"{e}")
        raise RuleRuntimeError(f"{self.rule.file}:{getattr(e, 'line', 0)}: not a value here")

    def _name(self, e: RName, env: Env, st: State | None) -> Value:
        n = e.name
        if n in env.items:
            return env.items[n]
        if n in env.values:
            return env.values[n]
        if st is not None and self.kinds.get(n) is VarKind.INT:
            v = st.rule_var(n)
            return v if v is not None else Int(0)
        cell = NAMED.get(n)
        if cell is not None:
            return self.reads.read(st, cell) if st is not None else Sym(("read", cell))
        if n == "DIRQL":
            return DIRQL
        c = self._const(n)
        if c is not None:
            return c
        raise RuleRuntimeError(f"{self.rule.file}:{e.line}: unknown name {n!r}")

    def _lookup(self, e: RIndex, env: Env, st: State) -> object | None:
        """What a map holds for a key (a state string, or a value), None when nothing."""
        if not isinstance(e.base, RName) or self.kinds.get(e.base.name) is not VarKind.MAP:
            raise RuleRuntimeError(f"{self.rule.file}:{e.line}: only maps can be indexed")
        key = self._value(e.index, env, st)
        for k, v in st.rule_var(e.base.name) or ():
            if k == key:
                return v  # type: ignore[no-any-return]
        return None

    def annotation(self, function: str, name: str) -> Int | None:
        """The value of `function`'s SAL annotation `name`: its argument as a number or
        WDK constant (0 when it takes none); None when the function does not have it, or
        its argument is not a constant (an annotation that cannot be read states
        nothing the rule could check)."""
        fn = self.bodies.get(function)
        if fn is None:
            return None
        for a in fn.annotations:
            if a.name != name:
                continue
            text = a.args.strip().strip("()").strip()
            if not text:
                return Int(0)
            if text in self.kb.constants:
                return Int(self.kb.constants[text])
            try:
                return Int(int(text, 0))
            except ValueError:
                return None
        return None

    # -- conditions ----------------------------------------------------------------

    def cond(self, c: RCond, env: Env, st: State) -> list[tuple[bool, State]]:
        if isinstance(c, RNot):
            return [(not b, s) for b, s in self.cond(c.operand, env, st)]
        if isinstance(c, RAnd):
            out = [(True, st)]
            for part in c.operands:
                nxt: list[tuple[bool, State]] = []
                for b, s in out:
                    if not b:
                        nxt.append((b, s))
                    else:
                        nxt.extend(self.cond(part, env, s))
                out = nxt
            return out
        if isinstance(c, ROr):
            out = [(False, st)]
            for part in c.operands:
                nxt = []
                for b, s in out:
                    if b:
                        nxt.append((b, s))
                    else:
                        nxt.extend(self.cond(part, env, s))
                out = nxt
            return out
        if isinstance(c, RMember):
            item = self._value(c.item, env, st)
            members = st.rule_var(c.var) or frozenset()
            if self.kinds.get(c.var) is VarKind.MAP:
                return [(any(k == item for k, _ in members), st)]
            return [(item in members, st)]
        if isinstance(c, REscaped):
            return [(self.escaped(st, self._value(c.value, env, st)), st)]
        if isinstance(c, RCompare):
            if self._is_state_compare(c):
                same = self._text(c.left, env, st) == self._text(c.right, env, st)
                return [(same if c.op == "==" else not same, st)]
            return self._fork(
                Cmp(c.op, self._value(c.left, env, st), self._value(c.right, env, st)), st
            )
        if isinstance(c, RTruthy):
            return self._fork(Cmp("!=", self._value(c.value, env, st), Int(0)), st)
        if isinstance(c, REnvQuery):
            return self._query(c, env, st)
        if isinstance(c, RCertain):
            # Every case the path allows makes it true: a question, not a fork.
            return [(all(b for b, _ in self.cond(c.operand, env, st)), st)]
        raise RuleRuntimeError(f"{self.rule.file}: unsupported condition")

    def _is_state_compare(self, c: RCompare) -> bool:
        for x in (c.left, c.right):
            if isinstance(x, RString):
                return True
            if (
                isinstance(x, RIndex)
                and isinstance(x.base, RName)
                and x.base.name in self.state_maps
            ):
                return True
        return False

    def _query(self, c: REnvQuery, env: Env, st: State) -> list[tuple[bool, State]]:
        if c.query is Query.CALLBACK:
            code = self.reads.read(st, CALLBACK)
            return [(isinstance(code, Int) and code.v in {self.codes.get(r) for r in c.roles}, st)]
        if c.query is Query.DRIVER_ROUTINE:
            return [(function_named(self._value(c.value, env, st)) in self.functions, st)]
        if c.query is Query.ASSIGNED_NULL:
            return [(is_assigned_null(self._value(c.value, env, st), st), st)]
        if c.query is Query.NULL_TESTED:
            return [(env.pointer_tested, st)]
        if c.query is Query.ANNOTATED:
            return [(self.annotation(env.function, c.text) is not None, st)]
        if c.query is Query.IN_SECTION:
            fn = self.bodies.get(env.function)
            return [(fn is not None and fn.section.startswith(c.text), st)]
        if c.query is Query.MATCHES:
            content = literal_content(self._value(c.value, env, st))
            return [(content is not None and re.search(c.text, content) is not None, st)]
        if c.query is Query.RUNNING:
            for role in c.roles:
                n = self.reads.read(st, running_cell(role))
                if isinstance(n, Int) and n.v > 0:
                    return [(True, st)]
            return [(False, st)]
        mask = self.reads.read(
            st, STORPORT_LOCKS if c.query is Query.STORPORT_HOLDS else MAY_ACQUIRE
        )
        lock = self._value(c.value, env, st)
        if not isinstance(mask, Int):
            return [(False, st)]
        if isinstance(lock, Int):
            return [(0 <= lock.v < 64 and bool(mask.v >> lock.v & 1), st)]
        # An unknown lock kind: split by the kinds in the mask.
        out: list[tuple[bool, State]] = []
        rest = [st]
        for k in range(64):
            if not mask.v >> k & 1:
                continue
            nxt = []
            for s in rest:
                for truth, s2 in self._fork(Cmp("==", lock, Int(k)), s):
                    (out.append((True, s2)) if truth else nxt.append(s2))
            rest = nxt
        out.extend((False, s) for s in rest)
        return out

    def _text(self, e: RExpr, env: Env, st: State) -> object | None:
        if isinstance(e, RString):
            return e.value
        if isinstance(e, RIndex):
            return self._lookup(e, env, st)
        raise RuleRuntimeError(
            f"{self.rule.file}:{getattr(e, 'line', 0)}: a map state can "
            "only be compared with a string"
        )

    @staticmethod
    def _fork(c: Cmp, st: State) -> list[tuple[bool, State]]:
        d = decide(st.pc, c)
        if d is not None:
            return [(d, st)]
        out = []
        for truth, cc in ((True, c), (False, c.negated())):
            pc = assume(st.pc, cc)
            if pc is not None:
                out.append(
                    (truth, State(st.store, st.zeroed, pc, st.rule, st.registered, st.trace))
                )
        return out

    # -- statements ----------------------------------------------------------------

    def run(self, body: tuple[RStmt, ...], env: Env, st: State, owner: str = "") -> list[Outcome]:
        """The outcomes of a handler's `body` (`owner`: the rule it belongs to, in a
        composed monitor; it names the values in messages)."""
        outcomes = [Outcome(st, Status.CONTINUE)]
        for stmt in body:
            nxt: list[Outcome] = []
            for o in outcomes:
                if o.status is not Status.CONTINUE:
                    nxt.append(o)
                else:
                    nxt.extend(self._stmt(stmt, env, o.state, owner))
            outcomes = nxt
        return outcomes

    def _stmt(self, s: RStmt, env: Env, st: State, owner: str) -> list[Outcome]:
        if isinstance(s, RIf):
            out: list[Outcome] = []
            for truth, st2 in self.cond(s.cond, env, st):
                out.extend(self.run(s.then if truth else s.orelse, env, st2, owner))
            return out
        if isinstance(s, RAbort):
            return [
                Outcome(
                    st,
                    Status.REPORT if s.goes_on else Status.ABORT,
                    self.format(s.message, env, st, owner),
                )
            ]
        if isinstance(s, RHalt):
            return [Outcome(st, Status.HALT)]
        if isinstance(s, RUpdate):
            return [Outcome(self._update(s, env, st), Status.CONTINUE)]
        if isinstance(s, RFor):
            members = st.rule_var(s.var) or frozenset()
            keys = sorted(
                {
                    k if self.kinds.get(s.var) is VarKind.MAP else m
                    for m in members
                    for k in ([m[0]] if isinstance(m, tuple) else [m])
                },
                key=str,
            )
            outs = [Outcome(st, Status.CONTINUE)]
            for key in keys:
                inner = Env(
                    env.values,
                    env.texts,
                    env.call,
                    env.entry,
                    env.roots,
                    {**env.items, s.item: key},
                    env.pointer_tested,
                )
                nxt: list[Outcome] = []
                for o in outs:
                    nxt.extend(
                        self.run(s.body, inner, o.state, owner)
                        if o.status is Status.CONTINUE
                        else [o]
                    )
                outs = nxt
            return outs
        raise RuleRuntimeError(f"{self.rule.file}: unsupported statement")

    def _update(self, s: RUpdate, env: Env, st: State) -> State:
        kind = self.kinds[s.var]
        cur = st.rule_var(s.var)
        if kind is VarKind.SET:
            v = self._value(s.value, env, st)
            new = (cur | {v}) if s.op == "+=" else (cur - {v}) if s.op == "-=" else cur
            return st.with_rule_var(s.var, frozenset(new))
        if kind is VarKind.MAP:
            if s.op == "-=":
                key = self._value(s.value, env, st)
                return st.with_rule_var(s.var, frozenset(p for p in cur if p[0] != key))
            if s.op != "[]=" or s.key is None:
                raise RuleRuntimeError(
                    f"{self.rule.file}:{s.line}: maps are updated as {s.var}[key] = value"
                )
            item: object
            if s.var in self.state_maps:
                if not isinstance(s.value, RString):
                    raise RuleRuntimeError(f"{self.rule.file}:{s.line}: {s.var} holds states")
                item = s.value.value
            else:
                item = self._value(s.value, env, st)
            key = self._value(s.key, env, st)
            rest = frozenset(p for p in cur if p[0] != key)
            return st.with_rule_var(s.var, rest | {(key, item)})
        v = self._value(s.value, env, st)
        cur_v = cur if cur is not None else Int(0)
        new_v = fold("+", cur_v, v) if s.op == "+=" else fold("-", cur_v, v) if s.op == "-=" else v
        return st.with_rule_var(s.var, new_v)

    # -- messages ------------------------------------------------------------------

    def format(self, template: str, env: Env, st: State, owner: str = "") -> str:
        def repl(m: re.Match[str]) -> str:
            key = m.group(1).strip()
            if key == "call":
                return env.call
            if key == "entry":
                return env.entry
            if key == "result" and "result" in env.values:
                got = env.values["result"]
                if isinstance(got, Sym):
                    k = known_value(st.pc, got)
                    got = Int(k) if k is not None else got
                if isinstance(got, Int):
                    return f"0x{got.v & 0xFFFFFFFF:08X}" if got.v < 0 else self._named(got)
                return self._unknown(got, st, owner)
            if key in NAMED and key != "concurrent_channels":
                return describe_irql(st.read_untracked(NAMED[key]), st.pc)
            if key in env.texts:
                value = env.values.get(key)
                if isinstance(value, Int) and not env.texts[key].lstrip("-").isdigit():
                    named = self._named(value, owner)  # `kind` holding 3: InterruptLock
                    if named != str(value.v):
                        return named
                return env.texts[key]
            if key.startswith("*") and key[1:] in env.texts:
                t = env.texts[key[1:]]
                return t[1:] if t.startswith("&") else f"*{t}"
            if key in env.items:
                item = env.items[key]
                return self._named(item, owner) if isinstance(item, Int) else describe_value(item)
            if "." in key:
                root, _, fld = key.partition(".")
                cell = env.roots.get(root)
                if cell is not None:
                    return self.render(st.read_untracked(cell.child(fld)), fld, owner)
            return m.group(0)

        return _PLACEHOLDER.sub(repl, template)

    def _unknown(self, v: Value, st: State, owner: str) -> str:
        """A value the path does not fix, by what the path excludes ("a value other than
        ScsiAdapterControlSuccess") where it excludes a constant, else as it is."""
        if isinstance(v, Sym):
            for atom in sorted(st.pc, key=str):
                if atom.op == "!=" and v in (atom.left, atom.right):
                    other = atom.right if atom.left == v else atom.left
                    if isinstance(other, Int):
                        return f"a value other than {self._named(other, owner)}"
        return describe_value(v)

    def render(self, v: Value, field: str | None = None, owner: str = "") -> str:
        """A value in a message; a concrete one by the WDK name of the enumeration the rule
        compares that field with (`InterruptSynchronizeAll`, `TRUE`)."""
        if not isinstance(v, Int):
            return describe_value(v)
        group = self._compared_group(field, owner) if field else None
        if group is not None:
            for name, value in self.kb.constants.items():
                if value == v.v and self.kb.groups.get(name) == group:
                    return name
        return str(v.v)

    def _handlers_of(self, owner: str) -> list[Handler]:
        return [h for h in self.rule.handlers if not owner or h.owner == owner]

    def _named(self, v: Int, owner: str = "") -> str:
        """A number by the name of a WDK constant of a group the rule names (a lock kind
        as `StartIoLock`), else its digits."""
        groups = self._groups.get(owner)
        if groups is None:
            names = {x.name for x in _walk_names(self._handlers_of(owner))}
            groups = self._groups[owner] = [
                g
                for g in dict.fromkeys(self.kb.groups.get(n) for n in sorted(names))
                if g is not None
            ]
        for group in groups:
            for name, value in self.kb.constants.items():
                if value == v.v and self.kb.groups.get(name) == group:
                    return name
        return str(v.v)

    def _compared_group(self, field: str, owner: str = "") -> str | None:
        """The constant group of what the rule compares `config.<field>` with."""
        for cmp in _compares(self._handlers_of(owner)):
            for a, b in ((cmp.left, cmp.right), (cmp.right, cmp.left)):
                if isinstance(a, RField) and a.name == field and isinstance(b, RName):
                    group = self.kb.groups.get(b.name)
                    if group is not None:
                        return group
        return None


def _compares(x: object) -> list[RCompare]:
    """Every comparison in a rule's handlers (walking the frozen AST)."""
    out: list[RCompare] = []
    if isinstance(x, RCompare):
        out.append(x)
    if isinstance(x, (tuple, list)):
        for y in x:
            out.extend(_compares(y))
    elif hasattr(x, "__dataclass_fields__"):
        for name in x.__dataclass_fields__:
            out.extend(_compares(getattr(x, name)))
    return out


def _walk_names(x: object) -> list[RName]:
    """Every name in a rule's handlers."""
    out: list[RName] = []
    todo = [x]
    while todo:
        y = todo.pop()
        if isinstance(y, RName):
            out.append(y)
        elif isinstance(y, (tuple, list)):
            todo.extend(y)
        elif hasattr(y, "__dataclass_fields__"):
            todo.extend(getattr(y, f) for f in y.__dataclass_fields__)
    return out


def describe_value(v: Value) -> str:
    if isinstance(v, Addr):
        if v.cell.root.kind == "object" and v.cell.root.frame and not v.cell.path:
            return v.cell.root.name  # a fresh object from a DDI: its description
        return "&" + describe_cell(v.cell)
    return str(v)
