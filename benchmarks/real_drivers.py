"""Every rule on the public Storport miniports: the verdict table to compare changes by.

The drivers are not in this repository (their code is theirs): fetch or clone them, and
give the folder that holds the clones. Each driver below is named by its repository's
folder (`owner+name`, or `name`; the first that exists) and read through its own build
description: its `.vcxproj`, or its WDK `sources` file, with the configuration it needs.
`--directories` reads each from its source folder instead (every source below it, the
way drivers were read before projects were), to compare the two.

    python benchmarks/real_drivers.py ROOT [--rules '*'] [--only NAME,...] [--json OUT]
                                           [--compare OLD.json] [--timeout S] [--jobs N]
                                           [--no-share] [--directories] [--scan]

Prints, per driver, the kind, each rule's verdict (`D<n>` defects, `pass`, `n/a`,
`TIMEOUT`, `ERROR`) and the wall time; then every defect (file:line rule message), so a
change's effect on real code is a diff of two runs. `--json OUT` keeps the run;
`--compare OLD.json` prints what changed against an earlier one and exits 1 if anything
did (runs by project and by directory compare by driver name alike). `--scan` runs
`ddiverify scan` instead: entry points, kind, functions degraded, and the headers skipped
that the driver's own tree holds (a WDK header missing is expected, a driver header
missing is not). Run from the repository root with ddiverify installed or
`PYTHONPATH=src`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One driver's run as its JSON document holds it.
Run = dict[str, Any]


@dataclass(frozen=True)
class Target:
    name: str
    repos: tuple[str, ...]  # folder names the clone may have, first existing wins
    project: str  # its build description inside the clone (.vcxproj, sources)
    args: tuple[str, ...] = ()  # what reading it through that description needs
    directory: str = ""  # its source folder, for --directories ("": the project's)
    directory_args: tuple[str, ...] = ()

    def path(self, directories: bool) -> str:
        if directories:
            return self.directory or self.project.rsplit("/", 1)[0]
        return self.project

    def arguments(self, directories: bool) -> tuple[str, ...]:
        return (*self.directory_args, "--no-project") if directories else self.args


_MSFT = ("microsoft+Windows-driver-samples", "Windows-driver-samples")
_VIRTIO = ("virtio-win+kvm-guest-drivers-windows", "kvm-guest-drivers-windows")


TARGETS = (
    Target(
        "storahci",
        _MSFT,
        "storage/miniports/storahci/src/inbox/storahci.vcxproj",
        directory="storage/miniports/storahci/src",
    ),
    Target("lsi_u3", _MSFT, "storage/miniports/lsi_u3/src/lsi_u3.vcxproj"),
    Target("sdv_fail", _MSFT, "tools/sdv/samples/SDV-FailDriver-STORPORT/driver/lsi_u3.vcxproj"),
    Target("viostor", _VIRTIO, "viostor/viostor.vcxproj"),
    Target("vioscsi", _VIRTIO, "vioscsi/vioscsi.vcxproj"),
    Target(
        "nvmewin",
        ("gigaherz+nvmewin", "nvmewin"),
        "VS2013_sln_proj/nvme/nvme.vcxproj",
        directory="source",
    ),
    Target(
        "xenvbd",
        ("xcp-ng+win-xenvbd", "win-xenvbd"),
        "vs2022/xenvbd/xenvbd.vcxproj",
        directory="src/xenvbd",
    ),
    Target("spcnvme", ("smokingpc+glendronach", "glendronach"), "src/SpcNvme/SpcNvme.vcxproj"),
    Target("wnbd", ("cloudbase+wnbd", "wnbd"), "vstudio/driver.vcxproj", directory="driver"),
    Target(
        "winspd",
        ("winfsp+winspd", "winspd"),
        "build/VStudio/winspd_sys.vcxproj",
        directory="src/sys",
    ),
    # ZFSin's project (ZFSin/ZFSin.vcxproj) is all of ZFS, 340,000 lines: its Storport
    # part is the zvol files, read as files (see _zvol_files) either way.
    Target(
        "zvol",
        ("openzfsonwindows+ZFSin", "ZFSin"),
        "ZFSin/zfs/module/zfs",
        directory="ZFSin/zfs/module/zfs",
    ),
    # OsrVmSample.vcxproj is a Makefile project running build.exe on its sources file.
    Target(
        "osr",
        (
            "aserdean+Virtual-Storport-Miniport-Driver-from-OSR",
            "Virtual-Storport-Miniport-Driver-from-OSR",
        ),
        "OsrVmSample/sources",
    ),
    Target(
        "arsenal",
        ("ArsenalRecon+Arsenal-Image-Mounter", "Arsenal-Image-Mounter"),
        "Unmanaged Source/phdskmnt/phdskmnt.vcxproj",
        ("--configuration", "Win8.1 Release", "--platform", "x64"),
        directory_args=("-DUSE_STORPORT=1",),
    ),
    Target("ghost", ("honeynet+ghost-usb-honeypot", "ghost-usb-honeypot"), "win7/Miniport/sources"),
)

_SHORT = {
    "defect": "D",
    "pass": "pass",
    "not_applicable": "n/a",
    "timeout": "TIMEOUT",
    "error": "ERROR",
}


def _locate(root: Path, t: Target, directories: bool = False) -> Path | None:
    for repo in t.repos:
        p = root / repo / t.path(directories)
        if p.exists():
            return p
    return None


def _zvol_files(p: Path) -> list[str]:
    """ZFSin's Storport part is its zvol files; the rest of the module is ZFS itself."""
    return sorted(str(f) for f in p.glob("zfs_windows_zvol*.c"))


