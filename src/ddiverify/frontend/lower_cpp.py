"""What C++ adds to lowering: the classes a program defines, and the calls C++ makes
without writing them.

- A member function that is not static gets `this` as its first parameter; a name its
  body uses that is a member of its class is `this->name`; a call of a member function
  passes the object (`obj.F()` passes `&obj`, `p->F()` passes `p`, `F()` in a member
  passes `this`).
- A constructor is `C::C(this, args...)`, a destructor `C::~C(this)`: a local of a class
  type with a constructor is constructed where it is declared, and one with a
  destructor is destroyed at the end of its scope and on every `return` that leaves it
  (in reverse order of construction); a constructor runs its member initialisers and
  its members' constructors first, a destructor its members' destructors last.
- `new` is an allocation and `delete` a free: a call of the driver's own `operator new`
  / `operator delete` when it defines them, else of the pool routines kernel-mode C++
  gets its memory from (`ExAllocatePoolWithTag`, `ExFreePool`), so that rules on pool
  blocks see them; placement new allocates nothing. The object's constructor runs after
  the allocation and its destructor before the free.

Invariant: what cannot be known statically (an expression's class when no declaration
names it, an overload) is left as the C lowering has it, never guessed; calls this
module adds carry the source text of the construct that implies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter
from tree_sitter import Node

from ddiverify.frontend.parse import parser
from ddiverify.inputs.sources import Language

# The pool routine an allocation is taken from when the driver has no operator new.
POOL_ALLOCATE = "ExAllocatePoolWithTag"
POOL_FREE = "ExFreePool"
_NOTHROW = re.compile(r"^(std\s*::\s*)?nothrow$")
_POOL_ARGUMENT = re.compile(r"^(NonPagedPool\w*|PagedPool\w*|POOL_FLAG_\w+)")
_QUALIFIERS = re.compile(r"\b(const|volatile|struct|class|typename|mutable)\b")


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """A class (or struct) the driver defines: its data members in declaration order and
    the names of its static member functions."""

    name: str
    fields: tuple[tuple[str, str], ...]
    static_methods: frozenset[str]

    def field_type(self, member: str) -> str | None:
        return next((t for n, t in self.fields if n == member), None)

    def has_field(self, member: str) -> bool:
        return any(n == member for n, _ in self.fields)


def class_name_of(type_text: str) -> str:
    """`const ns::PoolBuffer &` -> `PoolBuffer`; `Buffer<T>` -> `Buffer`; pointers kept
    as a trailing `*` (so `Buffer *` -> `Buffer*`)."""
    text = _QUALIFIERS.sub(" ", type_text)
    text = re.sub(r"<.*>", "", text)
    stars = text.count("*")
    text = text.replace("*", " ").replace("&", " ").strip()
    words = text.split()
    base = words[-1].rsplit("::", 1)[-1] if words else ""
    return base + "*" * stars


def is_nothrow(text: str) -> bool:
    return bool(_NOTHROW.match(text.replace(" ", "")))


def is_pool_argument(text: str) -> bool:
    return bool(_POOL_ARGUMENT.match(text.strip()))


_CLASS_QUERY = """
(class_specifier name: (_) @name body: (field_declaration_list) @body)
(struct_specifier name: (_) @name body: (field_declaration_list) @body)
"""


def collect_classes(root: Node, classes: dict[str, ClassInfo]) -> None:
    """Every named class or struct of a C++ unit, by its unqualified name (the first
    definition of a name wins, as for functions)."""
    query = tree_sitter.Query(
        parser(Language.CPP).language,  # type: ignore[arg-type]
        _CLASS_QUERY,
    )
    for _, captures in tree_sitter.QueryCursor(query).matches(root):
        names, bodies = captures.get("name", []), captures.get("body", [])
        if not names or not bodies:
            continue
        name = _text(names[0]).rsplit("::", 1)[-1]
        if name in classes:
            continue
        fields: list[tuple[str, str]] = []
        statics: set[str] = set()
        for member in bodies[0].named_children:
            if member.type == "field_declaration":
                _member(member, fields, statics)
            elif member.type == "function_definition" and _has_static(member):
                declarator = member.child_by_field_name("declarator")
                inner = declarator.child_by_field_name("declarator") if declarator else None
                if inner is not None:
                    statics.add(_text(inner))
        classes[name] = ClassInfo(name, tuple(fields), frozenset(statics))


def _member(node: Node, fields: list[tuple[str, str]], statics: set[str]) -> None:
    type_node = node.child_by_field_name("type")
    base = _text(type_node) if type_node is not None else "?"
    static = _has_static(node)
    for declarator in node.children_by_field_name("declarator"):
        target: Node | None = declarator
        stars = ""
        while target is not None and target.type in (
            "pointer_declarator",
            "reference_declarator",
            "array_declarator",
        ):
            stars += "*" if target.type != "reference_declarator" else ""
            target = target.child_by_field_name("declarator") or (
                target.named_children[0] if target.named_children else None
            )
        if target is None:
            continue
        if target.type == "function_declarator":
            name_node = target.child_by_field_name("declarator")
            if static and name_node is not None:
                statics.add(_text(name_node))
            continue
        if target.type == "field_identifier" and static:
            statics.add(_text(target))  # `static HW_DPC_ROUTINE Cb;` declares a function
        elif target.type == "field_identifier":
            fields.append((_text(target), base + stars))


def _has_static(node: Node) -> bool:
    return any(c.type == "storage_class_specifier" and _text(c) == "static" for c in node.children)


def _text(node: Node) -> str:
    raw = node.text.decode("utf-8", "replace") if node.text is not None else ""
    return " ".join(raw.split())
