"""The HTML pages fit the width of the screen they are read on: no sideways scrolling of the page.

On a laptop (1000 px) and a phone (375 px), a real browser lays out the gap report (both
languages), the report with its plan follow-up, and the chain, and the page must be no wider
than the window: wide tables scroll inside their own box, long words and addresses wrap. The
INM example once overflowed at both widths, by the stage its assessment leaves unanswered
("sin información (1 regla sin respuesta)" held on one line in the bar chart's figures
column), and at 375 px by the sources' long addresses and the follow-up and chain tables.

Headless Chromium draws windows at least 500 px wide, so each page is measured inside an
iframe of the width wanted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from brecha import api
from brecha.renderers.formats import CHAIN, planned_report_formats, report_formats

from helpers import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EXAMPLES = ROOT / "examples"
#: Written into the page measured: its width against the window's, into the page around it.
_MEASURE = ("<script>(function(){var d=document.documentElement,p=parent.document,o=p.createElement('pre');"
            "o.id='width';o.textContent=d.scrollWidth+' '+d.clientWidth;p.body.appendChild(o);})();</script>")


def _width(html: str, pixels: int, folder: Path) -> tuple[int, int]:
    """The page's laid-out width and the window's, in a browser window ``pixels`` wide."""
    assert CHROMIUM is not None
    (folder / "page.html").write_text(html.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    (folder / "frame.html").write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe src="page.html" '
                                       f'width="{pixels}" height="2000" style="border:0"></iframe></body></html>',
                                       encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--allow-file-access-from-files", "--window-size=1100,2100", f"--user-data-dir={folder / 'profile'}",
             "--dump-dom", (folder / "frame.html").as_uri()]
    done = subprocess.run([CHROMIUM, *flags], capture_output=True, text=True, timeout=120, check=True)
    found = re.search(r'<pre id="width">(\d+) (\d+)</pre>', done.stdout)
    assert found, done.stdout[-500:]
    return int(found[1]), int(found[2])


def _pages() -> list[tuple[str, str]]:
    inm = str(EXAMPLES / "inm-oficina-chiapas.yaml")
    report = api.evaluate_path(inm)
    planned = api.evaluate_with_plan(str(EXAMPLES / "procuraduria-estatal-norte.yaml"),
                                     str(EXAMPLES / "rounds" / "procuraduria-estatal-norte.plan.yaml"))
    chain = api.chain_paths([str(EXAMPLES / "estado-ilustrativo")])
    return [("report es", str(report_formats().render("html", report, "es"))),
            ("report en", str(report_formats().render("html", report, "en"))),
            ("report with plan", str(planned_report_formats().render("html", planned, "es"))),
            ("chain", str(CHAIN.render("html", chain, "es")))]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_no_page_is_wider_than_a_laptop_or_a_phone(tmp_path: Path) -> None:
    """At 1000 and 375 px the page's laid-out width is the window's: nothing makes it scroll sideways."""
    wide = []
    for name, html in _pages():
        for pixels in (1000, 375) if name.startswith("report") else (375,):
            scrolled, window = _width(html, pixels, tmp_path)
            if scrolled > window:
                wide.append(f"{name} at {pixels} px: {scrolled} px wide in a window of {window}")
    assert not wide, wide