def _inputs(t: Target, path: Path) -> list[str]:
    return _zvol_files(path) if t.name == "zvol" else [str(path)]


def run_one(
    t: Target,
    path: Path,
    rules: str,
    timeout: float,
    jobs: int,
    share: bool = True,
    directories: bool = False,
) -> Run:
    cmd = [
        sys.executable,
        "-m",
        "ddiverify.cli.main",
        "check",
        *_inputs(t, path),
        "--rules",
        rules,
        "--format",
        "json",
        "--timeout",
        str(timeout),
        "--jobs",
        str(jobs),
        *t.arguments(directories),
        *([] if share else ["--no-share"]),
    ]
    started = time.perf_counter()
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
    wall = time.perf_counter() - started
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {
            "name": t.name,
            "error": proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"],
            "wall": wall,
        }
    results = {}
    defects = []
    for r in doc["results"]:
        results[r["rule"]] = {
            "status": r["status"],
            "defects": len(r["defects"]),
            "reason": r.get("reason", ""),
        }
        for d in r["defects"]:
            defects.append(f"{_rel(d['file'], path)}:{d['line']} {r['rule']}: {d['message']}")
    return {
        "name": t.name,
        "kind": doc["driver"]["kind"],
        "results": results,
        "defects": sorted(defects),
        "wall": round(wall, 2),
        "entry_points": len(doc["driver"]["entry_points"]),
        "input": t.path(directories),
        "configuration": doc.get("configuration"),
    }


def scan_one(t: Target, path: Path, clone: Path, directories: bool = False) -> Run:
    """`ddiverify scan` of one driver, with the skipped headers its own clone holds."""
    cmd = [
        sys.executable,
        "-m",
        "ddiverify.cli.main",
        "scan",
        *_inputs(t, path),
        "--format",
        "json",
        *t.arguments(directories),
    ]
    started = time.perf_counter()
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
    wall = time.perf_counter() - started
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {
            "name": t.name,
            "error": proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"],
            "wall": wall,
        }
    names = {
        f.name.lower()
        for f in clone.rglob("*")
        if f.suffix.lower() in (".h", ".hpp", ".hxx", ".hh")
    }
    missing = [
        m
        for m in doc.get("missing_includes", [])
        if m.replace("\\", "/").rsplit("/", 1)[-1].lower() in names
    ]
    return {
        "name": t.name,
        "input": t.path(directories),
        "configuration": doc.get("configuration"),
        "kind": doc["driver"]["kind"],
        "entry_points": len(doc["driver"]["entry_points"]),
        "functions": doc["stats"]["functions"],
        "degraded": doc["stats"].get("degraded_functions", 0),
        "skipped_headers": len(doc.get("missing_includes", [])),
        "driver_headers_skipped": missing,
        "wall": round(wall, 2),
    }


def print_scan_table(runs: list[Run]) -> None:
    print(
        f"{'driver':<10} {'kind':<8} {'eps':>4} {'funcs':>6} {'degr':>5} {'skip':>5} "
        f"{'wall s':>7}  driver headers skipped / input, configuration"
    )
    for run in runs:
        if "error" in run:
            print(f"{run['name']:<10} scan failed: {run['error']}")
            continue
        own = ", ".join(run["driver_headers_skipped"]) or "none"
        print(
            f"{run['name']:<10} {run['kind']:<8} {run['entry_points']:>4} "
            f"{run['functions']:>6} {run['degraded']:>5} {run['skipped_headers']:>5} "
            f"{run['wall']:>7}  {own} / {run['input']}, {run['configuration']}"
        )


