"""collect_inputs: directory walks, single files, the command line's settings, errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs import Language, collect_inputs

MakeTree = Callable[[Mapping[str, str | bytes]], Path]

DRIVER = {
    "drv/miniport.c": '#include "inc/regs.h"\n',
    "drv/hw/io.cpp": "int io;\n",
    "drv/hw/dma.CC": "int dma;\n",
    "drv/inc/regs.h": "#define R 1\n",
    "drv/shared.hpp": "",
    "drv/notes.txt": "not code",
    "drv/.git/hooks/x.c": "",
    "drv/x64/Release/gen.c": "",
    "drv/Debug/old.c": "",
    "drv/objfre_win7_amd64/o.c": "",
    "drv/node_modules/n.c": "",
    "drv/__pycache__/p.c": "",
    "drv/ARM64/a.c": "",
}


def displays(paths: list[str], sink: DiagnosticSink) -> list[str]:
    result = collect_inputs(paths, sink=sink)
    return [source.display for source in result.sources]


def test_directory_walk_skips_build_and_tool_folders(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    make_tree(DRIVER)
    assert displays(["drv"], sink) == ["drv/hw/dma.CC", "drv/hw/io.cpp", "drv/miniport.c"]


def test_directory_units_have_languages_and_fallback_header_dirs(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    root = make_tree(DRIVER)
    result = collect_inputs(["drv"], include_dirs=["extra"], sink=sink)
    by_name = {source.path.name: source for source in result.sources}
    assert by_name["miniport.c"].language is Language.C
    assert by_name["io.cpp"].language is Language.CPP
    assert by_name["miniport.c"].path == root / "drv/miniport.c"
    # -I "extra" does not exist: warned and dropped; header folders come sorted.
    assert by_name["miniport.c"].include_dirs == (root / "drv", root / "drv/inc")
    assert result.roots == (root / "drv",)
    assert result.configuration is None
    assert any("-I extra: no such directory" in item.message for item in sink.items)


def test_explicit_include_dirs_come_before_fallback_dirs(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    root = make_tree({**DRIVER, "sdk/x.h": ""})
    result = collect_inputs(["drv"], include_dirs=["sdk", "sdk"], sink=sink)
    assert result.sources[0].include_dirs == (root / "sdk", root / "drv", root / "drv/inc")


def test_header_only_directory_makes_headers_the_units(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    make_tree({"lib/a.h": "", "lib/sub/b.hpp": "", "lib/readme.md": ""})
    result = collect_inputs(["lib"], sink=sink)
    assert [(s.display, s.language) for s in result.sources] == [
        ("lib/a.h", Language.C),
        ("lib/sub/b.hpp", Language.CPP),
    ]


def test_single_files_any_order_are_sorted_and_deduplicated(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    root = make_tree(DRIVER)
    paths = ["drv/miniport.c", "drv/inc/regs.h", str(root / "drv/miniport.c"), "drv"]
    assert displays(paths, sink) == [
        "drv/hw/dma.CC",
        "drv/hw/io.cpp",
        "drv/inc/regs.h",
        "drv/miniport.c",
    ]


def test_same_inputs_same_result(make_tree: MakeTree) -> None:
    make_tree(DRIVER)
    first = collect_inputs(["drv", "drv/inc/regs.h"], defines=["A=1"], sink=DiagnosticSink())
    second = collect_inputs(["drv", "drv/inc/regs.h"], defines=["A=1"], sink=DiagnosticSink())
    assert first == second


def test_unknown_extension_is_skipped_with_warning(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    make_tree(DRIVER)
    assert displays(["drv/notes.txt", "drv/miniport.c"], sink) == ["drv/miniport.c"]
    assert [item.render() for item in sink.items] == [
        (
            "drv/notes.txt: warning: not a C/C++ source, .vcxproj, WDK sources or dirs file or "
            "compile_commands.json; skipped"
        )
    ]


@pytest.mark.parametrize(
    ("files", "paths", "error"),
    [
        pytest.param(
            {}, ["nowhere"], "nowhere: no such file or directory; check the path", id="missing-path"
        ),
        pytest.param(
            {"docs/a.txt": ""},
            ["docs"],
            "no C/C++ sources found in docs; give a driver directory, source files, "
            "a .vcxproj, a WDK sources or dirs file or compile_commands.json",
            id="no-sources",
        ),
        pytest.param(
            {"a.txt": "", "empty/.keep": ""},
            ["a.txt", "empty"],
            "no C/C++ sources found in a.txt, empty;",
            id="only-unknown-files",
        ),
        pytest.param(
            {"d/Release/a.c": ""}, ["d"], "no C/C++ sources found in d;", id="only-build-output"
        ),
        pytest.param({"a.c": ""}, [], "no PATH given;", id="no-path"),
    ],
)
def test_input_errors(
    make_tree: MakeTree, sink: DiagnosticSink, files: dict[str, str], paths: list[str], error: str
) -> None:
    make_tree(files)
    with pytest.raises(InputError) as raised:
        collect_inputs(paths, sink=sink)
    message = str(raised.value)
    assert message.startswith(error) and "\n" not in message


def test_build_output_dir_given_explicitly_is_walked(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    make_tree({"Release/a.c": ""})
    assert displays(["Release"], sink) == ["Release/a.c"]


@pytest.mark.parametrize(
    ("defines", "undefines", "expected_defines", "expected_undefines"),
    [
        (["A", "B=2", "C="], [], (("A", None), ("B", "2"), ("C", "")), ()),
        (["A=1", "A=2"], [], (("A", "2"),), ()),
        (["A=1"], ["A", "DBG"], (), ("A", "DBG")),
        (["MAX(a,b)=((a)>(b)?(a):(b))"], [], (("MAX(a,b)", "((a)>(b)?(a):(b))"),), ()),
    ],
)
def test_command_line_macros(
    make_tree: MakeTree,
    sink: DiagnosticSink,
    defines: list[str],
    undefines: list[str],
    expected_defines: tuple[tuple[str, str | None], ...],
    expected_undefines: tuple[str, ...],
) -> None:
    make_tree({"a.c": ""})
    source = collect_inputs(["a.c"], defines=defines, undefines=undefines, sink=sink).sources[0]
    assert source.defines == expected_defines
    assert source.undefines == expected_undefines


@pytest.mark.parametrize(
    ("defines", "undefines", "error"),
    [
        (["1X"], [], "-D '1X': not a macro definition; use -D NAME or -D NAME=VALUE"),
        (["=3"], [], "-D '=3': not a macro definition"),
        ([], ["A=1"], "-U 'A=1': not a macro name; use -U NAME"),
    ],
)
def test_malformed_command_line_macros(
    make_tree: MakeTree, sink: DiagnosticSink, defines: list[str], undefines: list[str], error: str
) -> None:
    make_tree({"a.c": ""})
    with pytest.raises(InputError, match="^" + error.replace("(", r"\(")):
        collect_inputs(["a.c"], defines=defines, undefines=undefines, sink=sink)


def test_directory_is_read_through_its_project(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    project = '<Project><ItemGroup><ClCompile Include="a.c"/></ItemGroup></Project>'
    make_tree(
        {
            "drv/a.c": "",
            "drv/tool.c": "",
            "drv/drv.vcxproj": project,
            "drv/other.vcxproj": project,
            "drv/sources": "SOURCES=tool.c\n",
        }
    )
    result = collect_inputs(["drv"], sink=sink)
    assert [s.display for s in result.sources] == ["drv/a.c"]
    assert result.configuration == "Release|x64"
    assert [item.render() for item in sink.items] == [
        (
            "drv: note: analysed through drv.vcxproj, found in it (also there: other.vcxproj); "
            "give --no-project to analyse every source below it instead"
        )
    ]


def test_directory_without_vcxproj_uses_its_sources_file(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    make_tree({"drv/a.c": "", "drv/tool.c": "", "drv/sources": "SOURCES=a.c\n"})
    assert [s.display for s in collect_inputs(["drv"], sink=sink).sources] == ["drv/a.c"]
    every = collect_inputs(["drv"], use_projects=False, sink=DiagnosticSink())
    assert [s.display for s in every.sources] == ["drv/a.c", "drv/tool.c"]


def test_include_fallback_headers_cover_the_roots(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    root = make_tree(
        {"drv/sources": "SOURCES=a.c\n", "drv/a.c": "", "drv/inc/x.h": "", "elsewhere/y.h": ""}
    )
    assert collect_inputs(["drv"], sink=sink).tree_headers == (root / "drv/inc/x.h",)


def test_configuration_without_project_is_noted(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    make_tree({"a.c": ""})
    collect_inputs(["a.c"], configuration="Debug", sink=sink)
    assert "apply to .vcxproj inputs only" in sink.items[0].message


def test_path_outside_cwd_is_displayed_absolute(
    make_tree: MakeTree, sink: DiagnosticSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree({"src/a.c": "", "elsewhere/.keep": ""})
    monkeypatch.chdir(root / "elsewhere")
    assert displays([str(root / "src")], sink) == [str(root / "src/a.c")]


def test_same_path_twice_is_read_once(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    make_tree(
        {
            "p.vcxproj": "<Project><ItemGroup><ClCompile Include='a.c;gone.c'/>"
            "</ItemGroup></Project>",
            "a.c": "",
        }
    )
    result = collect_inputs(["p.vcxproj", "./p.vcxproj"], sink=sink)
    assert [s.display for s in result.sources] == ["a.c"]
    assert len(sink.items) == 1
