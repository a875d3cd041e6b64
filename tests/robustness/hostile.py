"""The hostile inputs of the robustness suite, generated in a temporary folder, and a
runner for the command line in a process of its own (a case that hangs fails by its
timeout instead of hanging the suite; signals can be sent to it)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import ddiverify

SRC = str(Path(ddiverify.__file__).resolve().parent.parent)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "virtual_miniport"

HARNESS = """
HW_FIND_ADAPTER MyFind;
ULONG MyFind(PVOID a, PVOID b, PVOID c, PCHAR d, PPORT_CONFIGURATION_INFORMATION ci,
             PBOOLEAN again) { return SP_RETURN_FOUND; }
ULONG DriverEntry(PVOID a, PVOID b) {
    HW_INITIALIZATION_DATA init;
    init.HwFindAdapter = MyFind; init.HwStartIo = MyStartIo;
    return StorPortInitialize(a, b, &init, 0);
}
"""


def driver(start_io_body: str, before: str = "KEVENT Ev;\n") -> str:
    """A physical miniport whose HwStorStartIo is `start_io_body`."""
    return (
        f"{before}HW_STARTIO MyStartIo;\n"
        f"BOOLEAN MyStartIo(PVOID ext, PSCSI_REQUEST_BLOCK srb, int n) {{\n"
        f"{start_io_body}\n    return TRUE;\n}}\n{HARNESS}"
    )


DOUBLE_SET = driver("    KeSetEvent(&Ev, 0, FALSE);\n    KeSetEvent(&Ev, 0, FALSE);")


def nested_ifs(n: int) -> str:
    """`n` nested `if (x > 1) { x--; ...`: the solver's terms grow with the nesting."""
    body = "    int x = n;\n" + "".join(
        "    if (x > 1) { x--; if (x == 3) KeSetEvent(&Ev, 0, FALSE);\n" for _ in range(n)
    )
    body += "    " + "}" * n + "\n    KeSetEvent(&Ev, 0, FALSE);\n"
    return driver(body)


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float

    def assert_clean(self) -> None:
        """No traceback, and any error is ddiverify's own one-line message."""
        assert "Traceback" not in self.err, self.err
        assert "internal error" not in self.err, self.err


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = SRC + os.pathsep + e.get("PYTHONPATH", "")
    return e


def cli(*args: str, cwd: Path, timeout: float = 60) -> Run:
    started = time.monotonic()
    p = subprocess.run(
        [sys.executable, "-m", "ddiverify", *args],
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )
    return Run(p.returncode, p.stdout, p.stderr, time.monotonic() - started)


def write(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
