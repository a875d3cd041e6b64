"""Macro definitions and their expansion (C99 rules, MSVC leniencies).

Expansion follows Prosser's algorithm: each token carries the set of macro names it
came from (its "hide set"); a name in its own hide set is never expanded again ("blue
paint"), which is what stops recursion. Rescanning pushes a replacement back onto the
input, so it can take arguments from the text that follows.
Invariants: expansion never raises except `Incomplete` (more input could complete an
invocation; only when `final` is False); work is bounded by a token budget and a nesting
limit, each of which turns into one warning; configuration macros (`Macro.config`) are
expanded in #if only, never in code text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ddiverify.frontend.pp_lexer import WS_START, is_ident, is_ws, stringize, tokenize

Tok = tuple[str, frozenset[str]]
EMPTY: frozenset[str] = frozenset()
PLACEMARKER = "\x00"  # an empty argument next to ##; never in normalized text
BOUNDARY: Tok = ("", EMPTY)  # marks the edges of a replacement (a space when needed)
BUILTINS = frozenset({"__LINE__", "__FILE__", "__COUNTER__"})


@dataclass(frozen=True, slots=True, eq=False)
class Macro:
    """One #define. `params` is None for an object-like macro."""

    name: str
    params: tuple[str, ...] | None
    variadic: bool
    body: tuple[str, ...]
    config: bool = False
    index: Mapping[str, int] = field(default_factory=dict)

    def definition(self) -> str:
        body = "".join(self.body)
        if self.params is None:
            return body
        names = list(self.params)
        if self.variadic:
            names[-1] = "..." if names[-1] == "__VA_ARGS__" else names[-1] + "..."
        return f"({', '.join(names)}) {body}".rstrip()


class Incomplete(Exception):
    """A function-like macro invocation runs past the end of the input."""

    def __init__(self, need_paren: bool) -> None:
        super().__init__("incomplete macro invocation")
        self.need_paren = need_paren  # True: name seen, "(" not yet; False: ")" missing


def _skip_ws(toks: list[str], i: int) -> int:
    while i < len(toks) and toks[i][0] in WS_START:
        i += 1
    return i


def _params(toks: list[str], i: int) -> tuple[list[str], bool, int] | str:
    """Parse a parameter list starting after "("; returns (names, variadic, next index)."""
    params: list[str] = []
    want_name = True
    while True:
        i = _skip_ws(toks, i)
        if i >= len(toks):
            return "unterminated macro parameter list"
        tok = toks[i]
        i += 1
        if tok == ")" and (want_name is False or not params):
            return params, False, i
        if not want_name:
            if tok != ",":
                return f"unexpected '{tok}' in macro parameter list"
            want_name = True
            continue
        if tok == "...":
            params.append("__VA_ARGS__")
        elif is_ident(tok) and tok not in params and tok != "__VA_ARGS__":
            params.append(tok)
            j = _skip_ws(toks, i)
            if j >= len(toks) or toks[j] != "...":
                want_name = False
                continue
            i = j + 1
        else:
            return f"bad macro parameter '{tok}'"
        i = _skip_ws(toks, i)
        if i < len(toks) and toks[i] == ")":
            return params, True, i + 1
        return "'...' must end the macro parameter list"


def parse_define(text: str, config: bool = False) -> tuple[Macro | None, str | None]:
    """A #define's text (after the directive name) to a Macro, or None and why not.

    A stray `##` at either end of the body is dropped with a warning (the macro is kept).
    """
    toks = tokenize(text)
    i = _skip_ws(toks, 0)
    if i >= len(toks) or not is_ident(toks[i]):
        return None, "#define without a macro name"
    name = toks[i]
    if name == "defined":
        return None, "'defined' cannot be defined as a macro"
    i += 1
    params: tuple[str, ...] | None = None
    variadic = False
    if i < len(toks) and toks[i] == "(":
        parsed = _params(toks, i + 1)
        if isinstance(parsed, str):
            return None, f"{parsed} in #define {name}"
        params, variadic, i = tuple(parsed[0]), parsed[1], parsed[2]
    body: list[str] = []
    for tok in toks[i:]:
        if tok[0] in WS_START:
            if body and body[-1] != " ":
                body.append(" ")
        else:
            body.append(tok)
    if body and body[-1] == " ":
        body.pop()
    warning = None
    if body and (body[0] == "##" or body[-1] == "##"):
        warning = f"'##' at either end of the body of #define {name} is ignored"
        while body and body[0] in ("##", " "):
            body.pop(0)
        while body and body[-1] in ("##", " "):
            body.pop()
    index = {p: k for k, p in enumerate(params)} if params else {}
    return Macro(name, params, variadic, tuple(body), config, index), warning


