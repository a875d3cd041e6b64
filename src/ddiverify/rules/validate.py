"""Resolving every name of a rule when it loads, in the spirit of semgrep's rule parser.

A rule that loads is one the engine can run without meeting a name it does not know:
its DDIs are known WDK routines (or declared with `ddis`), its constants are in the
knowledge base, its state variables are declared and used as what they are, a map's
states are declared (schema 2) or assigned somewhere (schema 1), every `{placeholder}`
of a message is bound, `result` appears only where a result exists, and every role is
one the harness knows. Each mistake is a `RuleFileError` at its file:line:column, with
the closest known name as a suggestion.

Schema 1 files are checked the same way, except that a handler's names are those any of
its call patterns binds (schema 2: every one of them) and a map's states are the strings
the rule assigns to it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ddiverify.knowledge import known_ddis
from ddiverify.knowledge.roles import all_roles
from ddiverify.knowledge.wdk import knowledge
from ddiverify.rules.ast import (
    VALUE_QUERIES,
    EventKind,
    Handler,
    Model,
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
    RFresh,
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
    StateVar,
    VarKind,
)
from ddiverify.rules.parser import (
    _KINDS,
    SCHEMA_VERSIONS,
    Library,
    Loader,
    RuleBody,
    RuleFileError,
    Vocabulary,
    models_of,
    parse_source,
    rule_bodies,
    suggest,
)

# What the engine gives every handler: the harness's objects and the environment state.
ROOTS = frozenset({"config", "devext"})
ENV_VALUES = frozenset({"irql", "entry_irql", "concurrent_channels"})
MODEL_ENV_WRITES = frozenset({"irql", "concurrent_channels"})
LEVEL_NAMES = frozenset({"DIRQL"})  # the adapter's device level, one unknown per path
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_RESULT_EVENTS = (EventKind.RETURN, EventKind.EXIT, EventKind.FUNCTION_EXIT)
_FUNCTION_EVENTS = (EventKind.FUNCTION_CALL, EventKind.FUNCTION_EXIT)


@functools.cache
def default_vocabulary() -> Vocabulary:
    return Vocabulary(known_ddis(), knowledge().constants, all_roles())


@dataclass(slots=True)
class _Scope:
    """The names a handler's body sees, and where a mistake in it is reported."""

    file: str
    note: str
    params: frozenset[str]
    partial: frozenset[str] = frozenset()  # bound by some of the handler's calls only
    items: frozenset[str] = frozenset()  # `for` variables
    result: bool = False
    where: str = ""  # the handler, for messages
    pointer: str | None = None  # an `on deref(p)` handler's pointer

    def with_item(self, name: str) -> _Scope:
        return _Scope(
            self.file,
            self.note,
            self.params,
            self.partial,
            self.items | {name},
            self.result,
            self.where,
            self.pointer,
        )


