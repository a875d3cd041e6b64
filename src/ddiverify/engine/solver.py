"""Path conditions and the decision of branch feasibility.

A path condition is a frozenset of atomic comparisons (`Cmp`). Most atoms compare one
symbol with a constant (`status >= 0`, `h != 0`): those are decided here with
intervals and excluded values, which is exact for them and costs microseconds. Atoms
over terms or between symbols go to z3, with results cached by their key, unless a
quick guess of values already satisfies them (nearly every query is satisfiable).
Invariant: `decide` never answers True/False unless that is certain given the path
condition; `None` means both outcomes are feasible.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import z3  # type: ignore[import-untyped]

from ddiverify import budget
from ddiverify.engine.values import Addr, Int, Sym, Term, Value

# Members of the driver's structures whose declared types are unsigned (or pointers):
# a value read from one is never negative. Set once per program by the analysis.
NONNEGATIVE_FIELDS: frozenset[str] = frozenset()
_UNSIGNED = frozenset(
    {
        "UCHAR",
        "USHORT",
        "ULONG",
        "ULONG32",
        "ULONG64",
        "ULONGLONG",
        "ULONG_PTR",
        "SIZE_T",
        "DWORD",
        "DWORD32",
        "DWORD64",
        "DWORD_PTR",
        "WORD",
        "BYTE",
        "BOOLEAN",
        "KIRQL",
        "UINT",
        "UINT8",
        "UINT16",
        "UINT32",
        "UINT64",
        "UINT_PTR",
        "uint8_t",
        "uint16_t",
        "uint32_t",
        "uint64_t",
        "size_t",
        "uintptr_t",
        "unsigned",
        "unsigned char",
        "unsigned short",
        "unsigned int",
        "unsigned long",
        "unsigned long long",
        "unsigned __int64",
        "bool",
    }
)


def set_nonnegative_fields(field_types: dict[str, frozenset[str]]) -> None:
    """Record which members are unsigned (every declaration of that name agrees)."""
    global NONNEGATIVE_FIELDS

    def unsigned(t: str) -> bool:
        t = " ".join(t.replace("volatile", "").replace("const", "").split())
        return "*" in t or t in _UNSIGNED

    fields = frozenset(
        name for name, types in field_types.items() if types and all(unsigned(t) for t in types)
    )
    if fields != NONNEGATIVE_FIELDS:
        NONNEGATIVE_FIELDS = fields
        _bounds.cache_clear()
        _own_bound.cache_clear()
        _SAT_CACHE.clear()


def _nonnegative(v: Value) -> bool:
    if not isinstance(v, Sym) or not v.key:
        return False
    cell = (
        v.key[1]
        if v.key[0] == "read" and len(v.key) == 2
        else v.key[2]
        if v.key[0] == "widen" and len(v.key) == 3
        else None
    )
    if cell is None or not hasattr(cell, "path") or not cell.path:
        return False
    last = cell.path[-1]
    return isinstance(last, str) and last in NONNEGATIVE_FIELDS


NEGATE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
SWAP = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


_ATOMS: dict[tuple[str, Value, Value], Cmp] = {}
_MAX_ATOMS_KEPT = 1 << 20


@dataclass(frozen=True, slots=True, eq=False, init=False)
class Cmp:
    """A comparison; path conditions are sets of them.

    Atoms are shared: building one that exists gives back the existing object, so the
    set operations on path conditions (joins, slices) mostly compare by identity.
    """

    op: str
    left: Value
    right: Value
    _hash: int = field(default=0, repr=False, compare=False)

    def __init__(self, op: str, left: Value, right: Value) -> None:
        try:
            self._hash  # noqa: B018 - an atom handed back by __new__ is already built
            return
        except AttributeError:
            pass
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "left", left)
        object.__setattr__(self, "right", right)
        # Atoms live in path-condition sets that are hashed and compared all the time.
        object.__setattr__(self, "_hash", hash((op, left, right)))

    def __new__(  # noqa: PYI034
        cls,
        op: str | None = None,
        left: Value | None = None,
        right: Value | None = None,
    ) -> Cmp:
        if op is None or left is None or right is None:  # unpickling
            return object.__new__(cls)
        key = (op, left, right)
        got = _ATOMS.get(key)
        if got is None:
            if len(_ATOMS) > _MAX_ATOMS_KEPT:
                _ATOMS.clear()
            got = _ATOMS[key] = object.__new__(cls)
        return got

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, Cmp)
            and other._hash == self._hash
            and other.op == self.op
            and other.left == self.left
            and other.right == self.right
        )

    def __hash__(self) -> int:
        return self._hash

    def negated(self) -> Cmp:
        return Cmp(NEGATE[self.op], self.left, self.right)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


PathCond = frozenset[Cmp]


def _concrete(op: str, a: int, b: int) -> bool:
    return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def quick(c: Cmp) -> bool | None:
    """Decide `c` without any path condition, when its operands alone decide it."""
    a, b = c.left, c.right
    if isinstance(a, Int) and isinstance(b, Int):
        return _concrete(c.op, a.v, b.v)
    if a == b and not isinstance(a, Term):
        return c.op in ("==", "<=", ">=")
    if isinstance(a, Addr) and isinstance(b, Addr):
        if c.op in ("==", "!="):
            return (a.cell == b.cell) == (c.op == "==")
        return None
    for x, y, op in ((a, b, c.op), (b, a, SWAP[c.op])):
        if isinstance(x, Addr) and isinstance(y, Int) and y.v == 0:
            # An object's address is never NULL (and compares as a positive number).
            return {"==": False, "!=": True, ">": True, ">=": True, "<": False, "<=": False}[op]
    return None


@dataclass(frozen=True, slots=True)
class _Bound:
    lo: int | None = None
    hi: int | None = None
    ne: frozenset[int] = frozenset()

    def add(self, op: str, k: int) -> _Bound | None:
        lo, hi, ne = self.lo, self.hi, self.ne
        if op == "==":
            lo = k if lo is None else max(lo, k)
            hi = k if hi is None else min(hi, k)
        elif op == "!=":
            ne = ne | {k}
        elif op == "<":
            hi = k - 1 if hi is None else min(hi, k - 1)
        elif op == "<=":
            hi = k if hi is None else min(hi, k)
        elif op == ">":
            lo = k + 1 if lo is None else max(lo, k + 1)
        elif op == ">=":
            lo = k if lo is None else max(lo, k)
        b = _Bound(lo, hi, ne)
        return b if b.ok() else None

    def ok(self) -> bool:
        if self.lo is not None and self.hi is not None:
            if self.lo > self.hi:
                return False
            if self.hi - self.lo < 64:
                return any(v not in self.ne for v in range(self.lo, self.hi + 1))
        return True


def _simple(c: Cmp) -> tuple[Sym, str, int] | None:
    if isinstance(c.left, Sym) and isinstance(c.right, Int):
        return c.left, c.op, c.right.v
    if isinstance(c.right, Sym) and isinstance(c.left, Int):
        return c.right, SWAP[c.op], c.left.v
    return None


@functools.lru_cache(maxsize=65536)
def _bounds(pc: PathCond) -> tuple[dict[Sym, _Bound] | None, tuple[Cmp, ...]]:
    """Interval facts per symbol, and the atoms left for z3; None if already infeasible."""
    bounds: dict[Sym, _Bound] = {}
    rest: list[Cmp] = []
    for c in pc:  # interval facts intersect: the order does not matter
        s = _simple(c)
        if s is None:
            rest.append(c)
            continue
        sym, op, k = s
        start = bounds.get(sym)
        if start is None:
            start = _Bound(lo=0) if _nonnegative(sym) else _Bound()
        nb = start.add(op, k)
        if nb is None:
            return None, ()
        bounds[sym] = nb
    return bounds, tuple(rest)


@functools.cache
def _z3() -> Any:
    """z3, imported on the first query that needs it: most checks of small drivers are
    settled without it (intervals, guessed models), and its import is not free."""
    import z3

    # z3 would take SIGINT over during each query and answer "unknown": a Ctrl-C then
    # vanished. Left to Python, it ends the run once the query returns (`budget`).
    z3.set_param("ctrl_c", False)
    return z3


class _Z3:
    """Translates atoms to z3, once per atom: building z3 terms through its Python API
    costs more than most queries, and the same atoms come back query after query.
    Variables are named once per value (the translation is shared by every query)."""

    _LIMIT = 200_000

    def __init__(self) -> None:
        self.vars: dict[object, z3.ArithRef] = {}
        self.memo: dict[Cmp, tuple[z3.BoolRef, frozenset[object]]] = {}
        self.used: set[object] = set()  # the variables of the atom being translated
        self.calls = 0

    def term(self, v: Value) -> z3.ArithRef:
        budget.check()  # a nest of terms can take longer than the whole budget
        z3 = _z3()
        if isinstance(v, Int):
            return z3.IntVal(v.v)
        if isinstance(v, Term) and v.op in _LOGIC:
            return z3.If(self.boolean(v), z3.IntVal(1), z3.IntVal(0))
        if isinstance(v, (Sym, Addr)):
            if v not in self.vars:
                self.vars[v] = z3.Int(f"v{len(self.vars)}")
            self.used.add(v)
            return self.vars[v]
        a = [self.term(x) for x in v.args]
        op = v.op
        if len(a) == 2:
            if op == "max":
                return z3.If(a[0] >= a[1], a[0], a[1])
            if op == "min":
                return z3.If(a[0] <= a[1], a[0], a[1])
            if op == "+":
                return a[0] + a[1]
            if op == "-":
                return a[0] - a[1]
            if op == "*":
                return a[0] * a[1]
        key = ("uf", op, v)
        if key not in self.vars:  # other operators: an uninterpreted value
            self.vars[key] = _z3().Int(f"t{len(self.vars)}")
        return self.vars[key]

    def boolean(self, v: Value) -> z3.BoolRef:
        """A value as a condition: a comparison, `&&`, `||` (C truth: non-zero)."""
        z3 = _z3()
        if isinstance(v, Term) and v.op in _COMPARE and len(v.args) == 2:
            return self.formula(Cmp(v.op, v.args[0], v.args[1]))
        if isinstance(v, Term) and v.op in ("&&", "||"):
            parts = [self.boolean(a) for a in v.args]
            return z3.And(*parts) if v.op == "&&" else z3.Or(*parts)
        return self.term(v) != 0

    def formula(self, c: Cmp) -> z3.BoolRef:
        a, b = self.term(c.left), self.term(c.right)
        return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[
            c.op
        ]

    def translated(self, c: Cmp) -> tuple[z3.BoolRef, frozenset[object]]:
        got = self.memo.get(c)
        if got is None:
            if len(self.memo) > self._LIMIT:
                self.memo.clear()
                self.vars.clear()
            self.used = set()
            got = self.memo[c] = (self.formula(c), frozenset(self.used))
        return got

    def sat(self, atoms: tuple[Cmp, ...]) -> bool:
        self.calls += 1
        s = _solver()
        s.push()  # one solver per process: creating one per query costs more than the query
        try:
            keys: set[object] = set()
            for c in atoms:
                f, used = self.translated(c)
                s.add(f)
                keys |= used
            for k in keys:
                var = self.vars[k]
                if isinstance(k, Sym) and _nonnegative(k):
                    s.add(var >= 0)
                elif isinstance(k, Addr):
                    s.add(var > 0)
            left = budget.remaining()
            if left < _QUERY_MS / 1000:
                if left <= 0:
                    raise budget.OutOfTime
                s.set("timeout", max(1, int(left * 1000)))
                try:
                    answer = s.check()
                finally:
                    s.set("timeout", _QUERY_MS)
                if answer == _z3().unknown:
                    raise budget.OutOfTime  # cut short by the budget: no answer to keep
                return bool(answer != _z3().unsat)
            return bool(s.check() != _z3().unsat)
        finally:
            s.pop()


@functools.lru_cache(maxsize=1)
def _translator() -> _Z3:
    return _Z3()


_QUERY_MS = 2000  # z3's own limit per query; less when the budget has less left


@functools.lru_cache(maxsize=1)
def _solver() -> z3.Solver:
    s = _z3().Solver()
    s.set("timeout", _QUERY_MS)
    return s


_SAT_CACHE: dict[frozenset[Cmp], bool] = {}


def reset_caches() -> None:
    """Forget every query answered and every atom translated so far: an exploration
    that starts with this pays for its own solving, whatever was checked before it."""
    _SAT_CACHE.clear()
    _translator.cache_clear()


def _leaves(v: Value, out: set[Value]) -> None:
    if isinstance(v, Term):
        for a in v.args:
            _leaves(a, out)
    elif isinstance(v, (Sym, Addr)):
        out.add(v)


@functools.lru_cache(maxsize=262144)
def _vars(c: Cmp) -> frozenset[Value]:
    out: set[Value] = set()
    _leaves(c.left, out)
    _leaves(c.right, out)
    return frozenset(out)


def _slice(pc: PathCond, c: Cmp) -> frozenset[Cmp]:
    """The atoms of `pc` that constrain `c`'s unknowns, directly or through others."""
    return _slice_vars(pc, _vars(c))


