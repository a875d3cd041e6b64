"""`ddiverify scan`: the entry points found and the miniport's kind."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

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
from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.report.scan import scan_doc, scan_json, scan_text


def driver_stats(d: LoadedDriver) -> dict[str, Any]:
    return {
        "files": d.stats.files,
        "lines": d.stats.lines,
        "functions": len(d.program.functions),
        "degraded_functions": len(d.program.degraded_functions),
        "seconds": round(time.perf_counter() - d.started, 3),
    }


def emit_warnings(sink: DiagnosticSink, missing: list[str]) -> None:
    """Warnings go to stderr, one line each; missing WDK headers as one summary line."""
    for d in sink.items:
        print(f"ddiverify: {d.render()}", file=sys.stderr)
    if missing:
        shown = ", ".join(missing[:8]) + (", ..." if len(missing) > 8 else "")
        print(
            f"ddiverify: note: {len(missing)} headers not in the sources were skipped "
            f"(WDK/system headers are not needed): {shown}",
            file=sys.stderr,
        )


NOT_A_MINIPORT = (
    "not a Storport miniport (no HwStor routine, no StorPortInitialize): "
    "a filter or other kernel driver"
)


def _extra(driver: LoadedDriver, target: DriverTarget) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "configuration": driver.inputs.configuration,
        "missing_includes": driver.stats.missing_includes,
    }
    if target.project is not None:
        extra["project"] = {"name": target.project, "file": target.project_file}
    return extra


def run_scan(args: argparse.Namespace) -> tuple[str, int]:
    sink = DiagnosticSink()
    plan = plan_run(args, sink)
    if plan.several:
        return _scan_solution(args, plan, sink), 0
    target = plan.targets[0]
    driver = load_driver(args, sink, target)
    check_output(args.output, driver_files(driver))
    stats = driver_stats(driver)
    emit_warnings(sink, driver.stats.missing_includes)
    if args.format == "json":
        return scan_json(driver.model, stats, sink.items, _extra(driver, target)), 0
    return scan_text(driver.model, stats), 0


def _scan_solution(args: argparse.Namespace, plan: RunPlan, plan_sink: DiagnosticSink) -> str:
    """Each driver project scanned on its own; the ones that are no miniport skipped."""
    from ddiverify.report.solution import solution_scan_json, solution_scan_text

    emit_warnings(plan_sink, [])
    skipped = list(plan.skipped)
    docs: list[dict[str, Any]] = []
    headings: list[str] = []
    bodies: list[str] = []
    for target in plan.targets:
        name = target.project or "?"
        sink = DiagnosticSink()
        try:
            driver = load_driver(args, sink, target)
        except InputError as error:
            print(f"ddiverify: warning: project {name} not analysed: {error}", file=sys.stderr)
            skipped.append((name, str(error)))
            continue
        if not is_miniport(driver.model):
            print(
                f"ddiverify: note: project {name} not analysed: {NOT_A_MINIPORT}", file=sys.stderr
            )
            skipped.append((name, NOT_A_MINIPORT))
            continue
        check_output(args.output, driver_files(driver))
        stats = driver_stats(driver)
        emit_warnings(sink, driver.stats.missing_includes)
        docs.append(scan_doc(driver.model, stats, sink.items, _extra(driver, target)))
        configuration = driver.inputs.configuration
        headings.append(
            f"{name} ({target.project_file}{', ' + configuration if configuration else ''})"
        )
        bodies.append(scan_text(driver.model, stats))
    if not docs:
        reasons = "; ".join(f"{n}: {why}" for n, why in skipped)
        raise InputError(f"{plan.solution}: no Storport miniport among its projects ({reasons})")
    if args.format == "json":
        return solution_scan_json(
            plan.solution or "", plan.solution_configuration or "", docs, tuple(skipped)
        )
    return solution_scan_text(headings, bodies, tuple(skipped))
