"""docs/rules/ is generated from the rule files and must match them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddiverify.cli.main import main
from ddiverify.report.ruledoc import rule_markdown
from ddiverify.rules.catalog import load_catalog

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


@pytest.mark.parametrize("rule", load_catalog().rules, ids=lambda r: r.name)
def test_rule_page_is_current(rule) -> None:  # type: ignore[no-untyped-def]
    page = DOCS / f"{rule.name}.md"
    assert page.read_text("utf-8") == rule_markdown(rule, load_catalog()), (
        f"{page} is stale: run `python -m ddiverify.report.ruledoc docs/rules`"
    )


def test_explain_prints_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "zwregistryopen"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ZwRegistryOpen")
    assert "Why it matters" in out and "VirtualStorport" in out


def test_explain_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "NoSuchRule"]) == 2
    assert "unknown rule" in capsys.readouterr().err
