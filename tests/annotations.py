"""Inline expectations in annotated C test drivers, parsed into a typed structure.

A test driver is C (or C++) source that says, in comments on the lines concerned, what
the tool must report about it. Any report the annotations do not predict is a failure,
and so is any annotation the report does not honour; known gaps are written down as
`todo-` annotations so that they are counted rather than hidden.

Annotations (each in a `//` comment, anywhere on a line, several per line allowed):

``// expect-entry: ROLE by=FOUND_BY [fn=NAME]``
    The function whose definition is on this line is an entry point with role ROLE,
    found by FOUND_BY (``role_type``, ``registration``, ``name`` or ``config``). The
    annotation sits on the line where the function's name appears in its declarator.
    Several roles for one function: ``ROLE by=X; ROLE2 by=Y``. The function name is
    read from the line (the first ``name(`` that is not a keyword or SAL annotation);
    ``fn=NAME`` overrides it where that reading is ambiguous.
``// expect-kind: physical|virtual|unknown``
    The driver's kind; exactly once per driver (unless it expects an error).
``// scan-args: -DUSE_MSI -I inc``
    Extra command-line arguments, split as a POSIX shell would; only in a file's
    first 20 lines, at most once per driver. A directory driver may instead give
    them in a ``scan-args.txt`` file.
``// expect-error: TEXT``
    The run must fail with exit status 2 and TEXT (case-insensitive) on stderr.
``// check-rules: A, B`` / ``// expect-status: A=defect, B=pass`` / ``// check-args: -DFOO``
    A rule driver's header: the rules to check (default: the folder's rule), the verdict
    expected per rule, and extra command-line arguments (split as a POSIX shell would).
    Given in any of the driver's files; rules and arguments add up, a later status for
    the same rule replaces an earlier one.
``// expect: RULE`` / ``// ok: RULE`` / ``// todo-expect: RULE`` / ``// todo-ok: RULE``
    A rule violation is (or is not) reported on this line; ``todo-`` marks a known
    miss or false alarm. Several rules separated by commas; a note may follow
    `` -- ``, and a note in double quotes (``// expect: RULE -- "called twice on"``) is
    a substring the defect's message must contain. An offset moves the target line:
    ``// expect@+1: RULE`` means the next line, ``@-2`` two lines up.

`rewrite_rule_marks` brings a file's rule marks in line with a report (the test suite's
``--update-annotations``), for review as a diff.

Drivers: a test driver is either one file ``<root>/<name>.c|.cpp`` or a directory
``<root>/<name>/`` whose every source file (``.c .cpp .h .hpp``, recursively) is read for
annotations. A directory holding a ``.vcxproj`` at its top level is scanned through that
project file instead of as a directory; else one holding a ``.sln``, a WDK ``dirs`` or a
``sources`` file, through that file. A solution's drivers are annotated each in its own
project's folder (the folder of its ``.vcxproj``, below the solution's), and a folder
none of whose files says ``expect-kind`` is a project expected to be skipped. Entries of
the root whose names start with
``_`` or ``.`` are not drivers (shared include folders and the like).

Invariants: every path in the result is POSIX-style and relative to the base directory
given to `load_driver` (the directory the tool runs in, so paths compare equal to the
tool's output); every line is 1-based and lies inside its file; a malformed annotation is
an `AnnotationError` naming file and line, never silently ignored.
"""

from __future__ import annotations

import enum
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ddiverify.knowledge.roles import all_roles

SOURCE_SUFFIXES = frozenset({".c", ".cpp", ".h", ".hpp"})
DRIVER_FILE_SUFFIXES = frozenset({".c", ".cpp"})
SCAN_ARGS_FILE = "scan-args.txt"
SCAN_ARGS_MAX_LINE = 20

FOUND_BY = frozenset({"role_type", "registration", "name", "config"})
KINDS = frozenset({"physical", "virtual", "unknown"})

# The roles the harness knows (knowledge/roles.toml), so a typo in a test fails at parse
# time, with its line, instead of as a confusing "missing entry point".
ROLES = all_roles()

