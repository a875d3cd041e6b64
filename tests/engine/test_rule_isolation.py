"""One rule's failure is that rule's `error`; it never sinks the others."""

from __future__ import annotations

from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.engine.check import check_rule
from ddiverify.frontend.load import load_program
from ddiverify.harness.discovery import discover
from ddiverify.inputs.collect import collect_inputs
from ddiverify.rules.catalog import load_catalog
from ddiverify.rules.parser import parse_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "virtual_miniport"

BROKEN = """
rule Broken {
  version 1; sets Test; applies any; summary "refers to a name nobody defines";
  on call KeSetEvent(e, _, _) { if (e == NoSuchConstant) { abort "never"; } }
}
"""


def test_broken_rule_is_error_and_others_go_on() -> None:
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(EXAMPLE)], sink=sink), sink)
    model = discover(program)
    (broken,), _ = parse_file(BROKEN, "broken.rule")
    result = check_rule(broken, program, model, timeout=30)
    assert result.status == "error"
    assert "NoSuchConstant" in result.reason
    good = load_catalog().rule("DoubleKeSetEvent")
    assert good is not None
    assert check_rule(good, program, model, timeout=30).status == "defect"
