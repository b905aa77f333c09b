"""A treaty is law only for the states party to it; a statute only in its own country.

Whether an admitted breach of an absolute duty "violates the law" is decided for the assessed
institution's country: a standard lists the states it binds (``binds``, each with where the
ratification is recorded), and an institution of a state it does not list gets the wording of a
duty that admits no exception, never "violates the law"."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from brecha import api, grounding, loading, model
from brecha.codes import Code
from brecha.drafting import build_drafts, is_law
from brecha.evaluation import evaluate, evaluate_brief
from brecha.renderers import markdown

from helpers import ROOT

LIB = api.load_content()
GT_EXAMPLE = ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml"
LAW = {"es": "cada caso admitido viola la ley", "en": "each admitted case violates the law"}
DUTY = {"es": "es contrario a un deber que no admite excepción", "en": "goes against a duty that admits no exception"}


def _as_treaty(lib: model.Library, sid: str, parties: tuple[str, ...]) -> model.Library:
    """``lib`` with standard ``sid`` made a treaty binding exactly ``parties``."""
    binds = tuple(model.Binding(country=c, source="jgc22-texto", date="2000-01-01") for c in parties)
    std = replace(lib.standards[sid], legal_force=model.LegalForce.BINDING_LAW, binds=binds)
    return replace(lib, standards={**lib.standards, sid: std})


def _in(assessment: model.Assessment, jurisdiction: str | None) -> model.Assessment:
    return replace(assessment, institution=replace(assessment.institution, jurisdiction=jurisdiction))


def test_a_treaty_binds_its_parties_and_no_other_state() -> None:
    """With the joint general comments' standard made a treaty that binds Guatemala only, the
    Guatemalan authority's admitted breaches (CRM-PRO-09, CRM-RET-01 rest on it) violate the law;
    the same answers from an institution of the United States or of Canada go against a duty
    that admits no exception, in the report, its brief, and the JSON flag alike."""
    lib = _as_treaty(LIB, "jgc-22-23", ("GT",))
    gt = loading.load_assessment(str(GT_EXAMPLE), lib)
    bound = evaluate(gt, lib)
    assert {d.id for _, d in bound.breaches} == {"CRM-PRO-09", "CRM-RET-01"}
    assert all(d.binding_law for _, d in bound.breaches) and bound.breaches_in_law
    assert evaluate_brief(gt, lib).breaches_in_law
    for lang in ("es", "en"):
        flat = " ".join(markdown.render(bound, lang).split())
        assert LAW[lang] in flat and DUTY[lang] not in flat, lang
    for elsewhere in ("US", "CA"):
        other = evaluate(_in(gt, elsewhere), lib)
        assert {d.id for _, d in other.breaches} == {"CRM-PRO-09", "CRM-RET-01"}, elsewhere
        assert not any(d.binding_law for _, d in other.breaches) and not other.breaches_in_law, elsewhere
        assert not evaluate_brief(_in(gt, elsewhere), lib).breaches_in_law, elsewhere
        for lang in ("es", "en"):
            flat = " ".join(markdown.render(other, lang).split())
            assert DUTY[lang] in flat and LAW[lang] not in flat, (elsewhere, lang)


def test_without_a_jurisdiction_the_institution_types_country_decides() -> None:
    """An assessment that gives no jurisdiction is read in its institution type's country
    (gt-pgn-pna is Guatemalan): bound where the treaty binds Guatemala, not where it does not."""
    gt = _in(loading.load_assessment(str(GT_EXAMPLE), LIB), None)
    assert evaluate(gt, _as_treaty(LIB, "jgc-22-23", ("GT",))).breaches_in_law
    assert not evaluate(gt, _as_treaty(LIB, "jgc-22-23", ("HN", "SV"))).breaches_in_law


def test_a_statute_is_law_in_its_own_country_only() -> None:
    """The Ley de Migración and the LGDNNA (jurisdiction MX) make MX-ISN-08 absolute: law for a
    Mexican state's institution, and for a Mexican one with no state given; not for a
    Guatemalan one, nor where the place is unknown. An interpretation is law nowhere."""
    absolute = LIB.rules["MX-ISN-08"].absolute
    assert absolute is not None
    for where in ("MX", "MX-ROO", "MX-CHP"):
        assert grounding.binding_law(LIB, absolute.provisions, where), where
    for where in ("GT", "US", None, ""):
        assert not grounding.binding_law(LIB, absolute.provisions, where), where
    jgc = [p.id for p in LIB.standards["jgc-22-23"].provisions]
    assert not any(grounding.binding_law(LIB, jgc, where) for where in ("MX", "GT", "US"))
    state_law = replace(LIB.standards["lgdnna"], jurisdiction="MX-ROO")
    assert state_law.binds_in("MX-ROO") and not state_law.binds_in("MX-CHP") and not state_law.binds_in("MX")


def test_a_draft_cites_a_treaty_as_law_only_to_its_parties() -> None:
    """A verified treaty provision is law in a draft for a party's institution, and no law (an
    interpretive criterion either: see below) for an institution of a state not party to it."""
    lib = _as_treaty(LIB, "jgc-22-23", ("GT",))
    std = lib.standards["jgc-22-23"]
    cited = [p for p in std.provisions if p.confidence is model.Confidence.VERIFIED and p.locator_verified and p.locator]
    assert cited
    assert all(is_law(p, std, "GT") for p in cited)
    assert not any(is_law(p, std, "US") for p in cited)
    gt = loading.load_assessment(str(GT_EXAMPLE), lib)
    law = {c.provision_id for d in build_drafts(evaluate(gt, lib), gt, lib).drafts for c in d.law}
    us = _in(gt, "US")
    law_us = {c.provision_id for d in build_drafts(evaluate(us, lib), us, lib).drafts for c in d.law}
    ids = {p.id for p in cited}
    assert law & ids and not law_us & ids


def test_a_draft_names_a_treaty_the_state_is_not_party_to_as_such() -> None:
    """The Guatemalan example's draft for CRM-PRO-09: Guatemala is party to the American
    Convention, so art. 22(8) is cited as law, and the draft says that the law cited does not
    itself state the prior assessment as a duty without exception (JGC 22 para. 46 does, an
    interpretive criterion). Moved to Belize, not a party, the Convention is neither law nor an
    interpretive criterion: it is named among the references not cited as law, as a treaty the
    State is not party to. With no place known, it is named as binding only in its own
    jurisdiction."""
    from brecha.renderers import drafts as render

    gt = loading.load_assessment(str(GT_EXAMPLE), LIB)

    def draft_of(a: model.Assessment, lib: model.Library = LIB) -> tuple[object, str, str]:
        ds = build_drafts(evaluate(a, lib), a, lib)
        (d,) = [d for d in ds.drafts if d.rule_id == "CRM-PRO-09"]
        section = {lang: render.render_markdown(ds, lang).split("CRM-PRO-09", 1)[1].split("\n## ", 1)[0]
                   for lang in ("es", "en")}
        return d, section["es"], section["en"]

    d, es, en = draft_of(gt)
    assert "cadh.art-22-8" in {c.provision_id for c in d.law}  # type: ignore[attr-defined]
    assert [c.provision_id for c in d.absolute_by] == ["jgc-22-23.jgc22.p46"]  # type: ignore[attr-defined]
    assert "La ley citada no establece por sí misma" in es and "The law cited does not itself state" in en
    assert "no es parte" not in es
    for where, said_es, said_en in (("BZ", "tratado del que el Estado de la institución (BZ) no es parte",
                                     "a treaty the institution's State (BZ) is not party to"),
                                    (None, "obliga sólo en su jurisdicción, y no consta la de la institución",
                                     "binding only in its own jurisdiction, and the institution's is not known")):
        lib = LIB
        if where is None:  # no jurisdiction, and a type of no known country: the place is unknown
            itype = LIB.institution_types[gt.institution.type]
            lib = replace(LIB, institution_types={**LIB.institution_types, itype.id: replace(itype, country=None)})
        d, es, en = draft_of(_in(gt, where), lib)
        ids = {c.provision_id for c in (*d.law, *d.interpretation)}  # type: ignore[attr-defined]
        assert "cadh.art-22-8" not in ids, where
        # Belize is party to the 1951 Convention, so only the American Convention is left out there
        expected = ["cadh.art-22-8"] if where else ["cadh.art-22-8", "refugiados-1951.art-33"]
        assert [c.provision_id for c in d.not_law_here] == expected, where  # type: ignore[attr-defined]
        interpretation_es = es.split("**Criterios de interpretación.**", 1)[1].split("\n", 1)[0]
        assert "CADH" not in interpretation_es and "CADH (art. 22, párr. 8), «" in es and said_es in es, where
        assert "ACHR (art. 22, para. 8), “" in en and said_en in en, where


_STANDARD = """\
kind: Standard
schema_version: 1
id: tratado-prueba
title: {es: Tratado de prueba, en: Test treaty}
publisher: Nadie
issued: "1969-11-22"
legal_force: LEGAL
jurisdiction: Estados parte
sources: [jgc22-texto]
BINDS
provisions:
  - id: tratado-prueba.art-1
    title: {es: Artículo 1, en: Article 1}
    confidence: verified
    sources: [jgc22-texto]
