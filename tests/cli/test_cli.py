"""The command line contract: exit codes, one-line errors, the JSON shape."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ddiverify.cli import check as check_command
from ddiverify.cli.main import main
from ddiverify.rules.catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/virtual_miniport"


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", EXAMPLE, "--rules", "VirtualStorport", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["tool"]["name"] == "ddiverify"
    assert doc["driver"]["kind"] == "virtual"
    assert {"files", "lines", "functions", "seconds"} <= doc["stats"].keys()
    statuses = {r["rule"]: r["status"] for r in doc["results"]}
    assert statuses["DoubleKeSetEvent"] == "defect"
    assert statuses["StorPortVirtualDevice"] == "not_applicable"
    for r in doc["results"]:
        assert r["status"] in ("defect", "pass", "not_applicable", "timeout", "error")
        for d in r["defects"]:
            assert {"message", "file", "line", "entry_point", "trace"} <= d.keys()
            assert d["trace"][0]["kind"] == "entry"
            assert {s["kind"] for s in d["trace"]} <= {
                "entry",
                "call",
                "return",
                "assign",
                "branch",
                "event",
            }


def test_sdv_check_option_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", EXAMPLE, "/check:DoubleKeSetEvent", "--format", "json")
    assert code == 1
    assert [r["rule"] for r in json.loads(out)["results"]] == ["DoubleKeSetEvent"]


def test_no_defects_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "check", "examples/physical_miniport")
    assert code == 0


def test_timeout_gives_exit_three(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        EXAMPLE,
        "--rules",
        "DoubleKeSetEvent",
        "--timeout",
        "0.000001",
        "--format",
        "json",
    )
    statuses = {r["rule"]: r for r in json.loads(out)["results"]}
    if statuses["DoubleKeSetEvent"]["status"] == "timeout":
        assert code == 3 and statuses["DoubleKeSetEvent"]["reason"]
    else:  # the rule finished within the first budget check: still a verdict
        assert code == 1


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["check", "no/such/dir"], "no/such/dir"),
        (["check", EXAMPLE, "--rules", "DoubleKeSetEvnt"], "did you mean DoubleKeSetEvent"),
        (["scan", "tests/drivers/scan/no_entry_points"], "no entry points"),
        (["check", EXAMPLE, "--timeout", "-1"], "--timeout"),
        (["scan", EXAMPLE, "--config", "no/such/map.toml"], "no/such/map.toml"),
    ],
)
def test_errors_are_one_line_exit_two(
    capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("ddiverify: error")]
    assert len(lines) == 1 and fragment in lines[0]
    assert "Traceback" not in err


def test_bad_arguments_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["check"])
    assert e.value.code == 2


def test_rules_lists_every_rule_and_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    doc = json.loads(out)
    assert code == 0
    catalog = load_catalog()
    assert [r["name"] for r in doc["rules"]] == [r.name for r in catalog.rules]
    assert all(r["sets"] for r in doc["rules"])
    for name in ("VirtualStorport", "Locking", "Default", "Recommended"):
        assert name in doc["sets"], name
    assert set(doc["sets"]["Locking"]) == {r.name for r in catalog.rules if "Locking" in r.sets}


def test_jobs_give_the_same_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    _, one, _ = run(capsys, "check", EXAMPLE, "--format", "json")
    _, two, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--jobs", "2")

    def strip(doc: str) -> list[tuple[str, str, list[tuple[str, int, str]]]]:
        return [
            (r["rule"], r["status"], [(d["file"], d["line"], d["message"]) for d in r["defects"]])
            for r in json.loads(doc)["results"]
        ]

    assert strip(one) == strip(two)


_REAL_WORKER = check_command._worker


def _dies_on_double_set_event(name: str) -> object:
    """A worker that dies outright (as when killed for its memory) on one rule, alone or
    in a group checked together."""
    if "DoubleKeSetEvent" in name.split(","):
        os._exit(9)
    return _REAL_WORKER(name)


def test_a_dead_worker_costs_only_its_rule(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_command, "_worker", _dies_on_double_set_event)
    code, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--jobs", "2")
    statuses = {r["rule"]: (r["status"], r.get("reason", "")) for r in json.loads(out)["results"]}
    assert statuses["DoubleKeSetEvent"][0] == "error"
    assert "died" in statuses["DoubleKeSetEvent"][1]
    assert statuses["ZwRegistryOpen"][0] == "defect"  # the other rules still run
    assert statuses["DoubleExFreePool"][0] == "pass"
    assert code == 1


PROPERTY_SHEETS = "tests/drivers/scan/property_sheets/psdrv.vcxproj"


@pytest.mark.parametrize(
    ("args", "chosen", "kind", "roles"),
    [
        pytest.param(
            (),
            "Win8.1 Release|x64",
            "virtual",
            ["HW_BUILDIO", "HW_STARTIO", "VIRTUAL_HW_FIND_ADAPTER"],
            id="default",
        ),
        pytest.param(
            ("--configuration", "Win7 Release"),
            "Win7 Release|x64",
            "physical",
            ["HW_FIND_ADAPTER", "HW_STARTIO"],
            id="win7",
        ),
        pytest.param(
            ("--configuration", "8.1 release", "--platform", "x64"),
            "Win8.1 Release|x64",
            "virtual",
            ["HW_BUILDIO", "HW_STARTIO", "VIRTUAL_HW_FIND_ADAPTER"],
            id="words",
        ),
    ],
)
def test_configuration_chosen_is_printed(
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    chosen: str,
    kind: str,
    roles: list[str],
) -> None:
    code, out, err = run(capsys, "scan", PROPERTY_SHEETS, "--format", "json", *args)
    assert code == 0
    assert f"note: configuration analysed: {chosen}" in err
    doc = json.loads(out)
    assert doc["configuration"] == chosen and doc["driver"]["kind"] == kind
    found = sorted(e["role"] for e in doc["driver"]["entry_points"])
    assert found == sorted([*roles, "sp_DRIVER_INITIALIZE"])


def test_ambiguous_configuration_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "scan", PROPERTY_SHEETS, "--configuration", "Release", "--platform", "x64"
    )
    assert code == 2 and out == ""
    assert err == (
        "ddiverify: error: tests/drivers/scan/property_sheets/psdrv.vcxproj: "
        "configuration 'Release' matches 2 in the project: Win7 Release, "
        "Win8.1 Release; give one of them with --configuration\n"
    )


HEADERS_IN_TREE = "tests/drivers/scan/headers_in_tree"


def test_headers_found_once_in_the_tree_are_used(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "scan", f"{HEADERS_IN_TREE}/htdrv.vcxproj", "--format", "json")
    assert code == 0
    assert (
        f'note: #include "htdrv.h" is on no include path; using {HEADERS_IN_TREE}/inc/'
        f"htdrv.h, the only file of that name in the driver's tree"
    ) in err
    doc = json.loads(out)
    assert doc["missing_includes"] == ["htcompat.h", "storport.h"]  # htcompat.h: twice
    assert doc["driver"]["kind"] == "virtual"


def test_directory_scan_gives_the_projects_answer(capsys: pytest.CaptureFixture[str]) -> None:
    _, through_project, _ = run(
        capsys, "scan", f"{HEADERS_IN_TREE}/htdrv.vcxproj", "--format", "json"
    )
    code, through_directory, err = run(capsys, "scan", f"{HEADERS_IN_TREE}/", "--format", "json")
    assert code == 0
    assert (
        f"{HEADERS_IN_TREE}: note: analysed through htdrv.vcxproj, found in it; give "
        f"--no-project to analyse every source below it instead"
    ) in err
    assert "configuration analysed: Release|x64" in err
    project, directory = json.loads(through_project), json.loads(through_directory)
    assert directory["driver"] == project["driver"]
    _, every, err = run(capsys, "scan", HEADERS_IN_TREE, "--no-project", "--format", "json")
    assert "analysed through" not in err
    assert json.loads(every)["configuration"] is None