@functools.lru_cache(maxsize=16384)
def _slice_vars(pc: PathCond, names: frozenset[Value]) -> frozenset[Cmp]:
    by_var, groups = _components(pc)
    seen = {by_var[n] for n in names if n in by_var}
    if len(seen) == 1:
        return groups[seen.pop()]
    return frozenset().union(*(groups[g] for g in seen))


@functools.lru_cache(maxsize=4096)
def _components(pc: PathCond) -> tuple[dict[Value, int], list[frozenset[Cmp]]]:
    """The atoms of `pc` grouped by the unknowns they share, transitively (union-find):
    a slice is the groups of the question's unknowns."""
    parent: dict[Value, Value] = {}

    def find(x: Value) -> Value:
        root = x
        while parent[root] is not root:
            root = parent[root]
        while parent[x] is not root:
            parent[x], x = root, parent[x]
        return root

    firsts: list[tuple[Cmp, Value]] = []  # each atom with one of its unknowns
    for atom in pc:
        vs = _vars(atom)
        if not vs:
            continue
        it = iter(vs)
        first = next(it)
        firsts.append((atom, first))
        if first not in parent:
            parent[first] = first
            root = first
        else:
            root = find(first)
        for v in it:
            if v not in parent:
                parent[v] = root  # a new unknown joins the atom's group directly
                continue
            other = find(v)
            if other is not root:
                parent[other] = root
    index: dict[Value, int] = {}
    members: list[list[Cmp]] = []
    for atom, first in firsts:
        root = find(first)
        g = index.get(root)
        if g is None:
            g = index[root] = len(members)
            members.append([])
        members[g].append(atom)
    by_var = {v: index[find(v)] for v in parent}
    return by_var, [frozenset(m) for m in members]