_KEYS = (
    "expect-entry",
    "expect-kind",
    "expect-error",
    "expect-status",
    "check-rules",
    "check-args",
    "scan-args",
    "todo-expect",
    "todo-ok",
    "expect",
    "ok",
)
_ANNOTATION = re.compile(
    r"//\s*(?P<key>" + "|".join(re.escape(k) for k in _KEYS) + r")"
    r"(?:@(?P<offset>[+-]\d+))?\s*:(?P<value>.*?)(?=//|$)"
)
_RULE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_CALL_NAME = re.compile(r"(?P<name>~?[A-Za-z_]\w*(?:\s*::\s*~?[A-Za-z_]\w*)*)\s*\(")
_NOT_A_FUNCTION = frozenset(
    {
        "if",
        "while",
        "for",
        "switch",
        "return",
        "sizeof",
        "defined",
        "alignof",
        "decltype",
        "operator",
        "DECLSPEC_NOINLINE",
        "DECLSPEC_ALIGN",
        "FORCEINLINE",
    }
)


class AnnotationError(ValueError):
    """A malformed or contradictory annotation; the message starts with `file:line:`."""


class RuleMark(enum.Enum):
    """What a rule annotation claims about its line."""

    EXPECT = "expect"
    OK = "ok"
    TODO_EXPECT = "todo-expect"
    TODO_OK = "todo-ok"


@dataclass(frozen=True, slots=True)
class EntryExpectation:
    """One entry point the scan must report, exactly as the JSON output spells it."""

    role: str
    function: str
    file: str
    line: int
    found_by: str

    def key(self) -> tuple[str, str, str, int, str]:
        return (self.role, self.function, self.file, self.line, self.found_by)


@dataclass(frozen=True, slots=True)
class RuleExpectation:
    """A rule annotation: `line` is the target line (after the offset), `written_at`
    the line holding the comment (for error messages)."""

    mark: RuleMark
    rule: str
    file: str
    line: int
    written_at: int
    note: str = ""
    message: str | None = None  # a substring the defect's message must contain


@dataclass(frozen=True, slots=True)
class Located:
    """A driver-wide annotation value and where it was written."""

    value: str
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class FileAnnotations:
    """Everything annotated in one source file."""

    file: str
    entries: tuple[EntryExpectation, ...] = ()
    rules: tuple[RuleExpectation, ...] = ()
    kinds: tuple[Located, ...] = ()
    scan_args: tuple[Located, ...] = ()
    errors: tuple[Located, ...] = ()
    check_rules: tuple[Located, ...] = ()
    statuses: tuple[Located, ...] = ()
    check_args: tuple[Located, ...] = ()


@dataclass(frozen=True, slots=True)
class DriverAnnotations:
    """The expectations of one test driver and how to scan it.

    `target` is the path to give the tool (a file, a directory or a `.vcxproj`),
    relative to the base directory like every other path here.
    """

    name: str
    target: str
    files: tuple[str, ...]
    entries: tuple[EntryExpectation, ...]
    rules: tuple[RuleExpectation, ...]
    kind: str | None
    scan_args: tuple[str, ...]
    error: str | None
    projects: tuple[DriverAnnotations, ...] = ()  # a solution's drivers, each on its own
    check_rules: tuple[str, ...] = ()  # the header's rules, in order, once each
    statuses: Mapping[str, str] = field(default_factory=dict)  # rule -> expected verdict
    check_args: tuple[str, ...] = ()


