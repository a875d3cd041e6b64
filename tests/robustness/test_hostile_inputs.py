"""Hostile inputs, generated: each ends with the right exit code, no traceback, a message
on stderr naming the problem, and verdicts for the good part of the input. Cases that
already passed before are kept here so that they stay passing."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import DOUBLE_SET, EXAMPLE, Run, cli, driver, write

GOOD = {"d/good.c": DOUBLE_SET}


def _fifo(root: Path) -> list[str]:
    os.mkfifo(root / "x.c")
    return ["check", "x.c"]


def _symlink_loops(root: Path) -> list[str]:
    write(
        root,
        {
            "p/src/good.c": DOUBLE_SET,
            "p/p.vcxproj": '<Project><ItemGroup><ClCompile Include="**\\*.c" />'
            "</ItemGroup></Project>",
        },
    )
    (root / "p/src/up").symlink_to("..")
    (root / "p/src/up2").symlink_to("../..")
    return ["check", "p/p.vcxproj", "--rules", "DoubleKeSetEvent"]


def _deep_json(root: Path) -> list[str]:
    write(root, {**GOOD, "compile_commands.json": "[" * 100_000 + "]" * 100_000})
    return ["check", "compile_commands.json"]


def _deep_baseline(root: Path) -> list[str]:
    write(root, {**GOOD, "base.json": '{"results":\n' + "[" * 100_000})
    return ["check", "d", "--baseline", "base.json"]


def _deep_config(root: Path) -> list[str]:
    write(root, {**GOOD, "c.toml": "kind = 'physical'\nx = " + "[" * 100_000})
    return ["check", "d", "--config", "c.toml"]


def _sdv_self(root: Path) -> list[str]:
    write(root, {**GOOD, "lists/a.sdv": "DoubleKeSetEvent\nb.sdv\n", "lists/b.sdv": "a.sdv\n"})
    return ["check", "d", "--rules", "lists/a.sdv"]


def _sdv_unknown(root: Path) -> list[str]:
    write(root, {**GOOD, "my.sdv": "DoubleKeSetEvent\n# comment\nDoubleKeSetEvnt\n"})
    return ["check", "d", "--rules", "my.sdv"]


def _unknown_config_key(root: Path) -> list[str]:
    write(root, {**GOOD, "c.toml": 'kind = "physical"\n[[exclud]]\nfunction = "MyStartIo"\n'})
    return ["check", "d", "--config", "c.toml"]


def _lone_binary(root: Path) -> list[str]:
    write(root, {"b/x.c": bytes(range(256)) * 8})
    return ["check", "b"]


def _missing_project_files(root: Path) -> list[str]:
    write(
        root,
        {
            "m.vcxproj": '<Project><ItemGroup><ClCompile Include="a.c" />'
            '<ClCompile Include="b.c" /></ItemGroup></Project>'
        },
    )
    return ["check", "m.vcxproj"]


def _header_only(root: Path) -> list[str]:
    write(root, {"h/d.h": "HW_STARTIO MyStartIo;\nHW_FIND_ADAPTER MyFind;\n"})
    return ["check", "h"]


def _output_is_input(root: Path) -> list[str]:
    write(root, GOOD)
    return ["check", "d", "-o", "d/good.c"]


def _output_dir_missing(root: Path) -> list[str]:
    write(root, GOOD)
    return ["check", "d", "-o", "no/such/dir/r.json"]


def _timeout_nan(root: Path) -> list[str]:
    write(root, GOOD)
    return ["check", "d", "--timeout", "nan"]


def _timeout_inf(root: Path) -> list[str]:
    write(root, GOOD)
    return ["check", "d", "--timeout", "inf"]


def _xxe_project(root: Path) -> list[str]:
    write(
        root,
        {
            "x.vcxproj": '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e SYSTEM '
            '"file:///etc/passwd">]><Project>&e;</Project>'
        },
    )
    return ["check", "x.vcxproj"]


def _missing_path(root: Path) -> list[str]:
    return ["check", "no/such/dir"]


# name -> (make the input, exit code, what stderr must say)
CASES: dict[str, tuple[Callable[[Path], list[str]], int, str]] = {
    "fifo": (_fifo, 2, "x.c: not a regular file or directory (a named pipe)"),
    "deep-compile-db": (
        _deep_json,
        2,
        ("compile_commands.json:1: the compilation database nests more than 200 levels"),
    ),
    "deep-baseline": (_deep_baseline, 2, "base.json:2: the baseline nests more than 200"),
    "deep-config": (_deep_config, 2, "c.toml:2: the configuration file nests more than 200"),
    "sdv-cycle": (_sdv_self, 2, "b.sdv:1: the rule list a.sdv names itself"),
    "sdv-unknown": (_sdv_unknown, 2, "my.sdv:3: unknown rule or rule set 'DoubleKeSetEvnt'"),
    "config-unknown-key": (_unknown_config_key, 2, "c.toml:2: unknown key 'exclud'"),
    "lone-binary": (_lone_binary, 2, "b/x.c: warning: skipped: binary file"),
    "missing-project-files": (_missing_project_files, 2, "ClCompile item 'a.c' not found"),
    "header-only": (_header_only, 2, "role types are declared (HW_STARTIO MyStartIo (h/d.h:1)"),
    "output-is-input": (_output_is_input, 2, "-o d/good.c: is one of the inputs"),
    "output-dir-missing": (_output_dir_missing, 2, "no such directory no/such/dir"),
    "timeout-nan": (_timeout_nan, 2, "--timeout nan: give a positive, finite number"),
    "timeout-inf": (_timeout_inf, 2, "--timeout inf: give a positive, finite number"),
    "xxe-project": (_xxe_project, 2, "not allowed"),
    "missing-path": (_missing_path, 2, "no/such/dir: no such file or directory"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(tmp_path: Path, name: str) -> None:
    make, code, says = CASES[name]
    run = cli(*make(tmp_path), cwd=tmp_path, timeout=30)
    run.assert_clean()
    assert run.code == code, run.err
    assert says in run.err, run.err


def _verdicts(run: Run) -> dict[str, str]:
    return {r["rule"]: r["status"] for r in json.loads(run.out)["results"]}


def test_symlink_loops_under_a_wildcard_end_and_keep_the_good_files(tmp_path: Path) -> None:
    """Before: `**\\*.c` over directory-symlink loops ran without bound (446 MB in 120 s)."""
    args = _symlink_loops(tmp_path)
    run = cli(*args, "--format", "json", cwd=tmp_path, timeout=30)
    run.assert_clean()
    assert run.code == 1 and _verdicts(run) == {"DoubleKeSetEvent": "defect"}
    assert [d["file"] for r in json.loads(run.out)["results"] for d in r["defects"]] == [
        "p/src/good.c"
    ]


def test_an_unreadable_folder_is_warned_and_the_rest_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ddiverify.cli.main import main

    write(tmp_path, {**GOOD, "d/locked/x.c": "int x;"})
    real = os.walk

    def walk(top: str, onerror: Callable[[OSError], None] | None = None, **kw: object) -> object:
        for entry in real(top, onerror=onerror):
            if entry[0].endswith("locked"):
                assert onerror is not None
                onerror(PermissionError(13, "Permission denied", entry[0]))
                continue
            yield entry

    monkeypatch.setattr(os, "walk", walk)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "d", "--rules", "DoubleKeSetEvent", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "d/locked: warning: directory not read (Permission denied)" in err


def test_a_file_name_that_is_not_utf8_keeps_every_report(tmp_path: Path) -> None:
    """Before: JSON and SARIF ended in `internal error: UnicodeEncodeError`, and text
    with -o left a 0-byte file."""
    write(tmp_path, GOOD)
    os.rename(tmp_path / "d/good.c", os.fsencode(tmp_path / "d") + b"/g\xffood.c")
    prints = set()
    for fmt in ("json", "sarif", "html", "text"):
        out = tmp_path / f"r.{fmt}"
        run = cli(
            "check",
            "d",
            "--rules",
            "DoubleKeSetEvent",
            "--format",
            fmt,
            "-o",
            str(out),
            cwd=tmp_path,
        )
        run.assert_clean()
        assert run.code == 1, run.err
        text = out.read_text("utf-8")
        assert "g\\\\xffood.c" in text or "g\\xffood.c" in text or "g%FFood.c" in text
        if fmt == "json":
            prints.add(json.loads(text)["results"][0]["defects"][0]["fingerprint"])
    run = cli("check", "d", "--rules", "DoubleKeSetEvent", "--format", "json", cwd=tmp_path)
    assert {json.loads(run.out)["results"][0]["defects"][0]["fingerprint"]} == prints


def test_a_baseline_matches_from_any_directory(tmp_path: Path) -> None:
    """Before: a baseline made at the repository root stopped matching from `examples/`."""
    shutil.copytree(EXAMPLE, tmp_path / "examples" / "vm")
    made = cli(
        "check",
        "examples/vm",
        "--rules",
        "VirtualStorport",
        "--format",
        "json",
        "-o",
        "base.json",
        cwd=tmp_path,
    )
    assert made.code == 1
    again = cli(
        "check",
        "vm",
        "--rules",
        "VirtualStorport",
        "--baseline",
        "../base.json",
        cwd=tmp_path / "examples",
    )
    again.assert_clean()
    assert again.code == 0, again.out + again.err


def test_a_call_past_the_depth_limit_is_not_a_proof(tmp_path: Path) -> None:
    """Before: a double KeSetEvent at the end of a 26-deep chain was `pass`, no note."""
    chain = "\n".join(f"VOID Deep{i}(PKEVENT e) {{ Deep{i + 1}(e); }}" for i in range(25, 0, -1))
    body = (
        "VOID Deep26(PKEVENT e) { KeSetEvent(e, 0, FALSE); KeSetEvent(e, 0, FALSE); }\n"
        + chain
        + "\n"
    )
    write(tmp_path, {"d/d.c": driver("    Deep1(&Ev);", before="KEVENT Ev;\n" + body)})
    run = cli("check", "d", "--rules", "DoubleKeSetEvent", "--format", "json", cwd=tmp_path)
    run.assert_clean()
    result = json.loads(run.out)["results"][0]
    assert result["status"] in ("pass", "defect")
    if result["status"] == "pass":
        assert "not a proof" in result["reason"] and "24 frames deep" in result["reason"]


def test_a_defect_on_a_huge_line_is_cut_in_reports(tmp_path: Path) -> None:
    line = "    KeSetEvent(&Ev, 0, FALSE); // " + "x" * 1_000_000  # a 1 MB line
    write(tmp_path, {"d/d.c": driver("    int x;\n    KeSetEvent(&Ev, 0, FALSE);\n" + line)})
    for fmt in ("text", "sarif", "html"):
        run = cli("check", "d", "--rules", "DoubleKeSetEvent", "--format", fmt, cwd=tmp_path)
        run.assert_clean()
        assert run.code == 1 and len(run.out) < 400_000, (fmt, len(run.out))
        assert "more characters)" in run.out


def test_debug_internal_error_exits_two(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: with --debug an internal error exited 1, the code for "defects found"."""
    from ddiverify.cli import check
    from ddiverify.cli.main import main

    def boom(*_: object) -> object:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(check, "run_check", boom)
    code = main(["check", str(EXAMPLE), "--debug"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" in err and "internal error: ZeroDivisionError" in err


def test_sdv_list_with_bom_and_nested_list_from_its_folder(tmp_path: Path) -> None:
    write(tmp_path, {**GOOD, "lists/more.sdv": "DoubleExFreePool\n"})
    (tmp_path / "lists/main.sdv").write_bytes(b"\xef\xbb\xbfDoubleKeSetEvent\r\nmore.sdv\r\n")
    run = cli("check", "d", "--rules", "lists/main.sdv", "--format", "json", cwd=tmp_path)
    run.assert_clean()
    assert _verdicts(run) == {"DoubleKeSetEvent": "defect", "DoubleExFreePool": "not_applicable"}


def test_output_never_left_partial_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ddiverify.cli import output
    from ddiverify.diagnostics import InputError

    def fail(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(InputError, match="No space left"):
        output.write_report("report", str(tmp_path / "r.txt"))
    assert os.listdir(tmp_path) == []
