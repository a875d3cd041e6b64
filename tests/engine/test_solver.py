"""Feasibility decisions: exact for the comparisons drivers make, z3 for the rest."""

from __future__ import annotations

import pytest

from ddiverify.engine.solver import Cmp, assume, decide
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Term

S = Sym(("test", "status"), "status")
H = Sym(("test", "h"), "h")
OBJ = Addr(Cell(Root("object", "block")))


def pc(*atoms: Cmp) -> frozenset[Cmp]:
    return frozenset(atoms)


@pytest.mark.parametrize("path, query, expected", [
    (pc(), Cmp(">=", S, Int(0)), None),
    (pc(Cmp("<", S, Int(0))), Cmp(">=", S, Int(0)), False),
    (pc(Cmp("==", S, Int(0))), Cmp(">=", S, Int(0)), True),
    (pc(Cmp("!=", H, Int(0))), Cmp("==", H, Int(0)), False),
    (pc(Cmp(">=", S, Int(0)), Cmp("<=", S, Int(2)), Cmp("!=", S, Int(0)), Cmp("!=", S, Int(1))),
     Cmp("==", S, Int(2)), True),
    (pc(), Cmp("==", OBJ, Int(0)), False),          # an object's address is never NULL
    (pc(), Cmp("==", OBJ, OBJ), True),
    (pc(Cmp("==", Term("&", (S, Int(4))), Int(4))), Cmp("==", Term("&", (S, Int(4))), Int(0)),
     False),                                          # z3 on terms
    (pc(Cmp("<", S, H)), Cmp(">=", S, H), False),
])
def test_decide(path: frozenset[Cmp], query: Cmp, expected: bool | None) -> None:
    assert decide(path, query) is expected


def test_assume_rejects_contradictions() -> None:
    p = assume(frozenset(), Cmp("<", S, Int(0)))
    assert p is not None
    assert assume(p, Cmp("==", S, Int(0))) is None
    assert assume(p, Cmp("==", S, Int(-5))) is not None
