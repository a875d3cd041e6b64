"""read_text: encodings, line ends, and every way a file can be unfit to read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.inputs.sources import display_path, format_size, read_text


def messages(sink: DiagnosticSink) -> list[str]:
    return [item.render() for item in sink.items]


# (file bytes, expected text, expected warning fragment or None)
DECODING = [
    pytest.param(b"int a;\n", "int a;\n", None, id="utf8"),
    pytest.param(codecs.BOM_UTF8 + b"int \xc3\xa9;\n", "int \u00e9;\n", None, id="utf8-bom"),
    pytest.param(
        codecs.BOM_UTF16_LE + "int \u00e9;\r\n".encode("utf-16-le"),
        "int \u00e9;\n",
        None,
        id="utf16-le-bom",
    ),
    pytest.param(codecs.BOM_UTF16_BE + "x;\n".encode("utf-16-be"), "x;\n", None, id="utf16-be-bom"),
    pytest.param(
        b"/* caf\xe9 */\n", "/* caf\u00e9 */\n", "not UTF-8; decoded as Windows-1252", id="cp1252"
    ),
    pytest.param(
        b"/* \x81 */\n", "/* \ufffd */\n", "undecodable bytes replaced", id="not-even-cp1252"
    ),
    pytest.param(
        codecs.BOM_UTF16_LE + b"x\x00\x00", "x\ufffd", "bad bytes replaced", id="broken-utf16"
    ),
    pytest.param(b"a\r\nb\rc\n", "a\nb\nc\n", None, id="crlf-and-lone-cr"),
]


@pytest.mark.parametrize(("data", "text", "warning"), DECODING)
def test_decoding(tmp_path: Path, data: bytes, text: str, warning: str | None) -> None:
    path = tmp_path / "a.c"
    path.write_bytes(data)
    sink = DiagnosticSink()
    assert read_text(path, sink, display="a.c") == text
    if warning is None:
        assert sink.items == []
    else:
        assert len(sink.items) == 1 and warning in sink.items[0].message
        assert sink.items[0].file == "a.c"


def test_crlf_normalisation_keeps_line_count(tmp_path: Path) -> None:
    original = "".join(f"line {n}\r\n" for n in range(50)) + "a\rb\r\n"
    path = tmp_path / "crlf.c"
    path.write_bytes(original.encode())
    text = read_text(path, DiagnosticSink())
    assert text is not None and "\r" not in text
    assert text.splitlines() == original.splitlines()


# (setup: writes or not the file and returns its path, max_bytes, expected warning)
def _binary(tmp: Path) -> Path:
    (tmp / "blob.c").write_bytes(b"MZ\x90\x00\x03" + b"\x00" * 64)
    return tmp / "blob.c"


def _large(tmp: Path) -> Path:
    (tmp / "big.c").write_text("x" * 200)
    return tmp / "big.c"


def _directory(tmp: Path) -> Path:
    (tmp / "dir.c").mkdir()
    return tmp / "dir.c"


def _vanished(tmp: Path) -> Path:
    return tmp / "gone.c"


UNREADABLE = [
    pytest.param(_binary, 1000, "binary file", id="binary"),
    pytest.param(_large, 100, "skipped: 200 bytes exceeds the 100 bytes limit", id="too-large"),
    pytest.param(_directory, 1000, "is a directory", id="directory"),
    pytest.param(_vanished, 1000, "cannot read the file", id="vanished"),
]


@pytest.mark.parametrize(("setup", "max_bytes", "warning"), UNREADABLE)
def test_unreadable_is_skipped_with_warning(
    tmp_path: Path, setup: object, max_bytes: int, warning: str
) -> None:
    assert callable(setup)
    path = setup(tmp_path)
    sink = DiagnosticSink()
    assert read_text(path, sink, display="x.c", max_bytes=max_bytes) is None
    assert len(sink.items) == 1
    assert warning in messages(sink)[0] and messages(sink)[0].startswith("x.c: warning:")


def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.c"
    path.write_text("int a;")
    path.chmod(0)
    try:
        if path.open("rb"):  # running as root: permissions do not apply
            pytest.skip("permissions are not enforced for this user")
    except PermissionError:
        pass
    sink = DiagnosticSink()
    assert read_text(path, sink) is None
    assert "cannot read the file" in sink.items[0].message


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (100, "100 bytes"),
        (3 * 1024, "3 KB"),
        (16 * 1024 * 1024, "16 MB"),
        (int(20.5 * 1024 * 1024), "20.5 MB"),
    ],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


def test_default_limit_message_names_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.c"
    path.write_bytes(b"x" * (2 * 1024 * 1024))
    sink = DiagnosticSink()
    assert read_text(path, sink, max_bytes=1024 * 1024) is None
    assert sink.items[0].message == "skipped: 2 MB exceeds the 1 MB limit"


@pytest.mark.parametrize(
    ("path", "cwd", "shown"),
    [
        ("/w/src/a.c", "/w", "src/a.c"),
        ("/w/a.c", "/w", "a.c"),
        ("/other/a.c", "/w", "/other/a.c"),
        ("/w", "/w", "."),
    ],
)
def test_display_path(path: str, cwd: str, shown: str) -> None:
    assert display_path(Path(path), Path(cwd)) == shown
