"""Neutralising MSVC/WDK annotations in expanded code text (what to drop is data).

SAL annotations, `__declspec(...)`, `__pragma(...)`, calling conventions and WDK no-op
macros are blanked out (replaced by as many spaces) or replaced by plain C (`__int64` ->
`long long`), so that tree-sitter sees ordinary C while rules still see WDK calls as
written. Invariants: a name the driver itself defines (a non-configuration macro) is
never touched; SAL annotations named as facts are returned with their raw argument text;
the token count and order of everything kept is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ddiverify.frontend.pp_knowledge import Kind, Knowledge
from ddiverify.frontend.pp_lexer import WS_START, join_tokens
from ddiverify.frontend.pp_macros import Incomplete, Macro

_WS_RUN = re.compile(r"\s+")
_UNDERSCORED_RE = re.compile(r"^_\w*$", re.MULTILINE)
MAX_ARGS_TOKENS = 20_000  # an annotation's argument list is never longer than this


@dataclass(frozen=True, slots=True)
class RawFact:
    """A SAL fact found in a chunk; `line_index` counts the chunk's newlines before it."""

    name: str
    args: str
    line_index: int


def _next_nonws(toks: list[str], i: int) -> int:
    while i < len(toks) and (not toks[i] or toks[i][0] in WS_START):
        i += 1
    return i


def _close(toks: list[str], j: int) -> int:
    """Index of the ")" matching the "(" at toks[j], or -1 (also when it is very far)."""
    depth = 0
    for k in range(j, min(len(toks), j + MAX_ARGS_TOKENS)):
        tok = toks[k]
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _blank(toks: list[str]) -> str:
    return " " * sum(len(t) for t in toks if "\n" not in t)


def needs_neutralising(toks: list[str], kb: Knowledge) -> bool:
    """Cheap test: could `neutralise` change anything in these tokens?"""
    names = set(toks)
    if not names.isdisjoint(kb.explicit_names):
        return True
    underscored = _UNDERSCORED_RE.findall("\n".join(names))
    return any(kb.classify(name) is not None for name in underscored)


def neutralise(
    toks: list[str], kb: Knowledge, macros: Mapping[str, Macro], final: bool
) -> tuple[list[str], list[RawFact]]:
    """Blank out or replace annotations; raises Incomplete if an argument list is open."""
    out: list[str] = []
    facts: list[RawFact] = []
    explicit = kb.explicit
    newlines = 0
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        if not tok or tok[0] in WS_START:
            if "\n" in tok:
                newlines += tok.count("\n")
            out.append(tok)
            i += 1
            continue
        treat = explicit.get(tok)
        if treat is None and tok[0] == "_":
            treat = kb.classify(tok)
        if treat is None:
            out.append(tok)
            i += 1
            continue
        defined = macros.get(tok)
        if defined is not None and not defined.config:
            out.append(tok)
            i += 1
            continue
        if treat.kind is Kind.REPLACE:
            out.append(treat.replacement)
            i += 1
            continue
        j = _next_nonws(toks, i + 1) if treat.takes_args else n + 1
        if j < n and toks[j] == "(":
            k = _close(toks, j)
            if k < 0:
                if not final:
                    raise Incomplete(False)
                k = i  # unbalanced at the very end: only the name goes
        elif j == n and treat.requires_args and not final:
            raise Incomplete(True)
        else:
            k = i
        if treat.is_fact:
            args = _WS_RUN.sub(" ", join_tokens(toks[j + 1 : k])).strip() if k > i else ""
            facts.append(RawFact(tok, args, newlines))
        if treat.kind is Kind.STATEMENT and k > i:
            semi = _next_nonws(toks, k + 1)
            if semi < n and toks[semi] == ";":
                k = semi
        span = toks[i : k + 1]
        newlines += sum(t.count("\n") for t in span if "\n" in t)
        out.append(_blank(span))
        i = k + 1
    return out, facts
