"""Translation units and their settings from a Visual Studio project (`.vcxproj`).

The project is parsed as data with defusedxml (no DTDs, no entities), its configuration
chosen, and evaluated with the property sheets it imports (`msbuild_eval`).

Invariants: the result depends only on the project file, the files it imports, the
files beside it and the chosen configuration (no environment). A file that is not a
readable, well-formed, safe MSBuild project raises `InputError` with one line; a sheet
that is not is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink, InputError
from ddiverify.inputs.candidates import UnitCandidate
from ddiverify.inputs.msbuild import Properties
from ddiverify.inputs.msbuild_eval import ProjectEvaluation
from ddiverify.inputs.msbuild_xml import Element, children, local_name, parse_project

_PLATFORM_ALIASES = {"x86": "win32", "win32": "win32", "amd64": "x64"}
_VERSION = re.compile(r"\d+(?:\.\d+)*")


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
    sheets: tuple[Path, ...] = ()
    configuration_type: str | None = None  # Driver, Application, StaticLibrary, Makefile...


def load_vcxproj(
    path: Path,
    display: str,
    *,
    configuration: str | None,
    platform: str | None,
    sink: DiagnosticSink,
    solution_dir: Path | None = None,
) -> Project:
    """Parse and evaluate `path` for the requested (or default) configuration;
    `solution_dir` is `$(SolutionDir)` when a solution names the project."""
    root = parse_project(path, display)
    chosen = choose_configuration(_configurations(root), configuration, platform, display)
    evaluation = ProjectEvaluation(
        path, display, sink, _global_properties(path, chosen, solution_dir)
    )
    evaluation.run(root)
    kind = evaluation.properties.get("ConfigurationType")
    return Project(
        path,
        tuple(evaluation.units),
        chosen,
        tuple(evaluation.sheets),
        kind.strip() if kind else None,
    )


# --- configuration ----------------------------------------------------------------------


def _configurations(root: Element) -> list[ProjectConfiguration]:
    found: list[ProjectConfiguration] = []
    for group in children(root, "ItemGroup"):
        for item in children(group, "ProjectConfiguration"):
            label = item.get("Include", "")
            configuration, _, platform = label.partition("|")
            for child in children(item):
                if local_name(child.tag) == "Configuration" and child.text:
                    configuration = child.text.strip()
                if local_name(child.tag) == "Platform" and child.text:
                    platform = child.text.strip()
            entry = ProjectConfiguration(configuration.strip(), platform.strip())
            if entry.configuration and entry.platform and entry not in found:
                found.append(entry)
    return found


def choose_configuration(
    available: list[ProjectConfiguration],
    configuration: str | None,
    platform: str | None,
    display: str,
    *,
    owner: str = "project",
) -> ProjectConfiguration:
    """The requested configuration/platform, else the project's newest release one for
    x64 (`Win8.1 Release` before `Win7 Release`; `Release` itself first), else its first
    listed ones.

    A requested name matches a configuration of that name (ignoring case), else the one
    configuration whose name holds all its words (`Release` picks `Win8.1 Release` when
    no other release configuration exists). Raises `InputError` listing the choices when
    nothing or more than one configuration matches.
    """
    if not available:
        return ProjectConfiguration(configuration or "Release", platform or "x64")
    candidates = available
    if platform is not None:
        wanted = _platform_key(platform)
        candidates = [c for c in candidates if _platform_key(c.platform) == wanted]
    if configuration is not None and candidates:
        names = _matching_names(
            list(dict.fromkeys(c.configuration for c in candidates)), configuration
        )
        if len(names) > 1:
            raise InputError(
                f"{display}: configuration '{configuration}' matches "
                f"{len(names)} in the {owner}: {', '.join(names)}; give one "
                f"of them with --configuration"
            )
        candidates = [c for c in candidates if c.configuration in names]
    if not candidates:
        requested = "|".join(part for part in (configuration, platform) if part is not None)
        choices = _choices(available)
        raise InputError(
            f"{display}: configuration '{requested}' is not in the {owner}; "
            f"available: {choices} (choose with --configuration/--platform)"
        )
    if configuration is None:
        name = newest_release([c.configuration for c in candidates])
        candidates = [c for c in candidates if c.configuration == name]
    if platform is None:
        return next((c for c in candidates if c.platform.lower() == "x64"), candidates[0])
    return candidates[0]


def _choices(available: list[ProjectConfiguration]) -> str:
    if len(available) <= 8:
        return ", ".join(c.label for c in available)
    names = ", ".join(dict.fromkeys(c.configuration for c in available))
    platforms = ", ".join(dict.fromkeys(c.platform for c in available))
    return f"configurations {names} for platforms {platforms}"


def newest_release(names: list[str]) -> str:
    """`Release` if listed, else the release configuration naming the newest Windows
    (`Win8.1 Release` over `Win7 Release`), else the first listed."""
    exact = next((n for n in names if n.lower() == "release"), None)
    if exact is not None:
        return exact
    releases = [n for n in names if "release" in n.lower()]
    if not releases:
        return names[0]
    return max(releases, key=lambda n: (_version_of(n), -releases.index(n)))


def _version_of(name: str) -> tuple[int, ...]:
    match = _VERSION.search(name)
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


def _matching_names(names: list[str], requested: str) -> list[str]:
    exact = [n for n in names if n.lower() == requested.strip().lower()]
    if exact:
        return exact[:1]
    words = _words(requested)
    return [n for n in names if words and all(any(w in part for part in _words(n)) for w in words)]


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[\s_|-]+", name.lower()) if w}


def _platform_key(platform: str) -> str:
    return _PLATFORM_ALIASES.get(platform.lower(), platform.lower())


def _global_properties(
    path: Path, chosen: ProjectConfiguration, solution_dir: Path | None = None
) -> Properties:
    directory = path.parent.as_posix().rstrip("/") + "/"
    # SolutionDir is only known when building a solution; without one, the usual layout
    # keeps the .sln in the project's folder or the one above it.
    has_solution = any(path.parent.glob("*.sln"))
    solution = directory if has_solution else path.parent.parent.as_posix().rstrip("/") + "/"
    if solution_dir is not None:
        solution = solution_dir.as_posix().rstrip("/") + "/"
    properties = Properties.with_globals(
        {
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
        }
    )
    properties.set("ProjectName", path.stem)
    properties.set("TargetName", path.stem)
    return properties
