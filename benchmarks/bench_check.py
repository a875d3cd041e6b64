"""Time `ddiverify check` rule by rule against the frontend alone.

Targets, in this order: the largest annotated rule test driver under tests/drivers/rules/
(by lines; it measures the fixed cost of a check), one generated driver per `--sizes`
entry (default 20k lines; gen_driver.py, in a temporary directory), and any driver given
on the command line (a directory, a .vcxproj or anything else `ddiverify check` accepts).
For each target, in-process, best of N runs (default 3):

- frontend: `ddiverify scan PATH --format json`: reading, preprocessing, parsing, lowering
  and entry-point discovery; the floor of any check;
- one column per rule: `ddiverify check PATH --rules RULE --format json`, frontend included;
- all: `ddiverify check PATH --rules <the nine>`, the nine rules in one run (one process,
  `--jobs 1`, sharing explorations where the rules allow it);
- all/frontend: how many times the frontend the whole check costs.

A second table gives the verdict of every rule in the all-rules run, read from its JSON
report, and the benchmark fails (exit 1) when any rule's verdict or defects there differ
from its single-rule run (one rule, so one exploration of its own: the baseline that
sharing must match). Runs that end `timeout` or `error` are not repeated: their time is
the budget spent, not a measurement.

Each timed run is a forked child of the warmed-up benchmark process (so no start-up or
one-time loading is timed, and no run inherits another's heap), under an address-space
limit (`--memory-gb`, default 4): a rule whose state explodes ends with a MemoryError
(verdict `error`) instead of taking the machine down. Nothing here asserts on time; it
reports.

    python benchmarks/bench_check.py [--repeat 3] [--sizes 20000] [--timeout 120] [PATH...]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import resource
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ddiverify.cli.main import main as ddiverify_main
from gen_driver import generate

REPO = Path(__file__).resolve().parent.parent
RULE_TESTS = REPO / "tests" / "drivers" / "rules"
DEFAULT_SIZES = (20_000,)
SOURCE_SUFFIXES = frozenset({".c", ".cpp", ".h", ".hpp"})
DRIVER_FILE_SUFFIXES = frozenset({".c", ".cpp"})
_CHECK_ARGS = re.compile(r"//\s*check-args\s*:(.*)$", re.MULTILINE)

# The nine seed rules (the VirtualStorport set and StorPortMSILock), with the short column
# headers of the tables.
RULES: tuple[tuple[str, str], ...] = (
    ("DoubleExFreePool", "DExFree"),
    ("DoubleKeSetEvent", "DKeSet"),
    ("IoFreeIrp", "IoFree"),
    ("StorPortMSILock", "MSILock"),
    ("StorPortVirtualDevice", "VirtDev"),
    ("StorPortVirtualDevice2", "VirtDev2"),
    ("WithinCriticalRegion", "CritReg"),
    ("ZwRegistryCreate", "ZwCreate"),
    ("ZwRegistryOpen", "ZwOpen"),
)
_SHORT_STATUS = {"pass": "pass", "not_applicable": "n/a", "timeout": "TIMEOUT", "error": "ERROR"}


@dataclass(frozen=True, slots=True)
class Target:
    """One driver to time and the extra arguments its check needs."""

    name: str
    path: Path
    args: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Run:
    """The best time of one command on one target and the report of its last run."""

    seconds: float
    report: dict[str, object]


@dataclass(frozen=True, slots=True)
class Timing:
    """Every figure of one target."""

    name: str
    lines: int
    frontend: float
    per_rule: tuple[float, ...]
    all_rules: float
    results: tuple[dict[str, object], ...]
    single: tuple[dict[str, object], ...] = ()  # each rule's result in its own run

    @property
    def ratio(self) -> float:
        return self.all_rules / self.frontend if self.frontend else float("inf")


def _sources(driver: Path) -> list[Path]:
    if driver.is_file():
        return [driver]
    return sorted(p for p in driver.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)


def count_lines(driver: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in _sources(driver))


def largest_rule_test() -> Target:
    """The biggest annotated rule test driver (a .c/.cpp file or a directory), by lines.

    Its `// check-args:` headers are honoured, as the rule test runner does.
    """
    drivers = [
        d
        for rule_dir in sorted(RULE_TESTS.iterdir())
        if rule_dir.is_dir()
        for d in sorted(rule_dir.iterdir())
        if not d.name.startswith(("_", ".")) and (d.is_dir() or d.suffix in DRIVER_FILE_SUFFIXES)
    ]
    if not drivers:
        raise SystemExit(f"no rule test drivers under {RULE_TESTS}")
    driver = max(drivers, key=lambda d: (count_lines(d), str(d)))
    args = [
        a
        for f in _sources(driver)
        for line in _CHECK_ARGS.findall(f.read_text(encoding="utf-8", errors="replace"))
        for a in shlex.split(line)
    ]
    return Target(f"test {driver.parent.name}/{driver.stem}", driver, tuple(args))


def clear_memo_caches() -> None:
    """Empty ddiverify's bounded `lru_cache`s, which memoise work on the input analysed.

    Without this, a repeated run would find the previous run's answers (solver bounds,
    macro classifications) and the best of N would time a warm cache, not a check. The
    unbounded `functools.cache` ones (rule catalog, DDI tables, parsers) hold one-time
    loads and are kept, as in a real process they are paid once before any work.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("ddiverify") or module is None:
            continue
        for value in list(vars(module).values()):
            params = getattr(value, "cache_parameters", None)
            if callable(params) and params().get("maxsize") is not None:
                value.cache_clear()


