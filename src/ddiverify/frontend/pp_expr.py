"""Integer constant expressions of #if/#elif, evaluated as MSVC would (64-bit).

The input is the token list left after `defined`, `__has_include` and macro expansion.
Invariants: values are 64-bit, signed unless a literal or conversion makes them unsigned
(C's usual arithmetic conversions); identifiers still present are 0 (`true` is 1 in C++);
division by zero gives 0 and a warning, but only in an evaluated operand; a malformed
expression raises `ExprError` (the caller warns and takes the branch as false).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ddiverify.frontend.pp_lexer import is_ident, is_ws

_MASK = (1 << 64) - 1
_SIGN = 1 << 63
_INT_RE = re.compile(
    r"(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uU]?(?:[lL]{0,2}|[iI](?:8|16|32|64|128))[uU]?)\Z"
)
_ESCAPES = {
    "n": 10,
    "t": 9,
    "r": 13,
    "0": 0,
    "a": 7,
    "b": 8,
    "f": 12,
    "v": 11,
    "\\": 92,
    "'": 39,
    '"': 34,
    "?": 63,
    "e": 27,
}
_PREC = {
    "||": 1,
    "&&": 2,
    "|": 3,
    "^": 4,
    "&": 5,
    "==": 6,
    "!=": 6,
    "<": 7,
    ">": 7,
    "<=": 7,
    ">=": 7,
    "<<": 8,
    ">>": 8,
    "+": 9,
    "-": 9,
    "*": 10,
    "/": 10,
    "%": 10,
}

Value = tuple[int, bool]  # (value, is_unsigned); value already wrapped to 64 bits


class ExprError(Exception):
    """The expression is malformed; the message says how."""


def _wrap(v: int, unsigned: bool) -> Value:
    v &= _MASK
    if not unsigned and v & _SIGN:
        v -= 1 << 64
    return v, unsigned


def parse_int(tok: str) -> Value:
    """A C integer literal with MSVC suffixes (u, l, ul, ll, i64, ui64...)."""
    m = _INT_RE.match(tok)
    if m is None:
        raise ExprError(f"invalid integer constant '{tok}'")
    digits, suffix = m.group(1), m.group(2).lower()
    if digits[:2].lower() in ("0x", "0b"):
        value = int(digits, 0)
    elif len(digits) > 1 and digits[0] == "0":
        if not digits.isdigit() or "8" in digits or "9" in digits:
            raise ExprError(f"invalid octal constant '{tok}'")
        value = int(digits, 8)
    else:
        value = int(digits)
    return _wrap(value, "u" in suffix or value > _MASK >> 1)


def parse_char(tok: str) -> Value:
    """A character literal; multi-character constants pack bytes big-endian (MSVC)."""
    quote = tok.find("'")
    body = tok[quote + 1 : -1] if tok.endswith("'") and len(tok) > quote + 1 else None
    if body is None:
        raise ExprError(f"unterminated character constant {tok}")
    codes: list[int] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            codes.append(ord(ch))
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in "xX":
            m = re.match(r"[0-9a-fA-F]+", body[i + 2 :])
            codes.append(int(m.group(), 16) if m else 0)
            i += 2 + (len(m.group()) if m else 0)
        elif nxt in "01234567":
            m = re.match(r"[0-7]{1,3}", body[i + 1 :])
            assert m is not None
            codes.append(int(m.group(), 8))
            i += 1 + len(m.group())
        else:
            codes.append(_ESCAPES.get(nxt, ord(nxt)))
            i += 2
    value = 0
    for code in codes[-8:]:
        value = (value << 8) | (code & 0xFF) if len(codes) > 1 else code
    return _wrap(value, False)


class _Parser:
    """Precedence climbing over a token list; `live` is False in unevaluated operands."""

    def __init__(self, tokens: list[str], cplusplus: bool) -> None:
        self.toks = tokens
        self.i = 0
        self.cplusplus = cplusplus
        self.warnings: list[str] = []

    def peek(self) -> str:
        return self.toks[self.i] if self.i < len(self.toks) else ""

    def take(self) -> str:
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, tok: str) -> None:
        if self.take() != tok:
            raise ExprError(f"expected '{tok}'")

    def comma(self, live: bool) -> Value:
        value = self.ternary(live)
        while self.peek() == ",":
            self.i += 1
            value = self.ternary(live)
        return value

    def ternary(self, live: bool) -> Value:
        cond = self.binary(1, live)
        if self.peek() != "?":
            return cond
        self.i += 1
        yes = self.comma(live and cond[0] != 0)
        self.expect(":")
        no = self.ternary(live and cond[0] == 0)
        unsigned = yes[1] or no[1]
        return _wrap(yes[0] if cond[0] else no[0], unsigned)

    def binary(self, min_prec: int, live: bool) -> Value:
        lhs = self.unary(live)
        while True:
            op = self.peek()
            prec = _PREC.get(op)
            if prec is None or prec < min_prec:
                return lhs
            self.i += 1
            if op == "&&":
                rhs = self.binary(prec + 1, live and lhs[0] != 0)
                lhs = (int(lhs[0] != 0 and rhs[0] != 0), False)
            elif op == "||":
                rhs = self.binary(prec + 1, live and lhs[0] == 0)
                lhs = (int(lhs[0] != 0 or rhs[0] != 0), False)
            else:
                rhs = self.binary(prec + 1, live)
                lhs = self.apply(op, lhs, rhs, live)

    def apply(self, op: str, a: Value, b: Value, live: bool) -> Value:
        if op in ("<<", ">>"):
            unsigned = a[1]
            x = a[0] & _MASK if unsigned else a[0]
            n = b[0]
            if n < 0 or n >= 64:
                return _wrap(0 if op == "<<" or x >= 0 else -1, unsigned)
            return _wrap(x << n if op == "<<" else x >> n, unsigned)
        unsigned = a[1] or b[1]
        x, y = (a[0] & _MASK, b[0] & _MASK) if unsigned else (a[0], b[0])
        if op in ("/", "%"):
            if y == 0:
                if live:
                    self.warnings.append("division by zero in #if (taken as 0)")
                return 0, unsigned
            q = abs(x) // abs(y)
            q = q if (x < 0) == (y < 0) else -q
            return _wrap(q if op == "/" else x - q * y, unsigned)
        if op in ("<", ">", "<=", ">=", "==", "!="):
            result = {
                "<": x < y,
                ">": x > y,
                "<=": x <= y,
                ">=": x >= y,
                "==": x == y,
                "!=": x != y,
            }[op]
            return int(result), False
        result_map = {"+": x + y, "-": x - y, "*": x * y, "&": x & y, "|": x | y, "^": x ^ y}
        return _wrap(result_map[op], unsigned)

    def unary(self, live: bool) -> Value:
        tok = self.take()
        if tok == "(":
            value = self.comma(live)
            self.expect(")")
            return value
        if tok in ("+", "-", "~", "!"):
            v, unsigned = self.unary(live)
            if tok == "-":
                return _wrap(-v, unsigned)
            if tok == "~":
                return _wrap(~v, unsigned)
            if tok == "!":
                return int(v == 0), False
            return v, unsigned
        if not tok:
            raise ExprError("expression ends too early")
        if tok[0].isdigit():
            return parse_int(tok)
        if tok[0] == "'" or (tok[-1] == "'" and "'" in tok[:3]):
            return parse_char(tok)
        if is_ident(tok):
            return self.identifier(tok)
        raise ExprError(f"unexpected '{tok}'")

    def identifier(self, tok: str) -> Value:
        if tok == "defined":
            # Only reached when a macro expansion produced `defined`: the caller resolves
            # the source's own `defined` before expansion, so these operands are unknown.
            if self.peek() == "(":
                self.i += 1
                self.take()
                self.expect(")")
            else:
                self.take()
            return 0, False
        if self.peek() == "(":
            # An unknown function-like name (e.g. __has_feature(x)): 0, arguments skipped.
            depth = 0
            while self.i < len(self.toks):
                t = self.take()
                depth += (t == "(") - (t == ")")
                if depth == 0:
                    break
            return 0, False
        if self.cplusplus and tok == "true":
            return 1, False
        return 0, False


def evaluate(tokens: Sequence[str], cplusplus: bool = False) -> tuple[int, list[str]]:
    """The value of an #if expression and the warnings its evaluation raised."""
    toks = [t for t in tokens if not is_ws(t)]
    if not toks:
        raise ExprError("#if with no expression")
    parser = _Parser(toks, cplusplus)
    try:
        value = parser.comma(True)
    except RecursionError:
        raise ExprError("#if expression nested too deeply") from None
    if parser.i < len(toks):
        raise ExprError(f"unexpected '{toks[parser.i]}' in #if expression")
    return value[0], parser.warnings
