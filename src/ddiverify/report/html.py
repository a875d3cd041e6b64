"""`--format html`: one self-contained page with the verdicts and a trace viewer per defect.

The viewer follows SDV's Defect Viewer: the trace as a tree of calls, the source with the
trace's lines highlighted, and the tracked rule state at the selected step.

Invariants:
- Nothing is fetched: CSS and JS are inlined from `html_assets/`, and a Content Security
  Policy forbids every other source, so the page works from `file://` and offline.
- Every string from the analysed code, the rules or the user goes through `html.escape`
  (text) or `_json_script` (data for the script, with every `<`, `>` and `&` written as a
  `\\u` escape so neither `</script>` nor `<!--` can appear); the script builds no HTML
  from strings, it only sets classes and `textContent`.
- The output is a function of the report alone (no clock, no random ids), and pure ASCII:
  other characters become character references, so any writer encoding is safe.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from importlib import resources

from ddiverify.diagnostics import escape_tree
from ddiverify.report.model import Finding, Report, RuleOutcome, TraceStep, excerpt

__all__ = ["TreeNode", "render_html", "state_parts", "trace_tree"]

WHOLE_FILE_LINES = 400  # files up to this size are shown whole; larger ones as windows
CONTEXT_LINES = 12  # lines shown around each traced line of a larger file
_KIND_LABEL = {
    "entry": "entry",
    "call": "call",
    "return": "return",
    "assign": "assign",
    "branch": "branch",
    "event": "event",
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _asset(name: str) -> str:
    return resources.files("ddiverify.report").joinpath("html_assets", name).read_text("utf-8")


def _json_script(element_id: str, data: object) -> str:
    """Data for the script: JSON whose `<`, `>`, `&` are escaped, so it cannot end the element."""
    text = json.dumps(escape_tree(data), ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{_e(element_id)}">{text}</script>'


# -- the trace as a tree -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TreeNode:
    """A trace step (`step` is its index) or, when `step` is None, a frame of `function`
    whose call the trace does not show; `children` are the steps taken inside the call."""

    step: int | None
    function: str
    children: tuple[TreeNode, ...] = ()


@dataclass(slots=True)
class _Frame:
    step: int | None
    function: str
    children: list[_Frame]

    def freeze(self) -> TreeNode:
        return TreeNode(self.step, self.function, tuple(c.freeze() for c in self.children))


def _is_call_of(step: TraceStep, function: str) -> bool:
    return step.kind == "call" and step.text.startswith(f"{function}(")


def trace_tree(steps: tuple[TraceStep, ...] | list[TraceStep]) -> tuple[TreeNode, ...]:
    """Entry points at the top; a change of function nests (under the call step that made it,
    when the trace shows one) or returns to the caller already open on the stack."""
    roots: list[_Frame] = []
    stack: list[tuple[_Frame, str]] = []  # open frames and the function running in each
    for i, s in enumerate(steps):
        node = _Frame(i, s.function, [])
        if s.kind == "entry" or not stack:
            top = node if s.kind == "entry" else _Frame(None, s.function, [node])
            roots.append(top)
            stack = [(top, s.function)]
            continue
        frame, function = stack[-1]
        if s.function != function:
            last = frame.children[-1] if frame.children else None
            if (
                last is not None
                and last.step is not None
                and _is_call_of(steps[last.step], s.function)
            ):
                stack.append((last, s.function))
            elif any(fn == s.function for _, fn in stack):
                while stack[-1][1] != s.function:
                    stack.pop()
            else:
                hidden = _Frame(None, s.function, [])
                frame.children.append(hidden)
                stack.append((hidden, s.function))
        stack[-1][0].children.append(node)
    return tuple(r.freeze() for r in roots)


# -- the rule state ------------------------------------------------------------------------


def _split_top(text: str) -> list[str]:
    """Split at `;` and `,` outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch in ";," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def state_parts(state: str) -> list[tuple[str, str]]:
    """`Signaled={a, b}; Keys={}` -> [(Signaled, {a, b}), (Keys, {})]; a piece with no
    `name=` belongs to the value before it (a comma inside a described value)."""
    out: list[tuple[str, str]] = []
    for piece in _split_top(state):
        name, eq, value = piece.partition("=")
        if eq and name and not any(c in name for c in " ({[\"'"):
            out.append((name.strip(), value.strip()))
        elif out:
            out[-1] = (out[-1][0], f"{out[-1][1]}, {piece}")
        else:
            out.append(("", piece))
    return out


