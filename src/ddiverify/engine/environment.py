"""What the environment is when a routine runs (docs/harness.md, "IRQL" and "Locks Storport
holds"): roles.toml's cases written into the environment cells (`engine.envcells`).

Invariant: the harness writes a routine's environment before its body runs, from the
first case whose condition holds (an undecided condition splits the path), and a
synchronous routine's caller gets its own environment back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ddiverify.engine.envcells import (
    CALLBACK,
    CALLER_STATE,
    ENTRY_IRQL,
    IRQL,
    KIND,
    KIND_CODES,
    MAY_ACQUIRE,
    STORPORT_LOCKS,
    role_codes,
)
from ddiverify.engine.rulevm import Env, RuleVM
from ddiverify.engine.solver import Cmp, assume
from ddiverify.engine.state import State
from ddiverify.engine.values import ZERO, Cell, Int, Sym, Value
from ddiverify.knowledge.roles import Case, role_table
from ddiverify.knowledge.wdk import Knowledge
from ddiverify.rules.ast import RCond, RExpr
from ddiverify.rules.cache import cached
from ddiverify.rules.parser import parse_condition, parse_value


@dataclass(frozen=True, slots=True)
class _Case:
    when: RCond | None
    level: RExpr | None
    range: tuple[RExpr, RExpr] | None
    mask: int


@dataclass(frozen=True, slots=True)
class _Facts:
    irql: tuple[_Case, ...]
    storport_locks: tuple[_Case, ...]
    may_acquire: tuple[_Case, ...]


def _role_texts() -> Iterator[tuple[str, str]]:
    """Every ("condition" | "value", text) written in roles.toml's environments."""
    table = role_table()
    envs = list(table.environments.values())
    if table.dump_mode is not None:
        yield "condition", table.dump_mode[0]
        envs.append(table.dump_mode[1])
    for env in envs:
        for c in (*env.irql, *env.storport_locks, *env.may_acquire):
            if c.when:
                yield "condition", c.when
            if c.level:
                yield "value", c.level
            if c.range:
                yield "value", c.range[0]
                yield "value", c.range[1]


def _parse_role_texts() -> dict[tuple[str, str], RCond | RExpr]:
    return {
        (kind, text): (parse_condition if kind == "condition" else parse_value)(text, "roles.toml")
        for kind, text in _role_texts()
    }


@functools.cache
def _parsed_roles() -> dict[tuple[str, str], RCond | RExpr]:
    """roles.toml's conditions and values, parsed once per machine (`rules.cache`):
    building the rule language's parser is a good part of a small driver's check."""
    return cached("roles", _parse_role_texts)


def _condition(text: str, where: str) -> RCond:
    got = _parsed_roles().get(("condition", text))
    return got if isinstance(got, RCond) else parse_condition(text, where)


def _value(text: str, where: str) -> RExpr:
    got = _parsed_roles().get(("value", text))
    return got if isinstance(got, RExpr) else parse_value(text, where)


