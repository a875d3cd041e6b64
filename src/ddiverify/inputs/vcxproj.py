"""Translation units and their settings from a Visual Studio project (`.vcxproj`).

The project is parsed as data with defusedxml (no DTDs, no entities) and evaluated the
way MSBuild would for one configuration: properties first, then `ItemDefinitionGroup`
metadata, then `ClCompile` items, honouring `Condition` attributes at every level.

Invariants: the result depends only on the project file, the files beside it and the
chosen configuration (no environment, no imported `.props`). Whatever cannot be
evaluated is dropped or assumed with a note, never guessed silently. A file that is not
a readable, well-formed, safe MSBuild project raises `InputError` with one line.
"""

from __future__ import annotations

import codecs
import glob
import re
import xml.etree.ElementTree as StdElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# No stubs ship with defusedxml (types-defusedxml is optional): its API here is tiny.
import defusedxml  # type: ignore[import-untyped, unused-ignore]
import defusedxml.ElementTree as SafeElementTree  # type: ignore[import-untyped, unused-ignore]

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
from ddiverify.inputs.paths import find_path, windows_path
from ddiverify.inputs.sources import Language, header_language, source_language

MSBUILD_NAMESPACE = "http://schemas.microsoft.com/developer/msbuild/2003"
_MAX_PROJECT_BYTES = 16 * 1024 * 1024

# Properties the WDK and Visual Studio toolsets define in their imported .props files.
# Entries using them name SDK/WDK header folders we never read, so they vanish quietly.
_TOOLSET_PROPERTY = re.compile(
    r".*(_INC_PATH|IncludePath|SdkDir|InstallDir|ContentRoot|KitsRoot\w*|Version\w*)$"
    r"|IntDir|OutDir|WindowsSDK\w*|WDK\w*|VC\w*|Universal\w*|NETFX\w*",
    re.IGNORECASE,
)
_PLATFORM_ALIASES = {"x86": "win32", "win32": "win32", "amd64": "x64"}
_COMPILE_AS = {"compileasc": Language.C, "compileascpp": Language.CPP}


@dataclass(frozen=True, slots=True)
class ProjectConfiguration:
    configuration: str
    platform: str

    @property
    def label(self) -> str:
        return f"{self.configuration}|{self.platform}"


@dataclass(frozen=True, slots=True)
class Project:
    """The units of one project for its chosen configuration."""

    path: Path
    units: tuple[UnitCandidate, ...]
    configuration: ProjectConfiguration


def load_vcxproj(path: Path, display: str, *, configuration: str | None,
                 platform: str | None, sink: DiagnosticSink) -> Project:
    """Parse and evaluate `path` for the requested (or default) configuration."""
    root = _parse(path, display)
    chosen = choose_configuration(_configurations(root), configuration, platform, display)
    evaluation = _Evaluation(path.parent, display, sink, _global_properties(path, chosen))
    evaluation.run(root)
    return Project(path, tuple(evaluation.units), chosen)


# --- parsing ----------------------------------------------------------------------------

def _parse(path: Path, display: str) -> StdElementTree.Element:
    try:
        if path.stat().st_size > _MAX_PROJECT_BYTES:
            raise InputError(f"{display}: project file larger than 16 MB; is it really a "
                             f".vcxproj?")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{display}: cannot read the project ({error.strerror}); "
                         f"check the path and its permissions") from None
    try:
        root: StdElementTree.Element = SafeElementTree.fromstring(data, forbid_dtd=True)
    except StdElementTree.ParseError as error:
        line = error.position[0]
        message = re.sub(r": line \d+, column \d+$", "", str(error))
        raise InputError(_invalid(display, line, message)) from None
    except defusedxml.DefusedXmlException as error:
        raise InputError(_invalid(display, _forbidden_line(data), _forbidden(error))) from None
    if _local_name(root.tag) != "Project" or not _in_msbuild_namespace(root.tag):
        raise InputError(f"{display}: not a valid Visual Studio project (the root element is "
                         f"<{_local_name(root.tag)}>, expected an MSBuild <Project>)")
    return root