@dataclass(slots=True)
class _Checker:
    rule: Rule
    body: RuleBody
    vocab: Vocabulary
    file: str
    vars: dict[str, StateVar] = field(default_factory=dict)
    assigned: dict[str, set[str]] = field(default_factory=dict)  # schema 1 map states

    @property
    def v2(self) -> bool:
        return self.rule.version >= 2

    def err(self, scope: _Scope | None, line: int, col: int, msg: str) -> RuleFileError:
        file = scope.file if scope is not None else self.file
        note = scope.note if scope is not None else ""
        return RuleFileError(file, line, msg + note, col)

    # -- the rule ----------------------------------------------------------------------

    def check(self) -> None:
        for v in self.rule.state:
            if v.name in self.vars:
                raise self.err(None, v.line, 0, f"state variable `{v.name}` is declared twice")
            self.vars[v.name] = v
        for h in self.rule.handlers:
            for s in _statements(h.body):
                if isinstance(s, RUpdate) and s.op == "[]=" and isinstance(s.value, RString):
                    self.assigned.setdefault(s.var, set()).add(s.value.value)
        for name in self.rule.applicable:
            if name not in self.vocab.ddis:
                raise self.err(
                    None,
                    self.rule.line,
                    0,
                    f"`applicable` names an unknown DDI `{name}`" + suggest(name, self.vocab.ddis),
                )
        for role in self.rule.applicable_roles:
            self.role(None, self.rule.line, 0, role)
        for path in self.rule.watches:
            if path[0] in ENV_VALUES and len(path) > 1:
                raise self.err(None, self.rule.line, 0, f"`{path[0]}` has no fields")
        for h, (file, note) in zip(self.rule.handlers, self.body.origins, strict=True):
            self.handler(h, file, note)

    def role(self, scope: _Scope | None, line: int, col: int, role: str) -> None:
        if role not in self.vocab.roles:
            raise self.err(
                scope, line, col, f"unknown role {role}" + suggest(role, self.vocab.roles)
            )

    def handler(self, h: Handler, file: str, note: str) -> None:
        probe = _Scope(file, note, frozenset())
        if not self.v2 and (
            h.event is EventKind.DEREF or h.role_params or h.event in _FUNCTION_EVENTS
        ):
            raise self.err(
                probe,
                h.line,
                0,
                "`on deref`, `on call function`, `on exit "
                "function` and parameters of an entry point's handler need "
                "version 2",
            )
        for r in h.roles:
            self.role(probe, h.line, 0, r)
        for pat in h.calls:
            if pat.name not in self.vocab.ddis:
                raise self.err(
                    probe,
                    pat.line or h.line,
                    pat.col,
                    f"unknown DDI `{pat.name}`"
                    + (
                        suggest(pat.name, self.vocab.ddis)
                        or f"; if it is a WDK routine, declare it with `ddis {pat.name};`"
                    ),
                )
        bound = [frozenset(p for p in pat.params if p is not None) for pat in h.calls] + [
            frozenset(p for p in ps if p is not None) for ps in h.role_params
        ]
        self.role_params(h, probe)
        union = frozenset().union(*bound) if bound else frozenset()
        common = frozenset.intersection(*bound) if bound else frozenset()
        params = common if self.v2 else union
        if h.event is EventKind.FUNCTION_EXIT:
            params = params | {"call_irql"}  # the IRQL the returning function was called at
        where = f"on {h.event.value}" + (f" {h.calls[0].name}" if h.calls else "")
        scope = _Scope(
            file, note, params, union - params, frozenset(), h.event in _RESULT_EVENTS, where
        )
        scope.pointer = (
            next((p for p in h.role_params[0] if p is not None), None)
            if h.event is EventKind.DEREF
            else None
        )
        self.stmts(h.body, scope)

    def role_params(self, h: Handler, scope: _Scope) -> None:
        """An entry handler's pattern names no more parameters than the role has."""
        from ddiverify.knowledge.roles import role_table

        if h.event is EventKind.DEREF:
            return
        signatures = role_table().signatures
        for role, params in zip(h.roles, h.role_params, strict=False):
            sig = signatures.get(role)
            if sig is not None and len(params) > len(sig):
                raise self.err(
                    scope,
                    h.line,
                    0,
                    f"{role} has {len(sig)} parameter"
                    f"{'s' if len(sig) != 1 else ''}; the pattern names "
                    f"{len(params)}",
                )

    # -- statements --------------------------------------------------------------------

    def stmts(self, body: Iterable[RStmt], scope: _Scope) -> None:
        for s in body:
            self.stmt(s, scope)

    def stmt(self, s: RStmt, scope: _Scope) -> None:
        if isinstance(s, RIf):
            self.cond(s.cond, scope)
            self.stmts(s.then, scope)
            self.stmts(s.orelse, scope)
        elif isinstance(s, RUpdate):
            self.update(s, scope)
        elif isinstance(s, RFor):
            var = self.var(scope, s.line, s.col, s.var)
            if var.kind is VarKind.INT:
                raise self.err(
                    scope,
                    s.line,
                    s.col,
                    f"`{s.var}` is an int; `for` walks a set's members or a map's keys",
                )
            self.stmts(s.body, scope.with_item(s.item))
        elif isinstance(s, RAbort):
            if s.goes_on and not self.v2:
                raise self.err(scope, s.line, s.col, "`report` needs version 2")
            self.message(s, scope)
        elif isinstance(s, RHalt):
            pass

    def var(self, scope: _Scope, line: int, col: int, name: str) -> StateVar:
        v = self.vars.get(name)
        if v is None:
            raise self.err(
                scope,
                line,
                col,
                f"`{name}` is not a state variable of {self.rule.name}" + suggest(name, self.vars),
            )
        return v

    def update(self, s: RUpdate, scope: _Scope) -> None:
        v = self.var(scope, s.line, s.col, s.var)
        allowed = {
            VarKind.SET: ("+=", "-="),
            VarKind.INT: ("+=", "-=", "="),
            VarKind.MAP: ("[]=", "-="),
        }[v.kind]
        if s.op not in allowed:
            shown = {"[]=": f"{s.var}[key] = value"}.get(s.op, f"{s.var} {s.op} ...")
            raise self.err(
                scope,
                s.line,
                s.col,
                f"`{shown}` does not apply to the "
                f"{v.kind.value} `{s.var}` (it takes {', '.join(allowed)})",
            )
        if s.key is not None:
            self.value(s.key, scope)
        if v.kind is VarKind.MAP and s.op == "[]=":
            self.map_value(v, s.value, scope)
        else:
            self.value(s.value, scope)

    def map_value(self, v: StateVar, e: RExpr, scope: _Scope) -> None:
        line, col = e.line, e.col
        if isinstance(e, RString):
            if v.states and e.value not in v.states:
                raise self.err(
                    scope,
                    line,
                    col,
                    f'"{e.value}" is not a state of `{v.name}` '
                    f"(declared: {', '.join(v.states)})" + suggest(e.value, v.states),
                )
            if self.v2 and not v.states:
                raise self.err(
                    scope,
                    line,
                    col,
                    f"`{v.name}` maps to values, not states; "
                    f'declare them: map {v.name} of "{e.value}", ...;',
                )
            return
        if v.states or not self.v2:
            raise self.err(
                scope,
                line,
                col,
                f"`{v.name}` holds states: assign one of "
                f"{', '.join(repr(x) for x in v.states) or 'its state strings'}",
            )
        self.value(e, scope)

    def message(self, s: RAbort, scope: _Scope) -> None:
        for m in _PLACEHOLDER.finditer(s.message):
            key = m.group(1).strip()
            name = key.removeprefix("*")
            root, _, rest = name.partition(".")
            ok = (
                key in ("call", "entry", "irql", "entry_irql")
                or (key == "result" and scope.result)
                or (name in scope.params and not rest)
                or (key in scope.items)
                or (root in ROOTS and rest != "")
            )
            if not ok:
                known = ["call", "entry", "irql", *scope.params, *scope.items]
                raise self.err(
                    scope,
                    s.line,
                    s.col,
                    f"placeholder {{{key}}} names nothing this handler knows" + suggest(key, known),
                )

    # -- conditions and values ---------------------------------------------------------

    def cond(self, c: RCond, scope: _Scope) -> None:
        if isinstance(c, (RAnd, ROr)):
            for x in c.operands:
                self.cond(x, scope)
        elif isinstance(c, RNot):
            self.cond(c.operand, scope)
        elif isinstance(c, RCompare):
            self.compare(c, scope)
        elif isinstance(c, RMember):
            self.value(c.item, scope)
            v = self.var(scope, c.line, c.col, c.var)
            if v.kind is VarKind.INT:
                raise self.err(
                    scope, c.line, c.col, f"`{c.var}` is an int; `in` looks in a set or a map"
                )
        elif isinstance(c, (REscaped, RTruthy)):
            self.value(c.value, scope)
        elif isinstance(c, RCertain):
            self.cond(c.operand, scope)
        elif isinstance(c, REnvQuery):
            for r in c.roles:
                self.role(scope, c.line, c.col, r)
            if c.value is not None:
                self.value(c.value, scope)
            if c.query is Query.NULL_TESTED and not (
                isinstance(c.value, RName) and c.value.name == scope.pointer
            ):
                raise self.err(
                    scope,
                    c.line,
                    c.col,
                    "null_tested(p) asks about the pointer "
                    "of an `on deref(p)` handler, by its name",
                )
            if c.query in (Query.ANNOTATED, Query.IN_SECTION, Query.MATCHES) and not self.v2:
                raise self.err(scope, c.line, c.col, f"{c.query.value}(...) needs version 2")
            if c.query in VALUE_QUERIES and c.value is None:
                raise self.err(scope, c.line, c.col, f"{c.query.value}(...) takes a value")

    def compare(self, c: RCompare, scope: _Scope) -> None:
        sides = (c.left, c.right)
        strings = [x for x in sides if isinstance(x, RString)]
        lookups = [x for x in sides if isinstance(x, RIndex)]
        if not strings:
            for x in sides:
                self.value(x, scope)
            return
        if c.op not in ("==", "!=") or len(strings) != 1 or len(lookups) != 1:
            raise self.err(
                scope,
                c.line,
                c.col,
                'a state string is compared with == or != to a map lookup, as in M[k] == "open"',
            )
        lookup, text = lookups[0], strings[0]
        v = self.lookup(lookup, scope)
        states = v.states if v.states else tuple(sorted(self.assigned.get(v.name, ())))
        if self.v2 and not v.states:
            raise self.err(
                scope,
                text.line,
                text.col,
                f"`{v.name}` maps to values, not "
                f'states; declare them: map {v.name} of "{text.value}", ...;',
            )
        if text.value not in states:
            raise self.err(
                scope,
                text.line,
                text.col,
                f'"{text.value}" is not a state '
                f"`{v.name}` can hold"
                + (f" ({', '.join(states)})" if states else "")
                + suggest(text.value, states),
            )

    def lookup(self, e: RIndex, scope: _Scope) -> StateVar:
        if (
            not isinstance(e.base, RName)
            or e.base.name not in self.vars
            or self.vars[e.base.name].kind is not VarKind.MAP
        ):
            raise self.err(scope, e.line, e.col, "only a map can be indexed")
        self.value(e.index, scope)
        return self.vars[e.base.name]

    def value(self, e: RExpr, scope: _Scope) -> None:
        if isinstance(e, RName):
            self.name(e, scope)
        elif isinstance(e, RInt):
            pass
        elif isinstance(e, RString):
            raise self.err(scope, e.line, e.col, "a string is a map state; it is not a value here")
        elif isinstance(e, RDeref):
            self.value(e.operand, scope)
        elif isinstance(e, RField):
            if isinstance(e.base, RName) and e.base.name in ROOTS:
                return
            self.value(e.base, scope)
        elif isinstance(e, RIndex):
            v = self.lookup(e, scope)
            if v.states or not self.v2:
                raise self.err(
                    scope,
                    e.line,
                    e.col,
                    f"`{v.name}` holds states: compare {v.name}[k] with one of them",
                )
        elif isinstance(e, RBinary):
            self.value(e.left, scope)
            self.value(e.right, scope)
        elif isinstance(e, RAnnotation):
            if not self.v2:
                raise self.err(scope, e.line, e.col, "annotation(...) needs version 2")
        elif isinstance(e, RFresh):
            raise self.err(
                scope,
                e.line,
                e.col,
                f"{e.kind.value}(...) makes a value for a DDI model; a rule cannot",
            )

    def name(self, e: RName, scope: _Scope) -> None:
        n = e.name
        if (
            n in scope.items
            or n in scope.params
            or n in ROOTS
            or n in ENV_VALUES
            or n in LEVEL_NAMES
        ):
            return
        if n == "result":
            if not scope.result:
                raise self.err(
                    scope,
                    e.line,
                    e.col,
                    "`result` is only known in `on return` and `on exit entry` handlers",
                )
            return
        if n in scope.partial:
            raise self.err(
                scope,
                e.line,
                e.col,
                f"`{n}` is not named by every call of this "
                "handler; give it the same name in each, or split the handler",
            )
        v = self.vars.get(n)
        if v is not None:
            if v.kind is not VarKind.INT:
                raise self.err(
                    scope,
                    e.line,
                    e.col,
                    f"`{n}` is a {v.kind.value}; test membership with `x in {n}`",
                )
            return
        if n in self.vocab.constants:
            return
        known = [
            *scope.params,
            *scope.items,
            *self.vars,
            *ROOTS,
            *ENV_VALUES,
            *self.vocab.constants,
        ]
        raise self.err(scope, e.line, e.col, f"unknown name `{n}`" + suggest(n, known))