def satisfiable(pc: PathCond) -> bool:
    bounds, rest = _bounds(pc)
    if bounds is None:
        return False
    if not rest:
        return True
    rest_vars = _rest_vars(rest)
    key = frozenset(rest) | frozenset(a for a in pc if _vars(a) & rest_vars)
    hit = _SAT_CACHE.get(key)
    if hit is None:
        atoms = tuple(key)  # sat/unsat does not depend on the atoms' order
        hit = _witness_cases(atoms) or _translator().sat(atoms)
        if len(_SAT_CACHE) > 200000:
            _SAT_CACHE.clear()
        _SAT_CACHE[key] = hit
    return hit


_ARITH = frozenset({"+", "-", "*", "max", "min"})
_COMPARE = frozenset(NEGATE)
_LOGIC = _COMPARE | {"&&", "||"}


def _is_arith(v: Value) -> bool:
    """A term z3 computes with (the others are uninterpreted: unknowns of their own)."""
    return isinstance(v, Term) and (
        (len(v.args) == 2 and v.op in (_ARITH | _COMPARE)) or (v.op in ("&&", "||"))
    )


def _conjuncts(v: Value) -> list[Cmp] | None:
    """A conjunction of comparisons as atoms (None: not one)."""
    if isinstance(v, Term) and v.op == "&&":
        out: list[Cmp] = []
        for a in v.args:
            part = _conjuncts(a)
            if part is None:
                return None
            out += part
        return out
    if isinstance(v, Term) and v.op in _COMPARE and len(v.args) == 2:
        return [Cmp(v.op, v.args[0], v.args[1])]
    return None