def _collect(stack: list[Tok], j: int) -> tuple[list[list[Tok]], frozenset[str]] | int:
    """Arguments of an invocation whose "(" is stack[j] (the stack top is the end).

    Consumes them from the stack; when ")" is missing, leaves the stack untouched and
    returns the number of tokens scanned (the caller charges them to its budget).
    """
    depth = 0
    args: list[list[Tok]] = [[]]
    k = j
    while k >= 0:
        tok = stack[k]
        text = tok[0]
        if text == "(":
            depth += 1
            if depth > 1:
                args[-1].append(tok)
        elif text == ")":
            depth -= 1
            if depth == 0:
                hs = tok[1]
                del stack[k:]
                return args, hs
            args[-1].append(tok)
        elif text == "," and depth == 1:
            args.append([])
        else:
            args[-1].append(tok)
        k -= 1
    return j + 1


def _strip(arg: list[Tok]) -> list[Tok]:
    lo, hi = 0, len(arg)
    while lo < hi and is_ws(arg[lo][0]):
        lo += 1
    while hi > lo and is_ws(arg[hi - 1][0]):
        hi -= 1
    return arg[lo:hi]


def _next(body: list[str], i: int) -> int:
    while i < len(body) and body[i] == " ":
        i += 1
    return i


def _paste(lhs: str, rhs: str) -> list[Tok]:
    return [(t, EMPTY) for t in tokenize(lhs + rhs)]


