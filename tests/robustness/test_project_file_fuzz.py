"""The project-file readers (.vcxproj, compile_commands.json, .sdv rule lists, --config,
--baseline) either read a file or raise `InputError`; nothing else, whatever the bytes."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.harness.config import load_overrides
from ddiverify.inputs.compile_db import load_compile_db
from ddiverify.inputs.vcxproj import load_vcxproj
from ddiverify.report.suppressions import load_baseline
from ddiverify.rules.catalog import Catalog, load_catalog, resolve_rules

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TOKENS: dict[str, list[str]] = {
    "vcxproj": [
        '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
        "</Project>",
        "<ItemGroup>",
        "</ItemGroup>",
        '<ClCompile Include="a.c" />',
        '<ClCompile Include="**\\*.c" />',
        '<Import Project="x.props" />',
        "<PropertyGroup>",
        "</PropertyGroup>",
        "<ItemDefinitionGroup>",
        "</ItemDefinitionGroup>",
        "$(Configuration)",
        "<PreprocessorDefinitions>",
        "</PreprocessorDefinitions>",
        " Condition=\"'$(X)'=='1'\"",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&e;",
        "<!DOCTYPE p>",
        "\x00",
        "\ufeff",
        "<",
    ],
    "json": [
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        '"file"',
        '"directory"',
        '"command"',
        '"arguments"',
        '"a.c"',
        '"."',
        '"cl /DX=1 /I inc a.c"',
        "null",
        "1e999",
        '"\\ud800"',
        "true",
        "\ufeff",
        "\\",
        '"',
    ],
    "sdv": [
        "DoubleKeSetEvent",
        "*",
        "Default",
        "x.sdv",
        "self.sdv",
        "# c",
        "\n",
        "\r\n",
        "\ufeff",
        ",",
        "/check:",
        "..",
        "\x00",
        " ",
    ],
    "toml": [
        'kind = "virtual"',
        "replace = true",
        "[[entry]]",
        "[[exclude]]",
        'role = "HW_STARTIO"',
        'function = "F"',
        "[x]",
        "=",
        '"',
        "'",
        "[",
        "]",
        "{",
        "}",
        "\n",
        "\ufeff",
        "kind = 3",
        "entry = 1",
    ],
    "baseline": [
        '{"results": [',
        "]}",
        '{"rule": "R", "defects": [',
        '{"fingerprint": "x"}',
        "[",
        "]",
        "{",
        "}",
        ",",
        '"results"',
        ":",
        "null",
        "\ufeff",
        '"',
    ],
}


def texts(kind: str) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(TOKENS[kind]), st.text(max_size=8)), max_size=40).map(
        "".join
    )


def _accepts(read: Callable[[], object]) -> None:
    with contextlib.suppress(InputError):
        read()


@functools.cache
def _catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize("kind", sorted(TOKENS))
def test_reader_never_crashes(kind: str, tmp_path: Path) -> None:
    (tmp_path / "a.c").write_text("int a;\n")
    names = {
        "vcxproj": "p.vcxproj",
        "json": "compile_commands.json",
        "sdv": "self.sdv",
        "toml": "c.toml",
        "baseline": "base.json",
    }
    path = tmp_path / names[kind]
    readers: dict[str, Callable[[], object]] = {
        "vcxproj": lambda: load_vcxproj(
            path, path.name, configuration=None, platform=None, sink=DiagnosticSink()
        ),
        "json": lambda: load_compile_db(path, path.name, DiagnosticSink()),
        "sdv": lambda: resolve_rules(str(path), _catalog()),
        "toml": lambda: load_overrides(str(path)),
        "baseline": lambda: load_baseline(str(path)),
    }

    @SETTINGS
    @given(st.one_of(texts(kind), st.binary(max_size=64).map(lambda b: b.decode("latin-1"))))
    def check(text: str) -> None:
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        _accepts(readers[kind])

    check()
