"""MSBuild Condition evaluation and property expansion, as a table."""

from __future__ import annotations

import pytest

from ddiverify.inputs.msbuild import (
    Properties,
    UnknownProperty,
    Unsupported,
    evaluate_condition,
    expand,
    substitute_metadata,
)

PROPERTIES = {"Configuration": "Release", "Platform": "x64", "Empty": "", "Ver": "10.0"}


def properties() -> Properties:
    return Properties.with_globals(PROPERTIES)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("", True),
        ("'$(Configuration)|$(Platform)'=='Release|x64'", True),
        ("'$(Configuration)|$(Platform)'=='Debug|x64'", False),
        ("'$(configuration)'=='RELEASE'", True),  # names and values ignore case
        ("'$(Configuration)' != 'Debug'", True),
        ("'$(Configuration)'=='Debug' or '$(Platform)'=='x64'", True),
        ("'$(Configuration)'=='Release' AND '$(Platform)'=='ARM64'", False),
        ("('$(Configuration)'=='Debug' or true) and !false", True),
        ("!('$(Platform)'=='x64')", False),
        ("'$(Empty)'==''", True),
        ("$(Configuration) == Release", True),
        ("$(Ver) >= 10", True),
        ("'$(Ver)' < '6.3'", False),
        ("Exists('here.h')", True),
        ("Exists('gone.h')", False),
        ("HasTrailingSlash('$(Configuration)\\')", True),
        ("'true'", True),
    ],
)
def test_conditions(condition: str, expected: bool) -> None:
    assert evaluate_condition(condition, properties(), lambda p: p == "here.h") is expected


@pytest.mark.parametrize(
    "condition",
    [
        "'$(Unknown)'=='x'",
        "'$([MSBuild]::IsOsPlatform(Windows))'=='true'",
        "'$(Configuration)'=='Release' and",
        "'$(Configuration)'",
        "'a' < 'b'",
        "@(ClCompile) != ''",
        "'a'=='b' xor 'c'=='d'",
        "(('a'=='a')",
    ],
)
def test_unsupported_conditions_raise(condition: str) -> None:
    with pytest.raises(Unsupported):
        evaluate_condition(condition, properties(), lambda p: False)


def test_expand_and_globals_are_protected() -> None:
    props = properties()
    props.set("Configuration", "Debug")
    props.set("Mine", "$(Configuration)")
    assert expand("$(Configuration)\\$(MINE)", props) == "Release\\$(Configuration)"
    with pytest.raises(UnknownProperty) as raised:
        expand("$(DDK_INC_PATH)", props)
    assert raised.value.name == "DDK_INC_PATH"


def test_metadata_inheritance() -> None:
    inherited = {"preprocessordefinitions": "A;B"}
    assert substitute_metadata("C;%(PreprocessorDefinitions)", inherited) == "C;A;B"
    assert substitute_metadata("%(Other);D", inherited) == ";D"
