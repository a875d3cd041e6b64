"""The whole driver as the analysis sees it: functions, globals and file-scope facts.

Invariants: a `Program` is immutable and deterministic (functions ordered by file and
line); names of functions are unique (a second `static` function of the same name in
another file is kept under `name@file`); every location is an original source location.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ddiverify.ir.cfg import Block, Call, Loc, Stmt


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type_text: str


@dataclass(frozen=True, slots=True)
class Annotation:
    """A SAL fact kept on a function, e.g. `_IRQL_requires_max_(DISPATCH_LEVEL)`."""

    name: str
    args: str


@dataclass(frozen=True, slots=True)
class Degradation:
    loc: Loc
    what: str


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    loc: Loc  # where the name appears in the definition's declarator
    end: Loc  # the closing brace (the exit of a fall-off-the-end path)
    params: tuple[Param, ...]
    local_types: tuple[tuple[str, str], ...]  # (local name, declared type text)
    blocks: tuple[Block, ...]
    is_static: bool = False
    annotations: tuple[Annotation, ...] = ()
    degraded: tuple[Degradation, ...] = ()
    section: str = ""  # its code section (`#pragma alloc_text`/`code_seg`); "" default

    @property
    def entry(self) -> int:
        return 0

    def calls(self) -> list[Call]:
        return [s for b in self.blocks for s in b.stmts if isinstance(s, Call)]

    def statements(self) -> list[Stmt]:
        return [s for b in self.blocks for s in b.stmts]

    def type_of(self, name: str) -> str | None:
        for p in self.params:
            if p.name == name:
                return p.type_text
        for local, type_text in self.local_types:
            if local == name:
                return type_text
        return None


@dataclass(frozen=True, slots=True)
class GlobalVar:
    name: str
    type_text: str
    loc: Loc
    init: tuple[Stmt, ...] = ()  # initialisation, run before the driver's first routine


@dataclass(frozen=True, slots=True)
class TypedDecl:
    """A file-scope `TYPE name;` declaration: how role types (`HW_STARTIO F;`) appear."""

    type_name: str
    name: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Program:
    functions: dict[str, Function]
    globals: dict[str, GlobalVar]
    typed_decls: tuple[TypedDecl, ...]
    files: tuple[str, ...]
    lines: int
    prototypes: frozenset[str] = field(default_factory=frozenset)  # declared, maybe not defined
    field_types: dict[str, frozenset[str]] = field(default_factory=dict)  # member -> types

    def function(self, name: str) -> Function | None:
        return self.functions.get(name)

    @property
    def degraded_functions(self) -> list[Function]:
        return [f for f in self.functions.values() if f.degraded]