def _invalid(display: str, line: int, message: str) -> str:
    return f"{display}: not a valid Visual Studio project (XML error at line {line}: {message})"


def _forbidden(error: Exception) -> str:
    if isinstance(error, defusedxml.DTDForbidden):
        return "document type declarations (DTD) are not allowed"
    if isinstance(error, defusedxml.EntitiesForbidden):
        return "entity declarations are not allowed"
    if isinstance(error, defusedxml.ExternalReferenceForbidden):
        return "external references are not allowed"
    return "forbidden XML construct"


def _forbidden_line(data: bytes) -> int:
    """Line of the first DTD or entity declaration (defusedxml does not report one)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace")
    found = [index for index in (text.find("<!DOCTYPE"), text.find("<!ENTITY")) if index >= 0]
    return text.count("\n", 0, min(found)) + 1 if found else 1


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _in_msbuild_namespace(tag: str) -> bool:
    return not tag.startswith("{") or tag.startswith("{" + MSBUILD_NAMESPACE + "}")


def _children(element: StdElementTree.Element, name: str | None = None,
              ) -> Iterator[StdElementTree.Element]:
    for child in element:
        if not isinstance(child.tag, str) or not _in_msbuild_namespace(child.tag):
            continue  # comments, processing instructions, foreign namespaces
        if name is None or _local_name(child.tag) == name:
            yield child


# --- configuration ----------------------------------------------------------------------

def _configurations(root: StdElementTree.Element) -> list[ProjectConfiguration]:
    found: list[ProjectConfiguration] = []
    for group in _children(root, "ItemGroup"):
        for item in _children(group, "ProjectConfiguration"):
            label = item.get("Include", "")
            configuration, _, platform = label.partition("|")
            for child in _children(item):
                if _local_name(child.tag) == "Configuration" and child.text:
                    configuration = child.text.strip()
                if _local_name(child.tag) == "Platform" and child.text:
                    platform = child.text.strip()
            entry = ProjectConfiguration(configuration.strip(), platform.strip())
            if entry.configuration and entry.platform and entry not in found:
                found.append(entry)
    return found


def choose_configuration(available: list[ProjectConfiguration], configuration: str | None,
                         platform: str | None, display: str) -> ProjectConfiguration:
    """The requested configuration/platform, else `Release` and `x64` when the project has
    them, else its first listed ones. Raises `InputError` naming the available choices."""
    if not available:
        return ProjectConfiguration(configuration or "Release", platform or "x64")
    candidates = available
    if configuration is not None:
        candidates = [c for c in candidates if c.configuration.lower() == configuration.lower()]
    if platform is not None:
        wanted = _PLATFORM_ALIASES.get(platform.lower(), platform.lower())
        candidates = [c for c in candidates
                      if _PLATFORM_ALIASES.get(c.platform.lower(), c.platform.lower()) == wanted]
    if not candidates:
        requested = "|".join(part for part in (configuration, platform) if part is not None)
        choices = ", ".join(c.label for c in available)
        raise InputError(f"{display}: configuration '{requested}' is not in the project; "
                         f"available: {choices} (choose with --configuration/--platform)")
    if configuration is None:
        names = [c.configuration for c in candidates]
        name = next((n for n in names if n.lower() == "release"),
                    next((n for n in names if "release" in n.lower()), names[0]))
        candidates = [c for c in candidates if c.configuration == name]
    if platform is None:
        return next((c for c in candidates if c.platform.lower() == "x64"), candidates[0])
    return candidates[0]


def _global_properties(path: Path, chosen: ProjectConfiguration) -> Properties:
    directory = path.parent.as_posix().rstrip("/") + "/"
    # SolutionDir is only known when building a solution; the usual layout keeps the
    # .sln in the project's folder or the one above it.
    has_solution = any(path.parent.glob("*.sln"))
    solution = directory if has_solution else path.parent.parent.as_posix().rstrip("/") + "/"
    properties = Properties.with_globals({
        "Configuration": chosen.configuration,
        "Platform": chosen.platform,
        "ProjectDir": directory,
        "MSBuildProjectDirectory": directory.rstrip("/"),
        "MSBuildThisFileDirectory": directory,
        "MSBuildProjectFile": path.name,
        "MSBuildThisFile": path.name,
        "MSBuildProjectFullPath": path.as_posix(),
        "MSBuildProjectName": path.stem,
        "MSBuildThisFileName": path.stem,
        "MSBuildProjectExtension": path.suffix,
        "SolutionDir": solution,
    })
    properties.set("ProjectName", path.stem)
    properties.set("TargetName", path.stem)
    return properties


# --- evaluation -------------------------------------------------------------------------

@dataclass(slots=True)
class _Evaluation:
    directory: Path
    display: str
    sink: DiagnosticSink
    properties: Properties
    definitions: dict[str, str] = field(default_factory=dict)
    units: list[UnitCandidate] = field(default_factory=list)
    _noted: set[str] = field(default_factory=set)

    def run(self, root: StdElementTree.Element) -> None:
        # MSBuild's own order: all properties, then item definitions, then items.
        for element in self._active(root, "PropertyGroup"):
            for prop in self._active(element):
                self._set_property(prop)
        for element in self._active(root, "ItemDefinitionGroup"):
            for definition in self._active(element, "ClCompile"):
                self.definitions = self._metadata(definition, self.definitions)
        for element in self._active(root, "ItemGroup"):
            for item in self._active(element, "ClCompile"):
                self._add_items(item)

    def note(self, message: str) -> None:
        if message not in self._noted:
            self._noted.add(message)
            self.sink.note(message, self.display)

    def _active(self, element: StdElementTree.Element, name: str | None = None,
                ) -> Iterator[StdElementTree.Element]:
        """Children whose Condition holds; `Choose`/`When`/`Otherwise` are flattened."""
        for child in _children(element):
            if _local_name(child.tag) == "Choose":
                branch = self._chosen_branch(child)
                if branch is not None:
                    yield from self._active(branch, name)
            elif (name is None or _local_name(child.tag) == name) and self._holds(child):
                yield child

    def _chosen_branch(self, choose: StdElementTree.Element) -> StdElementTree.Element | None:
        for branch in _children(choose):
            if _local_name(branch.tag) == "When" and self._holds(branch):
                return branch
            if _local_name(branch.tag) == "Otherwise":
                return branch
        return None

    def _holds(self, element: StdElementTree.Element) -> bool:
        condition = element.get("Condition")
        if condition is None:
            return True
        try:
            return evaluate_condition(condition, self.properties, self._exists)
        except Unsupported:
            self.note(f'condition "{condition.strip()}" not understood; assumed true')
            return True

    def _exists(self, text: str) -> bool:
        return find_path(self.directory / windows_path(text)) is not None

    def _set_property(self, element: StdElementTree.Element) -> None:
        try:
            self.properties.set(_local_name(element.tag), expand(element.text or "",
                                                                 self.properties).strip())
        except Unsupported:
            pass  # left undefined: any use of it is reported where it matters

    def _metadata(self, element: StdElementTree.Element, inherited: dict[str, str],
                  ) -> dict[str, str]:
        """`inherited` overridden by the active metadata children of `element`."""
        result = dict(inherited)
        for child in self._active(element):
            name = _local_name(child.tag).lower()
            result[name] = substitute_metadata(child.text or "", result)
        return result

    def _add_items(self, item: StdElementTree.Element) -> None:
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
        ops = [op for entry in split_list(metadata.get("preprocessordefinitions", ""))
               if (op := self._macro(entry, undefine=False)) is not None]
        ops += [op for entry in split_list(metadata.get("undefinepreprocessordefinitions", ""))
                if (op := self._macro(entry, undefine=True)) is not None]
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
                self.note(f"{what} '{entry}' dropped: $({error.name}) is not defined "
                          f"in the project")
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
                matches = glob.glob(pattern, root_dir=self.directory, recursive=True)
                yield from ((self.directory / match).resolve() for match in sorted(matches)
                            if (self.directory / match).is_file())
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


def _is_true(value: str) -> bool:
    return value.strip().lower() in ("true", "yes", "on")
