"""Renderers of `ddiverify check` results: JSON (cli-contract.md) and plain text.

Renderers only read results; they compute nothing about the driver.
"""

from __future__ import annotations

import json
from typing import Any

from ddiverify import __version__
from ddiverify.diagnostics import Diagnostic
from ddiverify.engine.analyzer import Defect
from ddiverify.engine.check import RuleResult
from ddiverify.harness.discovery import DriverModel
from ddiverify.report.scan import driver_json, warnings_json


def defect_json(d: Defect) -> dict[str, Any]:
    return {
        "message": d.message, "file": d.loc.file, "line": d.loc.line, "entry_point": d.entry,
        "trace": [{"file": s.file, "line": s.line, "function": s.function, "kind": s.kind,
                   "text": s.text, "state": s.state} for s in d.trace],
    }


def result_json(r: RuleResult) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": r.rule, "status": r.status, "seconds": round(r.seconds, 3),
                           "defects": [defect_json(d) for d in r.defects]}
    if r.reason:
        out["reason"] = r.reason
    return out


def check_json(model: DriverModel, results: list[RuleResult], stats: dict[str, Any],
               diags: list[Diagnostic], extra: dict[str, Any]) -> str:
    doc = {"tool": {"name": "ddiverify", "version": __version__},
           "driver": driver_json(model),
           "results": [result_json(r) for r in results],
           "stats": stats, "warnings": warnings_json(diags), **extra}
    return json.dumps(doc, indent=2) + "\n"


def check_text(model: DriverModel, results: list[RuleResult], stats: dict[str, Any]) -> str:
    lines: list[str] = []
    for r in results:
        for d in r.defects:
            lines.append(f"{d.loc.file}:{d.loc.line}: defect: {r.rule}: {d.message}")
            lines.append(f"  entry point: {d.entry}")
            for s in d.trace:
                if s.kind in ("entry", "call", "event", "assign") or s.kind == "branch":
                    lines.append(f"    {s.file}:{s.line}  {s.function}: {s.kind}: {s.text}")
            lines.append("")
    width = max([len(r.rule) for r in results] + [4])
    lines.append(f"{'RULE':<{width}}  {'STATUS':<14}  {'DEFECTS':>7}  SECONDS")
    for r in results:
        note = f"  ({r.reason})" if r.reason and r.status in ("error", "timeout") else ""
        lines.append(f"{r.rule:<{width}}  {r.status:<14}  {len(r.defects):>7}  "
                     f"{r.seconds:7.2f}{note}")
    n = sum(len(r.defects) for r in results)
    lines.append("")
    lines.append(f"{n} defect{'s' if n != 1 else ''} in {len(results)} rules; "
                 f"{model.kind.value} miniport, {len(model.entry_points)} entry points; "
                 f"{stats['files']} files, {stats['lines']} lines in {stats['seconds']:.2f} s")
    return "\n".join(lines) + "\n"
