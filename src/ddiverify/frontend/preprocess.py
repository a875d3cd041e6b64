"""The C preprocessor of the frontend: the driver's own macros, #includes and #ifs only.

Real Storport miniports are written against WDK headers nobody has on Linux CI. So this
preprocessor expands the macros the driver (or -D) defines, inlines the driver's own
headers and picks #if branches for the chosen configuration, while WDK/SDK/CRT headers are
never read and WDK names stay as written (`KeAcquireSpinLock(...)`, not its expansion).
MSVC/WDK annotations are blanked out (see pp_neutral), SAL facts are kept aside.

Invariants:
- every physical line of every inlined file gets exactly one output line, in order, and
  `segments` map each output line back to its (file, line); a macro invocation spanning
  lines is expanded on its first line and the others are left empty;
- directive lines and lines of inactive #if groups are empty output lines;
- the output never holds a comment, a line splice or a line-break look-alike character;
- `preprocess` never raises on any text: problems are warnings to the sink (with
  file:line) and expansion work is bounded.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ddiverify import budget
from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.pp_directives import DirectiveMixin
from ddiverify.frontend.pp_include import FileIncludeResolver, IncludeResolver
from ddiverify.frontend.pp_knowledge import Knowledge, msvc_knowledge
from ddiverify.frontend.pp_lexer import (
    is_directive,
    join_tokens,
    logical_lines,
    normalize,
    tokenize,
)
from ddiverify.frontend.pp_macros import BUILTINS, Expander, Incomplete, Macro, parse_define
from ddiverify.frontend.pp_neutral import needs_neutralising, neutralise
from ddiverify.frontend.pp_sections import SectionPragma
from ddiverify.frontend.pp_state import FileState, Guard, Pending

__all__ = [
    "FileIncludeResolver",
    "IncludeResolver",
    "PreprocessedUnit",
    "SalFact",
    "Segment",
    "preprocess",
]

MAX_LINE_CHARS = 1_000_000  # a longer logical line is passed through unexpanded
MAX_PENDING_LINES = 1000  # an invocation's arguments may span at most this many lines
# Identifiers that may be pattern-matched annotations (modern SAL _Xx, old SAL __xx).
_MAYBE_SAL_RE = re.compile(r"(?<!\w)(?:_[A-Z]|__[a-z])")
_IDENT_RE = re.compile(r"\b[^\W\d]\w*")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of output lines that come from consecutive lines of one original file."""

    out_start: int  # 0-based first output line of this segment
    count: int  # number of output lines
    file: str  # display path of the original file (as given by the resolver)
    src_start: int  # 1-based original line of out_start


@dataclass(frozen=True, slots=True)
class SalFact:
    """A SAL annotation kept as a fact (e.g. _IRQL_requires_max_(DISPATCH_LEVEL))."""

    name: str  # e.g. "_IRQL_requires_max_"
    args: str  # raw argument text, "" if none, e.g. "DISPATCH_LEVEL"
    out_line: int  # 0-based output line where it was (the parser attaches it to what follows)
    file: str
    line: int  # 1-based original line


@dataclass(frozen=True, slots=True)
class PreprocessedUnit:
    """The preprocessed text of one translation unit and how to map it back."""

    text: str
    segments: tuple[Segment, ...]  # sorted by out_start, covering every output line
    included: tuple[str, ...]  # display paths of driver files included (in order, no dups)
    missing_includes: tuple[str, ...]  # include names not found or not read, no dups
    sal_facts: tuple[SalFact, ...]
    macros: Mapping[str, str]  # final table: macro name -> its definition text
    main_file: str = ""  # display path of the main file (origin() of an empty unit)
    sections: tuple[SectionPragma, ...] = ()  # alloc_text / code_seg pragmas, in order

    def origin(self, out_line: int) -> tuple[str, int]:
        """0-based output line -> (file display path, 1-based line); clamped to the unit."""
        segs = self.segments
        if not segs:
            return self.main_file, 1
        k = max(bisect.bisect_right(segs, out_line, key=lambda s: s.out_start) - 1, 0)
        seg = segs[k]
        offset = min(max(out_line - seg.out_start, 0), seg.count - 1)
        return seg.file, seg.src_start + offset


