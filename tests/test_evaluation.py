"""Evaluation: scores, gaps, critical gaps, evidence, weaknesses (three-valued)."""

from __future__ import annotations

import pytest

from brecha import conditions, model
from brecha.conditions import holds
from brecha.evaluation import evaluate

from helpers import assessment


class TestScores:
    def test_weighted_mean(self, mini: model.Library) -> None:
        """Score = sum(weight * value) / sum(weight) over applicable rules."""
        # agency-a: T-ENT-01 (critical, w4, frequency) and T-ENT-02 (normal, w1, maturity)
        report = evaluate(assessment("agency-a", "federal", {
            "T-ENT-01": ("sometimes", ("memo",), None), "T-ENT-02": ("defined", (), None)}), mini)
        assert report.overall.claimed == pytest.approx(100 * (4 * 0.5 + 1 * 0.5) / 5)
        assert report.overall.rules == 2

    def test_not_applicable_leaves_the_denominator(self, mini: model.Library) -> None:
        """A justified not_applicable answer neither adds nor subtracts."""
        report = evaluate(assessment("agency-a", "federal", {
            "T-ENT-01": ("always", ("memo",), None),
            "T-ENT-02": ("not_applicable", (), "No first contact here")}), mini)
        assert report.overall.claimed == pytest.approx(100)
        assert report.overall.not_applicable == 1
        assert [n.rule_id for n in report.not_applicable] == ["T-ENT-02"]

    def test_unanswered_counts_zero_and_is_listed(self, mini: model.Library) -> None:
        """A missing answer stays in the denominator at 0 and is listed."""
        report = evaluate(assessment("agency-a", "federal", {"T-ENT-02": "monitored"}), mini)
        assert report.overall.claimed == pytest.approx(100 * 1 / 5)
        assert [u.rule_id for u in report.unanswered] == ["T-ENT-01"]
        assert report.unanswered[0].critical

    def test_evidenced_score_drops_unbacked_claims(self, mini: model.Library) -> None:
        """A level at or above required_from counts in the evidenced score only with evidence."""
        report = evaluate(assessment("agency-a", "federal", {
            "T-ENT-01": "always", "T-ENT-02": ("monitored", ("form",), None)}), mini)
        assert report.overall.claimed == pytest.approx(100)
        assert report.overall.evidenced == pytest.approx(100 * (4 * 0.5 + 1) / 5)
        assert [u.rule_id for u in report.unevidenced] == ["T-ENT-01"]

    def test_breakdowns(self, mini: model.Library) -> None:
        """Scores exist per phase, standard, responsible institution and rule set."""
        report = evaluate(assessment("office-b", "state", {"T-DEC-01": "defined", "T-DEC-02": "always"}), mini)
        assert [line.id for line in report.by_phase] == ["entry", "decision"]
        assert {line.id for line in report.by_standard} == {"law"}
        assert {line.id for line in report.by_institution} == {"office-b", "agency-a", "child-protection-authority"}
        assert report.by_ruleset[0].score.claimed == report.overall.claimed

    def test_applicability_by_category_and_level(self, mini: model.Library) -> None:
        """Rules apply by type or category; a levels list narrows them."""
        federal = evaluate(assessment("office-b", "federal", {}), mini)
        state = evaluate(assessment("office-b", "state", {}), mini)
        assert {u.rule_id for u in federal.unanswered} == {"T-ENT-02", "T-DEC-01"}
        assert {u.rule_id for u in state.unanswered} == {"T-ENT-02", "T-DEC-01", "T-DEC-02"}


