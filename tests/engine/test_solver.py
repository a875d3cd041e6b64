"""Feasibility decisions: exact for the comparisons drivers make, z3 for the rest."""

from __future__ import annotations

import pytest

from ddiverify.engine.solver import _Z3, Cmp, _witness, assume, decide, satisfiable
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Term

S = Sym(("test", "status"), "status")
H = Sym(("test", "h"), "h")
OBJ = Addr(Cell(Root("object", "block")))


def pc(*atoms: Cmp) -> frozenset[Cmp]:
    return frozenset(atoms)


@pytest.mark.parametrize(
    "path, query, expected",
    [
        (pc(), Cmp(">=", S, Int(0)), None),
        (pc(Cmp("<", S, Int(0))), Cmp(">=", S, Int(0)), False),
        (pc(Cmp("==", S, Int(0))), Cmp(">=", S, Int(0)), True),
        (pc(Cmp("!=", H, Int(0))), Cmp("==", H, Int(0)), False),
        (
            pc(
                Cmp(">=", S, Int(0)),
                Cmp("<=", S, Int(2)),
                Cmp("!=", S, Int(0)),
                Cmp("!=", S, Int(1)),
            ),
            Cmp("==", S, Int(2)),
            True,
        ),
        (pc(), Cmp("==", OBJ, Int(0)), False),  # an object's address is never NULL
        (pc(), Cmp("==", OBJ, OBJ), True),
        (
            pc(Cmp("==", Term("&", (S, Int(4))), Int(4))),
            Cmp("==", Term("&", (S, Int(4))), Int(0)),
            False,
        ),  # z3 on terms
        (pc(Cmp("<", S, H)), Cmp(">=", S, H), False),
    ],
)
def test_decide(path: frozenset[Cmp], query: Cmp, expected: bool | None) -> None:
    assert decide(path, query) is expected


def test_assume_rejects_contradictions() -> None:
    p = assume(frozenset(), Cmp("<", S, Int(0)))
    assert p is not None
    assert assume(p, Cmp("==", S, Int(0))) is None
    assert assume(p, Cmp("==", S, Int(-5))) is not None


T = Sym(("test", "t"), "t")
OTHER = Addr(Cell(Root("object", "other")))


@pytest.mark.parametrize(
    "atoms, found",
    [
        # Found: equalities tie unknowns into classes, bounds pick a value, the rest differ.
        ((Cmp("==", S, H),), True),
        ((Cmp("!=", S, H),), True),
        ((Cmp("==", S, H), Cmp("!=", H, T), Cmp(">", T, Int(3))), True),
        ((Cmp("==", H, OBJ), Cmp("!=", S, OBJ)), True),
        ((Cmp("<", S, H), Cmp(">=", S, Int(0)), Cmp("<=", H, Int(10))), True),
        ((Cmp("!=", Term("+", (S, Int(1))), H), Cmp(">", Term("*", (S, Int(2))), S)), True),
        # Not found: unsatisfiable (the guess can never be a model).
        ((Cmp("==", S, H), Cmp("!=", S, H)), False),
        ((Cmp("==", S, H), Cmp("==", S, Int(1)), Cmp("==", H, Int(2))), False),
        ((Cmp("==", H, OBJ), Cmp("==", H, Int(0))), False),  # an address is never NULL
        ((Cmp("<", S, H), Cmp("<", H, S)), False),
    ],
)
def test_witness_only_claims_what_it_shows(atoms: tuple[Cmp, ...], found: bool) -> None:
    """The quick model search before z3: True only with a model, and then z3 agrees."""
    assert _witness(atoms) is found
    if found:
        assert _Z3().sat(atoms)


def test_satisfiable_with_tight_bounds() -> None:
    # Three unknowns pairwise different in {0}, {0, 1} and {0, 1, 2}: one model left,
    # and none once the third may not be 2 (the guess fails, z3 says unsat).
    atoms = (
        Cmp(">=", S, Int(0)),
        Cmp("<=", S, Int(0)),
        Cmp(">=", H, Int(0)),
        Cmp("<=", H, Int(1)),
        Cmp("!=", S, H),
        Cmp(">=", T, Int(0)),
        Cmp("<=", T, Int(2)),
        Cmp("!=", T, S),
        Cmp("!=", T, H),
    )
    assert satisfiable(frozenset(atoms))
    assert not satisfiable(frozenset(atoms) | {Cmp("!=", T, Int(2))})
