"""Liveness of local variables: which variables a block may still read.

Each case is a C function; a `// live: a, b` comment on a line says exactly which
variables are live on entry to the block that starts with that line's statement.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.load import load_program
from ddiverify.inputs.collect import collect_inputs
from ddiverify.ir.cfg import Block
from ddiverify.ir.liveness import liveness
from ddiverify.ir.program import Function

CASES = {
    "dead_after_last_use": """
int f(int a) {
    int x = a + 1;
    if (a > 2) {
        g(x);                       // live: x
    }
    return 0;                       // live:
}""",
    "overwritten_before_read": """
int f(int a) {
    int x = 1;
    if (a) {
        x = 2;                      // live:
    }
    return x;                       // live: x
}""",
    "loop_keeps_counter_live": """
int f(int n) {
    int i = 0;
    int s = 0;
    while (i < n) {                 // live: i, n, s
        s = s + i;
        i = i + 1;
    }
    return s;                       // live: s
}""",
    "address_taken_is_pinned": """
int f(int a) {
    int x = 0;
    int *p = &x;
    if (a) {
        *p = 3;                     // live: a, p, x
    }
    return a;                       // live: a, x
}""",
    "array_is_pinned": """
int f(int a) {
    char buf[4];
    char *p = buf;
    if (a) {
        p[0] = 1;                   // live: buf, p
    }
    return 0;                       // live: buf
}""",
    "store_through_pointer_reads_it": """
int f(int *p, int a) {
    if (a) {
        p[1] = a;                   // live: a, p
    }
    return 0;                       // live:
}""",
}


def _load(tmp_path: Path, name: str, text: str) -> Function:
    path = tmp_path / f"{name}.c"
    path.write_text(text.lstrip("\n"))
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(path)], sink=sink), sink)
    return program.functions["f"]


def _block_at(fn: Function, line: int) -> Block:
    """The block whose first statement (or terminator) is on `line`."""
    for b in fn.blocks:
        first = b.stmts[0].loc.line if b.stmts else getattr(b.term, "loc", None)
        first_line = first if isinstance(first, int) else getattr(first, "line", None)
        if first_line == line:
            return b
    raise AssertionError(f"no block starts at line {line}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_live_in(tmp_path: Path, name: str) -> None:
    text = CASES[name].lstrip("\n")
    fn = _load(tmp_path, name, text)
    live = liveness(fn)
    checked = 0
    for i, line in enumerate(text.splitlines(), start=1):
        if "// live:" not in line:
            continue
        want = {v.strip() for v in line.split("// live:")[1].split(",") if v.strip()}
        b = _block_at(fn, i)
        live_here = (live.live_in[b.id] | (live.pinned & live.variables)) - {"$ret"}
        got = {v for v in live_here if not v.startswith("$")}
        assert got == want, f"line {i}: live {sorted(got)}, expected {sorted(want)}"
        checked += 1
    assert checked