def _cases(c: Cmp) -> list[list[Cmp]] | None:
    """The disjuncts of `(A) || (B) != 0`, each as atoms (None: not such a fact)."""
    if c.op != "!=" or c.right != Int(0) or not isinstance(c.left, Term) or c.left.op != "||":
        return None
    out = []
    for side in c.left.args:
        atoms = _conjuncts(side)
        if atoms is None:
            return None
        out.append(atoms)
    return out


def _witness_cases(atoms: tuple[Cmp, ...]) -> bool:
    """`_witness`, trying each side of the join facts (`(A) || (B)`, see engine.join)
    as the simple facts that guide the guess: the guess cannot see through them."""
    split = [(a, cs) for a in atoms if (cs := _cases(a)) is not None]
    if not split:
        return _witness(atoms)
    if len(split) > 3:
        return False
    for choice in itertools.product(*(cs for _, cs in split)):
        extra = tuple(x for side in choice for x in side)
        if _witness(atoms + extra):
            return True
    return False


def _witness(atoms: tuple[Cmp, ...]) -> bool:
    """Whether a simple guess satisfies every atom: True only with such values in hand.

    Nearly every feasibility query is satisfiable, and most are a few equalities and
    bounds over unknowns. Values are guessed per class of unknowns the equalities tie
    together: the constant of the class if it has one, else a value within the class's
    bounds that no other class gets. Then every atom is evaluated; if one fails the
    query goes to z3, so a False here decides nothing.
    """
    parent: dict[Value, Value] = {}

    def find(x: Value) -> Value:
        root = x
        while (up := parent.get(root, root)) is not root:
            root = up
        while (up := parent.get(x, x)) is not x:
            parent[x] = root
            x = up
        return root

    leaves: list[Value] = []

    def collect(v: Value) -> None:
        if _is_arith(v):
            assert isinstance(v, Term)
            for a in v.args:
                collect(a)
        elif not isinstance(v, Int) and v not in parent:
            parent[v] = v
            leaves.append(v)

    for a in atoms:
        budget.check()
        collect(a.left)
        collect(a.right)
    for a in atoms:
        if a.op != "==" or _is_arith(a.left) or _is_arith(a.right):
            continue
        if isinstance(a.left, Int) or isinstance(a.right, Int):
            continue
        ra, rb = find(a.left), find(a.right)
        if ra is not rb:
            parent[ra] = rb
    # Each class's interval, as `_bounds` keeps one per symbol.
    bounds: dict[Value, _Bound] = {}
    facts: list[tuple[Value, str, int]] = [
        (x, op, y.v)
        for a in atoms
        for x, y, op in ((a.left, a.right, a.op), (a.right, a.left, SWAP[a.op]))
        if isinstance(y, Int) and not isinstance(x, Int) and not _is_arith(x)
    ]
    facts += [
        (x, ">=", 1 if isinstance(x, Addr) else 0)
        for x in leaves
        if isinstance(x, Addr) or _nonnegative(x)
    ]
    for leaf, op, k in facts:
        r = find(leaf)
        b = bounds.get(r, _Bound()).add(op, k)
        if b is None:
            return False
        bounds[r] = b
    value: dict[Value, int] = {}
    for k, x in enumerate(leaves):
        r = find(x)
        if r in value:
            continue
        b = bounds.get(r, _Bound())
        low, high = b.lo, b.hi
        if low is not None and low == high:
            value[r] = low
            continue
        guess = (low if low is not None else 1_000_000) + 1 + 17 * k
        if high is not None and guess > high:
            guess = high if low is None or high - 1 - 17 * k < low else high - 1 - 17 * k
        value[r] = guess

    def ev(v: Value) -> int:
        if isinstance(v, Int):
            return v.v
        if _is_arith(v):
            assert isinstance(v, Term)
            if v.op == "&&":
                return int(all(ev(a) for a in v.args))
            if v.op == "||":
                return int(any(ev(a) for a in v.args))
            x, y = ev(v.args[0]), ev(v.args[1])
            if v.op in _COMPARE:
                return int(_concrete(v.op, x, y))
            if v.op in ("max", "min"):
                return max(x, y) if v.op == "max" else min(x, y)
            return x + y if v.op == "+" else x - y if v.op == "-" else x * y
        return value[find(v)]

    for x in leaves:
        if (isinstance(x, Addr) and ev(x) <= 0) or (_nonnegative(x) and ev(x) < 0):
            return False
    return all(_concrete(a.op, ev(a.left), ev(a.right)) for a in atoms)


