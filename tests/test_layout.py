"""The plain layout prints exactly what rich prints without a terminal, or says it cannot."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from brecha import api
from brecha.renderers import console, layout
from brecha.renderers import summary as summary_view
from brecha.summarizing import GroupBy, SummaryOptions, View

from helpers import MINI, ROOT

WIDTHS = (30, 41, 57, 80, 100, 123, 200)
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if (p.with_suffix(".report.txt")).exists())


def rich_text(renderable: object, width: int) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False).print(renderable)
    return buffer.getvalue()


def same(renderable: object, width: int) -> None:
    assert layout.plain([renderable], width) == rich_text(renderable, width)  # type: ignore[list-item]


@pytest.mark.parametrize("example", [*EXAMPLES, MINI.parent / "mini-assessment.yaml"], ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_report_prints_as_rich_prints_it(example: Path, lang: str) -> None:
    report = api.evaluate_path(str(example), str(MINI) if example.name == "mini-assessment.yaml" else None)
    renderable = console.render(report, lang)
    for width in WIDTHS:
        same(renderable, width)


@pytest.mark.parametrize("options", [SummaryOptions(), SummaryOptions(by=View.STAGE),
                                     SummaryOptions(group_by=GroupBy.TYPE), SummaryOptions(group_by=GroupBy.COUNTRY)],
                         ids=["rulesets", "stages", "by-type", "by-country"])
def test_the_summary_prints_as_rich_prints_it(options: SummaryOptions) -> None:
    result = api.summarize_paths([str(ROOT / "examples")], options=options)
    for lang in ("es", "en"):
        renderable = summary_view.render(result, lang)
        for width in WIDTHS:
            same(renderable, width)


@pytest.mark.parametrize("min_group", [1, 2])
def test_the_anonymised_summary_prints_as_rich_prints_it(min_group: int) -> None:
    anonymous, _ = api.summarize_anonymous([str(ROOT / "examples")], min_group=min_group, group_by=GroupBy.TYPE)
    for lang in ("es", "en"):
        renderable = summary_view.render_anonymous(anonymous, lang)
        for width in WIDTHS:
            same(renderable, width)


def test_the_characters_taken_as_one_cell_are_one_cell_for_rich() -> None:
    ranges = [(0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0xFF), *layout._WIDE_OK]
    for low, high in ranges:
        chars = "".join(map(chr, range(low, high + 1)))
        assert layout._checked(chars) == chars
        assert [c for c in chars if cell_len(c) != 1] == [], hex(low)
        assert cell_len(chars) == len(chars)


@pytest.mark.parametrize("text", ["tab\there", "wide 中文", "emoji ⚠️", "e\u0301 combining", "soft\xadhyphen",
                                  "zero\u200bwidth", "line\u2028separator"])
def test_text_it_cannot_measure_is_left_to_rich(text: str) -> None:
    with pytest.raises(layout.Unsupported):
        layout.plain([layout.Text(text)], 40)


@pytest.mark.parametrize("cell", ["[bold]x[/bold]", "a :warning: b"])
def test_markup_in_plain_strings_is_left_to_rich(cell: str) -> None:
    table = layout.Table()
    table.add_column("h")
    table.add_row(cell)
    with pytest.raises(layout.Unsupported):
        layout.plain([table], 40)


WORDS = st.text(alphabet="abcdefghijklmnñopqrstuvwxyzÁé·→—.,;!-_/ ", min_size=0, max_size=30)
# with the control codes rich strips from a text before measuring it
TEXTS = st.lists(st.one_of(WORDS, st.just("\n"), st.text(alphabet="xyz", min_size=15, max_size=60),
                           st.sampled_from(["\r", "\x07", "\x0b"])), max_size=6).map("".join)
CELLS = st.one_of(TEXTS.map(layout.Text), TEXTS)  # a table takes plain strings too


@st.composite
def tables(draw: st.DrawFn) -> layout.Table:
    box = draw(st.sampled_from([layout.SIMPLE_HEAD, layout.HEAVY_HEAD, layout.ROUNDED, None]))
    if box is None:
        table = layout.Table.grid(padding=draw(st.sampled_from([0, (0, 1), (0, 2)])))
    else:
        table = layout.Table(title=draw(st.one_of(st.none(), WORDS.map(layout.Text))), box=box,
                             expand=draw(st.booleans()), pad_edge=draw(st.booleans()), show_edge=draw(st.booleans()),
                             show_lines=draw(st.booleans()), title_justify=draw(st.sampled_from(["left", "center"])))
    columns = draw(st.integers(1, 4))
    for _ in range(columns):
        options = {"justify": draw(st.sampled_from(["left", "right", "center"])), "no_wrap": draw(st.booleans()),
                   "overflow": draw(st.sampled_from(["fold", "ellipsis", "crop"]))}
        if draw(st.booleans()):
            options["ratio"] = draw(st.integers(1, 3))
        if draw(st.booleans()):
            options["min_width"] = draw(st.integers(1, 20))
        table.add_column(draw(WORDS), **options)
    for _ in range(draw(st.integers(0, 4))):
        table.add_row(*(draw(CELLS) for _ in range(columns)))
    return table


@st.composite
def renderables(draw: st.DrawFn) -> object:
    inner = draw(st.one_of(TEXTS.map(layout.Text), tables()))
    wrap = draw(st.sampled_from(["none", "panel", "padding", "group"]))
    if wrap == "panel":
        return layout.Panel(inner, title=draw(st.one_of(st.none(), WORDS.map(layout.Text))), expand=draw(st.booleans()))
    if wrap == "padding":
        return layout.Padding(inner, draw(st.sampled_from([(0, 0, 1, 2), (0, 0, 0, 2), (1, 1)])))
    if wrap == "group":
        return layout.Group(inner, layout.Text(draw(TEXTS)))
    return inner


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab é·—-.", max_size=90), st.integers(1, 40), st.booleans())
def test_lines_break_where_rich_breaks_them(text: str, width: int, fold: bool) -> None:
    """Where a line breaks is rich's own ``divide_line`` (its line-at-a-time path for text spaced
    with plain spaces included, and the word-by-word one it falls back to)."""
    from rich._wrap import divide_line

    assert layout._divide_line(text, width, fold) == divide_line(text, width, fold)


@settings(max_examples=300, deadline=None)
@given(renderables(), st.integers(1, 130))
def test_any_layout_prints_as_rich_prints_it(renderable: object, width: int) -> None:
    with contextlib.suppress(layout.Unsupported):
        same(renderable, width)


def test_the_command_prints_the_saved_report_without_rich(tmp_path: Path) -> None:
    example = ROOT / "examples" / "procuraduria-estatal-norte.yaml"
    script = tmp_path / "run.py"
    script.write_text("import sys\nfrom brecha.cli import main\ntry:\n    main()\nfinally:\n"
                      "    sys.stderr.write('rich loaded' if 'rich' in sys.modules else 'rich not loaded')\n", "utf-8")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "BRECHA_LANG": "es"}  # as the saved reports
    env.pop("FORCE_COLOR", None)
    done = subprocess.run([sys.executable, str(script), "evaluate", f"examples/{example.name}"], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)
    assert done.stdout == example.with_suffix(".report.txt").read_text("utf-8")
    assert done.stderr.endswith("rich not loaded")
