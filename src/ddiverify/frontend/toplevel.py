"""File-scope lowering: what one parsed translation unit contributes to the `Program`.

Two passes, because C lets a unit call functions other units define: `collect_names`
walks every unit's file scope first (functions, globals, enumerators, C++ methods), then
`lower_unit` lowers bodies knowing every name. Invariant: nothing here raises on odd
input; a file-scope region tree-sitter could not parse is searched for the function
definitions inside it and otherwise reported as skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import tree_sitter
from tree_sitter import Node

from ddiverify import budget
from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.lower_cpp import ClassInfo, collect_classes
from ddiverify.frontend.lower_expr import UnitContext, char_value, node_text, parse_int
from ddiverify.frontend.lower_stmt import (
    FunctionLowerer,
    array_suffix,
    declarator_name,
    pointer_suffix,
)
from ddiverify.ir.cfg import Loc, Stmt
from ddiverify.ir.program import Annotation, Function, GlobalVar, TypedDecl
from ddiverify.knowledge.wdk import Knowledge

_CONTAINERS = (
    "linkage_specification",
    "namespace_definition",
    "declaration_list",
    "template_declaration",
    "ERROR",
    "preproc_if",
    "preproc_ifdef",
)


@dataclass(slots=True)
class Names:
    """File-scope names of the whole program, gathered before any body is lowered."""

    functions: set[str] = field(default_factory=set)
    globals: set[str] = field(default_factory=set)
    enums: dict[str, int] = field(default_factory=dict)
    methods: dict[str, str] = field(default_factory=dict)
    ambiguous_methods: set[str] = field(default_factory=set)
    field_types: dict[str, set[str]] = field(default_factory=dict)  # struct member -> types
    classes: dict[str, ClassInfo] = field(default_factory=dict)  # C++ classes by name


@dataclass(slots=True)
class UnitResult:
    functions: list[Function] = field(default_factory=list)
    globals: list[GlobalVar] = field(default_factory=list)
    typed_decls: list[TypedDecl] = field(default_factory=list)
    prototypes: dict[str, tuple[Annotation, ...]] = field(default_factory=dict)
    skipped_regions: int = 0
    cplusplus: bool = False  # a C++ unit: a second definition of a name is an overload


@dataclass(frozen=True, slots=True)
class Item:
    node: Node
    owner: str | None  # the C++ class a method is defined in


def items(root: Node, owner: str | None = None) -> Iterator[Item]:
    """File-scope items in source order, descending into extern "C", namespaces, classes."""
    for child in root.named_children:
        t = child.type
        if t in _CONTAINERS:
            body = child.child_by_field_name("body")
            if body is not None and body.type not in (
                "declaration_list",
                "field_declaration_list",
                "compound_statement",
            ):
                yield from items_of_single(body, owner)  # extern "C" T f(...) { ... }
                continue
            yield from items(body if body is not None and t != "ERROR" else child, owner)
        elif t in ("class_specifier", "struct_specifier") and owner is None:
            body = child.child_by_field_name("body")
            name = child.child_by_field_name("name")
            if (
                body is not None
                and name is not None
                and any(c.type == "function_definition" for c in body.named_children)
            ):
                yield from items(body, node_text(name))
            else:
                yield Item(child, owner)
        else:
            yield Item(child, owner)


def items_of_single(node: Node, owner: str | None) -> Iterator[Item]:
    if node.type in _CONTAINERS:
        yield from items(node, owner)
    else:
        yield Item(node, owner)


def function_name(node: Node, owner: str | None) -> str | None:
    name_node = declarator_name(node.child_by_field_name("declarator"))
    if name_node is None:
        return None
    name = _name_text(name_node)
    if owner is not None and "::" not in name:
        return f"{owner}::{name}"
    return name


def _name_text(node: Node) -> str:
    """`F`, `C::F`, `operator=`; a conversion operator as `operator T*` (no parameters)."""
    if node.type == "operator_cast":
        type_node = node.child_by_field_name("type")
        stars = node_text(node.child_by_field_name("declarator") or node).count("*")
        base = node_text(type_node).replace(" ", "") if type_node is not None else "?"
        return f"operator {base}{'*' * stars}"
    if node.type == "qualified_identifier":
        scope = node.child_by_field_name("scope")
        inner = node.child_by_field_name("name")
        if inner is not None and inner.type in ("operator_cast", "qualified_identifier"):
            prefix = node_text(scope).replace(" ", "") if scope is not None else ""
            return f"{prefix}::{_name_text(inner)}"
    return node_text(node).replace(" ", "")


def _enum_value(node: Node | None, names: Names, kb: Knowledge) -> int | None:
    if node is None:
        return None
    t = node.type
    if t == "number_literal":
        return parse_int(node_text(node))
    if t == "char_literal":
        return char_value(node_text(node))
    if t == "identifier":
        text = node_text(node)
        return names.enums.get(text, kb.constants.get(text))
    if t == "parenthesized_expression" and node.named_child_count == 1:
        return _enum_value(node.named_children[0], names, kb)
    if t == "unary_expression":
        v = _enum_value(node.child_by_field_name("argument"), names, kb)
        op = node.child_by_field_name("operator")
        if v is None or op is None:
            return None
        return {"-": -v, "~": ~v, "+": v, "!": int(not v)}.get(op.type)
    if t == "binary_expression":
        a = _enum_value(node.child_by_field_name("left"), names, kb)
        b = _enum_value(node.child_by_field_name("right"), names, kb)
        op = node.child_by_field_name("operator")
        if a is None or b is None or op is None:
            return None
        ops = {
            "+": a + b,
            "-": a - b,
            "*": a * b,
            "|": a | b,
            "&": a & b,
            "^": a ^ b,
            "<<": a << b if 0 <= b < 64 else None,
            ">>": a >> b if 0 <= b < 64 else None,
        }
        return ops.get(op.type)
    return None


def _collect_fields(fields: list[Node], names: Names) -> None:
    """The declared type of every struct/union member, by member name (the engine uses
    it to know which fields cannot be negative)."""
    for f in fields:
        type_node = f.child_by_field_name("type")
        if type_node is None:
            continue
        base = node_text(type_node)
        for d in f.children_by_field_name("declarator"):
            name = declarator_name(d)
            if name is not None:
                names.field_types.setdefault(node_text(name), set()).add(
                    base + pointer_suffix(d) + array_suffix(d)
                )


def _collect_enums(root: Node, query: tree_sitter.Query, names: Names, kb: Knowledge) -> None:
    captures = tree_sitter.QueryCursor(query).captures(root)
    _collect_fields(captures.get("field", []), names)
    for lst in captures.get("list", []):
        value = -1
        for e in lst.named_children:
            if e.type != "enumerator":
                continue
            name = e.child_by_field_name("name")
            if name is None:
                continue
            explicit = e.child_by_field_name("value")
            v = _enum_value(explicit, names, kb) if explicit is not None else value + 1
            value = v if v is not None else value + 1
            names.enums.setdefault(node_text(name), value)


def collect_names(
    root: Node, query: tree_sitter.Query, names: Names, kb: Knowledge, cplusplus: bool = False
) -> None:
    _collect_enums(root, query, names, kb)
    if cplusplus:
        collect_classes(root, names.classes)
    for item in items(root):
        budget.check()
        node = item.node
        if node.type == "function_definition":
            name = function_name(node, item.owner)
            if name is None:
                continue
            names.functions.add(name)
            if "::" in name:
                short = name.rsplit("::", 1)[1]
                if short in names.methods and names.methods[short] != name:
                    names.ambiguous_methods.add(short)
                names.methods.setdefault(short, name)
        elif node.type == "declaration":
            for d in node.children_by_field_name("declarator"):
                target = d.child_by_field_name("declarator") if d.type == "init_declarator" else d
                if target is None or target.type == "function_declarator":
                    continue
                name_node = declarator_name(target)
                if name_node is not None and not _is_typedef(node):
                    names.globals.add(node_text(name_node))


def _is_typedef(node: Node) -> bool:
    return any(
        c.type == "storage_class_specifier" and node_text(c) == "typedef" for c in node.children
    )


def _is_static(node: Node) -> bool:
    return any(
        c.type == "storage_class_specifier" and node_text(c) == "static" for c in node.children
    )


def _header_end_row(node: Node) -> int:
    body = node.child_by_field_name("body")
    return body.start_point[0] if body is not None else node.end_point[0]


def lower_unit(
    root: Node,
    ctx: UnitContext,
    sal: list[tuple[int, Annotation]],
    sink: DiagnosticSink,
    lowered: set[tuple[str, Loc]] | None = None,
) -> UnitResult:
    """Lower every file-scope item of one parsed unit.

    `lowered` names the functions (name, place) earlier units already lowered: a header's
    inline functions are lowered by the first unit that includes them only, since the
    program keeps that first definition anyway.
    """
    result = UnitResult()
    lowered = lowered if lowered is not None else set()
    prev_end = -1
    for item in items(root):
        budget.check()
        node = item.node
        header_end = _header_end_row(node)
        notes = tuple(a for row, a in sal if prev_end < row <= header_end)
        prev_end = max(prev_end, node.end_point[0] if node.type != "ERROR" else prev_end)
        if node.type == "function_definition":
            _lower_function(node, item.owner, ctx, notes, result, lowered)
        elif node.type == "declaration":
            _lower_declaration(node, ctx, notes, result)
        elif node.type == "field_declaration" and item.owner is not None:
            _member_role_decl(node, item.owner, ctx, result)
        elif node.type in ("class_specifier", "struct_specifier"):
            name = node.child_by_field_name("name")
            body = node.child_by_field_name("body")
            if name is not None and body is not None:
                for member in body.named_children:
                    if member.type == "field_declaration":
                        _member_role_decl(member, node_text(name), ctx, result)
        elif node.type == "ERROR" or node.is_error:
            result.skipped_regions += 1
            sink.warn(
                f"skipped unparsable file-scope code: {node_text(node, 60)}",
                ctx.loc(node).file,
                ctx.loc(node).line,
                code="frontend",
            )
    return result


def _lower_function(
    node: Node,
    owner: str | None,
    ctx: UnitContext,
    notes: tuple[Annotation, ...],
    result: UnitResult,
    lowered: set[tuple[str, Loc]],
) -> None:
    name = function_name(node, owner)
    if name is None:
        loc = ctx.loc(node)
        ctx.sink.warn(
            "skipped a function definition whose name could not be read",
            loc.file,
            loc.line,
            code="frontend",
        )
        return
    if (name, ctx.loc(node)) in lowered:
        return
    lowered.add((name, ctx.loc(node)))
    lowerer = FunctionLowerer(ctx)
    try:
        fn = lowerer.lower_function(node, name, _is_static(node), notes)
    except RecursionError:
        loc = ctx.loc(node)
        ctx.sink.warn(
            f"skipped function {name}: nesting too deep to lower",
            loc.file,
            loc.line,
            code="frontend",
        )
        return
    result.functions.append(fn)


def _lower_declaration(
    node: Node, ctx: UnitContext, notes: tuple[Annotation, ...], result: UnitResult
) -> None:
    if _is_typedef(node):
        return
    type_node = node.child_by_field_name("type")
    type_text = node_text(type_node) if type_node is not None else "?"
    for d in node.children_by_field_name("declarator"):
        target = d.child_by_field_name("declarator") if d.type == "init_declarator" else d
        name_node = declarator_name(target)
        if name_node is None or target is None:
            continue
        name = node_text(name_node)
        loc = ctx.loc(name_node)
        # `void (*Hook)(void) = F;` is a variable (a parenthesised declarator inside the
        # function declarator), not a prototype.
        if target.type in ("function_declarator", "pointer_declarator") and _declares_function(
            target
        ):
            result.prototypes[name] = result.prototypes.get(name, ()) + notes
            continue
        if (
            d.type != "init_declarator"
            and target.type == "identifier"
            and type_node is not None
            and type_node.type == "type_identifier"
        ):
            result.typed_decls.append(TypedDecl(type_text, name, loc))
            result.prototypes.setdefault(name, ())
            if notes:
                result.prototypes[name] = result.prototypes[name] + notes
        init: tuple[Stmt, ...] = ()
        value = d.child_by_field_name("value") if d.type == "init_declarator" else None
        if value is not None:
            init = _lower_initializer(name, value, ctx)
        if target.type == "function_declarator":  # a pointer to a function, or an array of them
            inner = target.child_by_field_name("declarator")
            type_text += " (*)()" + ("[]" if inner is not None and "[" in node_text(inner) else "")
        result.globals.append(
            GlobalVar(name, type_text + pointer_suffix(target) + array_suffix(target), loc, init)
        )


def _member_role_decl(node: Node, owner: str, ctx: UnitContext, result: UnitResult) -> None:
    """`static HW_DPC_ROUTINE CompletionDpc;` in a class: a role type for the static
    member function `Owner::CompletionDpc` (only a function type can be declared so)."""
    type_node = node.child_by_field_name("type")
    if type_node is None or type_node.type != "type_identifier":
        return
    for d in node.children_by_field_name("declarator"):
        if d.type == "field_identifier":
            name = f"{owner}::{node_text(d)}"
            result.typed_decls.append(TypedDecl(node_text(type_node), name, ctx.loc(d)))


def _declares_function(node: Node | None) -> bool:
    while node is not None:
        if node.type == "function_declarator":
            inner = node.child_by_field_name("declarator")
            # `(*Hook)(void)` declares a pointer; `(Name)(void)` still a function.
            return (
                inner is None
                or inner.type != "parenthesized_declarator"
                or not any(c.type == "pointer_declarator" for c in inner.named_children)
            )
        node = node.child_by_field_name("declarator")
    return False


def _lower_initializer(name: str, value: Node, ctx: UnitContext) -> tuple[Stmt, ...]:
    from ddiverify.ir.cfg import Assign
    from ddiverify.ir.expr import Name, NameKind

    lowerer = FunctionLowerer(ctx)
    var = Name(name, NameKind.GLOBAL)
    if value.type == "initializer_list":
        lowerer.initializer(var, value)
    else:
        rhs = lowerer.expr(value)
        lowerer.cfg.emit(Assign(var, rhs, ctx.loc(value), f"{name} = {node_text(value)}"))
    blocks = lowerer.cfg.finish(Loc("<init>", 0))
    return tuple(s for b in blocks for s in b.stmts)
