"""Parsing and validation of rule and DDI-model files (grammar.lark).

Invariant: any problem in a rule file is a `RuleFileError` carrying file:line and a
one-line reason; nothing else escapes. Validation checks what the engine relies on:
known metadata, declared state variables, call parameters in scope, known roles.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import lark
from lark import Token, Tree

from ddiverify.harness.roles import all_roles
from ddiverify.rules.ast import (
    CallPattern,
    Handler,
    Model,
    Outcome,
    RAbort,
    RAnd,
    RCompare,
    RCond,
    RDeref,
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
)

SCHEMA_VERSION = 1
_KINDS = ("any", "physical", "virtual")
BUILTIN_NAMES = frozenset({"result", "config", "devext", "entry", "NULL", "TRUE", "FALSE"})


class RuleFileError(Exception):
    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.reason = file, line, message


@functools.cache
def _parser() -> lark.Lark:
    grammar = resources.files("ddiverify.rules").joinpath("grammar.lark").read_text("utf-8")
    return lark.Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=True)


def _line(x: Any) -> int:
    if isinstance(x, Token):
        return x.line or 0
    meta = getattr(x, "meta", None)
    return getattr(meta, "line", 0) if meta is not None and not meta.empty else 0


def _unquote(s: str) -> str:
    body = s[1:-1]
    return body.encode("latin-1", "backslashreplace").decode("unicode_escape") \
        if "\\" in body else body


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file

    def err(self, line: int, msg: str) -> RuleFileError:
        return RuleFileError(self.file, line, msg)

    # -- expressions -----------------------------------------------------------------

    def expr(self, t: Any) -> RExpr:
        if isinstance(t, Token):
            raise self.err(_line(t), f"unexpected {t!s}")
        line = _line(t)
        d = t.data
        c = t.children
        if d == "name":
            return RName(str(c[0]), line)
        if d == "int":
            return RInt(int(str(c[0]), 0), line)
        if d == "neg_int":
            return RInt(-int(str(c[0]), 0), line)
        if d == "string":
            return RString(_unquote(str(c[0])), line)
        if d == "deref":
            return RDeref(self.expr(c[0]), line)
        if d == "field":
            return RField(self.expr(c[0]), str(c[1]), line)
        if d == "index":
            return RIndex(self.expr(c[0]), self.expr(c[1]), line)
        if d in ("fresh", "fresh_null"):
            return RFresh("fresh" if d == "fresh" else "null", _unquote(str(c[0])), line)
        if d == "error_value":
            return RFresh("error", "error status", line)
        if d == "any_value":
            return RFresh("any", "any value", line)
        raise self.err(line, f"not an expression: {d}")

    def cond(self, t: Any) -> RCond:
        line = _line(t)
        d = t.data
        c = t.children
        if d in ("or_", "and_"):
            parts = tuple(self.cond(x) for x in c)
            if len(parts) == 1:
                return parts[0]
            return ROr(parts, line) if d == "or_" else RAnd(parts, line)
        if d == "not_":
            return RNot(self.cond(c[0]), line)
        if d == "compare":
            return RCompare(str(c[1]), self.expr(c[0]), self.expr(c[2]), line)
        if d == "member":
            return RMember(self.expr(c[0]), str(c[1]), line)
        if d == "escaped":
            return REscaped(self.expr(c[0]), line)
        if d == "truthy":
            return RTruthy(self.expr(c[0]), line)
        return RTruthy(self.expr(t), line)

    # -- statements ------------------------------------------------------------------

    def block(self, t: Any) -> tuple[RStmt, ...]:
        return tuple(self.stmt(s) for s in t.children)

    def stmt(self, t: Any) -> RStmt:
        line = _line(t)
        d = t.data
        c = t.children
        if d == "if_stmt":
            orelse: tuple[RStmt, ...] = ()
            if len(c) > 2 and c[2] is not None:
                orelse = self.block(c[2]) if c[2].data == "block" else (self.stmt(c[2]),)
            return RIf(self.cond(c[0]), self.block(c[1]), orelse, line)
        if d == "abort":
            return RAbort(_unquote(str(c[0])), line)
        if d == "halt":
            return RHalt(line)
        if d == "add":
            return RUpdate("+=", str(c[0]), self.expr(c[1]), None, line)
        if d == "remove":
            return RUpdate("-=", str(c[0]), self.expr(c[1]), None, line)
        if d == "assign":
            return RUpdate("=", str(c[0]), self.expr(c[1]), None, line)
        if d == "map_set":
            return RUpdate("[]=", str(c[0]), self.expr(c[2]), self.expr(c[1]), line)
        if d == "for_each":
            return RFor(str(c[0]), str(c[1]), self.block(c[2]), line)
        raise self.err(line, f"not a statement: {d}")

    # -- top level -------------------------------------------------------------------

    def params(self, items: list[Any]) -> tuple[str | None, ...]:
        out: list[str | None] = []
        for p in items:
            if p is None:
                continue
            if isinstance(p, Tree) and p.data in ("skip_param", "rest_param"):
                out.append(None)
            elif isinstance(p, Tree):
                out.append(str(p.children[0]))
            else:
                out.append(str(p))
        return tuple(out)

    def handler(self, t: Any) -> Handler:
        event, body = t.children
        kind = {"on_call": "call", "on_return": "return", "on_exit": "exit"}[event.data]
        calls: list[CallPattern] = []
        roles: tuple[str, ...] = ()
        if kind == "exit":
            if event.children and event.children[0] is not None:
                roles = tuple(str(r) for r in event.children[0].children)
        else:
            for pat in event.children[0].children:
                calls.append(CallPattern(str(pat.children[0]), self.params(pat.children[1:])))
        return Handler(kind, tuple(calls), roles, self.block(body), _line(t))

    def rule(self, t: Any) -> Rule:
        name = str(t.children[0])
        meta: dict[str, str] = {}
        state: list[StateVar] = []
        watches: list[tuple[str, ...]] = []
        handlers: list[Handler] = []
        for part in t.children[1:]:
            if part.data == "meta":
                key = str(part.children[0])
                vals = [str(x) for x in part.children[1].children]
                text = " ".join(_unquote(v) if v.startswith('"') else v for v in vals) \
                    if key not in ("sets", "applicable") else ",".join(vals)
                meta[key] = text
            elif part.data == "state":
                for v in part.children:
                    init = self.expr(v.children[2]) if v.children[2] is not None else None
                    state.append(StateVar(str(v.children[0]), str(v.children[1]), init, _line(v)))
            elif part.data == "watch":
                watches.append(tuple(str(x) for x in part.children[0].children))
            elif part.data == "handler":
                handlers.append(self.handler(part))
        line = _line(t)
        for key in ("version", "sets", "applies", "summary"):
            if key not in meta:
                raise self.err(line, f"rule {name} has no `{key}`")
        try:
            version = int(meta["version"])
        except ValueError:
            raise self.err(line, f"version must be a number, not {meta['version']!r}") from None
        if version != SCHEMA_VERSION:
            raise self.err(line, f"rule language version {version} is not supported "
                                 f"(this ddiverify reads version {SCHEMA_VERSION})")
        if meta["applies"] not in _KINDS:
            raise self.err(line, f"applies must be one of {', '.join(_KINDS)}")
        rule = Rule(name, self.file, line, version,
                    tuple(s.strip() for s in meta["sets"].split(",") if s.strip()),
                    meta["applies"], meta["summary"], meta.get("description", ""),
                    meta.get("why", ""), meta.get("example", ""), meta.get("fix", ""),
                    meta.get("semantics", ""),
                    tuple(x.strip() for x in meta.get("applicable", "").split(",") if x.strip()),
                    tuple(state), tuple(watches), tuple(handlers))
        _Validator(self, rule).check()
        return rule

    def model(self, t: Any) -> Model:
        names = tuple(str(n) for n in t.children[0].children)
        outcomes: list[Outcome] = []
        param_nodes = [c for c in t.children[1:] if not (isinstance(c, Tree) and c.data == "outcome")]
        params = self.params(param_nodes)
        for o in t.children[1:]:
            if not (isinstance(o, Tree) and o.data == "outcome"):
                continue
            label, when = "", None
            result = None
            writes: list[tuple[str, RExpr]] = []
            field_writes: list[tuple[str, str, RExpr]] = []
            register = False
            for c in o.children:
                if c is None:
                    continue
                if isinstance(c, Token) and c.type == "STRING":
                    label = _unquote(str(c))
                elif c.data == "when":
                    when = self.cond(c.children[0])
                elif c.data == "set_result":
                    result = self.expr(c.children[0])
                elif c.data == "write_out":
                    target = str(c.children[0])
                    if target not in params:
                        raise self.err(_line(c), f"`*{target}`: {target} is not a parameter")
                    writes.append((target, self.expr(c.children[1])))
                elif c.data == "write_field":
                    target = str(c.children[0])
                    if target not in params:
                        raise self.err(_line(c), f"`{target}.field`: {target} is not a parameter")
                    field_writes.append((target, str(c.children[1]), self.expr(c.children[2])))
                elif c.data == "register":
                    register = True
            outcomes.append(Outcome(label, when, result, tuple(writes), tuple(field_writes),
                                    register, _line(o)))
        return Model(names, params, tuple(outcomes), self.file, _line(t))


class _Validator:
    """Checks names in a parsed rule, so mistakes are reported with their line."""

    def __init__(self, b: _Builder, rule: Rule) -> None:
        self.b, self.rule = b, rule
        self.vars = {v.name: v.kind for v in rule.state}

    def check(self) -> None:
        roles = all_roles()
        for h in self.rule.handlers:
            for r in h.roles:
                if r not in roles:
                    raise self.b.err(h.line, f"unknown role {r}")
            scope = set(BUILTIN_NAMES)
            for pat in h.calls:
                scope.update(p for p in pat.params if p is not None)
            self.stmts(h.body, scope)

    def stmts(self, body: tuple[RStmt, ...], scope: set[str]) -> None:
        for s in body:
            if isinstance(s, RIf):
                self.cond(s.cond, scope)
                self.stmts(s.then, scope)
                self.stmts(s.orelse, scope)
            elif isinstance(s, RUpdate):
                if s.var not in self.vars:
                    raise self.b.err(s.line, f"`{s.var}` is not a state variable of "
                                             f"{self.rule.name}")
                self.expr(s.value, scope)
                if s.key is not None:
                    self.expr(s.key, scope)
            elif isinstance(s, RFor):
                if s.var not in self.vars:
                    raise self.b.err(s.line, f"`{s.var}` is not a state variable")
                self.stmts(s.body, scope | {s.item})

    def cond(self, c: RCond, scope: set[str]) -> None:
        if isinstance(c, (RAnd, ROr)):
            for x in c.operands:
                self.cond(x, scope)
        elif isinstance(c, RNot):
            self.cond(c.operand, scope)
        elif isinstance(c, RCompare):
            self.expr(c.left, scope)
            self.expr(c.right, scope)
        elif isinstance(c, RMember):
            self.expr(c.item, scope)
            if c.var not in self.vars:
                raise self.b.err(c.line, f"`{c.var}` is not a state variable")
        elif isinstance(c, (REscaped, RTruthy)):
            self.expr(c.value, scope)

    def expr(self, e: RExpr, scope: set[str]) -> None:
        if isinstance(e, RName):
            return   # parameters, state variables, builtins or WDK constants (checked at use)
        if isinstance(e, (RDeref,)):
            self.expr(e.operand, scope)
        elif isinstance(e, RField):
            self.expr(e.base, scope)
        elif isinstance(e, RIndex):
            self.expr(e.base, scope)
            self.expr(e.index, scope)


def parse_file(text: str, file: str) -> tuple[list[Rule], list[Model]]:
    try:
        tree = _parser().parse(text)
    except lark.UnexpectedInput as e:
        raise RuleFileError(file, e.line if e.line and e.line > 0 else 1,
                            f"syntax error: {str(e).splitlines()[0]}") from None
    except lark.LarkError as e:
        raise RuleFileError(file, 1, f"syntax error: {e}") from None
    b = _Builder(file)
    rules: list[Rule] = []
    models: list[Model] = []
    for item in tree.children:
        if not isinstance(item, Tree):
            continue
        if item.data == "rule":
            rules.append(b.rule(item))
        elif item.data == "model":
            models.append(b.model(item))
    return rules, models
