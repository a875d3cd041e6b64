"""The small part of MSBuild's evaluation a `.vcxproj` needs: `$(Property)` expansion,
`%(Metadata)` inheritance and `Condition` attributes.

Invariants: nothing here touches the environment or the file system (except through the
`exists` callback a caller passes), so the result depends only on the properties given.
An expression this module does not understand raises `Unsupported` (the caller decides
what to assume); it is never silently given a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

_PROPERTY = re.compile(r"\$\(([A-Za-z_][\w.-]*)\)")
_METADATA = re.compile(r"%\(([A-Za-z_][\w.-]*)\)")
_UNSUPPORTED = re.compile(r"\$\(\[|@\(|\$\([^)]*[:\[(]")


class Unsupported(Exception):
    """An expression this evaluator does not understand (message: the fragment)."""


class UnknownProperty(Unsupported):
    """A `$(Name)` no property defines here (typically one a WDK `.props` file would set)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"$({name})")
        self.name = name


@dataclass(slots=True)
class Properties:
    """Case-insensitive MSBuild properties; `protected` ones act as global properties.

    Global properties (Configuration, Platform, the project's own paths) cannot be
    overridden by the project's PropertyGroups, exactly as in MSBuild.
    """

    values: dict[str, str] = field(default_factory=dict)
    protected: frozenset[str] = frozenset()

    @classmethod
    def with_globals(cls, globals_: Mapping[str, str]) -> Properties:
        values = {name.lower(): value for name, value in globals_.items()}
        return cls(values, frozenset(values))

    def get(self, name: str) -> str | None:
        return self.values.get(name.lower())

    def set(self, name: str, value: str) -> None:
        if name.lower() not in self.protected:
            self.values[name.lower()] = value

    def set_reserved(self, name: str, value: str) -> None:
        """Set a property MSBuild itself maintains (`MSBuildThisFileDirectory` changes
        with the file being evaluated), whether or not it is protected."""
        self.values[name.lower()] = value


def expand(text: str, properties: Properties) -> str:
    """`text` with every `$(Name)` replaced; raises `Unsupported` / `UnknownProperty`."""
    if _UNSUPPORTED.search(text):
        raise Unsupported(text.strip())

    def replace(match: re.Match[str]) -> str:
        value = properties.get(match.group(1))
        if value is None:
            raise UnknownProperty(match.group(1))
        return value

    return _PROPERTY.sub(replace, text)


def substitute_metadata(text: str, metadata: Mapping[str, str]) -> str:
    """`text` with `%(Name)` replaced by the inherited value ("" when none), as MSBuild does."""
    return _METADATA.sub(lambda match: metadata.get(match.group(1).lower(), ""), text)


def split_list(text: str) -> list[str]:
    """The non-empty, stripped entries of a `;`-separated MSBuild list."""
    return [entry.strip() for entry in text.split(";") if entry.strip()]


# --- conditions -------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'[^']*')|(?P<op>==|!=|<=|>=|<|>|!|\(|\)|,)"
    r"|(?P<prop>\$\([^)]*\))|(?P<word>[A-Za-z_0-9.]+))"
)
_TRUE_WORDS = frozenset({"true", "on", "yes", "!false", "!off", "!no"})
_FALSE_WORDS = frozenset({"false", "off", "no", "!true", "!on", "!yes"})


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str


def _tokenize(condition: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    condition = condition.rstrip()
    while position < len(condition):
        match = _TOKEN.match(condition, position)
        if match is None or match.end() == position:
            raise Unsupported(condition[position:].strip())
        kind = match.lastgroup or ""
        tokens.append(_Token(kind, match.group(kind)))
        position = match.end()
    return tokens


def evaluate_condition(
    condition: str, properties: Properties, exists: Callable[[str], bool]
) -> bool:
    """The truth of an MSBuild `Condition`; raises `Unsupported` for forms not handled.

    Handled: quoted or bare operands with `$(...)`, `==` / `!=` (case-insensitive, as in
    MSBuild), numeric `<` `<=` `>` `>=`, `!`, `and`, `or`, parentheses, `Exists('path')`,
    `HasTrailingSlash('path')` and boolean words. `Exists` of a path using a property
    that is not defined is false.
    """
    if not condition.strip():
        return True
    parser = _ConditionParser(_tokenize(condition), properties, exists)
    result = parser.parse_or()
    if parser.position != len(parser.tokens):
        raise Unsupported(condition.strip())
    return result


@dataclass(slots=True)
class _ConditionParser:
    tokens: list[_Token]
    properties: Properties
    exists: Callable[[str], bool]
    position: int = 0

    def _peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _next(self) -> _Token:
        token = self._peek()
        if token is None:
            raise Unsupported("unexpected end of condition")
        self.position += 1
        return token

    def _accept_word(self, word: str) -> bool:
        token = self._peek()
        if token is not None and token.kind == "word" and token.text.lower() == word:
            self.position += 1
            return True
        return False

    def _expect(self, text: str) -> None:
        if self._next().text != text:
            raise Unsupported(f"expected {text!r}")

    def parse_or(self) -> bool:
        result = self.parse_and()
        while self._accept_word("or"):
            right = self.parse_and()
            result = result or right
        return result

    def parse_and(self) -> bool:
        result = self.parse_unary()
        while self._accept_word("and"):
            right = self.parse_unary()
            result = result and right
        return result

    def parse_unary(self) -> bool:
        token = self._peek()
        if token is not None and token.text == "!":
            self.position += 1
            return not self.parse_unary()
        if token is not None and token.text == "(":
            self.position += 1
            result = self.parse_or()
            self._expect(")")
            return result
        return self.parse_comparison()

    def parse_comparison(self) -> bool:
        left = self.parse_operand()
        token = self._peek()
        if token is None or token.kind != "op" or token.text in ("(", ")", ",", "!"):
            return _as_boolean(left)
        self.position += 1
        right = self.parse_operand()
        return _compare(left, token.text, right)

    def parse_operand(self) -> str:
        token = self._next()
        if token.kind == "string":
            return expand(token.text[1:-1], self.properties)
        if token.kind == "prop":
            return expand(token.text, self.properties)
        if token.kind == "word" and token.text.lower() in ("exists", "hastrailingslash"):
            self._expect("(")
            try:
                argument = self.parse_operand()
            except UnknownProperty:
                if token.text.lower() != "exists":
                    raise
                # A path built on a property nothing here defines (a toolset's or the
                # user's folder) names no file of the driver's tree.
                argument = ""
            self._expect(")")
            if token.text.lower() == "exists":
                return "true" if argument.strip() and self.exists(argument) else "false"
            return "true" if argument.endswith(("/", "\\")) else "false"
        if token.kind == "word" and token.text.lower() not in ("and", "or"):
            return token.text
        raise Unsupported(token.text)


def _as_boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE_WORDS:
        return True
    if lowered in _FALSE_WORDS:
        return False
    raise Unsupported(f"{value!r} is not a boolean")


def _compare(left: str, operator: str, right: str) -> bool:
    if operator == "==":
        return left.lower() == right.lower()
    if operator == "!=":
        return left.lower() != right.lower()
    a, b = _as_number(left), _as_number(right)
    results = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}
    return results[operator]


def _as_number(value: str) -> float:
    text = value.strip()
    try:
        return float(int(text, 16)) if text.lower().startswith("0x") else float(text)
    except ValueError:
        raise Unsupported(f"{value!r} is not a number") from None
