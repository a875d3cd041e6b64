"""Reports of a solution's several drivers: each driver's own report, then a summary.

Each driver is reported exactly as a run on its project alone would report it, inside
one document: text gives every driver's report under a heading, then one table of the
drivers; JSON gives `{"tool", "solution", "drivers": [<a driver's report, with its
project>], "skipped", "stats"}`; SARIF gives one run per driver, told apart by its
`automationDetails.id`. Invariant: the renderers only read the reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ddiverify import __version__
from ddiverify.diagnostics import escape_tree
from ddiverify.report.json_report import report_doc
from ddiverify.report.model import Report
from ddiverify.report.sarif import SCHEMA_URI, sarif_run


@dataclass(frozen=True, slots=True)
class SolutionReport:
    """The drivers of one solution, each with its own report (`Report.project` set)."""

    solution: str
    configuration: str
    reports: tuple[Report, ...]
    skipped: tuple[tuple[str, str], ...] = ()    # (project, why it was not analysed)
    seconds: float = 0.0

    def defect_count(self) -> int:
        return sum(r.defect_count() for r in self.reports)


def _name(report: Report) -> str:
    return report.project[0] if report.project is not None else "?"


def _verdict_counts(report: Report) -> str:
    counts: dict[str, int] = {}
    for o in report.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    order = ("defect", "pass", "not_applicable", "timeout", "error")
    return ", ".join(f"{counts[s]} {s}" for s in order if counts.get(s))


def solution_text(solution: SolutionReport, bodies: list[str]) -> str:
    """Each driver's text report (`bodies`, in the reports' order) under a heading,
    then one line per driver and per project skipped."""
    out: list[str] = []
    for report, body in zip(solution.reports, bodies):
        file = report.project[1] if report.project is not None else "?"
        where = f"{file}, {report.configuration}" if report.configuration else file
        out.append(f"=== {_name(report)} ({where}) ===\n")
        out.append(body.rstrip("\n") + "\n\n")
    head = ("PROJECT", "KIND", "ENTRY POINTS", "DEFECTS", "VERDICTS")
    rows = [(_name(r), r.driver.kind.value, str(len(r.driver.entry_points)),
             str(r.defect_count()), _verdict_counts(r)) for r in solution.reports]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(4)]
    for row in [head, *rows]:
        out.append("  ".join(c.ljust(w) for c, w in zip(row[:4], widths)) + "  " + row[4]
                   + "\n")
    for name, why in solution.skipped:
        out.append(f"{name}: not analysed: {why}\n")
    n = solution.defect_count()
    out.append(f"\n{n} defect{'s' if n != 1 else ''} in {len(solution.reports)} drivers of "
               f"{solution.solution} ({solution.configuration}) in {solution.seconds:.2f} s\n")
    return "".join(out)


def _solution_head(solution: SolutionReport) -> dict[str, Any]:
    return {"tool": {"name": "ddiverify", "version": __version__},
            "solution": {"file": solution.solution, "configuration": solution.configuration}}


def solution_json(solution: SolutionReport) -> str:
    drivers = []
    for report in solution.reports:
        doc = report_doc(report)
        doc.pop("tool", None)
        drivers.append(doc)
    doc = {**_solution_head(solution), "drivers": drivers,
           "skipped": [{"project": name, "reason": why} for name, why in solution.skipped],
           "stats": {"drivers": len(solution.reports), "defects": solution.defect_count(),
                     "seconds": round(solution.seconds, 3)}}
    return json.dumps(escape_tree(doc), indent=2) + "\n"


def solution_sarif(solution: SolutionReport, *, problems_only: bool = False) -> str:
    runs = [sarif_run(r, problems_only=problems_only) for r in solution.reports]
    return json.dumps(escape_tree({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}),
                      indent=2) + "\n"


def solution_scan_json(solution: str, configuration: str, docs: list[dict[str, Any]],
                       skipped: tuple[tuple[str, str], ...]) -> str:
    """`scan --format json` of several drivers: each driver's scan object (with its
    `project`), in `drivers`."""
    head = {"tool": {"name": "ddiverify", "version": __version__},
            "solution": {"file": solution, "configuration": configuration}}
    drivers = [{k: v for k, v in d.items() if k != "tool"} for d in docs]
    doc = {**head, "drivers": drivers,
           "skipped": [{"project": name, "reason": why} for name, why in skipped]}
    return json.dumps(escape_tree(doc), indent=2) + "\n"


def solution_scan_text(headings: list[str], bodies: list[str],
                       skipped: tuple[tuple[str, str], ...]) -> str:
    out = [f"=== {h} ===\n{b.rstrip()}\n\n" for h, b in zip(headings, bodies)]
    out += [f"{name}: not analysed: {why}\n" for name, why in skipped]
    return "".join(out)
