"""The WDK knowledge base (data in wdk.toml) as typed Python objects.

Invariant: loaded once per process and never mutated; NTSTATUS values are signed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import tomllib


@dataclass(frozen=True, slots=True)
class MacroTemplate:
    params: tuple[str, ...]
    body: str


@dataclass(frozen=True, slots=True)
class Knowledge:
    constants: dict[str, int]
    macros: dict[str, MacroTemplate]
    no_effect_calls: frozenset[str]
    assume_calls: frozenset[str]
    groups: dict[str, str]  # constant name -> its group (an enumeration, say)


def _signed32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


@functools.cache
def knowledge() -> Knowledge:
    data = tomllib.loads(
        resources.files("ddiverify.knowledge").joinpath("wdk.toml").read_text("utf-8")
    )
    signed_groups = set(data.get("signed32", {}).get("groups", []))
    constants: dict[str, int] = {}
    groups: dict[str, str] = {}
    for group, table in data["constants"].items():
        for name, value in table.items():
            constants[name] = _signed32(value) if group in signed_groups else int(value)
            groups[name] = group
    macros = {
        name: MacroTemplate(tuple(spec["params"]), spec["body"])
        for name, spec in data.get("macros", {}).items()
    }
    return Knowledge(
        constants=constants,
        macros=macros,
        no_effect_calls=frozenset(data.get("no_effect", {}).get("calls", [])),
        assume_calls=frozenset(data.get("assume", {}).get("calls", [])),
        groups=groups,
    )
