"""The parsed shipped rules are cached between runs, and a broken cache never matters."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddiverify.rules import catalog
from ddiverify.rules.cache import cached, shipped_digest


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> tuple[str, ...]:
        self.count += 1
        return ("built", str(self.count))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DDIVERIFY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DDIVERIFY_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_second_call_reads_the_cache(cache: Path) -> None:
    build = Builds()
    assert cached("t", build) == ("built", "1")
    assert cached("t", build) == ("built", "1")
    assert build.count == 1
    assert [p.name for p in cache.iterdir()] == [f"t-{shipped_digest()}.pickle"]


def test_corrupt_cache_is_rebuilt(cache: Path) -> None:
    build = Builds()
    cached("t", build)
    (cache / f"t-{shipped_digest()}.pickle").write_bytes(b"not a pickle")
    assert cached("t", build) == ("built", "2")
    assert cached("t", build) == ("built", "2")  # and the good value stored again


def test_unwritable_cache_falls_back_to_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("DDIVERIFY_CACHE_DIR", str(blocker / "cache"))
    build = Builds()
    assert cached("t", build) == ("built", "1")
    assert cached("t", build) == ("built", "2")


def test_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DDIVERIFY_NO_CACHE", "1")
    build = Builds()
    cached("t", build)
    cached("t", build)
    assert build.count == 2 and not cache.exists()


def test_cached_rules_are_the_parsed_rules(cache: Path) -> None:
    fresh = catalog._parse_shipped()
    assert cached("rules", catalog._parse_shipped) == fresh
    assert cached("rules", lambda: ((), ())) == fresh  # read back, not rebuilt
    assert len(fresh[0]) >= 40 and not fresh[1]


def test_the_key_follows_a_file_change(tmp_path: Path) -> None:
    from ddiverify.rules.cache import _stats

    (tmp_path / "a.rule").write_text("one")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_text("ignored")
    before = list(_stats(tmp_path))
    assert [name for name, _ in before] == ["a.rule"]
    (tmp_path / "a.rule").write_text("a longer text")
    assert list(_stats(tmp_path)) != before
