"""Property sheets: `<Import>`s (conditional, relative, `exists`), Directory.Build.*,
the macros a sheet sees, and sheets that are missing, broken, cyclic or too deep."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.inputs import InputSet, collect_inputs
from ddiverify.inputs.msbuild_eval import MAX_IMPORT_DEPTH

MakeTree = Callable[[Mapping[str, str | bytes]], Path]
NS = 'xmlns="http://schemas.microsoft.com/developer/msbuild/2003"'
CONFIGURATIONS = (
    '<ItemGroup Label="ProjectConfigurations">'
    '<ProjectConfiguration Include="Win8.1 Debug|x64"/>'
    '<ProjectConfiguration Include="Win8.1 Release|x64"/>'
    '<ProjectConfiguration Include="Win8.1 Release|Win32"/>'
    "</ItemGroup>"
)


def project(body: str) -> str:
    return f'<?xml version="1.0" encoding="utf-8"?>\n<Project {NS}>{body}</Project>\n'


def sheet_defining(defines: str, extra: str = "") -> str:
    return project(
        f"{extra}<ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>"
        f"{defines};%(PreprocessorDefinitions)</PreprocessorDefinitions>"
        f"</ClCompile></ItemDefinitionGroup>"
    )


def defines_of(result: InputSet, name: str = "a.c") -> dict[str, str | None]:
    source = next(s for s in result.sources if s.path.name == name)
    return dict(source.defines)


def rendered(sink: DiagnosticSink) -> list[str]:
    return [item.render() for item in sink.items]


CONDITIONAL_IMPORTS = project(
    CONFIGURATIONS
    + '<Import Project="$(VCTargetsPath)\\Microsoft.Cpp.Default.props" />'
    + '<ImportGroup Label="PropertySheets" '
    "Condition=\"'$(Configuration)|$(Platform)'=='Win8.1 Release|x64'\">"
    '<Import Project="$(UserRootDir)\\Microsoft.Cpp.$(Platform).user.props" '
    "Condition=\"exists('$(UserRootDir)\\Microsoft.Cpp.$(Platform).user.props')\" />"
    '<Import Project="drv.props" /></ImportGroup>'
    + "<ImportGroup Condition=\"'$(Configuration)'=='Win8.1 Debug'\">"
    '<Import Project="debug.props" /></ImportGroup>'
    + '<Import Project="..\\shared\\common.props" Condition="exists(\'..\\shared\\common.props\')"/>'
    + '<Import Project="optional.props" Condition="exists(\'optional.props\')"/>'
    + '<ItemGroup><ClCompile Include="a.c"/></ItemGroup>'
    + '<Import Project="$(VCTargetsPath)\\Microsoft.Cpp.targets" />'
)


def test_conditional_import_gives_the_sheets_definitions(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    make_tree(
        {
            "drv/p.vcxproj": CONDITIONAL_IMPORTS,
            "drv/a.c": "",
            "drv/drv.props": sheet_defining("USE_STORPORT=1"),
            "drv/debug.props": sheet_defining("DBG=1"),
            "shared/common.props": sheet_defining("COMMON"),
        }
    )
    release = collect_inputs(
        ["drv/p.vcxproj"], configuration="Win8.1 Release", platform="x64", sink=sink
    )
    assert defines_of(release) == {"COMMON": None, "USE_STORPORT": "1"}
    debug = collect_inputs(
        ["drv/p.vcxproj"], configuration="Win8.1 Debug", platform="x64", sink=sink
    )
    assert defines_of(debug) == {"COMMON": None, "DBG": "1"}
    win32 = collect_inputs(
        ["drv/p.vcxproj"], configuration="Win8.1 Release", platform="Win32", sink=sink
    )
    assert defines_of(win32) == {"COMMON": None}
    # Toolset imports and exists()-guarded user sheets vanish without a word.
    assert rendered(sink) == []


def test_sheet_properties_and_this_file_directory(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    sheet = project(
        "<PropertyGroup><DrvInc>$(MSBuildThisFileDirectory)inc</DrvInc>"
        "<Flavour>$(Configuration)-$(Platform)</Flavour></PropertyGroup>"
        "<ItemDefinitionGroup><ClCompile><AdditionalIncludeDirectories>"
        "$(DrvInc);%(AdditionalIncludeDirectories)</AdditionalIncludeDirectories>"
        "</ClCompile></ItemDefinitionGroup>"
    )
    body = (
        CONFIGURATIONS + '<Import Project="..\\build\\paths.props"/>'
        '<ItemGroup><ClCompile Include="a.c"><PreprocessorDefinitions>'
        "FLAVOUR=$(Flavour);FROM=$(ProjectDir)</PreprocessorDefinitions>"
        "</ClCompile></ItemGroup>"
    )
    root = make_tree(
        {
            "drv/p.vcxproj": project(body),
            "drv/a.c": "",
            "build/paths.props": sheet,
            "build/inc/x.h": "",
        }
    )
    result = collect_inputs(["drv/p.vcxproj"], sink=sink)
    source = result.sources[0]
    assert source.include_dirs[0] == root / "build/inc"
    assert dict(source.defines) == {
        "FLAVOUR": "Win8.1 Release-x64",
        "FROM": (root / "drv").as_posix() + "/",
    }


def test_directory_build_props_and_targets(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    body = (
        CONFIGURATIONS + '<Import Project="$(VCTargetsPath)\\Microsoft.Cpp.Default.props"/>'
        '<ItemGroup><ClCompile Include="a.c"/></ItemGroup>'
        '<Import Project="$(VCTargetsPath)\\Microsoft.Cpp.targets"/>'
    )
    make_tree(
        {
            "repo/Directory.Build.props": sheet_defining("FROM_PROPS"),
            "repo/src/Directory.Build.props": sheet_defining("NEAREST"),
            "repo/src/Directory.Build.targets": sheet_defining("FROM_TARGETS"),
            "repo/src/drv/p.vcxproj": project(body),
            "repo/src/drv/a.c": "",
        }
    )
    result = collect_inputs(["repo/src/drv/p.vcxproj"], sink=sink)
    # Only the nearest Directory.Build.props is imported, as MSBuild does.
    assert defines_of(result) == {"NEAREST": None, "FROM_TARGETS": None}


def test_directory_build_props_can_be_turned_off(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    body = (
        "<PropertyGroup><ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>"
        '</PropertyGroup><Import Project="$(VCTargetsPath)\\Microsoft.Cpp.Default.props"/>'
        '<ItemGroup><ClCompile Include="a.c"/></ItemGroup>'
    )
    make_tree(
        {
            "Directory.Build.props": sheet_defining("FROM_PROPS"),
            "p.vcxproj": project(body),
            "a.c": "",
        }
    )
    assert defines_of(collect_inputs(["p.vcxproj"], sink=sink)) == {}


def test_missing_and_broken_sheets_are_warnings(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    body = (
        '<Import Project="gone.props"/><Import Project="broken.props"/>'
        '<Import Project="$(NotDefinedAnywhere)\\x.props"/>'
        '<Import Project="good.props"/><ItemGroup><ClCompile Include="a.c"/></ItemGroup>'
    )
    make_tree(
        {
            "p.vcxproj": project(body),
            "a.c": "",
            "broken.props": "<Project><oops>",
            "good.props": sheet_defining("GOOD"),
        }
    )
    result = collect_inputs(["p.vcxproj"], sink=sink)
    assert defines_of(result) == {"GOOD": None}
    assert rendered(sink) == [
        (
            "p.vcxproj: warning: property sheet 'gone.props' not found; the project is read "
            "without it"
        ),
        (
            "broken.props: warning: not a valid property sheet (XML error at line 1: no element "
            "found); the project is read without it"
        ),
        (
            "p.vcxproj: note: property sheet '$(NotDefinedAnywhere)\\x.props' not read: "
            "$(NotDefinedAnywhere) is not defined in the project"
        ),
    ]


def test_import_cycle_is_cut_and_double_import_ignored(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    make_tree(
        {
            "p.vcxproj": project(
                '<Import Project="a.props"/><Import Project="b.props"/>'
                '<ItemGroup><ClCompile Include="a.c"/></ItemGroup>'
            ),
            "a.c": "",
            "a.props": sheet_defining("A", '<Import Project="b.props"/>'),
            "b.props": sheet_defining("B", '<Import Project="a.props"/>'),
        }
    )
    result = collect_inputs(["p.vcxproj"], sink=sink)
    assert defines_of(result) == {"B": None, "A": None}
    assert rendered(sink) == [
        (
            "b.props: warning: property sheet a.props imports itself (through b.props); the "
            "cycle is cut there"
        )
    ]


def test_import_depth_is_bounded(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    depth = MAX_IMPORT_DEPTH + 5
    files: dict[str, str | bytes] = {
        f"s{n}.props": sheet_defining(f"S{n}", f'<Import Project="s{n + 1}.props"/>')
        for n in range(depth)
    }
    files["p.vcxproj"] = project(
        '<Import Project="s0.props"/><ItemGroup><ClCompile Include="a.c"/></ItemGroup>'
    )
    files["a.c"] = ""
    make_tree(files)
    result = collect_inputs(["p.vcxproj"], sink=sink)
    read = defines_of(result)
    assert "S0" in read and f"S{depth - 1}" not in read
    assert [line for line in rendered(sink) if "nested more than" in line] == [
        (
            f"s{MAX_IMPORT_DEPTH - 1}.props: warning: property sheets nested more than "
            f"{MAX_IMPORT_DEPTH} deep; s{MAX_IMPORT_DEPTH}.props not read"
        )
    ]


def test_target_version_gives_the_wdk_version_property(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    body = (
        CONFIGURATIONS + "<PropertyGroup Condition=\"'$(Configuration)'=='Win8.1 Release'\">"
        "<TargetVersion>WindowsV6.3</TargetVersion></PropertyGroup>"
        '<Import Project="v.props"/><ItemGroup><ClCompile Include="a.c"/></ItemGroup>'
    )
    make_tree(
        {
            "p.vcxproj": project(body),
            "a.c": "",
            "v.props": sheet_defining("_NT_TARGET_VERSION=$(WIN32_WINNT_VERSION)"),
        }
    )
    assert defines_of(collect_inputs(["p.vcxproj"], sink=sink)) == {"_NT_TARGET_VERSION": "0x0603"}