class TestGaps:
    def test_gap_priority_and_order(self, mini: model.Library) -> None:
        """Gaps are below-target answers; critical first, then by weight x distance."""
        report = evaluate(assessment("office-b", "state", {
            "T-ENT-02": "absent", "T-DEC-01": "initial", "T-DEC-02": "never"}), mini)
        assert [g.rule_id for g in report.gaps] == ["T-DEC-01", "T-DEC-02", "T-ENT-02"]
        first = report.gaps[0]
        assert first.critical and first.priority == pytest.approx(4 * (0.5 - 0.25))
        assert report.gaps[1].priority == pytest.approx(1.0)
        assert [p.id for p in first.provisions] == ["law.art-2.fr-2", "law.art-1"]

    def test_target_reached_is_no_gap(self, mini: model.Library) -> None:
        """An answer at the rule's own target (defined for T-DEC-01) is not a gap."""
        report = evaluate(assessment("office-b", "federal", {"T-DEC-01": "defined", "T-ENT-02": "monitored"}), mini)
        assert report.gaps == ()

    def test_critical_gap_caps_the_rating(self, mini: model.Library) -> None:
        """With a critical gap the rating cannot be the top band, whatever the score."""
        top = evaluate(assessment("office-b", "state", {
            "T-ENT-02": ("monitored", ("f",), None), "T-DEC-01": "monitored", "T-DEC-02": "always"}), mini)
        assert top.rating == "top" and not top.rating_capped
        capped = evaluate(assessment("office-b", "state", {
            "T-ENT-02": ("monitored", ("f",), None), "T-DEC-01": "initial", "T-DEC-02": "always"}), mini)
        assert capped.overall.evidenced is not None and capped.overall.evidenced >= 50
        assert capped.critical_gaps and capped.rating != "top"

    def test_renamed_rule_answer_counts(self, mini: model.Library) -> None:
        """An answer under an old ID (alias) counts for the renamed rule, with a notice."""
        report = evaluate(assessment("office-b", "federal", {"T-OLD-01": "monitored"}), mini)
        assert "T-DEC-01" not in {u.rule_id for u in report.unanswered}
        assert "renamed" in {n.code for n in report.notices}

    def test_version_mismatch_is_noticed(self, mini: model.Library) -> None:
        """An assessment made with another rule-set version gets a notice."""
        report = evaluate(assessment("office-b", "federal", {}, version="0.9.0"), mini)
        assert "version" in {n.code for n in report.notices}


class TestWeaknesses:
    def test_detected_when_condition_holds(self, mini: model.Library) -> None:
        """Plan on paper but the child not always heard: T-W01 is reported."""
        report = evaluate(assessment("office-b", "state", {"T-DEC-01": "defined", "T-DEC-02": "sometimes"}), mini)
        assert [w.id for w in report.weaknesses] == ["T-W01"]
        assert report.weaknesses[0].triggered_by == ("T-DEC-01", "T-DEC-02")

    def test_silence_never_proves_a_weakness(self, mini: model.Library) -> None:
        """With T-DEC-02 unanswered, not(T-DEC-02 is always) is unknown, so nothing is reported."""
        report = evaluate(assessment("office-b", "state", {"T-DEC-01": "defined"}), mini)
        assert report.weaknesses == ()

    @pytest.mark.parametrize(("items", "expected"), [
        ((True, True), True), ((True, None), None), ((False, None), False), ((None, None), None)])
    def test_kleene_all(self, items: tuple[bool | None, ...], expected: bool | None) -> None:
        """all: false dominates, then unknown."""
        leaves = {True: "a", False: "b", None: "c"}
        cond = conditions.AllOf(items=tuple(conditions.AnswerTest(rule=leaves[i], op=conditions.Operator.IS, value="x", pointer="")
                                     for i in items))
        lookup = _lookup()
        assert holds(cond, lookup) is expected
        assert holds(conditions.Negation(item=cond), lookup) is (None if expected is None else not expected)

    @pytest.mark.parametrize(("items", "expected"), [
        ((False, False), False), ((False, None), None), ((True, None), True)])
    def test_kleene_any(self, items: tuple[bool | None, ...], expected: bool | None) -> None:
        """any: true dominates, then unknown."""
        leaves = {True: "a", False: "b", None: "c"}
        cond = conditions.AnyOf(items=tuple(conditions.AnswerTest(rule=leaves[i], op=conditions.Operator.IS, value="x", pointer="")
                                      for i in items))
        assert holds(cond, _lookup()) is expected


def _lookup() -> dict[str, conditions.Facts]:
    def known(rule: str, value: str | None) -> conditions.Facts:
        return conditions.Facts(rule_id=rule, value=value, evidenced=False, levels=("y", "x"))
    return {"a": known("a", "x"), "b": known("b", "y"), "c": known("c", None)}
