"""Lowering of one function definition's statements into a CFG (`ir.Function`).

Invariants: structured control flow (if, loops, switch, goto, `__try`, `__leave`)
becomes explicit blocks and edges; `__finally` bodies are lowered again before every
`return` and `__leave` that crosses them, so each path runs them; an `__except`
handler is kept in a block no path reaches (docs/harness.md: the guarded block runs as if
nothing is thrown) so that discovery still sees what it registers. A statement this
module cannot lower becomes an `Unsupported` placeholder and degrades only this
function.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from ddiverify import budget
from ddiverify.frontend.lower_cpp import class_name_of
from ddiverify.frontend.lower_expr import ExprLowerer, UnitContext, node_text
from ddiverify.ir.cfg import Assign, Call, Loc
from ddiverify.ir.expr import AddrOf, Binary, Const, Expr, Field, Name, NameKind, Unknown
from ddiverify.ir.program import Annotation, Function, Param

_DECLARATOR_WRAPPERS = (
    "pointer_declarator",
    "array_declarator",
    "parenthesized_declarator",
    "reference_declarator",
    "attributed_declarator",
    "init_declarator",
)
_IGNORED = frozenset(
    {
        "comment",
        "type_definition",
        "struct_specifier",
        "union_specifier",
        "enum_specifier",
        "empty_statement",
        ";",
        "static_assert_declaration",
        "using_declaration",
        "alias_declaration",
        "namespace_alias_definition",
        "class_specifier",
        "template_declaration",
        "linkage_specification",
        "function_definition",
        "preproc_call",
    }
)


# The callee of the call that gives a range-based `for` its next element.
RANGE_ELEMENT = "__range_element"


def declarator_name(node: Node | None) -> Node | None:
    """The identifier node a (possibly nested) declarator declares."""
    while node is not None:
        if node.type in (
            "identifier",
            "field_identifier",
            "qualified_identifier",
            "destructor_name",
            "operator_name",
            "operator_cast",
            "type_identifier",
        ):
            return node
        if node.type == "function_declarator" or node.type in _DECLARATOR_WRAPPERS:
            node = node.child_by_field_name("declarator") or (
                node.named_children[0] if node.named_children else None
            )
            continue
        return None
    return None


def pointer_suffix(node: Node | None) -> str:
    stars = ""
    while node is not None and node.type in _DECLARATOR_WRAPPERS:
        if node.type == "pointer_declarator":
            stars += "*"
        node = node.child_by_field_name("declarator")
    return stars


def array_suffix(node: Node | None) -> str:
    """`[]` for an array declarator (`buf[16]`): the name then stands for an address."""
    while node is not None and node.type in _DECLARATOR_WRAPPERS:
        if node.type == "array_declarator":
            return "[]"
        node = node.child_by_field_name("declarator")
    return ""


class FunctionLowerer(ExprLowerer):
    def __init__(self, ctx: UnitContext) -> None:
        super().__init__(ctx)
        # Jump targets of `break` / `continue`, each with the scope depth it leaves to
        # (the destructor calls of deeper scopes run before the jump).
        self.breaks: list[tuple[int, int]] = []
        self.continues: list[tuple[int, int]] = []
        # The statement that opened each scope of `scopes` (None: the parameters'), so a
        # `goto` knows which scopes it leaves; labels by name, found when a goto needs one.
        self.scope_nodes: list[int | None] = [None]
        self._body: Node | None = None
        self._label_nodes: dict[str, Node] | None = None
        self.labels: dict[str, int] = {}
        self.finallies: list[Node] = []
        self.leaves: list[tuple[int, int]] = []  # (target block, finally depth)
        self._scope_end = Loc("<unknown>", 1)

    # -- the function ------------------------------------------------------------

    def lower_function(
        self, node: Node, name: str, is_static: bool, annotations: tuple[Annotation, ...]
    ) -> Function:
        decl = node.child_by_field_name("declarator")
        fdecl = decl
        while fdecl is not None and fdecl.type != "function_declarator":
            fdecl = fdecl.child_by_field_name("declarator")
        params: list[Param] = []
        owner_name, _, short = name.rpartition("::")
        owner = self.ctx.classes.get(owner_name.rsplit("::", 1)[-1]) if owner_name else None
        if owner is not None and not is_static and short not in owner.static_methods:
            self.owner = owner
            params.append(
                Param(self.declare("this", f"{owner.name}*", NameKind.PARAM), f"{owner.name}*")
            )
        if fdecl is not None:
            plist = fdecl.child_by_field_name("parameters")
            for p in plist.named_children if plist else []:
                if p.type not in ("parameter_declaration", "optional_parameter_declaration"):
                    continue
                pname = declarator_name(p.child_by_field_name("declarator"))
                ptype = p.child_by_field_name("type")
                type_text = (node_text(ptype) if ptype else "") + pointer_suffix(
                    p.child_by_field_name("declarator")
                )
                if pname is None:
                    if type_text.strip() == "void":
                        continue
                    params.append(Param(f"$arg{len(params)}", type_text))
                    continue
                unique = self.declare(node_text(pname), type_text, NameKind.PARAM)
                params.append(Param(unique, type_text))
        name_node = declarator_name(decl)
        loc = self.ctx.loc(name_node if name_node is not None else node)
        body = node.child_by_field_name("body")
        end = (
            self.ctx.loc_of_row[min(node.end_point[0], len(self.ctx.loc_of_row) - 1)]
            if self.ctx.loc_of_row
            else loc
        )
        if self.owner is not None and short == owner_name.rsplit("::", 1)[-1]:
            self._construct_members(node)
        if body is not None:
            self._body = body
            self.statement(body)
        if self.owner is not None and short == f"~{self.owner.name}":
            self._destroy_members(end)
        blocks = self.cfg.finish(end)
        return Function(
            name=name,
            loc=loc,
            end=end,
            params=tuple(params),
            local_types=tuple(self.local_types),
            blocks=blocks,
            is_static=is_static,
            annotations=annotations,
            degraded=tuple(self.degraded),
        )

    # -- C++ special members (lower_cpp) -----------------------------------------

    def _construct_members(self, node: Node) -> None:
        """A constructor's member initialisers, then the default constructors of the
        class-typed members it does not initialise."""
        assert self.owner is not None
        this = Name("this", NameKind.PARAM)
        initialised: set[str] = set()
        for part in node.named_children:
            if part.type != "field_initializer_list":
                continue
            for init in part.named_children:
                member = init.named_children[0] if init.named_children else None
                values = [c for c in init.named_children[1:] if c.type != "comment"]
                if member is None or not self.owner.has_field(node_text(member)):
                    continue
                name = node_text(member)
                initialised.add(name)
                target = Field(this, name, True)
                items = [a for v in values for a in v.named_children if a.type != "comment"]
                constructor = self.ctx.constructor(self.owner.field_type(name) or "")
                loc, text = self.ctx.loc(init), node_text(init)
                if constructor is not None:
                    args = tuple(self.expr(a) for a in items)
                    self.cfg.emit(
                        Call(
                            None,
                            Name(constructor, NameKind.FUNC),
                            (AddrOf(target), *args),
                            loc,
                            text,
                        )
                    )
                elif len(items) == 1:
                    self.cfg.emit(Assign(target, self.expr(items[0]), loc, text))
        for name, type_text in self.owner.fields:
            constructor = self.ctx.constructor(type_text)
            if constructor is not None and name not in initialised:
                self.cfg.emit(
                    Call(
                        None,
                        Name(constructor, NameKind.FUNC),
                        (AddrOf(Field(this, name, True)),),
                        self.ctx.loc(node),
                        f"{constructor}(&this->{name})",
                    )
                )

    def _destroy_members(self, end: Loc) -> None:
        assert self.owner is not None
        this = Name("this", NameKind.PARAM)
        for name, type_text in reversed(self.owner.fields):
            destructor = self.ctx.destructor(type_text)
            if destructor is not None:
                self.cfg.emit(
                    Call(
                        None,
                        Name(destructor, NameKind.FUNC),
                        (AddrOf(Field(this, name, True)),),
                        end,
                        f"{destructor}(&this->{name})",
                    )
                )

    def _construct_local(
        self, var: Name, type_text: str, value: Node | None, declarator: Node
    ) -> bool:
        """`T x;`, `T x(args)`, `T x{args}`, `T x = T(args)` for a class with a
        constructor: `T::T(&x, args)`; registers `T::~T(&x)` for the scope's end. False
        when `T` has neither (the C lowering then applies)."""
        constructor = self.ctx.constructor(type_text)
        destructor = self.ctx.destructor(type_text)
        if constructor is None and destructor is None:
            return False
        loc, text = self.ctx.loc(declarator), node_text(declarator)
        items: list[Node] | None = []
        if value is not None and value.type in ("argument_list", "initializer_list"):
            items = [a for a in value.named_children if a.type != "comment"]
        elif (
            value is not None
            and value.type == "call_expression"
            and class_name_of(node_text(value.child_by_field_name("function") or value))
            == class_name_of(type_text)
        ):
            arguments = value.child_by_field_name("arguments")
            items = [
                a for a in (arguments.named_children if arguments else []) if a.type != "comment"
            ]
        elif value is not None:
            items = None  # `T x = expr;`: a copy; the C lowering assigns it
        if items is None or constructor is None:
            if value is not None and items is None:
                self.cfg.emit(Assign(var, self.expr(value), loc, text))
            elif items:
                for a in items:
                    self.expr(a)
        else:
            args = tuple(self.expr(a) for a in items)
            self.cfg.emit(
                Call(None, Name(constructor, NameKind.FUNC), (AddrOf(var), *args), loc, text)
            )
        if destructor is not None:
            written = declarator.child_by_field_name("declarator") or declarator
            self.cleanups.setdefault(len(self.scopes) - 1, []).append(
                (AddrOf(var), destructor, f"{destructor}(&{node_text(written)})")
            )
        return True

    def run_cleanups(
        self, depth: int, *, keep: bool = False, loc: Loc | None = None, when: str = "on return"
    ) -> None:
        """Emit the destructor calls owed by scopes `depth` and deeper, innermost first
        and in reverse declaration order; forget them unless `keep` (a jump out of the
        scopes: `return`, `break`, `continue`, `goto`; `when` says which)."""
        for level in sorted((d for d in self.cleanups if d >= depth), reverse=True):
            for target, destructor, text in reversed(self.cleanups[level]):
                where = loc if loc is not None else self._scope_end
                said = when if keep else "at the end of its scope"
                self.cfg.emit(
                    Call(None, Name(destructor, NameKind.FUNC), (target,), where, f"{text} {said}")
                )
            if not keep:
                del self.cleanups[level]

    def open_scope(self, node: Node) -> None:
        self.scopes.append({})
        self.scope_nodes.append(node.id)

    def pop_scope(self, node: Node) -> None:
        self._scope_end = (
            self.ctx.loc_of_row[min(node.end_point[0], len(self.ctx.loc_of_row) - 1)]
            if self.ctx.loc_of_row
            else self.ctx.loc(node)
        )
        self.run_cleanups(len(self.scopes) - 1)
        self.scopes.pop()
        self.scope_nodes.pop()

    def _leave_scopes(self, depth: int, node: Node, when: str) -> None:
        """A jump out of the scopes deeper than `depth`: their objects' destructors run
        first (C++ [stmt.jump]), then the jump; the scopes' own ends still owe them."""
        if any(level >= depth for level in self.cleanups):
            self.run_cleanups(depth, keep=True, loc=self.ctx.loc(node), when=when)

    # -- statements --------------------------------------------------------------

    def statement(self, node: Node) -> None:
        budget.check()
        t = node.type
        if t in _IGNORED:
            return
        handler = _STMT_HANDLERS.get(t)
        if handler is not None:
            handler(self, node)
        elif t == "ERROR" or node.is_error:
            self.degrade(node, "unparsable statement skipped")
        elif t.endswith("_expression") or t in ("identifier", "number_literal"):
            self.effect(node)
        else:
            self.degrade(node, f"unsupported statement ({t}) skipped")

    def _compound(self, node: Node) -> None:
        self.open_scope(node)
        for child in node.named_children:
            self.statement(child)
        self.pop_scope(node)

    def _expression_statement(self, node: Node) -> None:
        for child in node.named_children:
            if child.type != "comment":
                self.effect(child)

    def _declaration(self, node: Node) -> None:
        self.local_declaration(node)

    def local_declaration(self, node: Node) -> Expr:
        type_node = node.child_by_field_name("type")
        base_type = node_text(type_node) if type_node is not None else "?"
        last: Expr = Unknown(node_text(node))
        for d in node.children_by_field_name("declarator"):
            target = d.child_by_field_name("declarator") if d.type == "init_declarator" else d
            if target is not None and target.type == "function_declarator":
                continue  # a local prototype
            name_node = declarator_name(target)
            if name_node is None:
                continue
            type_text = base_type + pointer_suffix(target) + array_suffix(target)
            value = d.child_by_field_name("value") if d.type == "init_declarator" else None
            if value is None and d.type == "init_declarator":
                # C++ direct initialisation `T x(args)`: an argument_list child
                value = next((c for c in d.named_children if c.type == "argument_list"), None)
            # The initialiser is lowered before the name is in scope only where C says so;
            # declaring first matches `T x = f(&x)` and costs nothing otherwise.
            unique = self.declare(node_text(name_node), type_text)
            var = Name(unique, NameKind.LOCAL)
            last = var
            if self.ctx.classes and self._construct_local(var, type_text, value, d):
                continue
            if value is None:
                continue
            if value.type == "initializer_list":
                self.initializer(var, value)
            elif value.type == "call_expression" and self._is_plain_call(value):
                self.call(value, var)
            elif value.type == "argument_list":
                for a in value.named_children:
                    self.expr(a)
            else:
                rhs = self.expr(value)
                self.cfg.emit(Assign(var, rhs, self.ctx.loc(d), node_text(d)))
        value = node.child_by_field_name("value")  # C++ condition declarations
        if value is not None and isinstance(last, Name):
            rhs = self.expr(value)
            self.cfg.emit(Assign(last, rhs, self.ctx.loc(node), node_text(node)))
        return last

    def _if(self, node: Node) -> None:
        cond = node.child_by_field_name("condition")
        then = node.child_by_field_name("consequence")
        alt = node.child_by_field_name("alternative")
        t_bb, join = self.cfg.new_block(), self.cfg.new_block()
        f_bb = self.cfg.new_block() if alt is not None else join
        if cond is None:
            self.degrade(node, "if without condition")
            return
        self.cond(cond, t_bb, f_bb)
        self.cfg.current = t_bb
        if then is not None:
            self.statement(then)
        self.cfg.jump(join)
        if alt is not None:
            self.cfg.current = f_bb
            for child in alt.named_children if alt.type == "else_clause" else [alt]:
                self.statement(child)
            self.cfg.jump(join)
        self.cfg.current = join

    def _loop(self, exit_: int, body: Node | None, cont: int) -> None:
        self.breaks.append((exit_, len(self.scopes)))
        self.continues.append((cont, len(self.scopes)))
        if body is not None:
            self.statement(body)
        self.breaks.pop()
        self.continues.pop()

    def _while(self, node: Node) -> None:
        head, body_bb, exit_ = self.cfg.new_block(), self.cfg.new_block(), self.cfg.new_block()
        self.cfg.start(head)
        cond = node.child_by_field_name("condition")
        if cond is not None:
            self.cond(cond, body_bb, exit_)
        else:
            self.cfg.jump(body_bb)
        self.cfg.current = body_bb
        self._loop(exit_, node.child_by_field_name("body"), head)
        self.cfg.jump(head)
        self.cfg.current = exit_

    def _do(self, node: Node) -> None:
        body_bb, test, exit_ = self.cfg.new_block(), self.cfg.new_block(), self.cfg.new_block()
        self.cfg.start(body_bb)
        self._loop(exit_, node.child_by_field_name("body"), test)
        self.cfg.start(test)
        cond = node.child_by_field_name("condition")
        if cond is not None:
            self.cond(cond, body_bb, exit_)
        else:
            self.cfg.jump(exit_)
        self.cfg.current = exit_

    def _for(self, node: Node) -> None:
        self.open_scope(node)
        init = node.child_by_field_name("initializer")
        if init is not None:
            if init.type == "declaration":
                self.local_declaration(init)
            else:
                self.effect(init)
        head, body_bb, step, exit_ = (
            self.cfg.new_block(),
            self.cfg.new_block(),
            self.cfg.new_block(),
            self.cfg.new_block(),
        )
        self.cfg.start(head)
        cond = node.child_by_field_name("condition")
        if cond is not None:
            self.cond(cond, body_bb, exit_)
        else:
            self.cfg.jump(body_bb)
        self.cfg.current = body_bb
        self._loop(exit_, node.child_by_field_name("body"), step)
        self.cfg.start(step)
        update = node.child_by_field_name("update")
        if update is not None:
            self.effect(update)
        self.cfg.jump(head)
        self.cfg.current = exit_
        self.pop_scope(node)

    def _for_range(self, node: Node) -> None:
        self.open_scope(node)
        head, body_bb, exit_ = self.cfg.new_block(), self.cfg.new_block(), self.cfg.new_block()
        right = node.child_by_field_name("right")
        range_value = self.expr(right) if right is not None else Unknown("range")
        decl = node.child_by_field_name("declarator")
        name_node = declarator_name(decl)
        var = None
        var_text = ""
        if name_node is not None:
            var_text = node_text(name_node)
            var = Name(self.declare(var_text, "auto"), NameKind.LOCAL)
        self.cfg.start(head)
        self.cfg.branch(Unknown("range"), body_bb, exit_, self.ctx.loc(node), "for (...)")
        self.cfg.current = body_bb
        if var is not None:
            # Each iteration's element is a new value: the result of a call the engine
            # does not know, made again at the same place (values from the previous
            # iteration become older ones, never "the same object").
            self.cfg.emit(
                Call(
                    var,
                    Name(RANGE_ELEMENT, NameKind.EXTERN),
                    (range_value,),
                    self.ctx.loc(node),
                    f"{var_text} = next element",
                )
            )
        self._loop(exit_, node.child_by_field_name("body"), head)
        self.cfg.jump(head)
        self.cfg.current = exit_
        self.pop_scope(node)

    def _switch(self, node: Node) -> None:
        cond = node.child_by_field_name("condition")
        body = node.child_by_field_name("body")
        if cond is None or body is None:
            self.degrade(node, "malformed switch")
            return
        value = self._switch_value(cond)
        exit_ = self.cfg.new_block()
        cases = [c for c in body.named_children if c.type == "case_statement"]
        case_blocks = [self.cfg.new_block() for _ in cases]
        default = exit_
        for case, block in zip(cases, case_blocks):
            label = case.child_by_field_name("value")
            if label is None:
                default = block
                continue
            label_value = self.expr(label)
            nxt = self.cfg.new_block()
            self.cfg.branch(
                Binary("==", value, label_value),
                block,
                nxt,
                self.ctx.loc(case),
                f"case {node_text(label)}",
            )
            self.cfg.current = nxt
        self.cfg.jump(default)
        self.breaks.append((exit_, len(self.scopes)))
        self.open_scope(node)
        for case, block in zip(cases, case_blocks):
            self.cfg.start(block)
            label = case.child_by_field_name("value")
            for child in case.named_children:
                if label is not None and child.id == label.id:
                    continue
                self.statement(child)
        self.cfg.jump(exit_)
        for child in body.named_children:  # before the first case: reached only by goto
            if child.type != "case_statement":
                self.cfg.current = self.cfg.new_block()
                self.statement(child)
                self.cfg.jump(exit_)
        self.pop_scope(node)
        self.breaks.pop()
        self.cfg.current = exit_

    def _switch_value(self, cond: Node) -> Expr:
        named = [c for c in cond.named_children if c.type != "comment"]
        inner = named[-1] if named else cond
        # Expressions are pure and every case test runs before any case body, so the
        # scrutinee needs no temporary.
        if cond.type in ("parenthesized_expression", "condition_clause"):
            return self.expr(inner)
        return self.expr(cond)

    def _case(self, node: Node) -> None:
        # A case label outside a switch body's top level (Duff's device): lower its
        # statements in place; the label itself is not modelled.
        self.degrade(node, "case label nested in a statement")
        for child in node.named_children[1:]:
            self.statement(child)

    def _break(self, node: Node) -> None:
        if self.breaks:
            target, depth = self.breaks[-1]
            self._leave_scopes(depth, node, "on break")
            self.cfg.jump(target)
        else:
            self.degrade(node, "break outside loop or switch")

    def _continue(self, node: Node) -> None:
        if self.continues:
            target, depth = self.continues[-1]
            self._leave_scopes(depth, node, "on continue")
            self.cfg.jump(target)
        else:
            self.degrade(node, "continue outside loop")

    def _label_block(self, name: str) -> int:
        if name not in self.labels:
            self.labels[name] = self.cfg.new_block()
        return self.labels[name]

    def _goto(self, node: Node) -> None:
        label = node.child_by_field_name("label")
        if label is None:
            self.degrade(node, "goto without label")
            return
        name = node_text(label)
        if self.cleanups:
            self._leave_scopes(self._goto_depth(name), node, "on goto")
        self.cfg.jump(self._label_block(name))

    def _goto_depth(self, name: str) -> int:
        """How many of the open scopes also hold label `name`: a goto leaves the others.
        A label not in the function (ill-formed) leaves none."""
        if self._label_nodes is None:
            self._label_nodes = _labels(self._body)
        target = self._label_nodes.get(name)
        if target is None:
            return len(self.scopes)
        enclosing: set[int] = set()
        parent = target.parent
        while parent is not None:
            enclosing.add(parent.id)
            parent = parent.parent
        depth = 0
        while depth < len(self.scope_nodes) and (
            self.scope_nodes[depth] is None or self.scope_nodes[depth] in enclosing
        ):
            depth += 1
        return depth

    def _labeled(self, node: Node) -> None:
        label = node.child_by_field_name("label")
        if label is not None:
            self.cfg.start(self._label_block(node_text(label)))
        for child in node.named_children:
            if label is not None and child.id == label.id:
                continue
            self.statement(child)

    def _run_finallies(self, down_to: int) -> None:
        saved = self.finallies
        for i in range(len(saved) - 1, down_to - 1, -1):
            self.finallies = saved[:i]
            self.statement(saved[i])
        self.finallies = saved

    def _return(self, node: Node) -> None:
        named = [c for c in node.named_children if c.type != "comment"]
        value = self.expr(named[0]) if named else None
        loc, text = self.ctx.loc(node), node_text(node)
        if self.finallies or self.cleanups:
            if value is not None and not isinstance(value, (Const, Name)):
                tmp = self.temp()
                self.cfg.emit(Assign(tmp, value, loc, text))
                value = tmp
            self.run_cleanups(0, keep=True, loc=loc)
            self._run_finallies(0)
        self.cfg.ret(value, loc, text)

    def _seh_try(self, node: Node) -> None:
        body = node.child_by_field_name("body")
        clauses = [
            c for c in node.named_children if c.type in ("seh_except_clause", "seh_finally_clause")
        ]
        after = self.cfg.new_block()
        fin = next((c for c in clauses if c.type == "seh_finally_clause"), None)
        fin_body = fin.child_by_field_name("body") if fin is not None else None
        leave_to = self.cfg.new_block()
        if fin_body is not None:
            self.finallies.append(fin_body)
        self.leaves.append((leave_to, len(self.finallies)))
        if body is not None:
            self.statement(body)
        self.leaves.pop()
        if fin_body is not None:
            self.finallies.pop()
        self.cfg.start(leave_to)
        if fin_body is not None:
            self.statement(fin_body)
        self.cfg.jump(after)
        for c in clauses:
            if c.type == "seh_except_clause":
                handler = c.child_by_field_name("body")
                self.cfg.current = self.cfg.new_block()  # reached by no path
                if handler is not None:
                    self.statement(handler)
                self.cfg.jump(after)
        self.cfg.current = after

    def _seh_leave(self, node: Node) -> None:
        if not self.leaves:
            self.degrade(node, "__leave outside __try")
            return
        target, _depth = self.leaves[-1]
        self.cfg.jump(target)

    def _try(self, node: Node) -> None:
        """C++ try/catch: the body as if nothing is thrown; handlers kept unreachable."""
        after = self.cfg.new_block()
        body = node.child_by_field_name("body")
        if body is not None:
            self.statement(body)
        self.cfg.jump(after)
        for c in node.named_children:
            if c.type == "catch_clause":
                self.cfg.current = self.cfg.new_block()
                handler = c.child_by_field_name("body")
                if handler is not None:
                    self.statement(handler)
                self.cfg.jump(after)
        self.cfg.current = after

    def _throw(self, node: Node) -> None:
        for c in node.named_children:
            self.expr(c)
        self.cfg.current = None  # the path leaves the function abnormally; not modelled

    def _attributed(self, node: Node) -> None:
        for child in node.named_children:
            if child.type != "attribute_declaration":
                self.statement(child)


