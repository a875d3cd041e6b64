"""Translation units from the WDK's build.exe files: `sources` and `dirs`.

A `sources` file is an nmake fragment: macro definitions (`NAME = value`, `\\` joining
lines, `#` comments), `$(NAME)` references and `!IF`/`!IFDEF`/`!IFNDEF`/`!ELSEIF`/
`!ELSE`/`!ENDIF` blocks, and `!INCLUDE`s of other fragments. What matters here is
`SOURCES` (the files compiled), `INCLUDES` (include folders), `C_DEFINES` (`-D`/`-U`),
`TARGETTYPE` and `TARGETNAME`. A `dirs` file names subfolders (`DIRS`, `OPTIONAL_DIRS`),
each holding a `sources` or another `dirs`; every `sources` found is part of the driver.

The build environment is data (`BUILD_ENVIRONMENT`): an x64 free build for the newest
target, `_NT_TARGET_VERSION` included; the command line's `-D NAME=VALUE` overrides it.

Invariants: the files are read as text and evaluated, never executed; an `!INCLUDE` or
`DIRS` chain is bounded (`MAX_DEPTH`) and cycle-free; a reference to a macro nothing
defines expands to nothing, as in nmake, but an include folder or source built on one
is dropped with a note (quietly for the WDK's own folders); a directive or condition not
understood is a note, its block assumed taken.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs.candidates import UnitCandidate
from ddiverify.inputs.macros import MacroOp, parse_define, parse_undefine
from ddiverify.inputs.paths import find_path, windows_path
from ddiverify.inputs.sources import display_path, read_text, source_language

MAX_DEPTH = 16
SOURCES_FILE_NAMES = frozenset({"sources", "dirs"})

# What build.exe's environment defines for an x64 free build of the newest target.
BUILD_ENVIRONMENT: Mapping[str, str] = {
    "_NT_TARGET_VERSION_WIN2K": "0x500",
    "_NT_TARGET_VERSION_WINXP": "0x501",
    "_NT_TARGET_VERSION_WS03": "0x502",
    "_NT_TARGET_VERSION_VISTA": "0x600",
    "_NT_TARGET_VERSION_LONGHORN": "0x600",
    "_NT_TARGET_VERSION_WIN7": "0x601",
    "_NT_TARGET_VERSION_WIN8": "0x602",
    "_NT_TARGET_VERSION_WINBLUE": "0x603",
    "_NT_TARGET_VERSION_WIN10": "0xA00",
    "_NT_TARGET_VERSION": "0xA00",
    "_BUILDARCH": "AMD64",
    "AMD64": "1",
    "FREEBUILD": "1",
    "BUILD_ALT_DIR": "fre_amd64",
}
# Macros whose folders are the WDK's or the build's own: entries using them vanish quietly.
_BUILD_MACRO = re.compile(
    r".*(_ROOT|_PATH|_INC|_LIB|_DIR)$|OBJ_PATH|O|SDK\w*|DDK\w*|WDK\w*|BASEDIR|PROJECT_ROOT",
    re.IGNORECASE,
)
_DEFINITION = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*=(.*)$", re.DOTALL)
_REFERENCE = re.compile(r"\$\(([A-Za-z_][\w.]*)\)")
_DIRECTIVE = re.compile(r"^\s*!\s*([A-Za-z]+)\s*(.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class WdkBuild:
    """The units of one `sources` file (or every one a `dirs` file reaches)."""

    path: Path
    units: tuple[UnitCandidate, ...]
    targets: tuple[str, ...]  # "phdskmnt (DRIVER)" per sources file read
    configuration: str  # "free AMD64, _NT_TARGET_VERSION=0xA00"


def is_build_file(path: Path) -> bool:
    """True for a file build.exe reads: `sources` or `dirs` (any case, no extension)."""
    return path.name.lower() in SOURCES_FILE_NAMES


def load_wdk_build(
    path: Path, display: str, *, defines: Sequence[str] = (), sink: DiagnosticSink
) -> WdkBuild:
    """Evaluate `path` (a `sources` or `dirs` file); raises `InputError` when it cannot
    be read or yields nothing."""
    environment = dict(BUILD_ENVIRONMENT)
    for text in defines:
        op = parse_define(text)
        if op is not None:
            environment[op.name] = op.value if op.value is not None else "1"
    walker = _Walker(sink, environment)
    if path.name.lower() == "dirs":
        walker.dirs(path, 0)
    else:
        walker.sources(path, 0)
    if not walker.units and not walker.targets:
        raise InputError(
            f"{display}: no sources found (is it a WDK build.exe sources or dirs file?)"
        )
    configuration = (
        f"free {environment['_BUILDARCH']}, _NT_TARGET_VERSION={environment['_NT_TARGET_VERSION']}"
    )
    return WdkBuild(path, tuple(walker.units), tuple(walker.targets), configuration)


@dataclass(slots=True)
class _Walker:
    sink: DiagnosticSink
    environment: dict[str, str]
    units: list[UnitCandidate] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)

    def dirs(self, path: Path, depth: int) -> None:
        key = path.resolve()
        if key in self.seen or depth > MAX_DEPTH:
            return
        self.seen.add(key)
        macros = _Makefile(self.sink, dict(self.environment)).evaluate(path)
        if macros is None:
            return
        display = display_path(path)
        for name in ("DIRS", "OPTIONAL_DIRS"):
            for entry in _words(macros.get(name, "")):
                folder = find_path(path.parent / windows_path(entry.strip("{}")))
                if folder is None or not folder.is_dir():
                    self.sink.warn(f"{name} entry '{entry}' not found; skipped", display)
                    continue
                build = next(
                    (
                        f
                        for f in ("sources", "dirs")
                        if (found := find_path(folder / f)) is not None and found.is_file()
                    ),
                    None,
                )
                if build == "sources":
                    self.sources(folder / "sources", depth + 1)
                elif build == "dirs":
                    self.dirs(folder / "dirs", depth + 1)
                else:
                    self.sink.note(f"{entry} has no sources or dirs file; skipped", display)

    def sources(self, path: Path, depth: int) -> None:
        key = find_path(path) or path
        if key in self.seen or depth > MAX_DEPTH:
            return
        self.seen.add(key)
        macros = _Makefile(self.sink, dict(self.environment)).evaluate(key)
        if macros is None:
            return
        display = display_path(key)
        target = macros.get("TARGETNAME", "").strip() or key.parent.name
        kind = macros.get("TARGETTYPE", "").strip().upper() or "?"
        self.targets.append(f"{target} ({kind})")
        if kind in ("PROGRAM", "DYNLINK", "UMAPPL_NOLIB"):
            self.sink.note(
                f"TARGETTYPE {kind} is not a driver; its sources are analysed all the same", display
            )
        folder = key.parent
        dirs = self._include_dirs(macros.get("INCLUDES", ""), folder, display)
        ops = self._macro_ops(macros.get("C_DEFINES", ""), display)
        for entry in _words(macros.get("SOURCES", "")):
            if _UNDEFINED in entry:
                continue
            language = source_language(Path(windows_path(entry)))
            if language is None:
                continue  # .rc, .mc, .mof, .asm: not C
            file = find_path(folder / windows_path(entry))
            if file is None:
                self.sink.warn(f"SOURCES entry '{entry}' not found; skipped", display)
                continue
            self.units.append(UnitCandidate(file, language, dirs, ops, True))

    def _include_dirs(self, text: str, folder: Path, display: str) -> tuple[Path, ...]:
        found: list[Path] = []
        for entry in (e.strip() for e in text.replace("\n", ";").split(";")):
            if not entry or _UNDEFINED in entry:
                continue
            path = find_path(folder / windows_path(entry))
            if path is None or not path.is_dir():
                self.sink.note(f"INCLUDES folder '{entry}' not found; ignored", display)
            elif path not in found:
                found.append(path)
        return tuple(found)

    def _macro_ops(self, text: str, display: str) -> tuple[MacroOp, ...]:
        ops: list[MacroOp] = []
        for word in _words(text):
            if _UNDEFINED in word:
                continue
            flag, body = word[:2].upper(), word[2:]
            if flag in ("-D", "/D"):
                op = parse_define(body)
            elif flag in ("-U", "/U"):
                op = parse_undefine(body)
            else:
                continue  # compiler switches (-wd4214) have no bearing on the source
            if op is None:
                self.sink.note(f"C_DEFINES entry '{word}' is not a macro; ignored", display)
            else:
                ops.append(op)
        return tuple(ops)


# An entry built on a macro that was not defined starts with this marker after expansion.
_UNDEFINED = "\x00"


@dataclass(slots=True)
class _Makefile:
    """One nmake fragment (and its !INCLUDEs), evaluated to its macro values."""

    sink: DiagnosticSink
    macros: dict[str, str]
    depth: int = 0
    _noted: set[str] = field(default_factory=set)

    def evaluate(self, path: Path) -> dict[str, str] | None:
        display = display_path(path)
        text = read_text(path, self.sink, display)
        if text is None:
            return None
        self._run(text, path, display)
        return dict(self.macros)

    def _note(self, message: str, display: str, line: int) -> None:
        if message not in self._noted:
            self._noted.add(message)
            self.sink.note(message, display, line)

    def _run(self, text: str, path: Path, display: str) -> None:
        stack: list[tuple[bool, bool]] = []  # (this branch taken, some branch taken)
        for number, line in _logical_lines(text):
            active = all(taken for taken, _ in stack)
            directive = _DIRECTIVE.match(line)
            if directive is not None:
                self._directive(
                    directive.group(1).upper(),
                    directive.group(2).strip(),
                    stack,
                    active,
                    path,
                    display,
                    number,
                )
                continue
            if not active:
                continue
            definition = _DEFINITION.match(_strip_comment(line))
            if definition is not None:
                name, value = definition.group(1), " ".join(definition.group(2).split())
                # `C_DEFINES=$(C_DEFINES) -DX` appends, to nothing the first time.
                value = value.replace(f"$({name})", self.macros.get(name, ""))
                self.macros[name] = self.expand(value, display, number)

    def _directive(
        self,
        name: str,
        rest: str,
        stack: list[tuple[bool, bool]],
        active: bool,
        path: Path,
        display: str,
        line: int,
    ) -> None:
        rest = _strip_comment(rest).strip()
        if name in ("IF", "IFDEF", "IFNDEF"):
            taken = active and self._test(name, rest, display, line)
            stack.append((taken, taken))
        elif name in ("ELSE", "ELSEIF", "ELSEIFDEF", "ELSEIFNDEF"):
            if not stack:
                self._note(f"!{name} without !IF; ignored", display, line)
                return
            _, any_taken = stack.pop()
            outer = all(taken for taken, _ in stack)
            if name == "ELSE" and rest.upper().startswith(("IF ", "IFDEF ", "IFNDEF ")):
                name, rest = "ELSE" + rest.split()[0].upper(), rest.split(None, 1)[1]
            if name == "ELSE":
                taken = outer and not any_taken
            else:
                taken = outer and not any_taken and self._test(name[4:], rest, display, line)
            stack.append((taken, any_taken or taken))
        elif name == "ENDIF":
            if stack:
                stack.pop()
        elif not active:
            return
        elif name == "INCLUDE":
            self._include(rest, path, display, line)
        elif name == "UNDEF":
            self.macros.pop(rest.strip(), None)
        elif name not in ("MESSAGE", "ERROR", "CMDSWITCHES"):
            self._note(f"!{name} not understood; ignored", display, line)

    def _test(self, kind: str, rest: str, display: str, line: int) -> bool:
        if kind == "IFDEF":
            return rest.strip() in self.macros
        if kind == "IFNDEF":
            return rest.strip() not in self.macros
        try:
            return _Condition(self.expand(rest, display, line, quiet=True), self.macros).value()
        except ValueError:
            self._note(f"!IF {rest} not understood; assumed true", display, line)
            return True

    def _include(self, rest: str, path: Path, display: str, line: int) -> None:
        name = self.expand(rest, display, line).strip().strip('"<>')
        target = find_path(path.parent / windows_path(name)) if name else None
        if target is None or not target.is_file():
            self._note(f"!INCLUDE {rest} not found; ignored", display, line)
            return
        if self.depth >= MAX_DEPTH:
            self._note(
                f"!INCLUDE nested more than {MAX_DEPTH} deep; {name} not read", display, line
            )
            return
        inner = _Makefile(self.sink, self.macros, self.depth + 1)
        text = read_text(target, self.sink, display_path(target))
        if text is not None:
            inner._run(text, target, display_path(target))

    def expand(self, text: str, display: str, line: int, *, quiet: bool = False) -> str:
        """`$(NAME)` replaced by its value; an undefined one by nothing, as nmake does,
        except that an entry it begins is marked so that the caller can drop it."""

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            value = self.macros.get(name)
            if value is not None:
                return value
            if not quiet and not _BUILD_MACRO.fullmatch(name):
                self._note(f"$({name}) is not defined; entries using it are dropped", display, line)
            return _UNDEFINED

        return _REFERENCE.sub(replace, text)


@dataclass(slots=True)
class _Condition:
    """An nmake `!IF` expression after macro expansion: integers, quoted strings,
    `defined(NAME)`, `! ~ - + * / % << >> < <= > >= == != & | ^ && ||` and parentheses."""

    text: str
    macros: Mapping[str, str]
    tokens: list[str] = field(default_factory=list)
    position: int = 0

    def value(self) -> bool:
        self.tokens = re.findall(
            r'"[^"]*"|\|\||&&|==|!=|<=|>=|<<|>>|[()!<>~+\-*/%&|^]'
            r"|defined|[\w.\x00]+",
            self.text.replace(_UNDEFINED, ""),
        )
        result = self._binary(0)
        if self.position != len(self.tokens):
            raise ValueError(self.text)
        return bool(result)

    _LEVELS = (
        ("||",),
        ("&&",),
        ("|",),
        ("^",),
        ("&",),
        ("==", "!="),
        ("<", "<=", ">", ">="),
        ("<<", ">>"),
        ("+", "-"),
        ("*", "/", "%"),
    )

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise ValueError(self.text)
        self.position += 1
        return token

    def _binary(self, level: int) -> int | str:
        if level == len(self._LEVELS):
            return self._unary()
        left = self._binary(level + 1)
        while self._peek() in self._LEVELS[level]:
            operator = self._take()
            right = self._binary(level + 1)
            left = _apply(operator, left, right)
        return left

    def _unary(self) -> int | str:
        token = self._take()
        if token in ("!", "~", "-", "+"):
            operand = _number(self._unary())
            return {"!": int(not operand), "~": ~operand, "-": -operand, "+": operand}[token]
        if token == "(":
            inner = self._binary(0)
            if self._take() != ")":
                raise ValueError(self.text)
            return inner
        if token.lower() == "defined":
            if self._take() != "(":
                raise ValueError(self.text)
            name = self._take()
            if self._take() != ")":
                raise ValueError(self.text)
            return int(name in self.macros)
        if token.startswith('"'):
            return token[1:-1]
        return _number(token)


def _apply(operator: str, left: int | str, right: int | str) -> int:
    if operator in ("==", "!=") and (isinstance(left, str) or isinstance(right, str)):
        same = str(left).lower() == str(right).lower()
        return int(same if operator == "==" else not same)
    a, b = _number(left), _number(right)
    if operator in ("/", "%") and b == 0:
        raise ValueError("division by zero")
    results = {
        "||": int(bool(a) or bool(b)),
        "&&": int(bool(a) and bool(b)),
        "|": a | b,
        "^": a ^ b,
        "&": a & b,
        "==": int(a == b),
        "!=": int(a != b),
        "<": int(a < b),
        "<=": int(a <= b),
        ">": int(a > b),
        ">=": int(a >= b),
        "+": a + b,
        "-": a - b,
        "*": a * b,
    }
    if operator in results:
        return results[operator]
    if operator in ("<<", ">>"):
        return a << b if operator == "<<" else a >> b
    return a // b if operator == "/" else a % b


def _number(value: int | str) -> int:
    if isinstance(value, int):
        return value
    text = value.strip()
    try:
        return int(text, 16) if text.lower().startswith("0x") else int(text or "0")
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with `\\`-continuations joined, each with the number of its first line."""
    result: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 1
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = _strip_comment(raw).rstrip()
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1])
            continue
        pending.append(stripped)
        result.append((start, " ".join(pending)))
        pending = []
    if pending:
        result.append((start, " ".join(pending)))
    return result


def _strip_comment(line: str) -> str:
    """`line` without its `#` comment (`^#` is a literal `#` in nmake)."""
    out: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == "^" and i + 1 < len(line):
            out.append(line[i + 1])
            i += 2
            continue
        if line[i] == "#":
            break
        out.append(line[i])
        i += 1
    return "".join(out)


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w and not w.startswith(_UNDEFINED)]
