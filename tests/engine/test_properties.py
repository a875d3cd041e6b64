"""Properties of the engine's hardest parts, checked on generated inputs (hypothesis).

- The store (`engine.state.Store`): a shared base plus a private delta behaves exactly
  like one plain dict, whatever the writes and removals, flattened or not; equal maps
  are equal and hash alike; two stores on one base tell every cell they differ on.
- The join (`engine.join.join_states`): joining a state with itself gives it back; a cell
  both sides hold with one value keeps it, and an atom both path conditions share stays;
  joining b with a gives what joining a with b gives, up to the names of join symbols;
  two cells equal to each other on each side are equal after the join; a cell that holds
  a constant on every path of a chain of joins is one of those constants after them.
- The call memo (`engine.memo`) and forgetting (`engine.forget`): on a sample of
  the annotated rule drivers, every verdict and defect is the same with calls analysed
  afresh each time, and with nothing forgotten, as with both at work.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddiverify.engine import solver
from ddiverify.engine.join import join_states
from ddiverify.engine.solver import Cmp
from ddiverify.engine.state import State, Store
from ddiverify.engine.values import Addr, Cell, Int, Root, Sym, Value

REPO = Path(__file__).resolve().parents[2]

# -- Generated cells, values, stores and states -------------------------------------

_ROOTS = [Root(kind, name) for kind in ("global", "object") for name in "abcd"]
_PATHS: list[tuple[object, ...]] = [(), ("f",), ("g",), ("f", Int(0))]
CELLS = [Cell(r, p) for r in _ROOTS for p in _PATHS]

cells = st.sampled_from(CELLS)
values: st.SearchStrategy[Value] = st.one_of(
    st.integers(-3, 3).map(Int),
    st.integers(0, 5).map(lambda i: Sym(("s", i), f"s{i}")),
    cells.map(Addr),
)
mappings = st.dictionaries(cells, values, max_size=24)
# A store's history: writes (a few cells, or enough to flatten the delta) and removals.
operations = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.dictionaries(cells, values, min_size=1, max_size=60)),
        st.tuples(st.just("remove"), st.lists(cells, max_size=6)),
    ),
    max_size=8,
)
atoms = st.builds(
    lambda op, i, k: Cmp(op, Sym(("s", i), f"s{i}"), Int(k)),
    st.sampled_from(["==", "!=", "<", ">="]),
    st.integers(0, 5),
    st.integers(-2, 2),
)
conditions = st.frozensets(atoms, max_size=4)


def _apply(store: Store, model: dict[Cell, Value], ops: list[tuple[str, Any]]) -> Store:
    for kind, arg in ops:
        if kind == "write":
            store = store.with_writes(arg)
            model.update(arg)
        else:
            store = store.without(arg)
            for c in arg:
                model.pop(c, None)
    return store


def _state(store: Store, pc: frozenset[Cmp]) -> State:
    return State(store, frozenset(), pc, ())


def _join(a: State, b: State, disjoin: bool = False) -> State:
    return join_states(a, b, ("test-join",), frozenset(), None, {}, disjoin=disjoin)


# -- The store -----------------------------------------------------------------------


@given(mappings, operations)
def test_a_store_is_the_dict_it_stands_for(
    base: dict[Cell, Value], ops: list[tuple[str, Any]]
) -> None:
    model = dict(base)
    store = _apply(Store(dict(base)), model, ops)
    assert store.as_mapping() == model
    assert all(store.get(c) == model.get(c) for c in CELLS)
    assert len(store) == len(model)
    assert sorted(map(str, store.cells())) == sorted(map(str, model))
    plain = Store(dict(model))
    assert store == plain and hash(store) == hash(plain)


@given(mappings, operations, operations)
def test_two_stores_on_one_base_tell_every_cell_they_differ_on(
    base: dict[Cell, Value], ops_a: list[tuple[str, Any]], ops_b: list[tuple[str, Any]]
) -> None:
    shared = Store(dict(base)).with_writes({CELLS[0]: Int(9)})
    a = _apply(shared, dict(shared.as_mapping()), ops_a)
    b = _apply(shared, dict(shared.as_mapping()), ops_b)
    differ = {c for c in CELLS if a.get(c) != b.get(c)}
    if a.same_base(b):
        assert differ <= {c for c, _, _ in a.delta_pairs(b)}
    assert (a == b) == (not differ)
    if not differ:
        assert hash(a) == hash(b)


# -- The join ------------------------------------------------------------------------


def _same_up_to_join_symbols(x: Value | None, y: Value | None) -> bool:
    return x == y or (isinstance(x, Sym) and isinstance(y, Sym))


def _one_sided(c: Cell, a: State, b: State) -> bool:
    return (a.store.get(c) is None) != (b.store.get(c) is None)


def _prefixes(c: Cell) -> list[Cell]:
    return [Cell(c.root, c.path[:i]) for i in range(len(c.path))]


def _field_of_a_written_aggregate(c: Cell, a: State, b: State) -> bool:
    """`c`, or a cell holding it, is written on one side only while an aggregate holding
    that is written on a side: the case `test_a_field_both_sides_agree_on_survives_the_join`
    shows lost."""
    return any(
        _one_sided(q, a, b)
        and any(a.store.get(p) is not None or b.store.get(p) is not None for p in _prefixes(q))
        for q in [*_prefixes(c), c]
    )


def _two_sides(
    base: dict[Cell, Value],
    ops_a: list[tuple[str, Any]],
    ops_b: list[tuple[str, Any]],
    pc_a: frozenset[Cmp],
    pc_b: frozenset[Cmp],
    shared: bool,
) -> tuple[State, State]:
    """Two states grown from one base store by their own operations; with `shared`, `b`
    keeps the common base (the join's delta path), else it is a flat copy."""
    root = Store(dict(base))
    a = _state(_apply(root, dict(base), ops_a), pc_a)
    b_store = _apply(root, dict(base), ops_b)
    return a, _state(b_store if shared else Store(dict(b_store.as_mapping())), pc_b)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mappings, operations, operations, conditions, conditions, st.booleans(), st.booleans())