def _labels(body: Node | None) -> dict[str, Node]:
    """The labeled statements of a function body, by label name (the first of a name)."""
    found: dict[str, Node] = {}
    stack = [body] if body is not None else []
    while stack:
        node = stack.pop()
        if node.type == "labeled_statement":
            label = node.child_by_field_name("label")
            if label is not None:
                found.setdefault(node_text(label), node)
        stack.extend(node.named_children)
    return found


_STMT_HANDLERS: dict[str, Callable[[FunctionLowerer, Node], None]] = {
    "compound_statement": FunctionLowerer._compound,
    "expression_statement": FunctionLowerer._expression_statement,
    "declaration": FunctionLowerer._declaration,
    "if_statement": FunctionLowerer._if,
    "while_statement": FunctionLowerer._while,
    "do_statement": FunctionLowerer._do,
    "for_statement": FunctionLowerer._for,
    "for_range_loop": FunctionLowerer._for_range,
    "switch_statement": FunctionLowerer._switch,
    "case_statement": FunctionLowerer._case,
    "break_statement": FunctionLowerer._break,
    "continue_statement": FunctionLowerer._continue,
    "goto_statement": FunctionLowerer._goto,
    "labeled_statement": FunctionLowerer._labeled,
    "return_statement": FunctionLowerer._return,
    "seh_try_statement": FunctionLowerer._seh_try,
    "seh_leave_statement": FunctionLowerer._seh_leave,
    "try_statement": FunctionLowerer._try,
    "throw_statement": FunctionLowerer._throw,
    "attributed_statement": FunctionLowerer._attributed,
    "co_return_statement": FunctionLowerer._return,
}
