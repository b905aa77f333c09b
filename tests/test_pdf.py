"""evaluate --format pdf: the HTML report printed by WeasyPrint, which fetches nothing."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from brecha.cli import app
from brecha.renderers.pdf import html_to_pdf, refuse_fetch

from helpers import MINI, TESTS

pytest.importorskip("weasyprint")


def test_the_report_as_pdf(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A PDF file is written, never over an existing one without --force."""
    out = tmp_path / "report.pdf"
    args = ["evaluate", str(TESTS / "fixtures" / "mini-assessment.yaml"), "--rules", str(MINI), "-f", "pdf",
            "-o", str(out)]
    result = CliRunner().invoke(app, args, env={"BRECHA_LANG": "es"}, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    again = CliRunner().invoke(app, args, env={"BRECHA_LANG": "es"}, catch_exceptions=False)
    assert again.exit_code == 2


def test_nothing_outside_the_page_is_fetched(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A page naming a local file or a web address still renders, without reading either."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not read")
    with pytest.raises(ValueError, match="does not fetch"):
        refuse_fetch(secret.as_uri())
    page = f'<html><body><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png">text</body></html>'
    assert html_to_pdf(page).startswith(b"%PDF-")
