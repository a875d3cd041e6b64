"""`--format sarif`: the report as one SARIF 2.1.0 log, for GitHub code scanning and viewers.

Invariants: one run; `tool.driver.rules` holds every rule checked, sorted by name, and each
`ruleIndex` / `associatedRule.index` points into it. A defect is a `fail` result (suppressed
ones too, with their `suppressions`) whose trace is its code flow; a rule without defects
is one `pass` or `notApplicable` result; a rule that ended `timeout` or `error` is an
execution notification, not a result. Paths below the directory ddiverify ran in are
relative to `%SRCROOT%`. Nothing varies between two runs on the same tree: no times, no
durations, everything in a fixed order.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ddiverify.diagnostics import Diagnostic, Severity, escape_tree
from ddiverify.report.model import (
    Finding,
    Report,
    RuleOutcome,
    SourceCache,
    TraceStep,
    excerpt,
)
from ddiverify.report.suppressions import fingerprint
from ddiverify.rules.ast import Rule

__all__ = ["SCHEMA_URI", "render_sarif", "sarif_log", "sarif_run"]

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "ddiverifyFingerprint/v1"
_GITHUB_TEXT_LIMIT = 1024  # GitHub truncates rule descriptions beyond this
MAX_FLOW_STEPS = 10_000  # GitHub rejects a log with longer thread flows

_SUPPRESSION_KIND = {"inline": "inSource", "baseline": "external"}
_VERDICT_KIND = {"pass": "pass", "not_applicable": "notApplicable"}
# SARIF's well-known threadFlowLocation kinds (§3.38.8) for each trace step kind.
_STEP_KINDS = {
    "entry": ["enter", "function"],
    "call": ["call", "function"],
    "return": ["return", "function"],
    "assign": [],
    "branch": ["branch"],
    "event": ["caution"],
}
_STEP_IMPORTANCE = {
    "entry": "important",
    "call": "important",
    "return": "important",
    "assign": "unimportant",
    "branch": "unimportant",
    "event": "essential",
}
_STATE_ENTRY = re.compile(r"[A-Za-z_][\w.\->\[\]]*=")
_LANGUAGE = {
    ".c": "c",
    ".h": "c",
    ".cpp": "cplusplus",
    ".cc": "cplusplus",
    ".cxx": "cplusplus",
    ".hpp": "cplusplus",
    ".hxx": "cplusplus",
}


class _Artifacts:
    """The files results point at: one `artifacts` entry each, in first-use order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.index: dict[str, int] = {}
        self.entries: list[dict[str, Any]] = []

    def location(self, file: str) -> dict[str, Any]:
        loc = _artifact_uri(file, self.root)
        if file not in self.index:
            self.index[file] = len(self.entries)
            entry: dict[str, Any] = {"location": dict(loc)}
            language = _LANGUAGE.get(Path(file).suffix.lower())
            if language:
                entry["sourceLanguage"] = language
            self.entries.append(entry)
        return {**loc, "index": self.index[file]}


def _artifact_uri(file: str, root: Path) -> dict[str, str]:
    """Relative to %SRCROOT% when below it (what code scanning matches), else a file URI.
    The path's bytes are percent-encoded: a name that is not UTF-8 stays exact."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(root)
        except ValueError:
            posix = path.as_posix()
            posix = posix if posix.startswith("/") else "/" + posix  # C:/... on Windows
            return {"uri": "file://" + quote(os.fsencode(posix), safe="/:")}
    return {"uri": quote(os.fsencode(path.as_posix()), safe="/"), "uriBaseId": SRCROOT}


def _region(file: str, line: int, sources: SourceCache, snippet: bool) -> dict[str, Any]:
    """The statement's text on its line (columns in code points), or the bare line."""
    region: dict[str, Any] = {"startLine": line}
    text = sources.line(file, line).rstrip()
    body = text.lstrip()
    if body:
        start = len(text) - len(body) + 1
        region.update(startColumn=start, endLine=line, endColumn=len(text) + 1)
        if snippet:
            region["snippet"] = {"text": excerpt(body)}
    return region


