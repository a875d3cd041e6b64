"""Turn the user's PATHs and preprocessor options into the translation units of a run.

A PATH is a driver directory (every source below it), a source file, a `.vcxproj` or a
compilation database (`*.json`). Each kind yields `UnitCandidate`s; this module merges
them, applies the command line's `-I`/`-D`/`-U` after each unit's own settings, and
returns a sorted, de-duplicated `InputSet`.

Invariants: the same inputs give the same `InputSet`; a file named by a project or
compilation database keeps that description's settings even when a directory walk also
finds it; a run without any translation unit raises `InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs.candidates import UnitCandidate
from ddiverify.inputs.compile_db import load_compile_db
from ddiverify.inputs.macros import MacroOp, fold_macro_ops, parse_define, parse_undefine
from ddiverify.inputs.paths import walk_tree
from ddiverify.inputs.solution import is_solution
from ddiverify.inputs.sources import (
    InputSet,
    SourceFile,
    display_path,
    header_language,
    source_language,
    special_kind,
)
from ddiverify.inputs.vcxproj import load_vcxproj
from ddiverify.inputs.wdk_sources import is_build_file, load_wdk_build

_KINDS = (
    "give a driver directory, source files, a .vcxproj, a WDK sources or dirs file "
    "or compile_commands.json"
)


@dataclass(slots=True)
class _Collected:
    """What the PATHs yielded so far, in the user's order."""

    units: list[UnitCandidate] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)
    configurations: list[str] = field(default_factory=list)
    projects: int = 0
    seen: set[Path] = field(default_factory=set)

    def add_root(self, root: Path) -> None:
        if root not in self.roots:
            self.roots.append(root)


def collect_inputs(
    paths: Sequence[str],
    *,
    defines: Sequence[str] = (),
    undefines: Sequence[str] = (),
    include_dirs: Sequence[str] = (),
    configuration: str | None = None,
    platform: str | None = None,
    use_projects: bool = True,
    solution_dir: Path | None = None,
    sink: DiagnosticSink,
) -> InputSet:
    """The translation units named by `paths`, with the command line's settings applied.

    A directory holding a build description at its top level (see `build_description`)
    is read through it unless `use_projects` is false. A solution names several drivers:
    the caller plans it (`solution.plan_solution`) and gives each project here on its
    own, with the solution's folder as `solution_dir`."""
    cwd = Path.cwd().resolve()
    user_ops = _user_macro_ops(defines, undefines)
    user_dirs = _user_include_dirs(include_dirs, cwd, sink)
    if not paths:
        raise InputError(f"no PATH given; {_KINDS}")
    collected = _Collected()
    for text in paths:
        options = _Options(configuration, platform, tuple(defines), use_projects, solution_dir)
        _collect_path(text, cwd, options, sink, collected)
    if (configuration or platform) and not collected.projects:
        sink.note("--configuration/--platform apply to .vcxproj inputs only; ignored")
    units = _merge(collected.units)
    if not units:
        raise InputError(f"no C/C++ sources found in {', '.join(paths)}; {_KINDS}")
    sources = [_source_file(unit, user_ops, user_dirs, cwd) for unit in units]
    sources.sort(key=lambda source: source.display)
    configurations = list(dict.fromkeys(collected.configurations))
    headers = tuple(dict.fromkeys(h for root in collected.roots for h in walk_tree(root).headers))
    return InputSet(
        tuple(sources),
        tuple(collected.roots),
        ", ".join(configurations) if configurations else None,
        headers,
    )


@dataclass(frozen=True, slots=True)
class _Options:
    """What the command line says about how a build description is evaluated."""

    configuration: str | None
    platform: str | None
    defines: tuple[str, ...]
    use_projects: bool = True
    solution_dir: Path | None = None


def _collect_path(
    text: str, cwd: Path, options: _Options, sink: DiagnosticSink, collected: _Collected
) -> None:
    path = (cwd / text).resolve()
    if not path.exists():
        raise InputError(f"{text}: no such file or directory; check the path")
    if not path.is_dir() and not path.is_file():
        raise InputError(
            f"{text}: not a regular file or directory ({special_kind(path)}); {_KINDS}"
        )
    if path in collected.seen:
        return
    collected.seen.add(path)
    display = display_path(path, cwd)
    if path.is_dir():
        description = build_description(path, display, sink) if options.use_projects else None
        if description is not None and is_solution(description):
            raise InputError(
                f"{display}: holds the solution {description.name}, which is "
                f"analysed on its own: give it (or this folder) as the only "
                f"PATH, or --no-project"
            )
        if description is not None:
            _collect_path(str(description), cwd, options, sink, collected)
            return
        collected.add_root(path)
        collected.units.extend(_directory_units(path, display, sink))
        return
    collected.add_root(path.parent)
    suffix = path.suffix.lower()
    if is_solution(path):
        raise InputError(
            f"{text}: a solution is analysed on its own: give it as the only "
            f"PATH (with --project NAME for one of its projects)"
        )
    if suffix == ".vcxproj":
        project = load_vcxproj(
            path,
            display,
            configuration=options.configuration,
            platform=options.platform,
            solution_dir=options.solution_dir,
            sink=sink,
        )
        wdk = _makefile_sources(project.configuration_type, bool(project.units), path)
        if wdk is not None:
            sink.note(
                f"a Makefile project (it runs build.exe): analysed through {wdk.name} beside it",
                display,
            )
            _collect_path(str(wdk), cwd, options, sink, collected)
            return
        collected.configurations.append(project.configuration.label)
        collected.projects += 1
        collected.units.extend(project.units)
    elif suffix == ".json":
        collected.units.extend(load_compile_db(path, display, sink))
    elif is_build_file(path):
        build = load_wdk_build(path, display, defines=options.defines, sink=sink)
        collected.configurations.append(f"build.exe {build.configuration}")
        collected.units.extend(build.units)
    else:
        language = source_language(path) or header_language(path)
        if language is None:
            sink.warn(
                "not a C/C++ source, .vcxproj, WDK sources or dirs file or "
                "compile_commands.json; skipped",
                display,
            )
        else:
            collected.units.append(UnitCandidate(path, language))


