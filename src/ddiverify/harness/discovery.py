"""Entry-point discovery and physical/virtual classification (docs/harness.md).

An entry point is found by a role-type declaration, a registration the driver performs
(a field of the initialisation data, ConfigInfo or the driver object, or a routine
handed to a Storport or OS call), or by name (DriverEntry). Invariants: each
(role, function) pair is reported once, with the strongest evidence
(role_type > registration > name); results are sorted by file, line, role.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ddiverify.ir.callgraph import FunctionPointers, function_of, function_pointers
from ddiverify.ir.cfg import Assign, Call, Loc, Stmt
from ddiverify.ir.expr import AddrOf, Const, Expr, Field, Index, Name
from ddiverify.ir.program import Function, Program
from ddiverify.knowledge.roles import FIND_ADAPTER, role_table


class FoundBy(enum.Enum):
    ROLE_TYPE = "role_type"
    REGISTRATION = "registration"
    NAME = "name"
    CONFIG = "config"


_STRENGTH = {FoundBy.CONFIG: 0, FoundBy.ROLE_TYPE: 1, FoundBy.REGISTRATION: 2, FoundBy.NAME: 3}


class Kind(enum.Enum):
    PHYSICAL = "physical"
    VIRTUAL = "virtual"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class EntryPoint:
    role: str
    function: str
    loc: Loc  # the definition (or the registration, if no body)
    found_by: FoundBy
    context: Expr | None = None  # what the driver registered as the routine's context
    registered_at: Loc | None = None
    has_body: bool = True
    registered_in: str | None = None  # the function that performs the registration


@dataclass(frozen=True, slots=True)
class DriverModel:
    kind: Kind
    entry_points: tuple[EntryPoint, ...]
    find_adapter_kinds: tuple[tuple[str, Kind], ...]

    def with_role(self, *roles: str) -> list[EntryPoint]:
        return [e for e in self.entry_points if e.role in roles]


@dataclass(frozen=True, slots=True)
class _Found:
    role: str  # may be FIND_ADAPTER until classified
    function: str
    found_by: FoundBy
    at: Loc
    context: Expr | None = None
    kind_hint: Kind | None = None
    registered_in: str | None = None


def _role_type_hits(program: Program) -> list[_Found]:
    table = role_table()
    hits = []
    for d in program.typed_decls:
        rt = table.role_types.get(d.type_name)
        if rt is None or d.name not in program.functions:
            continue  # a declared role with no body in this configuration runs nothing
        kind = Kind(rt.kind) if rt.kind else None
        hits.append(
            _Found(
                FIND_ADAPTER if kind else rt.role, d.name, FoundBy.ROLE_TYPE, d.loc, kind_hint=kind
            )
        )
    for fn in program.functions.values():  # `_Function_class_(HW_STARTIO)` says the same
        for a in fn.annotations:
            if a.name in ("_Function_class_", "__drv_functionClass"):
                rt = table.role_types.get(a.args.strip())
                if rt is not None:
                    kind = Kind(rt.kind) if rt.kind else None
                    hits.append(
                        _Found(
                            FIND_ADAPTER if kind else rt.role,
                            fn.name,
                            FoundBy.ROLE_TYPE,
                            fn.loc,
                            kind_hint=kind,
                        )
                    )
    return hits


def _field_name(lhs: Expr) -> str | None:
    while isinstance(lhs, Index):
        lhs = lhs.base
    return lhs.name if isinstance(lhs, Field) else None


def _resolve(
    value: Expr, program: Program, fps: FunctionPointers, function: str | None
) -> tuple[str, ...]:
    """The driver functions a registered value may be: `F`, `&F`, or what the variable,
    field or table element it reads (in `function`) was given anywhere."""
    direct = function_of(value, program)
    if direct is not None:
        return (direct,)
    if isinstance(value, Name) and value.name in program.functions:
        return ()
    if isinstance(value, (Name, Field, Index)):
        return fps.targets_of_slot(value, function)
    return ()


def _registration_hits(program: Program, fps: FunctionPointers) -> list[_Found]:
    table = role_table()
    hits: list[_Found] = []
    stmts: list[tuple[str | None, str | None, Stmt]] = [
        (key, fn.name, s)
        for key, fn in program.functions.items()
        for b in fn.blocks
        for s in b.stmts
    ]
    stmts += [(None, None, s) for g in program.globals.values() for s in g.init]
    for key, owner, s in stmts:
        if isinstance(s, Assign):
            field = _field_name(s.lhs)
            role = table.fields.get(field) if field is not None else None
            if role is None:
                continue
            for f in _resolve(s.rhs, program, fps, key):
                hits.append(_Found(role, f, FoundBy.REGISTRATION, s.loc, registered_in=owner))
        elif isinstance(s, Call) and s.callee_name is not None:
            for reg in table.calls_named(s.callee_name):
                if reg.arg >= len(s.args):
                    continue
                if reg.when_arg0 is not None and not (
                    s.args and isinstance(s.args[0], Const) and s.args[0].text == reg.when_arg0
                ):
                    continue
                context = (
                    s.args[reg.context]
                    if reg.context is not None and reg.context < len(s.args)
                    else None
                )
                for f in _resolve(s.args[reg.arg], program, fps, key):
                    hits.append(
                        _Found(
                            reg.role, f, FoundBy.REGISTRATION, s.loc, context, registered_in=owner
                        )
                    )
    return hits


def _init_data_kind(program: Program) -> Kind | None:
    """The kind the type of StorPortInitialize's initialisation data says (weakest hint)."""
    kinds: set[Kind] = set()
    for fn in program.functions.values():
        for c in fn.calls():
            if c.callee_name != "StorPortInitialize" or len(c.args) < 3:
                continue
            type_text = _type_of_arg(c.args[2], fn, program)
            if type_text is None:
                continue
            if "VIRTUAL_HW_INITIALIZATION_DATA" in type_text:
                kinds.add(Kind.VIRTUAL)
            elif "HW_INITIALIZATION_DATA" in type_text:
                kinds.add(Kind.PHYSICAL)
    return kinds.pop() if len(kinds) == 1 else None