def _physical(
    file: str, line: int, report: Report, artifacts: _Artifacts, snippet: bool = False
) -> dict[str, Any]:
    return {
        "artifactLocation": artifacts.location(file),
        "region": _region(file, max(line, 1), report.sources, snippet),
    }


# -- rules ------------------------------------------------------------------------


def _clamp(text: str, limit: int = _GITHUB_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _help(rule: Rule) -> dict[str, str]:
    """Why, the exact semantics, a violating example and its fix, as text and Markdown."""
    applies = "any Storport miniport" if rule.applies == "any" else f"{rule.applies} miniports"
    footer = f"Rule sets: {', '.join(rule.sets) or 'none'}. Applies to {applies}."
    text, markdown = [rule.description], [rule.description]
    for label, prose in (("Why it matters", rule.why), ("What is checked", rule.semantics)):
        if prose:
            text.append(f"{label}: {prose}")
            markdown.append(f"**{label}.** {prose}")
    for label, code in (("Violation", rule.example), ("Fix", rule.fix)):
        if code:
            text.append(f"{label}:\n" + "\n".join("    " + ln for ln in code.splitlines()))
            markdown.append(f"**{label}**\n\n```c\n{code}\n```")
    text.append(footer)
    markdown.append(footer)
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def _descriptor(name: str, rule: Rule | None) -> dict[str, Any]:
    if rule is None:  # a result for a rule the report carries no metadata for
        return {
            "id": name,
            "name": name,
            "shortDescription": {"text": name},
            "fullDescription": {"text": name},
            "help": {"text": name},
            "defaultConfiguration": {"level": "error"},
        }
    return {
        "id": rule.name,
        "name": rule.name,
        "shortDescription": {"text": _clamp(rule.summary)},
        "fullDescription": {"text": _clamp(rule.description)},
        "help": _help(rule),
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": list(rule.sets), "applies": rule.applies},
    }


# -- results ----------------------------------------------------------------------


def _nesting(trace: tuple[TraceStep, ...]) -> list[int]:
    """Call depth below the entry point, from the function each step lies in.

    An `entry` step restarts at 0; a step in a function already on the stack returns to
    it; any other function is a callee of the step before.
    """
    stack: list[str] = []
    out = []
    for step in trace:
        if step.kind == "entry" or not stack:
            stack = [step.function]
        elif step.function != stack[-1]:
            if step.function in stack:
                del stack[stack.index(step.function) + 1 :]
            else:
                stack.append(step.function)
        out.append(len(stack) - 1)
    return out


def _state(text: str) -> dict[str, dict[str, str]]:
    """`Signaled={a, b}; Mode=1` -> {"Signaled": {"text": "{a, b}"}, "Mode": {"text": "1"}}."""
    parts: list[str] = []
    for piece in text.split("; "):
        if parts and not _STATE_ENTRY.match(piece):
            parts[-1] += "; " + piece  # a "; " inside a value
        else:
            parts.append(piece)
    out: dict[str, dict[str, str]] = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if sep:
            out[key] = {"text": value}
        elif part:
            out["state"] = {"text": part}
    return out


def _step_kinds(step: TraceStep) -> list[str]:
    kinds = list(_STEP_KINDS.get(step.kind, []))
    if step.kind == "branch":
        if step.text.endswith(" is true"):
            kinds.append("true")
        elif step.text.endswith(" is false"):
            kinds.append("false")
    elif step.kind == "event" and step.text.startswith("violation"):
        kinds = ["danger"]
    return kinds


def _kept_steps(trace: tuple[TraceStep, ...], limit: int) -> list[int]:
    """Which steps fit in `limit`: branches and assignments go first, then the earliest
    calls; rule-state changes stay. `executionOrder` keeps the original numbering."""
    if len(trace) <= limit:
        return list(range(len(trace)))
    ranked = sorted(
        range(len(trace)),
        key=lambda i: (
            _STEP_IMPORTANCE.get(trace[i].kind, "important") == "unimportant",
            _STEP_IMPORTANCE.get(trace[i].kind, "important") != "essential",
            -i,
        ),
    )
    return sorted(ranked[:limit])


def _thread_flow(
    trace: tuple[TraceStep, ...], report: Report, artifacts: _Artifacts, limit: int = MAX_FLOW_STEPS
) -> list[dict[str, Any]]:
    depths = _nesting(trace)
    out = []
    for i in _kept_steps(trace, limit):
        step = trace[i]
        loc: dict[str, Any] = {
            "physicalLocation": _physical(step.file, step.line, report, artifacts),
            "message": {"text": step.text or step.kind},
            "logicalLocations": [{"name": step.function, "kind": "function"}],
        }
        tfl: dict[str, Any] = {
            "location": loc,
            "nestingLevel": depths[i],
            "executionOrder": i + 1,
            "importance": _STEP_IMPORTANCE.get(step.kind, "important"),
        }
        kinds = _step_kinds(step)
        if kinds:
            tfl["kinds"] = kinds
        state = _state(step.state)
        if step.irql:
            state["IRQL"] = {"text": step.irql}
        if state:
            tfl["state"] = state
        tfl["properties"] = {"stepKind": step.kind}
        out.append(tfl)
    return out


def _defect_result(f: Finding, index: int, report: Report, artifacts: _Artifacts) -> dict[str, Any]:
    d = f.defect
    result: dict[str, Any] = {
        "ruleId": d.rule,
        "ruleIndex": index,
        "kind": "fail",
        "level": "error",
        "message": {"text": d.message},
        "locations": [
            {"physicalLocation": _physical(d.loc.file, d.loc.line, report, artifacts, snippet=True)}
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(d, report.sources)},
    }
    if d.trace:
        result["codeFlows"] = [
            {
                "message": {
                    "text": f"path from the harness to the violation (entry point {d.entry})"
                },
                "threadFlows": [{"locations": _thread_flow(d.trace, report, artifacts)}],
            }
        ]
    if f.suppressed is not None:
        result["suppressions"] = [
            {
                "kind": _SUPPRESSION_KIND.get(f.suppressed.kind, "external"),
                "status": "accepted",
                "justification": f.suppressed.reason,
            }
        ]
    result["properties"] = {"entryPoint": d.entry}
    return result


def _anchor(report: Report, artifacts: _Artifacts) -> list[dict[str, Any]]:
    """Where a whole-driver verdict is shown: the driver's entry (code scanning needs one)."""
    eps = report.driver.entry_points
    if not eps:
        return []
    ep = next((e for e in eps if e.role == "sp_DRIVER_INITIALIZE"), eps[0])
    return [
        {
            "physicalLocation": _physical(ep.loc.file, ep.loc.line, report, artifacts),
            "logicalLocations": [{"name": ep.function, "kind": "function"}],
        }
    ]


def _verdict_result(
    o: RuleOutcome, index: int, report: Report, artifacts: _Artifacts
) -> dict[str, Any]:
    status = o.status
    if status == "pass":
        suppressed = len(o.findings)
        text = (
            f"{o.rule}: pass - checked on every path from the driver's entry points; "
            "no violation found"
        )
        if suppressed:
            text += f" ({suppressed} suppressed)"
    else:
        text = f"{o.rule}: not applicable - {o.result.reason or 'the rule cannot fire'}"
    result: dict[str, Any] = {
        "ruleId": o.rule,
        "ruleIndex": index,
        "kind": _VERDICT_KIND[status],
        "level": "none",
        "message": {"text": text},
    }
    anchor = _anchor(report, artifacts)
    if anchor:
        result["locations"] = anchor
    return result


# -- invocation -------------------------------------------------------------------


def _diagnostic(d: Diagnostic, report: Report, artifacts: _Artifacts) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "note" if d.severity is Severity.NOTE else "warning",
        "message": {"text": d.message},
    }
    if d.file is not None:
        phys: dict[str, Any] = {"artifactLocation": artifacts.location(d.file)}
        if d.line:
            phys["region"] = {"startLine": d.line}
        note["locations"] = [{"physicalLocation": phys}]
    note["properties"] = {"code": d.code}
    return note


