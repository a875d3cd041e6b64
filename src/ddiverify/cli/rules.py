"""`ddiverify rules`: every rule and rule set, one line each."""

from __future__ import annotations

import argparse
import json

from ddiverify.diagnostics import InputError
from ddiverify.report.ruledoc import rule_markdown, rule_text
from ddiverify.rules.catalog import load_catalog, resolve_rules


def run_rules_check(files: list[str]) -> tuple[str, int]:
    """`rules --check FILE...`: every file loads (exit 0), or each problem at its
    file:line:column (exit 1)."""
    catalog = load_catalog(tuple(files))
    lines: list[str] = []
    for f in files:
        own = [r for r in catalog.rules if r.file == f]
        models = [m for m in catalog.models if m.file == f]
        failed = [e for e in catalog.errors if e.file == f]
        if failed:
            lines.extend(f"error: {e.reason}" for e in failed)
        else:
            parts = [f"{len(own)} rule{'s' if len(own) != 1 else ''}"] + (
                [f"{len(models)} DDI model{'s' if len(models) != 1 else ''}"] if models else []
            )
            names = f" ({', '.join(r.name for r in own)})" if own else ""
            lines.append(f"ok: {f}: {', '.join(parts)}{names}")
    others = [e for e in catalog.errors if e.file not in files]
    lines.extend(f"error: {e.reason}" for e in others)
    return "\n".join(lines) + "\n", 1 if catalog.errors else 0


def run_rules_list(args: argparse.Namespace) -> tuple[str, int]:
    if getattr(args, "check_files", None):
        return run_rules_check(args.check_files)
    catalog = load_catalog()
    sets = catalog.sets()
    if args.format == "json":
        doc = {
            "rules": [
                {
                    "name": r.name,
                    "sets": list(r.sets),
                    "applies": r.applies,
                    "summary": r.summary,
                    "file": r.file,
                }
                for r in catalog.rules
            ],
            "sets": {k: list(v) for k, v in sets.items()},
            "errors": [str(e) for e in catalog.errors],
        }
        return json.dumps(doc, indent=2) + "\n", 0
    width = max(len(r.name) for r in catalog.rules) if catalog.rules else 10
    lines = [f"{r.name:<{width}}  {','.join(r.sets):<16} {r.summary}" for r in catalog.rules]
    lines.append("")
    for name, members in sets.items():
        lines.append(f"{name}: {', '.join(members)}")
    for e in catalog.errors:
        lines.append(f"error: {e}")
    return "\n".join(lines) + "\n", 2 if catalog.errors else 0


def run_explain(args: argparse.Namespace) -> tuple[str, int]:
    catalog = load_catalog()
    names = resolve_rules(args.rule, catalog)
    if len(names) != 1:
        raise InputError(f"{args.rule!r} names {len(names)} rules; `explain` takes one rule")
    rule = catalog.rule(names[0])
    assert rule is not None
    render = rule_markdown if args.format == "markdown" else rule_text
    return render(rule, catalog), 0
