"""The typed form of rule and DDI-model files (what `rules.parser` produces).

Invariants: every node is frozen and carries the line it came from (for errors);
a `Rule` has passed validation, so the engine can trust its names.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- expressions ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RName:
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class RInt:
    value: int
    line: int


@dataclass(frozen=True, slots=True)
class RString:
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class RDeref:
    operand: RExpr
    line: int


@dataclass(frozen=True, slots=True)
class RField:
    base: RExpr
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class RIndex:
    base: RExpr
    index: RExpr
    line: int


@dataclass(frozen=True, slots=True)
class RFresh:
    """A new value from a DDI: `fresh("...")` (non-NULL), `fresh_null`, `error()`, `any()`."""

    kind: str       # "fresh" | "null" | "error" | "any"
    hint: str
    line: int


RExpr = RName | RInt | RString | RDeref | RField | RIndex | RFresh


# -- conditions -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RCompare:
    op: str
    left: RExpr
    right: RExpr
    line: int


@dataclass(frozen=True, slots=True)
class RMember:
    item: RExpr
    var: str
    line: int


@dataclass(frozen=True, slots=True)
class REscaped:
    value: RExpr
    line: int


@dataclass(frozen=True, slots=True)
class RTruthy:
    value: RExpr
    line: int


@dataclass(frozen=True, slots=True)
class RNot:
    operand: RCond
    line: int


@dataclass(frozen=True, slots=True)
class RAnd:
    operands: tuple[RCond, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ROr:
    operands: tuple[RCond, ...]
    line: int


RCond = RCompare | RMember | REscaped | RTruthy | RNot | RAnd | ROr


# -- statements -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RIf:
    cond: RCond
    then: tuple[RStmt, ...]
    orelse: tuple[RStmt, ...]
    line: int


@dataclass(frozen=True, slots=True)
class RAbort:
    message: str
    line: int


@dataclass(frozen=True, slots=True)
class RHalt:
    line: int


@dataclass(frozen=True, slots=True)
class RUpdate:
    """`var += e`, `var -= e` (sets: add/remove; ints: arithmetic), `var = e`, `var[k] = e`."""

    op: str          # "+=" | "-=" | "=" | "[]="
    var: str
    value: RExpr
    key: RExpr | None
    line: int


@dataclass(frozen=True, slots=True)
class RFor:
    item: str
    var: str
    body: tuple[RStmt, ...]
    line: int


RStmt = RIf | RAbort | RHalt | RUpdate | RFor


# -- rules ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CallPattern:
    name: str
    params: tuple[str | None, ...]    # None for `_`


@dataclass(frozen=True, slots=True)
class Handler:
    event: str                        # "call" | "return" | "exit"
    calls: tuple[CallPattern, ...]    # for call/return
    roles: tuple[str, ...]            # for exit: empty = every entry point
    body: tuple[RStmt, ...]
    line: int


@dataclass(frozen=True, slots=True)
class StateVar:
    kind: str                         # "set" | "map" | "int"
    name: str
    init: RExpr | None
    line: int


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    file: str
    line: int
    version: int
    sets: tuple[str, ...]
    applies: str                      # "any" | "physical" | "virtual"
    summary: str
    description: str
    why: str
    example: str
    fix: str
    semantics: str
    applicable: tuple[str, ...]      # calls whose reachability makes the rule applicable
    state: tuple[StateVar, ...]
    watches: tuple[tuple[str, ...], ...]
    handlers: tuple[Handler, ...]

    def monitored_calls(self) -> frozenset[str]:
        return frozenset(p.name for h in self.handlers for p in h.calls)


# -- DDI models -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Outcome:
    label: str
    when: RCond | None
    result: RExpr | None
    writes: tuple[tuple[str, RExpr], ...]   # (param name, value) for `*param = value`
    field_writes: tuple[tuple[str, str, RExpr], ...]   # `param->field = value`
    register: bool
    line: int


@dataclass(frozen=True, slots=True)
class Model:
    names: tuple[str, ...]
    params: tuple[str | None, ...]
    outcomes: tuple[Outcome, ...]
    file: str
    line: int
