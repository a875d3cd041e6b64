"""C++ jumps out of scopes: `break`, `continue` and `goto` destroy the objects of every
scope they leave, innermost first, before the jump ([stmt.jump]); the scopes they stay
in keep theirs. Each case lowers a small C++ function and lists, per source line, the
destructor calls made there.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.load import load_program
from ddiverify.inputs.collect import collect_inputs

CLASS = """
class Guard {
public:
    Guard(int n) { m = n; }
    ~Guard() { m = 0; }
    int m;
};
"""


def destructor_calls(tmp_path: Path, body: str) -> Counter[tuple[int, str]]:
    """(line in `body`, its `{` being line 1; call text) of every destructor call `Work`
    makes."""
    source = CLASS + "void Work(int n)\n" + body
    (tmp_path / "drv.cpp").write_text(source, encoding="utf-8")
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(tmp_path / "drv.cpp")], sink=sink), sink)
    offset = CLASS.count("\n") + 1
    work = program.functions["Work"]
    assert not work.degraded
    return Counter(
        (c.loc.line - offset, c.text)
        for c in work.calls()
        if (c.callee_name or "").endswith("::~Guard")
    )


def test_break_and_continue_destroy_the_loop_body_objects(tmp_path: Path) -> None:
    calls = destructor_calls(
        tmp_path,
        """{
    Guard outer(0);
    for (int i = 0; i < n; i++) {
        Guard a(1);
        if (i == 1) {
            Guard b(2);
            break;
        }
        if (i == 2)
            continue;
    }
}
""",
    )
    # `b`'s scope ends where no path goes (every path through it breaks): no call there.
    assert calls == Counter(
        {
            (7, "Guard::~Guard(&b) on break"): 1,
            (7, "Guard::~Guard(&a) on break"): 1,
            (10, "Guard::~Guard(&a) on continue"): 1,
            (11, "Guard::~Guard(&a) at the end of its scope"): 1,
            (12, "Guard::~Guard(&outer) at the end of its scope"): 1,
        }
    )


def test_break_out_of_a_switch_destroys_its_case_objects(tmp_path: Path) -> None:
    calls = destructor_calls(
        tmp_path,
        """{
    while (n) {
        switch (n) {
        case 1: {
            Guard c(3);
            break;
        }
        default:
            break;
        }
        break;
    }
}
""",
    )
    assert calls == Counter({(6, "Guard::~Guard(&c) on break"): 1})


def test_goto_destroys_only_the_scopes_it_leaves(tmp_path: Path) -> None:
    calls = destructor_calls(
        tmp_path,
        """{
    Guard top(0);
    {
        Guard mid(1);
        {
            Guard low(2);
            if (n == 1)
                goto inside;
            if (n == 2)
                goto out;
        }
inside:
        n++;
    }
out:
    return;
}
""",
    )
    assert calls == Counter(
        {
            (8, "Guard::~Guard(&low) on goto"): 1,
            (10, "Guard::~Guard(&low) on goto"): 1,
            (10, "Guard::~Guard(&mid) on goto"): 1,
            (11, "Guard::~Guard(&low) at the end of its scope"): 1,
            (14, "Guard::~Guard(&mid) at the end of its scope"): 1,
            (16, "Guard::~Guard(&top) on return"): 1,
        }
    )


def test_c_jumps_emit_nothing_extra(tmp_path: Path) -> None:
    calls = destructor_calls(
        tmp_path,
        """{
    int x = 0;
    while (n) { if (x) break; x++; continue; }
    goto end;
end:
    return;
}
""",
    )
    assert calls == Counter()
