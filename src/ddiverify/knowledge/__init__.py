"""What ddiverify knows of the WDK as data: the routines rules and models may name, the
DDI models, and the routines that call back into the driver.

Invariant: read once per process from the package's own files, never mutated. The
earliest step of the pipeline after diagnostics, so every later step may read it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import tomllib


@functools.cache
def known_ddis() -> frozenset[str]:
    """The WDK routines a rule may watch (ddis.txt), for catching misspelt names."""
    text = resources.files("ddiverify.knowledge").joinpath("ddis.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def model_sources() -> list[tuple[str, str]]:
    """The shipped DDI models (models/*.ddi) as (name, text), in name order."""
    folder = resources.files("ddiverify.knowledge").joinpath("models")
    return [
        (f"knowledge/models/{e.name}", e.read_text("utf-8"))
        for e in sorted(folder.iterdir(), key=lambda e: e.name)
        if e.name.endswith(".ddi")
    ]


@dataclass(frozen=True, slots=True)
class SynchronousRoutine:
    """A WDK routine that calls the driver's `routine` argument before it returns."""

    name: str
    routine: int
    args: tuple[int, ...]
    environment: str


@functools.cache
def synchronous_routines() -> dict[str, SynchronousRoutine]:
    """routines.toml: StorPortSynchronizeAccess and its kind."""
    text = resources.files("ddiverify.knowledge").joinpath("routines.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {
        name: SynchronousRoutine(name, int(v["routine"]), tuple(v["args"]), str(v["environment"]))
        for name, v in data.get("synchronous", {}).items()
    }
