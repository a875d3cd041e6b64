"""When a rule can no longer act on a path: the cut the harness makes between routines.

Each case is a catalogue rule and a state (rule variables, ConfigInfo values, path
condition); `dormant` must say True only when no handler can abort or change the rule's
state whatever the later calls' arguments are.
"""

from __future__ import annotations

import pytest

from ddiverify.engine.analyzer import CONFIG
from ddiverify.engine.dormant import dormant, holds_address_into
from ddiverify.engine.solver import Cmp
from ddiverify.engine.state import EMPTY_STORE, State
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Term, Value
from ddiverify.knowledge.wdk import knowledge
from ddiverify.rules.catalog import load_catalog

PER_MESSAGE, ALL = 2, 1
MODE = CONFIG.child("InterruptSynchronizationMode")
BLOCK = Addr(Cell(Root("object", "block")))


def state(
    rule: str,
    config: dict[str, Value] | None = None,
    rule_vars: dict[str, object] | None = None,
    pc: frozenset[Cmp] = frozenset(),
) -> State:
    r = load_catalog().rule(rule)
    assert r is not None
    init: dict[str, object] = {
        v.name: frozenset() if v.kind in ("set", "map") else Int(0) for v in r.state
    }
    init.update(rule_vars or {})
    st = State(EMPTY_STORE, frozenset(), pc, tuple(sorted(init.items())))
    return st.write_many({CONFIG.child(k): v for k, v in (config or {}).items()})


MODE_SYM = Sym(("read", MODE))


@pytest.mark.parametrize(
    "rule, st, expected",
    [
        # The MSI lock rule only aborts while the mode is not per-message.
        (
            "StorPortMSILock",
            state("StorPortMSILock", {"InterruptSynchronizationMode": Int(PER_MESSAGE)}),
            True,
        ),
        (
            "StorPortMSILock",
            state("StorPortMSILock", {"InterruptSynchronizationMode": Int(ALL)}),
            False,
        ),
        ("StorPortMSILock", state("StorPortMSILock"), False),  # unknown mode
        # An unknown mode the path pins to per-message is per-message.
        (
            "StorPortMSILock",
            state(
                "StorPortMSILock",
                {"InterruptSynchronizationMode": MODE_SYM},
                pc=frozenset({Cmp("==", MODE_SYM, Int(PER_MESSAGE))}),
            ),
            True,
        ),
        (
            "StorPortMSILock",
            state(
                "StorPortMSILock",
                {"InterruptSynchronizationMode": MODE_SYM},
                pc=frozenset({Cmp("!=", MODE_SYM, Int(ALL))}),
            ),
            False,
        ),
        # Rules that record every call they watch are never dormant.
        ("DoubleExFreePool", state("DoubleExFreePool"), False),
        ("DoubleKeSetEvent", state("DoubleKeSetEvent"), False),
        ("WithinCriticalRegion", state("WithinCriticalRegion"), False),
        # A later ZwOpenKey would record an open handle: never dormant.
        ("ZwRegistryOpen", state("ZwRegistryOpen"), False),
    ],
)
def test_dormant(rule: str, st: State, expected: bool) -> None:
    r = load_catalog().rule(rule)
    assert r is not None
    assert dormant(r, knowledge(), st, {"config": CONFIG}) is expected


def test_unfrozen_config_is_never_known() -> None:
    r = load_catalog().rule("StorPortMSILock")
    assert r is not None
    st = state("StorPortMSILock", {"InterruptSynchronizationMode": Int(PER_MESSAGE)})
    assert dormant(r, knowledge(), st, {}) is False


@pytest.mark.parametrize(
    "value, expected",
    [
        (Addr(CONFIG), True),
        (Addr(CONFIG.child("AccessRanges")), True),
        (Term("+", (Addr(CONFIG), Int(8))), True),
        (BLOCK, False),
        (Int(0), False),
        (Sym(("read", CONFIG)), False),
    ],
)
def test_holds_address_into(value: Value, expected: bool) -> None:
    st = State(EMPTY_STORE, frozenset(), frozenset(), ()).write(
        Cell(Root("object", "DeviceExtension")).child("Saved"), value
    )
    assert holds_address_into(st, CONFIG.root) is expected