def _string_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Preprocessor(DirectiveMixin):
    """One run: the file stack, the macro table and the output being built."""

    def __init__(
        self, resolver: IncludeResolver, sink: DiagnosticSink, kb: Knowledge, cplusplus: bool
    ) -> None:
        self.resolver = resolver
        self.sink = sink
        self.kb = kb
        self.cplusplus = cplusplus
        self.macros: dict[str, Macro] = {}
        self.static_names = frozenset(kb.explicit) | BUILTINS
        self.code_names: set[str] = set(self.static_names)
        self.expander = Expander(self.macros)
        self.files: list[FileState] = []
        self.once: set[str] = set()
        self.guards: dict[str, str] = {}
        self.missing: dict[str, None] = {}
        self.included: dict[str, None] = {}
        self.pushed: dict[str, list[Macro | None]] = {}
        self.out: list[str] = []
        self.segments: list[Segment] = []
        self.facts: list[SalFact] = []
        self.sections: list[SectionPragma] = []

    # -- configuration -----------------------------------------------------------------

    def configure(
        self, defines: Sequence[tuple[str, str | None]], undefines: Sequence[str], where: str
    ) -> None:
        for known in _knowledge_macros(self.kb, self.cplusplus):
            self.set_macro(known.name, known)
        for name, value in defines:
            macro, warning = parse_define(f"{name} {'1' if value is None else value}")
            if macro is None or warning is not None:
                self.sink.warn(f"bad -D {name}: {warning}", where, code="preprocess")
            if macro is not None:
                self.set_macro(macro.name, macro)
        for name in undefines:
            self.set_macro(name.strip(), None)

    # -- files and segments ------------------------------------------------------------

    def open_file(self, path: Path, key: str, display: str, text: str) -> None:
        if self.files:
            self._close_segment(self.files[-1])
        lines, spans = logical_lines(normalize(text))
        self.files.append(
            FileState(
                path, key, display, _string_literal(display), lines, spans, seg_out=len(self.out)
            )
        )

    def _close_segment(self, f: FileState) -> None:
        count = len(self.out) - f.seg_out
        if count <= 0:
            return
        segs = self.segments
        if segs:
            last = segs[-1]
            if (
                last.file == f.display
                and last.out_start + last.count == f.seg_out
                and last.src_start + last.count == f.seg_src
            ):
                segs[-1] = Segment(last.out_start, last.count + count, f.display, last.src_start)
                return
        segs.append(Segment(f.seg_out, count, f.display, f.seg_src))

    def _end_file(self, f: FileState) -> None:
        if f.pending is not None:
            self.flush_pending(f)
        if f.conds:
            self.warn(f, f.conds[0].line, "#if without #endif (closed at the end of the file)")
        self._close_segment(f)
        if f.guard_state is Guard.CLOSED and f.guard is not None:
            self.guards[f.key] = f.guard
        self.files.pop()
        if self.files:
            parent = self.files[-1]
            parent.seg_out = len(self.out)
            parent.seg_src = parent.phys

    # -- the line loop -------------------------------------------------------------------

    def run(self) -> None:
        out = self.out
        code_names = self.code_names
        while self.files:
            budget.check()
            f = self.files[-1]
            if f.i >= len(f.lines):
                self._end_file(f)
                continue
            line = f.lines[f.i]
            span = f.spans[f.i] if f.spans is not None else 1
            f.i += 1
            phys = f.phys
            f.phys += span
            if "#" in line and is_directive(line):
                out.append("")
                if span > 1:
                    out.extend([""] * (span - 1))
                self.directive(f, line, phys)
                continue
            if not f.active:
                out.append("")
            elif f.pending is not None:
                self._continue_pending(f, line, phys)
            elif code_names.isdisjoint(_IDENT_RE.findall(line)) and (
                _MAYBE_SAL_RE.search(line) is None
            ):
                out.append(line)
            else:
                out.append("")
                self._code(f, line, phys, len(out) - 1)
            if f.guard_state is not Guard.NONE and not f.conds and line.strip():
                f.guard_state = Guard.NONE
            if span > 1:
                out.extend([""] * (span - 1))

    # -- code lines ------------------------------------------------------------------------

    def _code(self, f: FileState, line: str, phys: int, idx: int) -> None:
        incomplete = self._emit(f, [line], [phys], idx, final=False)
        if incomplete is not None:
            f.pending = Pending(
                [line], [idx], [phys], incomplete.need_paren, len(line), _paren_depth(line)
            )

    def _continue_pending(self, f: FileState, line: str, phys: int) -> None:
        pending = f.pending
        assert pending is not None
        self.out.append("")
        idx = len(self.out) - 1
        stripped = line.lstrip()
        if pending.need_paren and stripped and not stripped.startswith("("):
            self.flush_pending(f)
            self._code(f, line, phys, idx)
            return
        pending.texts.append(line)
        pending.out_idx.append(idx)
        pending.lines.append(phys)
        pending.chars += len(line)
        pending.depth += _paren_depth(line)
        count = len(pending.texts)
        if count > MAX_PENDING_LINES or pending.chars > MAX_LINE_CHARS:
            self.flush_pending(f)
        elif (
            stripped.startswith("(")
            if pending.need_paren
            else (")" in line and pending.depth <= 0) or count & (count - 1) == 0
        ):
            # Retry only when the parentheses may balance (and now and then, in case
            # the count was fooled), so that a long argument list costs linear time.
            incomplete = self._emit(
                f, pending.texts, pending.lines, pending.out_idx[0], final=False
            )
            if incomplete is None:
                f.pending = None
            else:
                pending.need_paren = incomplete.need_paren

    def flush_pending(self, f: FileState) -> None:
        """Give up on joining lines: expand each pending line on its own."""
        pending = f.pending
        f.pending = None
        if pending is None:
            return
        for text, idx, phys in zip(pending.texts, pending.out_idx, pending.lines):
            self._emit(f, [text], [phys], idx, final=True)

    def _emit(
        self, f: FileState, texts: list[str], lines: list[int], idx: int, final: bool
    ) -> Incomplete | None:
        """Expand and neutralise a chunk into out[idx], unless it needs more lines."""
        text = "\n".join(texts)
        if len(text) > MAX_LINE_CHARS:
            self.warn(f, lines[0], "line too long to preprocess; left as written")
            self.out[idx] = text.replace("\n", " ")
            return None
        toks = tokenize(text)
        if len(texts) > 1 and "__LINE__" in text and "__LINE__" not in self.macros:
            toks = _number_lines(toks, lines)
        first = _first_macro(toks, self.macros)
        warnings: list[str] = []
        try:
            if first < len(toks):  # what precedes the first macro name cannot change
                expanded = self.expander.expand(
                    toks[first:], code=True, final=final, line=lines[0], file_literal=f.file_literal
                )
                toks = toks[:first] + [t for t, _ in expanded]
                warnings = self.expander.warnings
            kept, raw_facts = (
                neutralise(toks, self.kb, self.macros, final)
                if needs_neutralising(toks, self.kb)
                else (toks, [])
            )
        except Incomplete as incomplete:
            return incomplete
        for message in warnings:
            self.warn(f, lines[0], message)
        self.out[idx] = join_tokens(kept).replace("\n", " ").rstrip()
        for raw in raw_facts:
            line = lines[min(raw.line_index, len(lines) - 1)]
            self.facts.append(SalFact(raw.name, raw.args, idx, f.display, line))
        return None


