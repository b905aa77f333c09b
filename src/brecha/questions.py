"""A question of ``brecha assess`` as the assessor sees it: the model its terminal renderer draws. Pure."""

from __future__ import annotations

from brecha import model
from brecha.frozen import record

__all__ = ["Option", "Question"]


@record
class Option:
    """One answer offered for a question: its number, value, label and guidance."""

    number: int
    value: str
    label: model.Text
    hint: model.Text | None


@record
class Question:
    """What the assessor sees for the current rule (rendered by ``renderers.terminal.question``)."""

    position: int
    total: int
    phase: model.Text | str
    rule_id: str
    title: model.Text
    critical: bool
    text: model.Text
    options: tuple[Option, ...]
    evidence_examples: model.Text | None
    current: str | None
    evidence: tuple[str, ...] = ()  # evidence already listed
    notes: str | None = None
    equivalent: str | None = None  # an equivalent rule already answered, offered to confirm
    equivalent_value: str | None = None
    not_applicable: bool = True  # whether "not applicable" is an answer (never on an absolute duty held)
    confirmed_by: str | None = None  # who confirmed it does not apply, when it is answered so
