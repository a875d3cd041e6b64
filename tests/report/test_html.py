"""`--format html`: a self-contained page whose every analysed string is escaped, and a
trace viewer that works in a real browser (headless Debian Chromium through Playwright).

The browser tests skip only when /usr/bin/chromium is absent; `.ci/run` installs it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ddiverify.cli.check import build_report
from ddiverify.cli.main import build_parser, main
from ddiverify.engine.trace import TraceStep
from ddiverify.report.html import TreeNode, render_html, state_parts, trace_tree
from ddiverify.report.model import Report

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/virtual_miniport"
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BAD = "<img src=x onerror=alert(1)>"

# A driver whose traced lines carry markup in comments and in a string literal that the
# trace repeats (the call to EvilLog), plus a suppression whose reason is markup.
EVIL_DRIVER = r"""
#include <storport.h>

typedef struct _EVIL_EXTENSION {
    KEVENT Ev;
    KEVENT Ev2;
} EVIL_EXTENSION, *PEVIL_EXTENSION;

VOID
EvilLog(PEVIL_EXTENSION Ext, PCSTR Text)
{
    UNREFERENCED_PARAMETER(Text);
    KeSetEvent(&Ext->Ev, IO_NO_INCREMENT, FALSE); /* </script><img src=x onerror=alert(1)> */
}

ULONG
EvilFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PEVIL_EXTENSION Ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    *Again = FALSE;
    KeInitializeEvent(&Ext->Ev, NotificationEvent, FALSE);
    KeInitializeEvent(&Ext->Ev2, NotificationEvent, FALSE);
    return SP_RETURN_FOUND;
}

