"""One rule on one driver: applicability, the harness run, and the verdict.

Invariants: a rule's verdict is one of defect, pass, not_applicable, timeout, error;
an exception inside one rule's analysis becomes that rule's `error` (with the reason)
and never reaches the other rules; same input, same verdicts, same order. Each
exploration runs under its own budget (`budget.limit`, checked in the worklist and in the
solver) and starts with empty solver caches, so its verdict and its seconds are its own,
whatever was checked before it in the same process.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field

from ddiverify import budget
from ddiverify.engine import solver
from ddiverify.engine.analyzer import MAX_DEPTH, Analyzer, Defect, Timeout
from ddiverify.engine.harness_run import HarnessRun
from ddiverify.engine.rulevm import RuleRuntimeError
from ddiverify.harness.discovery import DriverModel, Kind
from ddiverify.ir.callgraph import build_call_graph, function_pointers
from ddiverify.ir.program import Program
from ddiverify.knowledge.wdk import knowledge
from ddiverify.rules.ast import Model, Rule
from ddiverify.rules.catalog import load_models
from ddiverify.rules.compose import compose


def _functions_applicable(rule: Rule, program: Program, model: DriverModel) -> str | None:
    """`applicable annotated(NAME), in_section("PREFIX")`: some function reachable from
    an entry point (an entry point included) has the annotation or is in such a
    section."""
    graph = build_call_graph(program)
    for name in graph.reachable([e.function for e in model.entry_points]):
        fn = program.functions.get(name)
        if fn is None:
            continue
        for kind, what in rule.applicable_functions:
            if kind == "annotated" and any(a.name == what for a in fn.annotations):
                return None
            if kind == "section" and fn.section.startswith(what):
                return None
    shown = ", ".join(
        f"annotated {w}" if k == "annotated" else f"in a {w}* section"
        for k, w in rule.applicable_functions
    )
    return f"no function reachable from an entry point is {shown.replace(', ', ' or ')}"


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: str
    status: str
    seconds: float
    defects: tuple[Defect, ...] = ()
    reason: str = ""
    detail: str = field(default="", compare=False)


def applicable(rule: Rule, program: Program, model: DriverModel) -> str | None:
    """Why the rule is not applicable, or None when it is (docs/rules/, "Applicability")."""
    if (
        rule.applies != "any"
        and model.kind is not Kind.UNKNOWN
        and model.kind.value != rule.applies
    ):
        return f"the rule is for {rule.applies} miniports; this one is {model.kind.value}"
    if rule.applies != "any" and model.kind is Kind.UNKNOWN:
        role = "VIRTUAL_HW_FIND_ADAPTER" if rule.applies == "virtual" else "HW_FIND_ADAPTER"
        if not model.with_role(role):
            return f"no {rule.applies} HwStorFindAdapter"
    if rule.applicable_always:
        return None
    if any(model.with_role(r) for r in rule.applicable_roles):
        return None
    if rule.applicable_functions:
        return _functions_applicable(rule, program, model)
    # `applicable role R` alone means the routine, not the calls the handlers watch:
    # StorPortBuildIo watches StorPortNotification yet is about HwStorBuildIo.
    if rule.applicable or rule.applicable_roles:
        monitored = set(rule.applicable)
    else:
        monitored = set(rule.monitored_calls())
    if not monitored:
        if rule.applicable_roles:
            return f"the driver has no {' or '.join(rule.applicable_roles)} routine"
        return None
    graph = build_call_graph(program)
    roots = [e.function for e in model.entry_points]
    for name in graph.reachable(roots):
        fn = program.functions.get(name)
        if fn is not None and any(c.ddi_name in monitored for c in fn.calls()):
            return None
    return "no monitored call is reachable from an entry point"


def check_rule(
    rule: Rule,
    program: Program,
    model: DriverModel,
    timeout: float,
    max_keys: int = 4,
    models: tuple[Model, ...] | None = None,
) -> RuleResult:
    started = time.monotonic()
    try:
        why_not = applicable(rule, program, model)
        if why_not is not None:
            return RuleResult(
                rule.name, "not_applicable", time.monotonic() - started, reason=why_not
            )
        solver.reset_caches()  # the rule pays for its own solving (module docstring)
        with budget.limit(started + timeout):
            an = Analyzer(
                program,
                rule,
                knowledge(),
                models if models is not None else load_models(),
                function_pointers(program),
                started + timeout,
                max_keys,
            )
            HarnessRun(an, program, model).run()
        return _verdict(an, rule.name, "", time.monotonic() - started)
    except Timeout:
        return RuleResult(
            rule.name,
            "timeout",
            time.monotonic() - started,
            reason=f"no verdict within the {timeout:g} s budget",
        )
    except RuleRuntimeError as e:
        return RuleResult(
            rule.name, "error", time.monotonic() - started, reason=f"rule file problem: {e}"
        )
    except RecursionError:
        return RuleResult(
            rule.name,
            "error",
            time.monotonic() - started,
            reason="the driver's code nests too deeply for the analysis",
        )
    except Exception as e:  # one rule's failure never sinks the run
        if budget.interrupted():
            raise KeyboardInterrupt from e  # Ctrl-C surfacing as a z3 error
        return RuleResult(
            rule.name,
            "error",
            time.monotonic() - started,
            reason=f"internal error: {type(e).__name__}: {e}",
            detail=traceback.format_exc(),
        )


def _verdict(an: Analyzer, name: str, owner: str, seconds: float) -> RuleResult:
    """A rule's verdict from an analysis (`owner`: the rule in a composed monitor)."""
    found = an.defects(owner)
    defects = tuple(found[loc] for loc in sorted(found))
    status = "defect" if defects else "pass"
    skipped = an.approximate_for(owner) - set(found)
    plural = "s" if len(skipped) != 1 else ""
    notes = (
        [
            (
                f"not a proof: {len(skipped)} possible violation{plural} after a loop with "
                "more than 4 rule states were not reported"
            )
        ]
        if skipped
        else []
    )
    if an.truncated:
        (callee, loc), caller = min(an.truncated.items(), key=lambda kv: kv[0][1])
        count = len(an.truncated)
        notes.append(
            f"not a proof: {count} call{'s' if count != 1 else ''} more than "
            f"{MAX_DEPTH} frames deep {'were' if count != 1 else 'was'} not "
            f"followed (first: {caller} calling {callee} at {loc.file}:{loc.line})"
        )
    return RuleResult(name, status, seconds, defects, reason="; ".join(notes))


