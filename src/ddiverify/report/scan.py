"""Renderers of `ddiverify scan`: the entry points found, as text or JSON (docs/cli.md)."""

from __future__ import annotations

import json
from typing import Any

from ddiverify import __version__
from ddiverify.diagnostics import Diagnostic, escape_tree
from ddiverify.harness.discovery import DriverModel


def driver_json(model: DriverModel) -> dict[str, Any]:
    return {
        "model": "storport",
        "kind": model.kind.value,
        "entry_points": [
            {
                "role": e.role,
                "function": e.function,
                "file": e.loc.file,
                "line": e.loc.line,
                "found_by": e.found_by.value,
            }
            for e in model.entry_points
        ],
    }


def warnings_json(diags: list[Diagnostic]) -> list[dict[str, Any]]:
    return [
        {"file": d.file, "line": d.line, "message": d.message, "severity": d.severity.value}
        for d in diags
    ]


def scan_doc(
    model: DriverModel, stats: dict[str, Any], diags: list[Diagnostic], extra: dict[str, Any]
) -> dict[str, Any]:
    return {
        "tool": {"name": "ddiverify", "version": __version__},
        "driver": driver_json(model),
        "stats": stats,
        "warnings": warnings_json(diags),
        **extra,
    }


def scan_json(
    model: DriverModel, stats: dict[str, Any], diags: list[Diagnostic], extra: dict[str, Any]
) -> str:
    return json.dumps(escape_tree(scan_doc(model, stats, diags, extra)), indent=2) + "\n"


def scan_text(model: DriverModel, stats: dict[str, Any]) -> str:
    rows = [
        (e.role, e.function, f"{e.loc.file}:{e.loc.line}", e.found_by.value)
        for e in model.entry_points
    ]
    head = ("ROLE", "FUNCTION", "LOCATION", "FOUND BY")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    lines = [f"Storport miniport: {model.kind.value}", ""]
    for r in [head, *rows]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "  " + r[3])
    lines.append("")
    lines.append(
        f"{len(rows)} entry points; {stats['files']} files, {stats['lines']} lines, "
        f"{stats['functions']} functions in {stats['seconds']:.2f} s"
    )
    if stats.get("degraded_functions"):
        lines.append(f"{stats['degraded_functions']} functions partly skipped (see warnings)")
    return "\n".join(lines) + "\n"
