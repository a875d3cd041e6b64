"""Recursion: the tabulation of the call graph's cycles, iterated to a fixpoint.

A call that re-enters a cycle of the call graph (a strongly connected component whose
functions call each other) is not analysed again: it applies the *recursion summary*
of the function it calls for its entry key (the rule state, the watched cells, the
routines registered and the argument values) -- the rule state, registrations, changed
non-local cells and return value of each of its exits. Summaries start empty, so the
first round follows only the paths that do not recurse; the outermost call into the
cycle (an ordinary call, or the harness calling an entry point on a cycle) then
recomputes every entry key the round asked for, and goes round again until no summary
changes (at most `MAX_RECURSION_ROUNDS`). This is tabulation in the style of Reps,
Horwitz and Sagiv (POPL 1995), with the property key of property simulation as the
entry fact.

`RecursionTable` owns every table of it; the analyzer gives it the two things it cannot
do itself: analysing a function's body in a state (`Analyse`) and the watched cells'
values of a state (`Watched`). Invariants: a summary is only ever the exits of an
analysis of its entry key under the summaries of the previous round (or final ones); a
summary a finished fixpoint produced is final and is applied, never recomputed, from
any later context; a call memo (`engine.memo`) records the epochs of the cycles its
callee reaches, so it is reused only while none of their summaries has changed.

(Not to be confused with the call memo of `engine.memo`: a memo is one finished call,
reused where its inputs recur; a recursion summary is a cycle's exits per entry key,
computed by rounds, and applied where a call re-enters its cycle.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from ddiverify.engine.join import is_approximate, marked
from ddiverify.engine.state import State
from ddiverify.engine.values import Cell, Value
from ddiverify.ir.callgraph import FunctionPointers, cycles_reached, recursive_cycles
from ddiverify.ir.cfg import Loc
from ddiverify.ir.program import Function, Program

MAX_RECURSION_ROUNDS = 4
MAX_SUMMARY_KEYS = 3  # entry keys tabulated per function

RuleState = tuple[tuple[str, object], ...]
# What a recursion summary is keyed by: rule state, watched values, registrations,
# arguments (`RecursionTable.entry_key`).
EntryKey = tuple[object, ...]
Stack = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Exit:
    """One way out of an analysed call: the state there, the value returned, the
    `return` it left by."""

    state: State
    value: Value
    loc: Loc


@dataclass(frozen=True, slots=True)
class SummaryExit:
    """One exit of a recursion summary, as a caller applies it: what the call leaves
    of the rule state and registrations, the non-local cells it changed, its result."""

    rule: RuleState
    registered: frozenset[str]
    cells: frozenset[tuple[Cell, Value]]
    value: Value


class Analyse(Protocol):
    """Analyses `fn`'s body called at `stack` (`entry`: the entry point it runs under)
    with `args` in `st`, and gives its exits (`Analyzer.call_function`)."""

    def __call__(
        self,
        fn: Function,
        stack: Stack,
        entry: str,
        args: list[Value],
        st: State,
        is_entry: bool = False,
    ) -> list[Exit]: ...


# The values of the cells the rule watches in a state (`Analyzer.watched`).
Watched = Callable[[State], tuple[Value, ...]]


class RecursionTable:
    """The recursion summaries of one analysis and everything that decides when they
    are computed, applied and final. Each table says what it is keyed by, what it holds,
    who writes and who reads it, and why that is right."""

    def __init__(
        self, program: Program, fps: FunctionPointers, analyse: Analyse, watched: Watched
    ) -> None:
        self.program = program
        self._analyse = analyse
        self._watched = watched
        # The recursive cycles of the call graph, by number, and each function on one
        # with its cycle's number. Fixed for the run (the call graph with every pointer
        # resolved as `callees` resolves it); read to tell a recursive call (`reenters`)
        # and to find the functions a fixpoint iterates over. Functions on no cycle are
        # not in `scc_of`: their calls are ordinary calls.
        self.sccs: list[tuple[str, ...]]
        self.scc_of: dict[str, int]
        self.sccs, self.scc_of = recursive_cycles(program, fps)
        # The cycles reachable from each function (fixed): a call memo of a call of it
        # is valid only for these cycles' epochs (`epochs`).
        self.reaches_scc: dict[str, tuple[int, ...]] = cycles_reached(program, fps, self.sccs)
        # The fixpoint table: function -> entry key -> its exits as computed so far, one
        # `SummaryExit` per distinct exit in exit order. Written by `_update` (the end of
        # a round of an outermost call) when an entry's recomputed exits differ; read by
        # `apply` (every recursive call). A missing entry means "no exit known yet": the
        # recursive call contributes no path in that round, which the next round mends
        # once the entry is computed. An entry is always the exits of an analysis of its
        # entry state under the previous round's (or final) summaries.
        self.summaries: dict[str, dict[EntryKey, tuple[SummaryExit, ...]]] = {}
        # Entry keys a recursive call asked for that had no summary yet: function -> key
        # -> the state and arguments of the first call that asked. Written by `apply`
        # (a miss, while the function has room for more keys); moved into `entries` by
        # `_update`, so the next round computes them; otherwise never read.
        self.needed: dict[str, dict[EntryKey, tuple[State, list[Value]]]] = {}
        # The entry keys being tabulated: function -> key -> the state and arguments to
        # analyse it in (those of the first call with that key: any call with the key
        # gives the same summary, the key being all a summary depends on). Written by
        # `_update` (the outermost call's own key, and what was `needed`); read by
        # `_update`, which recomputes each every round. An entry whose summary became
        # final is deleted at the end of its fixpoint (`call`).
        self.entries: dict[str, dict[EntryKey, tuple[State, list[Value]]]] = {}
        # Functions whose summaries a recursive call applied (or asked for) since the
        # current round of the outermost call began: cleared for the cycle's functions
        # at the start of each round, added to by `apply`. A round in which none of them
        # was used did not depend on any summary, so its exits are final as they are.
        self.used_summary: set[str] = set()
        # Summaries a finished fixpoint produced: (function, key). Written at the end of
        # `call`; read by `_update`, which never recomputes them. Right because a summary
        # depends on its entry key alone, not on the context that first asked for it: a
        # later call into the cycle from elsewhere applies it instead of recomputing it.
        self.frozen: set[tuple[str, EntryKey]] = set()
        # The frame number of each tabulated entry's nested activation: function -> key
        # -> n, the analysis of that entry running at `stack + (("activation", f, n), f)`.
        # Written the first time `_update` analyses the entry, read every later time: the
        # objects an activation creates are its own (not its caller's), and the same
        # across rounds, so the rounds' summaries can agree and the fixpoint is reached.
        self.activation: dict[str, dict[EntryKey, int]] = {}
        # A stack of sets, one per entry `_update` is recomputing (nested when an
        # entry's analysis enters another cycle): the functions whose summaries that
        # analysis applied or asked for (`apply` adds the target to every open set).
        # Popped into `deps` when the entry's analysis ends.
        self.applied: list[set[str]] = []
        # How often each function's summaries changed (0: never): bumped by `_update`
        # when an entry's summary changes; compared against `deps`.
        self.version: dict[str, int] = {}
        # For each computed entry (function, key): the version of every function's
        # summaries its last analysis applied or asked for. Written by `_update` after
        # each analysis; read by `_update`, which skips an entry whose dependencies all
        # still have those versions: its analysis would see the same summaries (its entry
        # state and arguments are fixed) and give the same exits.
        self.deps: dict[tuple[str, EntryKey], dict[str, int]] = {}
        # How often any summary of each cycle changed (by cycle number): bumped by
        # `_update` at the end of a round that changed one. A call memo records the
        # epochs of the cycles its callee reaches (`epochs`), so a call analysed under
        # older summaries is never reused under newer ones.
        self.scc_epoch: list[int] = [0] * len(self.sccs)

    # -- what the analyzer asks ----------------------------------------------------------

    def reenters(self, target: str, stack: Stack) -> bool:
        """Whether calling `target` from a frame at `stack` re-enters a cycle of the call
        graph (the function itself, or one on its cycle, is already being analysed)."""
        on_stack = [s[1] for s in stack if isinstance(s, tuple) and len(s) == 2]
        scc = self.scc_of.get(target)
        return target in on_stack or (
            scc is not None and any(self.scc_of.get(f) == scc for f in on_stack)
        )

    def epochs(self, target: str) -> tuple[int, ...]:
        """The versions of the recursion summaries a call of `target` can use: a reused
        call result stays valid while none of the cycles it reaches has changed."""
        return tuple(self.scc_epoch[i] for i in self.reaches_scc.get(target, ()))

    def entry_key(self, st: State, args: list[Value]) -> EntryKey:
        """Summaries are per rule state, watched values, registrations and argument
        values: what a call frees or signals depends on what it is given."""
        return (st.rule, self._watched(st), st.registered, tuple(args))

    def call(
        self,
        fn: Function,
        stack: Stack,
        entry: str,
        args: list[Value],
        st: State,
        is_entry: bool = False,
    ) -> list[Exit]:
        """Analyse a call; when it enters a cycle of the call graph, iterate the cycle's
        summaries (one per function and entry key, tabulation-style) until none changes.
        Calls back into the cycle apply the summaries (`apply`)."""
        target = fn.name
        scc = self.scc_of.get(target)
        if scc is None:
            return self._analyse(fn, stack, entry, args, st, is_entry)
        members = self.sccs[scc]
        exits: list[Exit] = []
        for _ in range(MAX_RECURSION_ROUNDS):
            epoch = self.scc_epoch[scc]
            for m in members:
                self.used_summary.discard(m)
            exits = self._analyse(fn, stack, entry, args, st, is_entry)
            if not any(m in self.used_summary for m in members):
                return exits
            self._update(target, members, stack, entry, args, st, exits)
            if self.scc_epoch[scc] == epoch:
                break
        # The summaries this fixpoint computed are final: a later call into the cycle,
        # from another context, applies them instead of recomputing them (summaries
        # are per entry key, not per calling context).
        for m in members:
            self.frozen.update((m, k) for k in self.summaries.get(m, {}))
            for k in list(self.entries.get(m, {})):
                if (m, k) in self.frozen:
                    del self.entries[m][k]
        return exits

    def apply(self, target: str, args: list[Value], st: State) -> list[tuple[State, Value]] | None:
        """A recursive call of `target`: the states and results of its summary's exits
        for the call's entry key ([] while none is known: the first round follows the
        paths that do not recurse, and the outermost call iterates). None when the
        function already has `MAX_SUMMARY_KEYS` entries and this key is not one of them:
        the call is then unknown code (any result, no effect the rule tracks), not a
        path cut short."""
        self.used_summary.add(target)
        for used in self.applied:
            used.add(target)
        k = self.entry_key(st, args)
        table = self.summaries.get(target, {})
        summary = table.get(k)
        if summary is None:
            if len(table) >= MAX_SUMMARY_KEYS:
                return None
            self.needed.setdefault(target, {}).setdefault(k, (st, args))
            return []
        out: list[tuple[State, Value]] = []
        for ex in summary:
            rule = marked(ex.rule, st.rule) if is_approximate(st.rule) else ex.rule
            s = replace(st, rule=rule, registered=ex.registered).write_many(dict(ex.cells))
            out.append((s, ex.value))
        return out

    # -- the rounds ----------------------------------------------------------------------

    def _update(
        self,
        target: str,
        members: tuple[str, ...],
        stack: Stack,
        entry: str,
        args: list[Value],
        st: State,
        exits: list[Exit],
    ) -> None:
        """The end of a round of the outermost call into a cycle: recompute the summary
        of every entry key of the cycle's functions (the outer call's own from its
        `exits`, the others by analysing them again under the current summaries), and
        move the cycle to a new epoch if any changed."""
        changed = False
        own_key = self.entry_key(st, args)
        self.entries.setdefault(target, {}).setdefault(own_key, (st, args))
        for m in members:
            entries = self.entries.setdefault(m, {})
            for k, v in self.needed.pop(m, {}).items():
                entries.setdefault(k, v)
            table = self.summaries.setdefault(m, {})
            fn = self.program.functions[m]
            for k, (entry_state, entry_args) in list(entries.items()):
                if (m, k) in self.frozen:
                    continue
                deps = self.deps.get((m, k))
                if deps is not None and all(self.version.get(f, 0) == v for f, v in deps.items()):
                    continue  # nothing it used has changed since it was computed
                self.applied.append(set())
                try:
                    if m == target and k == own_key:
                        sub = exits
                    else:
                        if len(table) >= MAX_SUMMARY_KEYS and k not in table:
                            continue  # too many distinct entries: deeper calls unexplored
                        # A nested activation gets its own frame, so the objects it
                        # creates are not confused with its caller's.
                        names = self.activation.setdefault(m, {})
                        inner = stack + (
                            (("activation", m, names.setdefault(k, len(names) + 1)), m),
                        )
                        sub = self._analyse(fn, inner, entry, entry_args, entry_state)
                finally:
                    used = self.applied.pop()
                if m == target and k == own_key:
                    used = set(members)  # the outer call's own exits: always recompute
                new = _summarise(sub, entry_state)
                old = table.get(k)
                if old is None or frozenset(old) != frozenset(new):
                    table[k] = new
                    self.version[m] = self.version.get(m, 0) + 1
                    changed = True
                self.deps[(m, k)] = {f: self.version.get(f, 0) for f in used}
        if changed:
            self.scc_epoch[self.scc_of[target]] += 1


def _summarise(exits: list[Exit], entry: State) -> tuple[SummaryExit, ...]:
    """What a call contributes to its caller: rule state, registrations, the non-local
    cells it changed, its return value -- one item per distinct exit, in exit order."""
    out: dict[SummaryExit, None] = {}
    for ex in exits:
        cells = frozenset(
            (c, v)
            for c, v in ex.state.store.items()
            if c.root.kind in ("global", "object") and entry.read_untracked(c) != v
        )
        out[SummaryExit(ex.state.rule, ex.state.registered, cells, ex.value)] = None
    return tuple(out)
