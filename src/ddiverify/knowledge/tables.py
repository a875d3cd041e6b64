"""Tables of facts about WDK routines, one row per routine (`knowledge/<name>.tsv`).

A table is tab-separated text: `#` comment lines (where the facts come from), a header
row naming the columns (the first is `ddi`), then one row per routine. Rules select
routines from a table by a column's value (`list L = table "ddi-irql" where max_irql ==
APC_LEVEL;`), so the engine never learns what a column means.

Invariants: a table is checked entirely when it loads, and a malformed one is a
`TableError` naming the file and row, never a partial table; `ddi-irql`'s levels are
checked against the IRQL names, and a row whose levels are both blank (the page gives no
level) is left out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

IRQL_LEVELS = ("PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL", "DIRQL", "HIGH_LEVEL", "ANY")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TABLE_NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


class TableError(ValueError):
    """A knowledge table that cannot be read: the file, the row (1-based line) and why."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Table:
    """A knowledge table: its columns and its rows (each a routine's values, by column)."""

    name: str
    file: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def routines_where(self, column: str, value: str) -> tuple[str, ...]:
        """The routines whose `column` holds `value`, in the table's order."""
        k = self.columns.index(column)
        return tuple(r[0] for r in self.rows if r[k] == value)

    def values_of(self, column: str) -> frozenset[str]:
        k = self.columns.index(column)
        return frozenset(r[k] for r in self.rows)


def parse_table(text: str, name: str, file: str) -> Table:
    """The table in `text` (shown as `file` in errors); raises TableError."""
    columns: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = tuple(c.strip() for c in raw.split("\t"))
        if not columns:
            if cells[0] != "ddi" or len(set(cells)) != len(cells) or not all(cells):
                raise TableError(
                    file, number, "the header must name distinct columns, the first being `ddi`"
                )
            columns = cells
            continue
        if len(cells) != len(columns):
            raise TableError(
                file,
                number,
                f"{len(cells)} columns where the header has "
                f"{len(columns)} (columns are separated by tabs)",
            )
        if not _NAME_RE.match(cells[0]):
            raise TableError(file, number, f"{cells[0]!r} is not a routine name")
        if cells[0] in seen:
            raise TableError(file, number, f"{cells[0]} has a row already (line {seen[cells[0]]})")
        seen[cells[0]] = number
        row = _checked_row(name, columns, cells, file, number)
        if row is not None:
            rows.append(row)
    if not columns:
        raise TableError(file, 1, "no header row")
    return Table(name, file, columns, tuple(rows))


def _checked_row(
    name: str, columns: tuple[str, ...], cells: tuple[str, ...], file: str, number: int
) -> tuple[str, ...] | None:
    """A row as the table keeps it (None: left out); the IRQL table's levels checked."""
    if name != "ddi-irql":
        return cells
    values = dict(zip(columns, cells))
    low, high = values.get("min_irql", ""), values.get("max_irql", "")
    if not low and not high:
        return None
    for column, level in (("min_irql", low), ("max_irql", high)):
        if level not in IRQL_LEVELS:
            raise TableError(
                file,
                number,
                f"{column} of {cells[0]} is {level or 'blank'}; "
                f"expected one of {', '.join(IRQL_LEVELS)}",
            )
    if low == "ANY" or (high != "ANY" and IRQL_LEVELS.index(low) > IRQL_LEVELS.index(high)):
        raise TableError(file, number, f"{cells[0]}: min_irql {low} is above max_irql {high}")
    return cells


@functools.cache
def knowledge_table(name: str) -> Table:
    """The shipped table `knowledge/<name>.tsv`; raises TableError (also when there is no
    such table)."""
    file = f"knowledge/{name}.tsv"
    if not _TABLE_NAME_RE.match(name):
        raise TableError(file, 1, f"{name!r} is not a table name (lower case, digits, '-')")
    node = resources.files("ddiverify.knowledge").joinpath(f"{name}.tsv")
    if not node.is_file():
        raise TableError(file, 1, f"there is no knowledge table {name!r}")
    try:
        text = node.read_text("utf-8")
    except UnicodeDecodeError:
        raise TableError(file, 1, "the table is not UTF-8 text") from None
    return parse_table(text, name, file)
