"""The preprocessor never raises and always accounts for every line, whatever the input."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.preprocess import PreprocessedUnit, preprocess

SNIPPET = r"""#include <storport.h>
#include "drv.h"
#ifndef _DRV_H_
#define _DRV_H_
#define TAG 'vrDs'
#define FREE(p) ExFreePoolWithTag((p), TAG)
#define LOG(fmt, ...) DbgPrint(fmt, __VA_ARGS__)
#define CAT(a, b) a ## b
#define STR(x) #x
#define REC REC + 1
#endif /* _DRV_H_ */
#if (NTDDI_VERSION >= NTDDI_WIN8) && !defined(DBG)
_IRQL_requires_max_(DISPATCH_LEVEL)
#elif defined(X) || 1/0
#else
#endif
_Use_decl_annotations_
BOOLEAN StartIo(_In_ PVOID Ext, _In_reads_bytes_(n) PSCSI_REQUEST_BLOCK Srb) // start
{
    __declspec(align(8)) UCHAR buf[16];
    char *s = "a \" /* not */ b"; char c = '\'';
    LOG("%d", CAT(1, 2), STR(x  y), REC);
    FREE(
        Srb->DataBuffer);
    KeAcquireSpinLock(&l, &irql); /* multi
    line */ x = __LINE__ \
      + 1;
    return TRUE;
}
"""

MUTATION_CHARS = [
    "#",
    "(",
    ")",
    '"',
    "'",
    "\\",
    "\n",
    "/*",
    "*/",
    "//",
    ",",
    "##",
    "\x00",
    "\r",
    "#define ",
    "#if ",
    "#endif\n",
    "__VA_ARGS__",
    "defined(",
    "FREE(",
    "_In_(",
    "__declspec(",
]


class MemoryResolver:
    """Finds any include whose last path component is a key of `files`."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def resolve(self, name: str, angled: bool, from_file: Path) -> Path | None:
        base = name.replace("\\", "/").rsplit("/", 1)[-1]
        return Path("/mem") / base if base in self.files else None

    def display(self, path: Path) -> str:
        return path.name

    def read(self, path: Path) -> str | None:
        return self.files.get(path.name)


def run(text: str, name: str = "drv.c") -> tuple[PreprocessedUnit, DiagnosticSink]:
    resolver = MemoryResolver({"drv.h": SNIPPET, "drv.c": SNIPPET})
    sink = DiagnosticSink()
    unit = preprocess(
        Path("/nonexistent") / name,
        text,
        resolver,
        [("FEATURE", None), ("F(x)", "x")],
        ["_WIN64"],
        sink,
    )
    return unit, sink


def check(text: str) -> None:
    unit, sink = run(text)
    assert not [d for d in sink.items if d.code == "preprocess-internal"]
    lines = unit.text.count("\n")
    assert sum(s.count for s in unit.segments) == lines
    position = 0
    for seg in unit.segments:
        assert seg.out_start == position and seg.count > 0
        position += seg.count
    if not unit.included:
        normalized = text.replace("\r\n", "\n").replace("\r", "\n")
        expected = normalized.count("\n") + (
            0 if normalized.endswith("\n") or not normalized else 1
        )
        assert lines == expected
    for fact in unit.sal_facts:
        assert 0 <= fact.out_line < max(lines, 1)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = SNIPPET
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:pos] + draw(st.sampled_from(MUTATION_CHARS)) + text[pos:]
        else:
            text = text[:pos] + text[pos + draw(st.integers(1, 12)) :]
    return text


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated())
def test_mutated_snippets(text: str) -> None:
    check(text)


PIECES = list("#()\"'\\\n /*,_aAzZ09x.<>!&|?:-+") + [
    "define ",
    "if ",
    "include ",
    "\t",
    "\r",
    "\x00",
    "__VA_ARGS__",
    "##",
    "_In_",
    "ifdef ",
]


@FUZZ
@given(st.lists(st.sampled_from(PIECES), max_size=200).map("".join))
def test_random_text(text: str) -> None:
    check(text)


PATHOLOGICAL = [
    "#define a a a a a a a a\n#define b a b a b a b\nb b b b\n",
    "".join(f"#define m{i} m{i + 1} m{i + 1}\n" for i in range(40)) + "int x = m0;\n",
    "#define f(x) f(x) f(x)\n" + "f(" * 300 + "1" + ")" * 300 + "\n",
    "#define g(x) x\n" + "g(" * 3000 + "\n",
    "#if " + "(" * 5000 + "1" + ")" * 5000 + "\n#endif\n",
    "#if " + "-" * 5000 + "1\n#endif\n",
    "int a = 1;" * 200_000,
    "_In_ " * 300_000,
    "\"unterminated\n'x\n/* unterminated comment\n",
    "#define F(x, x) x\n#define G(...x) x\n#define H(a,\n#define\n#undef\n#include\n#include <>\n",
    '#include __FILE__\n#include "drv.c"\n',
    "#if 1\n#else\n#else\n#elif 1\n#endif\n#endif\n#elif\n",
    "\\\n" * 1000 + "x",
    "#define E(...) __VA_OPT__(\nE(1)\n#define P(a) a ## ## a\nP(x) # ## #\n",
]


def test_pathological_inputs_are_survived() -> None:
    for text in PATHOLOGICAL:
        check(text)


def test_self_include_through_file_name() -> None:
    unit, _ = run('#include "drv.h"\n#include "drv.h"\n', name="drv.h")
    assert unit.text.count("\n") >= 2
