"""What the preprocessor knows about MSVC and the WDK (data in knowledge/msvc.toml).

Invariants: loaded once per process and never mutated; every name the preprocessor
neutralises, every configuration default and every system header comes from the TOML
file, not from Python code. `classify` answers for code text only (never for #ifdef).
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import tomllib

# The shape of a modern SAL name: _Xxx_ ... _ (e.g. _In_reads_bytes_, _IRQL_requires_max_).
_SAL_SHAPE = re.compile(r"_[A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_\Z")


class Kind(enum.Enum):
    """How a name in code text is neutralised."""

    REMOVE = "remove"  # the name alone is blanked out
    REPLACE = "replace"  # the name is replaced by a fixed text
    ARGS = "args"  # the name and a following balanced (...) are blanked out
    STATEMENT = "statement"  # like ARGS, plus a following ';'
    SAL = "sal"  # like ARGS, unless the name never takes arguments


@dataclass(frozen=True, slots=True)
class Treatment:
    """The neutralisation of one name: its kind, replacement, and whether it is a fact."""

    kind: Kind
    replacement: str = ""
    takes_args: bool = True
    requires_args: bool = False
    is_fact: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Knowledge:
    """The MSVC/WDK knowledge the preprocessor consults (hashed by identity)."""

    config_defines: tuple[tuple[str, str], ...]
    code_defines: tuple[tuple[str, str], ...]  # expanded in code too ("offsetof(s, m)", ...)
    cplusplus_defines: tuple[tuple[str, str], ...]
    cplusplus_suffixes: frozenset[str]
    system_headers: frozenset[str]  # WDK, SDK and runtime headers: never read as such
    runtime_headers: frozenset[str]  # the C/C++ runtime ones, which a driver may shadow
    generated_suffixes: tuple[str, ...]
    explicit: Mapping[str, Treatment]
    explicit_names: frozenset[str]
    sal_prefixes: tuple[str, ...]
    sal_exact: frozenset[str]
    sal_no_args: frozenset[str]
    old_sal_prefixes: tuple[str, ...]
    old_sal_exact: frozenset[str]
    fact_re: re.Pattern[str]

    def is_system_header(self, name: str) -> bool:
        """True for a WDK/SDK/CRT header name as written in an #include (any case)."""
        return _header_in(name, self.system_headers)

    def is_runtime_header(self, name: str) -> bool:
        """True for a C/C++ runtime header name, which a driver's own file may shadow."""
        return _header_in(name, self.runtime_headers)

    def is_generated(self, name: str) -> bool:
        """True for a file only a WDK build step produces (e.g. WPP's *.tmh)."""
        return name.strip().lower().endswith(self.generated_suffixes)

    def classify(self, name: str) -> Treatment | None:
        """The treatment of identifier `name` in code text, or None to keep it."""
        return _classify(self, name)


def _header_in(name: str, headers: frozenset[str]) -> bool:
    norm = name.replace("\\", "/").strip().lower()
    return norm in headers or norm.rsplit("/", 1)[-1] in headers


def _is_sal(kb: Knowledge, name: str) -> bool:
    if name.startswith("__"):
        return name in kb.old_sal_exact or name.startswith(kb.old_sal_prefixes)
    if not _SAL_SHAPE.match(name):
        return False
    return name in kb.sal_exact or name.startswith(kb.sal_prefixes)


@functools.lru_cache(maxsize=8192)
def _classify(kb: Knowledge, name: str) -> Treatment | None:
    found = kb.explicit.get(name)
    if found is not None:
        return found
    if name[:1] != "_" or not _is_sal(kb, name):
        return None
    return Treatment(
        Kind.SAL, takes_args=name not in kb.sal_no_args, is_fact=kb.fact_re.match(name) is not None
    )


def _glob_re(patterns: list[str]) -> re.Pattern[str]:
    parts = [re.escape(p).replace(r"\*", r"\w*") for p in patterns]
    return re.compile("(?:" + "|".join(parts) + r")\Z" if parts else r"(?!)")


def _strs(table: Mapping[str, object], key: str) -> list[str]:
    value = table.get(key, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def _pairs(table: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        return ()
    return tuple((str(k), str(v)) for k, v in table.items())


def _explicit(
    neutral: Mapping[str, object], fact_re: re.Pattern[str], cplusplus: bool
) -> dict[str, Treatment]:
    args_table = neutral.get("args", {})
    args = args_table if isinstance(args_table, dict) else {}
    required = frozenset(_strs(args, "require_args"))
    out: dict[str, Treatment] = {}

    def put(name: str, kind: Kind, replacement: str = "") -> None:
        out[name] = Treatment(
            kind,
            replacement,
            takes_args=kind is not Kind.REMOVE,
            requires_args=name in required,
            is_fact=fact_re.match(name) is not None,
        )

    for name in _strs(neutral, "remove"):
        put(name, Kind.REMOVE)
    for name, text in _pairs(neutral.get("replace", {})):
        put(name, Kind.REPLACE, text)
    if not cplusplus:  # C++ has keywords of its own by these names (try, ...)
        for name, text in _pairs(neutral.get("replace_c", {})):
            put(name, Kind.REPLACE, text)
    for name in _strs(args, "names"):
        put(name, Kind.ARGS)
    for name in _strs(args, "statements"):
        put(name, Kind.STATEMENT)
    return out


def parse_knowledge(text: str, cplusplus: bool = False) -> Knowledge:
    """Build the knowledge from the TOML text (separate from loading, for tests).

    C and C++ units see different knowledge where MSVC treats the languages differently
    (`[neutralise.replace_c]` applies to C only).
    """
    data = tomllib.loads(text)
    config = data.get("configuration", {})
    headers = data.get("headers", {})
    sal = data.get("sal", {})
    facts = sal.get("facts", {})
    fact_re = _glob_re(_strs(facts, "patterns"))
    explicit = _explicit(data.get("neutralise", {}), fact_re, cplusplus)
    return Knowledge(
        config_defines=_pairs(config.get("defines", {})),
        code_defines=_pairs(config.get("code", {})),
        cplusplus_defines=_pairs(config.get("cplusplus", {})),
        cplusplus_suffixes=frozenset(s.lower() for s in _strs(config, "cplusplus_suffixes")),
        system_headers=frozenset(
            h.lower() for h in _strs(headers, "system") + _strs(headers, "runtime")
        ),
        runtime_headers=frozenset(h.lower() for h in _strs(headers, "runtime")),
        generated_suffixes=tuple(s.lower() for s in _strs(headers, "generated_suffixes")),
        explicit=explicit,
        explicit_names=frozenset(explicit),
        sal_prefixes=tuple(_strs(sal, "prefixes")),
        sal_exact=frozenset(_strs(sal, "exact")),
        sal_no_args=frozenset(_strs(sal, "no_args")),
        old_sal_prefixes=tuple(_strs(sal, "old_prefixes")),
        old_sal_exact=frozenset(_strs(sal, "old_exact")),
        fact_re=fact_re,
    )


@functools.cache
def msvc_knowledge(cplusplus: bool = False) -> Knowledge:
    """The knowledge shipped with ddiverify for C or C++ units (loaded once per process)."""
    text = resources.files("ddiverify.frontend").joinpath("knowledge/msvc.toml").read_text("utf-8")
    return parse_knowledge(text, cplusplus)