def test_the_join(
    base: dict[Cell, Value],
    ops_a: list[tuple[str, Any]],
    ops_b: list[tuple[str, Any]],
    pc_a: frozenset[Cmp],
    pc_b: frozenset[Cmp],
    shared: bool,
    disjoin: bool,
) -> None:
    a, b = _two_sides(base, ops_a, ops_b, pc_a, pc_b, shared)

    # Idempotent.
    assert _join(a, a, disjoin) == a
    ab, ba = _join(a, b, disjoin), _join(b, a, disjoin)
    # What both sides agree on survives (as a read sees it: a cell one side never wrote
    # may read as the other side's value, so which cells a store lists may differ).
    checked = [c for c in CELLS if not _field_of_a_written_aggregate(c, a, b)]
    for c in checked:
        va, vb = a.read_untracked(c), b.read_untracked(c)
        if va == vb:
            assert ab.read_untracked(c) == va and ba.read_untracked(c) == va
    assert a.pc & b.pc <= ab.pc and a.pc & b.pc <= ba.pc
    # Commutative, up to the names of the join symbols.
    assert all(
        _same_up_to_join_symbols(ab.read_untracked(c), ba.read_untracked(c)) for c in checked
    )


def _unsigned(c: Cell) -> bool:
    return bool(c.path) and c.path[-1] in solver.NONNEGATIVE_FIELDS


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mappings, operations, operations, conditions, conditions, st.booleans(), st.booleans())
def test_cells_equal_on_both_sides_stay_equal(
    base: dict[Cell, Value],
    ops_a: list[tuple[str, Any]],
    ops_b: list[tuple[str, Any]],
    pc_a: frozenset[Cmp],
    pc_b: frozenset[Cmp],
    shared: bool,
    loop: bool,
) -> None:
    a, b = _two_sides(base, ops_a, ops_b, pc_a, pc_b, shared)
    held = [c for c in CELLS if a.store.get(c) is not None and b.store.get(c) is not None]
    for first, second in ((a, b), (b, a)):
        j = join_states(first, second, ("test-join",), frozenset(), None, {}, loop=loop)
        for i, c in enumerate(held):
            for d in held[i + 1 :]:
                if (
                    a.store.get(c) == a.store.get(d)
                    and b.store.get(c) == b.store.get(d)
                    and _unsigned(c) == _unsigned(d)  # an unsigned member's symbol is >= 0
                ):
                    assert j.store.get(c) == j.store.get(d), (c, d)


def test_two_fields_set_from_one_value_stay_one_after_the_join() -> None:
    # `Page = Active = larger;` on one path, both still the old page on the other.
    ext = Root("object", "DeviceExtension")
    page, active, spare = Cell(ext, ("Page",)), Cell(ext, ("Active",)), Cell(ext, ("Spare",))
    old, larger = Sym(("old",), "old page"), Sym(("larger",), "larger page")
    a = _state(Store({page: larger, active: larger, spare: Int(1)}), frozenset())
    b = _state(Store({page: old, active: old, spare: Int(2)}), frozenset())
    for loop in (False, True):
        for j in (
            _join(a, b),
            _join(b, a),
            join_states(a, b, ("w",), frozenset(), None, {}, loop=loop),
        ):
            assert isinstance(j.store.get(page), Sym)
            assert j.store.get(page) == j.store.get(active)
            assert j.store.get(spare) != j.store.get(page)


@given(st.lists(st.integers(-20, 20), min_size=1, max_size=6))
def test_a_chain_of_joins_keeps_a_cell_among_its_constants(constants: list[int]) -> None:
    # Paths meeting one after another (the __leave paths at a __finally block).
    c = CELLS[0]
    merged = _state(Store({c: Int(constants[0])}), frozenset())
    for k in constants[1:]:
        merged = _join(merged, _state(Store({c: Int(k)}), frozenset()))
    v = merged.store.get(c)
    assert v is not None
    lo, hi = min(constants), max(constants)
    for k in range(lo - 2, hi + 3):
        eq = solver.decide(merged.pc, Cmp("==", v, Int(k)))
        if k in constants:
            assert eq is not False, k
        elif not lo <= k <= hi or hi - lo <= 16:
            assert eq is False, k


