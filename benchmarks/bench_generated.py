"""Time and memory of `ddiverify check` on generated drivers of growing size: is it linear?

For each `--sizes` entry and each `--kinds` entry, generates a driver (gen_driver.py: every
module exercises the rules' DDIs, correctly) and runs, each in a fresh process:

- scan: `ddiverify scan DIR --format json`;
- check: `ddiverify check DIR --rules RULES --jobs 1 --format json` (default `*`).

It prints per driver the wall time and the peak resident memory of each (the child's
`ru_maxrss`, from `os.wait4`), the check's CPU time (user + system, which a busy shared
machine disturbs less than the wall clock) and CPU milliseconds per thousand lines, and
the linearity factors (per-kline CPU time and memory at the largest size over the same
at the smallest; 1.0 is linear). Then the verdict table of every check, which must be free of
defects, timeouts and errors (the generated drivers have no defect), and, with
`--baseline`, the same rules checked with `--no-share` (one exploration per rule) on
the smallest driver of each kind: any verdict or defect that differs is printed. The
exit status is 1 when any check has a defect, a timeout, an error or a difference from
the baseline; time and memory are reported, never asserted.

    python benchmarks/bench_generated.py [--sizes 25000,50000,100000,200000]
        [--kinds physical,virtual] [--rules '*'] [--timeout 120] [--baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_driver import KINDS, generate

DEFAULT_SIZES = (25_000, 50_000, 100_000, 200_000)
_SHORT = {"pass": "pass", "not_applicable": "n/a", "timeout": "TIMEOUT", "error": "ERROR"}


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system: what the figures are compared by on a shared machine
    peak_mb: float
    report: dict[str, object]


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    kind: str
    lines: int
    scan: Run
    check: Run


def run(argv: list[str]) -> Run:
    """One `ddiverify` command in a fresh process: wall time, peak RSS, JSON report."""
    with tempfile.TemporaryDirectory(prefix="ddiverify-gen-out-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "ddiverify", *argv, "--format", "json", "-o", str(out)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1, 3):
            raise SystemExit(
                f"ddiverify {' '.join(argv)} exited {proc.returncode}: "
                f"{err.decode(errors='replace').strip()[-2000:]}"
            )
        report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale, report)


def results(report: dict[str, object]) -> dict[str, dict[str, object]]:
    found = report.get("results", [])
    assert isinstance(found, list)
    return {str(r["rule"]): r for r in found}


def cell(r: dict[str, object]) -> str:
    status = str(r.get("status"))
    if status == "defect":
        defects = r.get("defects", [])
        return f"D{len(defects) if isinstance(defects, list) else '?'}"
    return _SHORT.get(status, status)


def defects_of(r: dict[str, object]) -> set[tuple[object, object, object]]:
    found = r.get("defects", [])
    assert isinstance(found, list)
    return {(d.get("file"), d.get("line"), d.get("message")) for d in found}


def lines_of(report: dict[str, object]) -> int:
    stats = report.get("stats")
    return int(stats["lines"]) if isinstance(stats, dict) and "lines" in stats else 0


def per_kline(seconds: float, lines: int) -> float:
    return seconds / (lines / 1000) if lines else 0.0


def print_times(rows: list[Row]) -> None:
    print(
        f"{'driver':<16} {'lines':>7} {'scan s':>8} {'scan MB':>8} {'check s':>8} "
        f"{'check cpu':>9} {'check MB':>9} {'cpu ms/kl':>9} {'check/scan':>10}"
    )
    for r in rows:
        print(
            f"{r.name:<16} {r.lines:>7} {r.scan.seconds:>8.2f} {r.scan.peak_mb:>8.0f} "
            f"{r.check.seconds:>8.2f} {r.check.cpu:>9.2f} {r.check.peak_mb:>9.0f} "
            f"{per_kline(r.check.cpu, r.lines) * 1000:>9.1f} "
            f"{r.check.cpu / r.scan.cpu if r.scan.cpu else 0:>10.1f}"
        )


def print_linearity(rows: list[Row]) -> None:
    for kind in dict.fromkeys(r.kind for r in rows):
        mine = sorted((r for r in rows if r.kind == kind), key=lambda r: r.lines)
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        t = per_kline(large.check.cpu, large.lines) / per_kline(small.check.cpu, small.lines)
        m = (large.check.peak_mb / large.lines) / (small.check.peak_mb / small.lines)
        s = per_kline(large.scan.cpu, large.lines) / per_kline(small.scan.cpu, small.lines)
        print(
            f"linearity ({kind}, {small.lines} -> {large.lines} lines): check cpu time "
            f"x{t:.2f}, check memory x{m:.2f}, scan cpu time x{s:.2f} (per kline; 1.00 is "
            f"linear)"
        )


def print_verdicts(rows: list[Row]) -> int:
    """The verdict table; the number of defect, timeout and error verdicts."""
    rules = list(dict.fromkeys(n for r in rows for n in results(r.check.report)))
    applicable = [
        n
        for n in rules
        if any(results(r.check.report).get(n, {}).get("status") != "not_applicable" for r in rows)
    ]
    width = max([8, *(len(n) for n in applicable)])
    print(f"{'rule':<{width}} " + " ".join(f"{r.name:>16}" for r in rows))
    bad = 0
    for n in applicable:
        cells = []
        for r in rows:
            got = results(r.check.report).get(n)
            cells.append(cell(got) if got else "-")
            if got and got.get("status") in ("defect", "timeout", "error"):
                bad += 1
        print(f"{n:<{width}} " + " ".join(f"{c:>16}" for c in cells))
    never = [n for n in rules if n not in applicable]
    print(f"not applicable on any: {', '.join(never) or '(none)'}")
    return bad


def diff_verdicts(
    name: str, base: dict[str, dict[str, object]], shared: dict[str, dict[str, object]]
) -> int:
    changed = 0
    for rule in dict.fromkeys([*base, *shared]):
        b, s = base.get(rule), shared.get(rule)
        if b is None or s is None:
            print(f"{name}: {rule} only in {'the baseline' if s is None else 'the check'}")
            changed += 1
        elif cell(b) != cell(s) or defects_of(b) != defects_of(s):
            print(f"{name}: {rule}: --no-share {cell(b)}, shared {cell(s)}")
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--rules", default="*")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument(
        "--baseline",
        action="store_true",
        help="also check the smallest driver of each kind with --no-share and compare the verdicts",
    )
    a = ap.parse_args(argv)
    sizes = sorted(int(s) for s in a.sizes.split(",") if s.strip())
    kinds = [k.strip() for k in a.kinds.split(",") if k.strip()]
    rows: list[Row] = []
    changed = 0
    with tempfile.TemporaryDirectory(prefix="ddiverify-gen-") as tmp:
        for kind in kinds:
            for size in sizes:
                driver = Path(tmp) / f"{kind}{size}"
                generate(driver, size, kind=kind)
                scan = run(["scan", str(driver)])
                check = run(
                    [
                        "check",
                        str(driver),
                        "--rules",
                        a.rules,
                        "--jobs",
                        "1",
                        "--timeout",
                        str(a.timeout),
                    ]
                )
                row = Row(f"{kind[:4]} {size / 1000:g}k", kind, lines_of(scan.report), scan, check)
                rows.append(row)
                print(
                    f"  {row.name}: scan {scan.seconds:.1f} s, check {check.seconds:.1f} s, "
                    f"{check.peak_mb:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
                if a.baseline and size == sizes[0]:
                    base = run(
                        [
                            "check",
                            str(driver),
                            "--rules",
                            a.rules,
                            "--jobs",
                            "1",
                            "--timeout",
                            str(a.timeout),
                            "--no-share",
                        ]
                    )
                    changed += diff_verdicts(row.name, results(base.report), results(check.report))
    print_times(rows)
    print_linearity(rows)
    print()
    bad = print_verdicts(rows)
    if a.baseline:
        print(f"{changed} difference(s) from the --no-share baseline")
    print(f"{bad} defect, timeout or error verdict(s) (the generated drivers have no defect)")
    return 1 if bad or changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
