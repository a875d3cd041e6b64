"""Rules checked together in one exploration (`rules.compose`) give each rule exactly the
verdicts, defects and traces it gets alone."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ddiverify.cli.main import main
from ddiverify.engine.check import share_groups
from ddiverify.rules.catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
DRIVERS = REPO / "tests" / "drivers" / "rules"

BOTH = """\
#include <ntddk.h>
typedef struct _EXT { KSPIN_LOCK Lock; KEVENT Ready; } EXT, *PEXT;
VOID Work(PEXT ext, BOOLEAN twice)
{
    KIRQL old;
    KeAcquireSpinLock(&ext->Lock, &old);
    KeAcquireSpinLock(&ext->Lock, &old);
    KeSetEvent(&ext->Ready, 0, FALSE);
    if (twice) {
        KeSetEvent(&ext->Ready, 0, FALSE);
    }
    KeReleaseSpinLock(&ext->Lock, old);
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    EXT ext;
    KeInitializeEvent(&ext.Ready, NotificationEvent, FALSE);
    Work(&ext, RegistryPath != NULL);
    return STATUS_SUCCESS;
}
"""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    main(["check", *args, "--format", "json"])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _essence(doc: dict[str, Any]) -> list[object]:
    """What a rule's result says, without its timing."""
    return [
        (
            r["rule"],
            r["status"],
            r.get("reason", ""),
            [
                (
                    d["file"],
                    d["line"],
                    d["message"],
                    [(s["kind"], s["line"], s["text"], s.get("state", "")) for s in d["trace"]],
                )
                for d in r["defects"]
            ],
        )
        for r in doc["results"]
    ]


def test_a_violation_of_one_rule_does_not_end_the_others_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "d.c").write_text(BOTH, encoding="utf-8")
    shared = _run(capsys, str(tmp_path), "--rules", "SpinLock,DoubleKeSetEvent")
    alone = _run(capsys, str(tmp_path), "--rules", "SpinLock,DoubleKeSetEvent", "--no-share")
    lines = {r["rule"]: [d["line"] for d in r["defects"]] for r in shared["results"]}
    assert lines == {"SpinLock": [7], "DoubleKeSetEvent": [10]}
    assert _essence(shared) == _essence(alone)


def test_a_rules_trace_shows_only_its_own_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "d.c").write_text(BOTH, encoding="utf-8")
    shared = _run(capsys, str(tmp_path), "--rules", "SpinLock,DoubleKeSetEvent")
    (event,) = [r for r in shared["results"] if r["rule"] == "DoubleKeSetEvent"]
    steps = event["defects"][0]["trace"]
    assert all("Held" not in s.get("state", "") and "SpinLock" not in s["text"] for s in steps)
    assert any("Signaled" in s.get("state", "") for s in steps)


def test_groups_keep_unrelated_stateful_rules_apart() -> None:
    catalog = load_catalog()
    names = ["SpinLock", "SpinLockDpc", "SpinLockRelease", "DoubleExFreePool", "DoubleKeSetEvent"]
    rules = [r for r in map(catalog.rule, names) if r is not None]
    groups = [[r.name for r in g] for g in share_groups(rules)]
    assert ["SpinLock", "SpinLockDpc", "SpinLockRelease"] in groups
    assert ["DoubleExFreePool"] in groups and ["DoubleKeSetEvent"] in groups


def _multi_rule_drivers() -> list[Path]:
    header = re.compile(r"//\s*check-rules:\s*\w+\s*,")
    return sorted(
        p for p in DRIVERS.rglob("*.c") if header.search(p.read_text("utf-8", errors="replace"))
    )


@pytest.mark.parametrize("path", _multi_rule_drivers(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shared_exploration_equals_one_per_rule(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    text = path.read_text("utf-8")
    rules = re.search(r"//\s*check-rules:(.*)$", text, re.MULTILINE).group(1).strip()  # type: ignore[union-attr]
    extra = re.search(r"//\s*check-args:(.*)$", text, re.MULTILINE)
    args = [
        str(path.relative_to(REPO)),
        "--rules",
        rules.replace(" ", ""),
        *(extra.group(1).split() if extra else []),
    ]
    assert _essence(_run(capsys, *args)) == _essence(_run(capsys, *args, "--no-share"))