class Expander:
    """Expands tokens against a macro table (shared with, and mutated by, the caller)."""

    def __init__(
        self, macros: dict[str, Macro], budget: int = 250_000, max_depth: int = 48
    ) -> None:
        self.macros = macros
        self.budget = budget
        self.max_depth = max_depth
        self.code = True
        self.line = 1
        self.file_literal = '""'
        self.counter = 0
        self.left = budget
        self.capped = False
        self.warnings: list[str] = []

    def expand(
        self, tokens: list[str], *, code: bool, final: bool, line: int = 1, file_literal: str = '""'
    ) -> list[Tok]:
        """Expand a token list; raises Incomplete if more input could matter."""
        self.code = code
        self.line = line
        self.file_literal = file_literal
        self.left = self.budget
        self.capped = False
        self.warnings = []
        return self._expand([(t, EMPTY) for t in tokens], final, 0)

    def _builtin(self, text: str) -> str:
        if text == "__LINE__":
            return str(self.line)
        if text == "__FILE__":
            return self.file_literal
        self.counter += 1
        return str(self.counter - 1)

    def _expand(self, toks: list[Tok], final: bool, depth: int) -> list[Tok]:
        macros = self.macros
        if all(t not in macros and t not in BUILTINS for t, _ in toks):
            return toks
        stack = toks[::-1]
        out: list[Tok] = []
        pop, append, lookup = stack.pop, out.append, macros.get
        while stack:
            tok = pop()
            text = tok[0]
            m = lookup(text)
            if m is None:
                if text in BUILTINS and not self.capped:
                    append((self._builtin(text), EMPTY))
                else:
                    append(tok)
                continue
            if (self.code and m.config) or text in tok[1] or self.capped:
                out.append(tok)
                continue
            if m.params is None:
                self._push(stack, self._subst(m, [], tok[1] | {text}, depth))
                continue
            j = len(stack) - 1
            while j >= 0 and is_ws(stack[j][0]):
                j -= 1
            if j < 0 or stack[j][0] != "(":
                if j < 0 and not final and depth == 0:
                    raise Incomplete(True)
                out.append(tok)
                continue
            found = _collect(stack, j)
            if isinstance(found, int):
                if not final and depth == 0:
                    raise Incomplete(False)
                self._charge(found)
                out.append(tok)
                continue
            self._charge(j + 1 - len(stack))
            args = self._fit(m, found[0])
            self._push(stack, self._subst(m, args, (tok[1] & found[1]) | {text}, depth))
        return out

    def _charge(self, work: int) -> None:
        """Count work against the budget; past it, nothing more is expanded."""
        self.left -= work
        if self.left < 0 and not self.capped:
            self.capped = True
            self.warnings.append("macro expansion too large; the rest is left unexpanded")

    def _push(self, stack: list[Tok], repl: list[Tok]) -> None:
        self._charge(len(repl) + 1)
        stack.append(BOUNDARY)
        stack.extend(reversed(repl))
        stack.append(BOUNDARY)

    def _fit(self, m: Macro, args: list[list[Tok]]) -> list[list[Tok]]:
        """Match the argument count to the parameters as MSVC does (warn, pad, drop)."""
        assert m.params is not None
        n = len(m.params)
        if m.variadic and len(args) > n:
            rest: list[Tok] = []
            for k, arg in enumerate(args[n - 1 :]):
                if k:
                    rest.append((",", EMPTY))
                rest.extend(arg)
            args = args[: n - 1] + [rest]
        if len(args) > n:
            if n == 0 and len(args) == 1 and not _strip(args[0]):
                return []
            self.warnings.append(f"too many arguments for macro {m.name}")
            return args[:n]
        if len(args) < n:
            if not (m.variadic and len(args) == n - 1):
                self.warnings.append(f"too few arguments for macro {m.name}")
            args = args + [[] for _ in range(n - len(args))]
        return args

    def _arg(self, arg: list[Tok], depth: int) -> list[Tok]:
        if depth >= self.max_depth:
            if not self.capped:
                self.capped = True
                self.warnings.append("macro arguments nested too deeply; left unexpanded")
            return arg
        return self._expand(arg, True, depth + 1)

    def _subst(self, m: Macro, args: list[list[Tok]], hs: frozenset[str], depth: int) -> list[Tok]:
        body = list(m.body)
        index = m.index
        out: list[Tok] = []
        expanded: dict[int, list[Tok]] = {}
        va = len(args) - 1 if m.variadic else -1
        i = 0
        while i < len(body):
            tok = body[i]
            if tok == "#" and m.params is not None:
                j = _next(body, i + 1)
                charize = j < len(body) and body[j] == "@"
                j = _next(body, j + 1) if charize else j
                if j < len(body) and body[j] in index:
                    text = stringize([t for t, _ in args[index[body[j]]]])
                    out.append(("'" + text[1:-1] + "'" if charize else text, EMPTY))
                    i = j + 1
                    continue
            elif tok == "##":
                i = self._paste_into(out, body, i, index, args, va)
                continue
            elif tok == "__VA_OPT__" and va >= 0:
                body, i = self._va_opt(body, i, bool(_strip(args[va])))
                continue
            elif tok in index:
                k = index[tok]
                j = _next(body, i + 1)
                if j < len(body) and body[j] == "##":
                    raw = _strip(args[k])
                    out.extend(raw if raw else [(PLACEMARKER, EMPTY)])
                else:
                    if k == va and not _strip(args[k]):
                        while out and is_ws(out[-1][0]):
                            out.pop()
                        if out and out[-1][0] == ",":  # MSVC: ", __VA_ARGS__" elides the comma
                            out.pop()
                    if k not in expanded:
                        expanded[k] = self._arg(args[k], depth)
                    self._charge(len(expanded[k]))
                    out.extend(expanded[k] if not self.capped else args[k])
                i += 1
                continue
            out.append((tok, EMPTY))
            i += 1
        return [(t, hs if not h else h | hs) for t, h in out if t != PLACEMARKER]

    def _paste_into(
        self,
        out: list[Tok],
        body: list[str],
        i: int,
        index: Mapping[str, int],
        args: list[list[Tok]],
        va: int,
    ) -> int:
        """Apply the ## at body[i] to the end of `out`; returns the next body index."""
        j = _next(body, i + 1)
        if j >= len(body):
            return j
        rtok = body[j]
        k = index.get(rtok, -1) if args else -1
        rhs = _strip(args[k]) if k >= 0 else [(rtok, EMPTY)]
        while out and is_ws(out[-1][0]):
            out.pop()
        if k >= 0 and k == va and out and out[-1][0] == ",":
            if not rhs:  # GNU ", ## __VA_ARGS__": drop the comma when there is nothing
                out.pop()
            out.extend(rhs)
            return j + 1
        if not out or out[-1][0] == PLACEMARKER:
            if out:
                out.pop()
            out.extend(rhs if rhs else [(PLACEMARKER, EMPTY)])
        elif rhs:
            lhs = out.pop()
            out.extend(_paste(lhs[0], rhs[0][0]))
            out.extend(rhs[1:])
        return j + 1

    def _va_opt(self, body: list[str], i: int, present: bool) -> tuple[list[str], int]:
        j = _next(body, i + 1)
        if j >= len(body) or body[j] != "(":
            return body[:i] + body[i + 1 :], i
        depth = 0
        for k in range(j, len(body)):
            depth += (body[k] == "(") - (body[k] == ")")
            if depth == 0:
                inner = body[j + 1 : k] if present else []
                return body[:i] + inner + body[k + 1 :], i
        return body[:i] + body[i + 1 :], i
