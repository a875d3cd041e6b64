"""What ddiverify knows of the WDK as data: the routines rules and models may name.

Invariant: read once per process from the package's own files, never mutated. The
earliest step of the pipeline after diagnostics, so every later step may read it.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def known_ddis() -> frozenset[str]:
    """The WDK routines a rule may watch (ddis.txt), for catching misspelt names."""
    text = resources.files("ddiverify.knowledge").joinpath("ddis.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def model_sources() -> list[tuple[str, str]]:
    """The shipped DDI models (models/*.ddi) as (name, text), in name order."""
    folder = resources.files("ddiverify.knowledge").joinpath("models")
    return [(f"knowledge/models/{e.name}", e.read_text("utf-8"))
            for e in sorted(folder.iterdir(), key=lambda e: e.name) if e.name.endswith(".ddi")]
