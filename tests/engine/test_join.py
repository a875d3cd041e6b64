"""What a join keeps of the two paths it merges (engine/join.py)."""

from __future__ import annotations

from ddiverify.engine.join import _disjunction
from ddiverify.engine.solver import Cmp, decide
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym

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
