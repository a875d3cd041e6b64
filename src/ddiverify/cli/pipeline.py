"""The steps every command shares: inputs -> frontend -> discovery (+ overrides)."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.frontend.load import FrontendStats, load_program
from ddiverify.harness.config import apply_overrides, load_overrides
from ddiverify.harness.discovery import DriverModel, discover
from ddiverify.harness.roles import role_table
from ddiverify.inputs.collect import collect_inputs
from ddiverify.inputs.sources import InputSet
from ddiverify.ir.program import Program

NO_ENTRY_POINTS = (
    "no entry points found in {where}: declare one with a role type "
    "(`HW_FIND_ADAPTER MyFindAdapter;`), register it in the HW_INITIALIZATION_DATA passed to "
    "StorPortInitialize, or name it in a --config file")


def driver_files(driver: LoadedDriver) -> list[str]:
    """Every file the driver was read from: its units and the headers they include."""
    return [*(str(s.path) for s in driver.inputs.sources), *driver.program.files]


def _no_entry_points(where: str, program: Program) -> str:
    """Why no entry point was found: role types declared for functions that no file
    analysed defines (headers alone, say) call for the files that define them."""
    if not program.files:
        return (f"no entry points found in {where}: no file could be read (the warnings "
                "above say why)")
    table = role_table()
    declared = [d for d in program.typed_decls
                if d.type_name in table.role_types and d.name not in program.functions]
    if not declared:
        return NO_ENTRY_POINTS.format(where=where)
    shown = ", ".join(f"{d.type_name} {d.name} ({d.loc.file}:{d.loc.line})"
                      for d in declared[:3]) + (", ..." if len(declared) > 3 else "")
    return (f"no entry points found in {where}: role types are declared ({shown}) but no "
            "file analysed defines those functions; give the .c/.cpp files that do")


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


def load_driver(args: argparse.Namespace, sink: DiagnosticSink) -> LoadedDriver:
    """The driver the PATHs name. An `InputError` carries the warnings recorded before
    it (a binary file skipped explains "no entry points found")."""
    try:
        return _load_driver(args, sink)
    except InputError as error:
        error.diagnostics = (*sink.items, *error.diagnostics)
        raise


def _load_driver(args: argparse.Namespace, sink: DiagnosticSink) -> LoadedDriver:
    started = time.perf_counter()
    inputs = collect_inputs(args.paths, defines=args.define or (), undefines=args.undefine or (),
                            include_dirs=args.include or (), configuration=args.configuration,
                            platform=args.platform,
                            use_projects=getattr(args, "use_projects", True), sink=sink)
    if inputs.configuration is not None:
        sink.note(f"configuration analysed: {inputs.configuration}")
    stats = FrontendStats()
    program = load_program(inputs, sink, stats, file_budget=file_budget(args))
    model = discover(program)
    if args.config:
        model = apply_overrides(model, load_overrides(args.config), program)
    if not model.entry_points:
        raise InputError(_no_entry_points(", ".join(args.paths), program))
    return LoadedDriver(inputs, program, model, stats, started)
