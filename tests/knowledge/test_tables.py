"""Knowledge tables: the shipped IRQL table loads, a malformed table is an error naming
its file and row, and rules select routines from a table by a column's value."""

from __future__ import annotations

import pytest

from ddiverify.knowledge.tables import TableError, knowledge_table, parse_table
from ddiverify.rules.parser import RuleFileError
from ddiverify.rules.validate import parse_file

HEADER = "# from somewhere\nddi\tmin_irql\tmax_irql\tnote\n"


def test_the_irql_table_loads_and_skips_rows_without_levels() -> None:
    table = knowledge_table("ddi-irql")
    names = {r[0] for r in table.rows}
    assert "KeSetEvent" in names and "ZwClose" in names
    assert "StorPortInitialize" not in names  # its page gives no level
    assert len(table.rows) == len(names) > 500
    assert "ZwClose" in table.routines_where("max_irql", "PASSIVE_LEVEL")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            HEADER + "KeSetEvent\tPASSIVE_LEVEL\tDISPATCH_LEVEL\tn\n" + "Bad\tPASSIVE_LEVEL\n",
            4,
            "2 columns where the header has 4",
        ),
        (HEADER + "KeSetEvent\tPASSIVE_LEVEL\tDISPATH_LEVEL\tn\n", 3, "max_irql of KeSetEvent"),
        (HEADER + "KeSetEvent\tDISPATCH_LEVEL\tAPC_LEVEL\tn\n", 3, "above max_irql"),
        (HEADER + "Ke Set\tPASSIVE_LEVEL\tAPC_LEVEL\tn\n", 3, "not a routine name"),
        (
            HEADER + "KeA\tPASSIVE_LEVEL\tAPC_LEVEL\tn\nKeA\tPASSIVE_LEVEL\tAPC_LEVEL\tn\n",
            4,
            "has a row already (line 3)",
        ),
        ("# only a comment\n", 1, "no header row"),
        ("name\tmax\n", 1, "the first being `ddi`"),
    ],
)
def test_a_malformed_table_names_file_and_row(text: str, line: int, words: str) -> None:
    with pytest.raises(TableError) as e:
        parse_table(text, "ddi-irql", "knowledge/ddi-irql.tsv")
    assert e.value.line == line and words in str(e.value)
    assert str(e.value).startswith(f"knowledge/ddi-irql.tsv:{line}: ")


def test_blank_levels_are_left_out() -> None:
    table = parse_table(HEADER + "KdPrint\t\t\tnone\n", "ddi-irql", "t.tsv")
    assert table.rows == ()


RULE = """
list Mine = KeSetEvent;
list Owned = ZwClose, @Mine;
list Passive = table "ddi-irql" where max_irql == PASSIVE_LEVEL except @Owned, ZwOpenKey;
rule FromTable {
  version 2; sets Test; applies any; summary "s"; description "d"; semantics "s";
  on call @Passive(...) { if (irql > PASSIVE_LEVEL) { report "{call} at {irql}"; } }
}
"""


def test_a_list_selects_a_tables_rows_except_others() -> None:
    rules, _ = parse_file(RULE, "t.rule")
    watched = rules[0].monitored_calls()
    assert "ZwCreateFile" in watched
    assert not watched & {"ZwClose", "ZwOpenKey", "KeSetEvent"}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('"ddi-irql"', '"no-such"'), "there is no knowledge table 'no-such'"),
        (("where max_irql", "where top_irql"), "has no column 'top_irql'"),
        (("== PASSIVE_LEVEL", "== PASIVE_LEVEL"), "did you mean PASSIVE_LEVEL"),
        (("list Mine = KeSetEvent;\n", ""), "unknown DDI list @Mine"),
    ],
)
def test_table_list_mistakes_are_load_errors(change: tuple[str, str], words: str) -> None:
    with pytest.raises(RuleFileError, match=words):
        parse_file(RULE.replace(*change), "t.rule")
