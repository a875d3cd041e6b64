"""What a join keeps of the two paths it merges (engine/join.py)."""

from __future__ import annotations

from ddiverify.engine.join import _disjunction, join_states
from ddiverify.engine.solver import Cmp, decide
from ddiverify.engine.state import State, Store
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Value

MODE = Sym(("test", "mode"), "mode")
P = Sym(("join", "p"), "p")  # the join symbol of `p`
LOCAL = Addr(Cell(Root("local", "perf")))


def test_an_address_one_side_held_is_not_null_on_that_side() -> None:
    # if (mode != 0) p = &perf; [else p stays NULL]  ...  if (mode == 2) use(p)
    either = _disjunction(
        frozenset({Cmp("!=", MODE, Int(0))}),
        frozenset({Cmp("==", MODE, Int(0))}),
        {P: LOCAL},
        {P: Int(0)},
    )
    assert either is not None
    path = frozenset({either, Cmp("==", MODE, Int(2))})
    assert decide(path, Cmp("==", P, Int(0))) is False
    assert decide(frozenset({either}), Cmp("==", P, Int(0))) is None


RESULT = Cell(Root("local", "result", (("entry", "FindAdapter"),)))
NOT_FOUND, FOUND, ERROR, BAD_CONFIG = 0, 1, 2, 3


def _returning(value: Value, pc: frozenset[Cmp] = frozenset()) -> State:
    return State(Store({RESULT: value}), frozenset(), pc, ())


def _merge(states: list[State], loop: bool = False) -> State:
    merged = states[0]
    for st in states[1:]:
        merged = join_states(merged, st, ("finally",), frozenset(), None, {}, loop=loop)
    return merged


def test_a_result_merged_from_three_failures_is_still_a_failure() -> None:
    # Three __leave paths meet at the __finally block one after another: the second join
    # sees the first's symbol, bounded to {NOT_FOUND, BAD_CONFIG}, against ERROR.
    for order in ([NOT_FOUND, BAD_CONFIG, ERROR], [ERROR, NOT_FOUND, BAD_CONFIG]):
        st = _merge([_returning(Int(k)) for k in order])
        result = st.store.get(RESULT)
        assert isinstance(result, Sym)
        assert decide(st.pc, Cmp("==", result, Int(FOUND))) is False
        for k in order:
            assert decide(st.pc, Cmp("==", result, Int(k))) is None


def test_an_unknown_bounded_to_a_few_constants_joins_like_them() -> None:
    # A status the path pinned to one of two values (by its own tests), against a literal.
    status = Sym(("status",), "status")
    tested = frozenset({Cmp(">=", status, Int(ERROR)), Cmp("<=", status, Int(BAD_CONFIG))})
    st = _merge([_returning(status, tested), _returning(Int(NOT_FOUND))])
    result = st.store.get(RESULT)
    assert isinstance(result, Sym)
    assert decide(st.pc, Cmp("==", result, Int(FOUND))) is False
    # A value bounded only loosely says nothing after the join, and a loop head adds no
    # fact (the value goes on changing there).
    loose = frozenset({Cmp(">=", status, Int(0))})
    assert _merge([_returning(status, loose), _returning(Int(NOT_FOUND))]).pc == frozenset()
    assert _merge([_returning(Int(k)) for k in (0, 3, 2)], loop=True).pc == frozenset()
