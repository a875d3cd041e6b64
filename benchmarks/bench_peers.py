"""ddiverify against the pattern matchers a Storport developer might reach for instead.

Times, side by side on one driver, `ddiverify check` with the nine seed rules (the
VirtualStorport set and StorPortMSILock) and with every rule (`*`), and three peers
running hand-written patterns for the nine rules (`benchmarks/peers/`): coccinelle
(`spatch`), semgrep and cppcheck (no pattern file: its own checks). Each figure is the
median of `--repeat` wall-clock runs of the command as a user would type it, start-up
included, the tools taking turns (a, b, c, a, b, c, ...) so that a change of the
machine's speed weighs on each alike; `x cocci` is each median over coccinelle's. Peers
that are not installed are listed as missing. The
peers match syntax inside one function; they cannot follow values through helpers,
fields or entry points, so they are a floor for speed, not a yardstick for findings.

Usage: python benchmarks/bench_peers.py DRIVER_DIR C_FILE [--repeat 3] [--semgrep PATH]
       [--spatch PATH] [--cppcheck PATH]
(C_FILE is the file the peers read, usually the driver's largest; ddiverify reads the
whole directory.)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


SEED_RULES = "VirtualStorport,StorPortMSILock"


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _commands(
    driver: Path, source: Path, tools: dict[str, str | None]
) -> dict[str, list[str] | None]:
    semgrep, spatch, cppcheck = tools["semgrep"], tools["spatch"], tools["cppcheck"]
    ddiverify = [
        sys.executable,
        "-m",
        "ddiverify",
        "check",
        str(driver),
        "--format",
        "json",
        "-o",
        "/dev/null",
        "--rules",
    ]
    return {
        "ddiverify": [*ddiverify, SEED_RULES],
        "ddiverify *": [*ddiverify, "*"],
        "coccinelle": [
            spatch,
            "--sp-file",
            str(HERE / "peers" / "storport_rules.cocci"),
            str(source),
            "--very-quiet",
        ]
        if spatch
        else None,
        "semgrep": [
            semgrep,
            "--metrics=off",
            "--disable-version-check",
            "--config",
            str(HERE / "peers" / "storport_rules.yaml"),
            str(source),
            "--json",
        ]
        if semgrep
        else None,
        "cppcheck": [cppcheck, "--quiet", str(source)] if cppcheck else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("driver", type=Path)
    ap.add_argument("source", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    for tool in ("semgrep", "spatch", "cppcheck"):
        ap.add_argument(
            f"--{tool}",
            default=shutil.which(tool),
            metavar="PATH",
            help=f"the {tool} executable (default: the one on PATH)",
        )
    args = ap.parse_args(argv)
    tools = {t: getattr(args, t) for t in ("semgrep", "spatch", "cppcheck")}
    lines = sum(1 for _ in args.source.open(encoding="utf-8", errors="replace"))
    print(f"{args.source.name}: {lines} lines (ddiverify reads all of {args.driver})")
    commands = _commands(args.driver, args.source, tools)
    times: dict[str, list[float]] = {name: [] for name, cmd in commands.items() if cmd}
    for _ in range(max(1, args.repeat)):
        for name, cmd in commands.items():
            if cmd is not None:
                times[name].append(_time(cmd))
    medians = {name: statistics.median(t) for name, t in times.items()}
    cocci = medians.get("coccinelle")
    print(f"{'tool':<12} {'wall s':>8} {'x cocci':>8}   (median of {args.repeat})")
    for name, cmd in commands.items():
        if cmd is None:
            print(f"{name:<12} {'missing':>8}")
            continue
        ratio = f"{medians[name] / cocci:8.2f}" if cocci else f"{'-':>8}"
        print(f"{name:<12} {medians[name]:8.2f} {ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