class EnvironmentModel:
    """Writes the environment a routine is called in (roles.toml, [environment.*])."""

    def __init__(
        self,
        vm: RuleVM,
        kb: Knowledge,
        roots: dict[str, Cell],
        driver_kind: str,
        *,
        locks: bool = True,
    ) -> None:
        self.vm = vm
        self.kb = kb
        self.roots = roots
        self.driver_kind = driver_kind
        # Whether the rule asks `storport_holds(...)` / `may_acquire(...)`: only those
        # queries read the lock cells, so for other rules they are not written, and a
        # path is not split by what decides them (crash-dump mode, the duplex mode).
        self.locks = locks
        self._facts: dict[str, _Facts] = {}
        dump = role_table().dump_mode
        self.dump: tuple[RCond, _Facts] | None = None
        if dump is not None:
            where = "roles.toml [dump_mode]"
            self.dump = (
                _condition(dump[0], where),
                _Facts(
                    (),
                    self._cases(dump[1].storport_locks, where),
                    self._cases(dump[1].may_acquire, where),
                ),
            )

    def facts(self, role: str) -> _Facts:
        got = self._facts.get(role)
        if got is None:
            env = role_table().environment(role)
            where = f"roles.toml [environment.{role}]"
            got = self._facts[role] = _Facts(
                self._cases(env.irql, where),
                self._cases(env.storport_locks, where),
                self._cases(env.may_acquire, where),
            )
        return got

    def _cases(self, cases: Sequence[Case], where: str) -> tuple[_Case, ...]:
        out = []
        for c in cases:
            mask = 0
            for lock in c.locks:
                mask |= 1 << self.kb.constants[lock]
            out.append(
                _Case(
                    _condition(c.when, where) if c.when else None,
                    _value(c.level, where) if c.level else None,
                    (_value(c.range[0], where), _value(c.range[1], where)) if c.range else None,
                    mask,
                )
            )
        return tuple(out)

    # -- entering a routine ------------------------------------------------------------

    def enter(
        self, role: str, st: State, args: Sequence[Value], fresh: str, kind: str | None = None
    ) -> list[State]:
        """The states in which the harness calls a routine of `role` with `args` (`fresh`
        names the unknown level a range gives; `kind` is set by a FindAdapter)."""
        if kind is not None:
            st = st.write(KIND, Int(KIND_CODES.get(kind, 0)))
        env = self._env(st, args)
        facts = self.facts(role)
        code = Int(role_codes().get(role, 0))
        out = []
        for s, case in self._choose(facts.irql, env, [st]):
            level, pc = self._level(case, env, s, fresh)
            if pc is None:
                continue
            s = State(s.store, s.zeroed, pc, s.rule, s.registered, s.trace)
            s = s.write_many({IRQL: level, ENTRY_IRQL: level, CALLBACK: code})
            out.extend(self._locks(facts, env, s))
        return out

    def enter_synchronous(self, environment: str, st: State) -> list[State]:
        """The states in which a synchronous routine runs (`StorPortSynchronizeAccess`'s
        routine at DIRQL with the interrupt lock held)."""
        env = self._env(st, ())
        facts = self.facts(environment)
        out = []
        for s, case in self._choose(facts.irql, env, [st]):
            level, pc = self._level(case, env, s, f"sync:{environment}")
            if pc is None:
                continue
            s = State(s.store, s.zeroed, pc, s.rule, s.registered, s.trace).write(IRQL, level)
            out.extend(self._locks(facts, env, s))
        return out

    def _env(self, st: State, args: Sequence[Value]) -> Env:
        kind = st.store.get(KIND)
        if isinstance(kind, Int):
            physical = kind.v == KIND_CODES["physical"]
            virtual = kind.v == KIND_CODES["virtual"]
        else:
            physical = self.driver_kind == "physical"
            virtual = self.driver_kind == "virtual"
        values: dict[str, Value] = {"physical": Int(int(physical)), "virtual": Int(int(virtual))}
        for i, a in enumerate(args):
            values[f"arg{i}"] = a
        return Env(values=values, roots=self.roots)

    def _choose(
        self, cases: Sequence[_Case], env: Env, states: list[State]
    ) -> list[tuple[State, _Case | None]]:
        """Each state with the first case whose condition holds there (None: no case)."""
        out: list[tuple[State, _Case | None]] = []
        todo = states
        for case in cases:
            rest: list[State] = []
            for st in todo:
                if case.when is None:
                    out.append((st, case))
                    continue
                for truth, s2 in self.vm.cond(case.when, env, st):
                    (out.append((s2, case)) if truth else rest.append(s2))
            todo = rest
        out.extend((st, None) for st in todo)
        return out

    def _level(
        self, case: _Case | None, env: Env, st: State, fresh: str
    ) -> tuple[Value, frozenset[Cmp] | None]:
        if case is None or (case.level is None and case.range is None):
            return Int(0), st.pc
        if case.level is not None:
            return self.vm.value(case.level, env, st), st.pc
        assert case.range is not None
        lo, hi = (self.vm.value(x, env, st) for x in case.range)
        sym = Sym(("entry-irql", fresh), f"IRQL of {fresh}")
        pc = assume(st.pc, Cmp(">=", sym, lo))
        pc = assume(pc, Cmp("<=", sym, hi)) if pc is not None else None
        return sym, pc

    def _locks(self, facts: _Facts, env: Env, st: State) -> list[State]:
        if not self.locks:
            # One value for every path: the cells stay alike across states, so states
            # still merge and call results are still reused.
            return [st.write_many({STORPORT_LOCKS: ZERO, MAY_ACQUIRE: ZERO})]
        out = []
        normal = [st]
        if self.dump is not None:
            normal = []
            for truth, s in self.vm.cond(self.dump[0], env, st):
                if not truth:
                    normal.append(s)
                    continue
                held = self.dump[1].storport_locks
                allowed = self.dump[1].may_acquire
                out.append(
                    s.write_many(
                        {
                            STORPORT_LOCKS: Int(held[0].mask if held else 0),
                            MAY_ACQUIRE: Int(allowed[0].mask if allowed else 0),
                        }
                    )
                )
        for s in normal:
            out.extend(self._normal_locks(facts, env, s))
        return out

    def _normal_locks(self, facts: _Facts, env: Env, st: State) -> list[State]:
        out = []
        for s, held in self._choose(facts.storport_locks, env, [st]):
            s = s.write(STORPORT_LOCKS, Int(held.mask if held else 0))
            for s2, allowed in self._choose(facts.may_acquire, env, [s]):
                out.append(s2.write(MAY_ACQUIRE, Int(allowed.mask if allowed else 0)))
        return out


def saved(st: State) -> dict[Cell, Value]:
    """What a synchronous routine's caller gets back when it returns."""
    return {c: st.read_untracked(c) for c in CALLER_STATE}


def restored(st: State, before: dict[Cell, Value]) -> State:
    return st.write_many(before)


def running_roles(
    rule_roles: frozenset[str], roles_of: Callable[[str], tuple[str, ...]], function: str
) -> tuple[str, ...]:
    """The roles of `function` a rule's `running(...)` asks about."""
    return tuple(r for r in roles_of(function) if r in rule_roles)
