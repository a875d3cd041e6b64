"""Parsing rule, template, list and DDI-model files (grammar.lark) into the typed AST.

A file is parsed with lark, its `include`s are read (through the caller's loader, so
shipped and user files resolve alike), templates are instantiated where a rule `use`s
them and `@list`s are expanded; then `rules.validate` resolves every name. Invariant:
any problem in a rule file is a `RuleFileError` carrying file:line:column and a one-line
reason (with a close match where one exists); nothing else escapes.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import lark
from lark import Token, Tree

from ddiverify.knowledge.tables import TableError, knowledge_table
from ddiverify.rules.ast import (
    CallPattern,
    EventKind,
    FreshKind,
    Handler,
    Model,
    Outcome,
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

SCHEMA_VERSIONS = (1, 2)
SCHEMA_VERSION = 2  # what the shipped rules are written in
_KINDS = ("any", "physical", "virtual")
TEMPLATE_KINDS = ("calls", "text", "bool", "int")
_FRESH = {
    "fresh": FreshKind.FRESH,
    "fresh_null": FreshKind.NULL,
    "error": FreshKind.ERROR,
    "any": FreshKind.ANY,
}
_QUERIES = {q.value: q for q in Query}
_ROLE_QUERIES = (Query.CALLBACK, Query.RUNNING)


class RuleFileError(Exception):
    """A mistake in a rule file, at file:line:column."""

    def __init__(self, file: str, line: int, message: str, col: int = 0) -> None:
        where = f"{file}:{line}:{col}" if col else f"{file}:{line}"
        super().__init__(f"{where}: {message}")
        self.file, self.line, self.col, self.reason = file, line, col, message


# An include's text: (the path written, the including file's name) -> (text, its name).
Loader = Callable[[str, str], tuple[str, str]]


def suggest(name: str, candidates: Iterable[str]) -> str:
    """`; did you mean X?` for the closest candidate, or nothing."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


@functools.cache
def _parser() -> lark.Lark:
    grammar = resources.files("ddiverify.rules").joinpath("grammar.lark").read_text("utf-8")
    return lark.Lark(
        grammar,
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=True,
        start=["start", "expr"],
    )


def _pos(x: Any) -> tuple[int, int]:
    if isinstance(x, Token):
        return (x.line or 0, x.column or 0)
    meta = getattr(x, "meta", None)
    if meta is None or meta.empty:
        return (0, 0)
    return (getattr(meta, "line", 0), getattr(meta, "column", 0))


def _unquote(s: str) -> str:
    body = s[1:-1]
    return (
        body.encode("latin-1", "backslashreplace").decode("unicode_escape")
        if "\\" in body
        else body
    )


# -- what a file brings into scope ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateArg:
    kind: str  # one of TEMPLATE_KINDS
    value: tuple[CallPattern, ...] | str | bool | int


@dataclass(slots=True)
class Template:
    name: str
    params: dict[str, tuple[str, int, int]]  # name -> (kind, line, col)
    parts: list[Any]  # lark trees, built per use
    file: str
    line: int


@dataclass(slots=True)
class Library:
    """The templates and DDI lists a file can use (its own and its includes')."""

    templates: dict[str, Template] = field(default_factory=dict)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedFile:
    rules: list[Rule]
    models: list[Model]
    library: Library


@dataclass(slots=True)
class RuleBody:
    """What a rule's parts (its own and its templates') add up to, before validation."""

    meta: dict[str, str] = field(default_factory=dict)
    applicable: list[str] = field(default_factory=list)
    applicable_roles: list[str] = field(default_factory=list)
    applicable_functions: list[tuple[str, str]] = field(default_factory=list)
    always: bool = False
    state: list[StateVar] = field(default_factory=list)
    watches: list[tuple[str, ...]] = field(default_factory=list)
    handlers: list[Handler] = field(default_factory=list)
    origins: list[tuple[str, str]] = field(default_factory=list)  # per handler: file, note


