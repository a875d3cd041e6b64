"""The cells of the environment state the engine owns on every path (docs/harness.md): the
IRQL, the callback the harness called, the Storport locks held for it and those it may
acquire, the routines running, concurrent channels, and the kind of the path's
FindAdapter.

They live in the store, under one global root no C name can spell (`$env`), so the
environment flows along paths, through calls, reused calls and joins like any global: a
helper's result is reused only where it read the same IRQL, and a model's
`irql = ...` is a write. `engine.environment` decides what they hold at each entry.
"""

from __future__ import annotations

import functools

from ddiverify.engine.solver import Cmp, PathCond, interval
from ddiverify.engine.values import Cell, Int, Root, Sym, Value
from ddiverify.knowledge.roles import all_roles, role_table

ENV_ROOT = Root("global", "$env")


def env_cell(name: str) -> Cell:
    return Cell(ENV_ROOT, (name,))


IRQL = env_cell("irql")
ENTRY_IRQL = env_cell("entry_irql")
CONCURRENT_CHANNELS = env_cell("concurrent_channels")
CALLBACK = env_cell("callback")
STORPORT_LOCKS = env_cell("storport_locks")
MAY_ACQUIRE = env_cell("may_acquire")
KIND = env_cell("kind")
SRB = env_cell("srb")  # the SRB HwStorBuildIo hands on to HwStorStartIo
# The cells a rule or a model names (`irql = DISPATCH_LEVEL;`, `if (concurrent_channels)`).
NAMED = {"irql": IRQL, "entry_irql": ENTRY_IRQL, "concurrent_channels": CONCURRENT_CHANNELS}
# What a synchronous routine's caller gets back when the routine returns.
CALLER_STATE = (IRQL, STORPORT_LOCKS, MAY_ACQUIRE)

# The adapter's device level: one unknown per path, DISPATCH_LEVEL < DIRQL <= HIGH_LEVEL.
DIRQL = Sym(("dirql",), "DIRQL")
DIRQL_FACTS = frozenset({Cmp(">", DIRQL, Int(2)), Cmp("<=", DIRQL, Int(15))})
KIND_CODES = {"physical": 1, "virtual": 2}
LEVEL_NAMES = {0: "PASSIVE_LEVEL", 1: "APC_LEVEL", 2: "DISPATCH_LEVEL", 15: "HIGH_LEVEL"}


def describe_irql(v: Value, pc: PathCond | None = None) -> str:
    """An IRQL as a driver developer names it; a level the path leaves open (an entry
    at any level up to DISPATCH_LEVEL, a merge of paths) by the range it allows."""
    if isinstance(v, Int):
        return LEVEL_NAMES.get(v.v, str(v.v))
    if v == DIRQL:
        return "DIRQL"
    lo, hi = interval(pc, v) if pc is not None else (None, None)
    if lo is not None and lo == hi:
        return LEVEL_NAMES.get(lo, str(lo))
    if lo is not None and lo > 2:
        return "above DISPATCH_LEVEL"
    low = LEVEL_NAMES.get(max(lo or 0, 0), str(lo))
    if hi is None or hi >= 15:
        return f"{low} or above" if lo else "an unknown level"
    return f"{low} to {LEVEL_NAMES.get(hi, str(hi))}"


def running_cell(role: str) -> Cell:
    """How many routines of `role` are on the call stack (kept for the roles a rule's
    `running(...)` names)."""
    return Cell(ENV_ROOT, ("running", role))


@functools.cache
def role_codes() -> dict[str, int]:
    """A number per role, for the callback cell."""
    names = sorted(all_roles() | set(role_table().environments))
    return {name: i + 1 for i, name in enumerate(names)}
