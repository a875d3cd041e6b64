"""The whole frontend (preprocess, parse, lower) never raises, whatever C it is given."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.load import load_program
from ddiverify.inputs.collect import collect_inputs

SEED = r"""
#include <storport.h>
#define FREE(p) ExFreePoolWithTag((p), 'gaT')
typedef struct _EXT { KEVENT Ev; PVOID Buf[4]; HANDLE Key; } EXT, *PEXT;
HW_STARTIO MyStartIo;
static ULONG Helper(_In_ PEXT e, ULONG n) {
    ULONG i;
    for (i = 0; i < n && i < 4; i++) { if (e->Buf[i]) { FREE(e->Buf[i]); e->Buf[i] = NULL; } }
    switch (n) { case 1: KeSetEvent(&e->Ev, 0, FALSE); break; default: return n ? 1 : 0; }
    __try { n++; if (n > 3) __leave; } __finally { KeClearEvent(&e->Ev); }
    do { n--; } while (n > 0);
    return (n, i) + (e->Key != NULL ? 2 : 3);
}
BOOLEAN MyStartIo(PVOID DevExt, PSCSI_REQUEST_BLOCK Srb) {
    PEXT e = (PEXT)DevExt; goto out; out: return Helper(e, Srb->Lun) == 0;
}
"""

TOKENS = [
    "(",
    ")",
    "{",
    "}",
    ";",
    ",",
    "#",
    "\\\n",
    '"',
    "'",
    "/*",
    "*/",
    "//",
    "if",
    "else",
    "while",
    "goto x;",
    "x:",
    "case 1:",
    "default:",
    "__try",
    "__finally",
    "->",
    "&&",
    "?",
    ":",
    "=",
    "\n",
    "#if 1\n",
    "#endif\n",
    "[",
    "]",
    "sizeof",
    "__leave;",
    "return",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = SEED
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:pos] + draw(st.sampled_from(TOKENS)) + text[pos:]
        else:
            end = min(len(text), pos + draw(st.integers(1, 40)))
            text = text[:pos] + text[end:]
    return text


def _load(tmp: Path, text: str, name: str = "drv.c") -> None:
    f = tmp / name
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(f)], sink=sink), sink)
    for fn in program.functions.values():
        for b in fn.blocks:
            for s in b.successors():
                assert 0 <= s < len(fn.blocks)
        assert fn.loc.line >= 1


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated())
def test_mutated_driver_code(tmp_path: Path, text: str) -> None:
    _load(tmp_path, text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(list("{}()[];,#*&=<>!?:'\"\\/ \nabcxyz0123_") + TOKENS), max_size=120
    ).map("".join)
)
def test_random_text(tmp_path: Path, text: str) -> None:
    _load(tmp_path, text)
    _load(tmp_path, text, "drv.cpp")
