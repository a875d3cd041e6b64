"""`ddiverify rules`: every rule and rule set, one line each."""

from __future__ import annotations

import argparse
import json

from ddiverify.diagnostics import InputError
from ddiverify.report.ruledoc import rule_markdown, rule_text
from ddiverify.rules.catalog import load_catalog, resolve_rules


def run_rules_list(args: argparse.Namespace) -> tuple[str, int]:
    catalog = load_catalog()
    sets = catalog.sets()
    if args.format == "json":
        doc = {"rules": [{"name": r.name, "sets": list(r.sets), "applies": r.applies,
                          "summary": r.summary, "file": r.file} for r in catalog.rules],
               "sets": {k: list(v) for k, v in sets.items()},
               "errors": [str(e) for e in catalog.errors]}
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
