"""Dated evidence: a record or a string; stale evidence counts as none; the HTML report links it safely."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from brecha import api, evaluation, loading
from brecha.errors import InputError
from brecha.evidence import age_days
from brecha.renderers import html, markdown
from brecha.renderers import json as json_renderer
from brecha.renderers.html import safe_link
from brecha.schemas import load_schema

from helpers import MINI

ASSESSMENT = """\
kind: Assessment
schema_version: 1
institution: {type: office-b, level: state, name: Oficina B}
assessed_on: "2026-03-01"
rulesets: [{id: mini, version: 1.0.0}]
answers:
  T-ENT-02:
    value: implemented
    evidence:
      - {title: "Form 7 register", date: "%s", link: "https://example.org/form-7?a=1&b='2'", verified_by: Ana}
      - {title: "Old manual", date: "2019", file: "archive/manual.pdf"}
"""


@pytest.fixture
def rules(tmp_path: Path) -> str:
    """The small library, its rule set allowing evidence up to two years old."""
    folder = tmp_path / "rules"
    shutil.copytree(MINI, folder)
    ruleset = folder / "rules" / "mini.yaml"
    ruleset.write_text(ruleset.read_text(encoding="utf-8").replace(
        "version: 1.0.0\n", "version: 1.0.0\nevidence_max_age_days: 730\n", 1), encoding="utf-8")
    return str(folder)


def _report(rules: str, tmp_path: Path, date: str):  # type: ignore[no-untyped-def]
    path = tmp_path / f"a-{date}.yaml"
    path.write_text(ASSESSMENT % date, encoding="utf-8")
    return api.evaluate_path(str(path), rules)


def test_ages_count_in_the_items_favour() -> None:
    """A partial date is the end of its period; the assessment date the start of its own."""
    assert age_days("2025-03-01", "2026-03-01") == 365
    assert age_days("2024", "2026-03-01") == 425  # from 2024-12-31
    assert age_days("2026-02", "2026-03") == 1  # from 2026-02-28 to 2026-03-01
    assert age_days("2026-02-30", "2026-03-01") is None  # not a calendar date: not judged


def test_stale_evidence_counts_as_none_and_the_report_says_so(rules: str, tmp_path: Path) -> None:
    """All items older than the rule set allows: the claim counts as unevidenced, with a notice per item."""
    fresh = _report(rules, tmp_path, "2025-06-01")
    stale = _report(rules, tmp_path, "2023-01-15")
    assert fresh.overall.evidenced is not None and stale.overall.evidenced is not None
    assert stale.overall.evidenced < fresh.overall.evidenced
    assert [g.rule_id for g in stale.evidence_gaps] == ["T-ENT-02"]
    assert not fresh.evidence_gaps
    notices = [n.message.get("en") for n in stale.notices if n.code == "stale-evidence"]
    assert notices == [
        "In T-ENT-02, the evidence 'Form 7 register' (2023-01-15) is more than 730 days older than the "
        "self-assessment: it does not count as evidence.",
        "In T-ENT-02, the evidence 'Old manual' (2019) is more than 730 days older than the self-assessment: "
        "it does not count as evidence."]
    [line] = stale.evidence
    assert [(i.title, i.stale) for i in line.items] == [("Form 7 register", True), ("Old manual", True)]
    assert [(i.title, i.stale) for i in fresh.evidence[0].items] == [("Form 7 register", False), ("Old manual", True)]


def test_without_a_limit_dates_do_not_matter(tmp_path: Path) -> None:
    """A rule set that declares no age limit counts every item, as before."""
    path = tmp_path / "a.yaml"
    path.write_text(ASSESSMENT % "2001-01-01", encoding="utf-8")
    report = api.evaluate_path(str(path), str(MINI))
    assert not report.evidence_gaps and not any(n.code == "stale-evidence" for n in report.notices)


def test_the_html_report_links_evidence_safely(rules: str, tmp_path: Path) -> None:
    """An https link becomes an escaped anchor; stale items are marked; files and checkers are shown."""
    page = html.render(_report(rules, tmp_path, "2025-06-01"), "en")
    assert ('<a href="https://example.org/form-7?a=1&amp;b=&#x27;2&#x27;" rel="noopener noreferrer">Form 7 register</a>'
            " (2025-06-01) — verified by Ana") in page
    assert "Old manual (2019) — <code>archive/manual.pdf</code> <span class=\"crit\">(stale: does not count)</span>" in page


def test_only_web_links_are_followed() -> None:
    """javascript:, data:, file: and links that would break out of the attribute are never links."""
    assert safe_link("https://example.org/a") == "https://example.org/a"
    assert safe_link("http://example.org") == "http://example.org"
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "https://", "//example.org",
                'https://x.org/"onmouseover="x', "https://x.org/\nx", "https://x.org/ a", None):
        assert safe_link(bad) is None, bad


def test_the_schema_refuses_other_links_and_both_link_and_file(mini, write) -> None:  # type: ignore[no-untyped-def]
    """An evidence link must be http(s); an item names a link or a file, not both; a title is required."""
    path = write("a.yaml", """\
        kind: Assessment
        schema_version: 1
        institution: {type: office-b, level: state, name: B}
        assessed_on: "2026-03-01"
        rulesets: [{id: mini, version: 1.0.0}]
        answers:
          T-ENT-02:
            value: implemented
            evidence:
              - {title: a, link: "javascript:alert(1)"}
              - {title: b, link: "https://x.org", file: b.pdf}
              - {date: "2025-01-01"}
        """)
    with pytest.raises(InputError) as caught:
        loading.load_assessment(path, mini)
    assert sorted({i.location.line for i in caught.value.issues}) == [10, 11, 12]


def test_string_and_record_items_evaluate_alike(mini, write) -> None:  # type: ignore[no-untyped-def]
    """Without an age limit, a record counts exactly as the string of its title did."""
    base = """\
        kind: Assessment
        schema_version: 1
        institution: {type: office-b, level: state, name: B}
        assessed_on: "2026-03-01"
        rulesets: [{id: mini, version: 1.0.0}]
        answers:
          T-ENT-02:
            value: implemented
            evidence: [%s]
        """
    plain = evaluation.evaluate(loading.load_assessment(write("p.yaml", base % '"Form 7"'), mini), mini)
    record = evaluation.evaluate(loading.load_assessment(
        write("r.yaml", base % '{title: "Form 7", date: "2020-01-01"}'), mini), mini)
    assert plain.overall == record.overall and plain.gaps == record.gaps


def test_dated_evidence_survives_the_workbook(mini, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """YAML -> xlsx -> YAML keeps each item's date, link or file and who verified it."""
    from brecha.importing import import_path
    from brecha.templating import draft_from
    from brecha.workbook import build_workbook

    path = write("a.yaml", """\
        kind: Assessment
        schema_version: 1
        institution: {type: office-b, level: state, name: B}
        assessed_on: "2026-03-01"
        rulesets: [{id: mini, version: 1.0.0}]
        answers:
          T-ENT-02:
            value: implemented
            evidence:
              - {title: "Form 7 register", date: "2025-06", link: "https://example.org/f7", verified_by: Ana}
              - {title: "Manual", file: "archive/manual.pdf"}
              - Plain item
        """)
    original = loading.load_assessment(path, mini)
    book = tmp_path / "a.xlsx"
    book.write_bytes(build_workbook(mini, draft_from(original), "es"))
    [imported] = import_path(str(book), mini, lang="es")
    assert imported.assessment.answers["T-ENT-02"].records == original.answers["T-ENT-02"].records


def test_json_and_markdown_reports_carry_the_evidence_given(rules: str, tmp_path: Path) -> None:
    """The evidence list of each answer is in the JSON report (valid under schema 2) and in Markdown."""
    report = _report(rules, tmp_path, "2025-06-01")
    data = json.loads(json_renderer.render(report, "en"))
    Draft202012Validator(load_schema("GapReport")).validate(data)
    assert data["evidence"] == [{"rule": "T-ENT-02", "title": "Identification", "items": [
        {"title": "Form 7 register", "date": "2025-06-01", "link": "https://example.org/form-7?a=1&b='2'",
         "file": None, "verified_by": "Ana", "stale": False},
        {"title": "Old manual", "date": "2019", "link": None, "file": "archive/manual.pdf", "verified_by": None,
         "stale": True}]}]
    # a report of schema 2 written before the list existed stays valid
    Draft202012Validator(load_schema("GapReport")).validate({k: v for k, v in data.items() if k != "evidence"})
    text = markdown.render(report, "en")
    assert ("- `T-ENT-02` Identification: Form 7 register (2025-06-01) — https://example.org/form-7?a=1&amp;b='2' — "
            "verified by Ana; Old manual (2019) — archive/manual.pdf **(stale: does not count)**") in text
