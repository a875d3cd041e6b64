"""Which functions' addresses the code reachable from some roots takes (`taken_from`).

Each case is a C file and roots; the expected set is exactly the functions a pointer call
reached from the roots may run when no other code has run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.load import load_program
from ddiverify.inputs.collect import collect_inputs
from ddiverify.ir.callgraph import function_pointers, taken_from

TABLE = """
typedef void DONE(void *);
struct cmd { DONE *Done; };
struct cmd Table[4];
void AdminDone(void *c) { }
void IoDone(void *c) { }
void NestedDone(void *c) { }
void Later(void *c) { Table[2].Done = NestedDone; }
void Complete(int i) { Table[i].Done(0); }
void Init(void) { Table[0].Done = AdminDone; Complete(0); }
void StartIo(void) { Table[1].Done = IoDone; }
void Chain(void) { Table[3].Done = Later; Complete(3); }
"""

CASES = {
    # Init stores only AdminDone; StartIo's IoDone is not taken by anything Init runs.
    "init_only": (TABLE, ["Init"], {"AdminDone"}),
    "with_request": (TABLE, ["Init", "StartIo"], {"AdminDone", "IoDone"}),
    # A function reached through a pointer takes more: the set grows to a fixpoint.
    "through_pointer": (TABLE, ["Chain"], {"Later", "NestedDone"}),
    # A global's initialiser has run before any code.
    "global_initialiser": (
        "typedef void HOOK(void);\nvoid F(void) { }\nHOOK *Hook = F;\nvoid G(void) { Hook(); }\n",
        ["G"],
        {"F"},
    ),
    # A pointer declared without a typedef is a variable too, not a prototype.
    "global_pointer_declarator": (
        "void F(void) { }\nvoid (*Hook)(void) = F;\nint (Proto)(int);\nvoid G(void) { Hook(); }\n",
        ["G"],
        {"F"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_taken_from(tmp_path: Path, name: str) -> None:
    text, roots, expected = CASES[name]
    path = tmp_path / f"{name}.c"
    path.write_text(text)
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(path)], sink=sink), sink)
    assert taken_from(program, function_pointers(program), roots) == expected


def test_function_pointer_variables_are_globals(tmp_path: Path) -> None:
    """`void (*Hook)(void)` and `int (*Tab[2])(int)` are variables; `int (Proto)(int)` and
    `PVOID *Make(void)` declare functions."""
    path = tmp_path / "decls.c"
    path.write_text(
        "void (*Hook)(void);\nint (*Tab[2])(int);\nint (Proto)(int);\nvoid *Make(void);\n"
    )
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(path)], sink=sink), sink)
    assert sorted(program.globals) == ["Hook", "Tab"]
    assert "[" in program.globals["Tab"].type_text
