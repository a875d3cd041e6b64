"""Evaluation of IR expressions to symbolic values and memory cells, in one state.

Invariants: evaluation never changes the state (reading a cell never written yields a
deterministic symbol instead of caching one); `cell_of` returns None only for
expressions that denote no memory (constants, arithmetic).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ddiverify.engine.solver import NEGATE, Cmp
from ddiverify.engine.state import ReadLog, State
from ddiverify.engine.values import (
    LITERAL_PREFIX,
    ZERO,
    Addr,
    Cell,
    Int,
    Root,
    Sym,
    Term,
    Value,
    fold,
    pointee,
)
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
from ddiverify.ir.program import Function, Program


@dataclass(frozen=True, slots=True)
class Frame:
    function: Function
    stack: tuple[object, ...]  # call sites from the harness down to this call
    entry: str  # the entry point this call runs under
    # The frame's variable cells, made once: hashing a cell hashes the whole call stack.
    cells: dict[str, Cell] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def local(self, name: str) -> Cell:
        cell = self.cells.get(name)
        if cell is None:
            cell = self.cells[name] = Cell(Root("local", name, self.stack))
        return cell


def function_value(name: str) -> Addr:
    return Addr(Cell(Root("function", name)))


def function_named(v: Value) -> str | None:
    if isinstance(v, Addr) and v.cell.root.kind == "function" and not v.cell.path:
        return v.cell.root.name
    return None


class Evaluator:
    def __init__(self, program: Program, reads: ReadLog) -> None:
        self.program = program
        self.reads = reads
        # Members that point to the harness's one device extension, and its address
        # (see harness/adapter.py); set by the harness run.
        self.extension_members: frozenset[str] = frozenset()
        self.extension: Value | None = None
        # Arrays: their name stands for their address (C's decay), so `p = buf;` and
        # `memcpy(ext->Buf, ...)` pass the array, never the zero fill of its first bytes.
        self.array_members = frozenset(
            name
            for name, types in program.field_types.items()
            if types and all(t.endswith("[]") for t in types)
        )
        self._types: dict[tuple[str, str], str | None] = {}

    def _declared_type(self, name: str, frame: Frame) -> str | None:
        """The declared type of a variable the frame's function names (a local, a
        parameter or a global), looked up once per function and name."""
        key = (frame.function.name, name)
        if key not in self._types:
            t = frame.function.type_of(name)
            if t is None and name in self.program.globals:
                t = self.program.globals[name].type_text
            self._types[key] = t
        return self._types[key]

    def _is_array(self, name: str, frame: Frame) -> bool:
        t = self._declared_type(name, frame)
        return t is not None and t.endswith("[]")

    def is_pointer(self, base: Expr, frame: Frame) -> bool:
        """Whether `base` is a variable declared as a pointer."""
        return self._is_pointer(base, frame)

    def _is_pointer(self, base: Expr, frame: Frame) -> bool:
        if not isinstance(base, Name):
            return False
        t = self._declared_type(base.name, frame)
        if t is None:
            return False
        return "[" not in t and ("*" in t or t.lstrip().startswith("P"))

    def cell_of(self, e: Expr, frame: Frame, st: State) -> Cell | None:
        if isinstance(e, Name):
            if e.kind in (NameKind.LOCAL, NameKind.PARAM):
                return frame.local(e.name)
            if e.kind is NameKind.FUNC:
                return None
            return Cell(Root("global", e.name))
        if isinstance(e, Field):
            if e.arrow:
                target = pointee(self.value_of(e.base, frame, st))
                return target.child(e.name) if target is not None else None
            base = self.cell_of(e.base, frame, st)
            return base.child(e.name) if base is not None else None
        if isinstance(e, Deref):
            return pointee(self.value_of(e.base, frame, st))
        if isinstance(e, Index):
            idx = self.value_of(e.index, frame, st)
            step: object = idx.v if isinstance(idx, Int) else idx
            # `p[i]` through a pointer (a value that is an address, or a variable declared
            # as a pointer) is `*(p + i)`; otherwise `a[i]` is an element of the array cell.
            base_value = self.value_of(e.base, frame, st)
            if isinstance(base_value, Addr) or self._is_pointer(e.base, frame):
                target = pointee(base_value)
                return target.child(step) if target is not None else None
            base = self.cell_of(e.base, frame, st)
            return base.child(step) if base is not None else None
        return None

    def value_of(self, e: Expr, frame: Frame, st: State) -> Value:
        if isinstance(e, Const):
            return Int(e.value)
        if isinstance(e, Name):
            if e.kind is NameKind.FUNC or (
                e.kind is NameKind.EXTERN and e.name in self.program.functions
            ):
                return function_value(e.name)
            cell = self.cell_of(e, frame, st)
            if cell is None:
                return Sym(("extern", e.name), e.name)
            return Addr(cell) if self._is_array(e.name, frame) else self.reads.read(st, cell)
        if isinstance(e, (Field, Deref, Index)):
            cell = self.cell_of(e, frame, st)
            if cell is None:
                return Sym(("unknown", str(e), frame.stack), str(e))
            if isinstance(e, Field) and e.name in self.array_members:
                return Addr(cell)
            v = self.reads.read(st, cell)
            if (
                isinstance(e, Field)
                and e.name in self.extension_members
                and self.extension is not None
                and isinstance(v, Sym)
                and v.key == ("read", cell)
            ):
                return self.extension  # a back-pointer to the one adapter's extension
            return v
        if isinstance(e, AddrOf):
            if isinstance(e.base, Name) and e.base.kind is NameKind.FUNC:
                return function_value(e.base.name)
            cell = self.cell_of(e.base, frame, st)
            return Addr(cell) if cell is not None else Sym(("unknown", str(e), frame.stack))
        if isinstance(e, Str):
            # One object per literal text: `matches(v, ...)` reads the content back from
            # the name (values.literal_content).
            return Addr(Cell(Root("object", f"{LITERAL_PREFIX}{e.content or e.text[:40]}")))
        if isinstance(e, Unary):
            v = self.value_of(e.operand, frame, st)
            if e.op == "-":
                return fold("-", ZERO, v)
            if e.op == "!":
                c = self.cond_of(e.operand, frame, st)
                return (
                    Term(NEGATE[c.op], (c.left, c.right))
                    if not isinstance(c.left, Int) or not isinstance(c.right, Int)
                    else Int(int(not _eval_int(c)))
                )
            if e.op == "~" and isinstance(v, Int):
                return Int(~v.v)
            return Term(e.op, (v,))
        if isinstance(e, Binary):
            a = self.value_of(e.left, frame, st)
            b = self.value_of(e.right, frame, st)
            if e.op in NEGATE:
                if isinstance(a, Int) and isinstance(b, Int):
                    return Int(int(_eval_int(Cmp(e.op, a, b))))
                return Term(e.op, (a, b))
            return fold(e.op, a, b)
        if isinstance(e, Unknown):
            return Sym(("unknown", e.text, frame.stack), e.text)
        return Sym(("unknown", str(e), frame.stack))

    def cond_of(self, e: Expr, frame: Frame, st: State) -> Cmp:
        """The comparison a branch on `e` tests (C truth: non-zero)."""
        if isinstance(e, Binary) and e.op in NEGATE:
            return Cmp(e.op, self.value_of(e.left, frame, st), self.value_of(e.right, frame, st))
        if isinstance(e, Unary) and e.op == "!":
            return self.cond_of(e.operand, frame, st).negated()
        v = self.value_of(e, frame, st)
        return truth(v)


def truth(v: Value) -> Cmp:
    if isinstance(v, Term) and v.op in NEGATE and len(v.args) == 2:
        return Cmp(v.op, v.args[0], v.args[1])
    return Cmp("!=", v, ZERO)


def _eval_int(c: Cmp) -> bool:
    assert isinstance(c.left, Int) and isinstance(c.right, Int)
    a, b = c.left.v, c.right.v
    return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[c.op]