BOOLEAN
EvilInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
EvilStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PEVIL_EXTENSION Ext = DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_IO_CONTROL) {
        KeSetEvent(&Ext->Ev2, IO_NO_INCREMENT, FALSE);
        // ddiverify: ignore[DoubleKeSetEvent] <b>waiter</b> </script><img src=x onerror=alert(1)>
        KeSetEvent(&Ext->Ev2, IO_NO_INCREMENT, FALSE);
    } else {
        EvilLog(Ext, "</script><img src=x onerror=alert(1)>"); // <!-- </script> -->
        KeSetEvent(&Ext->Ev, IO_NO_INCREMENT, FALSE); // <img src=x onerror=alert(1)> </script>
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, Ext, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(EVIL_EXTENSION);
    init.HwFindAdapter = EvilFindAdapter;
    init.HwInitialize = EvilInitialize;
    init.HwStartIo = EvilStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
"""


def _check_html(cwd: Path, out: Path, *args: str) -> str:
    with contextlib.chdir(cwd):
        code = main(["check", *args, "--format", "html", "-o", str(out)])
    assert code == 1
    return out.read_text("utf-8")


@pytest.fixture(scope="module")
def virtual_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "virtual.html"
    _check_html(REPO, out, EXAMPLE)
    return out


@pytest.fixture(scope="module")
def evil_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evil")
    (root / "evil.c").write_text(EVIL_DRIVER, "utf-8")
    out = root / "evil.html"
    _check_html(root, out, "evil.c", "--rules", "DoubleKeSetEvent")
    return out


class _Tags(HTMLParser):
    """The elements of a page, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    return p


def _trace_data(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="trace-data">(.*?)</script>', page)
    assert m is not None
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def _policy(page: str) -> str:
    metas = [
        a
        for t, a in _parse(page).tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(metas) == 1
    return str(metas[0]["content"])


# -- the page ------------------------------------------------------------------------------


def test_the_page_fetches_nothing(virtual_html: Path) -> None:
    page = virtual_html.read_text("utf-8")
    for ref in ("http://", "https://", "src=", "url(", "@import", "<link", "<img", "<iframe"):
        assert ref not in page, ref
    assert page.isascii()
    assert _policy(page).startswith("default-src 'none';")


def test_the_page_has_the_summary_table_and_both_defects(virtual_html: Path) -> None:
    page = virtual_html.read_text("utf-8")
    table = page[page.index('<table class="verdicts">') :]
    table = table[: table.index("</table>")]
    for rule, status in (
        ("DoubleKeSetEvent", "defect"),
        ("ZwRegistryOpen", "defect"),
        ("DoubleExFreePool", "pass"),
        ("StorPortVirtualDevice", "not_applicable"),
    ):
        assert re.search(rf'<span class="rule">{rule}</span>.*?badge {status}"', table), rule
    assert "the rule is for physical miniports; this one is virtual" in table
    assert "KeSetEvent called twice on &amp;Adapter-&gt;WorkEvent" in page
    assert "DriverEntry returns while a registry key handle is still open" in page
    tags = _parse(page).tags
    viewers = [a for t, a in tags if t == "section" and a.get("class") == "viewer"]
    assert [v["id"] for v in viewers] == ["d1", "d2"]
    assert "VIRTUAL_HW_FIND_ADAPTER" in page and "virtual miniport" in page
    data = _trace_data(page)
    assert [len(v["steps"]) for v in data["viewers"]] == [
        page.count('id="d1-s'),
        page.count('id="d2-s'),
    ]


def test_markup_in_the_driver_is_escaped_everywhere(evil_html: Path) -> None:
    page = evil_html.read_text("utf-8")
    parsed = _parse(page)
    assert BAD not in page and "<b>" not in page and "<!--" not in page
    assert page.count("</script>") == 2 == len(parsed.scripts)  # the page's own two
    assert {t for t, _ in parsed.tags} <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "h2",
        "h3",
        "p",
        "main",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "span",
        "div",
        "a",
        "section",
        "code",
        "kbd",
        "button",
        "ul",
        "li",
        "pre",
        "dl",
        "dt",
        "dd",
        "footer",
        "script",
    }
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    # the text is there, escaped: in the source pane, the trace tree and the data
    assert "/* &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; */" in page
    assert "EvilLog(Ext, &quot;&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;)" in page
    assert "&lt;b&gt;waiter&lt;/b&gt;" in page  # the suppression's reason
    texts = [s["t"] for v in _trace_data(page)["viewers"] for s in v["steps"]]
    assert 'EvilLog(Ext, "</script><img src=x onerror=alert(1)>")' in texts


def test_the_page_is_deterministic() -> None:
    def report() -> Report:
        args = build_parser().parse_args(["check", EXAMPLE, "--format", "html"])
        with contextlib.chdir(REPO):
            r = build_report(args, ["check", EXAMPLE, "--format", "html"])
        outcomes = tuple(
            dataclasses.replace(o, result=dataclasses.replace(o.result, seconds=0.0))
            for o in r.outcomes
        )
        return dataclasses.replace(r, outcomes=outcomes, stats={**r.stats, "seconds": 0.0})

    first = report()
    with contextlib.chdir(REPO):
        a, b, c = render_html(first), render_html(first), render_html(report())
    assert a == b == c


def test_large_files_are_shown_around_the_traced_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    import ddiverify.report.html as renderer

    args = build_parser().parse_args(["check", EXAMPLE, "--rules", "ZwRegistryOpen"])
    with contextlib.chdir(REPO):
        report = build_report(args, [])
        monkeypatch.setattr(renderer, "WHOLE_FILE_LINES", 50)
        page = render_html(report)
    data = _trace_data(page)["viewers"][0]
    for index, file in enumerate(data["files"]):
        size = len(report.sources.lines(file))
        traced = {st["l"] for st in data["steps"] if st["f"] == index}
        expected = {
            n
            for t in traced
            for n in range(t - renderer.CONTEXT_LINES, t + renderer.CONTEXT_LINES + 1)
            if 0 < n <= size
        }
        shown = {int(m) for m in re.findall(rf'id="d1-f{index}-(\d+)"', page)}
        assert shown == expected and len(shown) < size
    assert re.search(r'<span class="gap">lines \d+-\d+ not shown</span>', page)


def test_the_script_is_ascii_and_allowed_by_the_page_policy(virtual_html: Path) -> None:
    import base64
    import hashlib

    page = virtual_html.read_text("utf-8")
    script = _parse(page).scripts[-1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in _policy(page)


# -- the trace tree and the state ----------------------------------------------------------


def _s(kind: str, function: str, text: str = "") -> TraceStep:
    return TraceStep(kind, "d.c", 1, function, text or kind)


def _shape(nodes: tuple[TreeNode, ...]) -> list[object]:
    return [
        (n.step if n.step is not None else n.function, _shape(n.children)) if n.children else n.step
        for n in nodes
    ]


@pytest.mark.parametrize(
    ("steps", "shape"),
    [
        pytest.param(
            [_s("entry", "A"), _s("branch", "A"), _s("entry", "B")],
            [(0, [1]), 2],
            id="entry points at the top",
        ),
        pytest.param(
            [_s("entry", "A"), _s("call", "A", "H(x)"), _s("event", "H"), _s("branch", "A")],
            [(0, [(1, [2]), 3])],
            id="a call nests its steps, the return pops",
        ),
        pytest.param(
            [
                _s("entry", "A"),
                _s("call", "A", "H(x)"),
                _s("call", "H", "G()"),
                _s("event", "G"),
                _s("event", "A"),
            ],
            [(0, [(1, [(2, [3])]), 4])],
            id="returning pops two frames",
        ),
        pytest.param(
            [_s("entry", "A"), _s("call", "A", "KeSetEvent(e)"), _s("event", "I")],
            [(0, [1, ("I", [2])])],
            id="a frame whose call is not shown",
        ),
        pytest.param(
            [_s("branch", "A"), _s("event", "A")],
            [("A", [0, 1])],
            id="a trace that starts inside a function",
        ),
        pytest.param(
            [_s("entry", "R"), _s("call", "R", "R(n - 1)"), _s("event", "R")],
            [(0, [1, 2])],
            id="recursion stays flat: no return step says where it ends",
        ),
    ],
)
def test_trace_tree(steps: list[TraceStep], shape: list[object]) -> None:
    assert _shape(trace_tree(steps)) == shape


@pytest.mark.parametrize(
    ("state", "parts"),
    [
        ("", []),
        ("Signaled={}", [("Signaled", "{}")]),
        ("Signaled={&a->b, &c}; Keys={}", [("Signaled", "{&a->b, &c}"), ("Keys", "{}")]),
        (
            "Keys={k}; Ev=event at line 3, reset",
            [("Keys", "{k}"), ("Ev", "event at line 3, reset")],
        ),
        ("depth=1, Event=f(a, b)", [("depth", "1"), ("Event", "f(a, b)")]),
    ],
)
def test_state_parts(state: str, parts: list[tuple[str, str]]) -> None:
    assert state_parts(state) == parts


# -- in a browser --------------------------------------------------------------------------


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed; .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=BROWSER_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1500},
        )
        try:
            yield context
        finally:
            context.close()


class _Watch:
    """What a page said: console errors, uncaught errors, requests, dialogs."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self.on_console)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self.on_dialog)

    def on_console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def on_dialog(self, dialog: Any) -> None:
        self.errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()


def _classes(page: Any, selector: str) -> list[str]:
    return str(page.get_attribute(selector, "class") or "").split()


def test_the_viewer_steps_through_a_trace(browser: Any, virtual_html: Path) -> None:
    page = browser.new_page()
    watch = _Watch(page)
    page.goto(virtual_html.as_uri())
    steps = page.evaluate(
        "JSON.parse(document.getElementById('trace-data').textContent).viewers[0].steps"
    )
    # a step whose successor changes the rule state
    i = next(i for i in range(len(steps) - 1) if any(r[2] for r in steps[i + 1]["s"]))

    page.click(f"#d1-s{i} .text")
    assert "selected" in _classes(page, f"#d1-s{i}")
    line = f"#d1-f{steps[i]['f']}-{steps[i]['l']}"
    assert "current" in _classes(page, line) and "traced" in _classes(page, line)
    assert page.locator("#d1 .pos").text_content() == f"step {i + 1} of {len(steps)}"

    page.keyboard.press("n")
    assert "selected" not in _classes(page, f"#d1-s{i}")
    assert "selected" in _classes(page, f"#d1-s{i + 1}")
    assert "current" in _classes(page, f"#d1-f{steps[i + 1]['f']}-{steps[i + 1]['l']}")
    state = page.locator("#d1 .state-body tr")
    assert state.count() == len(steps[i + 1]["s"]) > 0
    changed = page.locator("#d1 .state-body tr.changed td.value").all_text_contents()
    assert changed and changed[0] == next(r[1] for r in steps[i + 1]["s"] if r[2])
    was = page.locator("#d1 .state-body tr.changed td.was").all_text_contents()
    assert was[0].startswith(("was ", "new"))
    Path(REPO / "test-artifacts").mkdir(exist_ok=True)
    page.mouse.move(0, 0)  # no hover in the picture
    box = page.locator("#d1").bounding_box()
    page.screenshot(
        path=str(REPO / "test-artifacts" / "html-report.png"),
        clip={"x": 0, "y": 0, "width": 1400, "height": box["y"] + box["height"] + 16},
    )

    page.keyboard.press("k")
    assert "selected" in _classes(page, f"#d1-s{i}")
    page.click("#d1 [data-act=collapse]")
    page.keyboard.press("End")
    last = len(steps) - 1
    assert page.locator(f"#d1-s{last}").is_visible()  # its calls were reopened
    assert "violation" in _classes(page, f"#d1-s{last}")
    page.keyboard.press("Home")
    assert "selected" in _classes(page, "#d1-s0")
    page.keyboard.press("ArrowLeft")  # an entry point's steps
    assert not page.locator("#d1-s1").is_visible()
    page.keyboard.press("ArrowRight")
    assert page.locator("#d1-s1").is_visible()

    # the second defect keeps its own selection; a traced source line selects its step
    steps2 = page.evaluate(
        "JSON.parse(document.getElementById('trace-data').textContent).viewers[1].steps"
    )
    s = steps2[-1]
    page.click(f"#d2 .tab[data-file='{s['f']}']")
    page.click(f"#d2-f{s['f']}-{s['l']} .code")
    first_there = next(j for j, t in enumerate(steps2) if (t["f"], t["l"]) == (s["f"], s["l"]))
    assert "selected" in _classes(page, f"#d2-s{first_there}")
    assert "selected" in _classes(page, "#d1-s0")
    assert watch.errors == []
    assert all(u.startswith("file://") for u in watch.requests), watch.requests


def test_markup_in_the_driver_stays_text_in_a_browser(browser: Any, evil_html: Path) -> None:
    page = browser.new_page()
    watch = _Watch(page)
    page.goto(evil_html.as_uri())
    assert page.locator("img, b").count() == 0
    assert page.evaluate("document.scripts.length") == 2
    steps = page.evaluate(
        "JSON.parse(document.getElementById('trace-data').textContent).viewers[0].steps"
    )
    call = next(i for i, s in enumerate(steps) if s["t"].startswith("EvilLog("))
    page.click(f"#d1-s{call} .text")
    where = page.locator("#d1 .step-where").text_content() or ""
    assert 'EvilLog(Ext, "</script><img src=x onerror=alert(1)>")' in where
    line = page.locator(f"#d1-f{steps[call]['f']}-{steps[call]['l']}").text_content() or ""
    assert BAD in line and "<!-- </script> -->" in line
    assert "<b>waiter</b>" in (page.locator("ul.suppressed").text_content() or "")
    assert watch.errors == []


def test_ci_installs_chromium_before_the_tests() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert ci.index("apt-get install -y chromium") < ci.index("pip install")
