"""The typed form of rule and DDI-model files (what `rules.parser` produces).

Invariants: every node is frozen and carries the line and column it came from (for
errors); a `Rule` has passed validation (every name resolved, every template
instantiated, every `@list` expanded), so the engine can trust its names.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

# -- expressions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RName:
    name: str
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RInt:
    value: int
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RString:
    value: str
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RDeref:
    operand: RExpr
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RField:
    base: RExpr
    name: str
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RIndex:
    base: RExpr
    index: RExpr
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RBinary:
    """Integer arithmetic: `+ - * / % & | ^ << >>` (schema 2)."""

    op: str
    left: RExpr
    right: RExpr
    line: int
    col: int = 0


class FreshKind(str, enum.Enum):
    """What a model's new value is: a new object, a NULL of its own, a failure status,
    or anything."""

    FRESH = "fresh"
    NULL = "null"
    ERROR = "error"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class RFresh:
    """A new value from a DDI: `fresh("...")` (non-NULL), `fresh_null`, `error()`, `any()`."""

    kind: FreshKind
    hint: str
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RAnnotation:
    """`annotation(NAME)`: the value of the SAL annotation NAME's argument on the event's
    function (`annotation(_IRQL_requires_max_)` is DISPATCH_LEVEL's value; schema 2)."""

    name: str
    line: int
    col: int = 0


RExpr = RName | RInt | RString | RDeref | RField | RIndex | RBinary | RFresh | RAnnotation


# -- conditions -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RCompare:
    op: str
    left: RExpr
    right: RExpr
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RMember:
    item: RExpr
    var: str
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class REscaped:
    value: RExpr
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RTruthy:
    value: RExpr
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RNot:
    operand: RCond
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RAnd:
    operands: tuple[RCond, ...]
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class ROr:
    operands: tuple[RCond, ...]
    line: int
    col: int = 0


class Query(str, enum.Enum):
    """What the environment knows about the path (schema 2 conditions)."""

    CALLBACK = "callback"  # callback(ROLE, ...): the harness called a routine of these roles
    RUNNING = "running"  # running(ROLE, ...): a routine of these roles is on the stack
    STORPORT_HOLDS = "storport_holds"  # storport_holds(lock): Storport holds it for the callback
    MAY_ACQUIRE = "may_acquire"  # may_acquire(lock): the callback may acquire it
    DRIVER_ROUTINE = "driver_routine"  # driver_routine(v): v is a function the driver defines
    ASSIGNED_NULL = "assigned_null"  # assigned_null(p): p is a NULL the code or a model made
    NULL_TESTED = "null_tested"  # null_tested(p): the dereferenced p is a parameter or
    #                                  global its function compares with NULL
    ANNOTATED = "annotated"  # annotated(NAME): the event's function has that SAL
    #                                  annotation (with a constant argument, if any)
    IN_SECTION = "in_section"  # in_section("PAGE"): the event's function is in a
    #                                  code section whose name starts so
    MATCHES = "matches"  # matches(v, "REGEX"): v is a string literal whose
    #                                  content the regular expression finds a match in


# The queries about one value (the rest name roles).
VALUE_QUERIES = frozenset(
    {
        Query.STORPORT_HOLDS,
        Query.MAY_ACQUIRE,
        Query.DRIVER_ROUTINE,
        Query.ASSIGNED_NULL,
        Query.NULL_TESTED,
        Query.MATCHES,
    }
)


@dataclass(frozen=True, slots=True)
class REnvQuery:
    query: Query
    roles: tuple[str, ...]  # for callback / running
    value: RExpr | None  # for storport_holds / may_acquire
    line: int
    col: int = 0
    text: str = ""  # for annotated (the SAL name) / in_section (the prefix)
    #                                  / matches (the regular expression)


@dataclass(frozen=True, slots=True)
class RCertain:
    """`certain(c)`: `c` holds on every value the path allows (no fork; schema 2)."""

    operand: RCond
    line: int
    col: int = 0


RCond = RCompare | RMember | REscaped | RTruthy | RNot | RAnd | ROr | REnvQuery | RCertain


# -- statements -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RIf:
    cond: RCond
    then: tuple[RStmt, ...]
    orelse: tuple[RStmt, ...]
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RAbort:
    """`abort "m";` (the path ends with a defect) or, with `goes_on`, `report "m";` (a
    defect at this event; the handler stops and the path goes on, so a rule whose every
    call site matters -- a forbidden DDI -- reports each one a path reaches)."""

    message: str
    line: int
    col: int = 0
    goes_on: bool = False


@dataclass(frozen=True, slots=True)
class RHalt:
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RUpdate:
    """`var += e`, `var -= e` (sets: add/remove; ints: arithmetic), `var = e`, `var[k] = e`."""

    op: str  # "+=" | "-=" | "=" | "[]="
    var: str
    value: RExpr
    key: RExpr | None
    line: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class RFor:
    item: str
    var: str
    body: tuple[RStmt, ...]
    line: int
    col: int = 0


RStmt = RIf | RAbort | RHalt | RUpdate | RFor


# -- rules ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallPattern:
    name: str
    params: tuple[str | None, ...]  # None for `_`
    line: int = 0
    col: int = 0


class EventKind(str, enum.Enum):
    CALL = "call"  # before a DDI call
    RETURN = "return"  # after it, with `result`
    EXIT = "exit"  # an entry point returns, with `result`
    ENTRY = "entry"  # the harness calls an entry point (schema 2)
    DEREF = "deref"  # the code reads or writes through a pointer (schema 2)
    FUNCTION_CALL = "call function"  # the driver calls one of its own functions (schema 2)
    FUNCTION_EXIT = "exit function"  # a driver function returns, with `result` (schema 2)


@dataclass(frozen=True, slots=True)
class Handler:
    event: EventKind
    calls: tuple[CallPattern, ...]  # for call/return
    roles: tuple[str, ...]  # for exit/entry: empty = every entry point
    body: tuple[RStmt, ...]
    line: int
    owner: str = ""  # in a composed monitor: the rule it belongs to
    # For exit/entry: the names each role's pattern gives the routine's parameters
    # (`on exit entry HW_BUILDIO(_, srb)`), one tuple per role; for deref: the pointer's.
    role_params: tuple[tuple[str | None, ...], ...] = ()


class VarKind(str, enum.Enum):
    SET = "set"
    MAP = "map"
    INT = "int"


@dataclass(frozen=True, slots=True)
class StateVar:
    kind: VarKind
    name: str
    init: RExpr | None
    line: int
    states: tuple[str, ...] = ()  # a map's declared states (`map M of "a", "b";`)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    file: str
    line: int
    version: int
    sets: tuple[str, ...]
    applies: str  # "any" | "physical" | "virtual"
    summary: str
    description: str
    why: str
    example: str
    fix: str
    semantics: str
    applicable: tuple[str, ...]  # calls whose reachability makes the rule applicable
    state: tuple[StateVar, ...]
    watches: tuple[tuple[str, ...], ...]
    handlers: tuple[Handler, ...]
    applicable_roles: tuple[str, ...] = ()  # or: the driver has a routine of one of these
    applicable_always: bool = False  # or: always (checked at FindAdapter's exits)
    # or: a function reachable from an entry point has the SAL annotation
    # (("annotated", NAME)) or is in a code section starting so (("section", PREFIX))
    applicable_functions: tuple[tuple[str, str], ...] = ()
    parts: tuple[Rule, ...] = ()  # a composed monitor's rules (rules.compose)

    def monitored_calls(self) -> frozenset[str]:
        return frozenset(p.name for h in self.handlers for p in h.calls)

    def asks(self, query: Query) -> bool:
        """Whether a condition of the rule is `query(...)`."""
        todo: list[object] = [h.body for h in self.handlers]
        while todo:
            x = todo.pop()
            if isinstance(x, REnvQuery) and x.query is query:
                return True
            if isinstance(x, (tuple, list)):
                todo.extend(x)
            elif hasattr(x, "__dataclass_fields__"):
                todo.extend(getattr(x, f) for f in x.__dataclass_fields__)
        return False

    def reads_pointers(self) -> bool:
        """Whether the rule watches dereferences or asks where a NULL came from: the
        engine then follows every routine and gives NULLs an identity, an exploration
        other rules must not share (their paths would not be those they get alone)."""
        return (
            any(h.event is EventKind.DEREF for h in self.handlers)
            or self.asks(Query.ASSIGNED_NULL)
            or self.watches_functions()
        )

    def watches_functions(self) -> bool:
        """Whether a handler runs at the calls or exits of the driver's own functions:
        the engine then follows every routine (a helper reaching no DDI matters too)."""
        return any(
            h.event in (EventKind.FUNCTION_CALL, EventKind.FUNCTION_EXIT) for h in self.handlers
        )


# -- DDI models -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    label: str
    when: RCond | None
    result: RExpr | None
    writes: tuple[tuple[str, RExpr], ...]  # (param name, value) for `*param = value`
    field_writes: tuple[tuple[str, str, RExpr], ...]  # `param->field = value`
    register: bool
    line: int
    env_writes: tuple[tuple[str, RExpr], ...] = ()  # `irql = value` (schema 2)


@dataclass(frozen=True, slots=True)
class Model:
    names: tuple[str, ...]
    params: tuple[str | None, ...]
    outcomes: tuple[Outcome, ...]
    file: str
    line: int
