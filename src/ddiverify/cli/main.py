"""The `ddiverify` command line: argument parsing, exit codes, error reporting.

Exit codes (docs/cli.md): 0 no defects, 1 defects, 2 the run could not be done
(an internal error included, with or without `--debug`), 3 no defects but a rule ended
`timeout` or `error`, 130 interrupted (Ctrl-C). Invariants: without `--debug` no Python
traceback reaches the user; every failure is one line on stderr, after the warnings
recorded before it; the report file (`-o`) is checked before the analysis, is never one
of the inputs, and appears complete or not at all.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from collections.abc import Sequence

from ddiverify import __version__, budget
from ddiverify.cli.output import check_output, write_report
from ddiverify.diagnostics import InputError, escape_surrogates

EXIT_OK, EXIT_DEFECTS, EXIT_ERROR, EXIT_INCONCLUSIVE = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"ddiverify: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def _add_driver_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="driver directory, source files, .vcxproj, .sln, WDK sources or "
        "dirs file, or compile_commands.json",
    )
    p.add_argument(
        "-D",
        dest="define",
        action="append",
        metavar="NAME[=VALUE]",
        help="define a macro for the configuration analysed",
    )
    p.add_argument("-U", dest="undefine", action="append", metavar="NAME", help="undefine a macro")
    p.add_argument(
        "-I", dest="include", action="append", metavar="DIR", help="add an include directory"
    )
    p.add_argument(
        "--configuration",
        help="Visual Studio configuration (of the solution, for a .sln), or words "
        "of its name (default: Release, else the newest release one)",
    )
    p.add_argument("--platform", help="Visual Studio platform (default: x64)")
    p.add_argument(
        "--project",
        metavar="NAME",
        help="with a .sln: analyse only this project of the solution (default: "
        "every driver project, each reported on its own)",
    )
    p.add_argument(
        "--no-project",
        dest="use_projects",
        action="store_false",
        help="a directory is every source below it, even when it holds a "
        ".vcxproj or a WDK sources or dirs file",
    )
    p.add_argument(
        "--config", metavar="FILE", help="entry-point overrides: a .toml file or an SDV sdv-map.h"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ddiverify",
        description=(
            "Static verifier for Windows Storport miniport drivers: SDV's DDI compliance rules, "
            "from source, without the WDK."
        ),
    )
    parser.add_argument("--version", action="version", version=f"ddiverify {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    scan = sub.add_parser("scan", help="list the entry points found (SDV's sdv-map.h)")
    _add_driver_options(scan)
    scan.add_argument("--format", choices=("text", "json"), default="text")
    scan.set_defaults(handler="scan")

    check = sub.add_parser("check", help="check DDI compliance rules on the driver")
    _add_driver_options(check)
    check.add_argument(
        "--rules",
        default=None,
        metavar="LIST",
        help="rule names, rule sets, SDV .sdv files or *, comma-separated "
        "(default: Default, or only the --rule-file rules)",
    )
    check.add_argument(
        "--rule-file",
        dest="rule_files",
        action="append",
        default=[],
        metavar="FILE",
        help="a rule or DDI model file of your own (repeatable)",
    )
    check.add_argument("--format", choices=("text", "json", "sarif", "html"), default="text")
    check.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="time budget per rule (default 120)",
    )
    check.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="check rules in N parallel processes (default 0: one per core)",
    )
    check.add_argument(
        "--no-share",
        dest="share",
        action="store_false",
        help="explore the harness once per rule, not once for all of them",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="an earlier --format json report: report only new defects",
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output (default: when writing to a terminal)",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no traces, no table, no warnings: one line per defect",
    )
    check.set_defaults(handler="check")

    rules = sub.add_parser("rules", help="list the rules and rule sets")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument(
        "--check",
        dest="check_files",
        nargs="+",
        metavar="FILE",
        help="lint rule files: exit 0 when they load, else file:line errors",
    )
    rules.add_argument("-o", "--output", metavar="FILE")
    rules.add_argument("--debug", action="store_true")
    rules.set_defaults(handler="rules")

    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE")
    explain.add_argument("--format", choices=("text", "markdown"), default="text")
    explain.add_argument("-o", "--output", metavar="FILE")
    explain.add_argument("--debug", action="store_true")
    explain.set_defaults(handler="explain")

    return parser


def _normalise(argv: list[str]) -> list[str]:
    """SDV's `/check:NAME` is accepted as `--rules NAME`."""
    return [
        f"--rules={a[len('/check:') :]}" if a.lower().startswith("/check:") else a for a in argv
    ]


def _print_error(error: InputError) -> None:
    for d in error.diagnostics:
        print(f"ddiverify: {d.render()}", file=sys.stderr)
    print(escape_surrogates(f"ddiverify: error: {error}"), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    budget.install_interrupt_handler()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        with contextlib.suppress(Exception):
            print("ddiverify: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    arguments = _normalise(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(arguments)
    try:
        output = getattr(args, "output", None)
        check_output(
            output,
            [
                *getattr(args, "paths", ()),
                *(getattr(args, "rule_files", None) or ()),
                *(getattr(args, "check_files", None) or ()),
                *(x for x in (getattr(args, "config", None), getattr(args, "baseline", None)) if x),
            ],
        )
        if args.handler == "scan":
            from ddiverify.cli.scan import run_scan

            text, code = run_scan(args)
        elif args.handler == "check":
            from ddiverify.cli.check import run_check

            text, code = run_check(args, arguments)
        elif args.handler == "explain":
            from ddiverify.cli.rules import run_explain

            text, code = run_explain(args)
        elif args.handler == "rules":
            from ddiverify.cli.rules import run_rules_list

            text, code = run_rules_list(args)
        else:  # pragma: no cover - argparse guarantees a known command
            raise InputError(f"unknown command {args.command}")
        if budget.interrupted():  # a Ctrl-C some library swallowed: still an interrupt
            raise KeyboardInterrupt
        write_report(text, output)
        return code
    except InputError as e:
        _print_error(e)
        return EXIT_ERROR
    except RecursionError as e:
        if getattr(args, "debug", False):
            traceback.print_exc()
        print(f"ddiverify: error: an input nests too deeply to be read ({e})", file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:  # noqa: BLE001 - the last resort: one line, exit 2
        if getattr(args, "debug", False):
            traceback.print_exc()
            print(
                f"ddiverify: internal error: {type(e).__name__}: {e} (please report it "
                "with the traceback above)",
                file=sys.stderr,
            )
            return EXIT_ERROR
        print(
            escape_surrogates(
                f"ddiverify: internal error: {type(e).__name__}: {e} "
                "(run with --debug for the traceback, and please report it)"
            ),
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
