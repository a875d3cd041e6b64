"""The steps every command shares: inputs -> frontend -> discovery (+ overrides)."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.frontend.load import FrontendStats, load_program
from ddiverify.harness.config import apply_overrides, load_overrides
from ddiverify.harness.discovery import DriverModel, discover
from ddiverify.inputs.collect import collect_inputs
from ddiverify.inputs.sources import InputSet
from ddiverify.ir.program import Program

NO_ENTRY_POINTS = (
    "no entry points found in {where}: declare one with a role type "
    "(`HW_FIND_ADAPTER MyFindAdapter;`), register it in the HW_INITIALIZATION_DATA passed to "
    "StorPortInitialize, or name it in a --config file")


@dataclass(frozen=True, slots=True)
class LoadedDriver:
    inputs: InputSet
    program: Program
    model: DriverModel
    stats: FrontendStats
    started: float


def load_driver(args: argparse.Namespace, sink: DiagnosticSink) -> LoadedDriver:
    started = time.perf_counter()
    inputs = collect_inputs(args.paths, defines=args.define or (), undefines=args.undefine or (),
                            include_dirs=args.include or (), configuration=args.configuration,
                            platform=args.platform,
                            use_projects=getattr(args, "use_projects", True), sink=sink)
    if inputs.configuration is not None:
        sink.note(f"configuration analysed: {inputs.configuration}")
    stats = FrontendStats()
    program = load_program(inputs, sink, stats)
    model = discover(program)
    if args.config:
        model = apply_overrides(model, load_overrides(args.config), program)
    if not model.entry_points:
        raise InputError(NO_ENTRY_POINTS.format(where=", ".join(args.paths)))
    return LoadedDriver(inputs, program, model, stats, started)