def _invocation(report: Report, indexes: dict[str, int], artifacts: _Artifacts) -> dict[str, Any]:
    execution: list[dict[str, Any]] = []
    for o in sorted(report.outcomes, key=lambda o: o.rule):
        if o.status in ("timeout", "error"):
            execution.append(
                {
                    "level": "error" if o.status == "error" else "warning",
                    "message": {"text": f"{o.rule}: {o.status}: {o.result.reason or o.status}"},
                    "associatedRule": {"id": o.rule, "index": indexes[o.rule]},
                    "properties": {"status": o.status},
                }
            )
    configuration = [
        _diagnostic(d, report, artifacts) for d in report.warnings if d.code == "suppression"
    ]
    execution += [
        _diagnostic(d, report, artifacts) for d in report.warnings if d.code != "suppression"
    ]
    if report.missing_includes:
        headers = ", ".join(report.missing_includes)
        execution.append(
            {
                "level": "note",
                "message": {
                    "text": (
                        f"{len(report.missing_includes)} headers not in the sources were skipped "
                        f"(WDK/system headers are not needed): {headers}"
                    )
                },
            }
        )
    inv: dict[str, Any] = {
        "executionSuccessful": not any(o.status == "error" for o in report.outcomes),
        "workingDirectory": {"uri": _root_uri(report.sources.root)},
    }
    if report.command_line:
        inv["commandLine"] = " ".join(shlex.quote(a) for a in report.command_line)
        inv["arguments"] = list(report.command_line[1:])
    if execution:
        inv["toolExecutionNotifications"] = execution
    if configuration:
        inv["toolConfigurationNotifications"] = configuration
    return inv


