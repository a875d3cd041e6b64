"""The pipeline is the folder layout: no package imports a later step."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ddiverify"
ORDER = ["diagnostics", "budget", "knowledge", "inputs", "ir", "frontend", "harness", "rules", "engine", "report", "cli"]
# Data flows inputs -> frontend -> ir -> ...; for imports the IR's definitions come before
# the frontend that builds them. `rules` (the language and rule files) depends only on IR
# concepts and the harness's role names; the engine interprets rules, so it comes after.


def _step(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "ddiverify" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in ORDER else None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return out


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(
    p.relative_to(PACKAGE)))
def test_imports_flow_forward(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    own = rel.parts[0].removesuffix(".py")
    if own not in ORDER:
        return
    for module in _imports(path):
        step = _step(module)
        if step is None:
            continue
        assert ORDER.index(step) <= ORDER.index(own), (
            f"{rel} ({own}) imports {module} ({step}), a later step of the pipeline")
