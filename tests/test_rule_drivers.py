"""Every annotated rule test driver under tests/drivers/rules/<Rule>/ checked end to end.

Each driver's header says which rules to check (`// check-rules: A, B`), the verdict
expected per rule (`// expect-status: A=defect`) and extra CLI arguments
(`// check-args: -DFOO`). `// expect: Rule` marks the line of each defect the tool must
report; any defect reported elsewhere fails the test (`todo-` marks count known gaps
without failing). The tool runs in-process, as `ddiverify check ... --format json`.
"""

from __future__ import annotations

import json
import re
import shlex
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotations import RuleMark, discover_drivers, load_driver, read_source
from ddiverify.cli.main import main

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "tests" / "drivers" / "rules"
_HEADER = re.compile(r"//\s*(check-rules|expect-status|check-args)\s*:(.*)$", re.M)
TODO_COUNTS: Counter[str] = Counter()


@dataclass(frozen=True)
class RuleTest:
    rules: tuple[str, ...]
    statuses: dict[str, str]
    args: tuple[str, ...]


def _headers(driver: Path) -> RuleTest:
    files = [driver] if driver.is_file() else sorted(
        p for p in driver.rglob("*") if p.suffix in (".c", ".cpp", ".h", ".hpp"))
    rules: list[str] = []
    statuses: dict[str, str] = {}
    args: list[str] = []
    for f in files:
        for key, value in _HEADER.findall(read_source(f)):
            value = value.strip()
            if key == "check-rules":
                rules += [r.strip() for r in value.split(",") if r.strip()]
            elif key == "expect-status":
                for item in value.split(","):
                    rule, _, status = item.strip().partition("=")
                    statuses[rule.strip()] = status.strip()
            else:
                args += shlex.split(value)
    if not rules:
        rules = [driver.parent.name]
    return RuleTest(tuple(dict.fromkeys(rules)), statuses, tuple(args))


def _drivers() -> list[Path]:
    return [d for rule_dir in sorted(ROOT.iterdir()) if rule_dir.is_dir()
            for d in discover_drivers(rule_dir)]


@pytest.mark.parametrize("path", _drivers(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_driver(path: Path, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    test = _headers(path)
    ann = load_driver(path, REPO)
    status = main(["check", ann.target, "--rules", ",".join(test.rules), "--format", "json",
                   "--timeout", "60", *test.args])
    out = capsys.readouterr()
    assert status in (0, 1), f"exit {status}; stderr:\n{out.err}"
    doc = json.loads(out.out)
    results = {r["rule"]: r for r in doc["results"]}
    problems: list[str] = []
    todo_ok = {(e.rule, e.file, e.line) for e in ann.rules if e.mark is RuleMark.TODO_OK}
    for rule, expected in test.statuses.items():
        got = results.get(rule, {}).get("status")
        known_false = expected == "pass" and got == "defect" and all(
            (rule, d["file"], d["line"]) in todo_ok for d in results[rule]["defects"])
        if got != expected and not known_false:   # a known false defect is counted, not failed
            problems.append(f"{rule}: status {got}, expected {expected} "
                            f"({results.get(rule, {}).get('reason', '')})")
    reported = {(r["rule"], d["file"], d["line"]): d["message"]
                for r in doc["results"] for d in r["defects"]}
    wanted = {(e.rule, e.file, e.line) for e in ann.rules if e.mark is RuleMark.EXPECT}
    todo_expect = {(e.rule, e.file, e.line) for e in ann.rules if e.mark is RuleMark.TODO_EXPECT}
    for key in sorted(wanted - reported.keys()):
        problems.append(f"missed: {key[0]} at {key[1]}:{key[2]}")
    for key in sorted(reported.keys() - wanted - todo_expect - todo_ok):
        problems.append(f"unexpected: {key[0]} at {key[1]}:{key[2]}: {reported[key]}")
    for key in todo_expect & reported.keys():
        problems.append(f"todo-expect now found (make it expect): {key[0]} at {key[1]}:{key[2]}")
    for key in todo_ok - reported.keys():
        problems.append(f"todo-ok no longer reported (make it ok): {key[0]} at {key[1]}:{key[2]}")
    assert not problems, "\n".join(problems)


def _catalogue_rules() -> list[str]:
    from ddiverify.rules.catalog import load_catalog
    return [r.name for r in load_catalog().rules]


@pytest.mark.parametrize("rule", _catalogue_rules())
def test_every_rule_has_its_test_drivers(rule: str) -> None:
    """The rule list comes from the catalogue, so a new rule file without its drivers
    fails here: at least ten drivers, with both a violation and a clean near-miss."""
    folder = ROOT / rule
    assert folder.is_dir(), f"no test drivers for {rule}: add {folder.relative_to(REPO)}/"
    drivers = discover_drivers(folder)
    statuses = [_headers(d).statuses.get(rule) for d in drivers]
    assert len(drivers) >= 10, f"{rule} has {len(drivers)} test drivers, wants at least 10"
    assert "defect" in statuses and "pass" in statuses, (
        f"{rule}'s drivers should show both a defect and a pass: {Counter(statuses)}")
