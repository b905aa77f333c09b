"""The one-line account of a gap's basis, shared by the text renderers (plain text; callers escape)."""

from __future__ import annotations

from brecha.i18n import tr, worded_locator
from brecha.report import Gap

__all__ = ["basis_line"]

_MAX_REFS = 3


def basis_line(gap: Gap, lang: str) -> str | None:
    """E.g. "Basis — SIPINNA Ruta 2019: reconstructed; legal basis: verified (Migration Law art. 112, fr. V)".

    None when the rule set declares no basis. The references are the legal-basis provisions
    that give the legal basis its strength, as the gap lists them (standard and locator).
    """
    basis = gap.basis
    if basis is None:
        return None
    home = tr(f"basis.home.{basis.home.value if basis.home else 'none'}", lang)
    legal = tr(f"basis.legal.{basis.legal.value if basis.legal else 'none'}", lang)
    by_id = {p.id: p for p in gap.provisions}
    refs = [f"{p.standard_title.get(lang)} {worded_locator(p.locator, lang)}" if p.locator else p.standard_title.get(lang)
            for pid in basis.legal_provisions if (p := by_id.get(pid)) is not None]
    shown = ", ".join(refs[:_MAX_REFS]) + (", …" if len(refs) > _MAX_REFS else "")
    line = tr("basis.line", lang, home_title=basis.home_title.get(lang), home=home, legal=legal,
              refs=f" ({shown})" if shown else "")
    return line + (tr("basis.weak", lang) if basis.weak else "")