def _steps_json(steps: tuple[TraceStep, ...], files: list[str]) -> list[dict[str, object]]:
    """Per step: file index, line, kind, function, text, and the state rows
    [name, value, changed since the step before, the value before]."""
    out: list[dict[str, object]] = []
    before: dict[str, str] = {}
    for i, s in enumerate(steps):
        parts = state_parts(s.state) + ([("IRQL", s.irql)] if s.irql else [])
        rows = [[n, v, 1 if i > 0 and before.get(n) != v else 0, before.get(n)] for n, v in parts]
        before = dict(parts)
        out.append(
            {
                "f": files.index(s.file),
                "l": s.line,
                "k": s.kind,
                "fn": s.function,
                "t": s.text,
                "s": rows,
            }
        )
    return out


# -- the viewer ----------------------------------------------------------------------------


def _is_violation(s: TraceStep) -> bool:
    return s.kind == "event" and s.text.startswith("violation")


def _node_html(node: TreeNode, steps: tuple[TraceStep, ...], n: int) -> str:
    twisty = (
        '<span class="twisty" aria-hidden="true"></span>'
        if node.children
        else '<span class="leaf" aria-hidden="true"></span>'
    )
    if node.step is None:
        head = (
            f'<div class="node frame">{twisty}<span class="fn">{_e(node.function)}</span>'
            '<span class="where">(call not shown)</span></div>'
        )
    else:
        s = steps[node.step]
        kind = _KIND_LABEL.get(s.kind, "step")
        cls = f"node step kind-{kind}" + (" violation" if _is_violation(s) else "")
        name = f"{s.file.rsplit('/', 1)[-1]}:{s.line}"
        head = (
            f'<div class="{cls}" data-step="{node.step}" id="d{n}-s{node.step}" '
            f'role="treeitem" aria-selected="false" title="{_e(f"{s.file}:{s.line}")}">'
            f'{twisty}<span class="no">{node.step + 1}</span>'
            f'<span class="kind">{_e(kind)}</span><span class="text">{_e(s.text)}</span>'
            f'<span class="where">{_e(name)}</span></div>'
        )
    if not node.children:
        return f"<li>{head}</li>"
    inner = "".join(_node_html(c, steps, n) for c in node.children)
    return f'<li class="open">{head}<ul role="group">{inner}</ul></li>'


def _line_windows(lines: tuple[str, ...], traced: set[int]) -> list[tuple[int, int]]:
    """1-based inclusive ranges of the file to show."""
    if len(lines) <= WHOLE_FILE_LINES:
        return [(1, len(lines))] if lines else []
    out: list[tuple[int, int]] = []
    for line in sorted(traced):
        lo, hi = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _source_html(n: int, index: int, file: str, traced: set[int], report: Report) -> str:
    lines = report.sources.lines(file)
    rows: list[str] = []
    shown_to = 0
    for lo, hi in _line_windows(lines, traced):
        if lo > shown_to + 1:
            rows.append(f'<span class="gap">lines {shown_to + 1}-{lo - 1} not shown</span>')
        for no in range(lo, hi + 1):
            cls = "ln traced" if no in traced else "ln"
            rows.append(
                f'<span class="{cls}" id="d{n}-f{index}-{no}"><span class="lno">{no}'
                f'</span><span class="code">{_e(excerpt(lines[no - 1])) or " "}</span></span>'
            )
        shown_to = hi
    if not lines:
        rows.append('<span class="gap">the source of this file could not be read</span>')
    elif shown_to < len(lines):
        rows.append(f'<span class="gap">lines {shown_to + 1}-{len(lines)} not shown</span>')
    hidden = "" if index == 0 else " hidden"
    return (
        f'<div class="src-file" data-file="{index}"{hidden}>'
        f'<pre class="src">{"".join(rows)}</pre></div>'
    )


