"""The frontend's one entry point: an `InputSet` in, an IR `Program` out.

Per translation unit: read (inputs.read_text), preprocess for the chosen configuration,
parse with tree-sitter, then lower. Names are collected from every unit before any body
is lowered. Invariants: one unreadable or unparsable file costs only that file (a
warning); a header included by several units contributes its functions once and its
warnings once; in C++ units a second definition of a name is an overload, kept as
`name@file:line`; the result is deterministic.
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import tree_sitter

from ddiverify import budget
from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.lower_expr import UnitContext
from ddiverify.frontend.parse import parse, parser
from ddiverify.frontend.pp_sections import SectionPragma, sections_of
from ddiverify.frontend.preprocess import FileIncludeResolver, PreprocessedUnit, preprocess
from ddiverify.frontend.toplevel import Names, UnitResult, collect_names, lower_unit
from ddiverify.inputs.sources import InputSet, Language, SourceFile, display_path, read_text
from ddiverify.ir.cfg import Loc
from ddiverify.ir.program import Annotation, Function, GlobalVar, Program, TypedDecl
from ddiverify.knowledge.wdk import knowledge


@dataclass(slots=True)
class FrontendStats:
    files: int = 0
    lines: int = 0
    seconds: float = 0.0
    missing_includes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Unit:
    source: SourceFile
    pp: PreprocessedUnit
    tree: tree_sitter.Tree
    loc_of_row: list[Loc]


class _Reader:
    """Reads each file once per run and remembers its line count for the stats; names
    each file once per run too (`display_path` resolves the path: a few system calls)."""

    def __init__(self, sink: DiagnosticSink) -> None:
        self.sink = sink
        self.texts: dict[Path, str | None] = {}
        self._displays: dict[Path, str] = {}

    def display(self, path: Path) -> str:
        shown = self._displays.get(path)
        if shown is None:
            shown = self._displays[path] = display_path(path)
        return shown

    def read(self, path: Path) -> str | None:
        if path not in self.texts:
            self.texts[path] = read_text(path, self.sink, self.display(path))
        return self.texts[path]


def _rows(pp: PreprocessedUnit) -> list[Loc]:
    rows: list[Loc] = []
    for seg in pp.segments:
        while len(rows) < seg.out_start:
            rows.append(rows[-1] if rows else Loc(seg.file, seg.src_start))
        rows.extend(Loc(seg.file, seg.src_start + i) for i in range(seg.count))
    total = pp.text.count("\n") + 1
    while len(rows) < total:
        rows.append(rows[-1] if rows else Loc("<unknown>", 1))
    return rows


@functools.cache
def _enum_query(lang: Language) -> tree_sitter.Query:
    return tree_sitter.Query(
        parser(lang).language,  # type: ignore[arg-type]
        "(enumerator_list) @list (field_declaration) @field",
    )


def load_program(
    inputs: InputSet,
    sink: DiagnosticSink,
    stats: FrontendStats | None = None,
    file_budget: float = math.inf,
) -> Program:
    """The driver's program. Each unit gets `file_budget` seconds to be preprocessed and
    parsed, and as many to be lowered: a unit that runs out is skipped with a warning,
    and the others are analysed."""
    started = time.perf_counter()
    stats = stats if stats is not None else FrontendStats()
    first_diagnostic = len(sink.items)
    reader = _Reader(sink)
    units: list[_Unit] = []
    missing: set[str] = set()
    tree_headers: dict[str, list[Path]] = {}
    for header in inputs.tree_headers:
        tree_headers.setdefault(header.name.lower(), []).append(header)

    def found_in_tree(spelled: str, path: Path) -> None:
        sink.note(
            f"#include {spelled} is on no include path; using {display_path(path)}, "
            f"the only file of that name in the driver's tree",
            code="frontend",
        )

    listings: dict[str, dict[str, list[str]]] = {}  # folder listings, shared by the units
    for source in inputs.sources:
        text = reader.read(source.path)
        if text is None:
            continue
        resolver = FileIncludeResolver(
            list(source.include_dirs) + list(inputs.roots),
            reader.display,
            reader.read,
            tree_headers,
            found_in_tree,
            listings,
        )
        try:
            with budget.limit(time.monotonic() + file_budget):
                pp = preprocess(source.path, text, resolver, source.defines, source.undefines, sink)
                budget.check_now()
        except budget.OutOfTime:
            sink.warn(
                f"skipped: not preprocessed within the {file_budget:g} s budget",
                source.display,
                code="budget",
            )
            continue
        missing.update(pp.missing_includes)
        tree = parse(pp.text, source.language)
        units.append(_Unit(source, pp, tree, _rows(pp)))
    kb = knowledge()
    names = Names()
    for unit in units:
        collect_names(
            unit.tree.root_node,
            _enum_query(unit.source.language),
            names,
            kb,
            unit.source.language is Language.CPP,
        )
    results: list[UnitResult] = []
    lowered: set[tuple[str, Loc]] = set()
    # The program's names are the same for every unit (built once: per unit, they made
    # a run of n one-function files cost n^2).
    functions = frozenset(names.functions)
    globals_ = frozenset(names.globals - names.functions)
    methods = {k: v for k, v in names.methods.items() if k not in names.ambiguous_methods}
    for unit in units:
        ctx = UnitContext(
            loc_of_row=unit.loc_of_row,
            functions=functions,
            globals=globals_,
            enums=names.enums,
            kb=kb,
            sink=sink,
            classes=names.classes,
            field_types=names.field_types,
            methods=methods,
        )
        sal = [(f.out_line, Annotation(f.name, f.args)) for f in unit.pp.sal_facts]
        try:
            with budget.limit(time.monotonic() + file_budget):
                result = lower_unit(unit.tree.root_node, ctx, sal, sink, lowered)
        except budget.OutOfTime:
            sink.warn(
                f"skipped: not lowered within the {file_budget:g} s budget",
                unit.source.display,
                code="budget",
            )
            continue
        result.cplusplus = unit.source.language is Language.CPP
        results.append(result)
    program = _merge(results, sink)
    _place_in_sections(program[0], [p for u in units for p in u.pp.sections])
    _drop_repeats(sink, first_diagnostic)
    stats.files = sum(1 for t in reader.texts.values() if t is not None)
    stats.lines = sum(
        t.count("\n") + (0 if t.endswith("\n") else 1) for t in reader.texts.values() if t
    )
    stats.missing_includes = sorted(missing)
    stats.seconds = time.perf_counter() - started
    files = tuple(sorted(reader.display(p) for p, t in reader.texts.items() if t is not None))
    return Program(
        functions=program[0],
        globals=program[1],
        typed_decls=program[2],
        files=files,
        lines=stats.lines,
        prototypes=program[3],
        field_types={k: frozenset(v) for k, v in sorted(names.field_types.items())},
    )


def _drop_repeats(sink: DiagnosticSink, start: int) -> None:
    """A header included by many units says the same thing once, not once per unit."""
    sink.items[start:] = list(dict.fromkeys(sink.items[start:]))


def _merge(
    results: list[UnitResult], sink: DiagnosticSink
) -> tuple[dict[str, Function], dict[str, GlobalVar], tuple[TypedDecl, ...], frozenset[str]]:
    functions: dict[str, Function] = {}
    for r in results:
        for fn in r.functions:
            old = functions.get(fn.name)
            if old is None:
                functions[fn.name] = fn
            elif old.loc != fn.loc:
                if r.cplusplus or "operator" in fn.name or "::" in fn.name:
                    functions[f"{fn.name}@{fn.loc.file}:{fn.loc.line}"] = fn  # C++ overloads
                elif fn.is_static:
                    functions[f"{fn.name}@{fn.loc.file}"] = fn
                else:
                    sink.warn(
                        f"function {fn.name} is defined twice (also at {old.loc}); "
                        "the first definition is analysed",
                        fn.loc.file,
                        fn.loc.line,
                        code="frontend",
                    )
    notes: dict[str, tuple[Annotation, ...]] = {}
    for r in results:
        for name, anns in r.prototypes.items():
            notes[name] = notes.get(name, ()) + anns
    for name, anns in notes.items():
        target = functions.get(name)
        if target is not None and anns:
            merged = tuple(dict.fromkeys(target.annotations + anns))
            functions[name] = _with_annotations(target, merged)
    globals_: dict[str, GlobalVar] = {}
    for r in results:
        for g in r.globals:
            if g.name in functions:
                continue
            if g.name not in globals_ or (g.init and not globals_[g.name].init):
                globals_[g.name] = g
    decls = tuple(dict.fromkeys(d for r in results for d in r.typed_decls))
    prototypes = frozenset(n for r in results for n in r.prototypes)
    ordered = dict(sorted(functions.items(), key=lambda kv: (kv[1].loc, kv[0])))
    return ordered, dict(sorted(globals_.items())), decls, prototypes


def _place_in_sections(functions: dict[str, Function], pragmas: list[SectionPragma]) -> None:
    """Record the code section each function is placed in by the units' pragmas."""
    if not pragmas:
        return
    placed = sections_of({n: (f.loc.file, f.loc.line) for n, f in functions.items()}, pragmas)
    for name, section in placed.items():
        functions[name] = replace(functions[name], section=section)


def _with_annotations(fn: Function, anns: tuple[Annotation, ...]) -> Function:
    return replace(fn, annotations=anns)
