"""Lowering of C/C++ expressions (tree-sitter nodes) into side-effect-free IR `Expr`s.

Invariant: every call, assignment, increment and short-circuit/conditional value is
hoisted into statements emitted into the current block (in evaluation order, left to
right), so the returned `Expr` is pure. Casts are dropped. A node this module does
not model becomes `Unknown` (an unconstrained value), never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.builder import CfgBuilder
from ddiverify.frontend.lower_cpp import (
    POOL_ALLOCATE,
    POOL_FREE,
    ClassInfo,
    class_name_of,
    is_nothrow,
    is_pool_argument,
)
from ddiverify.frontend.parse import parse_expression
from ddiverify.ir.cfg import Assign, Assume, Call, Loc, Unsupported
from ddiverify.ir.expr import (
    AddrOf,
    Binary,
    Const,
    Deref,
    Expr,
    Field,
    Index,
    Name,
    NameKind,
    Str,
    Unary,
    Unknown,
)
from ddiverify.ir.program import Degradation
from ddiverify.knowledge.wdk import Knowledge

_WS = re.compile(r"\s+")
_INT = re.compile(r"^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)", re.ASCII)
_COMPOUND_OPS = {
    "+=": "+",
    "-=": "-",
    "*=": "*",
    "/=": "/",
    "%=": "%",
    "<<=": "<<",
    ">>=": ">>",
    "&=": "&",
    "|=": "|",
    "^=": "^",
}


# The characters of each quoted piece of a (possibly concatenated) string literal.
_STRING_PIECE = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
STR_CONTENT_LIMIT = 1000


def node_text(node: Node, limit: int = 160) -> str:
    raw = node.text.decode("utf-8", "replace") if node.text is not None else ""
    text = _WS.sub(" ", raw).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_int(text: str) -> int | None:
    t = text.replace("'", "")  # C++14 digit separators
    if t[:1] in ("-", "+"):  # tree-sitter-c keeps a literal's sign in the literal: `-10000`
        value = parse_int(t[1:].lstrip())
        return None if value is None else -value if t[0] == "-" else value
    m = _INT.match(t)
    if m is None:
        return None
    rest = t[m.end() :].lower()
    if rest and not re.fullmatch(r"(u|l|ul|lu|ll|ull|llu|i8|i16|i32|i64|ui8|ui16|ui32|ui64)", rest):
        return None
    digits = m.group(1)
    if digits.startswith(("0x", "0X")):
        return int(digits, 16)
    if digits.startswith(("0b", "0B")):
        return int(digits, 0)
    if len(digits) > 1 and digits.startswith("0"):
        return int(digits, 8)
    return int(digits)


_ESCAPES = {
    "n": 10,
    "t": 9,
    "r": 13,
    "0": 0,
    "\\": 92,
    "'": 39,
    '"': 34,
    "a": 7,
    "b": 8,
    "f": 12,
    "v": 11,
}


def char_value(text: str) -> int | None:
    """Value of a (multi-)character literal: 'gaT' is a common pool tag."""
    body = text
    while body and body[0] in "LuU8":
        body = body[1:]
    if len(body) < 2 or body[0] != "'" or body[-1] != "'":
        return None
    body = body[1:-1]
    chars: list[int] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == "x":
                m = re.match(r"[0-9a-fA-F]+", body[i + 2 :])
                if m is None:
                    return None
                chars.append(int(m.group(0), 16) & 0xFF)
                i += 2 + len(m.group(0))
                continue
            chars.append(_ESCAPES.get(nxt, ord(nxt)))
            i += 2
            continue
        chars.append(ord(c) & 0xFF)
        i += 1
    value = 0
    for ch in chars[:4]:
        value = (value << 8) | ch
    return value


@dataclass(slots=True)
class UnitContext:
    """What lowering one translation unit needs to know about the whole program."""

    loc_of_row: list[Loc]
    functions: frozenset[str]
    globals: frozenset[str]
    enums: dict[str, int]
    kb: Knowledge
    sink: DiagnosticSink
    methods: dict[str, str] = field(default_factory=dict)  # C++ method name -> unique Class::name
    macro_nodes: dict[str, Node | None] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    field_types: dict[str, set[str]] = field(default_factory=dict)

    def constructor(self, type_text: str) -> str | None:
        """`C::C` when `type_text` is a class (not a pointer) the driver constructs."""
        name = class_name_of(type_text)
        special = f"{name}::{name}"
        return special if name in self.classes and special in self.functions else None

    def destructor(self, type_text: str) -> str | None:
        name = class_name_of(type_text)
        special = f"{name}::~{name}"
        return special if name in self.classes and special in self.functions else None

    def is_static_method(self, unique: str) -> bool:
        owner, _, short = unique.rpartition("::")
        info = self.classes.get(owner.rsplit("::", 1)[-1])
        return info is not None and short in info.static_methods

    def loc(self, node: Node) -> Loc:
        row = node.start_point[0]
        if 0 <= row < len(self.loc_of_row):
            return self.loc_of_row[row]
        return self.loc_of_row[-1] if self.loc_of_row else Loc("<unknown>", 1)

    def macro(self, name: str) -> Node | None:
        if name not in self.macro_nodes:
            tpl = self.kb.macros[name]
            self.macro_nodes[name] = parse_expression(tpl.body)
        return self.macro_nodes[name]


# The WDK's scalar types; `P` before one of them, or before any capitalised name
# (PSTOR_LOCK_HANDLE), is a pointer type.
_SCALAR_TYPES = frozenset(
    {
        "VOID",
        "CHAR",
        "UCHAR",
        "SHORT",
        "USHORT",
        "LONG",
        "ULONG",
        "LONG64",
        "ULONG64",
        "LONGLONG",
        "ULONGLONG",
        "LONG_PTR",
        "ULONG_PTR",
        "SIZE_T",
        "SSIZE_T",
        "BOOLEAN",
        "KIRQL",
        "BYTE",
        "WORD",
        "DWORD",
        "DWORD64",
        "DWORD_PTR",
        "INT",
        "UINT",
        "INT8",
        "UINT8",
        "INT16",
        "UINT16",
        "INT32",
        "UINT32",
        "INT64",
        "UINT64",
        "UINT_PTR",
        "NTSTATUS",
        "HANDLE",
        "PHYSICAL_ADDRESS",
        "LARGE_INTEGER",
        "ULARGE_INTEGER",
    }
)
_POINTER_TYPE = re.compile(r"P[A-Z][A-Z0-9_]*")


class ExprLowerer:
    """Expression half of the function lowerer; `FunctionLowerer` adds statements."""

    def __init__(self, ctx: UnitContext) -> None:
        self.ctx = ctx
        self.cfg = CfgBuilder()
        self.scopes: list[dict[str, tuple[str, NameKind]]] = [{}]
        self.local_types: list[tuple[str, str]] = []
        self.degraded: list[Degradation] = []
        self.subst: dict[str, Expr] = {}
        self._temps = 0
        self._names: set[str] = set()
        self.name_types: dict[str, str] = {}
        # C++: the class of the member function being lowered, when it has `this`, and
        # the destructor calls each open scope owes (by scope depth, in declaration order).
        self.owner: ClassInfo | None = None
        self.cleanups: dict[int, list[tuple[Expr, str, str]]] = {}

    # -- names -------------------------------------------------------------------

    def declare(self, name: str, type_text: str, kind: NameKind = NameKind.LOCAL) -> str:
        unique = name
        n = 1
        while unique in self._names:
            n += 1
            unique = f"{name}#{n}"
        self._names.add(unique)
        self.scopes[-1][name] = (unique, kind)
        self.name_types[unique] = type_text
        if kind is NameKind.LOCAL:
            self.local_types.append((unique, type_text))
        return unique

    def temp(self) -> Name:
        self._temps += 1
        name = f"$t{self._temps}"
        self.local_types.append((name, "?"))
        return Name(name, NameKind.LOCAL)

    def ident(self, name: str) -> Expr:
        if name in self.subst:
            return self.subst[name]
        for scope in reversed(self.scopes):
            hit = scope.get(name)
            if hit is not None:
                return Name(hit[0], hit[1])
        if self.owner is not None and self.owner.has_field(name):
            return Field(Name("this", NameKind.PARAM), name, True)
        ctx = self.ctx
        if name in ctx.globals:
            return Name(name, NameKind.GLOBAL)
        if name in ctx.functions:
            return Name(name, NameKind.FUNC)
        if name in ctx.enums:
            return Const(ctx.enums[name], name)
        if name in ctx.kb.constants:
            return Const(ctx.kb.constants[name], name)
        if name in ctx.methods:
            return Name(ctx.methods[name], NameKind.FUNC)
        return Name(name, NameKind.EXTERN)

    def degrade(self, node: Node, what: str) -> None:
        loc = self.ctx.loc(node)
        self.degraded.append(Degradation(loc, what))
        self.cfg.emit(Unsupported(what, loc, node_text(node)))

    # -- values ------------------------------------------------------------------

    def expr(self, node: Node) -> Expr:
        """Lower `node` in a value context."""
        t = node.type
        handler = _VALUE_HANDLERS.get(t)
        if handler is not None:
            return handler(self, node)
        if node.is_error or t == "ERROR":
            self.degrade(node, "unparsable expression")
            return Unknown(node_text(node))
        return Unknown(node_text(node, 60))

    def effect(self, node: Node) -> None:
        """Lower `node` for its side effects only (an expression statement)."""
        t = node.type
        if t == "call_expression":
            self.call(node, None)
        elif t == "assignment_expression":
            self.assignment(node)
        elif t == "update_expression":
            self.update(node, want_value=False)
        elif t == "comma_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None:
                self.effect(left)
            if right is not None:
                self.effect(right)
        elif t == "parenthesized_expression" and node.named_child_count == 1:
            inner = node.named_children[0]
            self.effect(inner)
        elif t == "cast_expression":
            value = node.child_by_field_name("value")
            if value is not None:
                self.effect(value)
        else:
            self.expr(node)

    def _identifier(self, node: Node) -> Expr:
        return self.ident(node_text(node))

    def _number(self, node: Node) -> Expr:
        text = node_text(node)
        value = parse_int(text)
        return Const(value, text) if value is not None else Unknown(text)

    def _char(self, node: Node) -> Expr:
        text = node_text(node)
        value = char_value(text)
        return Const(value, text) if value is not None else Unknown(text)

    def _string(self, node: Node) -> Expr:
        raw = node.text.decode("utf-8", "replace") if node.text is not None else ""
        content = "".join(_STRING_PIECE.findall(raw))[:STR_CONTENT_LIMIT]
        return Str(node_text(node, 80), content)

    def _bool(self, node: Node) -> Expr:
        return Const(1 if node.type == "true" else 0, node_text(node))

    def _null(self, node: Node) -> Expr:
        return Const(0, node_text(node))

    def _paren(self, node: Node) -> Expr:
        named = [c for c in node.named_children if c.type != "comment"]
        if not named:
            return Unknown(node_text(node))
        for c in named[:-1]:
            self.effect(c)
        return self.expr(named[-1])

    def _cast(self, node: Node) -> Expr:
        value = node.child_by_field_name("value")
        return self.expr(value) if value is not None else Unknown(node_text(node))

    def _field(self, node: Node) -> Expr:
        arg = node.child_by_field_name("argument")
        fld = node.child_by_field_name("field")
        op = node.child_by_field_name("operator")
        if arg is None or fld is None:
            return Unknown(node_text(node))
        arrow = op is not None and op.type == "->"
        if op is None:
            arrow = "->" in node_text(node)
        return Field(self.expr(arg), node_text(fld), arrow)

    def _pointer(self, node: Node) -> Expr:
        arg = node.child_by_field_name("argument")
        op = node.child_by_field_name("operator")
        if arg is None:
            return Unknown(node_text(node))
        inner = self.expr(arg)
        if op is not None and op.type == "&":
            if isinstance(inner, Deref):
                return inner.base
            return AddrOf(inner)
        if isinstance(inner, AddrOf):
            return inner.base
        return Deref(inner)

    def _subscript(self, node: Node) -> Expr:
        arg = node.child_by_field_name("argument")
        idx = node.child_by_field_name("index") or node.child_by_field_name("indices")
        if arg is None or idx is None:
            return Unknown(node_text(node))
        base = self.expr(arg)
        if idx.type == "subscript_argument_list":
            items = idx.named_children
            index = self.expr(items[0]) if items else Unknown("")
        else:
            index = self.expr(idx)
        return Index(base, index)

    def _unary(self, node: Node) -> Expr:
        arg = node.child_by_field_name("argument")
        op = node.child_by_field_name("operator")
        if arg is None or op is None:
            return Unknown(node_text(node))
        inner = self.expr(arg)
        if op.type == "+":
            return inner
        if isinstance(inner, Const) and op.type in ("-", "~"):
            value = -inner.value if op.type == "-" else ~inner.value
            return Const(value, f"{op.type}{inner}")
        return Unary(op.type, inner)

    def _binary(self, node: Node) -> Expr:
        op = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if op is None or left is None or right is None:
            return Unknown(node_text(node))
        if op.type in ("&&", "||", "and", "or"):
            return self.bool_value(node)
        cast = self._misparsed_cast(left, op.type, right)
        if cast is not None:
            return cast
        return Binary(op.type, self.expr(left), self.expr(right))

    def _misparsed_cast(self, left: Node, op: str, right: Node) -> Expr | None:
        """`(PUCHAR)&value`, `(PVOID)*p`, `(ULONG)-1`: without the WDK headers the parser
        cannot know PUCHAR is a type and reads a binary `&` or `*`. A parenthesised name
        that is no variable or constant the driver knows and is a WDK scalar type (before
        `&`, `*`, `-`, `+`) or a pointer type's name (`P` and capitals, before `&` or
        `*`) is a cast: the operator is the operand's unary one."""
        if op not in ("&", "*", "-", "+") or left.type != "parenthesized_expression":
            return None
        inner = [c for c in left.named_children if c.type != "comment"]
        if len(inner) != 1 or inner[0].type != "identifier":
            return None
        name = node_text(inner[0])
        typed = name in _SCALAR_TYPES or (op in ("&", "*") and _POINTER_TYPE.fullmatch(name))
        if not typed:
            return None
        lowered = self.expr(inner[0])
        if not (isinstance(lowered, Name) and lowered.kind is NameKind.EXTERN):
            return None
        operand = self.expr(right)
        if op == "&":
            return operand.base if isinstance(operand, Deref) else AddrOf(operand)
        if op == "*":
            return operand.base if isinstance(operand, AddrOf) else Deref(operand)
        if op == "-":
            if isinstance(operand, Const):
                return Const(-operand.value, f"-{operand}")
            return Unary("-", operand)
        return operand

    def bool_value(self, node: Node) -> Expr:
        """The 0/1 value of a condition, via control flow (keeps `&&` short-circuit)."""
        tmp = self.temp()
        loc = self.ctx.loc(node)
        t_bb, f_bb, join = self.cfg.new_block(), self.cfg.new_block(), self.cfg.new_block()
        self.cond(node, t_bb, f_bb)
        self.cfg.current = t_bb
        self.cfg.emit(Assign(tmp, Const(1), loc, f"{tmp} = 1"))
        self.cfg.jump(join)
        self.cfg.current = f_bb
        self.cfg.emit(Assign(tmp, Const(0), loc, f"{tmp} = 0"))
        self.cfg.jump(join)
        self.cfg.current = join
        return tmp

    def _conditional(self, node: Node) -> Expr:
        c = node.child_by_field_name("condition")
        a = node.child_by_field_name("consequence")
        b = node.child_by_field_name("alternative")
        if c is None or b is None:
            return Unknown(node_text(node))
        tmp = self.temp()
        t_bb, f_bb, join = self.cfg.new_block(), self.cfg.new_block(), self.cfg.new_block()
        self.cond(c, t_bb, f_bb)
        for block, branch in ((t_bb, a if a is not None else c), (f_bb, b)):
            self.cfg.current = block
            value = self.expr(branch)
            self.cfg.emit(Assign(tmp, value, self.ctx.loc(branch), f"{tmp} = {value}"))
            self.cfg.jump(join)
        self.cfg.current = join
        return tmp

    def _comma(self, node: Node) -> Expr:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is not None:
            self.effect(left)
        return self.expr(right) if right is not None else Unknown(node_text(node))

    def assignment(self, node: Node) -> Expr:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        if left is None or right is None:
            self.degrade(node, "malformed assignment")
            return Unknown(node_text(node))
        lhs = self.expr(left)
        opname = op.type if op is not None else "="
        loc, text = self.ctx.loc(node), node_text(node)
        if opname == "=" and right.type == "call_expression" and self._is_plain_call(right):
            self.call(right, lhs)
            return lhs
        if opname == "=" and right.type == "initializer_list":
            self.initializer(lhs, right)
            return lhs
        rhs = self.expr(right)
        if opname in _COMPOUND_OPS:
            rhs = Binary(_COMPOUND_OPS[opname], lhs, rhs)
        self.cfg.emit(Assign(lhs, rhs, loc, text))
        return lhs

    def update(self, node: Node, want_value: bool = True) -> Expr:
        arg = node.child_by_field_name("argument")
        op = node.child_by_field_name("operator")
        if arg is None or op is None:
            return Unknown(node_text(node))
        target = self.expr(arg)
        loc, text = self.ctx.loc(node), node_text(node)
        postfix = node.children[0].id == arg.id
        old: Expr = target
        if want_value and postfix:
            old = self.temp()
            self.cfg.emit(Assign(old, target, loc, text))
        self.cfg.emit(
            Assign(target, Binary("+" if op.type == "++" else "-", target, Const(1)), loc, text)
        )
        return old

    def initializer(self, lhs: Expr, node: Node) -> None:
        """`lhs = { ... }`: members not named are zero; designated ones are assigned."""
        loc = self.ctx.loc(node)
        self.cfg.emit(Assign(lhs, Const(0, "{0}"), loc, f"{lhs} = {{0}}"))
        position = 0
        for item in node.named_children:
            if item.type == "comment":
                continue
            if item.type == "initializer_pair":
                target = lhs
                for d in item.children_by_field_name("designator"):
                    if d.type == "field_designator":
                        target = Field(target, node_text(d).lstrip(".").strip(), False)
                    elif d.type == "subscript_designator" and d.named_children:
                        target = Index(target, self.expr(d.named_children[0]))
                    elif d.type == "field_identifier":
                        target = Field(target, node_text(d), False)
                value_node = item.child_by_field_name("value")
                if value_node is not None:
                    self._init_value(target, value_node)
            else:
                self._init_value(Index(lhs, Const(position)), item)
                position += 1

    def _init_value(self, target: Expr, node: Node) -> None:
        if node.type == "initializer_list":
            self.initializer(target, node)
            return
        value = self.expr(node)
        if isinstance(value, Const) and value.value == 0:
            return
        self.cfg.emit(Assign(target, value, self.ctx.loc(node), f"{target} = {node_text(node)}"))

    # -- calls -------------------------------------------------------------------

    def _is_plain_call(self, node: Node) -> bool:
        name = self.callee_name(node.child_by_field_name("function"))
        kb = self.ctx.kb
        return name is None or not (
            name in kb.macros or name in kb.no_effect_calls or name in kb.assume_calls
        )

    def callee_name(self, fn: Node | None) -> str | None:
        if fn is None:
            return None
        if fn.type in ("identifier", "qualified_identifier", "template_function"):
            text = node_text(fn)
            if (
                fn.type == "identifier"
                and text in self.ctx.methods
                and text not in self.ctx.functions
            ):
                return self.ctx.methods[text]
            return text
        if fn.type == "parenthesized_expression" and fn.named_child_count == 1:
            return self.callee_name(fn.named_children[0])
        return None

    def _call_value(self, node: Node) -> Expr:
        return self.call(node, self.temp(), want_value=True)

    def call(self, node: Node, dest: Expr | None, want_value: bool = False) -> Expr:
        fn = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        arg_nodes = [
            a for a in (args_node.named_children if args_node else []) if a.type != "comment"
        ]
        name = self.callee_name(fn)
        kb = self.ctx.kb
        loc, text = self.ctx.loc(node), node_text(node)
        if name is not None and name not in self.ctx.functions:
            if name in kb.macros:
                value = self.template(name, arg_nodes, node)
                if dest is not None and not want_value:
                    self.cfg.emit(Assign(dest, value, loc, text))
                return value
            if name in kb.no_effect_calls:
                return Const(0, text)
            if name in kb.assume_calls and arg_nodes:
                self.cfg.emit(Assume(self.expr(arg_nodes[0]), loc, text))
                return Const(0, text)
        if name is not None:
            callee: Expr = self.ident(name) if "::" not in name else Name(name, NameKind.FUNC)
            if isinstance(callee, Const):
                callee = Name(name, NameKind.EXTERN)
        elif fn is not None:
            callee = self.expr(fn)
            if isinstance(callee, Deref):
                callee = callee.base
        else:
            callee = Unknown(text)
        this_arg: Expr | None = None
        if isinstance(callee, Field):
            method = self.ctx.methods.get(callee.name)
            if method is not None:
                if not self.ctx.is_static_method(method):
                    this_arg = callee.base if callee.arrow else AddrOf(callee.base)
                callee = Name(method, NameKind.FUNC)
        elif self.owner is not None and fn is not None and fn.type == "identifier":
            own = f"{self.owner.name}::{node_text(fn)}"
            if own in self.ctx.functions and not self.ctx.is_static_method(own):
                callee, this_arg = Name(own, NameKind.FUNC), Name("this", NameKind.PARAM)
        args = tuple(self.expr(a) for a in arg_nodes)
        if this_arg is not None:
            args = (this_arg, *args)
        self.cfg.emit(Call(dest, callee, args, loc, text))
        return dest if dest is not None else Const(0)

    def template(self, name: str, arg_nodes: list[Node], node: Node) -> Expr:
        """Expand a knowledge-base macro (`NT_SUCCESS(s)` -> `s >= 0`) over lowered args."""
        tpl = self.ctx.kb.macros[name]
        body = self.ctx.macro(name)
        if body is None or len(arg_nodes) != len(tpl.params):
            return Unknown(node_text(node))
        saved = self.subst
        self.subst = {**saved, **{p: self.expr(a) for p, a in zip(tpl.params, arg_nodes)}}
        try:
            return self.expr(body)
        finally:
            self.subst = saved

    # -- C++ ---------------------------------------------------------------------

    def _this(self, node: Node) -> Expr:
        return Name("this", NameKind.PARAM)

    def _new(self, node: Node) -> Expr:
        """`new T(args)`, `new T[n]`, `new (std::nothrow) T`, `new (place) T(args)`: an
        allocation (lower_cpp), then `T::T(object, args)` when the driver defines it."""
        tmp = self.temp()
        placement = node.child_by_field_name("placement")
        args = node.child_by_field_name("arguments")
        array = node.child_by_field_name("declarator") is not None
        type_node = node.child_by_field_name("type")
        type_text = node_text(type_node) if type_node is not None else "?"
        loc, text = self.ctx.loc(node), node_text(node)
        places = [a for a in (placement.named_children if placement else []) if a.type != "comment"]
        size = Unknown(f"sizeof({type_text})")
        operator = "operatornew[]" if array else "operatornew"
        if operator in self.ctx.functions:
            call_args = (size, *(self.expr(a) for a in places))
            self.cfg.emit(Call(tmp, Name(operator, NameKind.FUNC), call_args, loc, text))
        elif places and not any(
            is_nothrow(node_text(a)) or is_pool_argument(node_text(a)) for a in places
        ):
            placed = [self.expr(a) for a in places]  # placement new: no allocation
            self.cfg.emit(Assign(tmp, placed[-1], loc, text))
        else:
            for a in places:
                self.expr(a)
            pool = Unknown("NonPagedPoolNx")
            self.cfg.emit(
                Call(
                    tmp,
                    Name(POOL_ALLOCATE, NameKind.EXTERN),
                    (pool, size, Const(0, "0")),
                    loc,
                    text,
                )
            )
        ctor_args = [a for a in (args.named_children if args else []) if a.type != "comment"]
        values = tuple(self.expr(a) for a in ctor_args)
        constructor = None if array else self.ctx.constructor(type_text)
        if constructor is not None:
            self.cfg.emit(
                Call(
                    None,
                    Name(constructor, NameKind.FUNC),
                    (tmp, *values),
                    loc,
                    f"{class_name_of(type_text)}::{class_name_of(type_text)}({text})",
                )
            )
        return tmp

    def _delete(self, node: Node) -> Expr:
        """`delete p` / `delete[] p`: `T::~T(p)` when `p`'s class has one, then a free:
        the driver's `operator delete` when it defines it, else the pool free."""
        named = [c for c in node.named_children if c.type != "comment"]
        if not named:
            return Const(0)
        target = self.expr(named[-1])
        array = any(c.type == "[" for c in node.children)
        loc, text = self.ctx.loc(node), node_text(node)
        type_text = self.type_of(named[-1])
        destructor = None
        if type_text is not None and type_text.endswith("*") and not array:
            destructor = self.ctx.destructor(type_text[:-1])
        if destructor is not None:
            self.cfg.emit(
                Call(
                    None,
                    Name(destructor, NameKind.FUNC),
                    (target,),
                    loc,
                    f"{destructor}({node_text(named[-1])})",
                )
            )
        operator = "operatordelete[]" if array else "operatordelete"
        if operator in self.ctx.functions:
            self.cfg.emit(Call(None, Name(operator, NameKind.FUNC), (target,), loc, text))
        else:
            self.cfg.emit(Call(None, Name(POOL_FREE, NameKind.EXTERN), (target,), loc, text))
        return Const(0)

    def type_of(self, node: Node) -> str | None:
        """The declared type of a variable or member expression, as written, when a
        declaration names it (`p`, `this->m_p`, `m_p` in a member, `x.f` with one type)."""
        if node.type == "parenthesized_expression" and node.named_child_count == 1:
            return self.type_of(node.named_children[0])
        value = self.expr(node) if node.type in ("identifier", "field_expression") else None
        if isinstance(value, Name):
            return self.name_types.get(value.name)
        if isinstance(value, Field):
            if isinstance(value.base, Name) and value.base.name == "this" and self.owner:
                return self.owner.field_type(value.name)
            types = self.ctx.field_types.get(value.name, set())
            return next(iter(types)) if len(types) == 1 else None
        return None

    def _opaque(self, node: Node) -> Expr:
        return Unknown(node_text(node, 60))

    # -- conditions ----------------------------------------------------------------

    def cond(self, node: Node, if_true: int, if_false: int) -> None:
        """Branch to `if_true`/`if_false` on `node`, short-circuiting `&&`, `||`, `!`."""
        t = node.type
        if t in ("parenthesized_expression", "condition_clause"):
            named = [c for c in node.named_children if c.type != "comment"]
            if len(named) == 1 and named[0].type not in ("declaration", "init_statement"):
                self.cond(named[0], if_true, if_false)
                return
            value = self._condition_clause(named, node)
            self.cfg.branch(value, if_true, if_false, self.ctx.loc(node), node_text(node))
            return
        if t == "unary_expression":
            op = node.child_by_field_name("operator")
            arg = node.child_by_field_name("argument")
            if op is not None and op.type in ("!", "not") and arg is not None:
                self.cond(arg, if_false, if_true)
                return
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if op is not None and left is not None and right is not None:
                if op.type in ("&&", "and"):
                    mid = self.cfg.new_block()
                    self.cond(left, mid, if_false)
                    self.cfg.current = mid
                    self.cond(right, if_true, if_false)
                    return
                if op.type in ("||", "or"):
                    mid = self.cfg.new_block()
                    self.cond(left, if_true, mid)
                    self.cfg.current = mid
                    self.cond(right, if_true, if_false)
                    return
        if t == "comma_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None:
                self.effect(left)
                self.cond(right, if_true, if_false)
                return
        value = self.expr(node)
        self.cfg.branch(value, if_true, if_false, self.ctx.loc(node), node_text(node))

    def _condition_clause(self, named: list[Node], node: Node) -> Expr:
        """C++ `if (init; cond)` / `if (T x = e)`: lower the parts, return the value tested."""
        value: Expr = Unknown(node_text(node))
        for part in named:
            if part.type in ("declaration", "init_statement"):
                value = self.local_declaration(part)
            else:
                value = self.expr(part)
        return value

    def local_declaration(self, node: Node) -> Expr:
        raise NotImplementedError


