"""`ddiverify scan` on the annotated test drivers: entry points and kind, exactly.

Each driver under tests/drivers/scan/ (and each example under examples/) is one test.
The tool runs in-process with the repository root as current directory, so the file
paths it prints compare equal to the annotations' paths. The SET of reported
(role, function, file, line, found_by) must equal the annotated set: an unannotated
entry point fails the test as much as a missing one. Drivers annotated with
`expect-error` must instead exit 2 with that text on stderr. The annotation format is
documented in tests/annotations.py.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotations import DriverAnnotations, discover_drivers, load_driver
from ddiverify.cli.main import main

REPO = Path(__file__).resolve().parent.parent
SCAN_DRIVERS = REPO / "tests" / "drivers" / "scan"
EXAMPLES = REPO / "examples"
ODD_FILES_TEMPLATE = SCAN_DRIVERS / "odd_files"

Entry = tuple[str, str, str, int, str]


@dataclass(frozen=True, slots=True)
class ScanRun:
    """What one in-process `ddiverify scan` produced."""

    status: int
    stdout: str
    stderr: str


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 2


def run_scan(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> ScanRun:
    """Run `ddiverify scan ARGV` in-process (cwd set by the caller)."""
    capsys.readouterr()
    try:
        status = _exit_status(main(["scan", *argv]))
    except SystemExit as exc:
        status = _exit_status(exc.code)
    out = capsys.readouterr()
    return ScanRun(status, out.out, out.err)


def _describe(entry: Entry) -> str:
    role, function, file, line, found_by = entry
    return f"{role:<40} {function:<32} {file}:{line} (by {found_by})"


def entry_diff(expected: set[Entry], actual: set[Entry]) -> str:
    """A readable account of how two sets of entry points differ ('' if equal)."""
    missing = sorted(expected - actual)
    extra = sorted(actual - expected)
    lines = []
    if missing:
        lines.append("annotated but not reported:")
        lines += [f"  - {_describe(e)}" for e in missing]
    if extra:
        lines.append("reported but not annotated:")
        lines += [f"  + {_describe(e)}" for e in extra]
    near = [(m, x) for m in missing for x in extra if m[:2] == x[:2]]
    if near:
        lines.append("same role and function, different place or found_by:")
        lines += [f"  expected {_describe(m)}\n  reported {_describe(x)}" for m, x in near]
    return "\n".join(lines)


def check_driver(driver: DriverAnnotations, capsys: pytest.CaptureFixture[str]) -> None:
    """Scan one annotated driver and assert the report matches its annotations."""
    run = run_scan([driver.target, "--format", "json", *driver.scan_args], capsys)
    if driver.error is not None:
        assert run.status == 2, f"expected exit 2, got {run.status}; stdout:\n{run.stdout}"
        assert driver.error.lower() in run.stderr.lower(), (
            f"stderr lacks {driver.error!r}:\n{run.stderr}"
        )
        assert len(run.stderr.strip().splitlines()) == 1, f"not one line:\n{run.stderr}"
        return
    assert run.status == 0, f"exit {run.status}; stderr:\n{run.stderr}"
    report = json.loads(run.stdout)
    if driver.projects:
        check_solution(driver, report)
        return
    check_report(driver, report)


def check_solution(driver: DriverAnnotations, report: dict[str, object]) -> None:
    """Each annotated project is one driver of the report, matched by its project file's
    folder; a driver no folder annotates fails the test."""
    drivers = report["drivers"]
    assert isinstance(drivers, list)
    by_folder = {str(Path(d["project"]["file"]).parent.as_posix()): d for d in drivers}
    expected = {str(Path(p.target).parent.as_posix()): p for p in driver.projects}
    assert sorted(by_folder) == sorted(expected), "drivers reported != drivers annotated"
    for folder, project in expected.items():
        check_report(project, by_folder[folder])


def check_report(driver: DriverAnnotations, report: dict[str, object]) -> None:
    """One driver's scan report against its annotations."""
    assert isinstance(report["driver"], dict)
    actual = {
        (e["role"], e["function"], e["file"], e["line"], e["found_by"])
        for e in report["driver"]["entry_points"]
    }
    expected = {e.key() for e in driver.entries}
    diff = entry_diff(expected, actual)
    assert not diff, f"scan of {' '.join([driver.target, *driver.scan_args])}:\n{diff}"
    assert len(report["driver"]["entry_points"]) == len(actual), "an entry point is repeated"
    assert report["driver"]["kind"] == driver.kind
    assert report["driver"]["model"] == "storport"


def _drivers() -> list[Path]:
    return discover_drivers(SCAN_DRIVERS) + discover_drivers(EXAMPLES)


@pytest.mark.parametrize("path", _drivers(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_scan_driver(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    check_driver(load_driver(path, REPO), capsys)


# A binary `.c` (NUL bytes, invalid UTF-8) and a cp1252 `.c` with CRLF line ends, next to
# an ordinary driver: the scan must still succeed and count lines of the original bytes.
# Generated here so the repository holds no binary files.
BLOB = bytes(range(256)) * 4 + b"\x00\x00MZ\x90\x00"
CP1252_SOURCE = (
    b"/* Gestion de la r\xe9initialisation (caf\xe9, na\xefve, \x80 sign) */\r\n"
    b"HW_RESET_BUS OddResetBus;\r\n"
    b"\r\n"
    b"// R\xe9initialise le bus.\r\n"
    b"BOOLEAN\r\n"
    b"OddResetBus(  // expect-entry: HW_RESET_BUS by=role_type\r\n"
    b"    _In_ PVOID DeviceExtension,\r\n"
    b"    _In_ ULONG PathId)\r\n"
    b"{\r\n"
    b"    UNREFERENCED_PARAMETER(PathId);\r\n"
    b"    StorPortCompleteRequest(DeviceExtension, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED,\r\n"
    b"                            SRB_STATUS_BUS_RESET); /* \xab termin\xe9 \xbb */\r\n"
    b"    return TRUE;\r\n"
    b"}\r\n"
)


def test_scan_tolerates_binary_and_cp1252_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = tmp_path / "odd_files"
    shutil.copytree(ODD_FILES_TEMPLATE, driver)
    (driver / "blob.c").write_bytes(BLOB)
    (driver / "reset_cp1252.c").write_bytes(CP1252_SOURCE)
    monkeypatch.chdir(tmp_path)
    loaded = load_driver(driver, tmp_path)
    assert ("HW_RESET_BUS", "OddResetBus", "odd_files/reset_cp1252.c", 6, "role_type") in {
        e.key() for e in loaded.entries
    }
    check_driver(loaded, capsys)


@pytest.mark.parametrize("case", ["missing_path", "no_sources"])
def test_scan_input_errors(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing path, and a directory with no sources: exit 2, one line on stderr."""
    (tmp_path / "readme.txt").write_text("no sources here\n")
    monkeypatch.chdir(tmp_path)
    target = "does_not_exist" if case == "missing_path" else "."
    run = run_scan([target, "--format", "json"], capsys)
    assert run.status == 2
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr
    if case == "missing_path":
        assert "does_not_exist" in run.stderr