def _type_of_arg(arg: Expr, fn: Function, program: Program) -> str | None:
    base = arg.base if isinstance(arg, AddrOf) else arg
    if not isinstance(base, Name):
        return None
    found = fn.type_of(base.name)
    if found is None and base.name in program.globals:
        found = program.globals[base.name].type_text
    return found


def _classify(function: str, hint: Kind | None, program: Program, init_kind: Kind | None) -> Kind:
    if hint is not None:
        return hint
    fn = program.functions.get(function)
    if fn is not None:
        if len(fn.params) == 7:
            return Kind.VIRTUAL
        if len(fn.params) == 6:
            return Kind.PHYSICAL
    return init_kind or Kind.UNKNOWN


def discover(program: Program) -> DriverModel:
    fps = function_pointers(program)
    hits = _role_type_hits(program) + _registration_hits(program, fps)
    if "DriverEntry" in program.functions:
        fn = program.functions["DriverEntry"]
        hits.append(_Found("sp_DRIVER_INITIALIZE", "DriverEntry", FoundBy.NAME, fn.loc))
    init_kind = _init_data_kind(program)
    type_hints = {h.function: h.kind_hint for h in hits if h.kind_hint is not None}
    fa_kinds: dict[str, Kind] = {}
    for h in hits:
        if h.role == FIND_ADAPTER:
            fa_kinds[h.function] = _classify(
                h.function, type_hints.get(h.function), program, init_kind
            )
    return _model(hits, fa_kinds, program)


def _model(hits: list[_Found], fa_kinds: dict[str, Kind], program: Program) -> DriverModel:
    best: dict[tuple[str, str], _Found] = {}
    for h in hits:
        role = h.role
        if role == FIND_ADAPTER:
            role = (
                "VIRTUAL_HW_FIND_ADAPTER"
                if fa_kinds.get(h.function) is Kind.VIRTUAL
                else "HW_FIND_ADAPTER"
            )
        key = (role, h.function)
        old = best.get(key)
        if (
            old is None
            or _STRENGTH[h.found_by] < _STRENGTH[old.found_by]
            or (old.context is None and h.context is not None and h.found_by == old.found_by)
        ):
            keep = h if h.context is not None or old is None else old
            best[key] = _Found(
                role, h.function, h.found_by, h.at, keep.context, h.kind_hint, keep.registered_in
            )
    eps = []
    for (role, name), h in best.items():
        fn = program.functions.get(name)
        loc = fn.loc if fn is not None else h.at
        eps.append(
            EntryPoint(
                role,
                name,
                loc,
                h.found_by,
                h.context,
                h.at if h.found_by is FoundBy.REGISTRATION else None,
                fn is not None,
                h.registered_in,
            )
        )
    eps.sort(key=lambda e: (e.loc, e.role, e.function))
    kinds = {k for k in fa_kinds.values() if k is not Kind.UNKNOWN}
    kind = kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN
    return DriverModel(kind, tuple(eps), tuple(sorted(fa_kinds.items())))
