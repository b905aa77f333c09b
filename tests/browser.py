"""A real browser for the tests that lay pages out: how wide a page is drawn, how many sheets it prints on.

Debian's Chromium, run headless (.ci/run installs it); the tests that use it skip where it
is absent, saying so (:data:`NEEDS_CHROMIUM`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEEDS_CHROMIUM = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync")


def _measure(name: str) -> str:
    """Written into a page measured: its laid-out width and its window's, into the page around it."""
    return ("<script>(function(){var d=document.documentElement,p=parent.document,o=p.createElement('pre');"
            f"o.className='width';o.textContent='{name} '+d.scrollWidth+' '+d.clientWidth;"
            "p.body.appendChild(o);})();</script>")


def widths(pages: Mapping[str, str], pixels: int, folder: Path) -> dict[str, tuple[int, int]]:
    """Each page's laid-out width and its window's, in a browser window ``pixels`` wide (one browser
    run for all; ``pages`` maps a name without spaces to its HTML).

    Headless Chromium draws windows at least 500 px wide, so each page is measured inside an
    iframe of the width wanted."""
    assert CHROMIUM is not None
    frames = []
    for n, (name, html) in enumerate(pages.items()):
        (folder / f"page{n}.html").write_text(html.replace("</body>", _measure(name) + "</body>"), encoding="utf-8")
        frames.append(f'<iframe src="page{n}.html" width="{pixels}" height="2000" style="border:0"></iframe>')
    (folder / "frame.html").write_text(f'<!DOCTYPE html><html><body style="margin:0">{"".join(frames)}</body></html>',
                                       encoding="utf-8")
    flags = [*_FLAGS, "--allow-file-access-from-files", "--window-size=1100,2100",
             f"--user-data-dir={folder / 'profile'}", "--dump-dom", (folder / "frame.html").as_uri()]
    done = subprocess.run([CHROMIUM, *flags], capture_output=True, text=True, timeout=120, check=True)
    found = {name: (int(scrolled), int(window))
             for name, scrolled, window in re.findall(r'<pre class="width">(\S+) (\d+) (\d+)</pre>', done.stdout)}
    assert set(found) == set(pages), done.stdout[-500:]
    return found


def sheets(html: str, folder: Path, name: str = "page") -> int:
    """How many sheets ``html`` prints on: printed to PDF by the browser (its own paper size and
    margins, from the page's print CSS; no header or footer), its pages counted."""
    assert CHROMIUM is not None
    page, pdf = folder / f"{name}.html", folder / f"{name}.pdf"
    page.write_text(html, encoding="utf-8")
    flags = [*_FLAGS, "--no-pdf-header-footer", f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={pdf}"]
    subprocess.run([CHROMIUM, *flags, page.as_uri()], capture_output=True, timeout=120, check=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
