"""compile_commands.json: argument and command forms, GCC and MSVC flags, bad databases."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs import Language, collect_inputs
from ddiverify.inputs.compile_db import is_msvc_driver, parse_flags, split_command

MakeTree = Callable[[Mapping[str, str | bytes]], Path]
TREE: dict[str, str | bytes] = {
    "src/a.c": "",
    "src/b.c": "",
    "src/c.cpp": "",
    "inc/x.h": "",
    "sdk/y.h": "",
    "build/.keep": "",
}


def database(entries: list[dict[str, object]]) -> str:
    return json.dumps(entries)


@pytest.mark.parametrize(
    ("entry", "defines", "undefines", "dirs"),
    [
        pytest.param(
            {
                "arguments": [
                    "gcc",
                    "-I../inc",
                    "-isystem",
                    "../sdk",
                    "-DA",
                    "-DB=1",
                    "-D",
                    "C=",
                    "-UX",
                    "-c",
                    "../src/a.c",
                ]
            },
            (("A", None), ("B", "1"), ("C", "")),
            ("X",),
            ["inc", "sdk"],
            id="gcc-arguments",
        ),
        pytest.param(
            {"command": "clang -I ../inc -D'MSG=\"hi there\"' -U X -c ../src/a.c"},
            (("MSG", '"hi there"'),),
            ("X",),
            ["inc"],
            id="posix-command",
        ),
        pytest.param(
            {
                "command": "cl.exe /nologo /I..\\inc /I ..\\sdk /DA /D B=1 /DC#2 -DD "
                "/UX /U Y /c ..\\src\\a.c"
            },
            (("A", None), ("B", "1"), ("C", "2"), ("D", None)),
            ("X", "Y"),
            ["inc", "sdk"],
            id="msvc-command",
        ),
        pytest.param(
            {
                "arguments": [
                    "ccache",
                    "clang-cl",
                    "/external:I",
                    "../sdk",
                    "-I../inc",
                    "/Users/me/a.c",
                    "/DOK",
                    "/link",
                    "/DEBUG",
                ]
            },
            (("OK", None),),
            (),
            ["sdk", "inc"],
            id="clang-cl-behind-ccache",
        ),
        pytest.param(
            {
                "arguments": [
                    "gcc",
                    "-o",
                    "-DNOT_A_DEFINE",
                    "-DA=1",
                    "-DA=2",
                    "-UA",
                    "-DA=3",
                    "../src/a.c",
                ]
            },
            (("A", "3"),),
            (),
            [],
            id="last-wins-and-skipped-values",
        ),
    ],
)
def test_flags(
    make_tree: MakeTree,
    sink: DiagnosticSink,
    entry: dict[str, object],
    defines: tuple[tuple[str, str | None], ...],
    undefines: tuple[str, ...],
    dirs: list[str],
) -> None:
    root = make_tree(TREE)
    full = {"directory": str(root / "build"), "file": "../src/a.c", **entry}
    make_tree({"build/compile_commands.json": database([full])})
    source = collect_inputs(["build/compile_commands.json"], sink=sink).sources[0]
    assert source.display == "src/a.c"
    assert source.defines == defines
    assert source.undefines == undefines
    assert source.include_dirs == tuple(root / d for d in dirs)


def test_entries_missing_duplicates_notes_and_language(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    root = make_tree(TREE)
    entries: list[dict[str, object]] = [
        {
            "directory": ".",
            "file": "../src/a.c",
            "arguments": [
                "cc",
                "-include",
                "pre.h",
                "@flags.rsp",
                "-x",
                "c++",
                "-I",
                "nope",
                "../src/a.c",
            ],
        },
        {"directory": ".", "file": "../src/a.c", "arguments": ["cc", "-DSECOND"]},
        {"directory": str(root / "src"), "file": "c.cpp", "command": "c++ /TC c.cpp"},
        {"directory": ".", "file": "../src/gone.c", "arguments": ["cc"]},
    ]
    make_tree({"build/cdb.json": database(entries)})
    result = collect_inputs(["build/cdb.json"], defines=["USER"], sink=sink)
    assert [(s.display, s.language, s.defines) for s in result.sources] == [
        ("src/a.c", Language.CPP, (("USER", None),)),
        ("src/c.cpp", Language.CPP, (("USER", None),)),  # /TC is MSVC-only: cc ignores it
    ]
    assert result.roots == (root / "build",)
    assert [item.render() for item in sink.items] == [
        "build/cdb.json: note: forced include (-include) is not supported; ignored",
        "build/cdb.json: note: response file @flags.rsp is not read; its flags are ignored",
        "build/cdb.json: note: include directory nope not found; ignored",
        "build/cdb.json: note: a.c has several entries; using the first",
        "build/cdb.json: warning: ../src/gone.c: listed but not found; skipped",
    ]


def test_many_missing_files_are_summarised(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    entries: list[dict[str, object]] = [
        {"directory": "/nowhere", "file": f"f{n}.c", "arguments": ["cc"]} for n in range(8)
    ]
    make_tree({"a.c": "", "cdb.json": database(entries)})
    collect_inputs(["cdb.json", "a.c"], sink=sink)
    assert len(sink.items) == 6
    assert sink.items[-1].message == "3 more listed files not found; skipped"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param(
            "[{",
            "cdb.json: not a valid compilation database (JSON error at line 1: "
            "Expecting property name enclosed in double quotes)",
            id="bad-json",
        ),
        pytest.param(
            '{"file": "a.c"}',
            "cdb.json: not a valid compilation database; expected a "
            'list of {"directory", "file", "arguments" or "command"} objects',
            id="not-a-list",
        ),
        pytest.param(
            '[{"directory": ".", "file": "a.c"}]',
            'cdb.json: not a valid compilation database (entry 0: neither "arguments" '
            'nor "command" given);',
            id="no-command",
        ),
        pytest.param(
            '[{"directory": ".", "file": "a.c", "arguments": "cc a.c"}]',
            'cdb.json: not a valid compilation database (entry 0: "arguments" is not a '
            "list of strings);",
            id="arguments-not-list",
        ),
        pytest.param(
            '[{"directory": ".", "command": "cc"}, 3]',
            'cdb.json: not a valid compilation database (entry 0: "file" missing',
            id="no-file",
        ),
        pytest.param("[]", "no C/C++ sources found in cdb.json;", id="empty"),
    ],
)
def test_malformed_database(
    make_tree: MakeTree, sink: DiagnosticSink, text: str, error: str
) -> None:
    make_tree({"cdb.json": text})
    with pytest.raises(InputError) as raised:
        collect_inputs(["cdb.json"], sink=sink)
    assert str(raised.value).startswith(error) and "\n" not in str(raised.value)


def test_unbalanced_quote_drops_flags_with_warning(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    make_tree(
        {
            "a.c": "",
            "cdb.json": database([{"directory": ".", "file": "a.c", "command": "cc -DA 'a.c"}]),
        }
    )
    source = collect_inputs(["cdb.json"], sink=sink).sources[0]
    assert source.defines == ()
    assert "cannot be split" in sink.items[0].message


@pytest.mark.parametrize(
    ("command", "arguments"),
    [
        ("cc -I inc 'a b.c'", ["cc", "-I", "inc", "a b.c"]),
        (
            r'"C:\Program Files\cl.exe" /IC:\src\inc /D"X=\"1\"" C:\src\a.c',
            [r"C:\Program Files\cl.exe", r"/IC:\src\inc", '/DX="1"', r"C:\src\a.c"],
        ),
        (r'cl /I "dir with\\" /DY a.c', ["cl", "/I", "dir with\\", "/DY", "a.c"]),
    ],
)
def test_split_command(command: str, arguments: list[str]) -> None:
    assert split_command(command) == arguments


@pytest.mark.parametrize(
    ("arguments", "msvc"),
    [
        (["cl.exe"], True),
        (["C:\\VS\\bin\\CL.EXE"], True),
        (["clang-cl"], True),
        (["sccache", "cl"], True),
        (["gcc"], False),
        (["ccache", "gcc"], False),
        ([], False),
    ],
)
def test_is_msvc_driver(arguments: list[str], msvc: bool) -> None:
    assert is_msvc_driver(arguments) is msvc


def test_gcc_does_not_read_slash_paths_as_flags(tmp_path: Path) -> None:
    flags = parse_flags(["gcc", "/Users/me/a.c", "/Dx/y.c", "-I", str(tmp_path)], tmp_path)
    assert flags.macro_ops == [] and flags.include_dirs == [tmp_path]
