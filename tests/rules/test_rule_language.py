"""The rule language: the shipped rules load, schema 1 and 2 parse, and every mistake is
reported at its file:line:column with a close match."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddiverify.diagnostics import InputError
from ddiverify.rules.ast import EventKind, Query, RAbort, REnvQuery, RIf, VarKind
from ddiverify.rules.catalog import (
    DEFAULT_SETS,
    RECOMMENDED_SETS,
    load_catalog,
    load_models,
    resolve_rules,
)
from ddiverify.rules.parser import RuleFileError
from ddiverify.rules.validate import parse_file

GOOD_V1 = """
rule Tiny {
  version 1; sets Test; applies any; summary "s"; ddis Foo, Bar;
  state { set S; int n = 0; map M; }
  on call Foo(x) { if (x in S) { abort "twice: {x}"; } S += x; n += 1; }
  on return Bar(h) { if (result == STATUS_SUCCESS) { M[*h] = "open"; } }
  on exit entry HW_STARTIO { for (k in M) { if (M[k] == "open") { abort "leak {k}"; } } }
}
"""

GOOD_V2 = """
list Acquires = KeAcquireSpinLock, KeAcquireSpinLockRaiseToDpc;
template Held(acquire: calls, release: calls, what: text, reacquire: bool) {
  state { set Held; map Why of "by acquire", "by hand"; map Owner; }
  on call $acquire { if ($reacquire && lock in Held) { abort "$what {lock} acquired twice"; } }
  on return $acquire { Held += lock; Why[lock] = "by acquire"; Owner[lock] = irql; }
  on call $release { Held -= lock; }
}
rule Tiny2 {
  version 2; sets Test; applies any; summary "s";
  applicable @Acquires, role HW_STARTIO;
  use Held(acquire = [KeAcquireSpinLock(lock, _)], release = KeReleaseSpinLock(lock, _),
           what = "spin lock", reacquire = true);
  on entry HW_STARTIO, HW_BUILDIO {
    if (callback(HW_STARTIO) && !running(HW_INITIALIZE) && (irql & 3) << 1 >= DISPATCH_LEVEL * 2) {
      halt;
    }
  }
  on call @Acquires { if (storport_holds(InterruptLock) || may_acquire(DpcLock)) { halt; } }
}
"""


def test_shipped_rules_all_load() -> None:
    catalog = load_catalog()
    assert not catalog.errors, [str(e) for e in catalog.errors]
    assert catalog.rules
    for rule in catalog.rules:
        assert rule.summary and rule.description and rule.semantics, rule.name
        assert Path(rule.file).name == f"{rule.name}.rule", rule.file
        assert rule.version == 2, f"{rule.name} is still schema {rule.version}"


def test_every_rule_is_in_one_set() -> None:
    for rule in load_catalog().rules:
        assert len(rule.sets) == 1 and rule.sets[0] in RECOMMENDED_SETS, (rule.name, rule.sets)


def test_shipped_models_load() -> None:
    names = {n for m in load_models() for n in m.names}
    assert {
        "ZwOpenKey",
        "ZwCreateKey",
        "IoAllocateIrp",
        "ExAllocatePoolWithTag",
        "StorPortEnablePassiveInitialization",
    } <= names


def test_a_schema_1_rule_parses() -> None:
    rules, models = parse_file(GOOD_V1, "tiny.rule")
    assert models == []
    (rule,) = rules
    assert rule.name == "Tiny" and rule.sets == ("Test",) and rule.version == 1
    assert [h.event for h in rule.handlers] == [EventKind.CALL, EventKind.RETURN, EventKind.EXIT]
    assert rule.handlers[2].roles == ("HW_STARTIO",)
    assert rule.monitored_calls() == {"Foo", "Bar"}


def test_a_schema_2_rule_instantiates_its_template() -> None:
    (rule,), _ = parse_file(GOOD_V2, "tiny2.rule")
    assert rule.version == 2
    assert [v.name for v in rule.state] == ["Held", "Why", "Owner"]
    assert rule.state[1].kind is VarKind.MAP and rule.state[1].states == ("by acquire", "by hand")
    assert rule.applicable == ("KeAcquireSpinLock", "KeAcquireSpinLockRaiseToDpc")
    assert rule.applicable_roles == ("HW_STARTIO",)
    events = [(h.event, tuple(p.name for p in h.calls)) for h in rule.handlers]
    assert events == [
        (EventKind.CALL, ("KeAcquireSpinLock",)),
        (EventKind.RETURN, ("KeAcquireSpinLock",)),
        (EventKind.CALL, ("KeReleaseSpinLock",)),
        (EventKind.ENTRY, ()),
        (EventKind.CALL, ("KeAcquireSpinLock", "KeAcquireSpinLockRaiseToDpc")),
    ]
    abort = rule.handlers[0].body[0]
    assert isinstance(abort, RIf)
    assert "spin lock {lock} acquired twice" in str(abort.then)
    cond = rule.handlers[3].body[0]
    assert isinstance(cond, RIf) and "CALLBACK" in repr(cond.cond)
    assert any(isinstance(x, REnvQuery) and x.query is Query.RUNNING for x in _walk(cond.cond))


def _walk(x: object) -> list[object]:
    out = [x]
    if isinstance(x, tuple):
        for y in x:
            out += _walk(y)
    elif hasattr(x, "__dataclass_fields__"):
        for name in x.__dataclass_fields__:
            out += _walk(getattr(x, name))
    return out


HEAD1 = 'rule R {\n version 1; sets S; applies any; summary "s";\n'
HEAD2 = 'rule R {\n version 2; sets S; applies any; summary "s";\n'

# (text, line, column or 0 for "any", what the message must say)
ERRORS = [
    ('rule R { version 1; sets S; applies any; summary "s"; on call F( { } }', 1, 0, "syntax"),
    (HEAD1 + " on call KeSetEvent(x, _, _) { Missing += x; }\n}", 3, 32, "not a state variable"),
    ('rule R {\n version 3; sets S; applies any; summary "s";\n}', 1, 0, "version 3"),
    ('rule R {\n version 1; sets S; applies sometimes; summary "s";\n}', 1, 0, "applies"),
    ('rule R {\n version 1; applies any; summary "s";\n}', 1, 0, "no `sets`"),
    (HEAD1 + " on exit entry HW_NOPE { }\n}", 3, 0, "unknown role HW_NOPE"),
    (
        HEAD1 + " state { set S; }\n on call KeSetEvent(x, _, _) {\n  for (k in Nope) { }\n }\n}",
        5,
        3,
        "not a state variable",
    ),
    # the four mistakes that used to load without a word
    (HEAD1 + ' on call KeSetEvnet(e, _, _) { abort "x"; }\n}', 3, 10, "did you mean KeSetEvent?"),
    (
        HEAD1 + " on call StorPortNotification(t, _, _) {\n"
        '  if (t == RequestCompleet) { abort "x"; } }\n}',
        4,
        12,
        "did you mean RequestComplete?",
    ),
    (
        HEAD2 + ' state { map Keys of "open", "closed"; }\n'
        ' on call ZwClose(k) { Keys[k] = "opne"; }\n}',
        4,
        33,
        "did you mean open?",
    ),
    (
        HEAD1 + ' state { map Keys; }\n on call ZwClose(k) { Keys[k] = "open"; }\n'
        ' on call ZwFlushKey(k) { if (Keys[k] == "opne") { halt; } }\n}',
        5,
        41,
        "did you mean open?",
    ),
    (
        HEAD1 + ' on call KeSetEvent(event, _, _) { abort "set {evnt}"; }\n}',
        3,
        36,
        "placeholder {evnt}",
    ),
    (
        HEAD2 + " on call KeSetEvent(e, _, _) { if (result == 0) { halt; } }\n}",
        3,
        36,
        "`result` is only known",
    ),
    (
        HEAD2 + " on call KeSetEvent(e, _, _), KeClearEvent(f) { if (e == NULL) { halt; } }\n}",
        3,
        53,
        "not named by every call",
    ),
    (
        HEAD2 + " state { set S; }\n on call KeSetEvent(e, _, _) { if (S == 1) { halt; } }\n}",
        4,
        36,
        "is a set",
    ),
    (
        HEAD2 + " on entry HW_STARTIO { if (callback(HW_STRATIO)) { halt; } }\n}",
        3,
        28,
        "did you mean HW_STARTIO?",
    ),
    (HEAD2 + " on call @NoSuchList { halt; }\n}", 3, 10, "unknown DDI list @NoSuchList"),
    (HEAD2 + " use Nope(x = 1);\n}", 3, 2, "unknown template Nope"),
    (
        "template T(a: calls) { on call $a { halt; } }\n"
        + HEAD2
        + " use T(b = [KeSetEvent(e, _, _)]);\n}",
        4,
        8,
        "has no parameter `b`",
    ),
    (
        "template T(a: calls) { on call $a { halt; } }\n" + HEAD2 + " use T();\n}",
        4,
        2,
        "needs a (calls)",
    ),
    (
        "template T(a: calls) { on call $a { halt; } }\n" + HEAD2 + ' use T(a = "KeSetEvent");\n}',
        4,
        12,
        "calls parameter",
    ),
    (
        "template T(a: calls) { on call $a { if (x == NULL) { halt; } } }\n"
        + HEAD2
        + " use T(a = [KeSetEvent(e, _, _)]);\n}",
        1,
        41,
        "in template T, used at",
    ),
    ("template T(a: call) { }\n" + HEAD2 + "}", 1, 15, "did you mean calls?"),
    (
        "template T(a: calls) { use T(a = $a); }\n" + HEAD2 + " use T(a = []);\n}",
        1,
        0,
        "uses itself",
    ),
    (HEAD2 + " on call KeSetEvent(e, _, _) { x = 1; }\n}", 3, 32, "not a state variable"),
    (
        HEAD2 + " state { int n; }\n on call KeSetEvent(e, _, _) { n[e] = 1; }\n}",
        4,
        32,
        "does not apply to the int",
    ),
    (
        HEAD2 + ' on call KeSetEvent(e, _, _) { if (fresh("x") == e) { halt; } }\n}',
        3,
        36,
        "DDI model",
    ),
]


@pytest.mark.parametrize("text, line, col, fragment", ERRORS)
def test_rule_file_errors_name_file_line_and_column(
    text: str, line: int, col: int, fragment: str
) -> None:
    with pytest.raises(RuleFileError) as e:
        parse_file(text, "bad.rule")
    assert e.value.file == "bad.rule", str(e.value)
    assert (e.value.line, col or e.value.col) == (line, e.value.col), str(e.value)
    if col:
        assert e.value.col == col, str(e.value)
    assert fragment in str(e.value)


def test_model_errors() -> None:
    with pytest.raises(RuleFileError, match="a model can set"):
        parse_file("model KeFoo(x) { outcome { irqll = 1; } }", "m.ddi")
    with pytest.raises(RuleFileError, match="unknown name `Dispatch_Level`"):
        parse_file("model KeFoo(x) { outcome { irql = Dispatch_Level; } }", "m.ddi")


def _sets_of(names: list[str]) -> set[str]:
    catalog = load_catalog()
    out: set[str] = set()
    for n in names:
        rule = catalog.rule(n)
        assert rule is not None
        out |= set(rule.sets)
    return out


def test_rule_lists_resolve_from_the_catalogue() -> None:
    catalog = load_catalog()
    everything = [r.name for r in catalog.rules]
    assert resolve_rules("*", catalog) == everything
    assert resolve_rules("storportmsilock", catalog) == ["StorPortMSILock"]
    default = resolve_rules("Default", catalog)
    assert default == [r.name for r in catalog.rules if r.sets[0] in DEFAULT_SETS]
    assert _sets_of(default) <= set(DEFAULT_SETS)
    virtual = resolve_rules("/check:VirtualStorport.sdv", catalog)
    assert virtual and _sets_of(virtual) == {"VirtualStorport"}
    both = resolve_rules("Locking,DoubleKeSetEvent", catalog)
    assert both[-1] == "DoubleKeSetEvent" and _sets_of(both[:-1]) == {"Locking"}
    recommended = resolve_rules("Recommended", catalog)
    assert set(default) <= set(recommended)


def test_sdv_rule_list_file(tmp_path: Path) -> None:
    f = tmp_path / "Mine.sdv"
    f.write_text("# my rules\nDoubleKeSetEvent\nIoFreeIrp\n")
    assert resolve_rules(str(f), load_catalog()) == ["DoubleKeSetEvent", "IoFreeIrp"]


def test_unknown_rule_names_close_matches() -> None:
    with pytest.raises(InputError, match="DoubleKeSetEvent"):
        resolve_rules("DoubleKeSetEvnt", load_catalog())


# -- a user's own files -----------------------------------------------------------------


def test_user_rule_file_with_include_list_and_model(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "waits.txt").write_text("# waits\nKeWaitForSingleObject\n")
    (tmp_path / "lib" / "shared.rulelib").write_text(
        'list Waits = file "waits.txt";\n'
        'template NoWait(calls: calls) { on call $calls { abort "{call} waits"; } }\n'
    )
    (tmp_path / "mine.rule").write_text(
        'include "lib/shared.rulelib";\n'
        "model MyWait(...) { outcome { result = STATUS_SUCCESS; } }\n"
        'rule MyNoWait {\n version 2; sets Test; applies any; summary "s";\n'
        " use NoWait(calls = [@Waits, MyWait()]);\n}\n"
    )
    catalog = load_catalog((str(tmp_path / "mine.rule"),))
    assert not catalog.errors, [str(e) for e in catalog.errors]
    rule = catalog.rule("MyNoWait")
    assert rule is not None and rule.monitored_calls() == {"KeWaitForSingleObject", "MyWait"}
    assert catalog.user == ("MyNoWait",)
    assert "MyWait" in {n for m in catalog.models for n in m.names}


@pytest.mark.parametrize(
    "files, fragment",
    [
        ({"a.rule": 'include "b.rulelib";\n', "b.rulelib": 'include "a.rule";\n'}, "include cycle"),
        ({"a.rule": 'include "missing.rulelib";\n'}, "cannot include 'missing.rulelib'"),
        ({"a.rule": b"rule \xff\xfe {"}, "not UTF-8"),
        (
            {"a.rule": 'include "b.rulelib";\n', "b.rulelib": "rule X { version 2; }\n"},
            "an included file holds templates and lists only",
        ),
        ({"a.rule": 'list L = file "l.txt";\n', "l.txt": "Ke Set Event\n"}, "not a routine name"),
    ],
)
def test_broken_user_files_are_load_errors(
    tmp_path: Path, files: dict[str, str | bytes], fragment: str
) -> None:
    for name, content in files.items():
        p = tmp_path / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content)
    catalog = load_catalog((str(tmp_path / "a.rule"),))
    (err,) = catalog.errors
    assert err.name == "a" and fragment in err.reason, err.reason
    assert resolve_rules("a", catalog) == ["a"]


# -- dereferences, entry-point parameters, certainty and value origins -------------------

EVENTS_V2 = """
rule Events {
  version 2; sets Test; applies any; summary "s";
  state { set Open; int n = 0; }
  on entry HW_BUILDIO(_, srb), HW_STARTIO(_, srb) { Open += srb; }
  on exit entry HW_ADAPTER_CONTROL(_, control, _) {
    if (control == ScsiStopAdapter && result != 0) { abort "{entry}: {control} gave {result}"; }
  }
  on deref(p) {
    if (assigned_null(p) || (null_tested(p) && p == NULL) || p in Open) { abort "{p}"; }
  }
  on call StorPortNotification(type, _, timer, ...) {
    if (!driver_routine(timer) && certain(type == RequestTimerCall)) { n = 1; }
  }
}
"""


def test_deref_handlers_entry_parameters_and_queries_parse() -> None:
    (rule,), _ = parse_file(EVENTS_V2, "events.rule")
    kinds = [h.event for h in rule.handlers]
    assert kinds == [EventKind.ENTRY, EventKind.EXIT, EventKind.DEREF, EventKind.CALL]
    entry, exit_, deref, _ = rule.handlers
    assert entry.roles == ("HW_BUILDIO", "HW_STARTIO")
    assert entry.role_params == ((None, "srb"), (None, "srb"))
    assert exit_.role_params == ((None, "control", None),)
    assert deref.role_params == (("p",),)


EVENT_ERRORS = [
    (
        HEAD2 + " on call KeSetEvent(e, _, _) { if (null_tested(e)) { halt; } }\n}",
        3,
        36,
        "asks about the pointer of an `on deref(p)` handler",
    ),
    (HEAD2 + " on exit entry HW_BUILDIO(a, b, c) { halt; }\n}", 3, 0, "HW_BUILDIO has 2"),
    (
        HEAD2 + " on entry HW_BUILDIO(_, s), HW_STARTIO { halt; }\n}",
        3,
        0,
        "give every role of the handler its parameters",
    ),
    (HEAD2 + " on deref(_) { halt; }\n}", 3, 0, "names the pointer"),
    (HEAD2 + " on deref(p) { if (certain(p, p)) { halt; } }\n}", 3, 20, "takes one condition"),
    (HEAD2 + " on deref(p) { if (driver_routine()) { halt; } }\n}", 3, 20, "takes one value"),
    (HEAD2 + " on deref(p) { if (q == NULL) { halt; } }\n}", 3, 20, "unknown name `q`"),
    (
        HEAD2 + ' on call KeSetEvent(e, _, _) { abort "{result}"; }\n}',
        3,
        32,
        "placeholder {result} names nothing",
    ),
    (HEAD2.replace("version 2", "version 1") + " on deref(p) { halt; }\n}", 3, 0, "need version 2"),
    (
        HEAD2.replace("version 2", "version 1") + ' on call KeSetEvent(e, _, _) { report "x"; }\n}',
        3,
        32,
        "`report` needs version 2",
    ),
]


def test_report_goes_on_and_abort_ends() -> None:
    (rule,), _ = parse_file(
        HEAD2 + ' on call KeSetEvent(e, _, _) { report "r"; }\n'
        ' on call KeClearEvent(e) { abort "a"; }\n}',
        "r.rule",
    )
    report, abort = (h.body[0] for h in rule.handlers)
    assert isinstance(report, RAbort) and report.goes_on and report.message == "r"
    assert isinstance(abort, RAbort) and not abort.goes_on


@pytest.mark.parametrize("text, line, col, fragment", EVENT_ERRORS)
def test_event_errors_name_file_line_and_column(
    text: str, line: int, col: int, fragment: str
) -> None:
    with pytest.raises(RuleFileError) as e:
        parse_file(text, "bad.rule")
    assert e.value.line == line, str(e.value)
    if col:
        assert e.value.col == col, str(e.value)
    assert fragment in str(e.value)
