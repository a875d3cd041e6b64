"""Shared helpers for the inputs tests: build small source trees in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink

MakeTree = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture
def make_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeTree:
    """Write {relative path: text or bytes} below tmp_path, chdir there, return tmp_path."""
    monkeypatch.chdir(tmp_path)

    def make(files: Mapping[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return tmp_path

    return make


@pytest.fixture
def sink() -> DiagnosticSink:
    return DiagnosticSink()
