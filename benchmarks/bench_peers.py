"""ddiverify against the pattern matchers a Storport developer might reach for instead.

Times, side by side on one driver, the whole nine-rule `ddiverify check` and three
peers running hand-written patterns for the same rules (`benchmarks/peers/`):
coccinelle (`spatch`), semgrep and cppcheck (no pattern file: its own checks). Each
figure is the best of `--repeat` wall-clock runs of the command as a user would type
it, Python start-up included. Peers that are not installed are listed as missing. The
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
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _best(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def _commands(driver: Path, source: Path, tools: dict[str, str | None]
              ) -> dict[str, list[str] | None]:
    semgrep, spatch, cppcheck = tools["semgrep"], tools["spatch"], tools["cppcheck"]
    return {
        "ddiverify": [sys.executable, "-m", "ddiverify", "check", str(driver), "--rules",
                      "Default", "--format", "json", "-o", "/dev/null"],
        "coccinelle": [spatch, "--sp-file", str(HERE / "peers" / "storport_rules.cocci"),
                       str(source), "--very-quiet"] if spatch else None,
        "semgrep": [semgrep, "--metrics=off", "--disable-version-check", "--config",
                    str(HERE / "peers" / "storport_rules.yaml"), str(source), "--json"]
        if semgrep else None,
        "cppcheck": [cppcheck, "--quiet", str(source)] if cppcheck else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("driver", type=Path)
    ap.add_argument("source", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    for tool in ("semgrep", "spatch", "cppcheck"):
        ap.add_argument(f"--{tool}", default=shutil.which(tool), metavar="PATH",
                        help=f"the {tool} executable (default: the one on PATH)")
    args = ap.parse_args(argv)
    tools = {t: getattr(args, t) for t in ("semgrep", "spatch", "cppcheck")}
    lines = sum(1 for _ in args.source.open(encoding="utf-8", errors="replace"))
    print(f"{args.source.name}: {lines} lines (ddiverify reads all of {args.driver})")
    print(f"{'tool':<12} {'wall s':>8}")
    for name, cmd in _commands(args.driver, args.source, tools).items():
        if cmd is None:
            print(f"{name:<12} {'missing':>8}")
            continue
        print(f"{name:<12} {_best(cmd, args.repeat):8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
