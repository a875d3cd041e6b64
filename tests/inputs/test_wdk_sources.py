"""WDK build.exe `sources` and `dirs` files: macros, `!IF` blocks, the build environment,
INCLUDES / C_DEFINES / SOURCES, `!INCLUDE`, DIRS walks, and broken input."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs import InputSet, collect_inputs

MakeTree = Callable[[Mapping[str, str | bytes]], Path]

VERSIONED = """\
TARGETNAME=drv
TARGETTYPE=DRIVER
# a comment; C_DEFINES=-DNOT_THIS
C_DEFINES=$(C_DEFINES) -DALWAYS /DSLASHED=2
C_DEFINES=$(C_DEFINES) -D_NT_TARGET_VERSION=$(_NT_TARGET_VERSION) -wd4214

!IF $(_NT_TARGET_VERSION) >= 0x0502
C_DEFINES=$(C_DEFINES) -DUSE_STORPORT=1
!  IF $(_NT_TARGET_VERSION) >= $(_NT_TARGET_VERSION_WIN7) && defined(FREEBUILD)
C_DEFINES=$(C_DEFINES) -DWIN7_FREE
!  ENDIF
!ELSEIF $(_NT_TARGET_VERSION) == 0x501
C_DEFINES=$(C_DEFINES) -DXP
!ELSE
C_DEFINES=$(C_DEFINES) -DUSE_SCSIPORT=1 -UALWAYS
!ENDIF

!IFDEF NOT_DEFINED_ANYWHERE
C_DEFINES=$(C_DEFINES) -DNEVER
!ENDIF

SOURCES=a.c \\
        b.cpp   \\
        drv.rc
"""


def load(
    make_tree: MakeTree,
    sink: DiagnosticSink,
    files: Mapping[str, str],
    target: str = "drv/sources",
    defines: tuple[str, ...] = (),
) -> InputSet:
    make_tree(files)
    return collect_inputs([target], defines=defines, sink=sink)


def defines_of(result: InputSet, name: str) -> dict[str, str | None]:
    return dict(next(s for s in result.sources if s.path.name == name).defines)


@pytest.mark.parametrize(
    ("defines", "expected"),
    [
        pytest.param(
            (),
            {
                "ALWAYS": None,
                "SLASHED": "2",
                "_NT_TARGET_VERSION": "0xA00",
                "USE_STORPORT": "1",
                "WIN7_FREE": None,
            },
            id="newest-target",
        ),
        pytest.param(
            ("_NT_TARGET_VERSION=0x501",),
            {"ALWAYS": None, "SLASHED": "2", "_NT_TARGET_VERSION": "0x501", "XP": None},
            id="xp-by-D",
        ),
        pytest.param(
            ("_NT_TARGET_VERSION=0x500",),
            {"SLASHED": "2", "_NT_TARGET_VERSION": "0x500", "USE_SCSIPORT": "1"},
            id="w2k-by-D",
        ),
    ],
)
def test_conditions_follow_the_target_version(
    make_tree: MakeTree,
    sink: DiagnosticSink,
    defines: tuple[str, ...],
    expected: dict[str, str | None],
) -> None:
    result = load(
        make_tree, sink, {"drv/sources": VERSIONED, "drv/a.c": "", "drv/b.cpp": ""}, defines=defines
    )
    assert sorted(s.path.name for s in result.sources) == ["a.c", "b.cpp"]
    assert defines_of(result, "a.c") == expected
    assert result.configuration == (
        f"build.exe free AMD64, _NT_TARGET_VERSION={expected['_NT_TARGET_VERSION']}"
    )
    assert [d.render() for d in sink.items] == []


def test_includes_and_undefined_macros(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    text = (
        "SOURCES=a.c $(MY_EXTRA_SOURCES) gone.c\n"
        "INCLUDES=.\\inc; ..\\common ;$(PUBLIC_ROOT)\\ddk\\inc;$(MYSTUFF)\\x;missing\n"
        "!INCLUDE ..\\sources.inc\n"
    )
    root = make_tree({})
    result = load(
        make_tree,
        sink,
        {
            "drv/sources": text,
            "drv/a.c": "",
            "drv/inc/x.h": "",
            "common/y.h": "",
            "sources.inc": "C_DEFINES=-DFROM_INCLUDE\n",
        },
    )
    unit = result.sources[0]
    assert unit.include_dirs[:2] == (root / "drv/inc", root / "common")
    assert dict(unit.defines) == {"FROM_INCLUDE": None}
    assert [d.render() for d in sink.items] == [
        ("drv/sources:1: note: $(MY_EXTRA_SOURCES) is not defined; entries using it are dropped"),
        "drv/sources:2: note: $(MYSTUFF) is not defined; entries using it are dropped",
        "drv/sources: note: INCLUDES folder 'missing' not found; ignored",
        "drv/sources: warning: SOURCES entry 'gone.c' not found; skipped",
    ]


def test_dirs_walk_every_sources_once(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    files = {
        "tree/dirs": "DIRS=lib \\\n  drv\nOPTIONAL_DIRS=again nowhere\n",
        "tree/lib/sources": "TARGETTYPE=LIBRARY\nSOURCES=l.c\n",
        "tree/lib/l.c": "",
        "tree/drv/sources": "TARGETTYPE=DRIVER\nSOURCES=d.c\n",
        "tree/drv/d.c": "",
        "tree/again/dirs": "DIRS=..\\lib\n",  # lib again: read once
    }
    result = load(make_tree, sink, files, target="tree/dirs")
    assert [s.display for s in result.sources] == ["tree/drv/d.c", "tree/lib/l.c"]
    assert [d.render() for d in sink.items] == [
        "tree/dirs: warning: OPTIONAL_DIRS entry 'nowhere' not found; skipped"
    ]


def test_conditions_not_understood_are_noted(make_tree: MakeTree, sink: DiagnosticSink) -> None:
    text = "!IF $(FOO) ==\nSOURCES=a.c\n!ELSE\nSOURCES=b.c\n!ENDIF\n!WHATEVER\n"
    result = load(make_tree, sink, {"drv/sources": text, "drv/a.c": "", "drv/b.c": ""})
    assert [s.path.name for s in result.sources] == ["a.c"]
    assert [d.render() for d in sink.items] == [
        "drv/sources:1: note: !IF $(FOO) == not understood; assumed true",
        "drv/sources:6: note: !WHATEVER not understood; ignored",
    ]


@pytest.mark.parametrize(
    ("files", "error"),
    [
        pytest.param({"drv/sources": "TARGETNAME=x\n"}, None, id="no-sources-is-no-unit"),
        pytest.param(
            {"drv/sources": b"\x00\x01binary"},
            "drv/sources: no sources found (is it a WDK build.exe sources or dirs file?)",
            id="binary",
        ),
    ],
)
def test_sources_without_units(
    make_tree: MakeTree, sink: DiagnosticSink, files: Mapping[str, str | bytes], error: str | None
) -> None:
    make_tree(files)
    with pytest.raises(InputError) as raised:
        collect_inputs(["drv/sources"], sink=sink)
    assert str(raised.value) == (
        error
        or "no C/C++ sources found in drv/sources; give a "
        "driver directory, source files, a .vcxproj, a WDK "
        "sources or dirs file or compile_commands.json"
    )