class _Builder:
    """Builds the AST of one file; `subst` holds a template's arguments while its body
    is being built for a rule that uses it."""

    def __init__(self, file: str, library: Library) -> None:
        self.file = file
        self.library = library
        self.subst: dict[str, TemplateArg] = {}
        self.tparams: dict[str, tuple[str, int, int]] = {}  # the template being built
        self.note = ""  # "(in template T used at ...)"

    def err(self, at: Any, msg: str) -> RuleFileError:
        line, col = at if isinstance(at, tuple) else _pos(at)
        return RuleFileError(self.file, line, msg + self.note, col)

    # -- template parameters -------------------------------------------------------------

    def _arg(self, tok: Token, want: tuple[str, ...]) -> TemplateArg:
        name = str(tok)[1:]
        arg = self.subst.get(name)
        if arg is None:
            if name in self.tparams:
                raise self.err(
                    tok,
                    f"`${name}` is a parameter of the template; it has no value outside a `use`",
                )
            raise self.err(
                tok, f"`${name}` is not a parameter of this template" + suggest(name, self.subst)
            )
        if arg.kind not in want:
            raise self.err(
                tok,
                f"`${name}` is a {arg.kind} parameter, not usable here "
                f"(a {' or '.join(want)} parameter is)",
            )
        return arg

    def _text(self, s: str, at: Any) -> str:
        """A string with `$param` replaced by its value inside a template (`$$` is `$`)."""
        if "$" not in s or (not self.subst and not self.tparams):
            return s

        def repl(m: re.Match[str]) -> str:
            if m.group(0) == "$$":
                return "$"
            arg = self.subst.get(m.group(1))
            if arg is None or arg.kind == "calls":
                raise self.err(
                    at,
                    f"`${m.group(1)}` in a string is not a text, bool or int "
                    "parameter of this template",
                )
            return str(arg.value).lower() if isinstance(arg.value, bool) else str(arg.value)

        return re.sub(r"\$\$|\$([A-Za-z_][A-Za-z0-9_]*)", repl, s)

    def string(self, tok: Any) -> str:
        return self._text(_unquote(str(tok)), tok)

    # -- expressions ---------------------------------------------------------------------

    def expr(self, t: Any) -> RExpr:
        """A value."""
        if isinstance(t, Token):
            raise self.err(t, f"unexpected {t!s}")
        line, col = _pos(t)
        d, c = t.data, t.children
        if d == "name":
            return RName(str(c[0]), line, col)
        if d == "int":
            return RInt(int(str(c[0]), 0), line, col)
        if d == "string":
            return RString(self.string(c[0]), line, col)
        if d == "tparam_ref":
            arg = self._arg(c[0], ("bool", "int", "text"))
            if isinstance(arg.value, str):
                return RString(arg.value, line, col)
            return RInt(int(arg.value), line, col)  # type: ignore[arg-type]
        if d == "deref":
            return RDeref(self.expr(c[0]), line, col)
        if d == "neg":
            inner = self.expr(c[0])
            return (
                RInt(-inner.value, line, col)
                if isinstance(inner, RInt)
                else RBinary("-", RInt(0, line, col), inner, line, col)
            )
        if d == "field":
            return RField(self.expr(c[0]), str(c[1]), line, col)
        if d == "index":
            return RIndex(self.expr(c[0]), self.expr(c[1]), line, col)
        if d == "binary":
            return RBinary(str(c[1]), self.expr(c[0]), self.expr(c[2]), line, col)
        if d in ("bin_or", "bin_xor", "bin_and"):
            op = {"bin_or": "|", "bin_xor": "^", "bin_and": "&"}[d]
            return RBinary(op, self.expr(c[0]), self.expr(c[1]), line, col)
        if d == "fcall":
            name = str(c[0])
            args = [a for a in c[1:] if a is not None]
            if name in _FRESH:
                kind = _FRESH[name]
                if kind in (FreshKind.FRESH, FreshKind.NULL):
                    if len(args) != 1 or not (
                        isinstance(args[0], Tree) and args[0].data == "string"
                    ):
                        raise self.err(
                            t,
                            f'{name}("what") takes one string: what the new value is, for messages',
                        )
                    return RFresh(kind, self.string(args[0].children[0]), line, col)
                if args:
                    raise self.err(t, f"{name}() takes no arguments")
                return RFresh(
                    kind, "error status" if kind is FreshKind.ERROR else "any value", line, col
                )
            if name in ("max", "min"):
                if len(args) != 2:
                    raise self.err(t, f"{name}(a, b) takes two values")
                return RBinary(name, self.expr(args[0]), self.expr(args[1]), line, col)
            if name == "annotation":
                if len(args) != 1 or not (isinstance(args[0], Tree) and args[0].data == "name"):
                    raise self.err(
                        t,
                        "annotation(NAME) takes the name of a SAL annotation, "
                        "such as _IRQL_requires_max_",
                    )
                return RAnnotation(str(args[0].children[0]), line, col)
            if name in _QUERIES or name in ("escaped", "certain"):
                raise self.err(t, f"{name}(...) is a condition, not a value")
            raise self.err(
                t,
                f"unknown function {name}(...)"
                + suggest(
                    name, [*_FRESH, *_QUERIES, "escaped", "certain", "max", "min", "annotation"]
                ),
            )
        if d in ("or_", "and_", "not_", "compare", "member"):
            raise self.err(t, "a condition is not a value here")
        raise self.err(t, f"not an expression: {d}")

    def cond(self, t: Any) -> RCond:
        """A condition (any value is one: non-zero is true, as in C)."""
        line, col = _pos(t)
        if not isinstance(t, Tree):
            return RTruthy(self.expr(t), line, col)
        d, c = t.data, t.children
        if d in ("or_", "and_"):
            parts = tuple(self.cond(x) for x in _flatten(t, d))
            return ROr(parts, line, col) if d == "or_" else RAnd(parts, line, col)
        if d == "not_":
            return RNot(self.cond(c[0]), line, col)
        if d == "compare":
            return RCompare(str(c[1]), self.expr(c[0]), self.expr(c[2]), line, col)
        if d == "member":
            return RMember(self.expr(c[0]), str(c[1]), line, col)
        if d == "fcall" and str(c[0]) == "escaped":
            args = [a for a in c[1:] if a is not None]
            if len(args) != 1:
                raise self.err(t, "escaped(value) takes one value")
            return REscaped(self.expr(args[0]), line, col)
        if d == "fcall" and str(c[0]) == "certain":
            args = [a for a in c[1:] if a is not None]
            if len(args) != 1:
                raise self.err(t, "certain(condition) takes one condition")
            return RCertain(self.cond(args[0]), line, col)
        if d == "fcall" and str(c[0]) in _QUERIES:
            return self.query(t)
        return RTruthy(self.expr(t), line, col)

    def query(self, t: Any) -> REnvQuery:
        line, col = _pos(t)
        q = _QUERIES[str(t.children[0])]
        args = [a for a in t.children[1:] if a is not None]
        if q is Query.ANNOTATED:
            if len(args) != 1 or not (isinstance(args[0], Tree) and args[0].data == "name"):
                raise self.err(
                    t,
                    "annotated(NAME) takes the name of a SAL annotation, such "
                    "as _IRQL_requires_same_",
                )
            return REnvQuery(q, (), None, line, col, text=str(args[0].children[0]))
        if q is Query.IN_SECTION:
            if len(args) != 1 or not (isinstance(args[0], Tree) and args[0].data == "string"):
                raise self.err(
                    t,
                    'in_section("PREFIX") takes a string: the start of the '
                    'code section\'s name, such as "PAGE"',
                )
            return REnvQuery(q, (), None, line, col, text=self.string(args[0].children[0]))
        if q is Query.MATCHES:
            if len(args) != 2 or not (isinstance(args[1], Tree) and args[1].data == "string"):
                raise self.err(
                    t,
                    'matches(value, "REGEX") takes a value and a string: a '
                    "regular expression its string literal must contain a "
                    "match of",
                )
            pattern = self.string(args[1].children[0])
            try:
                re.compile(pattern)
            except re.error as e:
                raise self.err(args[1], f"matches(...): not a regular expression: {e}") from None
            return REnvQuery(q, (), self.expr(args[0]), line, col, text=pattern)
        if q in _ROLE_QUERIES:
            roles = []
            for a in args:
                if not (isinstance(a, Tree) and a.data == "name"):
                    raise self.err(a, f"{q.value}(...) takes role names, such as HW_STARTIO")
                roles.append(str(a.children[0]))
            if not roles:
                raise self.err(t, f"{q.value}(...) needs at least one role")
            return REnvQuery(q, tuple(roles), None, line, col)
        if len(args) != 1:
            what = (
                "a STOR_SPINLOCK kind"
                if q in (Query.STORPORT_HOLDS, Query.MAY_ACQUIRE)
                else "the value it asks about"
            )
            raise self.err(t, f"{q.value}(...) takes one value: {what}")
        return REnvQuery(q, (), self.expr(args[0]), line, col)

    # -- statements ----------------------------------------------------------------------

    def block(self, t: Any) -> tuple[RStmt, ...]:
        return tuple(self.stmt(s) for s in t.children)

    def stmt(self, t: Any) -> RStmt:
        line, col = _pos(t)
        d, c = t.data, t.children
        if d == "if_stmt":
            orelse: tuple[RStmt, ...] = ()
            if len(c) > 2 and c[2] is not None:
                orelse = self.block(c[2]) if c[2].data == "block" else (self.stmt(c[2]),)
            return RIf(self.cond(c[0]), self.block(c[1]), orelse, line, col)
        if d == "abort":
            return RAbort(self.string(c[0]), line, col)
        if d == "report":
            return RAbort(self.string(c[0]), line, col, goes_on=True)
        if d == "halt":
            return RHalt(line, col)
        if d in ("add", "remove", "assign"):
            op = {"add": "+=", "remove": "-=", "assign": "="}[d]
            return RUpdate(op, str(c[0]), self.expr(c[1]), None, line, col)
        if d == "map_set":
            return RUpdate("[]=", str(c[0]), self.expr(c[2]), self.expr(c[1]), line, col)
        if d == "for_each":
            return RFor(str(c[0]), str(c[1]), self.block(c[2]), line, col)
        raise self.err(t, f"not a statement: {d}")

    # -- call patterns -------------------------------------------------------------------

    def params(self, items: Iterable[Any]) -> tuple[str | None, ...]:
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

    def patterns(self, t: Any) -> list[CallPattern]:
        """The calls a pattern stands for: one DDI, each DDI of a `@list`, or a template's
        `calls` argument."""
        line, col = _pos(t)
        d, c = t.data, t.children
        if d == "pat_call":
            return [CallPattern(str(c[0]), self.params(c[1:]), line, col)]
        if d == "pat_list":
            names = self.list_named(c[0])
            params = self.params(c[1:])
            return [CallPattern(n, params, line, col) for n in names]
        arg = self._arg(c[0], ("calls",))
        assert isinstance(arg.value, tuple)
        return list(arg.value)

    def list_named(self, tok: Token) -> tuple[str, ...]:
        name = str(tok)[1:]
        found = self.library.lists.get(name)
        if found is None:
            raise self.err(tok, f"unknown DDI list @{name}" + suggest(name, self.library.lists))
        return found

    # -- handlers ------------------------------------------------------------------------

    def handler(self, t: Any) -> Handler | None:
        """A handler, or None when its patterns came out empty (a template argument `[]`)."""
        event, body = t.children
        kind = {
            "on_call": EventKind.CALL,
            "on_return": EventKind.RETURN,
            "on_exit": EventKind.EXIT,
            "on_entry": EventKind.ENTRY,
            "on_deref": EventKind.DEREF,
            "on_call_function": EventKind.FUNCTION_CALL,
            "on_exit_function": EventKind.FUNCTION_EXIT,
        }[event.data]
        calls: list[CallPattern] = []
        roles: tuple[str, ...] = ()
        role_params: list[tuple[str | None, ...]] = []
        if kind in (EventKind.FUNCTION_CALL, EventKind.FUNCTION_EXIT):
            pass
        elif kind is EventKind.DEREF:
            role_params.append(self.params(event.children))
            if role_params[0] == (None,):
                raise self.err(event, "on deref(p) names the pointer: `_` binds nothing")
        elif kind in (EventKind.EXIT, EventKind.ENTRY):
            if event.children and event.children[0] is not None:
                items = event.children[0].children
                roles = tuple(str(r.children[0]) for r in items)
                given = [self.params(r.children[1:]) for r in items]
                if any(g for g in given):
                    if not all(g for g in given) and len(given) > 1:
                        raise self.err(
                            event, "give every role of the handler its parameters, or none"
                        )
                    role_params = given
        else:
            for pat in event.children[0].children:
                calls.extend(self.patterns(pat))
            if not calls:
                return None
        line, _ = _pos(t)
        return Handler(
            kind, tuple(calls), roles, self.block(body), line, role_params=tuple(role_params)
        )

    # -- rules and templates -------------------------------------------------------------

    def rule_parts(self, parts: Iterable[Any], body: RuleBody, using: tuple[str, ...]) -> None:
        for part in parts:
            d = part.data
            if d == "meta":
                self.meta(part, body)
            elif d == "applicable":
                self.applicable(part, body)
            elif d == "state":
                for v in part.children:
                    body.state.append(self.var_decl(v))
            elif d == "watch":
                body.watches.append(tuple(str(x) for x in part.children[0].children))
            elif d == "handler":
                h = self.handler(part)
                if h is not None:
                    body.handlers.append(h)
                    body.origins.append((self.file, self.note))
            elif d == "use":
                self.use(part, body, using)

    def meta(self, part: Any, body: RuleBody) -> None:
        key = str(part.children[0])
        if self.subst or self.tparams:
            raise self.err(part, f"`{key}` belongs to the rule, not to a template")
        vals = [str(x) for x in part.children[1].children]
        if key in ("sets", "ddis"):
            text = ",".join(vals)
        else:
            text = " ".join(self._text(_unquote(v), part) if v.startswith('"') else v for v in vals)
        if key in body.meta:
            raise self.err(part, f"`{key}` is given twice")
        body.meta[key] = text

    def applicable(self, part: Any, body: RuleBody) -> None:
        for item in part.children:
            d = item.data
            if d == "app_call":
                body.applicable.append(str(item.children[0]))
            elif d == "app_list":
                body.applicable.extend(self.list_named(item.children[0]))
            elif d == "app_param":
                arg = self._arg(item.children[0], ("calls",))
                assert isinstance(arg.value, tuple)
                body.applicable.extend(p.name for p in arg.value)
            elif d == "app_role":
                body.applicable_roles.append(str(item.children[0]))
            elif d == "app_annotated":
                body.applicable_functions.append(("annotated", str(item.children[0])))
            elif d == "app_section":
                body.applicable_functions.append(("section", _unquote(str(item.children[0]))))
            else:
                body.always = True

    def var_decl(self, v: Any) -> StateVar:
        kind = VarKind(str(v.children[0]))
        name = str(v.children[1])
        init = self.expr(v.children[2]) if v.children[2] is not None else None
        states: tuple[str, ...] = ()
        if v.children[3] is not None:
            if kind is not VarKind.MAP:
                raise self.err(v, f"only a map declares states; `{name}` is a {kind.value}")
            states = tuple(self.string(s) for s in v.children[3].children)
            dup = [s for s in states if states.count(s) > 1]
            if dup:
                raise self.err(v, f'state "{dup[0]}" is declared twice')
        if init is not None and kind is not VarKind.INT:
            raise self.err(v, f"only an int has an initial value; `{name}` is a {kind.value}")
        line, _ = _pos(v)
        return StateVar(kind, name, init, line, states)

    def use(self, part: Any, body: RuleBody, using: tuple[str, ...]) -> None:
        name = str(part.children[0])
        tmpl = self.library.templates.get(name)
        if tmpl is None:
            raise self.err(part, f"unknown template {name}" + suggest(name, self.library.templates))
        if name in using:
            raise self.err(part, f"template {name} uses itself: {' -> '.join((*using, name))}")
        args: dict[str, TemplateArg] = {}
        for targ in part.children[1:]:
            if targ is None:
                continue
            pname = str(targ.children[0])
            if pname in args:
                raise self.err(targ, f"`{pname}` is given twice")
            spec = tmpl.params.get(pname)
            if spec is None:
                raise self.err(
                    targ,
                    f"template {name} has no parameter `{pname}`" + suggest(pname, tmpl.params),
                )
            args[pname] = self.targ(targ.children[1], spec[0], pname, name)
        missing = [p for p in tmpl.params if p not in args]
        if missing:
            wanted = ", ".join(f"{p} ({tmpl.params[p][0]})" for p in missing)
            raise self.err(part, f"template {name} needs {wanted}")
        line, col = _pos(part)
        inner = _Builder(tmpl.file, self.library)
        inner.subst, inner.tparams = args, tmpl.params
        inner.note = f" (in template {name}, used at {self.file}:{line}:{col})" + self.note
        inner.rule_parts(tmpl.parts, body, (*using, name))

    def targ(self, v: Any, kind: str, pname: str, tname: str) -> TemplateArg:
        d = v.data
        given = {
            "tv_calls": "calls",
            "tv_call": "calls",
            "tv_text": "text",
            "tv_int": "int",
            "tv_true": "bool",
            "tv_false": "bool",
        }[d]
        if given != kind:
            example = {"calls": "[F(x, _), G(x)]", "text": '"words"', "bool": "true", "int": "1"}[
                kind
            ]
            raise self.err(
                v,
                f"`{pname}` of template {tname} is a {kind} parameter "
                f"(such as {pname} = {example}), not {given}",
            )
        if d in ("tv_calls", "tv_call"):
            pats: list[CallPattern] = []
            for p in v.children:
                if p is not None:
                    pats.extend(self.patterns(p))
            return TemplateArg(kind, tuple(pats))
        if d == "tv_text":
            return TemplateArg(kind, self.string(v.children[0]))
        if d == "tv_int":
            return TemplateArg(kind, int(str(v.children[0]), 0))
        return TemplateArg(kind, d == "tv_true")

    def template(self, t: Any) -> Template:
        name = str(t.children[0])
        params: dict[str, tuple[str, int, int]] = {}
        parts = []
        for c in t.children[1:]:
            if c is None:
                continue
            if c.data == "tparam":
                pname, kind = str(c.children[0]), str(c.children[1])
                if kind not in TEMPLATE_KINDS:
                    raise self.err(
                        c.children[1],
                        f"a template parameter is one of "
                        f"{', '.join(TEMPLATE_KINDS)}, not {kind}" + suggest(kind, TEMPLATE_KINDS),
                    )
                if pname in params:
                    raise self.err(c, f"parameter `{pname}` is declared twice")
                params[pname] = (kind, *_pos(c))
            else:
                if c.data == "meta":
                    raise self.err(c, f"`{c.children[0]}` belongs to the rule, not to a template")
                parts.append(c)
        return Template(name, params, parts, self.file, _pos(t)[0])

    def rule(self, t: Any) -> tuple[str, RuleBody, int]:
        name = str(t.children[0])
        body = RuleBody()
        self.rule_parts(t.children[1:], body, ())
        return name, body, _pos(t)[0]

    # -- models --------------------------------------------------------------------------

    def model(self, t: Any) -> Model:
        names = tuple(str(n) for n in t.children[0].children)
        param_nodes = [
            c for c in t.children[1:] if not (isinstance(c, Tree) and c.data == "outcome")
        ]
        params = self.params(param_nodes)
        outcomes = [
            self.outcome(o, params)
            for o in t.children[1:]
            if isinstance(o, Tree) and o.data == "outcome"
        ]
        return Model(names, params, tuple(outcomes), self.file, _pos(t)[0])

    def outcome(self, o: Any, params: tuple[str | None, ...]) -> Outcome:
        label, when, result = "", None, None
        writes: list[tuple[str, RExpr]] = []
        field_writes: list[tuple[str, str, RExpr]] = []
        env_writes: list[tuple[str, RExpr]] = []
        register = False
        for c in o.children:
            if c is None:
                continue
            if isinstance(c, Token) and c.type == "STRING":
                label = self.string(c)
            elif c.data == "when":
                when = self.cond(c.children[0])
            elif c.data == "set_result":
                result = self.expr(c.children[0])
            elif c.data == "write_out":
                target = str(c.children[0])
                if target not in params:
                    raise self.err(c, f"`*{target}`: {target} is not a parameter")
                writes.append((target, self.expr(c.children[1])))
            elif c.data == "write_field":
                target = str(c.children[0])
                if target not in params:
                    raise self.err(c, f"`{target}.field`: {target} is not a parameter")
                field_writes.append((target, str(c.children[1]), self.expr(c.children[2])))
            elif c.data == "set_env":
                env_writes.append((str(c.children[0]), self.expr(c.children[1])))
            elif c.data == "register":
                register = True
        return Outcome(
            label,
            when,
            result,
            tuple(writes),
            tuple(field_writes),
            register,
            _pos(o)[0],
            tuple(env_writes),
        )


