"""The rating: the band the evidenced score reaches, capped by critical gaps."""

from __future__ import annotations

import pytest

from brecha import model, report
from brecha.scoring import rate

_BANDS = tuple(model.RatingBand(id=i, label=model.Text(en=i), min_score=m)
               for i, m in (("low", 0), ("partial", 50), ("full", 90)))


def _score(evidenced: float | None, critical_gaps: int = 0) -> report.Score:
    return report.Score(claimed=evidenced, evidenced=evidenced, weight=1, rules=1, answered=1,
                        not_applicable=0, unanswered=0, gaps=critical_gaps, critical_gaps=critical_gaps)


@pytest.mark.parametrize(("evidenced", "critical", "band", "capped"), [
    (0, 0, "low", False), (49.999, 0, "low", False), (50, 0, "partial", False),
    (89.9999999999, 0, "full", False),  # float sums: a hair below a minimum reaches it
    (100, 0, "full", False), (100, 1, "partial", True), (60, 1, "partial", False)])
def test_band_and_cap(evidenced: float, critical: int, band: str, capped: bool) -> None:
    """The highest band reached; a critical gap holds the top band back, and says so."""
    rating = rate(_score(evidenced, critical), _BANDS)
    assert (rating.band.id if rating.band else None, rating.capped) == (band, capped)


def test_no_rating_without_a_score_or_bands() -> None:
    """Nothing counted (all not applicable) or no bands: no rating, no cap."""
    assert rate(_score(None), _BANDS) == rate(_score(80), ()) == rate(_score(None), ())
    assert rate(_score(None), _BANDS).band is None


def test_a_single_band_cannot_be_capped() -> None:
    """With one band there is nothing below the top to hold the rating at."""
    rating = rate(_score(100, 1), _BANDS[:1])
    assert rating.band == _BANDS[0]
    assert not rating.capped
