"""Driver-function events and queries (`on call function`, `on exit function`,
`annotated`, `annotation`, `in_section`, their `applicable` forms) and the rule sets."""

from __future__ import annotations

import pytest

from ddiverify.rules.ast import EventKind, Query, RAnnotation, REnvQuery, RIf
from ddiverify.rules.catalog import DEFAULT_SETS, load_catalog, resolve_rules
from ddiverify.rules.parser import RuleFileError
from ddiverify.rules.validate import parse_file

RULE = """
rule Fn {
  version 2; sets Test; applies any; summary "s"; description "d"; semantics "s";
  applicable annotated(_IRQL_requires_max_), in_section("PAGE");
  on call function {
    if (annotated(_IRQL_requires_max_) && irql > annotation(_IRQL_requires_max_)) {
      report "{call} at {irql}";
    }
  }
  on exit function {
    if (in_section("PAGE") && irql != call_irql && result == 0) {
      report "{call} returns at {irql}, called at {call_irql}";
    }
  }
}
"""


def test_function_events_and_queries_parse() -> None:
    rules, _ = parse_file(RULE, "t.rule")
    rule = rules[0]
    assert rule.applicable_functions == (("annotated", "_IRQL_requires_max_"), ("section", "PAGE"))
    assert [h.event for h in rule.handlers] == [EventKind.FUNCTION_CALL, EventKind.FUNCTION_EXIT]
    assert rule.watches_functions() and rule.reads_pointers()
    first = rule.handlers[0].body[0]
    assert isinstance(first, RIf)
    assert isinstance(first.cond, type(first.cond))
    parts = first.cond.operands  # type: ignore[union-attr]
    assert isinstance(parts[0], REnvQuery) and parts[0].query is Query.ANNOTATED
    assert parts[0].text == "_IRQL_requires_max_"
    assert isinstance(parts[1].right, RAnnotation)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("annotation(_IRQL_requires_max_)", "annotation(3)"), "annotation\\(NAME\\) takes"),
        (('in_section("PAGE") &&', "in_section(PAGE) &&"), 'in_section\\("PREFIX"\\) takes'),
        (("annotated(_IRQL_requires_max_) &&", "annotated() &&"), "annotated\\(NAME\\) takes"),
        (("irql != call_irql", "irql != caller_irql"), "unknown name `caller_irql`"),
        (("version 2;", "version 1;"), "need version 2"),
    ],
)
def test_function_event_mistakes_are_load_errors(change: tuple[str, str], words: str) -> None:
    with pytest.raises(RuleFileError, match=words):
        parse_file(RULE.replace(*change), "t.rule")


def test_call_irql_is_known_only_at_a_function_exit() -> None:
    text = RULE.replace('report "{call} at {irql}";', "if (call_irql == 0) { halt; }")
    with pytest.raises(RuleFileError, match="unknown name `call_irql`"):
        parse_file(text, "t.rule")


def test_the_rule_sets() -> None:
    catalog = load_catalog()
    sets = catalog.sets()
    default = resolve_rules("Default", catalog)
    assert len(default) == 42
    assert {r for r in default if catalog.rule(r).sets[0] not in DEFAULT_SETS} == set()  # type: ignore[union-attr]
    assert sets["Warning"] == ("PagedCode", "StorPortStatusPending")
    assert {
        "DdiIrql",
        "IrqlAnnotations",
        "PagedSectionIrql",
        "StorPortAdapterControl",
        "StorPortNotification",
    } <= set(sets["Extended"])
    recommended = resolve_rules("Recommended", catalog)
    assert len(recommended) == 42 + 2 + len(sets["Extended"])
    assert set(recommended) == {r.name for r in catalog.rules}


MATCHES_RULE = """
rule Fmt {
  version 2; sets Test; applies any; summary "s"; description "d"; semantics "s";
  on call RtlStringCbPrintfA(_, _, format, ...) {
    if (matches(format, "%[0-9]*w?[sS]")) { report "{call}"; }
  }
}
"""


def test_matches_keeps_its_regular_expression() -> None:
    rules, _ = parse_file(MATCHES_RULE, "t.rule")
    cond = rules[0].handlers[0].body[0].cond  # type: ignore[union-attr]
    assert isinstance(cond, REnvQuery) and cond.query is Query.MATCHES
    assert cond.text == "%[0-9]*w?[sS]"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('"%[0-9]*w?[sS]"', '"%(w?[sS]"'), "not a regular expression"),
        (('matches(format, "%[0-9]*w?[sS]")', "matches(format)"), "takes a value and a string"),
        (
            ('matches(format, "%[0-9]*w?[sS]")', "matches(format, format)"),
            "takes a value and a string",
        ),
        (("version 2;", "version 1;"), "needs version 2"),
    ],
)
def test_matches_mistakes_are_load_errors(change: tuple[str, str], words: str) -> None:
    with pytest.raises(RuleFileError, match=words):
        parse_file(MATCHES_RULE.replace(*change), "t.rule")
