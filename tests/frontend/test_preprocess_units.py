"""The preprocessor's parts on their own: #if arithmetic, lexing, #define parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.pp_expr import ExprError, evaluate
from ddiverify.frontend.pp_lexer import logical_lines, normalize, tokenize
from ddiverify.frontend.pp_macros import parse_define
from ddiverify.frontend.preprocess import FileIncludeResolver, preprocess

# (expression, value)
VALUES = [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("10 / 3", 3),
    ("-7 / 2", -3),
    ("-7 % 2", -1),
    ("1 << 4 >> 2", 4),
    ("0x10 | 0x01", 17),
    ("6 & 3", 2),
    ("6 ^ 3", 5),
    ("~0", -1),
    ("!0 + !5", 1),
    ("1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3", 1),
    ("1 == 2 || 1 != 2", 1),
    ("0 ? 1 : 2", 2),
    ("1 ? 2 : 3 ? 4 : 5", 2),
    ("(0, 5)", 5),
    ("'A'", 65),
    ("'\\n'", 10),
    ("'\\x41'", 65),
    ("'\\101'", 65),
    ("'ab'", 0x6162),
    ("L'x'", 120),
    ("0b101", 5),
    ("017", 15),
    ("10u", 10),
    ("10UL", 10),
    ("10i64", 10),
    ("10ui64", 10),
    ("10LL", 10),
    ("-1 > 0u", 1),
    ("-1 < 0", 1),
    ("0xFFFFFFFFFFFFFFFF == -1", 1),
    ("0xFFFFFFFFFFFFFFFF > 0", 1),
    ("1 << 63 < 0", 1),
    ("1 << 64", 0),
    ("UNKNOWN + 1", 1),
    ("__has_feature(x) + 2", 2),
    ("1 || 1 / 0", 1),
    ("0 && 1 % 0", 0),
]


@pytest.mark.parametrize(("expr", "value"), VALUES)
def test_if_values(expr: str, value: int) -> None:
    result, warnings = evaluate(tokenize(expr))
    assert result == value
    assert warnings == []


def test_true_only_in_cplusplus() -> None:
    assert evaluate(tokenize("true"), cplusplus=True)[0] == 1
    assert evaluate(tokenize("true"))[0] == 0


def test_division_by_zero_warns() -> None:
    assert evaluate(tokenize("1 / 0 + 3")) == (3, ["division by zero in #if (taken as 0)"])


@pytest.mark.parametrize(
    "expr", ["", "1 +", "(1", "1 2", "08", "1.5", "'x", "+ * 3", "(" * 3000 + "1" + ")" * 3000, "?"]
)
def test_malformed_expressions(expr: str) -> None:
    with pytest.raises(ExprError):
        evaluate(tokenize(expr))


# (text, logical lines, spans)
LINES = [
    ("a\nb\n", ["a", "b"], None),
    ("a\nb", ["a", "b"], None),
    ("", [], None),
    ("a \\\nb\nc\n", ["a b", "c"], [2, 1]),
    ("x /* 1\n2 */ y\nz\n", ["x  ", " y", "z"], [1, 1, 1]),
    ("#define A /* 1\n2 */ 3\nz\n", ["#define A    3", "z"], [2, 1]),
    ("a // c \\\n  still comment\nb\n", ["a  ", "b"], [2, 1]),
    ('s = "/* no */"; // yes\n', ['s = "/* no */";  '], None),
    ("x \\\n", ["x "], [1]),
    ("/*\n#", [" ", ""], [1, 1]),
]


@pytest.mark.parametrize(("text", "lines", "spans"), LINES)
def test_logical_lines(text: str, lines: list[str], spans: list[int] | None) -> None:
    assert logical_lines(normalize(text)) == (lines, spans)


def test_normalize_line_ends_and_nul() -> None:
    assert normalize("\ufeffa\r\nb\rc\x00\x0c\n") == "a\nb\nc  \n"


# (define text, definition or None, warning fragment or None)
DEFINES = [
    ("A 1", "1", None),
    ("F(a, b) a + b", "(a, b) a + b", None),
    ("F() x", "() x", None),
    ("V(...) __VA_ARGS__", "(...) __VA_ARGS__", None),
    ("N(fmt, args...) f(fmt, args)", "(fmt, args...) f(fmt, args)", None),
    ("P (a) a", "(a) a", None),
    ("", None, "without a macro name"),
    ("1X 2", None, "without a macro name"),
    ("defined 1", None, "cannot be defined"),
    ("F(a, a) a", None, "bad macro parameter"),
    ("F(a,) a", None, "bad macro parameter"),
    ("F(a b) a", None, "unexpected 'b'"),
    ("F(..., a) a", None, "must end"),
    ("F(a", None, "unterminated"),
    ("J ## x", "x", "'##' at either end"),
]


@pytest.mark.parametrize(("text", "definition", "warning"), DEFINES)
def test_parse_define(text: str, definition: str | None, warning: str | None) -> None:
    macro, message = parse_define(text)
    assert (macro.definition() if macro is not None else None) == definition
    if warning is None:
        assert message is None
    else:
        assert message is not None and warning in message


def test_include_depth_is_bounded(tmp_path: Path) -> None:
    for k in range(210):
        (tmp_path / f"h{k}.h").write_text(f'#include "h{k + 1}.h"\nint v{k};\n')
    (tmp_path / "h210.h").write_text("int last;\n")
    sink = DiagnosticSink()
    resolver = FileIncludeResolver([], lambda p: p.name, lambda p: p.read_text())
    unit = preprocess(tmp_path / "m.c", '#include "h0.h"\n', resolver, [], [], sink)
    assert [d.message for d in sink.items] == ["#include nested more than 200 deep; h199.h skipped"]
    assert "int v0;" in unit.text and "int v198;" in unit.text and "int v199;" not in unit.text
    assert sum(s.count for s in unit.segments) == unit.text.count("\n")


def test_unreadable_include_is_recorded_as_missing(tmp_path: Path) -> None:
    (tmp_path / "bad.h").write_text("int x;\n")
    resolver = FileIncludeResolver([], lambda p: p.name, lambda p: None)
    unit = preprocess(tmp_path / "m.c", '#include "bad.h"\n', resolver, [], [], DiagnosticSink())
    assert unit.missing_includes == ("bad.h",) and unit.included == ()
