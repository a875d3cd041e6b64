"""A readable text form of the IR, for documentation, debugging and tests."""

from __future__ import annotations

from ddiverify.ir.cfg import Assign, Assume, Branch, Call, Jump, Return, Stmt, Unsupported
from ddiverify.ir.program import Function


def stmt_text(s: Stmt) -> str:
    if isinstance(s, Assign):
        return f"{s.lhs} = {s.rhs}"
    if isinstance(s, Call):
        args = ", ".join(str(a) for a in s.args)
        call = f"call {s.callee}({args})"
        return f"{s.result} = {call}" if s.result is not None else call
    if isinstance(s, Assume):
        return f"assume {s.cond}"
    if isinstance(s, Unsupported):
        return f"unsupported: {s.reason}: {s.text}"
    raise TypeError(s)


def dump_function(fn: Function) -> str:
    params = ", ".join(p.name for p in fn.params)
    out = [f"function {fn.name}({params})  @ {fn.loc}"]
    for b in fn.blocks:
        out.append(f"  bb{b.id}:")
        for s in b.stmts:
            out.append(f"    {stmt_text(s):<60} ; line {s.loc.line}")
        t = b.term
        if isinstance(t, Jump):
            out.append(f"    goto bb{t.target}")
        elif isinstance(t, Branch):
            out.append(
                f"    if ({t.cond}) goto bb{t.if_true} else goto bb{t.if_false}"
                f"{'':<10} ; line {t.loc.line}"
            )
        elif isinstance(t, Return):
            value = f" {t.value}" if t.value is not None else ""
            out.append(f"    return{value}{'':<52} ; line {t.loc.line}")
    return "\n".join(out)
