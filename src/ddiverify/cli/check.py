"""`ddiverify check`: every requested rule on the driver, verdicts and traces."""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ddiverify import budget
from ddiverify.cli.output import check_output
from ddiverify.cli.pipeline import (
    DriverTarget,
    LoadedDriver,
    RunPlan,
    driver_files,
    is_miniport,
    load_driver,
    plan_run,
)
from ddiverify.cli.scan import NOT_A_MINIPORT, driver_stats, emit_warnings
from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.engine.check import (
    RuleResult,
    applicable,
    check_rule,
    check_rules,
    share_groups,
)
from ddiverify.report import suppressions
from ddiverify.report.model import Report, RuleOutcome, SourceCache
from ddiverify.report.solution import SolutionReport
from ddiverify.rules.ast import Rule
from ddiverify.rules.catalog import Catalog, load_catalog, resolve_rules

EXIT_OK, EXIT_DEFECTS, EXIT_INCONCLUSIVE = 0, 1, 3

_SHARED: dict[str, object] = {}


def _worker(name: str) -> list[RuleResult]:
    """One rule, or a comma-separated group checked together, in a forked worker, on
    the driver the parent loaded before forking."""
    driver = _SHARED["driver"]
    timeout = _SHARED["timeout"]
    catalog = _SHARED["catalog"]
    assert (
        isinstance(driver, LoadedDriver)
        and isinstance(timeout, float)
        and isinstance(catalog, Catalog)
    )
    if "," in name:
        return _check_group(catalog, name.split(","), driver, timeout)
    return [_check_one(catalog, name, driver, timeout)]


def _check_one(catalog: Catalog, name: str, driver: LoadedDriver, timeout: float) -> RuleResult:
    """One rule's verdict; a rule whose file did not load is an `error` with the reason."""
    rule = catalog.rule(name)
    if rule is None:
        failed = catalog.error(name)
        reason = failed.reason if failed is not None else "no such rule"
        return RuleResult(name, "error", 0.0, reason=f"the rule did not load: {reason}")
    return check_rule(rule, driver.program, driver.model, timeout, models=catalog.models)


