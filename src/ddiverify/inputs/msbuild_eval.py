"""Evaluating a Visual Studio project with the property sheets it imports, for one
configuration, the way MSBuild does: properties (following `<Import>`s where they stand,
`Directory.Build.props` and `Directory.Build.targets` included), then
`ItemDefinitionGroup` metadata, then `ClCompile` items, honouring `Condition`s at every
level.

Invariants: every file is read as data (`msbuild_xml`), nothing is executed and the
environment is never read, so the result depends only on the files and the chosen
configuration. A sheet is imported at most once (a second import of it is ignored, as
MSBuild does), an import cycle or a chain deeper than `MAX_IMPORT_DEPTH` is cut with a
warning, and a missing or unreadable sheet is a warning naming it: the rest goes on.
Whatever cannot be evaluated is dropped or assumed with a note, never guessed silently.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs.candidates import UnitCandidate
from ddiverify.inputs.macros import MacroOp, parse_define, parse_undefine
from ddiverify.inputs.msbuild import (
    Properties,
    UnknownProperty,
    Unsupported,
    evaluate_condition,
    expand,
    split_list,
    substitute_metadata,
)
from ddiverify.inputs.msbuild_xml import Element, children, local_name, parse_project
from ddiverify.inputs.paths import find_path, glob_files, windows_path
from ddiverify.inputs.sources import Language, display_path, header_language, source_language

MAX_IMPORT_DEPTH = 32

# Properties the WDK and Visual Studio toolsets define in their imported .props files.
# Entries using them name SDK/WDK header folders or toolset files we never read, so
# they vanish quietly.
_TOOLSET_PROPERTY = re.compile(
    r".*(_INC_PATH|IncludePath|SdkDir|InstallDir|ContentRoot|KitsRoot\w*|Version\w*)$"
    r"|IntDir|OutDir|WindowsSDK\w*|WDK\w*|VC\w*|Universal\w*|NETFX\w*|UserRootDir"
    r"|MSBuild\w*Path\w*|MSBuildExtensionsPath\w*|LocalAppData|AppData|UserProfile",
    re.IGNORECASE,
)
# The toolset files that import Directory.Build.props / .targets in a real build.
_IMPORTS_DIRECTORY_PROPS = frozenset({"microsoft.cpp.default.props", "microsoft.common.props"})
_IMPORTS_DIRECTORY_TARGETS = frozenset({"microsoft.cpp.targets", "microsoft.common.targets"})
# What the WDK toolset derives from the project's TargetVersion, so that a sheet's
# `_NT_TARGET_VERSION=$(WIN32_WINNT_VERSION)` sees the target the project names.
_WDK_TARGET_VERSIONS = {
    "win7": "0x0601",
    "win8": "0x0602",
    "windowsv6.3": "0x0603",
    "win8.1": "0x0603",
    "windows10": "0x0A00",
}
_COMPILE_AS = {"compileasc": Language.C, "compileascpp": Language.CPP}


@dataclass(frozen=True, slots=True)
class _Document:
    """One MSBuild file being evaluated: the project or a sheet it imports."""

    root: Element
    path: Path
    display: str


@dataclass(slots=True)
class ProjectEvaluation:
    """The evaluation of one project; `run` fills `units` and `sheets`."""

    project: Path
    display: str
    sink: DiagnosticSink
    properties: Properties
    definitions: dict[str, str] = field(default_factory=dict)
    units: list[UnitCandidate] = field(default_factory=list)
    sheets: list[Path] = field(default_factory=list)
    _segments: list[tuple[Element, _Document]] = field(default_factory=list)
    _imported: set[Path] = field(default_factory=set)
    _stack: list[Path] = field(default_factory=list)
    _directory_props_done: bool = False
    _directory_targets_done: bool = False
    _noted: set[str] = field(default_factory=set)

    @property
    def directory(self) -> Path:
        return self.project.parent

    def run(self, root: Element) -> None:
        document = _Document(root, self.project, self.display)
        self._imported.add(self.project.resolve())
        names = {
            _import_file_name(i.get("Project", ""))
            for i in root.iter()
            if isinstance(i.tag, str) and local_name(i.tag) == "Import"
        }
        if not names & _IMPORTS_DIRECTORY_PROPS:
            self._directory_file("Directory.Build.props", document)
        self._stack.append(self.project.resolve())
        self._properties(document)
        self._stack.pop()
        if not names & _IMPORTS_DIRECTORY_TARGETS:
            self._directory_file("Directory.Build.targets", document)
        self._toolset_defaults()
        # MSBuild's own order: all properties, then item definitions, then items.
        for element, doc in self._segments:
            if local_name(element.tag) == "ItemDefinitionGroup" and self._holds(element):
                self._this_file(doc.path)
                for definition in self._active(element, "ClCompile"):
                    self.definitions = self._metadata(definition, self.definitions)
        for element, doc in self._segments:
            if local_name(element.tag) == "ItemGroup" and self._holds(element):
                self._this_file(doc.path)
                for item in self._active(element, "ClCompile"):
                    self._add_items(item)
        self._this_file(self.project)

    def note(self, message: str, where: str | None = None) -> None:
        if message not in self._noted:
            self._noted.add(message)
            self.sink.note(message, where or self.display)

    # -- pass 1: properties and imports --------------------------------------------

    def _properties(self, doc: _Document) -> None:
        self._this_file(doc.path)
        for child in children(doc.root):
            self._property_pass(child, doc)

    def _property_pass(self, child: Element, doc: _Document) -> None:
        name = local_name(child.tag)
        if name == "Import":
            if self._holds(child, doc.path.parent):
                self._import(child, doc)
        elif name == "ImportGroup":
            if self._holds(child, doc.path.parent):
                for element in children(child, "Import"):
                    if self._holds(element, doc.path.parent):
                        self._import(element, doc)
        elif name == "PropertyGroup":
            if self._holds(child):
                for prop in self._active(child):
                    self._set_property(prop)
        elif name == "Choose":
            branch = self._chosen_branch(child)
            if branch is not None:
                for inner in children(branch):
                    self._property_pass(inner, doc)
        elif name in ("ItemDefinitionGroup", "ItemGroup"):
            self._segments.append((child, doc))

    def _import(self, element: Element, doc: _Document) -> None:
        written = element.get("Project", "")
        if element.get("Sdk") is not None or not written.strip():
            return  # an SDK's own files: toolset, not the driver's
        file_name = _import_file_name(written)
        if file_name in _IMPORTS_DIRECTORY_PROPS:
            self._directory_file("Directory.Build.props", doc)
        if file_name in _IMPORTS_DIRECTORY_TARGETS:
            self._directory_file("Directory.Build.targets", doc)
        try:
            text = expand(written, self.properties)
        except UnknownProperty as error:
            if not _TOOLSET_PROPERTY.fullmatch(error.name):
                self.note(
                    f"property sheet '{written}' not read: $({error.name}) is not "
                    f"defined in the project",
                    doc.display,
                )
            return
        except Unsupported:
            self.note(f"property sheet '{written}' not read: expression not supported", doc.display)
            return
        pattern = windows_path(text)
        base = doc.path.parent
        if any(char in pattern for char in "*?"):
            for match in glob_files(base, pattern, lambda m: self.sink.warn(m, doc.display)):
                self._import_file(match.resolve(), doc)
            return
        found = find_path(base / pattern)
        if found is None or not found.is_file():
            self.sink.warn(
                f"property sheet '{text.strip()}' not found; the project is read without it",
                doc.display,
            )
            return
        self._import_file(found, doc)

    def _directory_file(self, name: str, doc: _Document) -> None:
        """`Directory.Build.props`/`.targets`: the first one in the project's folder or
        above it, imported once, unless the project turns it off as MSBuild allows."""
        props = name.endswith(".props")
        if self._directory_props_done if props else self._directory_targets_done:
            return
        if props:
            self._directory_props_done = True
        else:
            self._directory_targets_done = True
        switch = "ImportDirectoryBuildProps" if props else "ImportDirectoryBuildTargets"
        if (self.properties.get(switch) or "").strip().lower() == "false":
            return
        found = _file_above(self.directory, name)
        if found is not None:
            self._import_file(found, doc)

    def _import_file(self, path: Path, importer: _Document) -> None:
        key = path.resolve()
        display = display_path(key)
        if key in self._stack:
            self.sink.warn(
                f"property sheet {display} imports itself (through "
                f"{importer.display}); the cycle is cut there",
                importer.display,
            )
            return
        if key in self._imported:
            return  # MSBuild ignores a second import of the same file too
        if len(self._stack) > MAX_IMPORT_DEPTH:
            self.sink.warn(
                f"property sheets nested more than {MAX_IMPORT_DEPTH} deep; {display} not read",
                importer.display,
            )
            return
        self._imported.add(key)
        try:
            root = parse_project(key, display, "property sheet")
        except InputError as error:
            message = str(error).removeprefix(f"{display}: ")
            self.sink.warn(f"{message}; the project is read without it", display)
            return
        self.sheets.append(key)
        self._stack.append(key)
        self._properties(_Document(root, key, display))
        self._stack.pop()
        self._this_file(importer.path)

    def _this_file(self, path: Path) -> None:
        """The properties MSBuild keeps for the file being evaluated."""
        directory = path.parent.as_posix().rstrip("/") + "/"
        for name, value in (
            ("MSBuildThisFile", path.name),
            ("MSBuildThisFileDirectory", directory),
            ("MSBuildThisFileName", path.stem),
            ("MSBuildThisFileExtension", path.suffix),
            ("MSBuildThisFileFullPath", path.as_posix()),
        ):
            self.properties.set_reserved(name, value)

    def _toolset_defaults(self) -> None:
        """The WDK's `WIN32_WINNT_VERSION` when the project names its TargetVersion
        (left undefined otherwise, so what uses it is dropped with a note)."""
        target = (self.properties.get("TargetVersion") or "").strip().lower()
        value = _WDK_TARGET_VERSIONS.get(target)
        if value is not None and self.properties.get("WIN32_WINNT_VERSION") is None:
            self.properties.set("WIN32_WINNT_VERSION", value)

    # -- conditions ----------------------------------------------------------------

    def _active(self, element: Element, name: str | None = None) -> Iterator[Element]:
        """Children whose Condition holds; `Choose`/`When`/`Otherwise` are flattened."""
        for child in children(element):
            if local_name(child.tag) == "Choose":
                branch = self._chosen_branch(child)
                if branch is not None:
                    yield from self._active(branch, name)
            elif (name is None or local_name(child.tag) == name) and self._holds(child):
                yield child

    def _chosen_branch(self, choose: Element) -> Element | None:
        for branch in children(choose):
            if local_name(branch.tag) == "When" and self._holds(branch):
                return branch
            if local_name(branch.tag) == "Otherwise":
                return branch
        return None

    def _holds(self, element: Element, base: Path | None = None) -> bool:
        """The element's Condition; `Exists` paths are relative to `base` (an import's
        own file) or else to the project."""
        condition = element.get("Condition")
        if condition is None:
            return True
        folder = base if base is not None else self.directory

        def exists(text: str) -> bool:
            return find_path(folder / windows_path(text)) is not None

        try:
            return evaluate_condition(condition, self.properties, exists)
        except Unsupported:
            self.note(f'condition "{condition.strip()}" not understood; assumed true')
            return True

    # -- properties and metadata ---------------------------------------------------

    def _set_property(self, element: Element) -> None:
        # Left undefined when it cannot be evaluated: any use of it is reported where it
        # matters.
        with contextlib.suppress(Unsupported):
            self.properties.set(
                local_name(element.tag), expand(element.text or "", self.properties).strip()
            )

    def _metadata(self, element: Element, inherited: dict[str, str]) -> dict[str, str]:
        """`inherited` overridden by the active metadata children of `element`."""
        result = dict(inherited)
        for child in self._active(element):
            name = local_name(child.tag).lower()
            result[name] = substitute_metadata(child.text or "", result)
        return result

    # -- pass 3: items -------------------------------------------------------------

    def _add_items(self, item: Element) -> None:
        metadata = self._metadata(item, self.definitions)
        if _is_true(self._expanded(metadata.get("excludedfrombuild", ""), "") or ""):
            return
        excluded = set(self._files(item.get("Exclude", ""), report_missing=False))
        for path in self._files(item.get("Include", ""), report_missing=True):
            if path not in excluded:
                self._add_unit(path, metadata)

    def _add_unit(self, path: Path, metadata: dict[str, str]) -> None:
        language = _COMPILE_AS.get(metadata.get("compileas", "").strip().lower())
        language = language or source_language(path) or header_language(path)
        if language is None:
            self.note(f"ClCompile item {path.name} is not a C/C++ source; skipped")
            return
        if metadata.get("forcedincludefiles", "").strip():
            self.note("ForcedIncludeFiles are not supported; ignored")
        ops = [
            op
            for entry in split_list(metadata.get("preprocessordefinitions", ""))
            if (op := self._macro(entry, undefine=False)) is not None
        ]
        ops += [
            op
            for entry in split_list(metadata.get("undefinepreprocessordefinitions", ""))
            if (op := self._macro(entry, undefine=True)) is not None
        ]
        dirs: list[Path] = []
        for entry in split_list(metadata.get("additionalincludedirectories", "")):
            found = self._include_dir(entry)
            if found is not None and found not in dirs:
                dirs.append(found)
        self.units.append(UnitCandidate(path, language, tuple(dirs), tuple(ops), True))

    def _expanded(self, entry: str, what: str) -> str | None:
        """`entry` with properties expanded; None (with a note) when that is not possible."""
        try:
            return expand(entry, self.properties)
        except UnknownProperty as error:
            # Toolset header folders vanish quietly; anything else is worth a note.
            quiet = what == "include directory" and _TOOLSET_PROPERTY.fullmatch(error.name)
            if what and not quiet:
                self.note(
                    f"{what} '{entry}' dropped: $({error.name}) is not defined in the project"
                )
            return None
        except Unsupported:
            if what:
                self.note(f"{what} '{entry}' dropped: expression not supported")
            return None

    def _files(self, include: str, *, report_missing: bool) -> Iterator[Path]:
        for entry in split_list(include):
            text = self._expanded(entry, "ClCompile item" if report_missing else "")
            if text is None:
                continue
            pattern = windows_path(text)
            if any(char in pattern for char in "*?"):
                matches = glob_files(
                    self.directory, pattern, lambda m: self.sink.warn(m, self.display)
                )
                yield from (match.resolve() for match in matches)
                continue
            found = find_path(self.directory / pattern)
            if found is not None:
                yield found
            elif report_missing:
                self.sink.warn(f"ClCompile item '{text}' not found; skipped", self.display)

    def _macro(self, entry: str, *, undefine: bool) -> MacroOp | None:
        what = "undefine" if undefine else "preprocessor definition"
        text = self._expanded(entry, what)
        if text is None or not text.strip():
            return None
        op = parse_undefine(text) if undefine else parse_define(text)
        if op is None:
            self.note(f"{what} '{text}' is not a macro name; ignored")
        return op

    def _include_dir(self, entry: str) -> Path | None:
        text = self._expanded(entry, "include directory")
        if text is None or not text.strip():
            return None
        found = find_path(self.directory / windows_path(text))
        if found is None or not found.is_dir():
            self.note(f"include directory '{text}' not found; ignored")
            return None
        return found


def _import_file_name(written: str) -> str:
    return written.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()


def _file_above(directory: Path, name: str) -> Path | None:
    """`name` in `directory` or the nearest folder above it (case-insensitively)."""
    for folder in (directory, *directory.parents):
        found = find_path(folder / name)
        if found is not None and found.is_file():
            return found
    return None


def _is_true(value: str) -> bool:
    return value.strip().lower() in ("true", "yes", "on")
