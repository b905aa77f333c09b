"""summary across rounds: every file is a row, but averages and common gaps count institutions,
each once, by its latest round; a round sent twice is named, not silently picked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from brecha import api, model
from brecha.cli import app
from brecha.renderers import rounds as exports
from brecha.renderers.spreadsheet import summary_xlsx
from brecha.summarizing import RoundStatus, Summary, SummaryOptions, anonymise

from helpers import MINI, ROOT

RULES = str(MINI)
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))
NORTE_2026 = str(ROOT / "examples" / "procuraduria-estatal-norte.yaml")
NORTE_2027 = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml")

#: Answers from worst to best: each gives a different score and a different set of gaps.
LOW = {"T-ENT-02": "absent", "T-DEC-01": "absent", "T-DEC-02": "never"}
MID = {"T-ENT-02": "defined", "T-DEC-01": "initial", "T-DEC-02": "sometimes"}
HIGH = {"T-ENT-02": "monitored", "T-DEC-01": "monitored", "T-DEC-02": "always"}


def _file(folder: Path, filename: str, *, on: str, answers: dict[str, str], name: str = "Oficina B",
          jurisdiction: str = "MX-ROO", level: str = "state", round_: str | None = None) -> str:
    """A self-assessment of the small library's office-b."""
    lines = ["kind: Assessment", "schema_version: 1", "institution:", "  type: office-b", f"  level: {level}",
             f'  name: "{name}"', f"  jurisdiction: {jurisdiction}", f'assessed_on: "{on}"']
    if round_:
        lines.append(f'round: "{round_}"')
    lines += ["rulesets:", "  - {id: mini, version: 0.9.0}", "answers:"]
    lines += [f"  {rule}:\n    value: {value}" for rule, value in answers.items()]
    path = folder / filename
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _summary(paths: list[str], **options: object) -> Summary:
    return api.summarize_paths(paths, RULES, options=SummaryOptions(**options) if options else None)  # type: ignore[arg-type]


def _status(s: Summary) -> dict[str, RoundStatus]:
    return {Path(r.path).name: r.status for r in s.rows}


def _figures(s: Summary) -> tuple[object, ...]:
    """What a coordinator reads off a summary: the overall n and means, and the common gaps."""
    return (s.total, s.common_gaps)


def _run(*args: str, lang: str = "en") -> object:
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "BRECHA_LANG": lang, "COLUMNS": "80"})


# the double count -----------------------------------------------------------------------

def test_two_rounds_of_one_institution_count_once_in_the_examples() -> None:
    """The examples with the northern Procuraduría's 2027 round: 9 rows, n = 8, and the averages
    and common gaps are exactly those of the 8 latest files alone."""
    both = api.summarize_paths([*EXAMPLES, NORTE_2027])
    latest_only = api.summarize_paths([p for p in EXAMPLES if p != NORTE_2026] + [NORTE_2027])
    assert len(both.rows) == 9 and both.institutions == 8 and both.with_earlier == 1
    assert both.total[0].count == 8
    assert _figures(both) == _figures(latest_only)
    earlier = [r.path for r in both.rows if r.status is RoundStatus.EARLIER]
    assert earlier == [NORTE_2026]
    norte = [r for r in both.rows if "estatal-norte" in r.path]  # the rounds stay side by side, oldest first
    assert [r.report.round for r in norte] == ["2026", "2027"] and both.rows.index(norte[1]) - both.rows.index(norte[0]) == 1


def test_a_later_round_replaces_the_earlier_in_averages_and_gaps(tmp_path: Path) -> None:
    """One institution improved; another did not: the averages hold its new score, not the mean of both."""
    _file(tmp_path, "b-2026.yaml", on="2026-03-01", answers=LOW)
    _file(tmp_path, "b-2027.yaml", on="2027-03-01", answers=HIGH)
    _file(tmp_path, "other.yaml", on="2026-05-01", answers=MID, name="Oficina C")
    s = _summary([str(tmp_path)])
    by_name = {Path(r.path).name: r for r in s.rows}
    expected = [by_name["b-2027.yaml"].cell("mini").score.evidenced,  # type: ignore[union-attr]
                by_name["other.yaml"].cell("mini").score.evidenced]  # type: ignore[union-attr]
    assert s.total[0].count == 2
    assert dict(s.total[0].means)["mini"] == pytest.approx(sum(expected) / 2)  # type: ignore[operator,arg-type]
    counted_gaps = {g.rule_id for r in (by_name["b-2027.yaml"], by_name["other.yaml"]) for g in r.report.gaps}
    assert {g.rule_id for g in s.common_gaps} == counted_gaps
    assert all(g.count <= 2 for g in s.common_gaps)
    assert s.total[0].critical_gaps == sum(len(by_name[f].report.critical_gaps) for f in ("b-2027.yaml", "other.yaml"))


