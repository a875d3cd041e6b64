"""The rule language: the shipped rules load, and mistakes are reported with their line."""

from __future__ import annotations

import pytest

from ddiverify.diagnostics import InputError
from ddiverify.rules.catalog import load_catalog, load_models, resolve_rules
from ddiverify.rules.parser import RuleFileError, parse_file

SEED_RULES = {"StorPortMSILock", "DoubleExFreePool", "DoubleKeSetEvent", "IoFreeIrp",
              "StorPortVirtualDevice", "StorPortVirtualDevice2", "WithinCriticalRegion",
              "ZwRegistryCreate", "ZwRegistryOpen"}

GOOD = """
rule Tiny {
  version 1; sets Test; applies any; summary "s";
  state { set S; int n = 0; map M; }
  on call Foo(x) { if (x in S) { abort "twice: {x}"; } S += x; n += 1; }
  on return Bar(h) { if (result == STATUS_SUCCESS) { M[*h] = "open"; } }
  on exit entry HW_STARTIO { for (k in M) { if (M[k] == "open") { abort "leak {k}"; } } }
}
"""


def test_shipped_rules_all_load() -> None:
    catalog = load_catalog()
    assert not catalog.errors
    assert {r.name for r in catalog.rules} == SEED_RULES
    for rule in catalog.rules:
        assert rule.summary and rule.description and rule.semantics, rule.name


def test_shipped_models_load() -> None:
    names = {n for m in load_models() for n in m.names}
    assert {"ZwOpenKey", "ZwCreateKey", "IoAllocateIrp", "ExAllocatePoolWithTag",
            "StorPortEnablePassiveInitialization"} <= names


def test_a_small_rule_parses() -> None:
    rules, models = parse_file(GOOD, "tiny.rule")
    assert models == []
    (rule,) = rules
    assert rule.name == "Tiny" and rule.sets == ("Test",)
    assert [h.event for h in rule.handlers] == ["call", "return", "exit"]
    assert rule.handlers[2].roles == ("HW_STARTIO",)
    assert rule.monitored_calls() == {"Foo", "Bar"}


@pytest.mark.parametrize("text, line, fragment", [
    ("rule R { version 1; sets S; applies any; summary \"s\"; on call F( { } }", 1, "syntax"),
    ("rule R {\n version 1; sets S; applies any; summary \"s\";\n on call F(x) { Missing += x; }\n}",
     3, "not a state variable"),
    ("rule R {\n version 2; sets S; applies any; summary \"s\";\n}", 1, "version 2"),
    ("rule R {\n version 1; sets S; applies sometimes; summary \"s\";\n}", 1, "applies"),
    ("rule R {\n version 1; applies any; summary \"s\";\n}", 1, "no `sets`"),
    ("rule R {\n version 1; sets S; applies any; summary \"s\";\n on exit entry HW_NOPE { }\n}",
     3, "unknown role"),
    ("rule R {\n version 1; sets S; applies any; summary \"s\";\n state { set S; }\n"
     " on call F(x) {\n  for (k in Nope) { }\n }\n}", 5, "not a state variable"),
])
def test_rule_file_errors_name_file_and_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(RuleFileError) as e:
        parse_file(text, "bad.rule")
    assert e.value.file == "bad.rule"
    assert e.value.line == line
    assert fragment in str(e.value)


@pytest.mark.parametrize("spec, expected", [
    ("StorPortMSILock", ["StorPortMSILock"]),
    ("storportmsilock", ["StorPortMSILock"]),
    ("/check:VirtualStorport.sdv", sorted(SEED_RULES - {"StorPortMSILock"})),
    ("Locking,DoubleKeSetEvent", ["StorPortMSILock", "DoubleKeSetEvent"]),
    ("*", sorted(SEED_RULES)),
    ("Default", sorted(SEED_RULES)),
])
def test_rule_lists_resolve(spec: str, expected: list[str]) -> None:
    assert resolve_rules(spec, load_catalog()) == expected


def test_sdv_rule_list_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "Mine.sdv"
    f.write_text("# my rules\nDoubleKeSetEvent\nIoFreeIrp\n")
    assert resolve_rules(str(f), load_catalog()) == ["DoubleKeSetEvent", "IoFreeIrp"]


def test_unknown_rule_names_close_matches() -> None:
    with pytest.raises(InputError, match="DoubleKeSetEvent"):
        resolve_rules("DoubleKeSetEvnt", load_catalog())
