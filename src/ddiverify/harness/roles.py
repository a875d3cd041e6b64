"""The role table (roles.toml) as typed data: role types, registration fields and calls."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import tomllib


@dataclass(frozen=True, slots=True)
class RoleType:
    role: str
    kind: str | None


@dataclass(frozen=True, slots=True)
class CallRegistration:
    name: str
    arg: int
    role: str
    context: int | None
    when_arg0: str | None


@dataclass(frozen=True, slots=True)
class RoleTable:
    role_types: dict[str, RoleType]
    fields: dict[str, str]
    calls: tuple[CallRegistration, ...]
    phases: dict[str, tuple[str, ...]]
    signatures: dict[str, tuple[str, ...]]

    def calls_named(self, name: str) -> list[CallRegistration]:
        return [c for c in self.calls if c.name == name]


FIND_ADAPTER = "FIND_ADAPTER"


@functools.cache
def role_table() -> RoleTable:
    raw = resources.files("ddiverify.harness").joinpath("roles.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    return RoleTable(
        role_types={k: RoleType(v["role"], v.get("kind")) for k, v in data["role_types"].items()},
        fields=dict(data["fields"]),
        calls=tuple(CallRegistration(c["name"], c["arg"], c["role"], c.get("context"),
                                     c.get("when_arg0")) for c in data["calls"]),
        phases={k: tuple(v) for k, v in data["phases"].items()},
        signatures={k: tuple(v) for k, v in data.get("signatures", {}).items()},
    )


def all_roles() -> frozenset[str]:
    t = role_table()
    roles = {rt.role for rt in t.role_types.values()} | {c.role for c in t.calls}
    roles |= {r for r in t.fields.values() if r != FIND_ADAPTER}
    return frozenset(roles | {"HW_FIND_ADAPTER", "VIRTUAL_HW_FIND_ADAPTER"})