"""


def _lint(tmp_path: Path, binds: str, legal: str = "binding-law") -> list[tuple[str, int, str]]:
    path = tmp_path / "tratado.yaml"
    path.write_text(_STANDARD.replace("BINDS", binds).replace("LEGAL", legal), encoding="utf-8")
    context = [str(p) for p in (ROOT / "src" / "brecha" / "content" / "standards").glob("sources*.yaml")]
    result = loading.read_library([str(path)], context=context)
    return [(i.code.value, i.location.line, i.location.pointer) for i in result.issues
            if i.location.path.endswith("tratado.yaml") and i.code is not Code.UNCOVERED_PROVISION]


def test_a_bad_list_of_parties_is_a_located_error(tmp_path: Path) -> None:
    """A code that is no ISO country, a state listed twice, an unknown source and a missing
    source are each reported at their own line; so is a list of parties on an interpretation;
    a binding standard with no parties and no ISO jurisdiction is warned of; a good list is clean."""
    good = ('binds:\n  - {country: GT, source: jgc22-texto, date: "1978-05-25"}\n'
            '  - {country: MX, source: jgc22-texto, date: "1981-03-24"}')
    assert _lint(tmp_path, good) == []
    bad = ('binds:\n  - {country: GT, source: jgc22-texto, date: "1978-05-25"}\n'
           '  - {country: XX, source: jgc22-texto, date: "1981"}\n'
           '  - {country: GT, source: jgc22-texto, date: "1981"}\n'
           '  - {country: MX, source: no-such-source, date: "1981"}')
    found = _lint(tmp_path, bad)
    assert ("treaty-parties", 12, "/binds/1/country") in found
    assert ("treaty-parties", 13, "/binds/2/country") in found
    assert ("unknown-source", 14, "/binds/3/source") in found
    missing = _lint(tmp_path, 'binds:\n  - {country: GT, date: "1978"}')
    assert [(code, line) for code, line, _ in missing] == [("schema", 11)]
    lower = _lint(tmp_path, 'binds:\n  - {country: gt, source: jgc22-texto, date: "1978"}')
    assert [(code, line) for code, line, _ in lower] == [("schema", 11)]
    assert [c for c, _, _ in _lint(tmp_path, good, "interpretation")] == ["treaty-parties"]
    assert [c for c, _, _ in _lint(tmp_path, "")] == ["treaty-parties"]  # binds nobody: a warning


def test_a_treaty_not_binding_the_institution_is_not_cited_beside_its_breach() -> None:
    """Beside an admitted breach a report cites where the duty is stated: for an institution of a
    State not party to a treaty (or of another country than a statute's) that treaty is left out,
    as it is not that institution's law; for a party it is cited. Where the place is unknown,
    nothing is left out."""
    lib = _as_treaty(LIB, "jgc-22-23", ("GT",))
    p46 = "jgc-22-23.jgc22.p46"
    assert grounding.cited_in(lib, (p46, "oc-21-14.cap-13"), "GT") == (p46, "oc-21-14.cap-13")
    assert grounding.cited_in(lib, (p46, "oc-21-14.cap-13"), "US") == ("oc-21-14.cap-13",)
    assert grounding.cited_in(lib, (p46,), None) == (p46,)
    statute = LIB.rules["MX-ISN-08"].absolute
    assert statute is not None
    assert grounding.cited_in(LIB, statute.provisions, "MX-ROO") == statute.provisions
    assert grounding.cited_in(LIB, statute.provisions, "GT") == ()
    gt = loading.load_assessment(str(GT_EXAMPLE), lib)
    us = {d.id: d.cite for _, d in evaluate(_in(gt, "US"), lib).breaches}
    assert us["CRM-RET-01"] is not None and "22/23" not in (us["CRM-RET-01"].es or "")
    bound = {d.id: d.cite for _, d in evaluate(gt, lib).breaches}
    assert "OG 22, párr. 33" in (bound["CRM-RET-01"].es or "")
