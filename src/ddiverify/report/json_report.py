"""`--format json`: the report as one JSON object (docs/cli.md)."""

from __future__ import annotations

import json
from typing import Any

from ddiverify.diagnostics import escape_tree
from ddiverify.report.model import Finding, Report, RuleOutcome
from ddiverify.report.scan import driver_json, warnings_json
from ddiverify.report.suppressions import fingerprint


def finding_json(f: Finding, report: Report) -> dict[str, Any]:
    d = f.defect
    out: dict[str, Any] = {
        "message": d.message,
        "file": d.loc.file,
        "line": d.loc.line,
        "entry_point": d.entry,
        "fingerprint": fingerprint(d, report.sources),
        "trace": [
            {
                "file": s.file,
                "line": s.line,
                "function": s.function,
                "kind": s.kind,
                "text": s.text,
                "state": s.state,
                "irql": s.irql,
            }
            for s in d.trace
        ],
    }
    if f.suppressed is not None:
        out["suppressed"] = {"kind": f.suppressed.kind, "reason": f.suppressed.reason}
    return out


def outcome_json(o: RuleOutcome, report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": o.rule,
        "status": o.status,
        "seconds": round(o.result.seconds, 3),
        "defects": [finding_json(f, report) for f in o.findings],
    }
    if o.result.reason:
        out["reason"] = o.result.reason
    return out


def report_doc(report: Report) -> dict[str, Any]:
    """The report's JSON object; a solution's project says which (`project`)."""
    doc: dict[str, Any] = {"tool": {"name": "ddiverify", "version": report.version}}
    if report.project is not None:
        doc["project"] = {"name": report.project[0], "file": report.project[1]}
    doc.update(
        {
            "driver": driver_json(report.driver),
            "results": [outcome_json(o, report) for o in report.outcomes],
            "stats": report.stats,
            "warnings": warnings_json(list(report.warnings)),
            "configuration": report.configuration,
            "missing_includes": list(report.missing_includes),
        }
    )
    return doc


def render_json(report: Report) -> str:
    return json.dumps(escape_tree(report_doc(report)), indent=2) + "\n"
