"""Visual Studio solutions (`.sln`): the projects a solution lists, as data.

A solution is a text file: `Project("{type}") = "name", "path", "{guid}"` entries
(solution folders among them), its configurations (`Release|x64 = Release|x64`) and,
per project, the project configuration each solution configuration builds
(`{guid}.Release|x64.ActiveCfg = Win8.1 Release|x64`, `.Build.0` when it is built).
`plan_solution` turns that into the driver projects to analyse, for the chosen solution
configuration; every other entry is skipped with a note saying why.

Invariants: nothing in the solution or its projects is executed, and the environment is
not read. The plan lists projects in the solution's order. A file that is not a readable
solution raises `InputError`; a project that is missing or unreadable is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs.sources import display_path, read_text
from ddiverify.inputs.vcxproj import ProjectConfiguration, choose_configuration, load_vcxproj

SOLUTION_FOLDER = "{2150E333-8FDC-42A3-9474-1A3956D46DE8}"
_HEADER = "Microsoft Visual Studio Solution File"
_PROJECT = re.compile(
    r'^\s*Project\("(?P<type>[^"]*)"\)\s*=\s*"(?P<name>[^"]*)"\s*,\s*'
    r'"(?P<path>[^"]*)"\s*,\s*"(?P<guid>[^"]*)"'
)
_SECTION = re.compile(r"^\s*GlobalSection\((?P<name>\w+)\)")
_PAIR = re.compile(r"^\s*(?P<key>[^=]+?)\s*=\s*(?P<value>.*?)\s*$")
# `{guid}.Release|x64.ActiveCfg`: the solution configuration holds dots (`Win8.1`), so the
# guid and the last word are what anchor it.
_PROJECT_CFG = re.compile(
    r"^(?P<guid>\{[^}]+\})\.(?P<label>.+)\.(?P<what>ActiveCfg|Build\.0)$", re.IGNORECASE
)
# ConfigurationType values of projects that are not drivers (what they build).
_NOT_DRIVERS = {
    "application": "an application",
    "dynamiclibrary": "a DLL",
    "staticlibrary": "a static library",
    "utility": "a utility project",
}


@dataclass(frozen=True, slots=True)
class SolutionProject:
    """One `Project(...)` entry of a solution, as written."""

    name: str
    written: str  # the path as the solution gives it (relative, with `\`)
    path: Path  # resolved against the solution's folder
    type_guid: str
    guid: str

    @property
    def is_folder(self) -> bool:
        return self.type_guid.upper() == SOLUTION_FOLDER


@dataclass(frozen=True, slots=True)
class Solution:
    path: Path
    projects: tuple[SolutionProject, ...]
    configurations: tuple[ProjectConfiguration, ...]
    # (project guid, solution configuration label), upper case -> (project label, built)
    mapping: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlannedProject:
    """A driver project to analyse: its build description and the configuration to use."""

    name: str
    target: Path  # the .vcxproj, or the WDK sources file of a Makefile one
    display: str
    configuration: str | None
    platform: str | None


@dataclass(frozen=True, slots=True)
class SolutionPlan:
    configuration: str  # the solution configuration analysed
    projects: tuple[PlannedProject, ...]
    skipped: tuple[tuple[str, str], ...]  # (project name, why), for the report


def is_solution(path: Path) -> bool:
    return path.suffix.lower() == ".sln"


def parse_solution(path: Path, display: str, sink: DiagnosticSink) -> Solution:
    """The projects and configurations `path` lists; `InputError` if it is no solution."""
    read = DiagnosticSink()
    text = read_text(path, read, display)
    if text is None:
        reason = read.items[-1].message if read.items else "cannot be read"
        raise InputError(f"{display}: not a Visual Studio solution ({reason})")
    sink.extend(read)
    if _HEADER not in text[:2048]:
        raise InputError(
            f"{display}: not a Visual Studio solution (no '{_HEADER}' "
            f"header); give a .sln saved by Visual Studio"
        )
    projects: list[SolutionProject] = []
    configurations: list[ProjectConfiguration] = []
    mapping: dict[tuple[str, str], tuple[str, bool]] = {}
    section: str | None = None
    for line in text.split("\n"):
        match = _PROJECT.match(line)
        if match is not None:
            projects.append(_project(match, path.parent))
            continue
        opened = _SECTION.match(line)
        if opened is not None:
            section = opened.group("name")
            continue
        if line.strip() == "EndGlobalSection":
            section = None
            continue
        pair = _PAIR.match(line) if section is not None else None
        if pair is None:
            continue
        key, value = pair.group("key").strip(), pair.group("value")
        if section == "SolutionConfigurationPlatforms":
            configuration, _, platform = key.partition("|")
            entry = ProjectConfiguration(configuration.strip(), platform.strip())
            if entry.configuration and entry.platform and entry not in configurations:
                configurations.append(entry)
        elif section == "ProjectConfigurationPlatforms":
            _map_project_configuration(key, value, mapping)
    return Solution(path, tuple(projects), tuple(configurations), mapping)


def _project(match: re.Match[str], base: Path) -> SolutionProject:
    written = match.group("path")
    relative = Path(*PureWindowsPath(written).parts) if written else Path()
    return SolutionProject(
        match.group("name"),
        written,
        (base / relative).resolve(),
        match.group("type"),
        match.group("guid"),
    )


def _map_project_configuration(
    key: str, value: str, mapping: dict[tuple[str, str], tuple[str, bool]]
) -> None:
    match = _PROJECT_CFG.match(key)
    if match is None:
        return
    slot = (match.group("guid").upper(), match.group("label").strip().upper())
    label, built = mapping.get(slot, (value.strip(), False))
    if match.group("what").lower() == "activecfg":
        label = value.strip()
    else:
        built = True
    mapping[slot] = (label, built)


def plan_solution(
    solution: Solution,
    display: str,
    *,
    configuration: str | None,
    platform: str | None,
    project: str | None,
    sink: DiagnosticSink,
) -> SolutionPlan:
    """The driver projects of `solution` for the chosen solution configuration.

    `project` picks one project by name (any C/C++ project, driver or not); a name the
    solution does not list raises `InputError` listing the choices."""
    chosen = choose_configuration(
        list(solution.configurations), configuration, platform, display, owner="solution"
    )
    entries = [p for p in solution.projects if not p.is_folder]
    if project is not None:
        entries = [_named(entries, project, display)]
    planned: list[PlannedProject] = []
    skipped: list[tuple[str, str]] = []
    for entry in entries:
        result = _plan_project(
            solution,
            entry,
            chosen,
            configuration,
            platform,
            sink,
            chosen_by_name=project is not None,
        )
        if isinstance(result, PlannedProject):
            planned.append(result)
        else:
            skipped.append((entry.name, result))
            sink.note(f"project {entry.name} skipped: {result}", display)
    return SolutionPlan(chosen.label, tuple(planned), tuple(skipped))


def _named(entries: list[SolutionProject], name: str, display: str) -> SolutionProject:
    found = [p for p in entries if p.name.lower() == name.strip().lower()]
    if found:
        return found[0]
    names = ", ".join(p.name for p in entries) or "none"
    raise InputError(
        f"{display}: no project named '{name}' in the solution; its projects: "
        f"{names} (choose with --project)"
    )


def _plan_project(
    solution: Solution,
    entry: SolutionProject,
    chosen: ProjectConfiguration,
    configuration: str | None,
    platform: str | None,
    sink: DiagnosticSink,
    *,
    chosen_by_name: bool,
) -> PlannedProject | str:
    """The project to analyse, or why it is not analysed."""
    if entry.path.suffix.lower() != ".vcxproj":
        kind = entry.path.suffix or "no file name extension"
        return f"not a C/C++ project ({kind})"
    display = display_path(entry.path)
    if not entry.path.is_file():
        sink.warn(
            f"project {entry.name}: {entry.written} not found; skipped", display_path(solution.path)
        )
        return f"its project file {entry.written} is missing"
    mapped = solution.mapping.get((entry.guid.upper(), chosen.label.upper()))
    if mapped is not None:
        label, built = mapped
        if not built and not chosen_by_name:
            return f"not built in the solution configuration {chosen.label}"
        configuration, _, platform = label.partition("|")
        configuration, platform = configuration.strip(), platform.strip() or None
    # The project's type decides whether it is a driver; read it quietly (the real load,
    # with its warnings, is the analysis's).
    try:
        project = load_vcxproj(
            entry.path,
            display,
            configuration=configuration,
            platform=platform,
            sink=DiagnosticSink(),
            solution_dir=solution.path.parent,
        )
    except InputError as error:
        sink.warn(f"project {entry.name} skipped: {error}", display_path(solution.path))
        return "its project file cannot be read"
    kind = (project.configuration_type or "").lower()
    if kind in _NOT_DRIVERS and not chosen_by_name:
        return (
            f"not a driver ({_NOT_DRIVERS[kind]}: ConfigurationType {project.configuration_type})"
        )
    if not project.units and kind != "makefile" and not chosen_by_name:
        return "no C/C++ sources in it"
    # A Makefile project (one that runs build.exe) is read through the WDK sources file
    # beside it when it is analysed (`collect`).
    return PlannedProject(
        entry.name,
        entry.path,
        display,
        project.configuration.configuration,
        project.configuration.platform,
    )