@functools.lru_cache(maxsize=65536)
def _rest_vars(rest: tuple[Cmp, ...]) -> frozenset[Value]:
    out: set[Value] = set()
    for a in rest:
        out |= _vars(a)
    return frozenset(out)


def known_value(pc: PathCond, v: Value) -> int | None:
    """The one integer `v` can be under `pc`, if the interval facts pin it down."""
    if isinstance(v, Int):
        return v.v
    if not isinstance(v, Sym):
        return None
    return _pinned(pc, v)


def _pinned(pc: PathCond, v: Sym) -> int | None:
    """`known_value` for a symbol: only the interval facts about `v` itself can pin it,
    so only those are folded (not the whole path condition's intervals)."""
    b = _own_bound(pc, v)
    if b is not None and b.lo is not None and b.lo == b.hi:
        return b.lo
    return None


def interval(pc: PathCond, v: Value) -> tuple[int | None, int | None]:
    """The lowest and highest value the interval facts about `v` itself allow (None:
    unbounded); cheap, for describing a value rather than deciding about it."""
    if isinstance(v, Int):
        return v.v, v.v
    if not isinstance(v, Sym):
        return None, None
    b = _own_bound(pc, v)
    return (b.lo, b.hi) if b is not None else (None, None)


def known_choices(pc: PathCond, v: Value, most: int = 17) -> frozenset[int] | None:
    """The integers `v` can be under `pc` when the interval facts about `v` itself allow
    at most `most` of them (a status chosen among a few constants), else None."""
    if isinstance(v, Int):
        return frozenset((v.v,))
    if not isinstance(v, Sym):
        return None
    b = _own_bound(pc, v)
    if b is None or b.lo is None or b.hi is None or b.hi - b.lo >= most:
        return None
    return frozenset(k for k in range(b.lo, b.hi + 1) if k not in b.ne)


