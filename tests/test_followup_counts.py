"""A plan followed up says an untouched action is open, not under way, and flags a critical
action nobody is answerable for (no owner, no due date)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.followup import FollowUpState
from brecha.i18n import ntr, tr

from helpers import ROOT

NEW = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml")
PLAN = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte.plan.yaml")


def test_a04_is_open_critical_and_unassigned() -> None:
    result = api.evaluate_with_plan(NEW, PLAN).follow_up
    a04 = next(a for a in result.actions if a.action.id == "A04")
    assert a04.state is FollowUpState.OPEN and a04.critical and a04.unassigned
    assert a04 in result.unassigned
    # an action with an owner and a date, or one done, is never flagged
    assert all(a.action.owner and a.action.due for a in result.actions if a.critical and not a.unassigned
               and a.state in (FollowUpState.OPEN, FollowUpState.OVERDUE))
    assert all(not a.unassigned for a in result.actions if a.state is FollowUpState.DONE or not a.critical)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_follow_up_words_and_flags(lang: str) -> None:
    result = api.evaluate_with_plan(NEW, PLAN).follow_up
    out = CliRunner().invoke(app, ["evaluate", NEW, "--plan", PLAN, "--detail", "-f", "markdown"],
                             catch_exceptions=False, env={"NO_COLOR": "1", "BRECHA_LANG": lang}).stdout
    opened = result.count(FollowUpState.OPEN)
    assert ntr("followup.count.open", opened, lang) in out
    assert "en curso" not in out
    assert {"es": f"{opened} abiertas", "en": f"{opened} open"}[lang] in out
    assert f"{ntr('followup.unassigned', len(result.unassigned), lang)}: " in out
    assert f"A04 ({tr('followup.missing.both', lang)})" in out
    row = next(line for line in out.splitlines() if line.startswith("| A04 "))
    assert tr("followup.missing.both", lang) in row


def test_follow_up_json_marks_critical_unassigned() -> None:
    out = CliRunner().invoke(app, ["evaluate", NEW, "--plan", PLAN, "-f", "json"], catch_exceptions=False,
                             env={"BRECHA_LANG": "en"}).stdout
    data = json.loads(out)["plan_follow_up"]
    a04 = next(a for a in data["actions"] if a["id"] == "A04")
    assert a04["critical"] is True and a04["unassigned"] is True and a04["state"] == "open"


OLD = str(ROOT / "examples" / "procuraduria-estatal-norte.yaml")


@pytest.mark.parametrize("fmt", ["markdown", "html", "console"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_action_on_a_weakness_no_longer_found_says_so_as_compare_does(lang: str, fmt: str) -> None:
    """A weakness stops being detected as soon as one of its conditions stops holding: compare
    says «ya no se detecta: cambió MX-ISN-02; siguen: MX-ISN-01, MX-ISN-22», so the follow-up of
    the action on it says «ya no se detecta» too, never «cerrada»; a gap no longer in the report
    is closed, and a weakness still found is still detected, not a gap «still open»."""
    follow = api.evaluate_with_plan(NEW, PLAN).follow_up
    comparison = api.compare_paths(OLD, NEW)
    gone = {a.action.id: a.action.weakness for a in follow.actions if a.action.weakness and not a.gap_open}
    found = {a.action.id for a in follow.actions if a.action.weakness and a.gap_open}
    closed = {a.action.id for a in follow.actions if a.action.rule and not a.gap_open}
    assert {"A30", "A27"} <= set(gone) and found and closed
    assert set(gone.values()) <= {w.id for w in comparison.weaknesses_gone}
    command = ["evaluate", NEW] if fmt == "html" else ["compare", OLD, NEW]  # compare has no HTML
    out = CliRunner().invoke(app, [*command, "--plan", PLAN, "-f", fmt], catch_exceptions=False,
                             env={"NO_COLOR": "1", "COLUMNS": "200", "BRECHA_LANG": lang}).stdout
    cells = {"markdown": r"\| ({ids}) \|.*\| ([^|]+) \|$", "html": r"<td>({ids})</td>.*<td>([^<]+)</td></tr>$",
             "console": r"^\s*({ids})\s.*\s{{2,}}(\S.*?)\s*$"}[fmt]
    said: dict[str, str] = {}
    for line in out.splitlines():
        match = re.search(cells.format(ids="|".join(sorted({*gone, *found, *closed}))), line)
        if match:
            said[match.group(1)] = match.group(2).strip()
    assert said.keys() == {*gone, *found, *closed}, said
    assert all(said[i] == tr("weakness.gone", lang) for i in gone), said
    assert all(said[i] == tr("weakness.found", lang) for i in found), said
    assert all(said[i] == tr("followup.gap.closed", lang) for i in closed), said
    if command[0] == "compare":  # compare's own list says it in the same words
        assert f"{tr('weakness.gone', lang)}: " in out


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_follow_up_table_in_the_console_cuts_no_word(lang: str, columns: int) -> None:
    """At 80 columns the owner «Subprocuraduría de Restitución de Derechos» read «Subprocuradu…»:
    a table cell wraps between words, and a word that fits the width is never cut."""
    owners = {a.action.owner for a in api.evaluate_with_plan(NEW, PLAN).follow_up.actions if a.action.owner}
    longest = max((word for owner in owners for word in owner.split()), key=len)
    assert len(longest) >= 15
    for command in (["compare", OLD, NEW], ["evaluate", NEW]):
        out = CliRunner().invoke(app, [*command, "--plan", PLAN], catch_exceptions=False,
                                 env={"NO_COLOR": "1", "COLUMNS": str(columns), "BRECHA_LANG": lang}).stdout
        table = out[out.index(tr("followup.col.owner", lang)):]
        assert "…" not in table and longest in table
        assert max(len(line.rstrip()) for line in out.splitlines()) <= columns
