"""Merging two states that have the same property key (ESP's join).

A cell both states agree on keeps its value; a cell they disagree on gets a symbol
named after the join point and the cell (so repeated joins at one point give the same
symbol and loops reach a fixpoint), except where both sides pin it to one constant;
cells equal to each other on both sides (one value on one side, one on the other) share
one symbol, so a join never makes two different values of what was one; a cell that
holds one of a few constants on each side holds one of them after the join.
The path condition keeps the atoms both sides share, plus a few facts a join must not
lose (a failure status stays negative). Invariant: the result depends only on the two
states and the join point, never on the order of the stores' cells.
"""

from __future__ import annotations

from ddiverify.engine import solver
from ddiverify.engine.solver import (
    Cmp,
    PathCond,
    decide,
    interval,
    known_choices,
    known_negative,
)
from ddiverify.engine.state import ARRAY_SUMMARY, State, Store
from ddiverify.engine.trace import merge_traces
from ddiverify.engine.values import Addr, Cell, Int, Sym, Term, Value
from ddiverify.rules.compose import DEAD, dead_flag, owner_of


def join_states(
    a: State,
    b: State,
    where: tuple[object, ...],
    members: frozenset[str],
    extension: Value | None,
    made: dict[Cell, Sym],
    rule_join: bool = False,
    loop: bool = False,
    disjoin: bool = False,
) -> State:
    """Merge `a` and `b` at the join point `where` (`loop`: at a loop head, `b` having
    gone round the loop). `members` and `extension` name the device extension's
    back-pointers; `made` holds the join symbols already made at `where`; with
    `rule_join`, the rule states may differ too (a loop head's collapsed keys); with
    `disjoin` (a join no loop comes back to), the merged path condition keeps that one
    side or the other held (`_disjunction`)."""
    if a == b:
        return a
    facts: list[Cmp] = []
    on_a: dict[Sym, Value] = {}  # what each join symbol was on either side
    on_b: dict[Sym, Value] = {}
    ctx = (members, extension, made, loop)
    if a.store.same_base(b.store):
        # Common ancestor: only the cells either side wrote since can differ.
        changed: dict[Cell, Value] = {}
        differ: list[tuple[Cell, Value, Value]] = []
        for c, _xa, xb in a.store.delta_pairs(b.store):
            va, vb = _join_read(a, b, c), _join_read(b, a, c)
            if va is vb or va == vb:
                if xb is None or xb != vb:
                    changed[c] = va  # b derives it: say it explicitly
            else:
                differ.append((c, va, vb))
        _join_cells(a, b, differ, where, changed, facts, on_a, on_b, *ctx)
        new_store = (
            b.store.with_writes(changed) if len(changed) < 48 else Store(_merged(b.store, changed))
        )
    else:
        da, db = a.store.as_mapping(), b.store.as_mapping()
        store = dict(da)
        differ = []
        for c, vb in db.items():
            got = da.get(c)
            va = got if got is not None else _join_read(a, b, c)
            if va is not vb and va != vb:
                differ.append((c, va, vb))
            elif got is None:
                # Both sides agree, `a` through an aggregate it wrote (`s = zero` against
                # `s.f = 0`): say it explicitly, or the aggregate's join symbol would hide it.
                store[c] = vb
        for c in da.keys() - db.keys():
            vb = _join_read(b, a, c)
            if da[c] != vb:
                differ.append((c, da[c], vb))
        _join_cells(a, b, differ, where, store, facts, on_a, on_b, *ctx)
        new_store = Store(store)
    common = a.pc if a.pc is b.pc else a.pc & b.pc
    pc = common
    if facts:
        pc = pc | frozenset(facts)
    if disjoin and not rule_join and (on_a or common is not a.pc):
        # (the sizes say when a side has nothing of its own, without comparing atoms)
        own_a = a.pc - common if len(a.pc) != len(common) else frozenset()
        own_b = b.pc - common if len(b.pc) != len(common) else frozenset()
        either = _disjunction(own_a, own_b, on_a, on_b)
        if either is not None:
            pc = pc | {either}
    rule = a.rule
    registered = a.registered
    if rule_join:
        rule = _join_rule(a.rule, b.rule, where)
        registered = a.registered & b.registered
    elif is_approximate(b.rule):
        rule = marked(rule, b.rule)
    return State(
        new_store,
        a.zeroed & b.zeroed,
        pc,
        rule,
        registered,
        merge_traces(a.trace, b.trace, on_a, on_b, where if loop else None),
    )


_MAX_TESTS = 12  # per side: the path's own tests kept in the disjunction
_MAX_ATOMS = 16  # per side, with what the join symbols stood for