def known_negative(pc: PathCond, v: Value) -> bool:
    """Whether the interval facts about `v` itself make it negative (a failed status)."""
    if isinstance(v, Int):
        return v.v < 0
    if not isinstance(v, Sym):
        return False
    b = _own_bound(pc, v)
    return b is not None and b.hi is not None and b.hi < 0


@functools.lru_cache(maxsize=4096)
def _interval_atoms(pc: PathCond) -> dict[Sym, list[tuple[str, int]]]:
    """The interval facts of `pc`, by symbol: a join asks about many cells of one
    path condition, and each question then reads only its symbol's facts."""
    out: dict[Sym, list[tuple[str, int]]] = {}
    for c in pc:
        s = _simple(c)
        if s is not None:
            out.setdefault(s[0], []).append((s[1], s[2]))
    return out


@functools.lru_cache(maxsize=65536)
def _own_bound(pc: PathCond, v: Sym) -> _Bound | None:
    b: _Bound | None = _Bound(lo=0) if _nonnegative(v) else _Bound()
    for op, k in _interval_atoms(pc).get(v, ()):
        assert b is not None
        b = b.add(op, k)
        if b is None:
            return None
    return b


def decide(pc: PathCond, c: Cmp) -> bool | None:
    """True/False when `c` is certain under `pc`, None when both outcomes are feasible."""
    q = quick(c)
    if q is not None:
        return q
    # Only the atoms that share unknowns with `c` can decide it: a state's path
    # condition is feasible by construction (`assume` keeps only feasible ones).
    relevant = _slice(pc, c)
    can_true = satisfiable(relevant | {c})
    can_false = satisfiable(relevant | {c.negated()})
    if can_true and not can_false:
        return True
    if can_false and not can_true:
        return False
    return None


def assume(pc: PathCond, c: Cmp) -> PathCond | None:
    """`pc` with `c` added, or None when that is infeasible."""
    q = quick(c)
    if q is True:
        return pc
    if q is False:
        return None
    new = pc | {c}
    return new if satisfiable(_slice(pc, c) | {c}) else None
