"""Unit tests of the annotation parser the driver tests rely on (tests/annotations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations import (
    AnnotationError,
    EntryExpectation,
    RuleExpectation,
    RuleMark,
    discover_drivers,
    function_name_on_line,
    load_driver,
    parse_source,
    read_source,
    rewrite_rule_marks,
)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("MyFindAdapter(", "MyFindAdapter"),
        ("ULONG MyFindAdapter(PVOID DeviceExtension,", "MyFindAdapter"),
        (
            "_Use_decl_annotations_ BOOLEAN MyStartIo(_In_ PVOID Ext, _In_ PSCSI_REQUEST_BLOCK Srb)",
            "MyStartIo",
        ),
        ("_IRQL_requires_max_(DISPATCH_LEVEL) VOID Helper(_In_reads_bytes_(n) PVOID p)", "Helper"),
        ('extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PVOID r)', "DriverEntry"),
        ("BOOLEAN Adapter::StartIo(PVOID e, PSCSI_REQUEST_BLOCK s)", "Adapter::StartIo"),
        ("BOOLEAN Adapter :: StartIo (PVOID e)", "Adapter::StartIo"),
        ("static BOOLEAN StartIo(PVOID e) // comment Other(", "StartIo"),
        ("if (x) { Foo(); }", "Foo"),
        ("HW_STARTIO MyStartIo;", None),
        ("// Foo(", None),
    ],
)
def test_function_name_on_line(line: str, name: str | None) -> None:
    assert function_name_on_line(line) == name


SOURCE = """\
// scan-args: -DUSE_MSI -I "inc dir"
// expect-kind: virtual
ULONG
VFindAdapter(   // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID a);
BOOLEAN Both(PVOID e) // expect-entry: HW_STARTIO by=role_type; HW_BUILDIO by=registration
{
    KeSetEvent(e, 0, FALSE); // expect: DoubleKeSetEvent, Other -- second set
    // expect@+1: ZwRegistryOpen
    return TRUE;
    x = 1; // ok: NullCheck // todo-expect: SpinLock
    y = 2; // todo-ok@-1: IoFreeIrp
}
VOID X(void) {} // expect-entry@+1: HW_TIMER by=registration fn=Adapter::Timer
VOID Adapter__Timer(void) {}
"""


def test_parse_source_collects_everything() -> None:
    parsed = parse_source(SOURCE, "d/x.c")
    assert parsed.entries == (
        EntryExpectation("VIRTUAL_HW_FIND_ADAPTER", "VFindAdapter", "d/x.c", 4, "registration"),
        EntryExpectation("HW_STARTIO", "Both", "d/x.c", 6, "role_type"),
        EntryExpectation("HW_BUILDIO", "Both", "d/x.c", 6, "registration"),
        EntryExpectation("HW_TIMER", "Adapter::Timer", "d/x.c", 15, "registration"),
    )
    assert [(k.value, k.line) for k in parsed.kinds] == [("virtual", 2)]
    assert [a.value for a in parsed.scan_args] == ['-DUSE_MSI -I "inc dir"']
    assert parsed.rules == (
        RuleExpectation(RuleMark.EXPECT, "DoubleKeSetEvent", "d/x.c", 8, 8, "second set"),
        RuleExpectation(RuleMark.EXPECT, "Other", "d/x.c", 8, 8, "second set"),
        RuleExpectation(RuleMark.EXPECT, "ZwRegistryOpen", "d/x.c", 10, 9),
        RuleExpectation(RuleMark.OK, "NullCheck", "d/x.c", 11, 11),
        RuleExpectation(RuleMark.TODO_EXPECT, "SpinLock", "d/x.c", 11, 11),
        RuleExpectation(RuleMark.TODO_OK, "IoFreeIrp", "d/x.c", 11, 12),
    )


def test_prose_comments_are_not_annotations() -> None:
    text = "// expected-warning: no\n// Okay: fine\n// expectations: none\n// note: x\n"
    parsed = parse_source(text, "a.c")
    assert not (parsed.entries or parsed.rules or parsed.kinds or parsed.errors)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("F( // expect-entry: HW_STARTIO", "by="),
        ("F( // expect-entry: HW_STARTIO by=guess", "by="),
        ("F( // expect-entry: HW_START_IO by=name", "unknown role"),
        ("F( // expect-entry: HW_STARTIO by=name color=red", "unknown option"),
        ("F( // expect-entry: HW_STARTIO by", "NAME=VALUE"),
        ("int x; // expect-entry: HW_STARTIO by=name", "no function name"),
        ("// expect-kind: hybrid", "kind must be"),
        ("x; // expect@+5: Rule", "leaves the file"),
        ("x; // expect: not a rule", "not a rule name"),
        ("x; // todo-ok:", "needs a rule name"),
        ("// expect-error:", "needs a text"),
        ("\n" * 20 + "// scan-args: -DX", "first 20 lines"),
    ],
)
def test_malformed_annotations_are_errors(text: str, message: str) -> None:
    with pytest.raises(AnnotationError, match=message):
        parse_source(text, "bad.c")


def test_read_source_tolerates_cp1252_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "x.c"
    path.write_bytes(b"// caf\xe9\r\nF( // expect-entry: HW_STARTIO by=name\r\n")
    text = read_source(path)
    assert parse_source(text, "x.c").entries[0].line == 2
    assert "\r" not in text


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_discover_and_load_directory_driver(tmp_path: Path) -> None:
    root = tmp_path / "drivers"
    _write(
        root,
        {
            "one.c": "// expect-kind: physical\nDriverEntry( // expect-entry: sp_DRIVER_INITIALIZE by=name\n",
            "notes.txt": "not a driver",
            "_include/shared.h": "",
            "proj/drv.vcxproj": "<Project/>",
            "proj/scan-args.txt": "-DDBG=1\n",
            "proj/src/a.c": "// expect-kind: virtual\n",
            "proj/inc/a.h": "BOOLEAN Io(  // expect-entry: HW_STARTIO by=role_type\n",
        },
    )
    assert [p.name for p in discover_drivers(root)] == ["one.c", "proj"]
    proj = load_driver(root / "proj", tmp_path)
    assert proj.name == "proj"
    assert proj.target == "drivers/proj/drv.vcxproj"
    assert proj.files == ("drivers/proj/inc/a.h", "drivers/proj/src/a.c")
    assert proj.scan_args == ("-DDBG=1",)
    assert proj.kind == "virtual"
    assert proj.entries == (
        EntryExpectation("HW_STARTIO", "Io", "drivers/proj/inc/a.h", 1, "role_type"),
    )
    one = load_driver(root / "one.c", tmp_path)
    assert (one.name, one.target, one.kind, one.error) == ("one", "drivers/one.c", "physical", None)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.c": "int x;\n"}, "no expect-kind"),
        (
            {"a.c": "// expect-kind: physical\n", "b.c": "// expect-kind: virtual\n"},
            "expect-kind given more than once",
        ),
        (
            {"a.c": "// expect-kind: physical\n// scan-args: -DX\n", "scan-args.txt": "-DY"},
            "scan-args given more than once",
        ),
        (
            {"a.c": "// expect-error: boom\nF( // expect-entry: HW_STARTIO by=name\n"},
            "expect-error with expect-entry",
        ),
        (
            {
                "a.c": "// expect-kind: physical\nF( // expect-entry: HW_STARTIO by=name"
                " // expect-entry: HW_STARTIO by=name\n"
            },
            "annotated twice",
        ),
    ],
)
def test_inconsistent_drivers_are_errors(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    _write(tmp_path / "d", files)
    with pytest.raises(AnnotationError, match=message):
        load_driver(tmp_path / "d", tmp_path)


def test_error_driver_needs_no_kind(tmp_path: Path) -> None:
    _write(tmp_path / "d", {"a.c": "// expect-error: no entry point\n"})
    loaded = load_driver(tmp_path / "d", tmp_path)
    assert (loaded.error, loaded.kind, loaded.entries) == ("no entry point", None, ())


def test_a_quoted_note_is_a_message_check() -> None:
    parsed = parse_source(
        'x; // expect: DoubleKeSetEvent -- "called twice on &Ext->Done"\n'
        "y; // expect: IoFreeIrp -- freed twice\n",
        "a.c",
    )
    assert [(r.rule, r.message, r.note) for r in parsed.rules] == [
        ("DoubleKeSetEvent", "called twice on &Ext->Done", '"called twice on &Ext->Done"'),
        ("IoFreeIrp", None, "freed twice"),
    ]


HEADER = """\
// check-rules: DoubleKeSetEvent, SpinLock
// expect-status: DoubleKeSetEvent=defect, SpinLock=pass
// check-args: -DFOO "-I inc dir"
// expect-kind: physical
"""


def test_the_rule_header_is_parsed_with_the_marks(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.c").write_text(HEADER)
    (tmp_path / "d" / "b.h").write_text(
        "// check-rules: SpinLock, IoFreeIrp\n// expect-status: SpinLock=defect\n"
    )
    ann = load_driver(tmp_path / "d", tmp_path)
    assert ann.check_rules == ("DoubleKeSetEvent", "SpinLock", "IoFreeIrp")
    assert dict(ann.statuses) == {"DoubleKeSetEvent": "defect", "SpinLock": "defect"}
    assert ann.check_args == ("-DFOO", "-I inc dir")


def test_a_malformed_status_is_an_error() -> None:
    with pytest.raises(AnnotationError, match=r"a\.c:1: expected RULE=STATUS"):
        parse_source("// expect-status: DoubleKeSetEvent\n", "a.c")


def test_the_roles_come_from_the_harness_data() -> None:
    from annotations import ROLES
    from ddiverify.knowledge.roles import all_roles

    assert all_roles() == ROLES
    with pytest.raises(AnnotationError, match="unknown role 'HW_STARTIOO'"):
        parse_source("BOOLEAN S(PVOID e) // expect-entry: HW_STARTIOO by=role_type\n", "a.c")


# (source before, defects reported as (rule, line), source after)
REWRITES = [
    ("a; // expect: R\nb;\n", {("R", 1)}, "a; // expect: R\nb;\n"),
    ("a; // expect: R -- gone\nb;\n", set(), "a;\nb;\n"),
    ("a; // expect: R, S\n", {("S", 1)}, "a; // expect: S\n"),
    ("a;\nb;\n", {("R", 2)}, "a;\nb;  // expect: R\n"),
    ("a; // todo-expect: R\n", {("R", 1)}, "a; // expect: R\n"),
    ("a; // todo-expect: R\n", set(), "a; // todo-expect: R\n"),
    ("a; // todo-ok: R\n", set(), "a; // ok: R\n"),
    ("a; // ok: R\n", {("R", 1)}, "a; // expect: R\n"),
    ("// expect@+1: R\nreturn 0;\n", set(), "\nreturn 0;\n"),
    ("// expect@+1: R\nreturn 0;\n", {("R", 2)}, "// expect@+1: R\nreturn 0;\n"),
    ('a; // expect: R -- "msg" // ok: S\n', set(), "a; // ok: S\n"),
    ("a; //expect:R   \n", {("R", 1)}, "a; //expect:R   \n"),
    (
        "// expect-kind: virtual\n// check-rules: R\na;\n",
        {("R", 3)},
        "// expect-kind: virtual\n// check-rules: R\na;  // expect: R\n",
    ),
]


@pytest.mark.parametrize(("before", "reported", "after"), REWRITES)
def test_rewrite_rule_marks(before: str, reported: set[tuple[str, int]], after: str) -> None:
    found = dict.fromkeys(reported, "a message")
    assert rewrite_rule_marks(before, found) == after
    # The rewritten marks are what the report says: rewriting again changes nothing.
    assert rewrite_rule_marks(after, found) == after
    expected = {
        (r.rule, r.line)
        for r in parse_source(after, "a.c").rules
        if r.mark in (RuleMark.EXPECT, RuleMark.TODO_OK)
    }
    assert expected == set(reported)
