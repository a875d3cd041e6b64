"""`ddiverify check`: every requested rule on the driver, verdicts and traces."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from ddiverify.cli.pipeline import LoadedDriver, load_driver
from ddiverify.cli.scan import driver_stats, emit_warnings
from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.engine.check import RuleResult, check_rule
from ddiverify.report.results import check_json, check_text
from ddiverify.rules.catalog import load_catalog, resolve_rules

EXIT_OK, EXIT_DEFECTS, EXIT_INCONCLUSIVE = 0, 1, 3

_SHARED: dict[str, object] = {}


def _worker(name: str) -> RuleResult:
    driver = _SHARED["driver"]
    timeout = _SHARED["timeout"]
    rule = load_catalog().rule(name)
    assert rule is not None and isinstance(driver, LoadedDriver) and isinstance(timeout, float)
    return check_rule(rule, driver.program, driver.model, timeout)


def run_rules(driver: LoadedDriver, names: list[str], timeout: float, jobs: int,
              progress: bool) -> list[RuleResult]:
    catalog = load_catalog()
    if jobs > 1 and len(names) > 1 and "fork" in multiprocessing.get_all_start_methods():
        _SHARED.update(driver=driver, timeout=timeout)
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            return list(pool.map(_worker, names))
    results = []
    for i, name in enumerate(names, 1):
        rule = catalog.rule(name)
        assert rule is not None
        if progress:
            print(f"\rddiverify: checking {name} ({i}/{len(names)})...\x1b[K", end="",
                  file=sys.stderr, flush=True)
        results.append(check_rule(rule, driver.program, driver.model, timeout))
    if progress:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    return results


def exit_code(results: list[RuleResult]) -> int:
    if any(r.status == "defect" for r in results):
        return EXIT_DEFECTS
    if any(r.status in ("timeout", "error") for r in results):
        return EXIT_INCONCLUSIVE
    return EXIT_OK


def run_check(args: argparse.Namespace) -> tuple[str, int]:
    catalog = load_catalog()
    for err in catalog.errors:
        print(f"ddiverify: warning: rule file not loaded: {err}", file=sys.stderr)
    names = resolve_rules(args.rules, catalog)
    if not names:
        raise InputError(f"--rules {args.rules!r} selects no rule")
    if args.timeout <= 0:
        raise InputError("--timeout must be a positive number of seconds")
    sink = DiagnosticSink()
    driver = load_driver(args, sink)
    emit_warnings(sink, driver.stats.missing_includes)
    progress = sys.stderr.isatty() and not getattr(args, "quiet", False)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    results = run_rules(driver, names, float(args.timeout), jobs, progress)
    for r in results:
        if r.status == "error" and r.detail and args.debug:
            print(r.detail, file=sys.stderr)
    stats = driver_stats(driver)
    stats["seconds"] = round(time.perf_counter() - driver.started, 3)
    if args.format == "json":
        extra = {"configuration": driver.inputs.configuration,
                 "missing_includes": driver.stats.missing_includes}
        return check_json(driver.model, results, stats, sink.items, extra), exit_code(results)
    return check_text(driver.model, results, stats), exit_code(results)
