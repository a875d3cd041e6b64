"""Translation units and their settings from a JSON compilation database.

Reads `compile_commands.json` (clang's format: a list of `{directory, file, arguments |
command}`) and keeps from each command only what preprocessing needs: include folders,
`-D`/`-U` (GCC/Clang and MSVC spellings) and the language.

Invariants: a malformed database raises `InputError` with one line; an entry whose file
is missing is skipped with a warning; flags we do not use are ignored silently, except
those that change preprocessing (`-include`, `@rspfile`), which get a note.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs.candidates import UnitCandidate
from ddiverify.inputs.macros import MacroOp, parse_define, parse_undefine
from ddiverify.inputs.paths import find_path, windows_path
from ddiverify.inputs.sources import Language, header_language, source_language, too_deep

_SHAPE = 'expected a list of {"directory", "file", "arguments" or "command"} objects'
_MISSING_REPORTED = 5  # missing files warned one by one; the rest are counted

# GCC/Clang options whose value is the next argument and which we do not otherwise use;
# skipping the value keeps it from being read as an option of its own.
_SKIP_VALUE = frozenset(
    {
        "-o",
        "-MF",
        "-MT",
        "-MQ",
        "-target",
        "-arch",
        "-Xclang",
        "-isysroot",
        "--sysroot",
        "-include-pch",
        "-Xpreprocessor",
    }
)
_INCLUDE_OPTIONS = ("-isystem", "-iquote", "-idirafter", "--include-directory=", "-I")
_MSVC_INCLUDE_OPTIONS = ("external:I", "imsvc", "I")
_FORCED_INCLUDES = ("-include", "-imacros", "--include")
_LANGUAGES = {
    "c": Language.C,
    "c-header": Language.C,
    "c++": Language.CPP,
    "c++-header": Language.CPP,
}
_MSVC_LANGUAGES = {"TC": Language.C, "Tc": Language.C, "TP": Language.CPP, "Tp": Language.CPP}
_WINDOWS_COMMAND = re.compile(
    r"""(^|[\s"'=])[A-Za-z]:\\|^\s*"?[^\s"]*\bcl(\.exe)?"?\s""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One compilation database entry, shape-checked."""

    directory: str
    file: str
    arguments: tuple[str, ...] | None
    command: str


@dataclass(slots=True)
class _Flags:
    """What one compile command says about preprocessing."""

    include_dirs: list[Path] = field(default_factory=list)
    macro_ops: list[MacroOp] = field(default_factory=list)
    language: Language | None = None
    notes: list[str] = field(default_factory=list)


def load_compile_db(path: Path, display: str, sink: DiagnosticSink) -> tuple[UnitCandidate, ...]:
    """The units of the compilation database at `path`, in its order, each file once."""
    entries = _parse(path, display)
    units: dict[Path, UnitCandidate] = {}
    missing: list[str] = []
    noted: set[str] = set()
    for entry in entries:
        directory = Path(windows_path(entry.directory))
        directory = directory if directory.is_absolute() else path.parent / directory
        file = find_path(directory / windows_path(entry.file))
        if file is None or not file.is_file():
            missing.append(entry.file)
            continue
        if file in units:
            _note(sink, display, noted, f"{file.name} has several entries; using the first")
            continue
        flags = parse_flags(_arguments(entry, display, sink), directory)
        for message in flags.notes:
            _note(sink, display, noted, message)
        language = flags.language or source_language(file) or header_language(file)
        if language is None:
            _note(sink, display, noted, f"{file.name} is not a C/C++ source; skipped")
            continue
        units[file] = UnitCandidate(
            file, language, tuple(flags.include_dirs), tuple(flags.macro_ops), from_build=True
        )
    _report_missing(missing, display, sink)
    return tuple(units.values())


def _parse(path: Path, display: str) -> list[_Entry]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"{display}: cannot read the compilation database "
            f"({error.strerror}); check the path and its permissions"
        ) from None
    try:
        document = json.loads(data)
    except RecursionError:
        raise too_deep(
            data.decode("utf-8", errors="replace"), display, "compilation database"
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{display}: not a valid compilation database (JSON error at line "
            f"{error.lineno}: {error.msg})"
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            f"{display}: not a valid compilation database (not UTF-8 text); {_SHAPE}"
        ) from None
    if not isinstance(document, list):
        raise InputError(f"{display}: not a valid compilation database; {_SHAPE}")
    entries: list[_Entry] = []
    for index, entry in enumerate(document):
        problem = _shape_problem(entry)
        if problem is not None:
            raise InputError(
                f"{display}: not a valid compilation database (entry {index}: {problem}); {_SHAPE}"
            )
        arguments = entry.get("arguments")
        entries.append(
            _Entry(
                entry["directory"],
                entry["file"],
                tuple(arguments) if arguments is not None else None,
                entry.get("command", ""),
            )
        )
    return entries


def _shape_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "not an object"
    for key in ("directory", "file"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            return f'"{key}" missing or not a string'
    arguments = entry.get("arguments")
    if arguments is not None:
        if not isinstance(arguments, list) or not all(isinstance(a, str) for a in arguments):
            return '"arguments" is not a list of strings'
        return None
    if not isinstance(entry.get("command"), str):
        return 'neither "arguments" nor "command" given'
    return None


def _arguments(entry: _Entry, display: str, sink: DiagnosticSink) -> list[str]:
    if entry.arguments is not None:
        return list(entry.arguments)
    try:
        return split_command(entry.command)
    except ValueError as error:
        sink.warn(
            f"command for {entry.file} cannot be split ({error}); its flags are ignored", display
        )
        return []


def split_command(command: str) -> list[str]:
    """Arguments of a command line: POSIX shell rules, or Windows rules for a command that
    names a drive path or `cl.exe` (POSIX rules would eat the backslashes of `C:\\src`)."""
    if _WINDOWS_COMMAND.search(command):
        return _split_windows(command)
    return shlex.split(command, posix=True)


def _split_windows(command: str) -> list[str]:
    """CommandLineToArgvW's rules: backslashes are literal unless they precede a quote."""
    arguments: list[str] = []
    current: list[str] = []
    in_word = in_quotes = False
    index = 0
    while index < len(command):
        char = command[index]
        if char == "\\":
            run = len(command[index:]) - len(command[index:].lstrip("\\"))
            index += run
            if index < len(command) and command[index] == '"':
                current.append("\\" * (run // 2))
                if run % 2:
                    current.append('"')
                    index += 1
            else:
                current.append("\\" * run)
            in_word = True
            continue
        if char == '"':
            in_quotes = not in_quotes
            in_word = True
        elif char.isspace() and not in_quotes:
            if in_word:
                arguments.append("".join(current))
            current, in_word = [], False
        else:
            current.append(char)
            in_word = True
        index += 1
    if in_word:
        arguments.append("".join(current))
    return arguments


def is_msvc_driver(arguments: list[str]) -> bool:
    """True when the compiler (possibly behind ccache/sccache) takes MSVC-style `/` flags."""
    for argument in arguments[:2]:
        name = windows_path(argument).rsplit("/", 1)[-1].lower().removesuffix(".exe")
        if name in ("cl", "clang-cl") or name.endswith("-clang-cl"):
            return True
        if name not in ("ccache", "sccache"):
            return False
    return False


def parse_flags(arguments: list[str], directory: Path) -> _Flags:
    """Include folders, macro operations and language from a compiler's arguments."""
    flags = _Flags()
    msvc = is_msvc_driver(arguments)
    index = 1
    while index < len(arguments):
        argument = arguments[index]
        following = arguments[index + 1] if index + 1 < len(arguments) else None
        consumed = _parse_one(argument, following, msvc, directory, flags)
        if consumed == 0:
            break  # MSVC `/link`: the rest belongs to the linker
        index += consumed
    return flags


def _parse_one(
    argument: str, following: str | None, msvc: bool, directory: Path, flags: _Flags
) -> int:
    """Apply one option to `flags`; the number of arguments it used (0 = stop)."""
    if argument.startswith("@"):
        flags.notes.append(f"response file {argument} is not read; its flags are ignored")
        return 1
    if msvc and argument[:1] in ("/", "-"):
        return _parse_msvc(argument[1:], following, directory, flags)
    if argument in _SKIP_VALUE:
        return 2
    if argument in _FORCED_INCLUDES:
        flags.notes.append(f"forced include ({argument}) is not supported; ignored")
        return 2
    if argument.startswith("-x"):
        value, used = _value(argument, "-x", following)
        flags.language = _LANGUAGES.get(value or "", flags.language)
        return used
    for option in _INCLUDE_OPTIONS:
        if argument.startswith(option):
            value, used = _value(argument, option, following)
            _add_include(value, directory, flags)
            return used
    if argument.startswith(("-D", "-U")):
        value, used = _value(argument, argument[:2], following)
        _add_macro(value, argument[1] == "U", False, flags)
        return used
    return 1


def _parse_msvc(option: str, following: str | None, directory: Path, flags: _Flags) -> int:
    if option.lower() == "link":
        return 0
    if option.startswith("FI"):
        flags.notes.append("forced include (/FI) is not supported; ignored")
        return 2 if option == "FI" else 1
    if option in _MSVC_LANGUAGES:
        flags.language = _MSVC_LANGUAGES[option]
        return 1
    for name in _MSVC_INCLUDE_OPTIONS:
        if option.startswith(name):
            value, used = _value(option, name, following)
            _add_include(value, directory, flags)
            return used
    if option[:1] in ("D", "U"):
        value, used = _value(option, option[0], following)
        if used == 1 and "/" in (value or "").partition("=")[0]:
            return 1  # a path such as /Users/me/a.c given to clang-cl, not /U or /D
        _add_macro(value, option[0] == "U", True, flags)
        return used
    return 1


def _value(argument: str, option: str, following: str | None) -> tuple[str | None, int]:
    """The value of `option` attached (`-Idir`, `--x=dir`) or as the next argument."""
    attached = argument[len(option) :]
    if attached:
        return attached, 1
    return following, 2


def _add_include(value: str | None, directory: Path, flags: _Flags) -> None:
    if not value:
        return
    found = find_path(directory / windows_path(value))
    if found is None or not found.is_dir():
        flags.notes.append(f"include directory {value} not found; ignored")
    elif found not in flags.include_dirs:
        flags.include_dirs.append(found)


def _add_macro(value: str | None, undefine: bool, msvc: bool, flags: _Flags) -> None:
    if value is None:
        return
    op = parse_undefine(value) if undefine else parse_define(value, msvc=msvc)
    if op is None:
        flags.notes.append(f"-{'U' if undefine else 'D'} {value} is not a macro name; ignored")
    else:
        flags.macro_ops.append(op)


def _note(sink: DiagnosticSink, display: str, noted: set[str], message: str) -> None:
    if message not in noted:
        noted.add(message)
        sink.note(message, display)


def _report_missing(missing: list[str], display: str, sink: DiagnosticSink) -> None:
    for name in missing[:_MISSING_REPORTED]:
        sink.warn(f"{name}: listed but not found; skipped", display)
    if len(missing) > _MISSING_REPORTED:
        sink.warn(
            f"{len(missing) - _MISSING_REPORTED} more listed files not found; skipped", display
        )
