"""Markdown and HTML reports: golden files, escaping, and what a real browser shows."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from brecha import api
from brecha.renderers.formats import REPORT
from brecha.renderers.markdown import escape

from helpers import MINI, TESTS

FIXTURE = str(TESTS / "fixtures" / "mini-assessment.yaml")
GOLDEN = TESTS / "golden"
UPDATE = os.environ.get("BRECHA_UPDATE_GOLDEN") == "1"


def _render(fmt: str, lang: str = "en") -> str:
    text = REPORT.render(fmt, api.evaluate_path(FIXTURE, str(MINI)), lang)
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_golden(fmt: str) -> None:
    """Markdown and HTML reports are stable byte for byte."""
    text = _render(fmt)
    path = GOLDEN / f"mini-report.en.{'md' if fmt == 'markdown' else 'html'}"
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
