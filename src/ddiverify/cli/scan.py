"""`ddiverify scan`: the entry points found and the miniport's kind."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from ddiverify.cli.main import check_output
from ddiverify.cli.pipeline import LoadedDriver, driver_files, load_driver
from ddiverify.diagnostics import DiagnosticSink
from ddiverify.report.scan import scan_json, scan_text


def driver_stats(d: LoadedDriver) -> dict[str, Any]:
    return {"files": d.stats.files, "lines": d.stats.lines,
            "functions": len(d.program.functions),
            "degraded_functions": len(d.program.degraded_functions),
            "seconds": round(time.perf_counter() - d.started, 3)}


def emit_warnings(sink: DiagnosticSink, missing: list[str]) -> None:
    """Warnings go to stderr, one line each; missing WDK headers as one summary line."""
    for d in sink.items:
        print(f"ddiverify: {d.render()}", file=sys.stderr)
    if missing:
        shown = ", ".join(missing[:8]) + (", ..." if len(missing) > 8 else "")
        print(f"ddiverify: note: {len(missing)} headers not in the sources were skipped "
              f"(WDK/system headers are not needed): {shown}", file=sys.stderr)


def run_scan(args: argparse.Namespace) -> tuple[str, int]:
    sink = DiagnosticSink()
    driver = load_driver(args, sink)
    check_output(args.output, driver_files(driver))
    stats = driver_stats(driver)
    emit_warnings(sink, driver.stats.missing_includes)
    if args.format == "json":
        extra = {"configuration": driver.inputs.configuration,
                 "missing_includes": driver.stats.missing_includes}
        return scan_json(driver.model, stats, sink.items, extra), 0
    return scan_text(driver.model, stats), 0
