"""How well each rule is grounded, judged against its own rule set's basis. Pure.

A rule set may declare its basis: the *home* instrument it puts into practice (SIPINNA's
Ruta for ``ruta-mx``, the RCM Guidelines for ``crm-regional``) and the standards that make
up its *legal* basis (the Ley de Migración and the LGDNNA; the joint general comments and
OC-21/14). A rule's grounding is the best confidence among the provisions it implements in
each of the two, so a verified citation of some third standard cannot hide that a rule
reaches its own instrument only through reconstruction.

A rule's basis is *verified* when a provision of its home instrument or of its legal basis
is verified; it is *weak* when its home-instrument provisions are at best reconstructed (or
it cites none) and none of its legal-basis provisions is verified.
"""

from __future__ import annotations

from collections.abc import Iterable

from brecha import model
from brecha.frozen import record
from brecha.i18n import worded_locator

__all__ = ["Grounding", "binding_law", "cite", "cited_in", "ground", "grounds", "place"]

_RANK = {c: i for i, c in enumerate(model.Confidence)}  # the enum runs from best to weakest
_STRONG_HOME = (model.Confidence.VERIFIED, model.Confidence.OFFICIAL_SUMMARY)


@record(kw_only=True)
class Grounding:
    """One rule's grounding in its rule set's home instrument and legal basis."""

    rule_id: str
    home_standard: str
    legal_standards: tuple[str, ...]
    home: model.Confidence | None  # best confidence among its home-instrument provisions; None: cites none
    legal: model.Confidence | None  # best confidence among its legal-basis provisions; None: cites none
    home_provisions: tuple[str, ...]  # the home-instrument provisions at that best confidence
    legal_provisions: tuple[str, ...]  # the legal-basis provisions at that best confidence

    @property
    def verified(self) -> bool:
        """A provision of its home instrument or of its legal basis is verified."""
        return model.Confidence.VERIFIED in (self.home, self.legal)

    @property
    def weak(self) -> bool:
        """Its home instrument is reached at best by reconstruction, and no legal-basis provision is verified."""
        return self.home not in _STRONG_HOME and self.legal is not model.Confidence.VERIFIED


def _best(provisions: Iterable[model.Provision]) -> tuple[model.Confidence | None, tuple[str, ...]]:
    found = list(provisions)
    if not found:
        return None, ()
    best = min((p.confidence for p in found), key=_RANK.__getitem__)
    return best, tuple(p.id for p in found if p.confidence is best)


def ground(rule: model.Rule, lib: model.Library) -> Grounding | None:
    """The rule's grounding, or None when its rule set declares no basis."""
    rs = lib.rulesets.get(rule.ruleset_id)
    if rs is None or rs.basis is None:
        return None
    cited = [lib.provisions[p] for p in rule.implements if p in lib.provisions]
    home, home_ids = _best(p for p in cited if p.standard_id == rs.basis.home)
    legal, legal_ids = _best(p for p in cited if p.standard_id in rs.basis.legal)
    return Grounding(rule_id=rule.id, home_standard=rs.basis.home, legal_standards=rs.basis.legal,
                     home=home, legal=legal, home_provisions=home_ids, legal_provisions=legal_ids)


def grounds(rs: model.RuleSet, lib: model.Library) -> tuple[Grounding, ...]:
    """The grounding of each current (not deprecated) rule of a rule set that declares its basis."""
    return tuple(g for rule in rs.rules if not rule.deprecated and (g := ground(rule, lib)) is not None)


def cite(lib: model.Library, provisions: Iterable[str]) -> model.Text:
    """Where the law says it, as a reader knows it, never as provision IDs:
    ``Ley de Migración, art. 99, párrs. 1 a 4; art. 11, párr. 2; LGDNNA, art. 96``."""
    parts: dict[str, list[str]] = {"es": [], "en": []}
    last = None
    for pid in provisions:
        prov = lib.provisions.get(pid)
        if prov is None:
            continue
        std = lib.standards[prov.standard_id]
        short = std.short_title or std.title
        for lang in parts:
            where = worded_locator(prov.locator, lang) if prov.locator else getattr(prov.title, lang) or pid
            # the standard is named once for consecutive provisions of it
            parts[lang].append(where if std.id == last else f"{getattr(short, lang) or std.id}, {where}")
        last = std.id
    return model.Text(es="; ".join(parts["es"]), en="; ".join(parts["en"]))


def binding_law(lib: model.Library, provisions: Iterable[str], jurisdiction: str | None) -> bool:
    """Whether any of ``provisions`` is law for an institution of ``jurisdiction`` (its country
    or state, ``GT``, ``MX-ROO``; None when unknown): a statute or regulation of that country, or
    a treaty that country is recorded as party to (:meth:`model.Standard.binds_in`). It is what
    lets a report say that an admitted breach of an absolute duty violates the law, rather than
    that it goes against a duty an interpretation states without exception. A treaty binds only
    its parties: for an institution of a state not recorded as party, it is not law."""
    for pid in provisions:
        prov = lib.provisions.get(pid)
        if prov is not None and lib.standards[prov.standard_id].binds_in(jurisdiction):
            return True
    return False


def cited_in(lib: model.Library, provisions: Iterable[str], jurisdiction: str | None) -> tuple[str, ...]:
    """The ``provisions`` a report cites to an institution of ``jurisdiction`` as where a duty is
    stated: a treaty its country is not party to, or another country's statute, is left out (it
    is not that institution's law; citing it beside the breach would read as if it were), every
    interpretation, guideline or policy kept. Where the place is unknown, nothing is left out.
    """
    kept = []
    for pid in provisions:
        prov = lib.provisions.get(pid)
        if prov is None:
            continue
        std = lib.standards[prov.standard_id]
        if not jurisdiction or std.legal_force not in model.BINDING_FORCES or std.binds_in(jurisdiction):
            kept.append(pid)
    return tuple(kept)


def place(institution: model.InstitutionProfile, itype: model.InstitutionType | None) -> str | None:
    """Where the law that binds an institution is read: its jurisdiction (``GT``, ``MX-ROO``), else
    its type's country; None when neither is known (then no statute or treaty is its law)."""
    return institution.jurisdiction or (itype.country if itype is not None else None)
