"""Every annotated rule test driver under tests/drivers/rules/<Rule>/ checked end to end.

Each driver's header says which rules to check (`// check-rules: A, B`), the verdict
expected per rule (`// expect-status: A=defect`) and extra CLI arguments
(`// check-args: -DFOO`). `// expect: Rule` marks the line of each defect the tool must
report (`// expect: Rule -- "text"`: and text in its message); any defect reported
elsewhere fails the test (`todo-` marks count known gaps without failing). The tool runs
in-process, as `ddiverify check ... --format json`; tests/annotations.py parses it all.

`pytest tests/test_rule_drivers.py --update-annotations` rewrites the marks from what the
tool reports instead (see `annotations.rewrite_rule_marks`), for review with `git diff`;
a rewritten driver's test fails, saying so, and the headers' verdicts stay as written.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from annotations import (
    DriverAnnotations,
    RuleMark,
    discover_drivers,
    load_driver,
    read_source,
    rewrite_rule_marks,
)
from ddiverify.cli.main import main

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "tests" / "drivers" / "rules"
# The known gaps the drivers run so far carry (`todo-expect`, `todo-ok`), for the summary
# at the end of the run (tests/conftest.py): counted, not hidden.
TODO_COUNTS: Counter[str] = Counter()


def _rules_checked(driver: Path, ann: DriverAnnotations) -> tuple[str, ...]:
    """The header's rules, or the rule the driver's folder is named after."""
    return ann.check_rules or (driver.parent.name,)


def _rewrite(ann: DriverAnnotations, reported: dict[tuple[str, str, int], str]) -> list[str]:
    """Rewrite the driver's rule marks from `reported`; the files it changed."""
    changed = []
    for file in ann.files:
        path = REPO / file
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # not rewritten: a lossy decode would change the file's bytes
        newline = "\r\n" if "\r\n" in text else "\n"
        ours = {(rule, line): msg for (rule, f, line), msg in reported.items() if f == file}
        new = rewrite_rule_marks(text.replace("\r\n", "\n"), ours).replace("\n", newline)
        if new != text:
            path.write_bytes(new.encode("utf-8"))
            changed.append(file)
    return changed


def _drivers() -> list[Path]:
    return [
        d
        for rule_dir in sorted(ROOT.iterdir())
        if rule_dir.is_dir()
        for d in discover_drivers(rule_dir)
    ]


@pytest.mark.parametrize("path", _drivers(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_driver(
    path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.chdir(REPO)
    ann = load_driver(path, REPO)
    TODO_COUNTS.update(
        e.mark.value for e in ann.rules if e.mark in (RuleMark.TODO_EXPECT, RuleMark.TODO_OK)
    )
    status = main(
        [
            "check",
            ann.target,
            "--rules",
            ",".join(_rules_checked(path, ann)),
            "--format",
            "json",
            "--timeout",
            "60",
            *ann.check_args,
        ]
    )
    out = capsys.readouterr()
    assert status in (0, 1), f"exit {status}; stderr:\n{out.err}"
    doc = json.loads(out.out)
    results = {r["rule"]: r for r in doc["results"]}
    problems: list[str] = []
    todo_ok = {(e.rule, e.file, e.line) for e in ann.rules if e.mark is RuleMark.TODO_OK}
    reported = {
        (r["rule"], d["file"], d["line"]): d["message"]
        for r in doc["results"]
        for d in r["defects"]
    }
    if request.config.getoption("--update-annotations"):
        changed = _rewrite(ann, reported)
        if changed:
            pytest.fail(f"rewrote the marks of {', '.join(changed)}: review them (git diff)")
    for rule, expected in ann.statuses.items():
        got = results.get(rule, {}).get("status")
        known_false = (
            expected == "pass"
            and got == "defect"
            and all((rule, d["file"], d["line"]) in todo_ok for d in results[rule]["defects"])
        )
        if got != expected and not known_false:  # a known false defect is counted, not failed
            problems.append(
                f"{rule}: status {got}, expected {expected} "
                f"({results.get(rule, {}).get('reason', '')})"
            )
    wanted = {(e.rule, e.file, e.line) for e in ann.rules if e.mark is RuleMark.EXPECT}
    todo_expect = {(e.rule, e.file, e.line) for e in ann.rules if e.mark is RuleMark.TODO_EXPECT}
    for key in sorted(wanted - reported.keys()):
        problems.append(f"missed: {key[0]} at {key[1]}:{key[2]}")
    for e in ann.rules:
        got_message = reported.get((e.rule, e.file, e.line))
        if (
            e.mark is RuleMark.EXPECT
            and e.message is not None
            and got_message is not None
            and e.message not in got_message
        ):
            problems.append(
                f"message of {e.rule} at {e.file}:{e.line} lacks {e.message!r}: {got_message}"
            )
    for key in sorted(reported.keys() - wanted - todo_expect - todo_ok):
        problems.append(f"unexpected: {key[0]} at {key[1]}:{key[2]}: {reported[key]}")
    for key in todo_expect & reported.keys():
        problems.append(f"todo-expect now found (make it expect): {key[0]} at {key[1]}:{key[2]}")
    for key in todo_ok - reported.keys():
        problems.append(f"todo-ok no longer reported (make it ok): {key[0]} at {key[1]}:{key[2]}")
    assert not problems, "\n".join(problems)


_HEADER_KEYS = ("check-rules", "expect-status", "check-args", "expect-kind", "scan-args")


@pytest.mark.parametrize("path", _drivers(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_driver_says_what_it_is_about(path: Path) -> None:
    """A driver's scenario is its opening comment (there is no index to keep in step):
    right after the header, the first lines of one of its files are a comment."""
    files = (
        [path]
        if path.is_file()
        else sorted(p for p in path.rglob("*") if p.suffix in (".c", ".cpp", ".h", ".hpp"))
    )
    for file in files:
        lines = [line.strip() for line in read_source(file).splitlines()[:25]]
        body = [line for line in lines if line and not any(k in line for k in _HEADER_KEYS)]
        if any(line.startswith(("/*", "//")) for line in body[:3]):
            return
    pytest.fail(f"{path.relative_to(REPO)}: open it with a comment saying what it is about")


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
    statuses = [load_driver(d, REPO).statuses.get(rule) for d in drivers]
    assert len(drivers) >= 10, f"{rule} has {len(drivers)} test drivers, wants at least 10"
    assert "defect" in statuses and "pass" in statuses, (
        f"{rule}'s drivers should show both a defect and a pass: {Counter(statuses)}"
    )