@functools.cache
def _knowledge_macros(kb: Knowledge, cplusplus: bool) -> tuple[Macro, ...]:
    """The macros every unit starts with, in definition order (parsed once per process:
    a `Macro` is immutable, and these were most of a small unit's preprocessing)."""
    config = list(kb.config_defines)
    if cplusplus:
        config += list(kb.cplusplus_defines)
    macros: list[Macro] = []
    for name, text in config:
        macro, _ = parse_define(f"{name} {text}", config=True)
        if macro is not None:
            macros.append(macro)
    for name, text in kb.code_defines:
        macro, _ = parse_define(f"{name} {text}")
        if macro is not None:
            macros.append(macro)
    return tuple(macros)


def _first_macro(toks: list[str], macros: Mapping[str, Macro]) -> int:
    """Index of the first token that may expand (len(toks) if none)."""
    for i, tok in enumerate(toks):
        if tok in macros or tok in BUILTINS:
            return i
    return len(toks)


_LITERAL_RE = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")


def _paren_depth(line: str) -> int:
    """ "(" minus ")" on a line, ignoring string and character literals."""
    if "(" not in line and ")" not in line:
        return 0
    if '"' in line or "'" in line:
        line = _LITERAL_RE.sub("", line)
    return line.count("(") - line.count(")")


