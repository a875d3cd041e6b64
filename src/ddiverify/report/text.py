"""`--format text`: defects with readable traces and source excerpts, then a summary table.

Colour only when asked (`--color always`) or when writing to a terminal (`auto`); rich
does the terminal work. Renderers only read the report.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ddiverify.report.model import Finding, Report, TraceStep, excerpt

STATUS_STYLE = {
    "defect": "bold red",
    "pass": "green",
    "not_applicable": "dim",
    "timeout": "yellow",
    "error": "bold yellow",
}
_SHOWN = ("entry", "call", "event", "assign", "branch", "return")


def _step_line(s: TraceStep, report: Report) -> Text:
    style = {"entry": "bold cyan", "event": "magenta", "branch": "dim", "assign": "blue"}.get(
        s.kind, ""
    )
    t = Text("    ")
    t.append(f"{s.file}:{s.line}", style="dim")
    t.append(f"  {s.function}: ")
    t.append(f"{s.kind}: {s.text}", style=style)
    if s.irql:
        t.append(f"  [{s.irql}]", style="dim")
    return t


def _finding(f: Finding, report: Report, quiet: bool) -> list[Text]:
    d = f.defect
    head = Text()
    head.append(f"{d.loc.file}:{d.loc.line}: ", style="bold")
    if f.suppressed is not None:
        head.append(f"suppressed ({f.suppressed.kind}: {f.suppressed.reason}): ", style="dim")
        head.append(f"{d.rule}: {d.message}", style="dim")
        return [head]
    head.append("defect: ", style="bold red")
    head.append(f"{d.rule}: ", style="bold")
    head.append(d.message)
    if quiet:
        return [head]
    lines = [head]
    source = excerpt(report.sources.line(d.loc.file, d.loc.line).strip())
    if source:
        lines.append(Text(f"  > {source}", style="bold"))
    lines.append(Text(f"  entry point: {d.entry}"))
    for s in d.trace:
        if s.kind in _SHOWN:
            lines.append(_step_line(s, report))
    lines.append(Text(""))
    return lines


def summary_table(report: Report) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("RULE")
    table.add_column("STATUS")
    table.add_column("DEFECTS", justify="right")
    table.add_column("SECONDS", justify="right")
    table.add_column("NOTE", overflow="fold")
    for o in report.outcomes:
        suppressed = len(o.findings) - len(o.active)
        count = str(len(o.active)) + (f" (+{suppressed} suppressed)" if suppressed else "")
        note = o.result.reason
        table.add_row(
            o.rule,
            Text(o.status, style=STATUS_STYLE.get(o.status, "")),
            count,
            f"{o.result.seconds:.2f}",
            note,
        )
    return table


def render_text(
    report: Report, color: bool = False, quiet: bool = False, width: int | None = None
) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        width=width or 200,
        highlight=False,
        soft_wrap=True,
    )
    for o in report.outcomes:
        for f in o.findings:
            for line in _finding(f, report, quiet):
                console.print(line)
    if not quiet:
        console.print(summary_table(report))
        console.print()
    n = report.defect_count()
    st = report.stats
    console.print(
        f"{n} defect{'s' if n != 1 else ''} in {len(report.outcomes)} rules; "
        f"{report.driver.kind.value} miniport, {len(report.driver.entry_points)} "
        f"entry points; {st.get('files')} files, {st.get('lines')} lines in "
        f"{float(st.get('seconds', 0.0)):.2f} s"  # type: ignore[arg-type]
    )
    return buf.getvalue()
