"""Rule documentation generated from the rule files (one page per rule).

`ddiverify explain RULE` prints a page; `python -m ddiverify.report.ruledoc DIR` writes
every page to DIR (the repository keeps them in docs/rules/, checked by a test to match
the rule files).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ddiverify.rules.ast import Rule
from ddiverify.rules.catalog import Catalog, load_catalog

_APPLIES = {
    "any": "physical and virtual miniports",
    "physical": "physical miniports only",
    "virtual": "virtual miniports only",
}


def _code(text: str) -> str:
    return f"```c\n{text.strip()}\n```" if text.strip() else "_(none given)_"


def rule_markdown(rule: Rule, catalog: Catalog) -> str:
    sets = [name for name, members in catalog.sets().items() if rule.name in members]
    monitored = sorted(rule.applicable or rule.monitored_calls())
    parts = [
        f"# {rule.name}",
        "",
        f"{rule.summary}",
        "",
        f"- Rule sets: {', '.join(sets)}",
        f"- Applies to: {_APPLIES.get(rule.applies, rule.applies)}",
        "- Applicable when reachable: "
        + (
            ", ".join(f"`{m}`" for m in monitored)
            if monitored
            else "always (checked at HwStorFindAdapter's exit)"
        ),
        f"- Rule file: `src/ddiverify/{rule.file}`",
        "",
        "## What it checks",
        "",
        rule.description,
        "",
        "## Why it matters",
        "",
        rule.why or "_(not documented)_",
        "",
        "## Example",
        "",
        "Violating:",
        "",
        _code(rule.example),
        "",
        "Fixed:",
        "",
        _code(rule.fix),
        "",
        "## Exact semantics",
        "",
        rule.semantics or rule.description,
        "",
    ]
    return "\n".join(parts)


def rule_text(rule: Rule, catalog: Catalog) -> str:
    return rule_markdown(rule, catalog).replace("```c\n", "").replace("\n```", "")


def write_all(directory: Path) -> list[Path]:
    catalog = load_catalog()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for rule in catalog.rules:
        path = directory / f"{rule.name}.md"
        path.write_text(rule_markdown(rule, catalog), encoding="utf-8")
        written.append(path)
    index = ["# Rules", "", "| rule | sets | summary |", "| --- | --- | --- |"]
    for rule in catalog.rules:
        index.append(f"| [{rule.name}]({rule.name}.md) | {', '.join(rule.sets)} | {rule.summary} |")
    (directory / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return written


if __name__ == "__main__":  # pragma: no cover
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules"))
