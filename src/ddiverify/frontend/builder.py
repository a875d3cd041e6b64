"""A mutable CFG under construction, frozen into IR blocks when the function is done.

Invariant: `current` is None exactly when the code being lowered is unreachable
(after a return, break, goto...); statements emitted then are dropped, which is what C
means. Blocks nobody jumps to are kept (ids must stay stable) but have no predecessors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ddiverify.ir.cfg import Block, Branch, Jump, Loc, Return, Stmt, Terminator
from ddiverify.ir.expr import Expr


@dataclass(slots=True)
class _Draft:
    stmts: list[Stmt] = field(default_factory=list)
    term: Terminator | None = None


class CfgBuilder:
    def __init__(self) -> None:
        self._blocks: list[_Draft] = [_Draft()]
        self.current: int | None = 0

    def new_block(self) -> int:
        self._blocks.append(_Draft())
        return len(self._blocks) - 1

    def emit(self, stmt: Stmt) -> None:
        if self.current is not None:
            self._blocks[self.current].stmts.append(stmt)

    def _terminate(self, term: Terminator) -> None:
        if self.current is not None:
            self._blocks[self.current].term = term
            self.current = None

    def jump(self, target: int) -> None:
        self._terminate(Jump(target))

    def branch(self, cond: Expr, if_true: int, if_false: int, loc: Loc, text: str) -> None:
        self._terminate(Branch(cond, if_true, if_false, loc, text))

    def ret(self, value: Expr | None, loc: Loc, text: str) -> None:
        self._terminate(Return(value, loc, text))

    def start(self, block: int) -> None:
        """Continue lowering into `block`, falling through from the current block."""
        if self.current is not None:
            self.jump(block)
        self.current = block

    def finish(self, end: Loc) -> tuple[Block, ...]:
        """Freeze; open blocks fall off the end of the function (an implicit return)."""
        out = []
        for i, d in enumerate(self._blocks):
            term = d.term if d.term is not None else Return(None, end, "}")
            out.append(Block(i, tuple(d.stmts), term))
        return tuple(out)