def _disjunction(
    da: frozenset[Cmp], db: frozenset[Cmp], on_a: dict[Sym, Value], on_b: dict[Sym, Value]
) -> Cmp | None:
    """The fact that one side of a join or the other held: (its own tests and the
    constants its cells held) or (the other's). Merging two paths keeps only what both
    agree on; this keeps, for instance, that the interrupt lock was taken exactly where
    `Flags.PerMessage == 0 || MessageId == MAXULONG`, so the release's same test cannot
    take the other branch, and that a flag was set exactly where a status failed.

    Each side is a conjunction of at most a few atoms (dropping atoms only weakens the
    fact, so it stays true); disjunctions are never nested, so a chain of joins cannot
    make them grow. None when a side has nothing of its own (the fact says nothing)."""
    sides = []
    for own, values in ((da, on_a), (db, on_b)):
        tests = sorted((t for t in own if not _mentions_or(t)), key=str)[:_MAX_TESTS]
        # A constant a side held is kept, and so is that an address it held is not NULL
        # (`p = &local` on one side, `p = NULL` on the other).
        held = sorted(
            [Cmp("==", j, v) for j, v in values.items() if isinstance(v, Int)]
            + [Cmp("!=", j, Int(0)) for j, v in values.items() if isinstance(v, Addr)],
            key=str,
        )
        atoms = (tests + held)[:_MAX_ATOMS]
        if not atoms:
            return None
        terms = tuple(Term(t.op, (t.left, t.right)) for t in atoms)
        sides.append(terms[0] if len(terms) == 1 else Term("&&", terms))
    return Cmp("!=", Term("||", (sides[0], sides[1])), Int(0))


def _mentions_or(c: Cmp) -> bool:
    todo: list[Value] = [c.left, c.right]
    while todo:
        v = todo.pop()
        if isinstance(v, Term):
            if v.op == "||":
                return True
            todo.extend(v.args)
    return False


def _unwritten(v: Value, c: Cell) -> bool:
    return isinstance(v, Sym) and v.key == ("read", c)


def _join_cells(
    a: State,
    b: State,
    differ: list[tuple[Cell, Value, Value]],
    where: tuple[object, ...],
    out: dict[Cell, Value],
    facts: list[Cmp],
    on_a: dict[Sym, Value],
    on_b: dict[Sym, Value],
    members: frozenset[str],
    extension: Value | None,
    made: dict[Cell, Sym],
    loop: bool,
) -> None:
    """Join the cells the two sides disagree on (`differ`: cell, value on `a`, value on
    `b`) into `out`, noting what each join symbol was on either side."""
    names = _shared_names(differ)
    for c, va, vb in differ:
        name = names.get(c, c) if names else c
        out[c] = j = _joined(a, va, b, vb, where, c, name, facts, members, extension, made, loop)
        if isinstance(j, Sym):
            on_a[j], on_b[j] = va, vb


def _shared_names(differ: list[tuple[Cell, Value, Value]]) -> dict[Cell, Cell]:
    """The cell each joined cell's symbol is named after, where it is not the cell
    itself: cells that hold one value on `a` and one value on `b` (the same pair) are
    equal on both sides, so they are equal after the join, and one symbol, named after
    the first of them (an order of their texts, not of the stores), stands for all
    (unsigned members only with unsigned members: their symbols are never negative).
    `Page = Active = larger;` on one path and both still the old page on the other:
    after the join they are still one block.

    (Equality is kept only where both sides agree on it; naming the symbol after the
    pair of values instead would change it whenever a loop changes them, and a loop
    head would never reach its fixpoint.)"""
    if len(differ) < 2:
        return {}
    # Most joins have no two cells with one value on `a`: find that out with one hash
    # per cell (this runs for every join), and pair the values only if there are.
    first_of: dict[Value, Cell] = {}
    for c, va, _ in differ:
        if first_of.setdefault(va, c) is not c:
            break
    else:
        return {}
    groups: dict[tuple[Value, Value], list[Cell]] = {}
    for c, va, vb in differ:
        groups.setdefault((va, vb), []).append(c)
    if len(groups) == len(differ):
        return {}
    names: dict[Cell, Cell] = {}
    for cells in groups.values():
        if len(cells) < 2:
            continue
        for unsigned in (False, True):
            alike = [c for c in cells if _unsigned(c) == unsigned]
            if len(alike) > 1:
                first = min(alike, key=_cell_order)
                for c in alike:
                    names[c] = first
    return names


def _unsigned(c: Cell) -> bool:
    """Whether `c` is a member declared unsigned, whose join symbol is never negative
    (`solver.NONNEGATIVE_FIELDS`): such a cell shares a symbol only with its like."""
    last = c.path[-1] if c.path else None
    return isinstance(last, str) and last in solver.NONNEGATIVE_FIELDS


def _cell_order(c: Cell) -> tuple[str, str]:
    """A total order on cells that does not depend on hashing (their text, then the
    whole structure for cells that print alike, such as one local in two frames)."""
    return str(c), repr(c)


