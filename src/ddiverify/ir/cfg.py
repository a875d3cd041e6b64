"""Statements and control-flow graphs of the IR.

Invariants: a function body is a tuple of basic blocks; block ids are their indexes;
every block ends in exactly one terminator (`Jump`, `Branch` or `Return`); statements
carry the original source location (file, 1-based line) of the code they came from,
and a short source text used in traces. Nothing here refers to tree-sitter.
"""

from __future__ import annotations

from dataclasses import dataclass

from ddiverify.ir.expr import Expr


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Assign:
    """`lhs = rhs`; `rhs` is `Const(0, "{0}")` for a zero-initialised aggregate."""

    lhs: Expr
    rhs: Expr
    loc: Loc
    text: str


@dataclass(frozen=True, slots=True)
class Call:
    """`result = callee(args)`; `callee` is a `Name` for a direct call."""

    result: Expr | None
    callee: Expr
    args: tuple[Expr, ...]
    loc: Loc
    text: str

    @property
    def callee_name(self) -> str | None:
        from ddiverify.ir.expr import Name

        return self.callee.name if isinstance(self.callee, Name) else None

    @property
    def ddi_name(self) -> str | None:
        """The routine a rule knows this call by: the callee's name, or for a call through
        a function-pointer field (`Dma->DmaOperations->GetScatterGatherList(...)`, a
        DMA_OPERATIONS member) the field's name."""
        from ddiverify.ir.expr import Field, Name

        if isinstance(self.callee, Name):
            return self.callee.name
        return self.callee.name if isinstance(self.callee, Field) else None


@dataclass(frozen=True, slots=True)
class Assume:
    """Paths where `cond` is false end here (`__analysis_assume`)."""

    cond: Expr
    loc: Loc
    text: str


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A construct the frontend could not lower: a counted, reported placeholder.

    The engine treats it as having no effect that rules track; the function that holds
    it is reported as degraded.
    """

    reason: str
    loc: Loc
    text: str


Stmt = Assign | Call | Assume | Unsupported


@dataclass(frozen=True, slots=True)
class Jump:
    target: int


@dataclass(frozen=True, slots=True)
class Branch:
    """Go to `if_true` when `cond` is non-zero, else to `if_false`."""

    cond: Expr
    if_true: int
    if_false: int
    loc: Loc
    text: str


@dataclass(frozen=True, slots=True)
class Return:
    value: Expr | None
    loc: Loc
    text: str


Terminator = Jump | Branch | Return


@dataclass(frozen=True, slots=True)
class Block:
    id: int
    stmts: tuple[Stmt, ...]
    term: Terminator

    def successors(self) -> tuple[int, ...]:
        t = self.term
        if isinstance(t, Jump):
            return (t.target,)
        if isinstance(t, Branch):
            return (t.if_true, t.if_false)
        return ()


@dataclass(frozen=True, slots=True)
class Loops:
    """The CFG's cycles: which strongly connected component each block is in."""

    component: dict[int, int]
    on_cycles: frozenset[int]  # blocks a loop comes back to


def loops_of(blocks: tuple[Block, ...]) -> Loops:
    """Tarjan's strongly connected components of the CFG."""
    succ = {b.id: list(b.successors()) for b in blocks}
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on: set[int] = set()
    stack: list[int] = []
    component: dict[int, int] = {}
    cyclic: set[int] = set()
    counter = 0
    for root in succ:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on.add(v)
            nxt = succ.get(v, [])
            if i < len(nxt):
                work.append((v, i + 1))
                w = nxt[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    component[w] = v
                    if w == v:
                        break
                if len(comp) > 1 or v in succ.get(v, []):
                    cyclic.update(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return Loops(component, frozenset(cyclic))


def reverse_postorder(blocks: tuple[Block, ...]) -> tuple[dict[int, int], set[int]]:
    """Reverse post-order numbering and the loop heads (targets of back edges).

    A worklist taking the lowest number first can leave a loop on the state of a round
    it has not finished, and run the code after it on that state before the loop's
    fixpoint arrives (docs/engine.md, "Loops", on what that costs). Visiting the
    successors that leave a loop first avoids it, but doubled the work on the largest
    state machines measured, so the plain order is kept."""
    order: list[int] = []
    heads: set[int] = set()
    state: dict[int, int] = {}
    stack: list[tuple[int, int]] = [(0, 0)]
    state[0] = 1
    while stack:
        b, i = stack.pop()
        succs = blocks[b].successors()
        if i < len(succs):
            stack.append((b, i + 1))
            s = succs[i]
            if state.get(s) is None:
                state[s] = 1
                stack.append((s, 0))
            elif state[s] == 1:
                heads.add(s)
        else:
            state[b] = 2
            order.append(b)
    order.reverse()
    return {b: i for i, b in enumerate(order)}, heads
