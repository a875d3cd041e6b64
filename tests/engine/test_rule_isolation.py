"""One rule's failure is that rule's `error`; it never sinks the others."""

from __future__ import annotations

from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.engine import rulevm
from ddiverify.engine.check import check_rule
from ddiverify.frontend.load import load_program
from ddiverify.harness.discovery import discover
from ddiverify.inputs.collect import collect_inputs
from ddiverify.rules.catalog import load_catalog
from ddiverify.rules.parser import RuleFileError
from ddiverify.rules.validate import parse_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "virtual_miniport"

BROKEN = """
rule Broken {
  version 1; sets Test; applies any; summary "refers to a name nobody defines";
  on call KeSetEvent(e, _, _) { if (e == NoSuchConstant) { abort "never"; } }
}
"""


FAILING = """
rule Failing {
  version 2; sets Test; applies any; summary "its handler fails when it runs";
  on call KeSetEvent(e, _, _) { abort "never reached: the handler fails first"; }
}
"""


def test_unknown_name_is_a_load_error() -> None:
    try:
        parse_file(BROKEN, "broken.rule")
    except RuleFileError as e:
        assert e.line == 4 and "NoSuchConstant" in e.reason
    else:
        raise AssertionError("a rule naming an unknown constant loaded")


def test_failing_rule_is_error_and_others_go_on(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(EXAMPLE)], sink=sink), sink)
    model = discover(program)
    (failing,), _ = parse_file(FAILING, "failing.rule")
    original = rulevm.RuleVM.run

    def run(self, body, env, st, owner=""):  # type: ignore[no-untyped-def]
        if self.rule.name == "Failing":
            raise rulevm.RuleRuntimeError("failing.rule:4: the handler failed")
        return original(self, body, env, st, owner)

    monkeypatch.setattr(rulevm.RuleVM, "run", run)
    result = check_rule(failing, program, model, timeout=30)
    assert result.status == "error"
    assert "the handler failed" in result.reason
    good = load_catalog().rule("DoubleKeSetEvent")
    assert good is not None
    assert check_rule(good, program, model, timeout=30).status == "defect"
