"""The CI integrations run as written: the GitHub Action's check script on a driver, and
the pre-commit hook's entry command with its default arguments."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from ddiverify.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def _action(tmp_path: Path, path: str, **env: str) -> tuple[int, dict[str, object]]:
    sarif = tmp_path / "out.sarif"
    environment = {
        **os.environ,
        "DDIVERIFY_PATH": path,
        "DDIVERIFY_SARIF": str(sarif),
        "DDIVERIFY_INSTALL": "false",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(REPO / "src"),
        **env,
    }
    proc = subprocess.run(
        ["bash", str(REPO / "ci" / "action.sh")],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, json.loads(sarif.read_text(encoding="utf-8"))


def test_action_script_writes_sarif_and_exits_with_the_verdict(tmp_path: Path) -> None:
    code, sarif = _action(tmp_path, "examples/virtual_miniport", DDIVERIFY_RULES="DoubleKeSetEvent")
    assert code == 1
    results = sarif["runs"][0]["results"]  # type: ignore[index]
    assert [r["ruleId"] for r in results if r["kind"] == "fail"] == ["DoubleKeSetEvent"]


def test_action_script_passes_configuration_and_args(tmp_path: Path) -> None:
    code, sarif = _action(
        tmp_path,
        "tests/drivers/scan/property_sheets/psdrv.vcxproj",
        DDIVERIFY_RULES="DoubleExFreePool",
        DDIVERIFY_CONFIGURATION="Win7 Release",
        DDIVERIFY_PLATFORM="x64",
        DDIVERIFY_ARGS="-D EXTRA=1",
    )
    assert code == 0
    assert sarif["runs"][0]["results"]  # type: ignore[index]


def test_action_steps_call_the_script() -> None:
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    assert '"$GITHUB_ACTION_PATH/ci/action.sh"' in text
    assert "github/codeql-action/upload-sarif@" in text
    for name in re.findall(r"\$\{\{ inputs\.([\w-]+) \}\}", text):
        assert re.search(rf"^  {re.escape(name)}:$", text, re.MULTILINE), name


def test_pre_commit_hook_entry_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = shlex.split(re.search(r"^\s*entry: (.*)$", text, re.MULTILINE).group(1))  # type: ignore[union-attr]
    args = json.loads(re.search(r"^\s*args: (.*)$", text, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert entry == ["ddiverify", "check"] and args[0] == "."
    monkeypatch.chdir(REPO / "examples" / "virtual_miniport")
    assert main([*entry[1:], *args]) == 1  # the example's two deliberate defects
    assert "DoubleKeSetEvent" in capsys.readouterr().out
