"""Code-section pragmas: where `#pragma alloc_text` and `#pragma code_seg` place functions.

MSVC places a function in a named code section in two ways: `#pragma alloc_text(SECTION,
F, ...)` names it, and `#pragma code_seg("SECTION")` puts every function defined after it
there until the next `#pragma code_seg()` (or a `pop` back to the default). The linker
makes a section whose name starts with `PAGE` pageable, which rules check against the
IRQL a function runs at.

Invariants: parsing a pragma never raises (text that is not one of these forms is not a
section pragma); `alloc_text` wins over `code_seg`, as it does for the compiler; the
default section is "".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_ALLOC_TEXT_RE = re.compile(r"\s*alloc_text\s*\((.*)\)\s*\Z", re.DOTALL)
_CODE_SEG_RE = re.compile(r"\s*code_seg\s*\((.*)\)\s*\Z", re.DOTALL)
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class SectionPragma:
    """One section pragma: `alloc_text` naming functions, or a `code_seg` switch."""

    file: str  # display path of the file it is written in
    line: int  # 1-based original line
    section: str  # the section named ("" for a code_seg back to the default)
    functions: tuple[str, ...] = ()  # alloc_text's functions; empty for code_seg
    pop: bool = False  # `code_seg(pop)`: back to the section before the last push
    push: bool = False  # `code_seg(push, ...)`: remember the current section first


def parse_section_pragma(rest: str, file: str, line: int) -> SectionPragma | None:
    """The section pragma `rest` (the text after `#pragma`) is, or None."""
    m = _ALLOC_TEXT_RE.match(rest)
    if m is not None:
        parts = [p.strip() for p in m.group(1).split(",")]
        section = parts[0].strip('"') if parts else ""
        names = tuple(p for p in parts[1:] if _IDENT_RE.match(p))
        return SectionPragma(file, line, section, names) if section and names else None
    m = _CODE_SEG_RE.match(rest)
    if m is None:
        return None
    parts = [p.strip() for p in m.group(1).split(",") if p.strip()]
    push = bool(parts) and parts[0] == "push"
    pop = bool(parts) and parts[0] == "pop"
    quoted = [p.strip('"') for p in parts if p.startswith('"')]
    return SectionPragma(file, line, quoted[0] if quoted else "", pop=pop and not quoted, push=push)


def code_seg_ranges(pragmas: Iterable[SectionPragma]) -> dict[str, tuple[list[int], list[str]]]:
    """Per file, the lines where the current `code_seg` changes and the section from
    each on (a push/pop stack per file, as the compiler keeps one per unit)."""
    out: dict[str, tuple[list[int], list[str]]] = {}
    stacks: dict[str, list[str]] = {}
    for p in pragmas:
        if p.functions:
            continue
        lines, sections = out.setdefault(p.file, ([], []))
        stack = stacks.setdefault(p.file, [])
        current = sections[-1] if sections else ""
        if p.pop:
            section = stack.pop() if stack else ""
        else:
            if p.push:
                stack.append(current)
            section = p.section if (p.section or not p.push) else current
        lines.append(p.line)
        sections.append(section)
    return out


def sections_of(
    functions: Mapping[str, tuple[str, int]], pragmas: Iterable[SectionPragma]
) -> dict[str, str]:
    """The code section of each function (name -> (file, line) of its definition) that
    is not the default one."""
    pragmas = list(pragmas)
    named = {f: p.section for p in pragmas for f in p.functions}
    ranges = code_seg_ranges(pragmas)
    out: dict[str, str] = {}
    for name, (file, line) in functions.items():
        section = named.get(name.split("@", 1)[0])
        if section is None and file in ranges:
            lines, sections = ranges[file]
            k = bisect.bisect_right(lines, line) - 1
            section = sections[k] if k >= 0 else ""
        if section:
            out[name] = section
    return out
