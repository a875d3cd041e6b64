"""The rules ddiverify checks: the shipped ones, a user's own files, and `--rules` lists.

Shipped rules live one per file in `rules/storport/<RuleName>.rule` (shared templates in
`rules/storport/lib/`, DDI lists in `rules/storport/lists/`); the DDI models come from
the knowledge package; `--rule-file` adds a user's rule and model files. Rule sets are
named in the rules themselves (`sets Locking;`), plus `Default` (SDV's sets),
`Recommended` (Default, Warning and Extended) and `*`.

Invariants: a file that fails to load is a `LoadError` that keeps its rule's name, so the
rule shows as an `error` verdict instead of vanishing; resolution is case-insensitive,
keeps the catalogue's order, and an unknown name is an `InputError` listing close matches.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from ddiverify.diagnostics import InputError
from ddiverify.inputs.sources import read_file_option
from ddiverify.knowledge import model_sources
from ddiverify.rules.ast import Model, Rule
from ddiverify.rules.cache import cached
from ddiverify.rules.parser import (
    Loader,
    RuleFileError,
    models_of,
    parse_source,
)
from ddiverify.rules.validate import check_models, default_vocabulary, rules_of

DEFAULT_SETS = ("DDIUsage", "Irql", "Locking", "SrbProcessing", "VirtualStorport")
RECOMMENDED_SETS = (*DEFAULT_SETS, "Warning", "Extended")
MAX_RULE_FILE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadError:
    """A rule file that did not load: the rule it holds (named after the file), why, and
    the sets its text names (so `--rules SET` still shows it)."""

    name: str
    file: str
    reason: str
    sets: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True, slots=True)
class Catalog:
    rules: tuple[Rule, ...]
    errors: tuple[LoadError, ...]  # rule files that failed to load
    models: tuple[Model, ...] = ()
    user: tuple[str, ...] = ()  # the rules of the user's --rule-file files

    def sets(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for r in self.rules:
            for s in r.sets:
                out.setdefault(s, []).append(r.name)
        out["Default"] = [r.name for r in self.rules if set(r.sets) & set(DEFAULT_SETS)]
        out["Recommended"] = [r.name for r in self.rules if set(r.sets) & set(RECOMMENDED_SETS)]
        return {k: tuple(v) for k, v in sorted(out.items())}

    def rule(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name.lower() == name.lower()), None)

    def error(self, name: str) -> LoadError | None:
        return next((e for e in self.errors if e.name.lower() == name.lower()), None)


_SETS_TEXT = re.compile(r"\bsets\s+([A-Za-z0-9_,\s]+);")


_RULE_TEXT = re.compile(r"^\s*rule\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


def _load_error(e: RuleFileError, file: str, text: str | None) -> LoadError:
    """The error row of a file that did not load, named after the one rule its text
    declares (else after the file)."""
    m = _SETS_TEXT.search(text or "")
    sets = tuple(s.strip() for s in m.group(1).split(",") if s.strip()) if m else ()
    declared = _RULE_TEXT.findall(text or "")
    name = declared[0] if len(set(declared)) == 1 else PurePosixPath(file).name.split(".", 1)[0]
    return LoadError(name, file, str(e), sets)


def _package_loader(base: Traversable, prefix: str) -> Loader:
    """Includes and list files of shipped rules, inside the package (`prefix` is how
    their names are shown)."""

    def load(path: str, including: str) -> tuple[str, str]:
        rel = (
            PurePosixPath(including).parent.relative_to(prefix)
            if including.startswith(prefix)
            else PurePosixPath()
        )
        target = PurePosixPath(*(p for p in (rel / path).parts if p != "."))
        if ".." in target.parts:
            raise OSError(f"{path} leaves the rules folder")
        node = base
        for part in target.parts:
            node = node.joinpath(part)
        if not node.is_file():
            raise FileNotFoundError(2, "no such file")
        return node.read_text("utf-8"), f"{prefix}/{target}"

    return load


def _file_loader() -> Loader:
    """Includes and list files of a user's rule file, relative to the including file."""

    def load(path: str, including: str) -> tuple[str, str]:
        target = Path(including).parent / path
        data = target.read_bytes()[: MAX_RULE_FILE_BYTES + 1]
        if len(data) > MAX_RULE_FILE_BYTES:
            raise OSError(f"{target} is larger than {MAX_RULE_FILE_BYTES // 1024 // 1024} MiB")
        return data.decode("utf-8"), str(target)

    return load


