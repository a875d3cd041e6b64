"""The mutable per-file state of one preprocessing run (never leaves the preprocessor).

Invariants: `FileState.active` always equals the innermost `Cond.active` (True when no
conditional is open); `phys` is the 1-based physical line of the next logical line;
`seg_out`/`seg_src` are where the file's current output segment started.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Cond:
    """One open #if group."""

    parent_active: bool
    active: bool
    taken: bool  # some branch of the group was (or is being) taken
    seen_else: bool
    line: int


class Guard(enum.Enum):
    """Progress of recognising `#ifndef X / #define X ... #endif` around a whole file."""

    START = 0  # nothing but blank lines seen yet
    INSIDE = 1  # inside the candidate #ifndef
    CLOSED = 2  # its #endif seen, nothing after it yet
    NONE = 3  # the file is not wrapped in one guard


@dataclass(slots=True)
class Pending:
    """A macro invocation or annotation whose argument list continues on later lines."""

    texts: list[str]
    out_idx: list[int]
    lines: list[int]
    need_paren: bool
    chars: int = 0
    depth: int = 0  # "(" minus ")" over the lines so far, literals aside


@dataclass(slots=True)
class FileState:
    """A file being preprocessed (one per level of #include)."""

    path: Path
    key: str
    display: str
    file_literal: str
    lines: list[str]
    spans: list[int] | None
    seg_out: int
    i: int = 0
    phys: int = 1
    seg_src: int = 1
    active: bool = True
    conds: list[Cond] = field(default_factory=list)
    pending: Pending | None = None
    guard: str | None = None
    guard_state: Guard = Guard.START