def _flatten(t: Any, op: str) -> list[Any]:
    """The operands of a chain of one boolean operator (`a || b || c`)."""
    out: list[Any] = []
    todo = [t]
    while todo:
        x = todo.pop()
        if isinstance(x, Tree) and x.data == op:
            todo.extend(reversed(x.children))
        else:
            out.append(x)
    return out


# -- files ------------------------------------------------------------------------------


def _tree(text: str, file: str, start: str = "start") -> Any:
    try:
        return _parser().parse(text, start=start)
    except lark.UnexpectedInput as e:
        line = e.line if e.line and e.line > 0 else 1
        col = e.column if isinstance(e.column, int) and e.column > 0 else 0
        expected = getattr(e, "expected", None) or getattr(e, "allowed", None)
        got = ""
        if isinstance(e, lark.UnexpectedToken):
            got = f"unexpected {e.token!s}" if str(e.token) else "unexpected end of file"
        elif isinstance(e, lark.UnexpectedCharacters):
            pos = e.pos_in_stream if isinstance(e.pos_in_stream, int) else -1
            got = (
                f"unexpected character {text[pos]!r}"
                if 0 <= pos < len(text)
                else "unexpected character"
            )
        else:
            got = "unexpected end of file"
        hint = ""
        if expected:
            shown = sorted(_token_name(x) for x in expected)[:6]
            hint = f" (expected {', '.join(shown)})"
        raise RuleFileError(file, line, f"syntax error: {got}{hint}", col) from None
    except lark.LarkError as e:
        raise RuleFileError(file, 1, f"syntax error: {e}") from None


