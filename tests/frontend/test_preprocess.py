"""The preprocessor: macros, conditionals, includes and the map back to original lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.preprocess import FileIncludeResolver, PreprocessedUnit, preprocess


def run(
    tmp_path: Path,
    source: str,
    files: Mapping[str, str] | None = None,
    defines: Sequence[tuple[str, str | None]] = (),
    undefines: Sequence[str] = (),
    include_dirs: Sequence[str] = (),
    main: str = "drv.c",
    sink: DiagnosticSink | None = None,
) -> PreprocessedUnit:
    """Write `files` below tmp_path and preprocess `source` as tmp_path/main."""
    for name, text in (files or {}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    main_path = tmp_path / main
    main_path.parent.mkdir(parents=True, exist_ok=True)
    resolver = FileIncludeResolver(
        [tmp_path / d for d in include_dirs],
        lambda p: p.relative_to(tmp_path).as_posix(),
        lambda p: p.read_text(encoding="utf-8"),
    )
    return preprocess(
        main_path,
        source,
        resolver,
        defines,
        undefines,
        sink if sink is not None else DiagnosticSink(),
    )


def flat(unit: PreprocessedUnit) -> str:
    """The output with whitespace runs collapsed, for substring expectations."""
    return " ".join(unit.text.split())


def lines_of(unit: PreprocessedUnit) -> list[str]:
    return unit.text.split("\n")[:-1]


# (id, source, expected in the flattened output, not expected in it)
EXPANSION = [
    ("object-like", "#define N 10\nint a[N];\n", ["int a[10];"], ["N]"]),
    (
        "function-like",
        "#define SQ(x) ((x)*(x))\nint y = SQ(a+1);\n",
        ["int y = ((a+1)*(a+1));"],
        ["SQ"],
    ),
    (
        "not-followed-by-paren",
        "#define F(x) x\nint F;\nint (*p)(int) = F;\n",
        ["int F;", "= F;"],
        [],
    ),
    (
        "stringize",
        '#define S(x) #x\nchar *s = S( a  +  "b\\n" );\n',
        ['char *s = "a + \\"b\\\\n\\"";'],
        [],
    ),
    (
        "paste",
        "#define CAT(a, b) a ## b\nint CAT(foo, 2) = CAT(0x, 1F);\n",
        ["int foo2 = 0x1F;"],
        [],
    ),
    ("paste-empty", "#define CAT(a, b) a ## b\nint CAT(, x) = CAT(y, );\n", ["int x = y;"], []),
    (
        "variadic",
        '#define LOG(f, ...) DbgPrint(f, __VA_ARGS__)\nLOG("%d %d", 1, 2);\n',
        ['DbgPrint("%d %d", 1, 2);'],
        [],
    ),
    (
        "msvc-comma-elision",
        '#define LOG(f, ...) DbgPrint(f, __VA_ARGS__)\nLOG("x");\n',
        ['DbgPrint("x");'],
        [", )"],
    ),
    (
        "gnu-comma-paste",
        "#define LOG(f, ...) P(f, ## __VA_ARGS__)\nLOG(a); LOG(a, b);\n",
        ["P(a); P(a,b);"],
        [],
    ),
    ("named-variadic", "#define LOG(f, args...) P(f, args)\nLOG(a, b, c);\n", ["P(a, b, c);"], []),
    (
        "va-opt",
        "#define F(a, ...) G(a __VA_OPT__(,) __VA_ARGS__)\nF(1); F(1, 2);\n",
        ["G(1); G(1 , 2);"],
        [],
    ),
    ("rescan", "#define A B\n#define B 42\nint x = A;\n", ["int x = 42;"], []),
    ("self-reference", "#define foo foo + 1\nint x = foo;\n", ["int x = foo + 1;"], []),
    (
        "mutual-recursion",
        "#define a b\n#define b a\nint x = a, y = b;\n",
        ["int x = a, y = b;"],
        [],
    ),
    (
        "function-self",
        "#define f(x) f(x + 1)\nint z = f(f(0));\n",
        ["int z = f(f(0 + 1) + 1);"],
        [],
    ),
    (
        "args-from-rest-of-line",
        "#define LP (\n#define F(x) [x]\nint a = F LP 3);\n",
        ["int a = F ( 3);"],
        [],
    ),
    (
        "rescan-takes-following-args",
        "#define G(x) <x>\n#define F G\nint b = F(7);\n",
        ["int b = <7>;"],
        [],
    ),
    (
        "nested-args",
        "#define ID(x) x\n#define TWICE(x) x x\nint c = ID(TWICE(ID(1)));\n",
        ["int c = 1 1;"],
        [],
    ),
    (
        "no-expansion-in-strings",
        "#define X 1\nchar *s = \"X\"; char c = 'X';\n",
        ["char *s = \"X\"; char c = 'X';"],
        [],
    ),
    (
        "ddi-wrapper",
        "#define FREE_POOL(p) ExFreePoolWithTag((p), 'tgaT')\nFREE_POOL(Buf);\n",
        ["ExFreePoolWithTag((Buf), 'tgaT');"],
        ["FREE_POOL"],
    ),
    (
        "wdk-names-stay",
        (
            "VOID f(PKSPIN_LOCK l) { KeAcquireSpinLock(l, &Irql); "
            "ExFreePoolWithTag(p, TAG); UNREFERENCED_PARAMETER(l); }\n"
        ),
        [
            "KeAcquireSpinLock(l, &Irql);",
            "ExFreePoolWithTag(p, TAG);",
            "UNREFERENCED_PARAMETER(l);",
        ],
        [],
    ),
    (
        "config-not-expanded-in-code",
        "int w = _WIN64 + NTDDI_VERSION + _MSC_VER;\n",
        ["int w = _WIN64 + NTDDI_VERSION + _MSC_VER;"],
        ["0x0A000010"],
    ),
    (
        "driver-redefines-config",
        "#undef _MSC_VER\n#define _MSC_VER 7\nint v = _MSC_VER;\n",
        ["int v = 7;"],
        [],
    ),
    (
        "comment-in-define",
        "#define A 1 /* one */ + 2 // two\nint a = A;\n",
        ["int a = 1 + 2;"],
        ["one", "two"],
    ),
    (
        "multiline-comment-in-define",
        "#define A 1 /* one\n  still one */ + 2\nint a = A;\n",
        ["int a = 1 + 2;"],
        ["one"],
    ),
    (
        "splice-in-define",
        "#define A(x) \\\n  do { f(x); \\\n  } while (0)\nA(3);\n",
        ["do { f(3); } while (0);"],
        [],
    ),
    (
        "comment-markers-in-strings",
        'char *s = "/* not a comment */ // nor this";\n',
        ['"/* not a comment */ // nor this"'],
        [],
    ),
    (
        "line-comment-splice",
        "int a; // comment \\\n continued\nint b;\n",
        ["int a;", "int b;"],
        ["continued"],
    ),
    ("line-builtin", "\n\nint l = __LINE__;\n", ["int l = 3;"], []),
    ("file-builtin", "char *f = __FILE__;\n", ['char *f = "drv.c";'], []),
    (
        "function-stays",
        "char *f = __FUNCTION__; char *g = __func__;\n",
        ["__FUNCTION__", "__func__"],
        [],
    ),
    ("charize", "#define C(x) #@x\nchar c = C(a);\n", ["char c = 'a';"], []),
    ("undef", "#define X 1\n#undef X\nint x = X;\n", ["int x = X;"], []),
    (
        "push-pop-macro",
        (
            '#define X 1\n#pragma push_macro("X")\n#undef X\n#define X 2\n'
            'int a = X;\n#pragma pop_macro("X")\nint b = X;\n'
        ),
        ["int a = 2;", "int b = 1;"],
        [],
    ),
    (
        "pragma-operators",
        '__pragma(warning(disable:4201)) int a; _Pragma("once") int b;\n',
        ["int a; int b;"],
        ["warning", "once"],
    ),
    ("no-token-merge", "#define NEG -1\nint a = -NEG;\n", ["int a = - -1;"], ["--1"]),
]


@pytest.mark.parametrize(
    ("source", "expected", "absent"), [pytest.param(s, e, a, id=i) for i, s, e, a in EXPANSION]
)
def test_expansion(tmp_path: Path, source: str, expected: list[str], absent: list[str]) -> None:
    sink = DiagnosticSink()
    unit = run(tmp_path, source, sink=sink)
    out = flat(unit)
    for fragment in expected:
        assert fragment in out
    for fragment in absent:
        assert fragment not in out
    assert unit.text.count("\n") == source.count("\n")
    assert not [d for d in sink.items if d.code == "preprocess-internal"]


# (id, source, -D, -U, expected, absent)
CONDITIONS = [
    (
        "ntddi",
        "#if (NTDDI_VERSION >= NTDDI_WIN8)\nnew();\n#else\nold();\n#endif\n",
        [],
        [],
        ["new();"],
        ["old();"],
    ),
    (
        "ntddi-lowered-by-D",
        "#if (NTDDI_VERSION >= NTDDI_WIN8)\nnew();\n#else\nold();\n#endif\n",
        [("NTDDI_VERSION", "0x06010000")],
        [],
        ["old();"],
        ["new();"],
    ),
    ("dbg-off", "#if DBG\ndbg();\n#endif\n#ifdef DBG\ndbg2();\n#endif\n", [], [], [], ["dbg"]),
    ("dbg-on-by-D", "#if DBG\ndbg();\n#endif\n", [("DBG", "1")], [], ["dbg();"], []),
    (
        "D-without-value",
        "#ifdef FEATURE\nf();\n#endif\nint v = FEATURE;\n",
        [("FEATURE", None)],
        [],
        ["f();", "int v = 1;"],
        [],
    ),
    (
        "U-config",
        "#ifdef _WIN64\nwide();\n#else\nnarrow();\n#endif\n",
        [],
        ["_WIN64"],
        ["narrow();"],
        ["wide();"],
    ),
    (
        "elif-chain",
        (
            "#if 0\na();\n#elif 1 + 1 == 3\nb();\n#elif defined _WIN32 && !defined(DBG)\n"
            "c();\n#else\nd();\n#endif\n"
        ),
        [],
        [],
        ["c();"],
        ["a();", "b();", "d();"],
    ),
    (
        "nested-inactive",
        "#if 0\n#if 1\na();\n#else\nb();\n#endif\n#endif\nc();\n",
        [],
        [],
        ["c();"],
        ["a();", "b();"],
    ),
    (
        "msc-ver",
        "#if _MSC_VER >= 1900 && defined(_M_AMD64)\nok();\n#endif\n",
        [],
        [],
        ["ok();"],
        [],
    ),
    (
        "char-and-suffixes",
        ("#if 'A' == 65 && 0x10ui64 == 16 && 10ul / 3 == 3 && 017 == 15\nok();\n#endif\n"),
        [],
        [],
        ["ok();"],
        [],
    ),
    ("unsigned-compare", "#if -1 > 0u\nok();\n#endif\n", [], [], ["ok();"], []),
    (
        "ternary-shift",
        ("#if (1 ? 2 : 3) << 2 == 8 && (~0 & 0xF) == 15 && (5 % 3) == 2\nok();\n#endif\n"),
        [],
        [],
        ["ok();"],
        [],
    ),
    (
        "unknown-ident-is-zero",
        "#if UNKNOWN_THING\nno();\n#else\nyes();\n#endif\n",
        [],
        [],
        ["yes();"],
        ["no();"],
    ),
    (
        "macro-in-if",
        ("#define VER 3\n#define AT_LEAST(v) (VER >= (v))\n#if AT_LEAST(2)\nyes();\n#endif\n"),
        [],
        [],
        ["yes();"],
        [],
    ),
    (
        "has-include",
        ('#if __has_include(<ntddk.h>) && !__has_include("nothere.h")\nyes();\n#endif\n'),
        [],
        [],
        ["yes();"],
        [],
    ),
    ("elifdef", "#ifdef NOPE\na();\n#elifdef _WIN32\nb();\n#endif\n", [], [], ["b();"], ["a();"]),
    ("cplusplus-only-in-cpp", "#ifdef __cplusplus\ncpp();\n#endif\n", [], [], [], ["cpp();"]),
]


@pytest.mark.parametrize(
    ("source", "defines", "undefines", "expected", "absent"),
    [pytest.param(*c[1:], id=c[0]) for c in CONDITIONS],
)
def test_conditions(
    tmp_path: Path,
    source: str,
    defines: list[tuple[str, str | None]],
    undefines: list[str],
    expected: list[str],
    absent: list[str],
) -> None:
    unit = run(tmp_path, source, defines=defines, undefines=undefines)
    out = flat(unit)
    for fragment in expected:
        assert fragment in out
    for fragment in absent:
        assert fragment not in out


def test_cplusplus_defined_for_cpp_files(tmp_path: Path) -> None:
    unit = run(tmp_path, "#ifdef __cplusplus\ncpp();\n#endif\n", main="drv.cpp")
    assert "cpp();" in unit.text


def test_branch_splitting_a_loop_brace(tmp_path: Path) -> None:
    source = (
        "void f(int n) {\n    int i;\n#ifdef X\n    for (i = 0; i < n; i++) {\n#else\n"
        "    while (n--) {\n#endif\n        g();\n    }\n}\n"
    )
    off = lines_of(run(tmp_path, source))
    on = lines_of(run(tmp_path, source, defines=[("X", None)]))
    assert off[5].strip() == "while (n--) {" and off[3] == ""
    assert on[3].strip() == "for (i = 0; i < n; i++) {" and on[5] == ""
    assert len(off) == len(on) == 10


def test_header_guard_named_like_sal(tmp_path: Path) -> None:
    header = "#ifndef _DRV_H_\n#define _DRV_H_\nint shared;\n#endif // _DRV_H_\n"
    source = '#include "drv.h"\n#include "drv.h"\n#ifdef _DRV_H_\nint guarded;\n#endif\n'
    unit = run(tmp_path, source, {"drv.h": header})
    assert unit.text.count("int shared;") == 1
    assert "int guarded;" in unit.text


@pytest.mark.parametrize(
    "spelling", ["scr_u3m.h", "Scr_U3m.H", "..\\inc\\SCR_U3M.h", "../INC/scr_u3m.h"]
)
def test_include_is_case_insensitive(tmp_path: Path, spelling: str) -> None:
    files = {"inc/SCR_U3M.H": "int from_header;\n"}
    unit = run(tmp_path, f'#include "{spelling}"\n', files, main="src/drv.c", include_dirs=["inc"])
    assert "int from_header;" in unit.text
    assert unit.included == ("inc/SCR_U3M.H",)
    assert unit.missing_includes == ()


def test_angled_include_searches_include_dirs_only(tmp_path: Path) -> None:
    files = {"local.h": "int local;\n", "inc/dirs.h": "int dirs;\n"}
    unit = run(tmp_path, "#include <local.h>\n#include <dirs.h>\n", files, include_dirs=["inc"])
    assert "int dirs;" in unit.text and "int local;" not in unit.text
    assert unit.missing_includes == ("local.h",)


def test_macro_include(tmp_path: Path) -> None:
    source = '#define HDR "cfg.h"\n#include HDR\n'
    unit = run(tmp_path, source, {"cfg.h": "int cfg;\n"})
    assert "int cfg;" in unit.text


def test_missing_and_system_headers_are_recorded_silently(tmp_path: Path) -> None:
    sink = DiagnosticSink()
    files = {"inc/storport.h": "#define KeAcquireSpinLock(a, b) expanded\n"}
    source = (
        '#include <storport.h>\n#include "trace.tmh"\n#include "nothere.h"\n'
        "#include <storport.h>\nVOID f(VOID) { KeAcquireSpinLock(&l, &i); }\n"
    )
    unit = run(tmp_path, source, files, include_dirs=["inc"], sink=sink)
    assert unit.missing_includes == ("storport.h", "trace.tmh", "nothere.h")
    assert "KeAcquireSpinLock(&l, &i);" in unit.text
    assert sink.items == []


def test_include_cycle_is_cut(tmp_path: Path) -> None:
    sink = DiagnosticSink()
    files = {"a.h": '#include "b.h"\nint a;\n', "b.h": '#include "a.h"\nint b;\n'}
    unit = run(tmp_path, '#include "a.h"\nint main_;\n', files, sink=sink)
    assert flat(unit) == "int b; int a; int main_;"
    assert any("includes itself" in d.message for d in sink.items)


def test_guarded_cycle_is_silent(tmp_path: Path) -> None:
    sink = DiagnosticSink()
    files = {
        "a.h": '#ifndef A_H\n#define A_H\n#include "b.h"\nint a;\n#endif\n',
        "b.h": '#pragma once\n#include "a.h"\nint b;\n',
    }
    unit = run(tmp_path, '#include "a.h"\n#include "b.h"\n', files, sink=sink)
    assert flat(unit) == "int b; int a;"
    assert sink.items == []


def test_segments_map_included_lines(tmp_path: Path) -> None:
    files = {"inc/defs.h": "// header\nint h1;\nint h2;\n"}
    source = 'int m1;\n#include "inc/defs.h"\nint m3;\n'
    unit = run(tmp_path, source, files)
    assert lines_of(unit) == ["int m1;", "", " ", "int h1;", "int h2;", "int m3;"]
    origins = [unit.origin(k) for k in range(6)]
    assert origins == [
        ("drv.c", 1),
        ("drv.c", 2),
        ("inc/defs.h", 1),
        ("inc/defs.h", 2),
        ("inc/defs.h", 3),
        ("drv.c", 3),
    ]
    assert sum(s.count for s in unit.segments) == unit.text.count("\n")
    assert unit.included == ("inc/defs.h",)


def test_multiline_invocation_keeps_alignment(tmp_path: Path) -> None:
    source = (
        "#define CALL(a, b) Fn((a), (b))\nvoid f(void) {\n    CALL(one,\n"
        "         two);\n    after();\n}\n"
    )
    unit = run(tmp_path, source)
    out = lines_of(unit)
    assert out[2].split() == ["Fn((one),", "(", "two));"]
    assert out[3] == ""
    assert out[4].strip() == "after();"
    assert unit.origin(4) == ("drv.c", 5)


def test_invocation_name_and_paren_on_different_lines(tmp_path: Path) -> None:
    source = "#define F(x) [x]\nint a = F\n   (1);\nint b = F\n;\n"
    out = lines_of(run(tmp_path, source))
    assert " ".join(out[1].split()) == "int a = [1];" and out[2] == ""
    assert out[3].strip() == "int b = F" and out[4] == ";"


def test_conditional_inside_invocation_arguments(tmp_path: Path) -> None:
    source = "#define LOG(x) Print(x)\nLOG(\n#ifdef NOPE\n  1\n#else\n  2\n#endif\n);\nafter();\n"
    out = lines_of(run(tmp_path, source))
    assert " ".join(out[1].split()) == "Print( 2 );"
    assert out[8] == "after();"


def test_unbalanced_invocation_is_left_as_written(tmp_path: Path) -> None:
    sink = DiagnosticSink()
    source = "#define F(x) x\nint a = F(1,\n#define G 2\nint b = G;\n"
    out = lines_of(run(tmp_path, source, sink=sink))
    assert out[1] == "int a = F(1,"
    assert out[3] == "int b = 2;"


def test_line_builtin_in_multiline_invocation(tmp_path: Path) -> None:
    source = "#define F(a, b) a b\nint x = F(__LINE__,\n   __LINE__);\n"
    assert "int x = 2 3;" in flat(run(tmp_path, source))


def test_splices_and_block_comments_keep_line_count(tmp_path: Path) -> None:
    source = "int a = 1 + \\\n  2;\n/* one\n   two */ int b;\nint c; /* x */ int d;\n"
    unit = run(tmp_path, source)
    assert lines_of(unit) == ["int a = 1 +   2;", "", " ", " int b;", "int c;   int d;"]
    assert unit.origin(3) == ("drv.c", 4)


def test_diagnostics_for_broken_directives(tmp_path: Path) -> None:
    sink = DiagnosticSink()
    source = (
        "#endif\n#else\n#if 1/0\n#endif\n#if (1\n#endif\n#error stop here\n"
        '#import "x.tlb"\n#frobnicate\n#define\n#define F(a,\n#if 1\n'
    )
    unit = run(tmp_path, source, sink=sink)
    messages = [(d.line, d.message) for d in sink.items]
    assert (1, "#endif without #if; ignored") in messages
    assert any(line == 3 and "division by zero" in m for line, m in messages)
    assert any(line == 5 and "taken as false" in m for line, m in messages)
    assert any(line == 7 and "#error stop here" in m for line, m in messages)
    assert any(line == 8 and "#import" in m for line, m in messages)
    assert any(line == 9 and "frobnicate" in m for line, m in messages)
    assert any(line == 12 and "without #endif" in m for line, m in messages)
    assert all(d.file == "drv.c" for d in sink.items)
    assert unit.text.count("\n") == 12


def test_macros_table(tmp_path: Path) -> None:
    unit = run(tmp_path, "#define A 1\n#define F(x, ...) g(x, __VA_ARGS__)\n")
    assert unit.macros["A"] == "1"
    assert unit.macros["F"] == "(x, ...) g(x, __VA_ARGS__)"
    assert unit.macros["NTDDI_WIN8"] == "0x06020000"


def test_origin_is_clamped(tmp_path: Path) -> None:
    unit = run(tmp_path, "int a;\nint b;\n")
    assert unit.origin(-5) == ("drv.c", 1)
    assert unit.origin(99) == ("drv.c", 2)
    empty = run(tmp_path, "")
    assert empty.text == "" and empty.origin(0) == ("drv.c", 1)


def test_caller_defines_expand_in_code(tmp_path: Path) -> None:
    unit = run(
        tmp_path,
        "int a = LIMIT; int b = TWICE(3); int c = GONE;\n",
        defines=[("LIMIT", "64"), ("TWICE(x)", "((x) * 2)"), ("GONE", "1")],
        undefines=["GONE"],
    )
    assert flat(unit) == "int a = 64; int b = ((3) * 2); int c = GONE;"


def test_sal_fact_in_included_header(tmp_path: Path) -> None:
    files = {"drv.h": "#pragma once\n\n_IRQL_requires_(PASSIVE_LEVEL)\nVOID Init(VOID);\n"}
    unit = run(tmp_path, '#include "drv.h"\nVOID Init(VOID) { }\n', files)
    [fact] = unit.sal_facts
    assert (fact.name, fact.args, fact.file, fact.line) == (
        "_IRQL_requires_",
        "PASSIVE_LEVEL",
        "drv.h",
        3,
    )
    assert unit.origin(fact.out_line) == ("drv.h", 3)
    assert lines_of(unit)[fact.out_line + 1] == "VOID Init(VOID);"
