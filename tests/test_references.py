"""The repository holds what it points to: every relative link of its Markdown files, and
every documentation file the code, tests, rules and data name (`harness.md`,
`docs/cli.md`), is a file of the repository."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_SKIP_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "__pycache__",
    ".ruff_cache",
    ".mypy_cache",
    ".pytest_cache",
    "build",
    "dist",
}
_CODE_SUFFIXES = {
    ".py",
    ".c",
    ".cpp",
    ".h",
    ".hpp",
    ".toml",
    ".rule",
    ".rulelib",
    ".ddi",
    ".lark",
    ".yml",
    ".yaml",
    ".sh",
    ".txt",
    ".html",
    ".js",
    ".css",
}
_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
# A documentation file named in code: a bare name (`harness.md`) or one under docs/.
_NAMED = re.compile(r"(?<![\w/.:-])((?:docs/)?[\w-]+(?:/[\w-]+)*\.md)\b")


def _files() -> Iterator[Path]:
    for path in sorted(REPO.rglob("*")):
        rel = path.relative_to(REPO)
        if (
            path.is_file()
            and not _SKIP_DIRS & set(rel.parts)
            and not rel.as_posix().startswith("src/ddiverify.egg-info")
        ):
            yield path


def _markdown() -> list[Path]:
    return [p for p in _files() if p.suffix == ".md"]


def _code() -> list[Path]:
    """Every file that may name a document, except this test (it names missing ones)."""
    return [
        p
        for p in _files()
        if (p.suffix in _CODE_SUFFIXES or p.name == "run") and p != Path(__file__).resolve()
    ]


def broken_links(md: Path, text: str) -> list[str]:
    """The relative links of a Markdown file whose target is not there."""
    out = []
    for match in _LINK.finditer(text):
        target = match.group(1).split("#", 1)[0]
        if not target or re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue
        if not (md.parent / target).exists():
            out.append(target)
    return out


def unknown_documents(path: Path, text: str) -> list[str]:
    """The documentation files `text` names that are neither beside `path`, at the top of
    the repository nor in docs/."""
    out = []
    for match in _NAMED.finditer(text):
        name = match.group(1)
        if "/" in name and not name.startswith("docs/"):
            continue  # a path of test data or of another project
        if not any(p.exists() for p in (REPO / name, REPO / "docs" / name, path.parent / name)):
            out.append(name)
    return out


@pytest.mark.parametrize("md", _markdown(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_markdown_links_resolve(md: Path) -> None:
    assert broken_links(md, md.read_text("utf-8", errors="replace")) == []


def test_the_code_names_only_documents_that_exist() -> None:
    found = {
        f"{p.relative_to(REPO).as_posix()}: {name}"
        for p in _code()
        for name in unknown_documents(p, p.read_text("utf-8", errors="replace"))
    }
    assert sorted(found) == []


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("see harness.md", ["harness.md"]),  # exists (docs/harness.md)
        ("see cli-contract.md and storport-rules.md", ["cli-contract.md", "storport-rules.md"]),
        ("see docs/nowhere.md", ["docs/nowhere.md"]),
        ("data: lib/readme.md", []),
        ("https://example.com/x/y.md", []),
    ],
)
def test_a_missing_document_is_found(text: str, missing: list[str]) -> None:
    expected = [m for m in missing if not (REPO / "docs" / m).exists()]
    assert unknown_documents(REPO / "src" / "x.py", text) == expected


def test_a_broken_link_is_found() -> None:
    md = REPO / "docs" / "x.md"
    assert broken_links(md, "[a](cli.md) [b](gone.md#x) [c](https://x/y.md) [d](#here)") == [
        "gone.md"
    ]