def _joined(
    a: State,
    va: Value,
    b: State,
    vb: Value,
    where: tuple[object, ...],
    c: Cell,
    name: Cell,
    facts: list[Cmp],
    members: frozenset[str],
    extension: Value | None,
    made: dict[Cell, Sym],
    loop: bool,
) -> Value:
    """The value of cell `c` after a join: a constant both paths pin it to (one as a
    literal, one as an unknown its path condition fixes), else a join symbol, named
    after the join point and `name` (`c`, or the cell whose symbol the cells equal to it
    on both sides share, see `_shared_names`).

    A cell that holds one of a few constants on each side (a literal, or a value its
    path condition confines to a few, such as an earlier join's) holds one of them after
    the join: the symbol is bounded by them (`_one_of`), so a `result` merged from three
    failures at a `__finally` block is still none of the successes. A local that is
    negative on both sides (an NTSTATUS failure code: a literal on one path, a failed
    call's status on the other) stays negative, and one that is non-zero on both (a
    flag: TRUE on one path, a result tested non-zero on the other) stays non-zero: the
    fact is added to `facts`, so `if (!NT_SUCCESS(status))` or `if (handled)` after the
    join is still decided.
    `made` holds the join symbols already made at this join point, by cell.
    """
    if (
        type(va) is Int
        or type(vb) is Int
        # `_is_one_of`, written out: this test runs for every cell of every join
        or (type(va) is Sym and len(va.key) == 4 and va.key[0] == "widen")
        or (type(vb) is Sym and len(vb.key) == 4 and vb.key[0] == "widen")
    ):
        ka = _choices(a.pc, va)
        kb = _choices(b.pc, vb) if ka is not None else None
        if ka is not None and kb is not None:
            if ka[2] is not None and len(ka[2]) == 1 and ka[2] == kb[2]:
                return Int(ka[0])
            if not loop:
                # At a loop head the value goes on changing, so no fact.
                return _one_of(ka, kb, where, name, facts)
    if (
        extension is not None
        and c.path
        and c.path[-1] in members
        and (va == extension or vb == extension)
        and (_unwritten(va, c) or _unwritten(vb, c))
    ):
        # A back-pointer to the one adapter's extension, set on one path and never
        # written on the other (where reading it gives the extension too).
        return extension
    joined = made.get(name)
    if joined is None:
        joined = made[name] = Sym(("widen", where, name))
    if c.root.kind == "local" and known_negative(a.pc, va) and known_negative(b.pc, vb):
        facts.append(Cmp("<", joined, Int(0)))
    elif c.root.kind == "local" and _nonzero(a.pc, va) and _nonzero(b.pc, vb):
        # A flag set on both paths (TRUE on one, a helper's result tested non-zero on the
        # other) is still set: `if (handled) return;` after the join is still decided.
        facts.append(Cmp("!=", joined, Int(0)))
    return joined


_NEAR = 16  # constants at most this far apart: the values between them are excluded

# What a join knows a value is among: its lowest and highest value, and the values
# themselves when they are few (None: any between the two).
_Choices = tuple[int, int, frozenset[int] | None]


def _choices(pc: PathCond, v: Value) -> _Choices | None:
    """The constants `v` is among on its side of a join: a literal; an unknown its path
    condition confines to a few (`solver.known_choices`); an earlier join's symbol over
    constants, within its bounds. None for anything else (an unknown merely bounded by
    a test says nothing the join keeps)."""
    few = known_choices(pc, v, _NEAR + 1)
    if few is not None:
        return min(few), max(few), few
    if _is_one_of(v):
        lo, hi = interval(pc, v)
        if lo is not None and hi is not None:
            return lo, hi, None
    return None


def _one_of(a: _Choices, b: _Choices, where: tuple[object, ...], c: Cell, facts: list[Cmp]) -> Sym:
    """A join symbol that is one of the constants of either side (a lock kind chosen on
    two paths, a status among a few): bounded by the lowest and highest, and, when they
    are near, the values between them that neither side can hold excluded. Its name
    says what its facts say, so a symbol means the same wherever it appears: bounds
    alone (two constants, or values far apart) name the bounds, more name every value."""
    lo, hi = min(a[0], b[0]), max(a[1], b[1])
    values = a[2] | b[2] if a[2] is not None and b[2] is not None else None
    near = values is not None and hi - lo <= _NEAR
    shown: tuple[int, ...] = (
        tuple(sorted(values)) if values is not None and near and len(values) > 2 else (lo, hi)
    )
    sym = Sym(("widen", where, c, shown))
    facts += [Cmp(">=", sym, Int(lo)), Cmp("<=", sym, Int(hi))]
    if values is not None and near:
        facts += [Cmp("!=", sym, Int(k)) for k in range(lo + 1, hi) if k not in values]
    return sym


