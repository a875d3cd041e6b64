"""tree-sitter parsing of preprocessed units. tree-sitter objects never leave `frontend`.

Invariant: one parser per language per process (parsers are not thread-safe but cheap
to reuse sequentially); C++ units use tree-sitter-cpp, everything else tree-sitter-c.
"""

from __future__ import annotations

import functools

import tree_sitter
import tree_sitter_c
import tree_sitter_cpp

from ddiverify.inputs.sources import Language


@functools.cache
def _language(lang: Language) -> tree_sitter.Language:
    if lang is Language.CPP:
        return tree_sitter.Language(tree_sitter_cpp.language())
    return tree_sitter.Language(tree_sitter_c.language())


@functools.cache
def parser(lang: Language) -> tree_sitter.Parser:
    return tree_sitter.Parser(_language(lang))


def parse(text: str, lang: Language) -> tree_sitter.Tree:
    return parser(lang).parse(text.encode("utf-8", "surrogatepass"))


def parse_expression(text: str) -> tree_sitter.Node | None:
    """Parse one C expression (used for the knowledge base's macro bodies)."""
    tree = parser(Language.C).parse(f"void __kb(void) {{ __kb_result = {text}; }}".encode())
    body = tree.root_node.named_children[0].child_by_field_name("body")
    if body is None or tree.root_node.has_error:
        return None
    stmt = body.named_children[0]
    assign = stmt.named_children[0]
    return assign.child_by_field_name("right")