def run_once(argv: list[str]) -> tuple[float, dict[str, object]]:
    """One in-process `ddiverify` run: its wall-clock seconds and its JSON report.

    Only the `main` call is timed; the report goes to a temporary file and is read back.
    """
    clear_memo_caches()
    with tempfile.TemporaryDirectory(prefix="ddiverify-bench-out-") as tmp:
        out = Path(tmp) / "report.json"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            start = time.perf_counter()
            status = ddiverify_main([*argv, "--format", "json", "-o", str(out)])
            seconds = time.perf_counter() - start
        if status not in (0, 1, 3, None):
            raise RuntimeError(f"ddiverify {argv[0]} exited {status}: {err.getvalue().strip()}")
        report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
        return seconds, report


def run_isolated(argv: list[str], memory_gb: float) -> tuple[float, dict[str, object]]:
    """`run_once` in a forked child of this warmed-up process, under the memory limit.

    The child starts with everything this process has loaded (no start-up cost is
    timed), and its memory goes back to the system when it exits: a rule that ran out
    of memory leaves no fragmented heap behind to slow down or fail the runs after it.
    A child killed outright (by the OOM killer, say) gives a report with an `error`.
    """
    if not hasattr(os, "fork"):
        return run_once(argv)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the result back, leave without cleanup
        os.close(read_fd)
        try:
            limit_memory(memory_gb)
            seconds, report = run_once(argv)
            payload = json.dumps({"seconds": seconds, "report": report})
        except BaseException as exc:  # noqa: BLE001 - anything goes back to the parent
            payload = json.dumps({"failure": f"{type(exc).__name__}: {exc}"})
        with os.fdopen(write_fd, "w", encoding="utf-8") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, encoding="utf-8") as pipe:
        payload = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    if not payload:
        return float("nan"), _failed(f"child died ({_describe_wait(wait_status)})")
    data = json.loads(payload)
    if "failure" in data:
        raise RuntimeError(data["failure"])
    return float(data["seconds"]), data["report"]


def _describe_wait(wait_status: int) -> str:
    if os.WIFSIGNALED(wait_status):
        return f"signal {os.WTERMSIG(wait_status)}"
    return f"exit {os.waitstatus_to_exitcode(wait_status)}"


