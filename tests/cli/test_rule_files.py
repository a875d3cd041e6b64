"""A user's own rule files: `check --rule-file` and `rules --check`, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ddiverify.cli.main import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = str(REPO / "examples" / "virtual_miniport")

BROKEN = """
rule MyRule {
  version 2; sets Mine; applies any; summary "s";
  on call KeSetEvnet(e, _, _) { abort "x"; }
}
"""

GOOD = """
rule MyStartIoSet {
  version 2; sets Mine; applies any; summary "KeSetEvent from HwStorStartIo";
  on call KeSetEvent(e, _, _) {
    if (callback(HW_STARTIO)) { abort "{call} on {e} in {entry}"; }
  }
}
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_a_broken_rule_file_is_an_error_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path, "bad.rule", BROKEN)
    code = main(["check", EXAMPLE, "--rule-file", bad, "--format", "json"])
    out = capsys.readouterr()
    assert code == 3, out.err
    (row,) = json.loads(out.out)["results"]
    assert row["rule"] == "MyRule" and row["status"] == "error"
    assert "bad.rule:4:11" in row["reason"] and "did you mean KeSetEvent?" in row["reason"]
    assert "KeSetEvnet" in out.err


@pytest.mark.parametrize("fmt", ["text", "sarif", "html"])
def test_the_error_row_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    bad = _write(tmp_path, "bad.rule", BROKEN)
    code = main(
        ["check", EXAMPLE, "--rule-file", bad, "--rules", "DoubleKeSetEvent", "--format", fmt]
    )
    out = capsys.readouterr().out
    assert code == 1  # DoubleKeSetEvent's defect in the example decides the exit status
    assert "MyRule" in out and "KeSetEvnet" in out


def test_a_user_rule_runs_with_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "good.rule", GOOD)
    code = main(["check", EXAMPLE, "--rule-file", good, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    (row,) = doc["results"]
    assert row["rule"] == "MyStartIoSet" and row["status"] == "defect"
    assert [d["entry_point"] for d in row["defects"]] == ["VmStartIo"]


def test_rules_check_lints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "good.rule", GOOD)
    bad = _write(tmp_path, "bad.rule", BROKEN)
    assert main(["rules", "--check", good]) == 0
    assert "ok:" in capsys.readouterr().out
    assert main(["rules", "--check", good, bad]) == 1
    out = capsys.readouterr().out
    assert "bad.rule:4:11: unknown DDI `KeSetEvnet`" in out


def test_rules_check_missing_and_binary_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "bin.rule"
    binary.write_bytes(b"\x00\xff\xfe rule")
    assert main(["rules", "--check", str(tmp_path / "none.rule"), str(binary)]) == 1
    out = capsys.readouterr().out
    assert "no such file" in out and "not UTF-8" in out