_AGGREGATE = Cell(Root("global", "a"))
_FIELD = Cell(Root("global", "a"), ("f",))


def test_a_field_both_sides_agree_on_survives_the_join() -> None:
    # `s = zero;` on one path, `s.f = 0;` on the other; after the merge s.f is still 0.
    a = _state(Store({_AGGREGATE: Int(0)}), frozenset())
    b = _state(Store({_FIELD: Int(0)}), frozenset())
    assert a.read_untracked(_FIELD) == b.read_untracked(_FIELD) == Int(0)
    assert _join(b, a).read_untracked(_FIELD) == Int(0)
    assert _join(a, b).read_untracked(_FIELD) == Int(0)


def test_a_join_symbol_is_the_same_at_the_same_point() -> None:
    c = CELLS[1]
    a = _state(Store({c: Int(1)}), frozenset())
    b = _state(Store({c: Int(2)}), frozenset())
    first, second = _join(a, b), _join(a, b)
    assert isinstance(first.store.get(c), Sym)
    assert first.store.get(c) == second.store.get(c)


# -- Reuse and forgetting change no verdict ------------------------------------------

# Drivers where calls are reused most and where forgetting drops the most values (counted
# once over all rule drivers), beside a fixed spread of the others.
_BUSIEST = (
    "DoubleExFreePool/pass_cpp_raii_break_goto_clean.cpp",
    "DoubleExFreePool/cpp_raii_break_goto_destructor.cpp",
    "QueuedSpinLock/pass_handles_in_stack_context_struct.c",
    "DoubleExFreePool/pass_cpp_new_delete_distinct.cpp",
    "DoubleExFreePool/pass_cpp_raii_release_clears.cpp",
    "StorPortVirtualDevice/seh_recursive_argument_parse.c",
    "WithinCriticalRegion/pass_region_entered_by_helpers.c",
    "SpChangeIrql/pass_flag_chooses_lock_around_loops.c",
    "IrqlDispatch/pass_current_irql_picks_the_variant.c",
    "DoubleKeSetEvent/helpers_event_pointer_param_and_return.c",
    "StorPortAllocatePool2/loop_allocates_into_array.c",
    "DoubleExFreePool/pass_null_after_free_guarded.c",
    "DoubleExFreePool/pass_reallocated_in_retry_loop.c",
    "DoubleExFreePool/alias_copy_and_struct_field.c",
    "DoubleExFreePool/pass_failure_statuses_joined.c",
    "StorPortAllocatePool/free_reallocate_free.c",
)


def _sample() -> list[Path]:
    """The busiest drivers and every 40th of the others: small enough to run thrice."""
    from annotations import discover_drivers

    root = REPO / "tests" / "drivers" / "rules"
    drivers = [
        d for rule in sorted(root.iterdir()) if rule.is_dir() for d in discover_drivers(rule)
    ]
    busiest = [root / name for name in _BUSIEST]
    return busiest + [d for d in drivers[::40] if d not in busiest]


def test_the_busiest_drivers_exist() -> None:
    root = REPO / "tests" / "drivers" / "rules"
    assert [n for n in _BUSIEST if not (root / n).exists()] == []


def _verdicts(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[Any, ...]]:
    from annotations import load_driver
    from ddiverify.cli.main import main

    ann = load_driver(path, REPO)
    rules = ann.check_rules or (path.parent.name,)
    main(
        [
            "check",
            ann.target,
            "--rules",
            ",".join(rules),
            "--format",
            "json",
            "--jobs",
            "1",
            "--timeout",
            "60",
            *ann.check_args,
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    return [
        (r["rule"], r["status"], sorted((d["file"], d["line"], d["message"]) for d in r["defects"]))
        for r in doc["results"]
    ]


def _ids(p: Path) -> str:
    return f"{p.parent.name}/{p.name}"


@pytest.mark.parametrize("path", _sample(), ids=_ids)
def test_reuse_changes_no_verdict(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every call analysed afresh (no call memo ever matches)."""
    from ddiverify.engine.memo import CallMemo

    monkeypatch.chdir(REPO)
    normal = _verdicts(path, capsys)
    monkeypatch.setattr(CallMemo, "matches", lambda self, *args: None)
    assert _verdicts(path, capsys) == normal


@pytest.mark.parametrize("path", _sample(), ids=_ids)
def test_forgetting_changes_no_verdict(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing forgotten (`Analyzer.forget_unreachable` keeps every tracked value)."""
    from ddiverify.engine.analyzer import Analyzer

    monkeypatch.chdir(REPO)
    normal = _verdicts(path, capsys)
    monkeypatch.setattr(Analyzer, "forget_unreachable", lambda self, st, stack=(): st)
    assert _verdicts(path, capsys) == normal
