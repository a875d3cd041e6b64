"""The harness's one adapter: which pointer types and members designate its extension.

The harness models one adapter (docs/harness.md), so every pointer to the miniport's device
extension type points to *the* device extension. Drivers keep such back-pointers in
their own structures (`ChannelExtension->AdapterExtension`) and reach them from contexts
the harness cannot build (a DPC's SystemArgument1). A member declared with that type
which the path never wrote therefore reads as the device extension, not as an unknown
pointer: a flag FindAdapter set there is then the flag a callback tests.

The device extension's type is learnt from the entry points themselves: the type of a
local that receives the device-extension parameter (`ext = (PMY_EXT)DeviceExtension;`).
"""

from __future__ import annotations

from ddiverify.harness.discovery import DriverModel
from ddiverify.ir.cfg import Assign
from ddiverify.ir.expr import Name, NameKind
from ddiverify.ir.program import Program
from ddiverify.knowledge.roles import role_table

# Pointer types too general to name the extension (`PVOID ctx = DeviceExtension;`).
_GENERIC = ("VOID", "void", "CHAR", "char", "BYTE", "ULONG_PTR", "SIZE_T")


def extension_types(program: Program, model: DriverModel) -> frozenset[str]:
    """Pointer type texts of locals that receive an entry point's device extension."""
    table = role_table()
    out: set[str] = set()
    for ep in model.entry_points:
        fn = program.functions.get(ep.function)
        if fn is None:
            continue
        sig = table.signatures.get(ep.role, ())
        names = {p.name for i, p in enumerate(fn.params) if i < len(sig) and sig[i] == "devext"}
        if not names:
            continue
        for stmt in fn.statements():
            if (
                isinstance(stmt, Assign)
                and isinstance(stmt.lhs, Name)
                and stmt.lhs.kind is NameKind.LOCAL
                and isinstance(stmt.rhs, Name)
                and stmt.rhs.name in names
            ):
                t = fn.type_of(stmt.lhs.name)
                if t is not None and _specific_pointer(t):
                    out.add(_norm(t))
    return frozenset(out)


def extension_members(program: Program, model: DriverModel) -> frozenset[str]:
    """Struct members every declaration of which has a device-extension pointer type."""
    types = extension_types(program, model)
    if not types:
        return frozenset()
    return frozenset(
        name
        for name, declared in program.field_types.items()
        if declared and all(_norm(t) in types for t in declared)
    )


def _specific_pointer(t: str) -> bool:
    t = t.strip()
    if "[" in t or not (t.endswith("*") or t.startswith("P")):
        return False
    return not any(g in t for g in _GENERIC)


def _norm(t: str) -> str:
    return "".join(t.split())