def _rel(file: str, base: Path) -> str:
    b = base if base.is_dir() else base.parent
    try:
        return str(Path(file).resolve().relative_to(b.resolve()))
    except ValueError:
        return Path(file).name


def _cell(r: Run) -> str:
    status = str(r["status"])
    return f"D{r['defects']}" if status == "defect" else _SHORT.get(status, status)


def print_table(runs: list[Run]) -> None:
    rules: list[str] = []
    for run in runs:
        for name in run.get("results", {}):
            if name not in rules:
                rules.append(name)
    print(f"{'driver':<10} {'kind':<8} {'eps':>4} {'wall s':>7}  verdicts")
    for run in runs:
        if "error" in run:
            print(f"{run['name']:<10} run failed: {run['error']}")
            continue
        res = run["results"]
        assert isinstance(res, dict)
        cells = [
            f"{r}={_cell(res[r])}"
            for r in rules
            if r in res and res[r]["status"] != "not_applicable"
        ]
        print(
            f"{run['name']:<10} {run['kind']:<8} {run['entry_points']:>4} "
            f"{run['wall']:>7}  {' '.join(cells) or '(all n/a)'}"
        )
    print()
    for run in runs:
        for d in run.get("defects", []):
            print(f"{run['name']}: {d}")
        for rule, r in (run.get("results") or {}).items():
            if r["status"] in ("timeout", "error"):
                print(f"{run['name']}: {rule} {r['status']}: {r['reason']}")


def compare(old: list[Run], new: list[Run]) -> int:
    before = {r["name"]: r for r in old}
    changed = 0
    for run in new:
        prev = before.get(run["name"])
        if prev is None:
            continue
        for rule, r in (run.get("results") or {}).items():
            p = (prev.get("results") or {}).get(rule)
            if p is not None and (p["status"], p["defects"]) != (r["status"], r["defects"]):
                print(f"{run['name']} {rule}: {_cell(p)} -> {_cell(r)}")
                changed += 1
        gone = set(prev.get("defects", [])) - set(run.get("defects", []))
        came = set(run.get("defects", [])) - set(prev.get("defects", []))
        for d in sorted(gone):
            print(f"{run['name']}: - {d}")
        for d in sorted(came):
            print(f"{run['name']}: + {d}")
        changed += len(gone) + len(came)
    print(f"{changed} change(s) against the earlier run")
    return 1 if changed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path, help="the folder holding the drivers' clones")
    ap.add_argument("--rules", default="*")
    ap.add_argument("--only", default="", help="comma-separated driver names")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument(
        "--no-share",
        dest="share",
        action="store_false",
        help="one exploration per rule (the baseline sharing must match)",
    )
    ap.add_argument("--json", type=Path, help="write the run here")
    ap.add_argument("--compare", type=Path, help="an earlier --json run")
    ap.add_argument(
        "--directories",
        action="store_true",
        help="read each driver from its source folder, not its project file",
    )
    ap.add_argument(
        "--scan",
        action="store_true",
        help="scan instead of check: entry points, degraded functions, headers",
    )
    a = ap.parse_args()
    only = {x.strip() for x in a.only.split(",") if x.strip()}
    runs = []
    for t in TARGETS:
        if only and t.name not in only:
            continue
        path = _locate(a.root, t, a.directories)
        if path is None:
            print(
                f"{t.name}: not found under {a.root} (looked for {t.repos[0]}/"
                f"{t.path(a.directories)})",
                file=sys.stderr,
            )
            continue
        if a.scan:
            clone = next(a.root / r for r in t.repos if (a.root / r).is_dir())
            runs.append(scan_one(t, path, clone, a.directories))
        else:
            runs.append(run_one(t, path, a.rules, a.timeout, a.jobs, a.share, a.directories))
        print(f"  {t.name}: {runs[-1].get('wall')} s", file=sys.stderr)
    if a.scan:
        print_scan_table(runs)
    else:
        print_table(runs)
    if a.json:
        a.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    if a.compare:
        return compare(json.loads(a.compare.read_text(encoding="utf-8")), runs)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