def _statements(body: Iterable[RStmt]) -> Iterator[RStmt]:
    for s in body:
        yield s
        if isinstance(s, RIf):
            yield from _statements(s.then)
            yield from _statements(s.orelse)
        elif isinstance(s, RFor):
            yield from _statements(s.body)


def build_rule(name: str, body: RuleBody, file: str, line: int, vocab: Vocabulary) -> Rule:
    """The rule `body` describes, once every name in it resolves."""
    meta = body.meta

    def fail(msg: str) -> RuleFileError:
        return RuleFileError(file, line, msg)

    for key in ("version", "sets", "applies", "summary"):
        if key not in meta:
            raise fail(f"rule {name} has no `{key}`")
    try:
        version = int(meta["version"])
    except ValueError:
        raise fail(f"version must be a number, not {meta['version']!r}") from None
    if version not in SCHEMA_VERSIONS:
        raise fail(
            f"rule language version {version} is not supported (this ddiverify reads "
            f"versions {', '.join(map(str, SCHEMA_VERSIONS))})"
        )
    if meta["applies"] not in _KINDS:
        raise fail(f"applies must be one of {', '.join(_KINDS)}")
    if version < 2 and (body.applicable_roles or body.always or body.applicable_functions):
        raise fail("`applicable role`, `annotated`, `in_section` and `always` need version 2")
    extra = [d.strip() for d in meta.get("ddis", "").split(",") if d.strip()]
    vocab = vocab.with_ddis(extra)
    applicable = tuple(dict.fromkeys(body.applicable))
    rule = Rule(
        name,
        file,
        line,
        version,
        tuple(s.strip() for s in meta["sets"].split(",") if s.strip()),
        meta["applies"],
        meta["summary"],
        meta.get("description", ""),
        meta.get("why", ""),
        meta.get("example", ""),
        meta.get("fix", ""),
        meta.get("semantics", ""),
        applicable,
        tuple(body.state),
        tuple(dict.fromkeys(body.watches)),
        tuple(body.handlers),
        tuple(dict.fromkeys(body.applicable_roles)),
        body.always,
        tuple(dict.fromkeys(body.applicable_functions)),
    )
    _Checker(rule, body, vocab, file).check()
    return rule


