"""Visual Studio projects: configurations, conditions, metadata, and unsafe or broken XML."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs import InputSet, SourceFile, collect_inputs
from ddiverify.inputs.vcxproj import ProjectConfiguration, choose_configuration

MakeTree = Callable[[Mapping[str, str | bytes]], Path]
SAMPLE = (Path(__file__).parent / "data" / "sample.vcxproj").read_text(encoding="utf-8")
SAMPLE_TREE: dict[str, str | bytes] = {
    "drv/sample.vcxproj": SAMPLE,
    "drv/miniport.c": "",
    "drv/src/hwinit.c": "",  # the project says HwInit.C: found ignoring case
    "drv/src/debugdump.c": "",
    "drv/src/perf.c": "",
    "drv/src/cpp_helpers.cpp": "",
    "drv/src/standalone.c": "",
    "drv/src/x86/a.c": "",
    "drv/src/x86/b.c": "",
    "drv/inc/regs.h": "",
    "drv/trace/dbg/t.h": "",
    "drv/trace/rel/t.h": "",
    "common/inc/c.h": "",
}


def load(
    make_tree: MakeTree,
    sink: DiagnosticSink,
    configuration: str | None = None,
    platform: str | None = None,
    defines: tuple[str, ...] = (),
) -> InputSet:
    make_tree(SAMPLE_TREE)
    return collect_inputs(
        ["drv/sample.vcxproj"],
        configuration=configuration,
        platform=platform,
        defines=defines,
        sink=sink,
    )


def by_name(result: InputSet) -> dict[str, SourceFile]:
    return {source.path.name: source for source in result.sources}


@pytest.mark.parametrize(
    ("configuration", "platform", "label", "files"),
    [
        pytest.param(
            None,
            None,
            "Release|x64",
            ["cpp_helpers.cpp", "hwinit.c", "miniport.c", "standalone.c"],
            id="default",
        ),
        pytest.param(
            "Debug",
            None,
            "Debug|x64",
            ["cpp_helpers.cpp", "debugdump.c", "hwinit.c", "miniport.c", "perf.c", "standalone.c"],
            id="debug",
        ),
        pytest.param(
            "release",
            "x86",
            "Release|Win32",
            ["a.c", "b.c", "cpp_helpers.cpp", "hwinit.c", "miniport.c", "perf.c", "standalone.c"],
            id="release-win32-by-alias",
        ),
        pytest.param(
            None,
            "Win32",
            "Release|Win32",
            ["a.c", "b.c", "cpp_helpers.cpp", "hwinit.c", "miniport.c", "perf.c", "standalone.c"],
            id="platform-only",
        ),
    ],
)
def test_configuration_selects_items(
    make_tree: MakeTree,
    sink: DiagnosticSink,
    configuration: str | None,
    platform: str | None,
    label: str,
    files: list[str],
) -> None:
    result = load(make_tree, sink, configuration, platform)
    assert result.configuration == label
    assert sorted(by_name(result)) == files
    assert [s.display for s in result.sources] == sorted(s.display for s in result.sources)


def test_release_defines_includes_and_undefines(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    result = load(make_tree, sink, defines=("EXTRA=1", "MINIPORT=0"))
    root = Path.cwd()
    unit = by_name(result)["miniport.c"]
    # Project order (definition groups prepend/append as written), then -D; -D wins.
    assert unit.defines == (("NDEBUG", None), ("EXTRA", "1"), ("MINIPORT", "0"))
    assert unit.undefines == ("VERBOSE",)
    assert unit.include_dirs == (root / "drv/inc", root / "common/inc", root / "drv/trace/rel")
    assert result.roots == (root / "drv",)


def test_debug_defines_and_includes(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    unit = by_name(load(make_tree, sink, configuration="Debug", platform="x64"))["miniport.c"]
    assert unit.defines == (("DBG", "1"), ("MINIPORT", None))
    assert unit.undefines == ()
    assert unit.include_dirs[-1] == Path.cwd() / "drv/trace/dbg"


def test_item_metadata_overrides(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    units = by_name(load(make_tree, sink))
    helpers = units["cpp_helpers.cpp"]
    assert helpers.defines[0] == ("HELPERS", "2") and ("MINIPORT", None) in helpers.defines
    assert helpers.language.value == "c"  # CompileAs overrides the extension
    standalone = units["standalone.c"]  # no %(...) inherit: the item's own values only
    assert standalone.defines == (("ONLY_THIS", None),)
    assert standalone.include_dirs == (Path.cwd() / "drv/inc",)


def test_unknown_macros_are_noted_and_toolset_dirs_vanish(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    load(make_tree, sink)
    rendered = [item.render() for item in sink.items]
    assert (
        "drv/sample.vcxproj: note: preprocessor definition "
        "'_WIN32_WINNT=$(WIN32_WINNT_VERSION)' dropped: $(WIN32_WINNT_VERSION) is not "
        "defined in the project"
    ) in rendered
    assert (
        "drv/sample.vcxproj: note: include directory '$(MyMissingDir)\\x' dropped: "
        "$(MyMissingDir) is not defined in the project"
    ) in rendered
    assert not any("DDK_INC_PATH" in line for line in rendered)
    assert len(rendered) == len(set(rendered)) == 2


@pytest.mark.parametrize(
    ("configuration", "platform", "error"),
    [
        (
            "Checked",
            None,
            (
                "drv/sample.vcxproj: configuration 'Checked' is not in the project; available: "
                "Debug|Win32, Debug|x64, Release|Win32, Release|x64 (choose with "
                "--configuration/--platform)"
            ),
        ),
        (
            "Debug",
            "ARM64",
            "drv/sample.vcxproj: configuration 'Debug|ARM64' is not in the project;",
        ),
    ],
)
def test_unknown_configuration(
    make_tree: MakeTree, sink: DiagnosticSink, configuration: str, platform: str | None, error: str
) -> None:
    with pytest.raises(InputError) as raised:
        load(make_tree, sink, configuration, platform)
    assert str(raised.value).startswith(error)


HEADER = '<?xml version="1.0" encoding="utf-8"?>\n'
NS = 'xmlns="http://schemas.microsoft.com/developer/msbuild/2003"'
LAUGHS = (
    HEADER + '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
    f'<Project {NS}><ItemGroup><ClCompile Include="&lol2;.c"/></ItemGroup></Project>\n'
)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param(
            HEADER + f"<Project {NS}>\n  <ItemGroup>\n</Project>\n",
            "p.vcxproj: not a valid Visual Studio project (XML error at line 4: mismatched tag)",
            id="mismatched-tag",
        ),
        pytest.param(
            "",
            "p.vcxproj: not a valid Visual Studio project (XML error at line 1: no element found)",
            id="empty",
        ),
        pytest.param(
            LAUGHS,
            "p.vcxproj: not a valid Visual Studio project (XML error at line 2: "
            "document type declarations (DTD) are not allowed)",
            id="billion-laughs",
        ),
        pytest.param(
            HEADER + "<Solution/>",
            "p.vcxproj: not a valid Visual Studio project (the root element is "
            "<Solution>, expected an MSBuild <Project>)",
            id="wrong-root",
        ),
        pytest.param(
            HEADER + '<Project xmlns="urn:other"/>',
            "p.vcxproj: not a valid Visual Studio project (the root element is "
            "<Project>, expected an MSBuild <Project>)",
            id="wrong-namespace",
        ),
    ],
)
def test_broken_or_unsafe_project(
    make_tree: MakeTree, sink: DiagnosticSink, text: str, error: str
) -> None:
    make_tree({"p.vcxproj": text})
    with pytest.raises(InputError) as raised:
        collect_inputs(["p.vcxproj"], sink=sink)
    assert str(raised.value) == error


def test_entity_without_dtd_check_is_still_refused(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    # An internal subset with only an entity: refused whatever the DTD setting.
    text = f'<!DOCTYPE p [<!ENTITY e "x">]><Project {NS}/>'
    make_tree({"p.vcxproj": text})
    with pytest.raises(InputError, match="not a valid Visual Studio project"):
        collect_inputs(["p.vcxproj"], sink=sink)


def project(items: str, extra: str = "") -> str:
    return f"{HEADER}<Project {NS}>{extra}\n<ItemGroup>\n{items}\n</ItemGroup>\n</Project>\n"


def test_no_namespace_wildcards_exclude_and_missing_items(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    text = (
        "<Project><ItemGroup>"
        '<ClCompile Include="src\\**\\*.c" Exclude="src\\skip.c"/>'
        '<ClCompile Include="gone.c;one.c"/>'
        "</ItemGroup></Project>"
    )
    make_tree({"p.vcxproj": text, "one.c": "", "src/a.c": "", "src/skip.c": "", "src/deep/b.c": ""})
    result = collect_inputs(["p.vcxproj"], sink=sink)
    assert [s.display for s in result.sources] == ["one.c", "src/a.c", "src/deep/b.c"]
    assert result.configuration == "Release|x64"  # no ProjectConfiguration items
    assert [item.render() for item in sink.items] == [
        "p.vcxproj: warning: ClCompile item 'gone.c' not found; skipped"
    ]


@pytest.mark.parametrize(
    ("condition", "included"),
    [
        ("'$(Configuration)|$(Platform)'=='Release|x64'", True),
        ("'$(Configuration)|$(Platform)' == 'debug|x64'", False),
        ("'$(Configuration)'=='Release' and '$(Platform)'=='Win32'", False),
        ("'$(Configuration)'=='Debug' or '$(Platform)'=='X64'", True),
        ("!('$(Configuration)'=='Debug')", True),
        ("Exists('a.c')", True),
        ("!Exists('$(ProjectDir)missing.h')", True),
        ("'$(UndefinedThing)'=='x'", True),  # not understood: assumed true, with a note
        ("$(VisualStudioVersion) >= 16", True),
    ],
)
def test_item_conditions(
    make_tree: MakeTree, sink: DiagnosticSink, condition: str, included: bool
) -> None:
    items = f'<ClCompile Include="a.c" Condition="{condition}"/><ClCompile Include="b.c"/>'
    make_tree({"p.vcxproj": project(items), "a.c": "", "b.c": ""})
    result = collect_inputs(["p.vcxproj"], sink=sink)
    assert ("a.c" in [s.display for s in result.sources]) == included


def test_unknown_condition_is_noted_once(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    items = (
        "<ClCompile Include=\"a.c\" Condition=\"'$(Foo)'=='1'\"/>"
        "<ClCompile Include=\"b.c\" Condition=\"'$(Foo)'=='1'\"/>"
    )
    make_tree({"p.vcxproj": project(items), "a.c": "", "b.c": ""})
    collect_inputs(["p.vcxproj"], sink=sink)
    assert [item.render() for item in sink.items] == [
        "p.vcxproj: note: condition \"'$(Foo)'=='1'\" not understood; assumed true"
    ]


def test_properties_choose_and_global_protection(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    extra = (
        "<PropertyGroup><Configuration>Debug</Configuration>"
        "<Src>src</Src></PropertyGroup>"
        "<Choose><When Condition=\"'$(Configuration)'=='Debug'\">"
        "<PropertyGroup><Pick>debug.c</Pick></PropertyGroup></When>"
        "<Otherwise><PropertyGroup><Pick>release.c</Pick></PropertyGroup></Otherwise>"
        "</Choose>"
    )
    make_tree(
        {
            "p.vcxproj": project('<ClCompile Include="$(Src)\\$(Pick)"/>', extra),
            "src/debug.c": "",
            "src/release.c": "",
        }
    )
    result = collect_inputs(["p.vcxproj"], sink=sink)
    # The project cannot override the chosen configuration (a global property).
    assert [s.display for s in result.sources] == ["src/release.c"]


def test_solution_dir_prefers_a_solution_beside_the_project(
    make_tree: MakeTree, sink: DiagnosticSink
) -> None:
    items = (
        '<ClCompile Include="a.c"><AdditionalIncludeDirectories>$(SolutionDir)inc'
        "</AdditionalIncludeDirectories></ClCompile>"
    )
    root = make_tree(
        {
            "top/drv/p.vcxproj": project(items),
            "top/drv/a.c": "",
            "top/inc/x.h": "",
            "top/drv/inc/y.h": "",
        }
    )
    first = collect_inputs(["top/drv/p.vcxproj"], sink=sink).sources[0]
    assert first.include_dirs == (root / "top/inc",)
    make_tree({"top/drv/p.sln": ""})
    second = collect_inputs(["top/drv/p.vcxproj"], sink=sink).sources[0]
    assert second.include_dirs == (root / "top/drv/inc",)


def test_project_wins_over_directory_walk(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    items = (
        '<ClCompile Include="a.c"><PreprocessorDefinitions>FROM_PROJECT'
        "</PreprocessorDefinitions></ClCompile>"
    )
    make_tree({"d/p.vcxproj": project(items), "d/a.c": "", "d/b.c": ""})
    result = collect_inputs(["d", "d/p.vcxproj"], use_projects=False, sink=sink)
    assert [(s.display, s.defines) for s in result.sources] == [
        ("d/a.c", (("FROM_PROJECT", None),)),
        ("d/b.c", ()),
    ]


def test_utf16_project(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    text = '<?xml version="1.0" encoding="utf-16"?>' + project(
        '<ClCompile Include="a.c"/>'
    ).removeprefix(HEADER)
    make_tree({"p.vcxproj": text.encode("utf-16"), "a.c": ""})
    assert [s.display for s in collect_inputs(["p.vcxproj"], sink=sink).sources] == ["a.c"]


@pytest.mark.parametrize(
    ("configuration", "platform", "chosen"),
    [
        (None, None, "Win8 Release|ARM"),
        (None, "x64", "Win8 Debug|x64"),
        ("win8 debug", None, "Win8 Debug|x64"),
    ],
)
def test_choose_configuration_defaults(
    configuration: str | None, platform: str | None, chosen: str
) -> None:
    available = [
        ProjectConfiguration("Win8 Debug", "ARM"),
        ProjectConfiguration("Win8 Debug", "x64"),
        ProjectConfiguration("Win8 Release", "ARM"),
    ]
    picked = choose_configuration(available, configuration, platform, "p.vcxproj")
    assert picked.label == chosen


WINDOWS_VERSIONS = [
    ProjectConfiguration(name, platform)
    for name in ("Win7 Debug", "Win7 Release", "Win8.1 Debug", "Win8.1 Release", "Win8 Release")
    for platform in ("Win32", "x64")
]


@pytest.mark.parametrize(
    ("configuration", "platform", "chosen"),
    [
        pytest.param(None, None, "Win8.1 Release|x64", id="newest-release-x64"),
        pytest.param("win8.1 release", "x86", "Win8.1 Release|Win32", id="exact-name"),
        pytest.param("Debug", None, None, id="two-debug-configurations"),
        pytest.param("8.1 Debug", None, "Win8.1 Debug|x64", id="words-of-the-name"),
        pytest.param("Win7", "x64", None, id="win7-is-debug-and-release"),
        pytest.param("Win7 rel", "x64", "Win7 Release|x64", id="prefixes"),
    ],
)
def test_configurations_as_users_name_them(
    configuration: str | None, platform: str | None, chosen: str | None
) -> None:
    if chosen is not None:
        picked = choose_configuration(WINDOWS_VERSIONS, configuration, platform, "p.vcxproj")
        assert picked.label == chosen
        return
    with pytest.raises(InputError) as raised:
        choose_configuration(WINDOWS_VERSIONS, configuration, platform, "p.vcxproj")
    assert str(raised.value).startswith(
        f"p.vcxproj: configuration '{configuration}' matches 2 in the project: "
    )


def test_release_picks_the_only_release_configuration() -> None:
    available = [
        ProjectConfiguration("Win8.1 Debug", "x64"),
        ProjectConfiguration("Win8.1 Release", "x64"),
    ]
    assert choose_configuration(available, "Release", "x64", "p").label == "Win8.1 Release|x64"
    several = [*available, ProjectConfiguration("Win7 Release", "x64")]
    with pytest.raises(InputError) as raised:
        choose_configuration(several, "Release", None, "p")
    assert str(raised.value) == (
        "p: configuration 'Release' matches 2 in the project: "
        "Win8.1 Release, Win7 Release; give one of them with "
        "--configuration"
    )


def test_long_choice_lists_name_configurations_and_platforms() -> None:
    with pytest.raises(InputError) as raised:
        choose_configuration(WINDOWS_VERSIONS, "Checked", None, "p")
    assert str(raised.value) == (
        "p: configuration 'Checked' is not in the project; available: configurations "
        "Win7 Debug, Win7 Release, Win8.1 Debug, Win8.1 Release, Win8 Release for platforms "
        "Win32, x64 (choose with --configuration/--platform)"
    )