def read_source(path: Path) -> str:
    """Source text with `\\n` line ends; undecodable bytes become U+FFFD.

    Drivers written on Windows are often cp1252; the annotations themselves are ASCII,
    so a lossy decode never changes what is parsed, only comment text nobody reads.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n")


def function_name_on_line(text: str) -> str | None:
    """The name of the function whose declarator is on this line of C, if one is.

    Skips keywords and SAL / declspec annotations (names starting with `_`), which
    also take parentheses: `_IRQL_requires_max_(DISPATCH_LEVEL) ULONG Foo(` is Foo.
    """
    code = text.split("//", 1)[0]
    for match in _CALL_NAME.finditer(code):
        name = re.sub(r"\s+", "", match.group("name"))
        last = name.rsplit("::", 1)[-1].lstrip("~")
        if name in _NOT_A_FUNCTION or last.startswith("_"):
            continue
        return name
    return None


def _iter_annotations(line_text: str) -> Iterator[tuple[str, int, str]]:
    for match in _ANNOTATION.finditer(line_text):
        offset = int(match.group("offset")) if match.group("offset") else 0
        yield match.group("key"), offset, match.group("value").strip()


def _parse_entries(value: str, file: str, line: int, code: str) -> list[EntryExpectation]:
    where = f"{file}:{line}"
    result: list[EntryExpectation] = []
    for item in (part.strip() for part in value.split(";")):
        if not item:
            continue
        words = item.split()
        role, options = words[0], dict(_split_option(w, where) for w in words[1:])
        if role not in ROLES:
            raise AnnotationError(f"{where}: unknown role {role!r}")
        unknown = set(options) - {"by", "fn"}
        if unknown:
            raise AnnotationError(f"{where}: unknown option(s) {sorted(unknown)} in {item!r}")
        found_by = options.get("by")
        if found_by not in FOUND_BY:
            raise AnnotationError(
                f"{where}: expect-entry needs by=one of {sorted(FOUND_BY)}, got {item!r}"
            )
        function = options.get("fn") or function_name_on_line(code)
        if function is None:
            raise AnnotationError(f"{where}: no function name on this line; add fn=NAME")
        result.append(EntryExpectation(role, function, file, line, found_by))
    if not result:
        raise AnnotationError(f"{where}: empty expect-entry")
    return result


def _split_option(word: str, where: str) -> tuple[str, str]:
    name, sep, value = word.partition("=")
    if not sep or not value:
        raise AnnotationError(f"{where}: expected NAME=VALUE, got {word!r}")
    return name, value


def _parse_rules(
    key: str, value: str, file: str, target: int, written_at: int
) -> list[RuleExpectation]:
    names, _, note = value.partition(" -- ")
    rules = [n.strip() for n in names.split(",") if n.strip()]
    if not rules:
        raise AnnotationError(f"{file}:{written_at}: {key} needs a rule name")
    for rule in rules:
        if not _RULE_NAME.match(rule):
            raise AnnotationError(f"{file}:{written_at}: not a rule name: {rule!r}")
    mark = RuleMark(key)
    note = note.strip()
    message = note[1:-1] if len(note) >= 2 and note[0] == note[-1] == '"' else None
    return [RuleExpectation(mark, r, file, target, written_at, note, message) for r in rules]


def _parse_statuses(value: str, file: str, line: int) -> Iterator[tuple[str, str]]:
    for item in value.split(","):
        rule, sep, status = item.strip().partition("=")
        if not sep or not rule.strip() or not status.strip():
            raise AnnotationError(f"{file}:{line}: expected RULE=STATUS, got {item.strip()!r}")
        yield rule.strip(), status.strip()


def parse_source(text: str, file: str) -> FileAnnotations:
    """Parse the annotations of one source file (`file` is the name used in results)."""
    lines = text.replace("\r\n", "\n").split("\n")
    entries: list[EntryExpectation] = []
    rules: list[RuleExpectation] = []
    kinds: list[Located] = []
    scan_args: list[Located] = []
    errors: list[Located] = []
    headers: dict[str, list[Located]] = {"check-rules": [], "expect-status": [], "check-args": []}
    for number, line_text in enumerate(lines, start=1):
        for key, offset, value in _iter_annotations(line_text):
            target = number + offset
            if not 1 <= target <= len(lines):
                raise AnnotationError(f"{file}:{number}: offset {offset:+d} leaves the file")
            if key == "expect-entry":
                entries.extend(_parse_entries(value, file, target, lines[target - 1]))
            elif key == "expect-kind":
                if value not in KINDS:
                    raise AnnotationError(f"{file}:{number}: kind must be one of {sorted(KINDS)}")
                kinds.append(Located(value, file, number))
            elif key == "scan-args":
                if number > SCAN_ARGS_MAX_LINE:
                    raise AnnotationError(
                        f"{file}:{number}: scan-args only in the first {SCAN_ARGS_MAX_LINE} lines"
                    )
                scan_args.append(Located(value, file, number))
            elif key == "expect-error":
                if not value:
                    raise AnnotationError(f"{file}:{number}: expect-error needs a text")
                errors.append(Located(value, file, number))
            elif key in headers:
                if key == "expect-status":
                    list(_parse_statuses(value, file, number))  # malformed: an error now
                headers[key].append(Located(value, file, number))
            else:
                rules.extend(_parse_rules(key, value, file, target, number))
    return FileAnnotations(
        file,
        tuple(entries),
        tuple(rules),
        tuple(kinds),
        tuple(scan_args),
        tuple(errors),
        tuple(headers["check-rules"]),
        tuple(headers["expect-status"]),
        tuple(headers["check-args"]),
    )


def _header(
    parsed: Iterable[FileAnnotations],
) -> tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]:
    """The rule header of a driver's files (rules, statuses, arguments), in file order."""
    files = list(parsed)
    rules = [
        r.strip() for f in files for v in f.check_rules for r in v.value.split(",") if r.strip()
    ]
    statuses = {
        rule: status
        for f in files
        for v in f.statuses
        for rule, status in _parse_statuses(v.value, v.file, v.line)
    }
    args = [a for f in files for v in f.check_args for a in shlex.split(v.value)]
    return tuple(dict.fromkeys(rules)), statuses, tuple(args)