def _viewer(n: int, f: Finding, report: Report) -> tuple[str, dict[str, object]]:
    d = f.defect
    steps = d.trace
    files = list(dict.fromkeys(s.file for s in steps))
    if d.loc.file not in files:
        files.append(d.loc.file)
    tabs = "".join(
        f'<button type="button" class="tab{" on" if i == 0 else ""}" data-file="{i}" '
        f'title="{_e(file)}">{_e(file.rsplit("/", 1)[-1])}</button>'
        for i, file in enumerate(files)
    )
    sources = "".join(
        _source_html(
            n,
            i,
            file,
            {s.line for s in steps if s.file == file}
            | ({d.loc.line} if d.loc.file == file else set()),
            report,
        )
        for i, file in enumerate(files)
    )
    tree = "".join(_node_html(node, steps, n) for node in trace_tree(steps))
    buttons = "".join(
        f'<button type="button" data-act="{act}" title="{_e(tip)}">{label}</button>'
        for act, label, tip in (
            ("first", "first", "first step (Home)"),
            ("prev", "&#x25B2; prev", "previous step (p, k, Up)"),
            ("next", "&#x25BC; next", "next step (n, j, Down)"),
            ("last", "last", "last step (End)"),
            ("expand", "expand all", "expand every call"),
            ("collapse", "collapse all", "collapse every call"),
        )
    )
    page = f"""
<section class="viewer" id="d{n}" data-viewer="{n - 1}" tabindex="-1">
<h3><span class="badge defect">defect {n}</span> {_e(d.rule)}: {_e(d.message)}</h3>
<p class="meta">at <code>{_e(d.loc)}</code>, entry point <code>{_e(d.entry)}</code>,
{len(steps)} steps</p>
<div class="toolbar">{buttons}<span class="pos"></span><span class="step-where"></span></div>
<div class="panes">
<div class="pane tree-pane"><div class="pane-title">Trace</div>
<div class="scroll tree-scroll"><ul class="tree" role="tree">{tree}</ul></div></div>
<div class="pane src-pane"><div class="tabs" role="tablist">{tabs}</div>
<div class="scroll src-scroll">{sources}</div></div>
<div class="pane state-pane"><div class="pane-title">Rule state and IRQL after this step</div>
<div class="scroll state-body"><p class="empty">select a step</p></div></div>
</div>
</section>"""
    return page, {"files": files, "steps": _steps_json(steps, files)}


# -- the page ------------------------------------------------------------------------------


def _defect_cell(o: RuleOutcome, first: dict[str, int]) -> str:
    active = len(o.active)
    suppressed = len(o.findings) - active
    text = str(active)
    if active and o.rule in first:
        text = f'<a href="#d{first[o.rule]}">{active}</a>'
    if suppressed:
        text += f' <span class="muted">(+{suppressed} suppressed)</span>'
    return text


