"""Markdown and HTML reports: golden files, escaping, and what a real browser shows."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from brecha import api
from brecha.renderers.formats import PAGE, REPORT
from brecha.renderers.markdown import escape

from helpers import MINI, TESTS

FIXTURE = str(TESTS / "fixtures" / "mini-assessment.yaml")
GOLDEN = TESTS / "golden"
UPDATE = os.environ.get("BRECHA_UPDATE_GOLDEN") == "1"


def _render(fmt: str, lang: str = "en") -> str:
    text = REPORT.render(fmt, api.evaluate_path(FIXTURE, str(MINI)), lang)
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_golden(fmt: str, lang: str) -> None:
    """Markdown and HTML reports are stable byte for byte, in both languages."""
    text = _render(fmt, lang)
    path = GOLDEN / f"mini-report.{lang}.{'md' if fmt == 'markdown' else 'html'}"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text


def test_markdown_escapes_user_text() -> None:
    """Markup, HTML and control characters in user text are inert in Markdown."""
    assert escape("<script>x</script> *b* [l](u) a|b \x1b[31m") == \
        "&lt;script&gt;x&lt;/script&gt; \\*b\\* \\[l\\](u) a\\|b \\\\x1b\\[31m"
    text = _render("markdown")
    assert "<script>" not in text and "\x1b" not in text


def test_html_escapes_user_text_and_is_self_contained() -> None:
    """No user text becomes markup; no external asset is referenced."""
    html = _render("html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in html
    for external in ("http://", "https://", "<link", "src="):
        assert external not in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_in_headless_chromium(tmp_path: Path) -> None:
    """A real browser renders the page with the institution, score and gaps visible."""
    page = tmp_path / "report.html"
    page.write_text(_render("html", "es"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert "Oficina [bold]B[/bold] &lt;script&gt;" in dom
    assert 'id="score"' in dom and "33.3" in dom
    assert "T-DEC-01" in dom and "Brechas críticas" in dom
    shot = tmp_path / "phone.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=390,2000", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    assert width == 390


def _headings(text: str) -> list[int]:
    return [len(line) - len(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_markdown_headings_never_skip_a_level(lang: str) -> None:
    """One title, then levels that go down one step at a time (no ### straight under #)."""
    from helpers import ROOT

    for path in [FIXTURE, *map(str, sorted((ROOT / "examples").glob("*.yaml")))]:
        rules = str(MINI) if path == FIXTURE else None
        text = REPORT.render("markdown", api.evaluate_path(path, rules), lang)
        assert isinstance(text, str)
        levels = _headings(text)
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), path


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_reports_say_who_assessed_which_round_and_which_brecha(fmt: str) -> None:
    """Assessors, round and the brecha version appear in Markdown and HTML."""
    from brecha import __version__

    report = api.evaluate_path(FIXTURE, str(MINI))
    assert report.assessors and report.round
    text = _render(fmt, "es")
    for name, _ in report.assessors:
        assert escape(name) in text or name in text
    assert report.round in text and f"brecha {__version__}" in text
    assert ("Ronda" in text) and ("Personas evaluadoras" in text or "evaluador" in text.lower())


def test_html_ids_never_break_and_print_puts_the_detail_last() -> None:
    """IDs are kept on one line; printing starts the appendix on a new page, after the summary."""
    html = _render("html", "es")
    assert "code{font-size:.9em;white-space:nowrap}" in html
    assert "overflow-wrap:anywhere}" not in html.split("code.fp")[0].split("code{")[-1]
    assert ".appendix{break-before:page}" in html
    summary, appendix = html.split('<section class="appendix"', 1)
    assert 'id="fix-first"' in summary and 'id="score"' in summary
    assert '<div class="gap" id="gap-' in appendix and '<div class="gap" id="gap-' not in summary
    assert 'href="#gap-' in summary


# Counts the rule IDs (<code> but fingerprints, the page's b.id) laid out on more than one line.
_BROKEN_IDS = ("<script>document.body.dataset.broken = [...document.querySelectorAll("
               "'code:not(.fp), b.id')].filter(e => e.getClientRects().length > 1)"
               ".map(e => e.textContent).join(' ') || 'none';</script>")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("command", ["evaluate", "page"])
def test_ids_never_break_across_lines(tmp_path: Path, command: str) -> None:
    """On a phone-wide window a rule ID such as MX-ISN-18 stays on one line (it broke at its hyphens)."""
    from helpers import ROOT

    example = str(ROOT / "examples" / "procuraduria-estatal-ambos.yaml")
    if command == "evaluate":
        html = REPORT.render("html", api.evaluate_path(example), "es")
        assert isinstance(html, str)
    else:
        html = PAGE.render("html", api.page_path(example), "es")
        assert isinstance(html, str)
    doc = tmp_path / "ids.html"
    doc.write_text(html.replace("</body>", _BROKEN_IDS + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=390,2000"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", doc.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert 'data-broken="none"' in dom