def _root_uri(root: Path) -> str:
    uri = root.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


# -- the log ----------------------------------------------------------------------


def sarif_log(report: Report, *, problems_only: bool = False) -> dict[str, Any]:
    """The SARIF log as a dict. `problems_only` keeps only unsuppressed `fail` results.

    GitHub code scanning turns every result into an alert whatever its `kind` or
    `suppressions`, so an upload wants only the problems; the full log is the default.
    """
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [sarif_run(report, problems_only=problems_only)],
    }


def sarif_run(report: Report, *, problems_only: bool = False) -> dict[str, Any]:
    """One driver's run. A solution's project is its own run, identified (and kept
    apart by code scanning) by `automationDetails.id` `ddiverify/<project>/`."""
    names = sorted({o.rule for o in report.outcomes} | set(report.rules))
    indexes = {n: i for i, n in enumerate(names)}
    artifacts = _Artifacts(report.sources.root)
    results: list[dict[str, Any]] = []
    for o in sorted(report.outcomes, key=lambda o: o.rule):
        for f in o.findings:
            if not (problems_only and f.suppressed is not None):
                results.append(_defect_result(f, indexes[o.rule], report, artifacts))
        if o.status in _VERDICT_KIND and not o.active and not problems_only:
            results.append(_verdict_result(o, indexes[o.rule], report, artifacts))
    stats = {k: v for k, v in report.stats.items() if k != "seconds"}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ddiverify",
                "version": report.version,
                "rules": [_descriptor(n, report.rules.get(n)) for n in names],
            }
        },
        "invocations": [_invocation(report, indexes, artifacts)],
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": _root_uri(report.sources.root),
                "description": {"text": "The directory ddiverify ran in."},
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "artifacts": artifacts.entries,
        "properties": {
            "driverKind": report.driver.kind.value,
            "verdicts": {o.rule: o.status for o in sorted(report.outcomes, key=lambda o: o.rule)},
            "stats": stats,
        },
    }
    if report.configuration is not None:
        run["properties"]["configuration"] = report.configuration
    if report.project is not None:
        name, file = report.project
        run["automationDetails"] = {"id": f"ddiverify/{name}/"}
        run["properties"]["project"] = {"name": name, "file": file}
    return run


def render_sarif(report: Report, *, problems_only: bool = False) -> str:
    return json.dumps(escape_tree(sarif_log(report, problems_only=problems_only)), indent=2) + "\n"