def _is_one_of(v: Value) -> bool:
    """Whether `v` is a join symbol over constants (`_one_of`)."""
    return type(v) is Sym and len(v.key) == 4 and v.key[0] == "widen"


def _nonzero(pc: PathCond, v: Value) -> bool:
    if isinstance(v, Int):
        return v.v != 0
    return isinstance(v, Sym) and decide(pc, Cmp("!=", v, Int(0))) is True


def _merged(store: Store, writes: dict[Cell, Value]) -> dict[Cell, Value]:
    d = store.as_dict()
    d.update(writes)
    return d


def _join_read(st: State, other: State, c: Cell) -> Value:
    """A cell's value on one side of a join. An array summary one side lacks says
    nothing there (no loop stored into the array on that path): the other side's stands."""
    if c.path and c.path[-1] == ARRAY_SUMMARY:
        v = st.store.get(c)
        return v if v is not None else other.read_untracked(c)
    if c.path and isinstance(c.path[-1], int):
        # An element written one by one on this side, while a loop on the other side
        # stored a constant in the whole array since (the element is gone there): at a
        # loop head that is the later iteration, whose view stands.
        summary = Cell(c.root, c.path[:-1] + (ARRAY_SUMMARY,))
        theirs = other.store.get(summary)
        if theirs is not None and st.store.get(summary) is None:
            mine = other.store.get(c)
            if mine is None or mine == theirs:
                return theirs
    return st.read_untracked(c)


# Marks a rule state that is an approximation: two different rule states merged at a
# loop head that had too many (`Analyzer.max_keys`). A set kept as the intersection of
# the two can make "not held" look true where it was held on one side, so a violation
# found from such a state is not reported (see `Analyzer.report`).
APPROXIMATE = "$approximate"


def approximate_flag(rule: str) -> str:
    """The mark of one rule of a composed monitor (whose other rules stay exact)."""
    return f"{APPROXIMATE}.{rule}"


def _is_mark(k: str) -> bool:
    return k == APPROXIMATE or k.startswith(APPROXIMATE + ".")


def is_approximate(rule: tuple[tuple[str, object], ...]) -> bool:
    return any(_is_mark(k) for k, _ in rule)


def without_marks(rule: tuple[tuple[str, object], ...]) -> tuple[tuple[str, object], ...]:
    """The rule state without its approximation marks (what the property key holds)."""
    return tuple((k, v) for k, v in rule if not _is_mark(k))


def marked(
    rule: tuple[tuple[str, object], ...], like: tuple[tuple[str, object], ...] | None = None
) -> tuple[tuple[str, object], ...]:
    """`rule` marked as an approximation wherever `like` is (the whole state when `like`
    is not given). The marks are not part of the property key: an approximate state
    merges with an exact one into an approximate one."""
    marks = [APPROXIMATE] if like is None else [k for k, _ in like if _is_mark(k)]
    have = {k for k, _ in rule}
    new = [(k, Int(1)) for k in marks if k not in have]
    return tuple(sorted((*rule, *new))) if new else rule


def _join_rule(
    a: tuple[tuple[str, object], ...], b: tuple[tuple[str, object], ...], where: tuple[object, ...]
) -> tuple[tuple[str, object], ...]:
    """Two different rule states merged into one. In a composed monitor each rule is
    merged on its own: a rule dead on one side (it ended there) takes the other side's
    state, which is exact for it; a rule whose state differs is marked alone."""
    da, db = dict(a), dict(b)
    out: dict[str, object] = {}
    dead_a = {owner for k, _ in a if (owner := _dead_owner(k))}
    dead_b = {owner for k, _ in b if (owner := _dead_owner(k))}
    for k in sorted(da.keys() | db.keys()):
        if _is_mark(k) or _dead_owner(k):
            continue
        owner = owner_of(k)
        va, vb = da.get(k), db.get(k)
        if owner and owner in dead_a and owner not in dead_b:
            out[k] = vb
            continue
        if owner and owner in dead_b and owner not in dead_a:
            out[k] = va
            continue
        if va == vb:
            out[k] = va
            continue
        out[approximate_flag(owner) if owner else APPROXIMATE] = Int(1)
        if isinstance(va, frozenset) and isinstance(vb, frozenset):
            out[k] = va & vb
        else:
            out[k] = Sym(("widen-rule", where, k), k)
    for owner in dead_a & dead_b:
        out[dead_flag(owner)] = Int(1)
    for k in da.keys() | db.keys():
        if _is_mark(k):
            out[k] = Int(1)
    return tuple(sorted(out.items()))


def _dead_owner(k: str) -> str:
    return k[len(DEAD) + 1 :] if k.startswith(DEAD + ".") else ""
