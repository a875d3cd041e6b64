"""Code sections: `#pragma alloc_text` and `#pragma code_seg` place functions."""

from __future__ import annotations

from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.load import load_program
from ddiverify.frontend.pp_sections import parse_section_pragma
from ddiverify.inputs.collect import collect_inputs

DRIVER = """
VOID A(VOID);
#pragma alloc_text(PAGE, A)
#pragma code_seg("PAGEX")
VOID B(VOID) { }
#pragma code_seg()
VOID C(VOID) { }
#pragma code_seg(push, "PAGE")
VOID D(VOID) { }
#pragma code_seg(pop)
VOID E(VOID) { }
VOID A(VOID) { }
#if 0
#pragma code_seg("PAGE")
#endif
VOID F(VOID) { }
#pragma code_seg("PAGE")
#pragma alloc_text(INIT, G)
VOID G(VOID) { }
VOID H(VOID) { }
"""


def test_functions_get_the_section_their_pragmas_name(tmp_path: Path) -> None:
    (tmp_path / "drv.c").write_text(DRIVER)
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(tmp_path)], sink=sink), sink)
    got = {n: f.section for n, f in program.functions.items()}
    assert got == {
        "A": "PAGE",
        "B": "PAGEX",
        "C": "",
        "D": "PAGE",
        "E": "",
        "F": "",
        "G": "INIT",
        "H": "PAGE",
    }
    assert not sink.items


def test_other_pragmas_are_not_section_pragmas() -> None:
    assert parse_section_pragma(" warning(disable: 4201)", "f.c", 1) is None
    assert parse_section_pragma(" alloc_text(PAGE)", "f.c", 1) is None
    assert parse_section_pragma(" alloc_text(", "f.c", 1) is None
    seg = parse_section_pragma(' code_seg("PAGE")', "f.c", 3)
    assert seg is not None and seg.section == "PAGE" and seg.line == 3
