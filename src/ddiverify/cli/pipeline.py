"""The steps every command shares: inputs -> frontend -> discovery (+ overrides).

A run analyses one driver, or, when its PATH is a Visual Studio solution (or a folder
whose build description is one), each driver project of the solution on its own:
`plan_run` says which, `load_driver` loads one of them.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.frontend.load import FrontendStats, load_program
from ddiverify.harness.config import apply_overrides, load_overrides
from ddiverify.harness.discovery import DriverModel, Kind, discover
from ddiverify.inputs.collect import build_description, collect_inputs
from ddiverify.inputs.solution import is_solution, parse_solution, plan_solution
from ddiverify.inputs.sources import InputSet, display_path
from ddiverify.ir.program import Program
from ddiverify.knowledge.roles import role_table

NO_ENTRY_POINTS = (
    "no entry points found in {where}: declare one with a role type "
    "(`HW_FIND_ADAPTER MyFindAdapter;`), register it in the HW_INITIALIZATION_DATA passed to "
    "StorPortInitialize, or name it in a --config file"
)


def driver_files(driver: LoadedDriver) -> list[str]:
    """Every file the driver was read from: its units and the headers they include."""
    return [*(str(s.path) for s in driver.inputs.sources), *driver.program.files]


def _no_entry_points(where: str, program: Program) -> str:
    """Why no entry point was found: role types declared for functions that no file
    analysed defines (headers alone, say) call for the files that define them."""
    if not program.files:
        return (
            f"no entry points found in {where}: no file could be read (the warnings above say why)"
        )
    table = role_table()
    declared = [
        d
        for d in program.typed_decls
        if d.type_name in table.role_types and d.name not in program.functions
    ]
    if not declared:
        return NO_ENTRY_POINTS.format(where=where)
    shown = ", ".join(
        f"{d.type_name} {d.name} ({d.loc.file}:{d.loc.line})" for d in declared[:3]
    ) + (", ..." if len(declared) > 3 else "")
    return (
        f"no entry points found in {where}: role types are declared ({shown}) but no "
        "file analysed defines those functions; give the .c/.cpp files that do"
    )


# A file's preprocessing and lowering get the rules' budget (--timeout), never less than
# this: a budget small enough to time a rule out on purpose must not empty the driver.
MIN_FILE_BUDGET = 10.0


def file_budget(args: argparse.Namespace) -> float:
    return max(float(getattr(args, "timeout", 120.0)), MIN_FILE_BUDGET)


@dataclass(frozen=True, slots=True)
class LoadedDriver:
    inputs: InputSet
    program: Program
    model: DriverModel
    stats: FrontendStats
    started: float


@dataclass(frozen=True, slots=True)
class DriverTarget:
    """What one driver is read from; `project` names it inside a solution."""

    paths: tuple[str, ...]
    configuration: str | None
    platform: str | None
    project: str | None = None
    project_file: str | None = None
    solution_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class RunPlan:
    """The drivers of a run: one target, or a solution's driver projects."""

    targets: tuple[DriverTarget, ...]
    solution: str | None = None  # the .sln analysed, as displayed
    solution_configuration: str | None = None
    skipped: tuple[tuple[str, str], ...] = ()  # (project, why) not analysed

    @property
    def several(self) -> bool:
        """Each driver is reported on its own (a solution, no --project)."""
        return self.solution is not None and len(self.targets) != 1


def plan_run(args: argparse.Namespace, sink: DiagnosticSink) -> RunPlan:
    """The drivers `args.paths` name; a solution must be the only PATH."""
    project = getattr(args, "project", None)
    solution = _solution_of(args, sink)
    if solution is None:
        if project is not None:
            raise InputError(
                "--project picks a project of a solution: give a .sln (or a "
                "folder holding one) as PATH"
            )
        return RunPlan((DriverTarget(tuple(args.paths), args.configuration, args.platform),))
    display = display_path(solution)
    parsed = parse_solution(solution, display, sink)
    plan = plan_solution(
        parsed,
        display,
        configuration=args.configuration,
        platform=args.platform,
        project=project,
        sink=sink,
    )
    sink.note(f"solution configuration analysed: {plan.configuration}", display)
    targets = tuple(
        DriverTarget(
            (str(p.target),), p.configuration, p.platform, p.name, p.display, solution.parent
        )
        for p in plan.projects
    )
    if not targets:
        reasons = "; ".join(f"{name}: {why}" for name, why in plan.skipped) or "none listed"
        raise InputError(f"{display}: no driver project to analyse ({reasons})")
    return RunPlan(targets, display, plan.configuration, plan.skipped)


def _solution_of(args: argparse.Namespace, sink: DiagnosticSink) -> Path | None:
    """The solution the run is about: a `.sln` PATH, or the one a folder is built with."""
    found: list[Path] = []
    for text in args.paths:
        path = Path(text).resolve()
        if path.is_file() and is_solution(path):
            found.append(path)
        elif path.is_dir() and getattr(args, "use_projects", True):
            quiet = DiagnosticSink()
            description = build_description(path, display_path(path), quiet)
            if description is not None and is_solution(description):
                sink.extend(quiet)
                found.append(description)
    if not found:
        return None
    if len(args.paths) > 1:
        raise InputError(
            f"{display_path(found[0])}: a solution is analysed on its own: give "
            f"it (or its folder) as the only PATH"
        )
    return found[0]


def load_driver(
    args: argparse.Namespace, sink: DiagnosticSink, target: DriverTarget | None = None
) -> LoadedDriver:
    """Read, lower and discover one driver (by default the one `args.paths` names). An
    `InputError` carries the warnings recorded before it (a binary file skipped explains
    "no entry points found")."""
    try:
        return _load_driver(args, sink, target)
    except InputError as error:
        error.diagnostics = (*sink.items, *error.diagnostics)
        raise


def _load_driver(
    args: argparse.Namespace, sink: DiagnosticSink, target: DriverTarget | None
) -> LoadedDriver:
    started = time.perf_counter()
    if target is None:
        target = DriverTarget(tuple(args.paths), args.configuration, args.platform)
    inputs = collect_inputs(
        target.paths,
        defines=args.define or (),
        undefines=args.undefine or (),
        include_dirs=args.include or (),
        configuration=target.configuration,
        platform=target.platform,
        use_projects=getattr(args, "use_projects", True),
        solution_dir=target.solution_dir,
        sink=sink,
    )
    if inputs.configuration is not None:
        sink.note(f"configuration analysed: {inputs.configuration}")
    stats = FrontendStats()
    program = load_program(inputs, sink, stats, file_budget=file_budget(args))
    model = discover(program)
    if args.config:
        model = apply_overrides(model, load_overrides(args.config), program)
    if not model.entry_points:
        raise InputError(_no_entry_points(", ".join(target.paths), program))
    return LoadedDriver(inputs, program, model, stats, started)


def is_miniport(model: DriverModel) -> bool:
    """A Storport miniport: its kind is known (it calls StorPortInitialize) or it has a
    HwStor routine. A solution's other drivers (filters, WDM helpers) are not."""
    return model.kind is not Kind.UNKNOWN or any(
        e.role.startswith(("HW_", "VIRTUAL_HW_")) for e in model.entry_points
    )
