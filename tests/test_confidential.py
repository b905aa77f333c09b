"""summary --anonymise: groups only, small groups suppressed, no text from the assessments."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from brecha import api, yamlio
from brecha.cli import app
from brecha.i18n import Lang
from brecha.renderers.formats import SUMMARY, SUMMARY_ANONYMOUS, Output, Rich
from brecha.summarizing import AnonymousSummary, GroupBy, SummaryOptions

from helpers import ROOT

SOURCE = ROOT / "examples" / "estado-ilustrativo" / "dif-municipal-frontera.yaml"
SECRETS = ("Nombre-Secreto", "Nota-Secreta", "Evidencia-Secreta", "Ronda-Secreta", "Persona-Secreta",
           "Justificacion-Secreta", "archivo-secreto", "2026-09-2")


def _copies(folder: Path, n: int, *, name: str = "Nombre-Secreto-{i}", jurisdiction: str = "MX-VER",
            level: str = "municipal", start: int = 0) -> None:
    """``n`` municipal DIFs made from the example, each with secret text in every free field."""
    text = SOURCE.read_text(encoding="utf-8")
    for i in range(start, start + n):
        body = (text.replace("Sistema DIF municipal de Puerto Ilustrativo (ficticio)", name.format(i=i))
                .replace("jurisdiction: MX-VER", f"jurisdiction: {jurisdiction}")
                .replace("level: municipal", f"level: {level}")
                .replace('round: "2026"', f'round: "Ronda-Secreta-{i}"')
                .replace("Persona responsable del albergue municipal (ficticia)", f"Persona-Secreta-{i}")
                .replace("Fuera del horario de oficina no hay quien reciba", f"Nota-Secreta-{i}")
                .replace("Bitácora del albergue", f"Evidencia-Secreta-{i}")
                .replace("  MX-VAD-07:\n    value: inexistente",
                         f"  MX-VAD-07:\n    value: not_applicable\n    justification: Justificacion-Secreta-{i}"))
        (folder / f"archivo-secreto-{i}.yaml").write_text(body, encoding="utf-8")


def _text(output: Output) -> str:
    """Any rendered output as searchable text (a workbook: every XML part inside it)."""
    if isinstance(output, Rich):
        buffer = io.StringIO()
        Console(file=buffer, width=120, color_system=None).print(output.renderable)
        return buffer.getvalue()
    if isinstance(output, bytes):
        with zipfile.ZipFile(io.BytesIO(output)) as book:
            return "\n".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return output


def _shared(folder: Path, **kwargs: object) -> AnonymousSummary:
    shared, _ = api.summarize_anonymous([str(folder)], **kwargs)  # type: ignore[arg-type]
    return shared


def test_no_name_note_or_file_survives_in_any_format(tmp_path: Path) -> None:
    """Six institutions with secret names, notes, evidence, rounds, assessors, justifications and
    file names: the full summary shows them; the confidential one, in every format and language,
    shows none, yet still shows the group."""
    _copies(tmp_path, 6)
    full = api.summarize_paths([str(tmp_path)])
    full_text = "".join(_text(SUMMARY.render(f, full, Lang.ES)) for f in ("csv", "json"))
    assert "Nombre-Secreto-3" in full_text and "archivo-secreto-3" in full_text  # the secrets are really there
    shared = _shared(tmp_path)
    assert [g.count for g in shared.groups] == [6] and shared.total is not None
    for fmt in SUMMARY_ANONYMOUS.names:
        for lang in Lang:
            text = _text(SUMMARY_ANONYMOUS.render(fmt, shared, lang))
            leaked = [s for s in SECRETS if s in text] + ([str(tmp_path)] if str(tmp_path) in text else [])
            assert not leaked, (fmt, lang, leaked)
            assert "6" in text and "MX" in text, (fmt, lang)


def test_groups_below_the_minimum_are_suppressed_figures_and_all(tmp_path: Path) -> None:
    """Four institutions and a minimum of five: no group, no total, no score; one group suppressed."""
    _copies(tmp_path, 4)
    shared = _shared(tmp_path)
    assert shared.groups == () and shared.total is None and shared.suppressed_groups == 1
    data = json.loads(SUMMARY_ANONYMOUS.render("json", shared, Lang.EN))  # type: ignore[arg-type]
    assert data["groups"] == [] and data["total"] is None and data["common_gaps"] == []
    assert _shared(tmp_path, min_group=4).groups[0].count == 4  # the user sets the size


def test_totals_cover_published_groups_only(tmp_path: Path) -> None:
    """A small group beside a published one is not in the total, so it cannot be recovered by
    subtracting the published groups from the total."""
    _copies(tmp_path, 5)
    _copies(tmp_path, 2, name="Otro-Secreto-{i}", level="state", start=10)
    shared = _shared(tmp_path)
    assert [g.level.id for g in shared.groups if g.level] == ["municipal"]
    assert shared.total is not None and shared.total.count == 5 and shared.suppressed_groups == 1
    assert shared.total.means == shared.groups[0].means


def test_an_institution_counts_once_whatever_its_rounds(tmp_path: Path) -> None:
    """Five rounds of one office are not a group of five."""
    _copies(tmp_path, 5, name="Misma-Oficina")
    for i, path in enumerate(sorted(tmp_path.glob("*.yaml"))):
        path.write_text(path.read_text(encoding="utf-8").replace('"2026-09-25"', f'"202{i}-01-01"'), encoding="utf-8")
    shared = _shared(tmp_path)
    assert shared.groups == () and shared.suppressed_groups == 1


def test_a_rule_set_mean_needs_the_minimum_too(tmp_path: Path) -> None:
    """In a published group, a rule set used by fewer than the minimum shows no mean."""
    _copies(tmp_path, 5)
    one = tmp_path / "archivo-secreto-0.yaml"
    document = yamlio.parse(one.read_bytes(), str(one)).data
    (used,) = document["rulesets"]
    assert used["id"] == "ruta-mx"
    answered = f"rulesets:\n  - id: ruta-mx\n    version: {used['version']}"
    regional = one.read_text(encoding="utf-8").replace(
        answered, f"{answered}\n  - id: crm-regional\n    version: 0.1.0")
    assert regional != one.read_text(encoding="utf-8")
    one.write_text(regional, encoding="utf-8")
    shared = _shared(tmp_path)
    means = dict(shared.groups[0].means)
    assert means["ruta-mx"] is not None and means.get("crm-regional") is None


def test_one_dimension_groups_the_example_state(tmp_path: Path) -> None:
    """The example state's five institutions differ in type and level; grouped by jurisdiction they
    are one group of five, published without a single name."""
    shared = _shared(ROOT / "examples" / "estado-ilustrativo", group_by=GroupBy.JURISDICTION)
    assert [(g.region, g.count) for g in shared.groups] == [("MX-VER", 5)]
    assert all(g.type is None and g.level is None for g in shared.groups)
    text = _text(SUMMARY_ANONYMOUS.render("console", shared, Lang.ES))
    assert "Ilustrativo" not in text and "Puerta Abierta" not in text and "MX-VER" in text


def test_filters_apply_before_grouping(tmp_path: Path) -> None:
    """--level and the other filters choose the institutions before they are grouped."""
    _copies(tmp_path, 5)
    _copies(tmp_path, 5, name="Otro-Secreto-{i}", level="state", start=10)
    shared, _ = api.summarize_anonymous([str(tmp_path)], options=SummaryOptions(levels=("state",)))
    assert [(g.level.id if g.level else None, g.count) for g in shared.groups] == [("state", 5)]


@pytest.mark.parametrize("fmt", SUMMARY_ANONYMOUS.names)
def test_command_line(tmp_path: Path, fmt: str) -> None:
    """`summary --anonymise` in each format; the minimum group is at least 2."""
    _copies(tmp_path, 5)
    out = tmp_path / f"out.{fmt}"
    runner = CliRunner()
    env = {"NO_COLOR": "1", "BRECHA_LANG": "en"}
    result = runner.invoke(app, ["summary", str(tmp_path / "archivo-secreto-0.yaml"), *map(str, sorted(
        tmp_path.glob("archivo-secreto-[1-4].yaml"))), "--anonymise", "-f", fmt, "-o", str(out)], env=env,
        catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert out.exists() and out.stat().st_size > 0
    refused = runner.invoke(app, ["summary", str(tmp_path), "--anonymise", "--min-group", "1"], env=env,
                            catch_exceptions=False)
    assert refused.exit_code == 2
