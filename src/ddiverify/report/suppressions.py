"""Suppressions a user can review: inline comments with a reason, and baselines.

`// ddiverify: ignore[RuleName] reason` on a defect's line (or the line above it)
suppresses that rule's defect there; the reason is required. `--baseline FILE` (an
earlier `--format json` report) suppresses the defects it already lists, matched by a
fingerprint that survives code moving up or down. Invariant: a suppressed defect is
never dropped — it is reported as suppressed, with its reason.
"""

from __future__ import annotations

import hashlib
import json
import re

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.engine.analyzer import Defect
from ddiverify.inputs.sources import MEGABYTE, read_file_option, too_deep
from ddiverify.report.model import Finding, SourceCache, Suppression

_INLINE = re.compile(r"ddiverify\s*:\s*ignore\[(?P<rules>[^\]]*)\](?P<reason>.*)")


def fingerprint(d: Defect, sources: SourceCache) -> str:
    """Rule, file (relative to the driver's root), the primary line's text and the entry
    point: stable when lines move and whatever the current directory. A file name that
    is not UTF-8 is hashed as the bytes it is."""
    return _fingerprint(d, sources, sources.driver_path(d.loc.file))


def _fingerprint(d: Defect, sources: SourceCache, file: str) -> str:
    text = " ".join(sources.line(d.loc.file, d.loc.line).split())
    key = f"{d.rule}|{file}|{text}|{d.entry}|{d.message.split(' at line ')[0]}"
    return hashlib.sha256(key.encode("utf-8", errors="surrogateescape")).hexdigest()[:20]


def _legacy_fingerprint(d: Defect, sources: SourceCache) -> str:
    """The fingerprint earlier versions made, with the file as displayed (relative
    to the directory the report was made in): their baselines keep matching from there."""
    return _fingerprint(d, sources, d.loc.file)


def inline_suppression(d: Defect, sources: SourceCache, sink: DiagnosticSink) -> Suppression | None:
    for line in (d.loc.line, d.loc.line - 1):
        text = sources.line(d.loc.file, line)
        m = _INLINE.search(text)
        if m is None:
            continue
        rules = {r.strip() for r in m.group("rules").split(",")}
        if d.rule not in rules:
            continue
        reason = m.group("reason").strip().strip("-:").strip()
        if reason.endswith("*/"):
            reason = reason[:-2].strip()
        if not reason:
            sink.warn(
                f"suppression of {d.rule} without a reason is ignored; write "
                f"`// ddiverify: ignore[{d.rule}] why it is safe`",
                d.loc.file,
                line,
                code="suppression",
            )
            return None
        return Suppression("inline", reason)
    return None


def load_baseline(path: str) -> dict[str, str]:
    """Fingerprint -> rule of every defect in an earlier JSON report."""
    text = read_file_option(path, "baseline", max_bytes=256 * MEGABYTE)
    try:
        doc = json.loads(text)
        out = {}
        for r in doc["results"]:
            for d in r["defects"]:
                if "fingerprint" in d:
                    out[d["fingerprint"]] = r["rule"]
        return out
    except RecursionError:
        raise too_deep(text, path, "baseline") from None
    except (ValueError, KeyError, TypeError) as e:
        raise InputError(
            f"{path}: not a ddiverify JSON report ({e}); write one with "
            "`ddiverify check ... --format json -o FILE`"
        ) from e


def apply(
    defects: tuple[Defect, ...],
    sources: SourceCache,
    sink: DiagnosticSink,
    baseline: dict[str, str] | None,
) -> tuple[Finding, ...]:
    out = []
    for d in defects:
        s = inline_suppression(d, sources, sink)
        if (
            s is None
            and baseline is not None
            and (fingerprint(d, sources) in baseline or _legacy_fingerprint(d, sources) in baseline)
        ):
            s = Suppression("baseline", "listed in the baseline")
        out.append(Finding(d, s))
    return tuple(out)