_TOKEN_NAMES = {
    "SEMICOLON": "';'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "EQUAL": "'='",
    "NAME": "a name",
    "STRING": "a string",
    "INT": "a number",
    "LSQB": "'['",
    "RSQB": "']'",
}


def _token_name(t: str) -> str:
    return _TOKEN_NAMES.get(t, t.lower().strip('"'))


def parse_condition(text: str, where: str) -> RCond:
    """A condition written in the rule language outside a rule file (roles.toml)."""
    return _Builder(where, Library()).cond(_tree(text, where, "expr"))


def parse_value(text: str, where: str) -> RExpr:
    """A value written in the rule language outside a rule file (roles.toml)."""
    return _Builder(where, Library()).expr(_tree(text, where, "expr"))


def read_list_file(text: str) -> tuple[str, ...]:
    """The names of a DDI list file: one per line, `#` comments and blank lines skipped."""
    return tuple(n for n in (line.split("#", 1)[0].strip() for line in text.splitlines()) if n)


def parse_source(
    text: str, file: str, loader: Loader | None = None, stack: tuple[str, ...] = ()
) -> tuple[Any, Library]:
    """The parse tree of a file and the library it sees (its includes first, then its
    own templates and lists, in order)."""
    tree = _tree(text, file)
    library = Library(files=[file])
    b = _Builder(file, library)
    for item in tree.children:
        if not isinstance(item, Tree):
            continue
        if item.data == "include":
            _include(item, b, loader, (*stack, file))
        elif item.data == "list_decl":
            name = str(item.children[0])
            if name in library.lists:
                raise b.err(item, f"list @{name} is defined twice")
            names = _list_value(item.children[1], b, loader)
            if item.children[2] is not None:
                left_out = _list_except(item.children[2], b)
                names = tuple(n for n in names if n not in left_out)
            library.lists[name] = names
        elif item.data == "template":
            t = b.template(item)
            if t.name in library.templates:
                raise b.err(item, f"template {t.name} is defined twice")
            library.templates[t.name] = t
    return tree, library