def _failed(reason: str) -> dict[str, object]:
    results = [{"rule": rule, "status": "error", "reason": reason} for rule, _ in RULES]
    return {"results": results}


def _inconclusive(report: dict[str, object]) -> bool:
    results = report.get("results", [])
    assert isinstance(results, list)
    return any(r.get("status") in ("timeout", "error") for r in results)


def best_of(repeat: int, argv: list[str], memory_gb: float) -> Run:
    """The shortest wall-clock time of `repeat` runs; a timeout or error stops the repeats."""
    return best_of_interleaved(repeat, [argv], memory_gb)[0]


def best_of_interleaved(repeat: int, argvs: Sequence[list[str]], memory_gb: float) -> list[Run]:
    """`best_of` for several commands run in turn (a, b, a, b, ...), so that a drift of
    the machine's speed during the runs weighs on each alike: the ratio of their times
    is what the benchmark reports, and it should not depend on which ran first."""
    best = [float("inf")] * len(argvs)
    reports: list[dict[str, object]] = [{} for _ in argvs]
    done = [False] * len(argvs)
    for _ in range(repeat):
        for i, argv in enumerate(argvs):
            if done[i]:
                continue
            seconds, reports[i] = run_isolated(argv, memory_gb)
            best[i] = min(best[i], seconds)
            done[i] = _inconclusive(reports[i])
    return [Run(b, r) for b, r in zip(best, reports, strict=True)]


def _lines(report: dict[str, object], target: Target) -> int:
    stats = report.get("stats")
    if isinstance(stats, dict) and isinstance(stats.get("lines"), int):
        return int(stats["lines"])
    return count_lines(target.path)


def time_target(target: Target, repeat: int, timeout: float, memory_gb: float) -> Timing:
    """Every figure of one target, after one untimed scan of it in this process.

    The caller has already run one untimed check of every rule (on the small test
    driver), so one-time costs such as loading the rule files, the parsers and z3 are
    paid before the timed runs fork from this process and are not counted in any figure.
    """
    path = [str(target.path), *target.args]
    run_once(["scan", *path])
    check = ["check", *path, "--timeout", str(timeout), "--jobs", "1", "--rules"]
    singles = [best_of(repeat, [*check, rule], memory_gb) for rule, _ in RULES]
    frontend, everything = best_of_interleaved(
        repeat, [["scan", *path], [*check, ",".join(rule for rule, _ in RULES)]], memory_gb
    )
    results = everything.report.get("results", [])
    assert isinstance(results, list)
    single: list[dict[str, object]] = []
    for (rule, _), run in zip(RULES, singles, strict=True):
        found = run.report.get("results", [])
        assert isinstance(found, list)
        single.extend(r for r in found if r.get("rule") == rule)
    return Timing(
        name=target.name,
        lines=_lines(frontend.report, target),
        frontend=frontend.seconds,
        per_rule=tuple(run.seconds for run in singles),
        all_rules=everything.seconds,
        results=tuple(results),
        single=tuple(single),
    )


def format_times(timings: Sequence[Timing], width: int = 24) -> str:
    """Seconds: target, lines, frontend, one column per rule, all rules, all/frontend."""
    header = (
        f"{'target':<{width}} {'lines':>6} {'front s':>8} "
        + " ".join(f"{short:>8}" for _, short in RULES)
        + f" {'all s':>8} {'all/front':>9}"
    )
    rows = [header]
    for t in timings:
        rows.append(
            f"{t.name:<{width}} {t.lines:>6} {t.frontend:>8.2f} "
            + " ".join(f"{s:>8.2f}" for s in t.per_rule)
            + f" {t.all_rules:>8.2f} {t.ratio:>9.1f}"
        )
    return "\n".join(rows)


def verdict(result: dict[str, object] | None) -> str:
    """`D2` for two defects, `pass`, `n/a`, `TIMEOUT`, `ERROR`; `-` when the rule is absent."""
    if result is None:
        return "-"
    status = str(result.get("status"))
    if status == "defect":
        defects = result.get("defects", [])
        return f"D{len(defects) if isinstance(defects, list) else '?'}"
    return _SHORT_STATUS.get(status, status)


