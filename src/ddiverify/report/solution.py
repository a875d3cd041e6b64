"""Reports of a solution's several drivers: each driver's own report, then a summary.

Each driver is reported exactly as a run on its project alone would report it, inside
one document: text gives every driver's report under a heading, then one table of the
drivers; JSON gives `{"tool", "solution", "drivers": [<a driver's report, with its
project>], "skipped", "stats"}`; SARIF gives one run per driver, told apart by its
`automationDetails.id`. Invariant: the renderers only read the reports.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from typing import Any

from ddiverify import __version__
from ddiverify.diagnostics import escape_tree
from ddiverify.report.html import render_html
from ddiverify.report.json_report import report_doc
from ddiverify.report.model import Report
from ddiverify.report.sarif import SCHEMA_URI, sarif_run


@dataclass(frozen=True, slots=True)
class SolutionReport:
    """The drivers of one solution, each with its own report (`Report.project` set)."""

    solution: str
    configuration: str
    reports: tuple[Report, ...]
    skipped: tuple[tuple[str, str], ...] = ()  # (project, why it was not analysed)
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
    rows = [
        (
            _name(r),
            r.driver.kind.value,
            str(len(r.driver.entry_points)),
            str(r.defect_count()),
            _verdict_counts(r),
        )
        for r in solution.reports
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(4)]
    for row in [head, *rows]:
        out.append("  ".join(c.ljust(w) for c, w in zip(row[:4], widths)) + "  " + row[4] + "\n")
    for name, why in solution.skipped:
        out.append(f"{name}: not analysed: {why}\n")
    n = solution.defect_count()
    out.append(
        f"\n{n} defect{'s' if n != 1 else ''} in {len(solution.reports)} drivers of "
        f"{solution.solution} ({solution.configuration}) in {solution.seconds:.2f} s\n"
    )
    return "".join(out)


def _solution_head(solution: SolutionReport) -> dict[str, Any]:
    return {
        "tool": {"name": "ddiverify", "version": __version__},
        "solution": {"file": solution.solution, "configuration": solution.configuration},
    }


def solution_json(solution: SolutionReport) -> str:
    drivers = []
    for report in solution.reports:
        doc = report_doc(report)
        doc.pop("tool", None)
        drivers.append(doc)
    doc = {
        **_solution_head(solution),
        "drivers": drivers,
        "skipped": [{"project": name, "reason": why} for name, why in solution.skipped],
        "stats": {
            "drivers": len(solution.reports),
            "defects": solution.defect_count(),
            "seconds": round(solution.seconds, 3),
        },
    }
    return json.dumps(escape_tree(doc), indent=2) + "\n"


def solution_sarif(solution: SolutionReport, *, problems_only: bool = False) -> str:
    runs = [sarif_run(r, problems_only=problems_only) for r in solution.reports]
    return (
        json.dumps(escape_tree({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}), indent=2)
        + "\n"
    )


# The solution page shows each driver's own page in a frame: a `data:` document, so the
# page stays one self-contained file and each driver's viewer keeps its own ids, script
# and Content Security Policy. The outer page runs no script at all.
_SOLUTION_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; frame-src data:; "
    "base-uri 'none'; form-action 'none'"
)
_SOLUTION_CSS = """body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.3em .6em;
text-align:left}h2{margin-top:1.5em}iframe{width:100%;height:80vh;border:1px solid #ccc}
.muted{color:#666}"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def solution_html(solution: SolutionReport) -> str:
    """`--format html` of several drivers: one self-contained page, a table of the
    drivers, then each driver's own report page (the single-driver `--format html`) in a
    frame of its own. Pure ASCII, a function of the reports alone, as that page is."""
    rows = "".join(
        f'<tr><td><a href="#driver-{i}">{_e(_name(r))}</a></td>'
        f"<td>{_e(r.driver.kind.value)}</td><td>{len(r.driver.entry_points)}</td>"
        f"<td>{r.defect_count()}</td><td>{_e(_verdict_counts(r))}</td></tr>"
        for i, r in enumerate(solution.reports, 1)
    )
    skipped = "".join(f"<li>{_e(name)}: {_e(why)}</li>" for name, why in solution.skipped)
    frames = []
    for i, report in enumerate(solution.reports, 1):
        page = base64.b64encode(render_html(report).encode("ascii")).decode("ascii")
        file = report.project[1] if report.project is not None else "?"
        where = f"{file}, {report.configuration}" if report.configuration else file
        frames.append(
            f'<h2 id="driver-{i}">{_e(_name(report))} '
            f'<span class="muted">({_e(where)})</span></h2>'
            f'<iframe title="{_e(_name(report))}" '
            f'src="data:text/html;base64,{page}"></iframe>'
        )
    n = solution.defect_count()
    headline = (
        f"{n} defect{'s' if n != 1 else ''} in {len(solution.reports)} drivers of "
        f"{solution.solution} ({solution.configuration})"
    )
    doc = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_e(_SOLUTION_CSP)}">
<meta name="generator" content="ddiverify {_e(__version__)}">
<title>ddiverify: {_e(headline)}</title>
<style>{_SOLUTION_CSS}</style>
</head>
<body>
<h1>ddiverify report</h1>
<p>{_e(headline)}</p>
<table><tr><th>project</th><th>kind</th><th>entry points</th><th>defects</th><th>verdicts</th></tr>
{rows}</table>
{f"<p>Not analysed:</p><ul>{skipped}</ul>" if skipped else ""}
{"".join(frames)}
</body>
</html>
"""
    return doc.encode("ascii", "xmlcharrefreplace").decode("ascii")


def solution_scan_json(
    solution: str,
    configuration: str,
    docs: list[dict[str, Any]],
    skipped: tuple[tuple[str, str], ...],
) -> str:
    """`scan --format json` of several drivers: each driver's scan object (with its
    `project`), in `drivers`."""
    head = {
        "tool": {"name": "ddiverify", "version": __version__},
        "solution": {"file": solution, "configuration": configuration},
    }
    drivers = [{k: v for k, v in d.items() if k != "tool"} for d in docs]
    doc = {
        **head,
        "drivers": drivers,
        "skipped": [{"project": name, "reason": why} for name, why in skipped],
    }
    return json.dumps(escape_tree(doc), indent=2) + "\n"


def solution_scan_text(
    headings: list[str], bodies: list[str], skipped: tuple[tuple[str, str], ...]
) -> str:
    out = [f"=== {h} ===\n{b.rstrip()}\n\n" for h, b in zip(headings, bodies)]
    out += [f"{name}: not analysed: {why}\n" for name, why in skipped]
    return "".join(out)