def discover_drivers(root: Path) -> list[Path]:
    """The test drivers under `root`, in name order (see the module docstring)."""
    found = []
    for child in sorted(root.iterdir()):
        if child.name.startswith(("_", ".")):
            continue
        if child.is_dir() or child.suffix in DRIVER_FILE_SUFFIXES:
            found.append(child)
    return found


def _relative(path: Path, base: Path) -> str:
    return path.resolve().relative_to(base.resolve()).as_posix()


def _source_files(driver: Path) -> list[Path]:
    if driver.is_file():
        return [driver]
    return sorted(p for p in driver.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)


def _scan_target(driver: Path) -> Path:
    if driver.is_dir():
        projects = sorted(driver.glob("*.vcxproj"))
        if len(projects) > 1:
            raise AnnotationError(f"{driver}: more than one .vcxproj; keep one per driver")
        if projects:
            return projects[0]
        for pattern in ("*.sln", "dirs", "sources"):
            found = sorted(driver.glob(pattern))
            if found:
                return found[0]
    return driver


def _one(values: Iterable[Located], what: str) -> Located | None:
    found = list(values)
    if len(found) > 1:
        places = ", ".join(f"{v.file}:{v.line}" for v in found)
        raise AnnotationError(f"{what} given more than once ({places})")
    return found[0] if found else None


def load_driver(driver: Path, base: Path) -> DriverAnnotations:
    """Read every annotation of one test driver and check they make one consistent test."""
    target = _scan_target(driver)
    if target.suffix == ".sln":
        return _load_solution(driver, target, base)
    parsed = [parse_source(read_source(p), _relative(p, base)) for p in _source_files(driver)]
    arg_sources = [a for f in parsed for a in f.scan_args]
    args_file = driver / SCAN_ARGS_FILE if driver.is_dir() else None
    if args_file is not None and args_file.is_file():
        arg_sources.append(Located(read_source(args_file).strip(), _relative(args_file, base), 1))
    args = _one(arg_sources, "scan-args")
    kind = _one((k for f in parsed for k in f.kinds), "expect-kind")
    check_rules, statuses, check_args = _header(parsed)
    error = _one((e for f in parsed for e in f.errors), "expect-error")
    entries = tuple(e for f in parsed for e in f.entries)
    if error is None and kind is None:
        raise AnnotationError(f"{driver}: no expect-kind (and no expect-error) annotation")
    if error is not None and entries:
        raise AnnotationError(f"{error.file}:{error.line}: expect-error with expect-entry")
    keys = [e.key() for e in entries]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise AnnotationError(f"{driver}: entry point annotated twice: {sorted(duplicates)}")
    return DriverAnnotations(
        name=driver.stem if driver.is_file() else driver.name,
        target=_relative(target, base),
        files=tuple(f.file for f in parsed),
        entries=entries,
        rules=tuple(r for f in parsed for r in f.rules),
        kind=kind.value if kind else None,
        scan_args=tuple(shlex.split(args.value)) if args else (),
        error=error.value if error else None,
        check_rules=check_rules,
        statuses=statuses,
        check_args=check_args,
    )


