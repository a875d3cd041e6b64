"""Time budgets and interruption, checked where the time goes.

One deadline is active per process at a time (`limit`): the exploration of a rule sets
it, and so do input collection and the frontend for each file they work on. Long loops
(globbing, preprocessing, lowering, building solver terms, the engine's worklist) call
`check()`, which raises `OutOfTime` once the deadline has passed and `KeyboardInterrupt`
once Ctrl-C was pressed.

Invariants: `check()` is cheap (a counter, and the clock every `_EVERY` calls); a
Ctrl-C is never lost: the SIGINT handler records it before raising, so an interrupt
raised where Python cannot propagate it (inside a `__del__`, where it is only printed)
is raised again at the next `check()`.
"""

from __future__ import annotations

import contextlib
import math
import signal
import sys
import time
from collections.abc import Iterator
from types import FrameType
from typing import Any


class OutOfTime(Exception):
    """The active budget ran out."""


_EVERY = 64
_deadline = math.inf
_count = 0
_interrupted = False


def remaining() -> float:
    """Seconds left in the active budget (`inf` without one)."""
    return _deadline - time.monotonic()


def interrupted() -> bool:
    return _interrupted


def check() -> None:
    """Raise `KeyboardInterrupt` after Ctrl-C, `OutOfTime` past the active deadline."""
    global _count
    if _interrupted:
        raise KeyboardInterrupt
    _count += 1
    if _count >= _EVERY:
        _count = 0
        if time.monotonic() > _deadline:
            raise OutOfTime


def check_now() -> None:
    """`check()` reading the clock now: for loops whose every turn may be slow."""
    global _count
    _count = _EVERY
    check()


@contextlib.contextmanager
def limit(deadline: float) -> Iterator[None]:
    """`deadline` (a `time.monotonic()` value) is the active one inside the block; an
    enclosing deadline that comes sooner stays in force."""
    global _deadline
    outer = _deadline
    _deadline = min(outer, deadline)
    try:
        yield
    finally:
        _deadline = outer


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _quiet_unraisable(info: Any) -> None:
    """After Ctrl-C, objects finalised half-way (z3's `__del__`) say nothing."""
    if _interrupted or isinstance(info.exc_value, KeyboardInterrupt):
        return
    sys.__unraisablehook__(info)


def install_interrupt_handler() -> None:
    """Ctrl-C is recorded (see the module's invariant) and its echoes are silenced."""
    global _interrupted
    _interrupted = False
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        signal.signal(signal.SIGINT, _on_sigint)
    sys.unraisablehook = _quiet_unraisable


def ignore_interrupts() -> None:
    """For worker processes: the parent stops them; Ctrl-C at the terminal is its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.unraisablehook = _quiet_unraisable