def check_models(models: Iterable[Model], vocab: Vocabulary) -> None:
    """A model's conditions and values name its parameters, the harness's objects, the
    environment and WDK constants; it writes only the environment state models own."""
    for m in models:
        params = frozenset(p for p in m.params if p is not None)
        for o in m.outcomes:
            scope = _Scope(m.file, "", params)
            for name, _ in o.env_writes:
                if name not in MODEL_ENV_WRITES:
                    raise RuleFileError(
                        m.file,
                        o.line,
                        f"a model can set "
                        f"{', '.join(sorted(MODEL_ENV_WRITES))}, not `{name}`"
                        + suggest(name, MODEL_ENV_WRITES),
                    )
            values = (
                [e for _, e in o.env_writes]
                + [e for _, e in o.writes]
                + [e for _, _, e in o.field_writes]
                + ([o.result] if o.result else [])
            )
            for e in values:
                _model_value(e, scope, vocab)
            if o.when is not None:
                for e in _cond_values(o.when):
                    _model_value(e, scope, vocab)


def _cond_values(c: RCond) -> Iterator[RExpr]:
    if isinstance(c, (RAnd, ROr)):
        for x in c.operands:
            yield from _cond_values(x)
    elif isinstance(c, (RNot, RCertain)):
        yield from _cond_values(c.operand)
    elif isinstance(c, RCompare):
        yield c.left
        yield c.right
    elif isinstance(c, (REscaped, RTruthy, REnvQuery)) and c.value is not None:
        yield c.value


