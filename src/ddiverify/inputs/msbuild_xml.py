"""Reading MSBuild files (projects and the property sheets they import) as data.

defusedxml parses them with DTDs, entities and external references refused. Invariant:
`parse_project` either returns the root `<Project>` element of the MSBuild namespace (or
of none) or raises `InputError` with one line naming the file and, where known, the line.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as StdElementTree
from collections.abc import Iterator
from pathlib import Path

# No stubs ship with defusedxml (types-defusedxml is optional): its API here is tiny.
import defusedxml  # type: ignore[import-untyped, unused-ignore]
import defusedxml.ElementTree as SafeElementTree  # type: ignore[import-untyped, unused-ignore]

from ddiverify.diagnostics import InputError

MSBUILD_NAMESPACE = "http://schemas.microsoft.com/developer/msbuild/2003"
MAX_PROJECT_BYTES = 16 * 1024 * 1024

Element = StdElementTree.Element


def parse_project(path: Path, display: str, what: str = "Visual Studio project") -> Element:
    """The root element of the MSBuild file `path`; `what` names it in errors."""
    try:
        if path.stat().st_size > MAX_PROJECT_BYTES:
            raise InputError(f"{display}: file larger than 16 MB; is it really a {what}?")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"{display}: cannot read the file ({error.strerror}); "
            f"check the path and its permissions"
        ) from None
    try:
        root: Element = SafeElementTree.fromstring(data, forbid_dtd=True)
    except StdElementTree.ParseError as error:
        line = error.position[0]
        message = re.sub(r": line \d+, column \d+$", "", str(error))
        raise InputError(_invalid(display, what, line, message)) from None
    except defusedxml.DefusedXmlException as error:
        raise InputError(
            _invalid(display, what, _forbidden_line(data), _forbidden(error))
        ) from None
    if local_name(root.tag) != "Project" or not in_msbuild_namespace(root.tag):
        raise InputError(
            f"{display}: not a valid {what} (the root element is "
            f"<{local_name(root.tag)}>, expected an MSBuild <Project>)"
        )
    return root


def _invalid(display: str, what: str, line: int, message: str) -> str:
    return f"{display}: not a valid {what} (XML error at line {line}: {message})"


def _forbidden(error: Exception) -> str:
    if isinstance(error, defusedxml.DTDForbidden):
        return "document type declarations (DTD) are not allowed"
    if isinstance(error, defusedxml.EntitiesForbidden):
        return "entity declarations are not allowed"
    if isinstance(error, defusedxml.ExternalReferenceForbidden):
        return "external references are not allowed"
    return "forbidden XML construct"


def _forbidden_line(data: bytes) -> int:
    """Line of the first DTD or entity declaration (defusedxml does not report one)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace")
    found = [index for index in (text.find("<!DOCTYPE"), text.find("<!ENTITY")) if index >= 0]
    return text.count("\n", 0, min(found)) + 1 if found else 1


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def in_msbuild_namespace(tag: str) -> bool:
    return not tag.startswith("{") or tag.startswith("{" + MSBUILD_NAMESPACE + "}")


def children(
    element: Element,
    name: str | None = None,
) -> Iterator[Element]:
    for child in element:
        if not isinstance(child.tag, str) or not in_msbuild_namespace(child.tag):
            continue  # comments, processing instructions, foreign namespaces
        if name is None or local_name(child.tag) == name:
            yield child
