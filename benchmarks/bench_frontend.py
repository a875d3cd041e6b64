"""Time `ddiverify scan` against a bare tree-sitter parse of the same sources.

Without arguments: generates synthetic drivers of 10k, 25k and 50k lines (gen_driver.py)
in a temporary directory and times each; with directories as arguments: times those
(real drivers, for instance). For each driver, best of N runs (default 3):

- parse: tree-sitter alone on the driver's C files concatenated (C++ files with the C++
  grammar), no preprocessing: the floor any tree-sitter-based frontend starts from;
- scan: the whole `ddiverify scan DIR --format json` in-process (inputs, preprocessing,
  parsing, lowering to the IR, entry-point discovery, JSON report).

It prints one table row per driver (lines, parse s, scan s, lines/s of the scan, ratio
scan/parse) and, for generated drivers, the linearity check: seconds per thousand lines
at the largest size divided by the same at the smallest (about 1.0 when the frontend is
linear). Nothing here asserts on time; it reports.

    python benchmarks/bench_frontend.py [--repeat 3] [--sizes 10000,25000,50000] [DIR...]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tree_sitter
import tree_sitter_c
import tree_sitter_cpp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ddiverify.cli.main import main as ddiverify_main
from gen_driver import generate

DEFAULT_SIZES = (10_000, 25_000, 50_000)
C_SUFFIXES = frozenset({".c"})
CPP_SUFFIXES = frozenset({".cpp", ".cc", ".cxx"})
SOURCE_SUFFIXES = C_SUFFIXES | CPP_SUFFIXES | {".h", ".hpp"}


@dataclass(frozen=True, slots=True)
class Timing:
    """The best-of-N figures of one driver."""

    name: str
    lines: int
    parse_seconds: float
    scan_seconds: float

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.scan_seconds if self.scan_seconds else float("inf")

    @property
    def ratio(self) -> float:
        return self.scan_seconds / self.parse_seconds if self.parse_seconds else float("inf")

    @property
    def seconds_per_kline(self) -> float:
        return self.scan_seconds / (self.lines / 1000) if self.lines else 0.0


def _sources(driver: Path) -> list[Path]:
    return sorted(p for p in driver.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)


def count_lines(driver: Path) -> int:
    """Lines of every source file (headers included), as the scan reads them."""
    return sum(p.read_bytes().count(b"\n") for p in _sources(driver))


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """The shortest wall-clock time of `repeat` runs (the least disturbed one)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def bare_parse(driver: Path) -> Callable[[], object]:
    """Tree-sitter on the concatenated translation units, text read beforehand."""
    c_text = b"\n".join(p.read_bytes() for p in _sources(driver) if p.suffix in C_SUFFIXES)
    cpp_text = b"\n".join(p.read_bytes() for p in _sources(driver) if p.suffix in CPP_SUFFIXES)
    c_parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_c.language()))
    cpp_parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_cpp.language()))

    def run() -> object:
        trees = [c_parser.parse(c_text)]
        if cpp_text:
            trees.append(cpp_parser.parse(cpp_text))
        return trees

    return run


def full_scan(driver: Path) -> Callable[[], object]:
    """`ddiverify scan DRIVER --format json -o /dev/null`, in-process, stderr swallowed."""
    argv = ["scan", str(driver), "--format", "json", "-o", os.devnull]

    def run() -> object:
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = ddiverify_main(argv)
        if status not in (0, None):
            raise RuntimeError(f"scan of {driver} exited {status}: {err.getvalue().strip()}")
        return status

    return run


def time_driver(driver: Path, repeat: int, name: str | None = None) -> Timing:
    """Best-of-`repeat` figures, after one untimed scan that warms the process up."""
    full_scan(driver)()
    return Timing(
        name=name or driver.name,
        lines=count_lines(driver),
        parse_seconds=best_of(repeat, bare_parse(driver)),
        scan_seconds=best_of(repeat, full_scan(driver)),
    )


def format_table(timings: Sequence[Timing]) -> str:
    header = "{:<24} {:>8} {:>9} {:>9} {:>10} {:>10}".format(
        "driver", "lines", "parse s", "scan s", "lines/s", "scan/parse"
    )
    rows = [header]
    for t in timings:
        rows.append(
            f"{t.name:<24} {t.lines:>8} {t.parse_seconds:>9.3f} {t.scan_seconds:>9.3f} "
            f"{t.lines_per_second:>10.0f} {t.ratio:>10.1f}"
        )
    return "\n".join(rows)


def _per_kline(seconds: float, lines: int) -> float:
    return seconds / (lines / 1000) if lines else 0.0


def linearity(timings: Sequence[Timing]) -> str:
    """Seconds per kline at the largest driver over the same at the smallest.

    The same factor for the bare parse is printed beside it: tree-sitter is linear, so
    its factor shows how much of a deviation is measurement noise on this machine.
    """
    small = min(timings, key=lambda t: t.lines)
    large = max(timings, key=lambda t: t.lines)

    def factor(seconds: Callable[[Timing], float]) -> float:
        base = _per_kline(seconds(small), small.lines)
        return _per_kline(seconds(large), large.lines) / base if base else 0.0

    return (
        f"linearity: scan {large.seconds_per_kline * 1000:.1f} ms/kline at {large.lines} lines"
        f" vs {small.seconds_per_kline * 1000:.1f} ms/kline at {small.lines} lines:"
        f" x{factor(lambda t: t.scan_seconds):.2f}"
        f" (bare parse x{factor(lambda t: t.parse_seconds):.2f}; 1.00 is linear)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time ddiverify scan against tree-sitter.")
    parser.add_argument("drivers", nargs="*", type=Path, help="driver directories to time")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best kept)")
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="generated driver sizes in lines, comma-separated",
    )
    args = parser.parse_args(argv)

    if args.drivers:
        missing = [d for d in args.drivers if not d.is_dir()]
        if missing:
            parser.error(f"not a directory: {', '.join(map(str, missing))}")
        timings = [time_driver(d, args.repeat, d.name) for d in args.drivers]
        print(format_table(timings))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(format_table([]), flush=True)
    timings = []
    with tempfile.TemporaryDirectory(prefix="ddiverify-bench-") as tmp:
        for size in sizes:
            driver = Path(tmp) / f"gen{size}"
            generate(driver, size)
            timings.append(time_driver(driver, args.repeat, f"generated {size // 1000}k"))
            print(format_table(timings[-1:]).splitlines()[-1], flush=True)
    if len(timings) > 1:
        print(linearity(timings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