def _verdicts(report: Report, first: dict[str, int]) -> str:
    rows = []
    for o in report.outcomes:
        rule = report.rules.get(o.rule)
        summary = rule.summary if rule is not None else ""
        note = o.result.reason
        rows.append(
            f'<tr class="status-{_e(o.status)}"><td><span class="rule">{_e(o.rule)}</span>'
            f'<div class="summary">{_e(summary)}</div></td>'
            f'<td><span class="badge {_e(o.status)}">{_e(o.status)}</span></td>'
            f'<td class="num">{_defect_cell(o, first)}</td>'
            f'<td class="num">{o.result.seconds:.2f}</td><td>{_e(note)}</td></tr>'
        )
    return (
        '<table class="verdicts"><thead><tr><th>Rule</th><th>Status</th><th>Defects</th>'
        f"<th>Seconds</th><th>Note</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _entry_points(report: Report) -> str:
    rows = "".join(
        f"<tr><td>{_e(e.role)}</td><td><code>{_e(e.function)}</code></td>"
        f"<td><code>{_e(e.loc)}</code></td><td>{_e(e.found_by.value)}</td></tr>"
        for e in report.driver.entry_points
    )
    return (
        "<table><thead><tr><th>Role</th><th>Function</th><th>Location</th>"
        f"<th>Found by</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _stats(report: Report) -> str:
    items = [
        ("driver kind", report.driver.kind.value),
        ("entry points", str(len(report.driver.entry_points))),
    ]
    items += [(k.replace("_", " "), str(v)) for k, v in report.stats.items()]
    if report.configuration:
        items.append(("configuration", report.configuration))
    if report.missing_includes:
        items.append(("headers not in the sources", ", ".join(report.missing_includes)))
    if report.command_line:
        items.append(("command", " ".join(report.command_line)))
    return (
        '<dl class="stats">'
        + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items)
        + "</dl>"
    )


def _warnings(report: Report) -> str:
    if not report.warnings:
        return '<p class="muted">none</p>'
    return (
        '<ul class="warnings">'
        + "".join(f"<li><code>{_e(w.render())}</code></li>" for w in report.warnings)
        + "</ul>"
    )


def _suppressed(report: Report) -> str:
    items = [f for o in report.outcomes for f in o.findings if f.suppressed is not None]
    if not items:
        return ""
    lis = "".join(
        f'<li><code>{_e(f.defect.loc)}</code> <span class="rule">{_e(f.defect.rule)}</span>: '
        f'{_e(f.defect.message)}<div class="reason">suppressed ({_e(f.suppressed.kind)}): '
        f"{_e(f.suppressed.reason)}</div></li>"
        for f in items
        if f.suppressed is not None
    )
    return f'<h2>Suppressed defects</h2><ul class="suppressed">{lis}</ul>'


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def render_html(report: Report) -> str:
    first: dict[str, int] = {}
    viewers: list[str] = []
    data: list[dict[str, object]] = []
    for o in report.outcomes:
        for f in o.active:
            n = len(viewers) + 1
            first.setdefault(o.rule, n)
            page, spec = _viewer(n, f, report)
            viewers.append(page)
            data.append(spec)
    script = _asset("viewer.js")
    n = report.defect_count()
    suppressed = sum(len(o.findings) for o in report.outcomes) - n
    headline = f"{n} defect{'s' if n != 1 else ''} in {len(report.outcomes)} rules" + (
        f", {suppressed} suppressed" if suppressed else ""
    )
    defects = "".join(viewers) if viewers else '<p class="muted">No defects.</p>'
    doc = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_e(_csp(script))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ddiverify {_e(report.version)}">
<title>ddiverify: {_e(headline)}</title>
<style>{_asset("viewer.css")}</style>
</head>
<body>
<header><h1>ddiverify report</h1>
<p class="headline">{_e(headline)}; {_e(report.driver.kind.value)} miniport,
{len(report.driver.entry_points)} entry points</p></header>
<main>
<h2>Verdicts</h2>
{_verdicts(report, first)}
<h2>Defects</h2>
<p class="keys">Keys: <kbd>n</kbd> <kbd>j</kbd> <kbd>&#x2193;</kbd> next step,
<kbd>p</kbd> <kbd>k</kbd> <kbd>&#x2191;</kbd> previous, <kbd>Home</kbd> <kbd>End</kbd> first
and last, <kbd>&#x2190;</kbd> <kbd>&#x2192;</kbd> collapse and expand; click a step or a
highlighted source line to select it.</p>
{defects}
{_suppressed(report)}
<h2>Entry points</h2>
{_entry_points(report)}
<h2>Statistics</h2>
{_stats(report)}
<h2>Warnings</h2>
{_warnings(report)}
</main>
<footer>ddiverify {_e(report.version)}</footer>
{_json_script("trace-data", {"viewers": data})}
<script>{script}</script>
</body>
</html>
"""
    return doc.encode("ascii", "xmlcharrefreplace").decode("ascii")
