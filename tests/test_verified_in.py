"""A provision verified somewhere other than the official text itself says where.

The American Convention's art. 22(8) was read as the IACHR reproduces it, not in the OAS Treaty
Series: every place that says how well a provision is known says «verificado en la reproducción
de la CIDH», never «verificado en el texto oficial»; a provision verified in the official text
keeps that label, and ``verified_in`` on a provision not marked verified is a located error."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from brecha import api, loading
from brecha.codes import Code
from brecha.explaining import explain
from brecha.renderers import console, html, markdown

from helpers import ROOT

LIB = api.load_content()
GT = ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml"
SAID = {"es": "verificado en la reproducción de la CIDH", "en": "verified in the IACHR's reproduction"}
OFFICIAL = {"es": "verificado en el texto oficial", "en": "verified against the official text"}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_convention_is_said_to_be_verified_in_the_iachrs_reproduction() -> None:
    rep = api.evaluate_path(str(GT))
    for lang in ("es", "en"):
        buffer = io.StringIO()
        Console(file=buffer, width=200, color_system=None, force_terminal=False).print(console.render_detail(rep, lang))
        for name, text in (("detail", buffer.getvalue()), ("markdown", markdown.render(rep, lang)),
                           ("html", html.render(rep, lang))):
            flat = _flat(text.replace("&#x27;", "'").replace("&#39;", "'").replace("\\'", "'"))
            cadh = flat.index("art. 22, pár" if lang == "es" else "art. 22, para")
            assert SAID[lang] in flat[cadh:cadh + 200], (lang, name)
            refugee = flat.index("art. 33")
            assert OFFICIAL[lang] in flat[refugee:refugee + 200], (lang, name)


def test_explain_says_where_the_provision_was_verified() -> None:
    for lang in ("es", "en"):
        shown = _flat(" ".join(v for _, v in explain(LIB, "cadh.art-22-8", lang).fields))
        assert SAID[lang] in shown and OFFICIAL[lang] not in shown, (lang, shown)
        rule = _flat(" ".join(v for _, v in explain(LIB, "CRM-PRO-09", lang).fields))
        assert SAID[lang] in rule and OFFICIAL[lang] in rule, lang  # the Joint GCs keep theirs


def test_verified_in_only_on_a_verified_provision(tmp_path: Path) -> None:
    text = (ROOT / "src" / "brecha" / "content" / "standards" / "cadh.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "cadh.yaml"
    bad.write_text(text.replace("    confidence: verified\n    verified_in:", "    confidence: secondary\n    verified_in:"),
                   encoding="utf-8")
    context = [str(p) for p in (ROOT / "src" / "brecha" / "content" / "standards").glob("sources*.yaml")]
    found = [i for i in loading.read_library([str(bad)], context=context).issues
             if i.location.path.endswith("cadh.yaml") and i.code is Code.SCHEMA]
    assert found and all(i.location.line > 0 for i in found)