def check_rules(
    rules: list[Rule],
    program: Program,
    model: DriverModel,
    timeout: float,
    max_keys: int = 4,
    models: tuple[Model, ...] | None = None,
) -> list[RuleResult]:
    """Several rules' verdicts from one exploration of the harness (`rules.compose`),
    in the order given. A rule that is not applicable is left out of the exploration.
    Should the shared exploration end without a verdict (its budget spent, or an error
    in one rule's handlers), each rule is checked again on its own, so one rule that
    blows up never costs the others their verdicts."""
    started = time.monotonic()
    out: dict[str, RuleResult] = {}
    live: list[Rule] = []
    for rule in rules:
        why_not = applicable(rule, program, model)
        if why_not is not None:
            out[rule.name] = RuleResult(rule.name, "not_applicable", 0.0, reason=why_not)
        else:
            live.append(rule)
    if len(live) == 1:
        out[live[0].name] = check_rule(live[0], program, model, timeout, max_keys, models)
    elif live:
        try:
            solver.reset_caches()
            with budget.limit(started + timeout):
                an = Analyzer(
                    program,
                    compose(live),
                    knowledge(),
                    models if models is not None else load_models(),
                    function_pointers(program),
                    started + timeout,
                    max_keys,
                )
                HarnessRun(an, program, model).run()
            share = (time.monotonic() - started) / len(live)
            for rule in live:
                out[rule.name] = _verdict(an, rule.name, rule.name, share)
        except Exception as e:  # each rule on its own says which failed, and why
            if budget.interrupted():
                raise KeyboardInterrupt from e
            for rule in live:
                out[rule.name] = check_rule(rule, program, model, timeout, max_keys, models)
    return [out[r.name] for r in rules]


def share_groups(rules: list[Rule]) -> list[list[Rule]]:
    """The rules that can share an exploration without multiplying its states: rules
    that keep no state (their verdict needs only the path), and stateful rules with the
    same state variables (names and kinds) whose handlers watch common DDIs: their
    states follow the same calls to the same values (the lock rules on one automaton,
    the IRQL rules' held handles), so the product monitor's key is no larger than one
    rule's. Any other pair of stateful rules would make the product of their states the
    exploration's key (pool blocks times held locks cost storahci 250 s against 13 s
    for each alone), so they stay apart. Rules of different schema versions never share, nor a rule that reads
    pointers (`Rule.reads_pointers`) with one that does not. Order: as given, by each
    group's first rule."""
    readers = [r for r in rules if r.reads_pointers()]
    if readers and len(readers) < len(rules):
        groups = _share_groups([r for r in rules if not r.reads_pointers()]) + _share_groups(
            readers
        )
        order = {r.name: i for i, r in enumerate(rules)}
        return sorted(groups, key=lambda g: order[g[0].name])
    return _share_groups(rules)


def _share_groups(rules: list[Rule]) -> list[list[Rule]]:
    groups: list[list[Rule]] = []
    calls: list[set[str]] = []
    stateless: dict[int, list[Rule]] = {}
    for rule in rules:
        if not rule.state:
            if rule.version not in stateless:
                stateless[rule.version] = []
                groups.append(stateless[rule.version])
                calls.append(set())
            stateless[rule.version].append(rule)
            continue
        mine = set(rule.monitored_calls())
        hits = [
            i
            for i, g in enumerate(groups)
            if g
            and g[0].state
            and g[0].version == rule.version
            and _signature(g[0]) == _signature(rule)
            and calls[i] & mine
        ]
        if not hits:
            groups.append([rule])
            calls.append(mine)
            continue
        first = hits[0]
        groups[first].append(rule)
        calls[first] |= mine
        for i in reversed(hits[1:]):  # the rule joins groups it links together
            groups[first] += groups[i]
            calls[first] |= calls[i]
            groups[i], calls[i] = [], set()
    return [g for g in groups if g]


def _signature(rule: Rule) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((v.name, v.kind.value) for v in rule.state))
