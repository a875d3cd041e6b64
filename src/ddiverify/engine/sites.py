"""A call site that runs again (a loop, a helper called twice from one place).

The engine names an unknown a DDI returns after its call site and call stack, so two
runs of one site would produce "the same" block or handle; so would two runs of a call
to a driver function, whose joins name their symbols after the call's stack (a helper
whose two exits leave a new block or NULL in a field). When the rule tracks a value the
site produced before, that value is renamed to an older version before the site runs
again: the new value is never the same object as the old one. Invariant: states the
rule tracks nothing of such a site in are left as they are.
"""

from __future__ import annotations

import functools

from ddiverify.engine.solver import Cmp
from ddiverify.engine.state import State, Store
from ddiverify.engine.values import Addr, Cell, Root, Sym, Term


def tracked_values(rule: tuple[tuple[str, object], ...]) -> set[object]:
    out: set[object] = set()
    for _, v in rule:
        if isinstance(v, frozenset):
            for item in v:
                out.add(item[0] if isinstance(item, tuple) else item)
    return out


@functools.lru_cache(maxsize=65536)
def _mentions_cached(v: object, site: tuple[object, ...]) -> bool:
    return _mentions(v, site)


def _mentions(x: object, site: tuple[object, ...]) -> bool:
    if x == site:
        return True
    if isinstance(x, tuple):
        return any(_mentions(y, site) for y in x)
    if isinstance(x, Sym):
        return _mentions(x.key, site)
    if isinstance(x, Addr):
        return _mentions(x.cell, site)
    if isinstance(x, Cell):
        return _mentions(x.root.frame, site) or _mentions(x.path, site)
    if isinstance(x, Term):
        return _mentions(x.args, site)
    return False


def _aged(x: object, site: tuple[object, ...]) -> object:
    """`x` with every value the call at `site` produced renamed to its older version."""
    if x == site:
        return ("older", site)
    if isinstance(x, tuple):
        return tuple(_aged(y, site) for y in x)
    if isinstance(x, Sym):
        return Sym(_aged(x.key, site), x.hint)  # type: ignore[arg-type]
    if isinstance(x, Addr):
        return Addr(_aged(x.cell, site))  # type: ignore[arg-type]
    if isinstance(x, Cell):
        root = Root(x.root.kind, x.root.name, _aged(x.root.frame, site))  # type: ignore[arg-type]
        return Cell(root, _aged(x.path, site))  # type: ignore[arg-type]
    if isinstance(x, Term):
        return Term(x.op, _aged(x.args, site))  # type: ignore[arg-type]
    if isinstance(x, Cmp):
        return Cmp(x.op, _aged(x.left, site), _aged(x.right, site))  # type: ignore[arg-type]
    return x


def age_site(st: State, site: tuple[object, ...]) -> State:
    """A call site runs again (a loop, a helper called again from the same place): the
    values its previous run produced are older values, never the same as the new ones.
    Only done when the rule tracks such a value, which is when identity matters."""
    if not any(_mentions_cached(v, site) for v in tracked_values(st.rule)):
        return st
    store = {_aged(c, site): _aged(v, site) for c, v in st.store.items()}
    rule = tuple(
        (k, frozenset(_aged(m, site) for m in v) if isinstance(v, frozenset) else _aged(v, site))
        for k, v in st.rule
    )
    pc = frozenset(_aged(a, site) for a in st.pc)
    zeroed = frozenset(_aged(c, site) for c in st.zeroed)
    # fmt: off
    return State(Store(store), zeroed, pc, rule, st.registered,  # type: ignore[arg-type]
                 st.trace)
    # fmt: on