def _number_lines(toks: list[str], lines: list[int]) -> list[str]:
    """Replace __LINE__ in a multi-line chunk by the line each one is written on."""
    out: list[str] = []
    k = 0
    for tok in toks:
        if tok == "__LINE__":
            tok = str(lines[min(k, len(lines) - 1)])
        elif "\n" in tok:
            k += tok.count("\n")
        out.append(tok)
    return out


def preprocess(
    main_file: Path,
    main_text: str,
    resolver: IncludeResolver,
    defines: Sequence[tuple[str, str | None]],
    undefines: Sequence[str],
    sink: DiagnosticSink,
) -> PreprocessedUnit:
    """Preprocess one translation unit for the configuration given (never raises)."""
    try:
        display = resolver.display(main_file)
    except Exception:  # noqa: BLE001 - a caller's resolver failing must not stop the run
        display = str(main_file)
    try:
        return _run(main_file, main_text, resolver, defines, undefines, sink, display)
    except budget.OutOfTime:
        raise
    except Exception as err:  # noqa: BLE001 - last resort: a bug costs only this unit
        sink.warn(
            f"internal preprocessor error ({type(err).__name__}: {err}); "
            "the file is analysed without preprocessing",
            display,
            code="preprocess-internal",
        )
        return _unpreprocessed(main_text, display)


def _run(
    main_file: Path,
    main_text: str,
    resolver: IncludeResolver,
    defines: Sequence[tuple[str, str | None]],
    undefines: Sequence[str],
    sink: DiagnosticSink,
    display: str,
) -> PreprocessedUnit:
    cplusplus = main_file.suffix.lower() in msvc_knowledge().cplusplus_suffixes
    kb = msvc_knowledge(cplusplus)
    pp = _Preprocessor(resolver, sink, kb, cplusplus)
    pp.configure(defines, undefines, display)
    key = os.path.normcase(os.path.abspath(main_file))
    pp.open_file(main_file, key, display, main_text)
    pp.run()
    text = "\n".join(pp.out) + "\n" if pp.out else ""
    return PreprocessedUnit(
        text=text,
        segments=tuple(pp.segments),
        included=tuple(pp.included),
        missing_includes=tuple(pp.missing),
        sal_facts=tuple(pp.facts),
        macros=MappingProxyType({name: m.definition() for name, m in pp.macros.items()}),
        main_file=display,
        sections=tuple(pp.sections),
    )


def _unpreprocessed(main_text: str, display: str) -> PreprocessedUnit:
    lines = normalize(main_text).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    text = "".join(line + "\n" for line in lines)
    segments = (Segment(0, len(lines), display, 1),) if lines else ()
    return PreprocessedUnit(text, segments, (), (), (), MappingProxyType({}), display)
