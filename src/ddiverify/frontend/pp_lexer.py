"""Lexical phases of the preprocessor: line splicing, comment removal, tokens.

Invariants: `logical_lines` accounts for every physical line of its input: the spans it
returns add up to the number of physical lines, so each physical line can be given one
output line. A logical line never contains a newline. Comments become one space (a block
comment spanning lines keeps its line breaks in code, and is joined into a directive);
string and character literals are never touched. Nothing here raises on any input.
"""

from __future__ import annotations

import re

# A removed backslash-newline: lets the comment regex see a spliced line as one line.
SPLICE = "\x1e"
# Ends a physical line that lies inside a block comment (a directive continues past it).
IN_COMMENT = "\x1f"
# Characters replaced by a space before anything else: our two markers, NUL, and the
# characters str.splitlines() would take for line breaks (callers count lines by "\n").
_BLANKED = ("\x00", SPLICE, IN_COMMENT, "\x0b", "\x0c", "\x1c", "\x1d", "\x85", "\u2028", "\u2029")

_SPLICE_RE = re.compile(r"\\[ \t]*\n")
_COMMENT_RE = re.compile(
    r""""(?:[^"\\\n]|\\[^\n])*"?|'(?:[^'\\\n]|\\[^\n])*'?|//[^\n]*|/\*.*?(?:\*/|\Z)""", re.DOTALL
)
_DIRECTIVE_RE = re.compile(r"[ \t]*#")

TOKEN_RE = re.compile(
    r"""
    [ \t\n\r\f\v]+
  | (?:u8|[LuU])?"(?:[^"\\\n]|\\.)*"?
  | (?:u8|[LuU])?'(?:[^'\\\n]|\\.)*'?
  | [^\W\d]\w*
  | \.?\d(?:[eEpP][+-]|[\w.])*
  | \.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|\#\#|::
  | .
""",
    re.VERBOSE | re.DOTALL,
)
IDENT_RE = re.compile(r"[^\W\d]\w*\Z")
WS_START = frozenset(" \t\n\r\f\v")


def normalize(text: str) -> str:
    """CRLF and lone CR to "\\n" (as inputs.read_text does), no BOM; NUL and line-break
    look-alikes to spaces."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _BLANKED:
        if ch in text:
            text = text.replace(ch, " ")
    return text


def _comment_repl(m: re.Match[str]) -> str:
    s = m.group()
    if s[0] in "\"'":
        return s
    if s[1] == "/":
        n = s.count(SPLICE)
        return " " + SPLICE * n if n else " "
    if "\n" not in s and SPLICE not in s:
        return " "
    kept = "".join(ch for ch in s if ch == "\n" or ch == SPLICE)
    return " " + kept.replace("\n", IN_COMMENT + "\n")


def is_directive(line: str) -> bool:
    """True when the line's first non-blank character is '#'."""
    return _DIRECTIVE_RE.match(line) is not None


def logical_lines(text: str) -> tuple[list[str], list[int] | None]:
    """Split normalized text into logical lines and their physical line counts.

    The counts are None when every logical line is one physical line (the common case).
    """
    physical = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if "\\" in text:
        text = _SPLICE_RE.sub(SPLICE, text)
    if "/" in text:
        text = _COMMENT_RE.sub(_comment_repl, text)
    lines = text.split("\n")
    if SPLICE not in text and IN_COMMENT not in text:
        return lines[:physical], None
    out: list[str] = []
    spans: list[int] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        span = 1
        if line.endswith(IN_COMMENT) and is_directive(line):
            while line.endswith(IN_COMMENT) and i + 1 < n:
                i += 1
                line = line[:-1] + " " + lines[i]
                span += 1
        span += line.count(SPLICE)
        out.append(line.replace(SPLICE, "").replace(IN_COMMENT, ""))
        spans.append(span)
        i += 1
    _fit_spans(out, spans, physical)
    return out, spans


def _fit_spans(lines: list[str], spans: list[int], physical: int) -> None:
    """Make the spans add up to the physical line count (a splice or comment can end the
    file, and the text after the last newline is a line only when it is not empty)."""
    excess = sum(spans) - physical
    while excess > 0 and spans:
        cut = min(excess, spans[-1])
        spans[-1] -= cut
        excess -= cut
        if spans[-1] == 0:
            spans.pop()
            last = lines.pop()
            if last.strip() and lines:
                lines[-1] += " " + last
    while excess < 0:
        lines.append("")
        spans.append(1)
        excess += 1


def tokenize(text: str) -> list[str]:
    """Preprocessing tokens of comment-free text, whitespace runs included."""
    return TOKEN_RE.findall(text)


def is_ws(tok: str) -> bool:
    """Whitespace, or the empty boundary token the macro expander inserts."""
    return not tok or tok[0] in WS_START


def is_ident(tok: str) -> bool:
    return IDENT_RE.match(tok) is not None


def stringize(tokens: list[str]) -> str:
    """The # operator: tokens to a string literal (whitespace runs become one space)."""
    parts: list[str] = []
    pending_space = False
    for tok in tokens:
        if not tok or tok == "\x00":
            continue
        if tok[0] in WS_START:
            pending_space = bool(parts)
            continue
        if pending_space:
            parts.append(" ")
            pending_space = False
        if '"' in tok or "'" in tok:
            tok = tok.replace("\\", "\\\\").replace('"', '\\"')
        parts.append(tok)
    return '"' + "".join(parts) + '"'


def join_tokens(tokens: list[str]) -> str:
    """Tokens to text; an empty boundary token becomes a space only where needed."""
    parts: list[str] = []
    boundary = False
    last = ""
    for tok in tokens:
        if not tok:
            boundary = True
            continue
        if boundary:
            boundary = False
            if (
                last
                and not last[-1].isspace()
                and not tok[0].isspace()
                and _merges(last[-1], tok[0])
            ):
                parts.append(" ")
        parts.append(tok)
        last = tok
    return "".join(parts)


_GLUE = frozenset("+-*/%&|^<>=!#.:")


def _merges(a: str, b: str) -> bool:
    """Would characters a and b, written side by side, lex as one token?"""
    if (a.isalnum() or a == "_") and (b.isalnum() or b == "_" or b in "\"'"):
        return True
    return a in _GLUE and b in _GLUE