def _load_solution(driver: Path, solution: Path, base: Path) -> DriverAnnotations:
    """A solution's test: the drivers annotated in its projects' folders, by folder."""
    projects = []
    for folder in sorted({p.parent for p in driver.rglob("*.vcxproj")}):
        files = _source_files(folder)
        if any(f.kinds for f in (parse_source(read_source(p), _relative(p, base)) for p in files)):
            projects.append(load_driver(folder, base))
    args_file = driver / SCAN_ARGS_FILE
    args = read_source(args_file).strip() if args_file.is_file() else ""
    return DriverAnnotations(
        name=driver.name,
        target=_relative(solution, base),
        files=tuple(f for p in projects for f in p.files),
        entries=(),
        rules=tuple(r for p in projects for r in p.rules),
        kind=None,
        scan_args=tuple(shlex.split(args)),
        error=None,
        projects=tuple(projects),
    )


_RULE_MARKS = frozenset(m.value for m in RuleMark)


def _rewritten_mark(
    key: str, offset: int, value: str, target: int, reported: Mapping[tuple[str, int], str]
) -> tuple[str | None, set[str]]:
    """One rule mark brought in line with the report: its new text ("" when nothing is
    left, None when it stays as written) and the rules it now covers on its line."""
    names, sep, note = value.partition(" -- ")
    groups: dict[str, list[str]] = {}
    for rule in (n.strip() for n in names.split(",") if n.strip()):
        found = (rule, target) in reported
        new = {
            "expect": "expect" if found else None,
            "ok": "expect" if found else "ok",
            "todo-expect": "expect" if found else "todo-expect",
            "todo-ok": "todo-ok" if found else "ok",
        }[key]
        if new is not None:
            groups.setdefault(new, []).append(rule)
    covered = {r for k, rules in groups.items() if k in ("expect", "todo-ok") for r in rules}
    if list(groups) == [key] and groups[key] == [n.strip() for n in names.split(",") if n.strip()]:
        return None, covered
    at = f"@{offset:+d}" if offset else ""
    tail = f" -- {note.strip()}" if sep else ""
    text = " ".join(f"// {k}{at}: {', '.join(rules)}{tail}" for k, rules in groups.items())
    return text, covered


def rewrite_rule_marks(text: str, reported: Mapping[tuple[str, int], str]) -> str:
    """`text` with its rule marks in line with `reported` ((rule, line) -> message, the
    defects the tool reported in this file): an `expect` nobody reported goes, an `ok` or
    `todo-expect` now reported becomes `expect`, a `todo-ok` no longer reported becomes
    `ok`, and each report no mark covers gets `// expect: RULE` at the end of its line.
    Lines are never added or removed, so every offset and line number stays valid."""
    lines = text.split("\n")
    covered: set[tuple[str, int]] = set()
    for index, line_text in enumerate(lines):
        pieces: list[str] = []
        end = 0
        for match in _ANNOTATION.finditer(line_text):
            key = match.group("key")
            if key not in _RULE_MARKS:
                continue
            offset = int(match.group("offset")) if match.group("offset") else 0
            value = match.group("value")
            new, rules = _rewritten_mark(key, offset, value.strip(), index + 1 + offset, reported)
            covered |= {(r, index + 1 + offset) for r in rules}
            if new is None:
                continue
            trailing = match.group(0)[len(match.group(0).rstrip()) :]
            pieces += [line_text[end : match.start()], new + trailing if new else ""]
            end = match.end()
        if pieces:
            lines[index] = ("".join(pieces) + line_text[end:]).rstrip()
    for rule, line in sorted(reported.keys() - covered, key=lambda k: (k[1], k[0])):
        lines[line - 1] = f"{lines[line - 1].rstrip()}  // expect: {rule}"
    return "\n".join(lines)
