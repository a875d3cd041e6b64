"""Several rules as one monitor: the product the engine runs to check them in one
exploration of the harness.

Each rule keeps its own state variables, renamed `Rule.var`, and its handlers, marked
with their owner. The engine runs every handler of a live owner at each event; when one
aborts or halts, that owner's defect is recorded and the owner is *dead* on that path
(`dead_flag`): its handlers no longer run there and its variables go back to their
initial values, while the path goes on for the other rules. For each rule this is
exactly the single-rule monitor, whose path ends at the same point.

Invariant: `compose([r])` is not used (a single rule runs as itself); composing keeps
every handler, every variable and every watched cell of each rule.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from ddiverify.rules.ast import (
    Handler,
    RFor,
    RMember,
    RName,
    Rule,
    RUpdate,
    StateVar,
)

DEAD = "$dead"
APPROXIMATE_OF = "$approximate"


def owned(rule: str, var: str) -> str:
    """The composite's name of `rule`'s state variable `var`."""
    return f"{rule}.{var}"


def owner_of(name: str) -> str:
    """The rule that owns a composite state variable ("" for the engine's own marks)."""
    if name.startswith("$"):
        return ""
    return name.partition(".")[0] if "." in name else ""


def dead_flag(rule: str) -> str:
    return f"{DEAD}.{rule}"


def compose(rules: list[Rule]) -> Rule:
    """One rule whose state and handlers are those of `rules`, kept apart by owner."""
    state: list[StateVar] = []
    handlers: list[Handler] = []
    watches: list[tuple[str, ...]] = []
    for r in rules:
        names = {v.name: owned(r.name, v.name) for v in r.state}
        state.extend(replace(v, name=names[v.name]) for v in r.state)
        for h in r.handlers:
            params = {p for pat in h.calls for p in pat.params if p is not None}
            body = tuple(_renamed(s, names, frozenset(params)) for s in h.body)
            handlers.append(replace(h, body=body, owner=r.name))
        watches.extend(w for w in r.watches if w not in watches)
    first = rules[0]
    return Rule(
        name="+".join(r.name for r in rules),
        file=first.file,
        line=first.line,
        version=max(r.version for r in rules),
        sets=(),
        applies="any",
        summary="",
        description="",
        why="",
        example="",
        fix="",
        semantics="",
        applicable=(),
        state=tuple(state),
        watches=tuple(watches),
        handlers=tuple(handlers),
        parts=tuple(rules),
    )


def _renamed(x: Any, names: dict[str, str], local: frozenset[str]) -> Any:
    """`x` with each name of a state variable replaced by its composite name; handler
    parameters and `for` items shadow nothing (validation keeps them apart), but are
    left alone all the same."""
    if isinstance(x, tuple):
        return tuple(_renamed(y, names, local) for y in x)
    if isinstance(x, RName):
        return replace(x, name=names[x.name]) if x.name in names and x.name not in local else x
    if isinstance(x, RFor):
        inner = local | {x.item}
        return replace(
            x, var=names.get(x.var, x.var), body=tuple(_renamed(s, names, inner) for s in x.body)
        )
    if isinstance(x, (RMember, RUpdate)):
        x = replace(x, var=names.get(x.var, x.var))
    if is_dataclass(x) and not isinstance(x, type):
        changes = {
            f.name: _renamed(getattr(x, f.name), names, local)
            for f in fields(x)
            if f.name not in ("var", "name", "line", "col")
        }
        return replace(x, **changes) if any(changes[k] is not getattr(x, k) for k in changes) else x
    return x
