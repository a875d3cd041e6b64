"""The role table (roles.toml) as typed data: role types, registrations, the harness's
phases, ConfigInfo's defaults, and the environment each routine is called in.

Invariant: the table is read once and never changed; conditions and levels stay text in
the rule language here (the engine parses them: this package comes before the rules). The
contract this data encodes is docs/harness.md.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

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
class Phase:
    """One initialisation step of the harness (roles.toml, `[[phases]]`)."""

    name: str
    roles: tuple[str, ...]
    proceed: str | None  # "OP CONSTANT": where the path goes on; None: always
    alternatives: bool  # each routine on a path of its own
    registered: bool  # only where the driver registered the routine


@dataclass(frozen=True, slots=True)
class Case:
    """One case of an environment fact: the first whose `when` holds applies."""

    when: str | None
    level: str | None = None  # an IRQL (rule-language expression)
    range: tuple[str, str] | None = None  # any IRQL between two
    locks: tuple[str, ...] = ()  # STOR_SPINLOCK names


@dataclass(frozen=True, slots=True)
class Environment:
    """What the environment is while a routine of a role runs (docs/harness.md)."""

    irql: tuple[Case, ...]
    storport_locks: tuple[Case, ...]
    may_acquire: tuple[Case, ...]


@dataclass(frozen=True, slots=True)
class RoleTable:
    role_types: dict[str, RoleType]
    fields: dict[str, str]
    calls: tuple[CallRegistration, ...]
    phases: tuple[Phase, ...]
    signatures: dict[str, tuple[str, ...]]
    config_defaults: dict[str, str]
    environments: dict[str, Environment]
    dump_mode: tuple[str, Environment] | None = None  # its condition, and what changes
    requests: frozenset[str] = frozenset()  # roles Storport sends requests to

    def calls_named(self, name: str) -> list[CallRegistration]:
        return [c for c in self.calls if c.name == name]

    def environment(self, role: str) -> Environment:
        return self.environments.get(role) or self.environments["default"]

    def phase_roles(self) -> frozenset[str]:
        return frozenset(r for p in self.phases for r in p.roles)


FIND_ADAPTER = "FIND_ADAPTER"


def _cases(raw: list[dict[str, Any]]) -> tuple[Case, ...]:
    out = []
    for c in raw:
        rng = c.get("range")
        out.append(
            Case(
                c.get("when"),
                c.get("level"),
                (rng[0], rng[1]) if rng else None,
                tuple(c.get("locks", ())),
            )
        )
    return tuple(out)


@functools.cache
def role_table() -> RoleTable:
    raw = resources.files("ddiverify.knowledge").joinpath("roles.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    return RoleTable(
        role_types={k: RoleType(v["role"], v.get("kind")) for k, v in data["role_types"].items()},
        fields=dict(data["fields"]),
        calls=tuple(
            CallRegistration(c["name"], c["arg"], c["role"], c.get("context"), c.get("when_arg0"))
            for c in data["calls"]
        ),
        phases=tuple(
            Phase(
                p["name"],
                tuple(p["roles"]),
                p.get("continue"),
                bool(p.get("alternatives")),
                bool(p.get("registered")),
            )
            for p in data["phases"]
        ),
        signatures={k: tuple(v) for k, v in data.get("signatures", {}).items()},
        config_defaults=dict(data.get("config_defaults", {})),
        environments={
            k: Environment(
                _cases(v.get("irql", [])),
                _cases(v.get("storport_locks", [])),
                _cases(v.get("may_acquire", [])),
            )
            for k, v in data.get("environment", {}).items()
        },
        dump_mode=(
            data["dump_mode"]["when"],
            Environment(
                (),
                _cases(data["dump_mode"].get("storport_locks", [])),
                _cases(data["dump_mode"].get("may_acquire", [])),
            ),
        )
        if "dump_mode" in data
        else None,
        requests=frozenset(data.get("requests", ())),
    )


def all_roles() -> frozenset[str]:
    t = role_table()
    roles = {rt.role for rt in t.role_types.values()} | {c.role for c in t.calls}
    roles |= {r for r in t.fields.values() if r != FIND_ADAPTER}
    return frozenset(roles | {"HW_FIND_ADAPTER", "VIRTUAL_HW_FIND_ADAPTER"})