def _read_user_file(path: str) -> str:
    p = Path(path)
    if not p.is_file():
        raise RuleFileError(path, 1, "no such file" if not p.exists() else "not a file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise RuleFileError(path, 1, f"cannot read it ({e.strerror})") from None
    if len(data) > MAX_RULE_FILE_BYTES:
        raise RuleFileError(path, 1, f"larger than {MAX_RULE_FILE_BYTES // 1024 // 1024} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise RuleFileError(path, line, "the file is not UTF-8 text") from None


@functools.cache
def load_models() -> tuple[Model, ...]:
    """The shipped DDI models (parsed once per machine: `rules.cache`)."""
    return cached("models", _parse_models)


def _parse_models() -> tuple[Model, ...]:
    out: list[Model] = []
    vocab = default_vocabulary()
    for name, text in model_sources():
        tree, library = parse_source(text, name)
        models = models_of(tree, library, name)
        check_models(models, vocab.with_ddis(n for m in models for n in m.names))
        out.extend(models)
    return tuple(out)


@functools.cache
def load_catalog(user_files: tuple[str, ...] = ()) -> Catalog:
    """The shipped rules, plus the rules and models of `user_files` (`--rule-file`)."""
    models = list(load_models())
    rules: list[Rule] = []
    errors: list[LoadError] = []
    parsed = []
    for path in user_files:  # user models first: user rules may watch their DDIs
        text = None
        try:
            text = _read_user_file(path)
            tree, library = parse_source(text, path, _file_loader())
            own = models_of(tree, library, path)
            check_models(
                own, default_vocabulary().with_ddis(n for m in models + own for n in m.names)
            )
            models.extend(own)
            parsed.append((path, text, tree, library))
        except RuleFileError as e:
            errors.append(_load_error(e, path, text))
    vocab = default_vocabulary().with_ddis(n for m in models for n in m.names)
    shipped_rules, shipped_errors = cached("rules", _parse_shipped)
    rules.extend(shipped_rules)
    errors.extend(shipped_errors)
    user: list[str] = []
    shipped = {r.name.lower() for r in rules}
    for path, text, tree, library in parsed:
        try:
            found = rules_of(tree, library, path, vocab)
            for r in found:
                if r.name.lower() in shipped:
                    raise RuleFileError(
                        path, r.line, f"a shipped rule is named {r.name}; give yours another name"
                    )
        except RuleFileError as e:
            errors.append(_load_error(e, path, text))
            continue
        rules.extend(found)
        user.extend(r.name for r in found)
    return Catalog(
        tuple(sorted(rules, key=lambda r: r.name)), tuple(errors), tuple(models), tuple(user)
    )


def _parse_shipped() -> tuple[tuple[Rule, ...], tuple[LoadError, ...]]:
    """The shipped rule files, each parsed and checked against the shipped models."""
    vocab = default_vocabulary().with_ddis(n for m in load_models() for n in m.names)
    folder = resources.files("ddiverify.rules").joinpath("storport")
    loader = _package_loader(folder, "rules/storport")
    rules: list[Rule] = []
    errors: list[LoadError] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rule"):
            continue
        name = f"rules/storport/{entry.name}"
        text = entry.read_text("utf-8")
        try:
            tree, library = parse_source(text, name, loader)
            rules.extend(rules_of(tree, library, name, vocab))
        except RuleFileError as e:
            errors.append(_load_error(e, name, text))
    return tuple(rules), tuple(errors)


# An item of a rule selection and where it was written: `None` for the command line,
# else the rule list's path and line (for errors, and to resolve the lists it names).
_Item = tuple[str, Path | None, int]


def _read_sdv_list(path: Path) -> list[_Item]:
    """The names of an SDV rule list, one a line (`#` starts a comment), each with its
    line. A byte order mark (Notepad writes one) is not part of the first name."""
    text = read_file_option(str(path), "rule list")
    items: list[_Item] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            items.append((line, path, number))
    return items


def resolve_rules(spec: str, catalog: Catalog) -> list[str]:
    """Rule names for a `--rules` value: names, sets, `.sdv` files, `*`, `/check:X`.

    A rule whose file failed to load is selected like the rule it would have been (by
    name, by a set its text names, by `*`), so it shows as an `error` verdict. A rule
    list naming another list finds it relative to its own folder; a list that names
    itself, directly or through others, is an error naming the list and the line.
    """
    items: list[_Item] = [(raw, None, 0) for raw in spec.split(",")]
    return list(dict.fromkeys(_resolve(items, catalog, ())))


def _resolve(items: list[_Item], catalog: Catalog, open_lists: tuple[Path, ...]) -> list[str]:
    names: list[str] = []
    sets = {k.lower(): v for k, v in catalog.sets().items()}
    known = (
        [r.name for r in catalog.rules] + [e.name for e in catalog.errors] + list(catalog.sets())
    )
    for raw, origin, line in items:
        where = f"{origin}:{line}: " if origin is not None else ""
        item = raw.strip()
        if item.lower().startswith("/check:"):
            item = item[len("/check:") :]
        if not item:
            continue
        if item == "*":
            names.extend(r.name for r in catalog.rules)
            names.extend(e.name for e in catalog.errors)
            continue
        if item.lower().endswith(".sdv"):
            path = Path(item) if origin is None else origin.parent / item
            if path.is_file():
                real = path.resolve()
                if real in open_lists:
                    raise InputError(
                        f"{where}the rule list {item} names itself (through "
                        f"{' -> '.join(str(p.name) for p in open_lists)}); "
                        "remove that line"
                    )
                names.extend(_resolve(_read_sdv_list(path), catalog, (*open_lists, real)))
                continue
            if path.exists():
                raise InputError(f"{where}{item}: cannot read the rule list: not a regular file")
            item = item[:-4]  # SDV's /check:VirtualStorport.sdv names the built-in list
        if item.lower() in sets or item.lower() in _failed_sets(catalog):
            names.extend(sets.get(item.lower(), ()))
            names.extend(_errors_in_set(catalog, item))
            continue
        rule = catalog.rule(item)
        if rule is not None:
            names.append(rule.name)
            continue
        failed = catalog.error(item)
        if failed is not None:
            names.append(failed.name)
            continue
        close = difflib.get_close_matches(item, known, n=3, cutoff=0.5)
        if not close:
            close = [k for k in known if item.lower() in k.lower()][:3]
        hint = f"; did you mean {', '.join(close)}?" if close else "; `ddiverify rules` lists them"
        raise InputError(f"{where}unknown rule or rule set {item!r}{hint}")
    return names


def _failed_sets(catalog: Catalog) -> set[str]:
    return {s.lower() for e in catalog.errors for s in e.sets}


def _errors_in_set(catalog: Catalog, name: str) -> list[str]:
    wanted = {name.lower()}
    if name.lower() == "default":
        wanted |= {s.lower() for s in DEFAULT_SETS}
    elif name.lower() == "recommended":
        wanted |= {s.lower() for s in RECOMMENDED_SETS}
    return [e.name for e in catalog.errors if wanted & {s.lower() for s in e.sets}]