def format_verdicts(timings: Sequence[Timing], width: int = 24) -> str:
    """The all-rules run's verdict per rule, and the reason of any timeout or error."""
    rows = [f"{'target':<{width}} " + " ".join(f"{short:>8}" for _, short in RULES)]
    notes = []
    for t in timings:
        by_rule = {str(r.get("rule")): r for r in t.results}
        rows.append(
            f"{t.name:<{width}} " + " ".join(f"{verdict(by_rule.get(r)):>8}" for r, _ in RULES)
        )
        for rule, _ in RULES:
            r = by_rule.get(rule)
            if r is not None and r.get("status") in ("timeout", "error"):
                reason = " ".join(str(r.get("reason", "")).split())[:100]
                notes.append(
                    f"  {t.name}: {rule} {r.get('status')} after {r.get('seconds')} s: {reason}"
                )
    return "\n".join(rows + notes)


def _defects(result: dict[str, object]) -> set[tuple[object, object, object]]:
    found = result.get("defects", [])
    return (
        {(d.get("file"), d.get("line"), d.get("message")) for d in found}
        if isinstance(found, list)
        else set()
    )


def verdict_differences(timings: Sequence[Timing]) -> list[str]:
    """Where the all-rules run disagrees with a rule's own run (verdict or defects)."""
    out = []
    for t in timings:
        shared = {str(r.get("rule")): r for r in t.results}
        for alone in t.single:
            rule = str(alone.get("rule"))
            together = shared.get(rule)
            if together is None:
                out.append(f"  {t.name}: {rule} missing from the all-rules run")
            elif verdict(alone) != verdict(together) or _defects(alone) != _defects(together):
                out.append(
                    f"  {t.name}: {rule}: alone {verdict(alone)}, "
                    f"with the others {verdict(together)}"
                )
    return out


def limit_memory(gigabytes: float) -> None:
    """Cap this process's address space, so a runaway rule raises MemoryError instead."""
    if gigabytes <= 0:
        return
    limit = int(gigabytes * 1024**3)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time ddiverify check rule by rule.")
    parser.add_argument(
        "paths", nargs="*", type=Path, help="more drivers to time (directories, .vcxproj, ...)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best kept)")
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="generated driver sizes in lines, comma-separated ('' for none)",
    )
    parser.add_argument(
        "--no-test-driver", action="store_true", help="skip the largest rule test driver"
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="ddiverify check --timeout (seconds per rule)"
    )
    parser.add_argument(
        "--memory-gb", type=float, default=4.0, help="address-space limit of the process (0: none)"
    )
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"not found: {', '.join(map(str, missing))}")

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    given = [Target(p.name, p) for p in args.paths]
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory(prefix="ddiverify-bench-") as tmp:
        targets = [] if args.no_test_driver else [largest_rule_test()]
        for size in sizes:
            out = Path(tmp) / f"gen{size}"
            generate(out, size)
            targets.append(Target(f"generated {size / 1000:g}k", out))
        targets += given
        warm_up = largest_rule_test()
        run_once(
            [
                "check",
                str(warm_up.path),
                *warm_up.args,
                "--rules",
                ",".join(rule for rule, _ in RULES),
            ]
        )
        width = max([16, *(len(t.name) for t in targets)])
        print(format_times([], width), flush=True)
        for target in targets:
            timings.append(time_target(target, args.repeat, args.timeout, args.memory_gb))
            print(format_times(timings[-1:], width).splitlines()[-1], flush=True)
    print()
    print(format_verdicts(timings, width))
    differences = verdict_differences(timings)
    print(f"{len(differences)} difference(s) between the all-rules run and the single-rule runs")
    print("\n".join(differences) if differences else "", end="\n" if differences else "")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
