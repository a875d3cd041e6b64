"""Where a report goes: the `-o` file checked before any analysis, then written whole.

Invariants: the report file is never one of the inputs, and appears complete or not at
all (written beside its target under a temporary name, then renamed).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ddiverify.diagnostics import InputError, escape_surrogates


def check_output(output: str | None, inputs: Sequence[str] = ()) -> None:
    """Fail now, before any analysis, when the report could not be written there or
    would overwrite one of the `inputs` (paths of files the run reads)."""
    if output is None or output == "-":
        return
    path = Path(output)
    if path.is_dir():
        raise InputError(f"-o {output}: is a directory; give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"-o {output}: no such directory {folder}; create it first")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"-o {output}: not writable; choose another place for the report")
    if path.exists():
        mine = path.resolve()
        for other in inputs:
            with contextlib.suppress(OSError):
                if Path(other).resolve() == mine:
                    raise InputError(
                        f"-o {output}: is one of the inputs; the report would "
                        "overwrite it, so choose another file"
                    )


def write_report(text: str, output: str | None) -> None:
    """The report on stdout, or in `output`: written beside it under a temporary name
    and renamed, so an interrupted or failed write leaves no partial file. A device or
    pipe (`-o /dev/null`) is written as it is."""
    text = escape_surrogates(text)
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    try:
        existing = path.stat()
    except OSError:
        existing = None
    try:
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            return
        _replace_atomically(path, text, existing)
    except OSError as e:
        raise InputError(f"{output}: cannot write the report ({e.strerror})") from e


def _replace_atomically(path: Path, text: str, existing: os.stat_result | None) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        if existing is not None:
            os.chmod(temporary, stat.S_IMODE(existing.st_mode))
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
