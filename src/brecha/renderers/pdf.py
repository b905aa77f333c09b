"""The HTML report as PDF, through WeasyPrint (the optional ``pdf`` extra). Pure: bytes out.

WeasyPrint would fetch any URL or file the page names (images, stylesheets); the report
names none, and the fetcher below refuses all the same, so rendering reads nothing and
sends nothing anywhere, whatever user text the report carries.
"""

from __future__ import annotations

import warnings
from typing import Any, NoReturn

from brecha.errors import UsageError
from brecha.renderers import html
from brecha.report import GapReport

__all__ = ["html_to_pdf", "refuse_fetch", "render"]


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    """WeasyPrint's url_fetcher: nothing outside the page is read."""
    raise ValueError(f"brecha does not fetch {url[:80]!r} while making a PDF")


def html_to_pdf(page: str) -> bytes:
    """A PDF of an HTML page.

    Raises:
        UsageError: WeasyPrint is not installed (``pip install 'brecha[pdf]'``).
    """
    with warnings.catch_warnings():
        # WeasyPrint warns that a future version will need the system's HarfBuzz-Subset; the
        # PDF is made the same today, and the warning is for whoever installs the system.
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        try:
            from weasyprint import HTML  # type: ignore[import-untyped]
            from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]
        except (ImportError, OSError):  # the optional extra, or the system libraries it needs (pango), missing
            raise UsageError("error.pdf_missing") from None

        class _Refuse(URLFetcher):  # type: ignore[misc]
            def fetch(self, url: str, headers: Any = None) -> NoReturn:
                refuse_fetch(url)

        fetcher = _Refuse(allowed_protocols=(), allow_redirects=False)
        data: bytes = HTML(string=page, url_fetcher=fetcher).write_pdf()
    return data


def render(report: GapReport, lang: str) -> bytes:
    """The report as a PDF (the HTML report, printed)."""
    return html_to_pdf(html.render(report, lang))