def _include(item: Any, b: _Builder, loader: Loader | None, stack: tuple[str, ...]) -> None:
    path = _unquote(str(item.children[0]))
    if loader is None:
        raise b.err(item, f"cannot include {path!r} here (no place to read it from)")
    try:
        text, name = loader(path, b.file)
    except OSError as e:
        raise b.err(item, f"cannot include {path!r}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise b.err(item, f"cannot include {path!r}: the file is not UTF-8") from None
    if name in stack:
        raise b.err(item, f"include cycle: {' -> '.join((*stack[stack.index(name) :], name))}")
    tree, lib = parse_source(text, name, loader, stack)
    for sub in tree.children:
        if isinstance(sub, Tree) and sub.data in ("rule", "model"):
            raise RuleFileError(
                name,
                _pos(sub)[0],
                f"an included file holds templates and "
                f"lists only; move this {sub.data} to a file of its own",
            )
    for k, v in lib.templates.items():
        b.library.templates.setdefault(k, v)
    for k2, v2 in lib.lists.items():
        b.library.lists.setdefault(k2, v2)
    b.library.files.extend(f for f in lib.files if f not in b.library.files)


def _list_value(v: Any, b: _Builder, loader: Loader | None) -> tuple[str, ...]:
    if v.data == "list_names":
        return tuple(dict.fromkeys(n for ref in v.children for n in _list_ref(ref, b)))
    if v.data == "list_table":
        return _list_table(v, b)
    path = _unquote(str(v.children[0]))
    if loader is None:
        raise b.err(v, f"cannot read the list file {path!r} here")
    try:
        text, _ = loader(path, b.file)
    except OSError as e:
        raise b.err(v, f"cannot read the list file {path!r}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise b.err(v, f"the list file {path!r} is not UTF-8") from None
    names = read_list_file(text)
    bad = next((n for n in names if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n)), None)
    if bad is not None:
        raise b.err(v, f"the list file {path!r} has {bad!r}, which is not a routine name")
    return names


def _list_table(v: Any, b: _Builder) -> tuple[str, ...]:
    """`table "name" where column == value`: the routines of a knowledge table whose
    column holds the value (knowledge.tables)."""
    name, column, value = _unquote(str(v.children[0])), str(v.children[1]), str(v.children[2])
    try:
        table = knowledge_table(name)
    except TableError as e:
        raise b.err(v, f"cannot read the table {name!r}: {e}") from None
    if column not in table.columns or column == "ddi":
        raise b.err(
            v.children[1],
            f"the table {name!r} has no column {column!r} to select "
            f"on (columns: {', '.join(table.columns[1:])})",
        )
    if value not in table.values_of(column):
        shown = ", ".join(sorted(x for x in table.values_of(column) if x)[:8])
        raise b.err(
            v.children[2],
            f"no row of the table {name!r} has {column} == {value}"
            f"{suggest(value, table.values_of(column))} (values: {shown})",
        )
    return table.routines_where(column, value)


def _list_except(v: Any, b: _Builder) -> frozenset[str]:
    """The routines an `except` leaves out of a list: names and other lists."""
    return frozenset(n for ref in v.children for n in _list_ref(ref, b))


def _list_ref(ref: Any, b: _Builder) -> tuple[str, ...]:
    """A list's item: a routine's name, or `@L`, the routines of list L."""
    tok = ref.children[0]
    return b.list_named(tok) if str(tok).startswith("@") else (str(tok),)


def models_of(tree: Any, library: Library, file: str) -> list[Model]:
    """The DDI models of a parsed file."""
    b = _Builder(file, library)
    return [
        b.model(item) for item in tree.children if isinstance(item, Tree) and item.data == "model"
    ]


def rule_bodies(tree: Any, library: Library, file: str) -> Iterator[tuple[str, RuleBody, int]]:
    """The rules of a parsed file as (name, body, line), names not yet resolved
    (`validate.rules_of` resolves them). Lazy, so that the first mistake in file order is
    the one reported, whether the builder or the validation finds it."""
    b = _Builder(file, library)
    for item in tree.children:
        if isinstance(item, Tree) and item.data == "rule":
            yield b.rule(item)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The names a rule may use besides its own: DDIs, WDK constants, harness roles."""

    ddis: frozenset[str]
    constants: Mapping[str, int]
    roles: frozenset[str]

    def with_ddis(self, names: Iterable[str]) -> Vocabulary:
        extra = frozenset(names) - self.ddis
        return self if not extra else Vocabulary(self.ddis | extra, self.constants, self.roles)
