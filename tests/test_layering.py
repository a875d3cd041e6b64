"""The pipeline is the folder layout: no package imports a later step, reads another
package's files, or holds modules that import each other in a circle.

Every form an import can take counts: `import ddiverify.x.y`, `from ddiverify.x import y`,
`from ddiverify import x`, relative imports (also banned outright by ruff's TID252, see
pyproject.toml), imports inside functions or under `if TYPE_CHECKING:`, and
`importlib.import_module(...)` / `__import__(...)` with a literal name (a computed name is
an error of its own: the test could not see where it goes). A resource read
(`importlib.resources.files("ddiverify.x")`, the legacy `read_text`/`open_text`/`path`
helpers, or any use of `__file__`) may only name the reading module's own package.

The second half of the file shows each of those holes closed: it runs the same checks on
small synthetic modules that make the forbidden move.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ddiverify"
ORDER = [
    "diagnostics",
    "budget",
    "knowledge",
    "inputs",
    "ir",
    "frontend",
    "harness",
    "rules",
    "engine",
    "report",
    "cli",
]
# Data flows inputs -> frontend -> ir -> ...; for imports the IR's definitions come before
# the frontend that builds them. `knowledge` (what ddiverify knows of the WDK: constants,
# roles, DDI models, tables) comes first so that every step may read it; `rules` (the
# language and rule files) depends only on IR concepts and that knowledge; the engine
# interprets rules, so it comes after.

# Modules that may read files of the whole installed package, and why.
WHOLE_PACKAGE_READERS = {
    "rules/cache.py": "digests the metadata of every file of the package to key the cache "
    "of the parsed catalogue; it interprets none of them",
}

# Cycles known today, with the change that removes them; strict, so the test says when
# one is gone.
KNOWN_CYCLES: dict[str, str] = {}

_RESOURCE_HELPERS = frozenset(
    {
        "files",
        "read_text",
        "read_binary",
        "open_text",
        "open_binary",
        "path",
        "contents",
        "is_resource",
    }
)
_IMPORTERS = frozenset({"import_module", "__import__"})


@dataclass(frozen=True, slots=True)
class Dependency:
    """One thing a module depends on: a module it imports or a package whose files it
    reads. `target` is a dotted name, or "<dynamic>" where the source computes it."""

    target: str
    line: int
    how: str  # "import" | "resource"


def module_name(rel: Path) -> str:
    """ddiverify.engine.state for engine/state.py; ddiverify.rules for rules/__init__.py."""
    parts = ["ddiverify", *rel.with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def _resolve_from(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module a `from X import ...` reads from, relative forms included."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _imports(
    tree: ast.AST, module: str, is_package: bool, is_module: Callable[[str], bool]
) -> Iterator[Dependency]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Dependency(alias.name, node.lineno, "import")
        elif isinstance(node, ast.ImportFrom):
            source = _resolve_from(node, module, is_package)
            for alias in node.names:
                # `from ddiverify import report` imports the subpackage, not the root.
                sub = f"{source}.{alias.name}"
                yield Dependency(sub if is_module(sub) else source, node.lineno, "import")
        elif isinstance(node, ast.Call) and _callee(node) in _IMPORTERS:
            name = _literal(node.args[0]) if node.args else None
            # A relative name (`import_module(".x", package)`) is as good as computed.
            absolute = name if name and not name.startswith(".") else None
            yield Dependency(absolute or "<dynamic>", node.lineno, "import")


def _resources_names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """The names this module binds to `importlib.resources` (`resources`, an alias) and
    to its helpers (`from importlib.resources import files`)."""
    modules, helpers = {"resources"}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {
                a.asname for a in node.names if a.name == "importlib.resources" and a.asname
            }
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            if node.module == "importlib":
                modules |= {a.asname or a.name for a in node.names if a.name == "resources"}
            elif node.module == "importlib.resources":
                helpers |= {a.asname or a.name for a in node.names if a.name in _RESOURCE_HELPERS}
    return modules, helpers


def _is_resource_read(call: ast.Call, modules: set[str], helpers: set[str]) -> bool:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id in helpers
    return (
        isinstance(f, ast.Attribute)
        and f.attr in _RESOURCE_HELPERS
        and (
            (isinstance(f.value, ast.Name) and f.value.id in modules)
            or (isinstance(f.value, ast.Attribute) and f.value.attr == "resources")
        )
    )


def _resource_reads(tree: ast.AST, module: str) -> Iterator[Dependency]:
    own_package = module.rsplit(".", 1)[0]
    modules, helpers = _resources_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "__file__":
            yield Dependency("<__file__>", node.lineno, "resource")
        elif isinstance(node, ast.Call) and _is_resource_read(node, modules, helpers):
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Name) and arg.id in ("__package__", "__name__"):
                yield Dependency(own_package, node.lineno, "resource")
            else:
                yield Dependency(_literal(arg) or "<dynamic>", node.lineno, "resource")


def dependencies(
    rel: Path, source: str, is_module: Callable[[str], bool] = _is_module
) -> list[Dependency]:
    """Every import and resource read of the module at `rel` (relative to the package);
    `is_module` tells `from ddiverify.x import y` for a module y from a name y."""
    tree = ast.parse(source)
    module = module_name(rel)
    is_package = rel.name == "__init__.py"
    return [*_imports(tree, module, is_package, is_module), *_resource_reads(tree, module)]


def step_of(dotted: str) -> str | None:
    """The pipeline step a dotted name belongs to, or None (not ddiverify's, or its root)."""
    parts = dotted.split(".")
    if parts[0] != "ddiverify" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in ORDER else None


def _own_step(rel: Path) -> str | None:
    own = rel.parts[0].removesuffix(".py")
    return own if own in ORDER else None


def violations(rel: Path, source: str) -> list[str]:
    """What is wrong with the module at `rel` holding `source`, one line per problem."""
    own = _own_step(rel)
    out: list[str] = []
    for dep in dependencies(rel, source):
        where = f"{rel}:{dep.line}"
        if dep.target.startswith("<"):
            what = "a computed import" if dep.how == "import" else "a file found through "
            out.append(
                f"{where}: {what}{'' if dep.how == 'import' else dep.target}; "
                "name the module or package literally"
            )
            continue
        step = step_of(dep.target)
        if dep.how == "import":
            if own is not None and step is not None and ORDER.index(step) > ORDER.index(own):
                out.append(f"{where} ({own}) imports {dep.target} ({step}), a later step")
        elif dep.target == "ddiverify":
            if rel.as_posix() not in WHOLE_PACKAGE_READERS:
                out.append(f"{where} reads the files of the whole package")
        elif step != own:
            out.append(f"{where} ({own}) reads files of {dep.target}, another package")
    return out


def import_graph(package: str, sources: Mapping[str, str]) -> dict[str, set[str]]:
    """module -> the modules of the same package it imports (any form, any place)."""
    names = {module_name(Path(rel)) for rel in sources}

    def is_module(dotted: str) -> bool:
        return dotted in names or _is_module(dotted)

    graph: dict[str, set[str]] = {}
    for rel, source in sources.items():
        name = module_name(Path(rel))
        graph[name] = {
            d.target
            for d in dependencies(Path(rel), source, is_module)
            if d.how == "import"
            and d.target.startswith(f"ddiverify.{package}.")
            and d.target != name
        }
    return graph


def cycles(graph: Mapping[str, AbstractSet[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _package_sources(package: str) -> dict[str, str]:
    folder = PACKAGE / package
    return {
        p.relative_to(PACKAGE).as_posix(): p.read_text("utf-8")
        for p in sorted(folder.rglob("*.py"))
    }


# -- The real package ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_imports_and_resources_stay_in_order(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    assert violations(rel, path.read_text("utf-8")) == []


@pytest.mark.parametrize(
    "package",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_CYCLES[p]))
        if p in KNOWN_CYCLES
        else p
        for p in ORDER
        if (PACKAGE / p).is_dir()
    ],
)
def test_no_cycle_inside_a_package(package: str) -> None:
    assert cycles(import_graph(package, _package_sources(package))) == []


def test_the_whole_package_readers_exist() -> None:
    for rel in WHOLE_PACKAGE_READERS:
        assert (PACKAGE / rel).is_file(), rel


# -- Each hole closed: synthetic modules that make a forbidden move ------------------

BAD_MODULES = [
    ("absolute", "engine/x.py", "import ddiverify.report.text", "imports ddiverify.report"),
    ("from-package", "engine/x.py", "from ddiverify import report", "imports ddiverify.report"),
    ("from-module", "engine/x.py", "from ddiverify.cli.main import main", "imports ddiverify.cli"),
    ("relative", "engine/x.py", "from ..report import text", "imports ddiverify.report"),
    ("relative-module", "engine/x.py", "from ..cli.main import main", "imports ddiverify.cli"),
    (
        "relative-in-init",
        "engine/__init__.py",
        "from ..report import text",
        "imports ddiverify.report",
    ),
    (
        "in-function",
        "ir/x.py",
        "def f():\n    from ddiverify.engine import state\n",
        "imports ddiverify.engine",
    ),
    (
        "type-checking",
        "ir/x.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ddiverify.frontend import load\n",
        "imports ddiverify.frontend",
    ),
    (
        "importlib",
        "engine/x.py",
        "import importlib\nimportlib.import_module('ddiverify.cli.main')",
        "imports ddiverify.cli",
    ),
    (
        "import_module",
        "engine/x.py",
        "from importlib import import_module\nimport_module('ddiverify.report')",
        "imports ddiverify.report",
    ),
    ("dunder-import", "engine/x.py", "__import__('ddiverify.cli')", "imports ddiverify.cli"),
    (
        "computed-import",
        "engine/x.py",
        "import importlib\nimportlib.import_module(NAME)",
        "a computed import",
    ),
    (
        "resource",
        "rules/x.py",
        "from importlib import resources\nresources.files('ddiverify.engine').joinpath('m.ddi')",
        "reads files of ddiverify.engine",
    ),
    (
        "resource-legacy",
        "rules/x.py",
        "import importlib.resources\nimportlib.resources.read_text('ddiverify.harness', 'r.toml')",
        "reads files of ddiverify.harness",
    ),
    (
        "resource-helper",
        "rules/x.py",
        "from importlib.resources import files\nfiles('ddiverify.engine').joinpath('m.ddi')",
        "reads files of ddiverify.engine",
    ),
    (
        "resource-alias",
        "rules/x.py",
        "import importlib.resources as ir\nir.files('ddiverify.report')",
        "reads files of ddiverify.report",
    ),
    (
        "resource-from-alias",
        "rules/x.py",
        "from importlib import resources as res\nres.files('ddiverify.cli')",
        "reads files of ddiverify.cli",
    ),
    (
        "relative-import_module",
        "engine/x.py",
        "import importlib\nimportlib.import_module('..report', 'ddiverify.engine')",
        "a computed import",
    ),
    (
        "resource-root",
        "engine/x.py",
        "from importlib import resources\nresources.files('ddiverify').joinpath('harness')",
        "reads the files of the whole package",
    ),
    (
        "resource-computed",
        "rules/x.py",
        "from importlib import resources\nresources.files(P)",
        "a file found through <dynamic>",
    ),
    (
        "file-path",
        "rules/x.py",
        "from pathlib import Path\nROOT = Path(__file__).parent.parent / 'engine'",
        "a file found through <__file__>",
    ),
]


@pytest.mark.parametrize(
    ("rel", "source", "expected"), [b[1:] for b in BAD_MODULES], ids=[b[0] for b in BAD_MODULES]
)
def test_a_forbidden_move_is_caught(rel: str, source: str, expected: str) -> None:
    found = violations(Path(rel), source)
    assert any(expected in v for v in found), found


GOOD_MODULES = [
    ("earlier-step", "engine/x.py", "from ddiverify.ir.cfg import Loc\nimport ddiverify.rules.ast"),
    ("root", "report/x.py", "from ddiverify import __version__"),
    ("relative-sibling", "engine/x.py", "from .state import State\nfrom . import values"),
    (
        "own-resource",
        "rules/x.py",
        "from importlib import resources\nresources.files('ddiverify.rules').joinpath('g.lark')",
    ),
    (
        "own-resource-dunder",
        "report/x.py",
        "from importlib import resources\nresources.files(__package__)",
    ),
    ("third-party", "engine/x.py", "import importlib\nimportlib.import_module('z3')"),
]


@pytest.mark.parametrize(
    ("rel", "source"), [g[1:] for g in GOOD_MODULES], ids=[g[0] for g in GOOD_MODULES]
)
def test_an_allowed_move_passes(rel: str, source: str) -> None:
    assert violations(Path(rel), source) == []


def test_a_cycle_inside_a_package_is_caught() -> None:
    sources = {
        "engine/a.py": "from ddiverify.engine.b import B\n",
        "engine/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from .c import C\n",
        "engine/c.py": "def f():\n    from ddiverify.engine import a\n",
        "engine/d.py": "from ddiverify.engine.a import A\n",
    }
    graph = import_graph("engine", sources)
    assert cycles(graph) == [["ddiverify.engine.a", "ddiverify.engine.b", "ddiverify.engine.c"]]


def test_no_cycle_in_a_chain() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