@contextlib.contextmanager
def _analysis_gc() -> Iterator[None]:
    """The analysis allocates millions of short-lived immutable values and hardly any
    cycles: leave the loaded driver out of collections (it lives until the end anyway)
    and collect the young generation less often. About a tenth of a check's time
    otherwise goes to the cycle collector walking the program again and again."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def run_rules(
    driver: LoadedDriver,
    names: list[str],
    timeout: float,
    jobs: int,
    progress: bool,
    catalog: Catalog | None = None,
    share: bool = True,
) -> list[RuleResult]:
    """The rules' verdicts, in the order of `names`. With `share`, the applicable rules
    are checked together, in one exploration of the harness per process
    (`engine.check.check_rules`); without it, one exploration per rule."""
    catalog = catalog if catalog is not None else load_catalog()
    with _analysis_gc():
        if share:
            return _run_shared(driver, names, timeout, jobs, progress, catalog)
        return _run_rules(driver, names, timeout, jobs, progress, catalog)


def _run_shared(
    driver: LoadedDriver,
    names: list[str],
    timeout: float,
    jobs: int,
    progress: bool,
    catalog: Catalog,
) -> list[RuleResult]:
    """The applicable rules split into at most `jobs` groups, each checked in one
    exploration (in parallel processes when `jobs` > 1); rule files that did not load
    and rules that do not apply are answered without one."""
    done: dict[str, RuleResult] = {}
    live: list[Rule] = []
    for name in names:
        rule = catalog.rule(name)
        why_not = applicable(rule, driver.program, driver.model) if rule is not None else None
        if rule is None or why_not is not None:
            done[name] = _check_one(catalog, name, driver, timeout)
        else:
            live.append(rule)
    groups = [[r.name for r in g] for g in share_groups(live)]
    if jobs > 1 and len(groups) > 1 and "fork" in multiprocessing.get_all_start_methods():
        found = _run_parallel(
            driver,
            [",".join(g) for g in groups],
            timeout,
            jobs,
            progress,
            catalog,
            sizes=[len(g) for g in groups],
        )
        for got in found:
            done[got.rule] = got
    else:
        with _progress(progress, len(live)) as bar:
            for g in groups:
                bar.running(f"{len(g)} rules together" if len(g) > 1 else g[0])
                for got in _check_group(catalog, g, driver, timeout):
                    done[got.rule] = got
                    bar.finished()
    return [done[n] for n in names]


def _check_group(
    catalog: Catalog, names: list[str], driver: LoadedDriver, timeout: float
) -> list[RuleResult]:
    rules = [r for n in names if (r := catalog.rule(n)) is not None]
    return check_rules(rules, driver.program, driver.model, timeout, models=catalog.models)


def _run_rules(
    driver: LoadedDriver,
    names: list[str],
    timeout: float,
    jobs: int,
    progress: bool,
    catalog: Catalog,
) -> list[RuleResult]:
    if jobs > 1 and len(names) > 1 and "fork" in multiprocessing.get_all_start_methods():
        return _run_parallel(driver, names, timeout, jobs, progress, catalog)
    results = []
    with _progress(progress, len(names)) as bar:
        for name in names:
            bar.running(name)
            results.append(_check_one(catalog, name, driver, timeout))
            bar.finished()
    return results


class _NoBar:
    """The progress display when stderr is not a terminal: nothing."""

    def running(self, label: str) -> None:
        pass

    def finished(self) -> None:
        pass


@contextlib.contextmanager
def _progress(wanted: bool, total: int) -> Iterator[_NoBar]:
    """A progress bar on stderr: `running(label)` says what is being checked,
    `finished()` counts one rule done.

    rich is imported only when a bar is shown: most runs write to a file or a pipe, and
    its import is a noticeable part of a small driver's check.
    """
    if not wanted:
        yield _NoBar()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("checking {task.fields[rule]:<24}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )

    class _Bar(_NoBar):
        def running(self, label: str) -> None:
            bar.update(task, rule=label)

        def finished(self) -> None:
            bar.advance(task)

    with bar:
        task = bar.add_task("rules", total=total, rule="")
        yield _Bar()


def _run_parallel(
    driver: LoadedDriver,
    names: list[str],
    timeout: float,
    jobs: int,
    progress: bool,
    catalog: Catalog,
    sizes: list[int] | None = None,
) -> list[RuleResult]:
    """The rules (or comma-separated groups of rules checked together) in `jobs` forked
    processes, results in the order asked.

    A worker that dies (killed for its memory, say) breaks the whole pool, and with it
    every rule not finished yet. Those rules are checked again one by one, each in a
    process of its own, so only a rule that kills its process again ends `error`.
    The progress bar starts only once the workers are forked (its refresh thread must
    not be running when the process forks).
    """
    _SHARED.update(driver=driver, timeout=timeout, catalog=catalog)
    ctx = multiprocessing.get_context("fork")
    results: list[list[RuleResult] | None] = [None] * len(names)
    workers = min(jobs, len(names))
    sizes = sizes if sizes is not None else [1] * len(names)
    with _pool(workers, ctx) as pool:
        futures = {pool.submit(_worker, name): i for i, name in enumerate(names)}
        with _progress(progress, sum(sizes)) as bar:
            bar.running(f"{workers} at a time")
            for future in as_completed(futures):
                with contextlib.suppress(BrokenProcessPool):
                    results[futures[future]] = future.result()
                for _ in range(sizes[futures[future]]):
                    bar.finished()
    out: list[RuleResult] = []
    for i, group in enumerate(names):
        got = results[i]
        if got is not None:
            out.extend(got)
            continue
        for name in group.split(","):
            started = time.monotonic()
            try:
                with _pool(1, ctx) as alone:
                    out.extend(alone.submit(_worker, name).result())
            except BrokenProcessPool:
                out.append(
                    RuleResult(
                        name,
                        "error",
                        time.monotonic() - started,
                        reason="the process checking this rule died (out of memory?); "
                        "the other rules are not affected",
                    )
                )
    return out


@contextlib.contextmanager
def _pool(workers: int, ctx: multiprocessing.context.BaseContext) -> Iterator[ProcessPoolExecutor]:
    """Forked workers that leave Ctrl-C to the parent: on an interrupt (or any other
    exit by exception) the parent stops them at once instead of waiting for the rules
    under way, which can take minutes."""
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=budget.ignore_interrupts
    )
    try:
        yield pool
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(OSError, ValueError):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(OSError, ValueError, AssertionError):
                process.join(timeout=5)
        raise
    pool.shutdown(wait=True)


def exit_code(report: Report) -> int:
    statuses = [o.status for o in report.outcomes]
    if "defect" in statuses:
        return EXIT_DEFECTS
    if any(s in ("timeout", "error") for s in statuses):
        return EXIT_INCONCLUSIVE
    return EXIT_OK


@dataclass(frozen=True, slots=True)
class _Selection:
    """The rules a run checks, and what is needed to report on them."""

    catalog: Catalog
    names: list[str]
    baseline: dict[str, str] | None


def _select_rules(args: argparse.Namespace) -> _Selection:
    if not math.isfinite(args.timeout) or args.timeout <= 0:
        # nan compares false with everything: it would turn every budget off.
        raise InputError(f"--timeout {args.timeout}: give a positive, finite number of seconds")
    if args.jobs < 0:
        raise InputError(f"--jobs {args.jobs}: give 0 (one process per core) or more")
    user_files = tuple(getattr(args, "rule_files", None) or ())
    catalog = load_catalog(user_files)
    spec = args.rules if args.rules is not None else ("" if user_files else "Default")
    names = resolve_rules(spec, catalog) if spec else []
    # The rules of the user's own files are checked whenever they are given.
    names += [n for n in catalog.user if n not in names]
    names += [e.name for e in catalog.errors if e.file in user_files and e.name not in names]
    for err in catalog.errors:
        if err.name in names:
            print(f"ddiverify: error: rule file not loaded: {err}", file=sys.stderr)
    if not names:
        raise InputError(f"--rules {spec!r} selects no rule")
    baseline = suppressions.load_baseline(args.baseline) if args.baseline else None
    return _Selection(catalog, names, baseline)


def _report(
    args: argparse.Namespace,
    argv: list[str],
    selection: _Selection,
    driver: LoadedDriver,
    sink: DiagnosticSink,
    project: tuple[str, str] | None = None,
) -> Report:
    """The selected rules checked on one loaded driver."""
    catalog, names = selection.catalog, selection.names
    check_output(args.output, driver_files(driver))
    progress = sys.stderr.isatty() and not args.quiet
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    results = run_rules(
        driver, names, float(args.timeout), jobs, progress, catalog, share=args.share
    )
    for r in results:
        if r.status == "error" and r.detail and args.debug:
            print(r.detail, file=sys.stderr)
    sources = SourceCache(driver_roots=driver.inputs.roots)
    outcomes = tuple(
        RuleOutcome(r, suppressions.apply(r.defects, sources, sink, selection.baseline))
        for r in results
    )
    if not args.quiet:
        emit_warnings(sink, driver.stats.missing_includes)
    stats = driver_stats(driver)
    stats["seconds"] = round(time.perf_counter() - driver.started, 3)
    rules = {n: rule for n in names if (rule := catalog.rule(n)) is not None}
    return Report(
        driver=driver.model,
        outcomes=outcomes,
        rules=rules,
        stats=stats,
        warnings=tuple(sink.items),
        command_line=("ddiverify", *argv),
        configuration=driver.inputs.configuration,
        missing_includes=tuple(driver.stats.missing_includes),
        sources=sources,
        project=project,
    )


def build_report(args: argparse.Namespace, argv: list[str]) -> Report:
    """The report of a run on one driver (a solution's only or chosen project too)."""
    sink = DiagnosticSink()
    plan = plan_run(args, sink)
    if plan.several:
        raise InputError("several drivers: use build_solution_report")
    return _one_report(args, argv, _select_rules(args), plan, sink)


def _one_report(
    args: argparse.Namespace,
    argv: list[str],
    selection: _Selection,
    plan: RunPlan,
    sink: DiagnosticSink,
) -> Report:
    target = plan.targets[0]
    driver = load_driver(args, sink, target)
    return _report(args, argv, selection, driver, sink, _project_of(target))


def _project_of(target: DriverTarget) -> tuple[str, str] | None:
    if target.project is None:
        return None
    return (target.project, target.project_file or "")


def build_solution_report(
    args: argparse.Namespace,
    argv: list[str],
    plan: RunPlan,
    selection: _Selection,
    plan_sink: DiagnosticSink,
) -> SolutionReport:
    """Every driver project of a solution checked on its own. A project that cannot be
    read or is not a Storport miniport is skipped with a note; none left is an error."""
    started = time.perf_counter()
    if not args.quiet:
        emit_warnings(plan_sink, [])
    reports: list[Report] = []
    skipped = list(plan.skipped)
    for target in plan.targets:
        name = target.project or "?"
        sink = DiagnosticSink()
        try:
            driver = load_driver(args, sink, target)
        except InputError as error:
            skipped.append((name, str(error)))
            print(f"ddiverify: warning: project {name} not analysed: {error}", file=sys.stderr)
            continue
        if not is_miniport(driver.model):
            skipped.append((name, NOT_A_MINIPORT))
            if not args.quiet:
                print(
                    f"ddiverify: note: project {name} not analysed: {NOT_A_MINIPORT}",
                    file=sys.stderr,
                )
            continue
        if not args.quiet:
            print(f"ddiverify: note: project {name}: {target.project_file}", file=sys.stderr)
        reports.append(_report(args, argv, selection, driver, sink, _project_of(target)))
    if not reports:
        reasons = "; ".join(f"{n}: {why}" for n, why in skipped)
        raise InputError(f"{plan.solution}: no Storport miniport among its projects ({reasons})")
    return SolutionReport(
        plan.solution or "",
        plan.solution_configuration or "",
        tuple(reports),
        tuple(skipped),
        time.perf_counter() - started,
    )


def solution_exit_code(solution: SolutionReport) -> int:
    """1 when any driver has a defect, else 3 when any rule of any driver ended
    `timeout` or `error`, else 0 (projects skipped do not count)."""
    codes = {exit_code(r) for r in solution.reports}
    for code in (EXIT_DEFECTS, EXIT_INCONCLUSIVE):
        if code in codes:
            return code
    return EXIT_OK


def use_color(args: argparse.Namespace) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    return args.output in (None, "-") and sys.stdout.isatty()


def run_check(args: argparse.Namespace, argv: list[str]) -> tuple[str, int]:
    sink = DiagnosticSink()
    plan = plan_run(args, sink)
    selection = _select_rules(args)
    if plan.several:
        return _render_solution(args, build_solution_report(args, argv, plan, selection, sink))
    report = _one_report(args, argv, selection, plan, sink)
    if args.format == "json":
        from ddiverify.report.json_report import render_json

        text = render_json(report)
    elif args.format == "sarif":
        from ddiverify.report.sarif import render_sarif

        text = render_sarif(report)
    elif args.format == "html":
        from ddiverify.report.html import render_html

        text = render_html(report)
    else:
        from ddiverify.report.text import render_text

        text = render_text(report, color=use_color(args), quiet=args.quiet)
    return text, exit_code(report)


def _render_solution(args: argparse.Namespace, solution: SolutionReport) -> tuple[str, int]:
    from ddiverify.report import solution as render

    if args.format == "json":
        text = render.solution_json(solution)
    elif args.format == "sarif":
        text = render.solution_sarif(solution)
    elif args.format == "html":
        text = render.solution_html(solution)
    else:
        from ddiverify.report.text import render_text

        bodies = [render_text(r, color=use_color(args), quiet=args.quiet) for r in solution.reports]
        text = render.solution_text(solution, bodies)
    return text, solution_exit_code(solution)
