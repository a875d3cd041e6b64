"""Time `ddiverify scan` on a directory of many small files: is the cost per file constant?

Generates, for each size N, a flat directory of N one-function `.c` files that each
include one shared header (`many.h`, in the same directory), and times
`ddiverify scan DIR --format json -o /dev/null` on it, in a fresh process per run (timed
around `main()` alone, so Python start-up and imports are not counted). Prints, per size,
the best of `--repeat` runs, the milliseconds per file, and the growth exponent between
consecutive sizes and between the smallest and the largest: t ~ N^k, k = log(t2/t1) /
log(N2/N1); 1.0 is linear, 2.0 quadratic. Nothing here asserts on time; it reports.

    python benchmarks/bench_many_files.py [--sizes 1000,2000,5000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_SIZES = (1_000, 2_000, 5_000, 10_000)
HEADER = "many.h"

_HEADER_TEXT = """\
#pragma once
#include <storport.h>

#define MANY_SLOTS 8
#define MANY_BUMP(ext, i) ((ext)->Count[(i) % MANY_SLOTS]++)

typedef struct _MANY_EXT {
    ULONG Count[MANY_SLOTS];
    ULONG Flags;
} MANY_EXT, *PMANY_EXT;

ULONG ManyShared(PMANY_EXT Ext, ULONG Value);
"""

_CHILD = """\
import contextlib, io, os, sys, time
from ddiverify.cli.main import main
argv = ["scan", sys.argv[1], "--format", "json", "-o", os.devnull]
err = io.StringIO()
start = time.perf_counter()
with contextlib.redirect_stderr(err):
    status = main(argv)
took = time.perf_counter() - start
if status not in (0, None):
    sys.exit(f"scan exited {status}: {err.getvalue().strip()[-500:]}")
print(took)
"""


_ENTRY_TEXT = """\
#include "many.h"

HW_FIND_ADAPTER ManyFindAdapter;
HW_STARTIO ManyStartIo;

ULONG
ManyFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ManyStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwFindAdapter = ManyFindAdapter;
    init.HwStartIo = ManyStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
"""


def generate(out_dir: Path, files: int) -> None:
    """`files` files `f00000.c`... of one function each, all including `many.h`, and
    `entry.c` with DriverEntry and two miniport routines (a scan needs an entry point)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / HEADER).write_text(_HEADER_TEXT, encoding="utf-8", newline="\n")
    (out_dir / "entry.c").write_text(_ENTRY_TEXT, encoding="utf-8", newline="\n")
    for i in range(files):
        text = (
            f'#include "{HEADER}"\n\n'
            f"ULONG\nManyFn{i}(PMANY_EXT Ext, ULONG Value)\n{{\n"
            f"    if (Value > {i % 97}) {{\n"
            f"        MANY_BUMP(Ext, Value);\n"
            f"    }}\n"
            f"    return Value + Ext->Flags;\n}}\n"
        )
        (out_dir / f"f{i:05d}.c").write_text(text, encoding="utf-8", newline="\n")


def time_scan(driver: Path) -> float:
    """Seconds of one in-process scan, in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(driver)], check=False, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"scan of {driver} failed: {proc.stderr.strip()[-2000:]}")
    return float(proc.stdout.strip().splitlines()[-1])


def exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 and n1 != n2 else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="numbers of files, comma-separated",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best kept)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    results: list[tuple[int, float]] = []
    print(f"{'files':>7} {'scan s':>8} {'ms/file':>8} {'exponent':>9}", flush=True)
    with tempfile.TemporaryDirectory(prefix="ddiverify-many-") as tmp:
        for n in sizes:
            driver = Path(tmp) / f"many{n}"
            generate(driver, n)
            best = min(time_scan(driver) for _ in range(max(1, args.repeat)))
            k = exponent(*results[-1], n, best) if results else None
            results.append((n, best))
            print(
                f"{n:>7} {best:>8.2f} {best / n * 1000:>8.2f} {'' if k is None else f'{k:.2f}':>9}",
                flush=True,
            )
    if len(results) > 1:
        (n1, t1), (n2, t2) = results[0], results[-1]
        print(
            f"exponent {n1} -> {n2} files: {exponent(n1, t1, n2, t2):.2f} "
            f"(1.00 is linear, 2.00 quadratic)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
