"""The HTML pages fit the width of the screen they are read on: no sideways scrolling of the page.

On a laptop (1000 px) and a phone (375 px), a real browser lays out the gap report (both
languages), the report with its plan follow-up, and the chain, and the page must be no wider
than the window: wide tables scroll inside their own box, long words and addresses wrap. The
INM example once overflowed at both widths, by the stage its assessment leaves unanswered
("sin información (1 regla sin respuesta)" held on one line in the bar chart's figures
column), and at 375 px by the sources' long addresses and the follow-up and chain tables.

The workshop page (`brecha page`) is measured the same way, in tests/test_page.py.
"""

from __future__ import annotations

from pathlib import Path

from brecha import api
from brecha.renderers.formats import CHAIN, planned_report_formats, report_formats

from browser import NEEDS_CHROMIUM, widths
from helpers import ROOT

EXAMPLES = ROOT / "examples"


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


@NEEDS_CHROMIUM
def test_no_page_is_wider_than_a_laptop_or_a_phone(tmp_path: Path) -> None:
    """At 1000 and 375 px the page's laid-out width is the window's: nothing makes it scroll sideways."""
    pages = dict(_pages())
    wide = []
    for pixels in (1000, 375):
        shown = {name.replace(" ", "-"): html for name, html in pages.items() if pixels == 375 or name.startswith("report")}
        folder = tmp_path / str(pixels)
        folder.mkdir()
        for name, (scrolled, window) in widths(shown, pixels, folder).items():
            if scrolled > window:
                wide.append(f"{name} at {pixels} px: {scrolled} px wide in a window of {window}")
    assert not wide, wide
