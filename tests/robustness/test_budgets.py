"""Budgets hold wherever the time goes, and Ctrl-C ends a run at once, cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import DOUBLE_SET, cli, env, nested_ifs, write

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.engine import solver
from ddiverify.engine.values import Int
from ddiverify.frontend.load import load_program
from ddiverify.inputs.collect import collect_inputs


def test_timeout_holds_while_solver_terms_are_built(tmp_path: Path) -> None:
    """150 nested `if (x > 1) { x--; ...`: the terms of x grow with the nesting and used
    to be built with no look at the clock (2.8 s under --timeout 1, 30 s under 5)."""
    write(tmp_path, {"d/d.c": nested_ifs(150)})
    run = cli(
        "check",
        "d",
        "--rules",
        "DoubleKeSetEvent",
        "--timeout",
        "1",
        "--jobs",
        "1",
        "--format",
        "json",
        cwd=tmp_path,
    )
    run.assert_clean()
    result = json.loads(run.out)["results"][0]
    if result["status"] == "timeout":
        assert run.code == 3 and result["seconds"] <= 1.3, result
    else:  # a much faster machine: then a verdict, found within the budget
        assert result["seconds"] <= 1.0 and run.code == 1


def test_each_exploration_starts_with_empty_solver_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule's time and budget are its own, whatever was checked before it."""
    from ddiverify.cli.check import run_rules
    from ddiverify.cli.main import build_parser
    from ddiverify.cli.pipeline import load_driver

    write(tmp_path, {"d/d.c": DOUBLE_SET})
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["check", "d"])
    driver = load_driver(args, DiagnosticSink())
    sentinel = frozenset({solver.Cmp("==", Int(1), Int(2))})
    solver._SAT_CACHE[sentinel] = True
    run_rules(driver, ["DoubleKeSetEvent"], 30.0, 1, False)
    assert sentinel not in solver._SAT_CACHE


def test_a_file_out_of_time_in_the_frontend_costs_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"d/good.c": DOUBLE_SET, "d/slow.c": "int slow;\n" * 20000})
    monkeypatch.chdir(tmp_path)
    sink = DiagnosticSink()
    inputs = collect_inputs(["d"], sink=sink)
    from ddiverify.frontend import load

    real = load.preprocess  # type: ignore[attr-defined]

    def slow(path: Path, *rest: object) -> object:
        if path.name == "slow.c":
            time.sleep(0.3)
            from ddiverify import budget

            budget.check_now()
        return real(path, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "preprocess", slow)
    program = load_program(inputs, sink, file_budget=0.2)
    assert "MyStartIo" in program.functions
    assert any(
        "not preprocessed within the 0.2 s budget" in d.message and d.file == "d/slow.c"
        for d in sink.items
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_solver_work_exits_130_at_once(tmp_path: Path, jobs: str) -> None:
    """Before: with --jobs 2 the exit came 26-78 s after SIGINT, with z3 `__del__`
    tracebacks; with one process some interrupts were swallowed (exit 1)."""
    files = {
        f"d/d{i}.c": nested_ifs(150)
        .replace("MyStartIo", f"MyStartIo{i}")
        .replace("MyFind", f"MyFind{i}")
        .replace("DriverEntry", f"Entry{i}")
        .replace("KEVENT Ev;", f"KEVENT Ev{i};")
        .replace("&Ev,", f"&Ev{i},")
        for i in range(2)
    }
    files["d/d0.c"] = nested_ifs(150)
    write(tmp_path, files)
    out = tmp_path / "report.json"
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ddiverify",
            "check",
            "d",
            "--rules",
            "DoubleKeSetEvent,DoubleExFreePool,ZwRegistryOpen",
            "--no-share",
            "--timeout",
            "60",
            "--jobs",
            jobs,
            "--format",
            "json",
            "-o",
            str(out),
        ],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(2.5)  # loaded, and into the solver's work
    sent = time.monotonic()
    os.killpg(p.pid, signal.SIGINT)  # as a terminal does: the whole process group
    try:
        _, err = p.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        _, err = p.communicate()
        pytest.fail(f"still running 15 s after Ctrl-C: {err}")
    waited = time.monotonic() - sent
    assert p.returncode == 130, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert "interrupted" in err
    assert waited < 5, waited
    assert not out.exists()
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".part")]