def test_three_rounds_given_in_any_order(tmp_path: Path) -> None:
    """Three rounds of one office, named out of order: the last assessed counts, the two before are
    listed as earlier rounds, and the rows read oldest to newest."""
    paths = [_file(tmp_path, "c.yaml", on="2025-04-01", answers=MID, round_="2025"),
             _file(tmp_path, "a.yaml", on="2026-04-01", answers=HIGH, round_="2026"),
             _file(tmp_path, "b.yaml", on="2024-04-01", answers=LOW, round_="2024")]
    for order in (paths, paths[::-1]):
        s = _summary(order)
        assert _status(s) == {"a.yaml": RoundStatus.LATEST, "b.yaml": RoundStatus.EARLIER,
                              "c.yaml": RoundStatus.EARLIER}
        assert [r.report.round for r in s.rows] == ["2024", "2025", "2026"]
        assert s.institutions == 1 and s.with_earlier == 1 and s.duplicates == ()
        latest = next(r for r in s.rows if r.counted)
        assert dict(s.total[0].means)["mini"] == latest.cell("mini").score.evidenced  # type: ignore[union-attr]
        assert [g.count for g in s.common_gaps] == [1] * len(latest.report.gaps)


# who is the same institution ------------------------------------------------------------

def test_the_same_name_elsewhere_is_another_institution(tmp_path: Path) -> None:
    """The same name in another jurisdiction, or at another level, is another institution; the same
    name typed with other capitals or spaces is the same one."""
    _file(tmp_path, "roo.yaml", on="2026-01-01", answers=LOW, name="Oficina B")
    _file(tmp_path, "chp.yaml", on="2026-02-01", answers=MID, name="Oficina B", jurisdiction="MX-CHP")
    _file(tmp_path, "federal.yaml", on="2026-03-01", answers=MID, name="Oficina B", level="federal")
    _file(tmp_path, "roo-again.yaml", on="2027-01-01", answers=HIGH, name="  oficina   b ")
    s = _summary([str(tmp_path)])
    assert s.institutions == 3 and s.total[0].count == 3 and s.with_earlier == 1
    assert _status(s) == {"roo.yaml": RoundStatus.EARLIER, "chp.yaml": RoundStatus.LATEST,
                          "federal.yaml": RoundStatus.LATEST, "roo-again.yaml": RoundStatus.LATEST}


def test_one_definition_for_summary_anonymise_compare_and_chain(tmp_path: Path) -> None:
    """--anonymise counts the summary's counted rows, and compare uses the same identity."""
    for i in range(3):
        _file(tmp_path, f"old-{i}.yaml", on="2025-01-01", answers=LOW, name=f"Oficina {i}")
        _file(tmp_path, f"new-{i}.yaml", on="2026-01-01", answers=HIGH, name=f"OFICINA {i}")
    full = _summary([str(tmp_path)])
    shared = anonymise(full, min_group=3, group_by=None)
    assert shared.total is not None and shared.total.count == full.total[0].count == 3
    assert shared.common_gaps == full.common_gaps
    assert [m for _, m in shared.total.means] == pytest.approx([m for _, m in full.total[0].means])
    elsewhere = _file(tmp_path, "chp.yaml", on="2026-06-01", answers=HIGH, name="Oficina 0", jurisdiction="MX-CHP")
    assert api.compare_paths(str(tmp_path / "old-0.yaml"), str(tmp_path / "new-0.yaml"), RULES).same_institution
    assert not api.compare_paths(str(tmp_path / "old-0.yaml"), elsewhere, RULES).same_institution


def test_sort_rounds_directly() -> None:
    """The shared definition on its own: latest by date, then path; a round claimed twice is reported
    with the later last; an earlier round claimed twice is reported with none counted."""
    key = model.institution_key("t", "state", "X", "MX-ROO")
    files = [model.RoundOf(institution=key, assessed_on="2026-01-01", round="1", path="b"),
             model.RoundOf(institution=key, assessed_on="2026-01-01", round="1", path="a"),
             model.RoundOf(institution=key, assessed_on="2027-01-01", round=None, path="c"),
             model.RoundOf(institution=key, assessed_on="2027-01-01", round="2", path="d"),
             model.RoundOf(institution=model.institution_key("t", "state", "X", None), assessed_on="2020-01-01",
                           round="1", path="e")]
    rounds = model.sort_rounds(files)
    assert rounds.status == (RoundStatus.EARLIER, RoundStatus.EARLIER, RoundStatus.DUPLICATE, RoundStatus.LATEST,
                             RoundStatus.LATEST)
    assert rounds.duplicates == ((1, 0), (2, 3)) and rounds.institutions == 2 and rounds.with_earlier == 1