def _model_value(e: RExpr, scope: _Scope, vocab: Vocabulary) -> None:
    if isinstance(e, RName):
        n = e.name
        if (
            n in scope.params
            or n in ROOTS
            or n in ENV_VALUES
            or n in LEVEL_NAMES
            or n in vocab.constants
        ):
            return
        raise RuleFileError(
            scope.file,
            e.line,
            f"unknown name `{n}`"
            + suggest(n, [*scope.params, *ROOTS, *ENV_VALUES, *vocab.constants]),
            e.col,
        )
    if isinstance(e, (RDeref,)):
        _model_value(e.operand, scope, vocab)
    elif isinstance(e, RField):
        if not (isinstance(e.base, RName) and e.base.name in ROOTS):
            _model_value(e.base, scope, vocab)
    elif isinstance(e, RBinary):
        _model_value(e.left, scope, vocab)
        _model_value(e.right, scope, vocab)
    elif isinstance(e, (RIndex, RString)):
        raise RuleFileError(
            scope.file,
            e.line,
            "a model's values are numbers, names and new values, not map states",
            e.col,
        )


def rules_of(tree: Any, library: Library, file: str, vocabulary: Vocabulary) -> list[Rule]:
    """The rules of a parsed file, every name resolved against `vocabulary` (plus the
    file's own DDI lists)."""
    vocab = vocabulary.with_ddis(n for names in library.lists.values() for n in names)
    return [
        build_rule(name, body, file, line, vocab)
        for name, body, line in rule_bodies(tree, library, file)
    ]


def parse_file(
    text: str, file: str, loader: Loader | None = None, vocabulary: Vocabulary | None = None
) -> tuple[list[Rule], list[Model]]:
    """The rules and models of one file, validated against `vocabulary` (default: the
    shipped DDIs, WDK constants and roles), plus the file's own models."""
    tree, library = parse_source(text, file, loader)
    models = models_of(tree, library, file)
    vocab = (vocabulary if vocabulary is not None else default_vocabulary()).with_ddis(
        n for m in models for n in m.names
    )
    check_models(models, vocab)
    return rules_of(tree, library, file, vocab), models