_VALUE_HANDLERS = {
    "identifier": ExprLowerer._identifier,
    "field_identifier": ExprLowerer._identifier,
    "qualified_identifier": ExprLowerer._identifier,
    "template_function": ExprLowerer._identifier,
    "number_literal": ExprLowerer._number,
    "char_literal": ExprLowerer._char,
    "string_literal": ExprLowerer._string,
    "concatenated_string": ExprLowerer._string,
    "raw_string_literal": ExprLowerer._string,
    "true": ExprLowerer._bool,
    "false": ExprLowerer._bool,
    "null": ExprLowerer._null,
    "nullptr": ExprLowerer._null,
    "parenthesized_expression": ExprLowerer._paren,
    "cast_expression": ExprLowerer._cast,
    "field_expression": ExprLowerer._field,
    "pointer_expression": ExprLowerer._pointer,
    "subscript_expression": ExprLowerer._subscript,
    "unary_expression": ExprLowerer._unary,
    "binary_expression": ExprLowerer._binary,
    "conditional_expression": ExprLowerer._conditional,
    "comma_expression": ExprLowerer._comma,
    "assignment_expression": ExprLowerer.assignment,
    "update_expression": ExprLowerer.update,
    "call_expression": ExprLowerer._call_value,
    "this": ExprLowerer._this,
    "new_expression": ExprLowerer._new,
    "delete_expression": ExprLowerer._delete,
    "sizeof_expression": ExprLowerer._opaque,
    "alignof_expression": ExprLowerer._opaque,
    "offsetof_expression": ExprLowerer._opaque,
    "lambda_expression": ExprLowerer._opaque,
    "compound_literal_expression": ExprLowerer._opaque,
    "initializer_list": ExprLowerer._opaque,
    "generic_expression": ExprLowerer._opaque,
    "gnu_asm_expression": ExprLowerer._opaque,
    "user_defined_literal": ExprLowerer._opaque,
    "string_content": ExprLowerer._string,
}