def build_description(root: Path, display: str, sink: DiagnosticSink) -> Path | None:
    """The file `root` is built with, noted: the `.vcxproj` named after the folder, else
    its `.sln` (the one named after the folder, else the first: it says which projects
    make the drivers), else its only or first `.vcxproj`, else its `dirs`, else its
    `sources` file."""
    try:
        entries = sorted(p for p in root.iterdir() if p.is_file())
    except OSError:
        return None
    projects = [p for p in entries if p.suffix.lower() == ".vcxproj"]
    solutions = [p for p in entries if is_solution(p)]
    wdk = [p for name in ("dirs", "sources") for p in entries if p.name.lower() == name]
    named = [p for p in projects + solutions if p.stem.lower() == root.name.lower()]
    candidates = projects + solutions
    if candidates:
        chosen = (
            next((p for p in named if p.suffix.lower() == ".vcxproj"), None)
            or (named[0] if named else None)
            or (solutions or projects)[0]
        )
        others = [p.name for p in candidates if p != chosen]
        also = f" (also there: {', '.join(others)})" if others else ""
    elif wdk:
        chosen, also = wdk[0], ""
    else:
        return None
    sink.note(
        f"analysed through {chosen.name}, found in it{also}; give --no-project to "
        f"analyse every source below it instead",
        display,
    )
    return chosen


def _makefile_sources(kind: str | None, has_units: bool, project: Path) -> Path | None:
    """The WDK `sources` (or `dirs`) file beside a Makefile project with no C/C++ items:
    such a project only runs build.exe, which reads that file."""
    if (kind or "").lower() != "makefile" or has_units:
        return None
    try:
        entries = {p.name.lower(): p for p in project.parent.iterdir() if p.is_file()}
    except OSError:
        return None
    return entries.get("sources") or entries.get("dirs")


def _directory_units(root: Path, display: str, sink: DiagnosticSink) -> list[UnitCandidate]:
    """Every source below `root`; its headers when it has no source at all (a header-only
    library is still worth checking). Header folders become fallback include dirs."""
    tree = walk_tree(root, lambda where, message: sink.warn(message, display_path(Path(where))))
    files = tree.sources or tree.headers
    units: list[UnitCandidate] = []
    for file in files:
        language = source_language(file) or header_language(file)
        if language is not None:
            units.append(
                UnitCandidate(file.resolve(), language, fallback_include_dirs=tree.header_dirs)
            )
    return units


def _merge(units: Iterable[UnitCandidate]) -> list[UnitCandidate]:
    """One candidate per path: the first from a build description, else the first found."""
    chosen: dict[Path, UnitCandidate] = {}
    for unit in units:
        previous = chosen.get(unit.path)
        if previous is None or (unit.from_build and not previous.from_build):
            chosen[unit.path] = unit
    return list(chosen.values())


def _source_file(
    unit: UnitCandidate, user_ops: Sequence[MacroOp], user_dirs: Sequence[Path], cwd: Path
) -> SourceFile:
    dirs = tuple(dict.fromkeys((*unit.include_dirs, *user_dirs, *unit.fallback_include_dirs)))
    defines, undefines = fold_macro_ops((*unit.macro_ops, *user_ops))
    return SourceFile(
        unit.path, display_path(unit.path, cwd), unit.language, dirs, defines, undefines
    )


def _user_macro_ops(defines: Sequence[str], undefines: Sequence[str]) -> list[MacroOp]:
    """-D then -U, as the command line gave them; a malformed name stops the run."""
    ops: list[MacroOp] = []
    for text in defines:
        op = parse_define(text)
        if op is None:
            raise InputError(f"-D '{text}': not a macro definition; use -D NAME or -D NAME=VALUE")
        ops.append(op)
    for text in undefines:
        op = parse_undefine(text)
        if op is None:
            raise InputError(f"-U '{text}': not a macro name; use -U NAME")
        ops.append(op)
    return ops


def _user_include_dirs(include_dirs: Sequence[str], cwd: Path, sink: DiagnosticSink) -> list[Path]:
    found: list[Path] = []
    for text in include_dirs:
        path = (cwd / text).resolve()
        if not path.is_dir():
            sink.warn(f"-I {text}: no such directory; ignored")
        elif path not in found:
            found.append(path)
    return found
