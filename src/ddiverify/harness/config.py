"""User overrides of discovery: the counterpart of SDV's sdv-map.h.

Two formats are accepted, chosen by extension:
- `.h` (SDV's own): lines `#define fun_<ROLE> <Function>`; SDV's `fun_DriverEntry` is
  the sp_DRIVER_INITIALIZE role. Such a file replaces discovery entirely, as in SDV.
- `.toml`: `kind = "virtual"`, `replace = true|false` (default false: add to what was
  found), `[[entry]] role = "HW_STARTIO"  function = "MyStartIo"`, and
  `[[exclude]] function = "Foo"` (optionally `role = ...`) to drop a discovered one.
Invariant: a bad config file is an `InputError` naming file and line, never a crash;
an unknown key is such an error (a misspelt `[[exclud]]` silently ignored would change
the verdicts without a word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import tomllib

from ddiverify.diagnostics import InputError
from ddiverify.harness.discovery import DriverModel, EntryPoint, FoundBy, Kind
from ddiverify.inputs.sources import read_file_option, too_deep
from ddiverify.ir.program import Program
from ddiverify.knowledge.roles import all_roles

_SDV_MAP = re.compile(r"^\s*#\s*define\s+fun_(\w+)\s+(\w+)")


@dataclass(frozen=True, slots=True)
class Overrides:
    kind: Kind | None = None
    replace: bool = False
    entries: tuple[tuple[str, str], ...] = ()
    excludes: tuple[tuple[str | None, str], ...] = field(default_factory=tuple)


def _role(name: str, where: str) -> str:
    if name == "DriverEntry":
        return "sp_DRIVER_INITIALIZE"
    if name not in all_roles():
        raise InputError(
            f"{where}: unknown role {name!r}; roles are named as in docs/harness.md "
            "(HW_FIND_ADAPTER, HW_STARTIO, ...)"
        )
    return name


_KEYS = {
    "": ("kind", "replace", "entry", "exclude"),
    "entry": ("role", "function"),
    "exclude": ("role", "function"),
}


def _line_of(text: str, key: str) -> int:
    """The line where `key` is set or opens a table (1 when it cannot be told)."""
    pattern = re.compile(rf"^\s*(\[\[?\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\])", re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _check_keys(data: dict[str, object], text: str, path: str) -> None:
    """Every key is one the format knows: a misspelt `exclude` must not be ignored."""
    tables: list[tuple[str, dict[str, object]]] = [("", data)]
    for name in ("entry", "exclude"):
        items = data.get(name, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise InputError(
                f"{path}:{_line_of(text, name)}: {name} must be an array of "
                f"tables, written [[{name}]]"
            )
        tables += [(name, item) for item in items]
    for table, values in tables:
        for key in values:
            if key not in _KEYS[table]:
                where = f"[[{table}]] " if table else ""
                raise InputError(
                    f"{path}:{_line_of(text, key)}: unknown key {key!r} "
                    f"{where}(known: {', '.join(_KEYS[table])})"
                )


def load_overrides(path: str) -> Overrides:
    p = Path(path)
    text = read_file_option(path, "configuration file")
    if p.suffix.lower() == ".h":
        entries = []
        for n, line in enumerate(text.splitlines(), 1):
            m = _SDV_MAP.match(line)
            if m:
                entries.append((_role(m.group(1), f"{path}:{n}"), m.group(2)))
        return Overrides(replace=True, entries=tuple(entries))
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise too_deep(text, path, "configuration file") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: not a valid configuration file ({e})") from e
    _check_keys(data, text, path)
    kind = data.get("kind")
    if kind is not None and kind not in ("physical", "virtual", "unknown"):
        raise InputError(f"{path}: kind must be physical, virtual or unknown, not {kind!r}")
    try:
        toml_entries = tuple(
            (_role(str(e["role"]), path), str(e["function"])) for e in data.get("entry", [])
        )
        excludes = tuple(
            (_role(str(e["role"]), path) if "role" in e else None, str(e["function"]))
            for e in data.get("exclude", [])
        )
    except (KeyError, TypeError) as e:
        raise InputError(
            f"{path}: each [[entry]] needs role and function, each [[exclude]] a function ({e})"
        ) from e
    return Overrides(
        Kind(kind) if kind else None, bool(data.get("replace", False)), toml_entries, excludes
    )


def apply_overrides(model: DriverModel, ov: Overrides, program: Program) -> DriverModel:
    eps = (
        []
        if ov.replace
        else [
            e
            for e in model.entry_points
            if not any(f == e.function and (r is None or r == e.role) for r, f in ov.excludes)
        ]
    )
    present = {(e.role, e.function) for e in eps}
    for role, fname in ov.entries:
        fn = program.functions.get(fname)
        if fn is None:
            raise InputError(
                f"configuration names {fname} as {role}, but the sources define "
                "no function of that name"
            )
        if (role, fname) in present:
            eps = [
                replace(e, found_by=FoundBy.CONFIG) if (e.role, e.function) == (role, fname) else e
                for e in eps
            ]
        else:
            old = next((e for e in model.entry_points if e.function == fname), None)
            eps.append(
                EntryPoint(role, fname, fn.loc, FoundBy.CONFIG, old.context if old else None)
            )
    eps.sort(key=lambda e: (e.loc, e.role, e.function))
    fa = dict(model.find_adapter_kinds)
    for e in eps:
        if e.role == "VIRTUAL_HW_FIND_ADAPTER":
            fa[e.function] = Kind.VIRTUAL
        elif e.role == "HW_FIND_ADAPTER":
            fa.setdefault(e.function, Kind.PHYSICAL)
    fa = {k: v for k, v in fa.items() if any(e.function == k for e in eps)}
    kinds = {k for k in fa.values() if k is not Kind.UNKNOWN}
    kind = ov.kind or (kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN)
    return DriverModel(kind, tuple(eps), tuple(sorted(fa.items())))
