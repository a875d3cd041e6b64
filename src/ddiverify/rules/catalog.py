"""The rules shipped with ddiverify, their rule sets, and `--rules` list resolution.

Rules live one per file in `rules/storport/<RuleName>.rule`; rule sets are named in the
rules themselves (`sets VirtualStorport;`), plus `Default` (every set) and `*`.
Invariant: resolution is case-insensitive, keeps the catalogue's order, and an unknown
name is an `InputError` that lists the close matches.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ddiverify.diagnostics import InputError
from ddiverify.rules.ast import Model, Rule
from ddiverify.rules.parser import RuleFileError, parse_file

DEFAULT_SETS = ("DDIUsage", "Irql", "Locking", "SrbProcessing", "VirtualStorport")


@dataclass(frozen=True, slots=True)
class Catalog:
    rules: tuple[Rule, ...]
    errors: tuple[RuleFileError, ...]      # rule files that failed to load

    def sets(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for r in self.rules:
            for s in r.sets:
                out.setdefault(s, []).append(r.name)
        out["Default"] = [r.name for r in self.rules if set(r.sets) & set(DEFAULT_SETS)]
        return {k: tuple(v) for k, v in sorted(out.items())}

    def rule(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name.lower() == name.lower()), None)


@functools.cache
def load_catalog() -> Catalog:
    rules: list[Rule] = []
    errors: list[RuleFileError] = []
    folder = resources.files("ddiverify.rules").joinpath("storport")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rule"):
            continue
        try:
            found, _ = parse_file(entry.read_text("utf-8"), f"rules/storport/{entry.name}")
        except RuleFileError as e:
            errors.append(e)
            continue
        rules.extend(found)
    return Catalog(tuple(sorted(rules, key=lambda r: r.name)), tuple(errors))


@functools.cache
def load_models() -> tuple[Model, ...]:
    text = resources.files("ddiverify.engine").joinpath("models/wdk.ddi").read_text("utf-8")
    _, models = parse_file(text, "engine/models/wdk.ddi")
    return tuple(models)


def _read_sdv_list(path: Path) -> list[str]:
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as e:
        raise InputError(f"{path}: cannot read the rule list ({e.strerror})") from e
    names = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def resolve_rules(spec: str, catalog: Catalog) -> list[str]:
    """Rule names for a `--rules` value: names, sets, `.sdv` files, `*`, `/check:X`."""
    names: list[str] = []
    sets = {k.lower(): v for k, v in catalog.sets().items()}
    known = [r.name for r in catalog.rules] + list(catalog.sets())
    for raw in spec.split(","):
        item = raw.strip()
        if item.lower().startswith("/check:"):
            item = item[len("/check:"):]
        if not item:
            continue
        if item == "*":
            names.extend(r.name for r in catalog.rules)
            continue
        if item.lower().endswith(".sdv"):
            path = Path(item)
            if path.is_file():
                names.extend(resolve_rules(",".join(_read_sdv_list(path)), catalog))
                continue
            item = item[:-4]   # SDV's /check:VirtualStorport.sdv names the built-in list
        if item.lower() in sets:
            names.extend(sets[item.lower()])
            continue
        rule = catalog.rule(item)
        if rule is not None:
            names.append(rule.name)
            continue
        close = difflib.get_close_matches(item, known, n=3, cutoff=0.5)
        if not close:
            close = [k for k in known if item.lower() in k.lower()][:3]
        hint = f"; did you mean {', '.join(close)}?" if close else \
            "; `ddiverify rules` lists them"
        raise InputError(f"unknown rule or rule set {item!r}{hint}")
    return list(dict.fromkeys(names))