def _pairwise(files: list[model.RoundOf]) -> model.Rounds:
    """sort_rounds written the slow, obvious way: every pair compared, groups closed transitively."""
    status = [RoundStatus.EARLIER] * len(files)
    duplicates, with_earlier = [], 0
    for key in {f.institution for f in files}:
        ordered = sorted((n for n, f in enumerate(files) if f.institution == key),
                         key=lambda n: (files[n].assessed_on, files[n].path, n))
        groups = [{n} for n in ordered]
        merged = True
        while merged:
            merged = False
            for a in groups:
                for b in groups:
                    if a is not b and any(files[x].same_round(files[y]) for x in a for y in b):
                        a |= b
                        groups.remove(b)
                        merged = True
                        break
                if merged:
                    break
        clusters = [sorted(g, key=ordered.index) for g in groups]
        latest = next(c for c in clusters if ordered[-1] in c)
        for n in latest:
            status[n] = RoundStatus.DUPLICATE
        status[ordered[-1]] = RoundStatus.LATEST
        duplicates += [tuple(c) for c in clusters if len(c) > 1]
        with_earlier += len(latest) < len(ordered)
    return model.Rounds(status=tuple(status), duplicates=tuple(sorted(duplicates)),
                        institutions=len({f.institution for f in files}), with_earlier=with_earlier)


