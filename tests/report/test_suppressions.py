"""Suppressions stay visible: inline comments with a reason, and baselines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ddiverify.cli.main import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def driver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "vm"
    shutil.copytree(REPO / "examples" / "virtual_miniport", target)
    monkeypatch.chdir(tmp_path)
    return target


def _suppress(driver: Path, reason: str) -> None:
    f = driver / "vmio.c"
    lines = f.read_text("utf-8").split("\n")
    i = next(n for n, line in enumerate(lines) if "expect: DoubleKeSetEvent" in line)
    lines[i] = lines[i].split("//")[0] + f"// ddiverify: ignore[DoubleKeSetEvent] {reason}"
    f.write_text("\n".join(lines), "utf-8")


def _check(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict[str, Any], str]:
    code = main(["check", "vm", "--format", "json", *extra])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_inline_suppression_is_reported_not_dropped(
    driver: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _suppress(driver, "the worker thread is gone by the second set")
    code, doc, _ = _check(capsys)
    results = {r["rule"]: r for r in doc["results"]}
    kse = results["DoubleKeSetEvent"]
    assert kse["status"] == "pass"
    (d,) = kse["defects"]
    assert d["suppressed"] == {
        "kind": "inline",
        "reason": "the worker thread is gone by the second set",
    }
    assert results["ZwRegistryOpen"]["status"] == "defect"
    assert code == 1


def test_suppression_needs_a_reason(driver: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _suppress(driver, "")
    _, doc, err = _check(capsys)
    kse = next(r for r in doc["results"] if r["rule"] == "DoubleKeSetEvent")
    assert kse["status"] == "defect"
    assert "suppressed" not in kse["defects"][0]
    assert "without a reason" in err


def test_baseline_reports_only_new_defects(
    driver: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = _check(capsys)
    assert code == 1
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(doc), "utf-8")
    # Code moving down does not break the match.
    f = driver / "vmio.c"
    f.write_text("/* a new header comment */\n\n" + f.read_text("utf-8"), "utf-8")
    code, doc, _ = _check(capsys, "--baseline", str(baseline))
    assert code == 0
    defects = [d for r in doc["results"] for d in r["defects"]]
    assert len(defects) == 2
    assert all(d["suppressed"]["kind"] == "baseline" for d in defects)


def test_bad_baseline_is_one_line_error(
    driver: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    assert main(["check", "vm", "--baseline", str(bad)]) == 2
    assert "not a ddiverify JSON report" in capsys.readouterr().err