_ROUND = st.builds(model.RoundOf, institution=st.sampled_from([model.institution_key("t", "state", n, "MX-ROO")
                                                               for n in ("A", "B")]),
                   assessed_on=st.sampled_from(["2025-01-01", "2026-01-01", "2026-06-01"]),
                   round=st.sampled_from([None, "2025", "2026"]), path=st.sampled_from(["a", "b", "c", "d"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROUND, max_size=9))
def test_sort_rounds_agrees_with_every_pair_compared(files: list[model.RoundOf]) -> None:
    """The bucketed grouping of sort_rounds gives what comparing every pair of files gives."""
    assert model.sort_rounds(files) == _pairwise(files)


# a round sent twice ---------------------------------------------------------------------

@pytest.mark.parametrize("same_date", [True, False])
def test_a_round_sent_twice_is_named_and_the_later_counts(tmp_path: Path, same_date: bool) -> None:
    """Two files claim one institution's latest round: both are rows, the later one (by date, then by
    file name) counts, and standard error names both files and the one averaged."""
    first = _file(tmp_path, "envio-1.yaml", on="2026-03-01", answers=LOW, round_="2026")
    second = _file(tmp_path, "envio-2.yaml", on="2026-03-01" if same_date else "2026-04-15", answers=HIGH,
                   round_="2026")
    for order in ([first, second], [second, first]):
        s = _summary(order)
        assert _status(s) == {"envio-1.yaml": RoundStatus.DUPLICATE, "envio-2.yaml": RoundStatus.LATEST}
        assert s.institutions == 1 and s.total[0].count == 1 and s.with_earlier == 0
        (dup,) = s.duplicates
        assert dup.paths == (first, second) and dup.counted == second and dup.round == "2026"
    for lang, words in (("en", "sent twice?"), ("es", "¿se envió dos veces?")):
        result = _run("summary", first, second, "--rules", RULES, lang=lang)
        assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
        (notice,) = result.stderr.splitlines()  # type: ignore[attr-defined]
        assert first in notice and second in notice and words in notice
        assert notice.count(second) == 2  # named among the pair, and as the one averaged
        assert ("same round again: not averaged" if lang == "en" else "ronda repetida: no se promedia") \
            in result.stdout  # type: ignore[attr-defined]


def test_an_earlier_round_sent_twice_is_named_and_none_of_it_counts(tmp_path: Path) -> None:
    """The duplicate is of an earlier round: both are listed as earlier, the notice says a later one counts."""
    a = _file(tmp_path, "a.yaml", on="2025-03-01", answers=LOW, round_="2025")
    b = _file(tmp_path, "b.yaml", on="2025-03-02", answers=MID, round_="2025")
    c = _file(tmp_path, "c.yaml", on="2026-03-01", answers=HIGH, round_="2026")
    s = _summary([c, b, a])
    assert _status(s) == {"a.yaml": RoundStatus.EARLIER, "b.yaml": RoundStatus.EARLIER, "c.yaml": RoundStatus.LATEST}
    (dup,) = s.duplicates
    assert dup.paths == (a, b) and dup.counted is None
    result = _run("summary", a, b, c, "--rules", RULES, "-f", "json")
    assert "a later round speaks for the institution" in result.stderr  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert data["duplicate_rounds"] == [{"institution": "Oficina B", "round": "2025", "paths": [a, b], "counted": None}]


def test_no_round_name_means_the_same_date_is_the_same_round(tmp_path: Path) -> None:
    """Without round names, two files of one institution on one date are one round sent twice."""
    a = _file(tmp_path, "a.yaml", on="2026-03-01", answers=LOW)
    b = _file(tmp_path, "b.yaml", on="2026-03-01", answers=HIGH, round_="2026")
    c = _file(tmp_path, "c.yaml", on="2026-09-01", answers=HIGH, round_="2026-b")
    s = _summary([a, b, c])
    assert [d.paths for d in s.duplicates] == [(a, b)]
    assert _status(s) == {"a.yaml": RoundStatus.EARLIER, "b.yaml": RoundStatus.EARLIER, "c.yaml": RoundStatus.LATEST}


# every format says the same -------------------------------------------------------------

@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_format_says_what_n_counts(tmp_path: Path, lang: str) -> None:
    """Console, JSON, CSV and xlsx: the same rows, the same counted ones, the same line about n."""
    _file(tmp_path, "b-2026.yaml", on="2026-03-01", answers=LOW)
    _file(tmp_path, "b-2027.yaml", on="2027-03-01", answers=HIGH)
    _file(tmp_path, "c.yaml", on="2026-05-01", answers=MID, name="Oficina C")
    s = _summary([str(tmp_path)])
    line = {"es": "las rondas anteriores de 1 institución se listan pero no se promedian",
            "en": "the earlier rounds of 1 institution are listed but not averaged"}[lang]
    console = _run("summary", str(tmp_path), "--rules", RULES, "--lang", lang).stdout  # type: ignore[attr-defined]
    assert " ".join(line.split()) in " ".join(console.split())
    assert {"es": "3 autoevaluaciones · 2 instituciones", "en": "3 self-assessments · 2 institutions"}[lang] in console
    assert console.count({"es": "ronda anterior: no se promedia", "en": "earlier round: not averaged"}[lang]) == 1

    data = json.loads(exports.summary_json(s, lang))
    assert line in data["counting"]["note"]
    assert data["counting"] | {"note": ""} == {"assessments": 3, "institutions": 2,
                                              "institutions_with_earlier_rounds": 1, "note": ""}
    assert [(Path(a["path"]).name, a["round_status"], a["in_averages"]) for a in data["assessments"]] == [
        ("b-2026.yaml", "earlier", False), ("b-2027.yaml", "latest", True), ("c.yaml", "latest", True)]
    assert data["groups"]["groups"][-1]["institutions"] == 2
    assert all(g["institutions"] <= 2 for g in data["common_gaps"])

    table = list(csv.reader(io.StringIO(exports.summary_csv(s, lang))))
    yes, no = {"es": ("sí", "no (ronda anterior)"), "en": ("yes", "no (earlier round)")}[lang]
    assert table[0][-1] == {"es": "En promedios", "en": "In averages"}[lang]
    assert [row[-1] for row in table[1:]] == [no, yes, yes]

    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(s, lang)))
    sheet = book.worksheets[0]
    assert [sheet.cell(r, sheet.max_column).value for r in range(2, sheet.max_row + 1)] == [no, yes, yes]
    gaps = book.worksheets[1]
    assert gaps.cell(1, 3).value == {"es": "instituciones", "en": "institutions"}[lang]
    assert line in str(gaps.cell(gaps.max_row, 1).value)
    assert [gaps.cell(r, 3).value for r in range(2, gaps.max_row)] == [g["institutions"] for g in data["common_gaps"]]


def test_without_earlier_rounds_the_line_still_says_what_n_counts(tmp_path: Path) -> None:
    """Each institution once: the title is the count of files, and n is said to count institutions."""
    _file(tmp_path, "b.yaml", on="2026-03-01", answers=LOW)
    _file(tmp_path, "c.yaml", on="2026-05-01", answers=MID, name="Oficina C")
    out = _run("summary", str(tmp_path), "--rules", RULES).stdout  # type: ignore[attr-defined]
    assert "n = institutions: each counts once, by its latest round." in out
    assert out.splitlines()[0].strip() == "2 self-assessments"
    assert "institutions ·" not in out and "not averaged" not in out
