"""The catalogue of problem codes: every code ``lint`` can report, with what it means."""

from __future__ import annotations

__all__ = ["CODES"]

#: code -> (default severity, short description). Codes are stable: tools filter on them.
CODES: dict[str, tuple[str, str]] = {
    # reading
    "unreadable": ("error", "The file cannot be read (missing, a folder, no permission)."),
    "too-large": ("error", "The file is larger than the size limit."),
    "not-text": ("error", "The file is binary, not YAML text."),
    "encoding": ("error", "The file is not UTF-8 (often a Latin-1 spreadsheet export)."),
    "empty": ("error", "The file holds no document."),
    "several-documents": ("error", "The file holds more than one YAML document."),
    "yaml-syntax": ("error", "The YAML cannot be parsed (including tabs used for indentation)."),
    "yaml-tag": ("error", "A YAML tag that would build an object; only plain data is read."),
    "yaml-key": ("error", "A mapping key that is a list or mapping."),
    "yaml-merge": ("error", "A '<<' merge key, which is not supported."),
    "yaml-value": ("error", "A value that cannot be read (e.g. an integer too long)."),
    "duplicate-key": ("error", "A key repeated in one mapping."),
    "too-deep": ("error", "Nesting deeper than the depth limit."),
    "too-many-nodes": ("error", "Alias expansion beyond the node limit."),
    # document shape
    "wrong-type": ("error", "The document is not a mapping."),
    "unknown-kind": ("error", "The 'kind' field is missing or unknown."),
    "wrong-kind": ("error", "A document of another kind than the command expects."),
    "schema-version": ("error", "A schema_version this brecha does not read."),
    "schema": ("error", "A value breaks the JSON Schema of its kind."),
    "unknown-field": ("error", "A field the schema does not define (often a typo, or a comma inside {...})."),
    # references and consistency
    "duplicate-id": ("error", "An ID defined twice (across all files of its namespace)."),
    "provision-prefix": ("error", "A provision ID that does not start with its standard's ID."),
    "unknown-source": ("error", "A reference to a source not in any source register."),
    "unknown-provision": ("error", "A reference to a provision that does not exist."),
    "unknown-institution": ("error", "A reference to an unknown institution type or actor category."),
    "unknown-category": ("error", "A reference to an unknown actor category."),
    "unknown-level": ("error", "An unknown level, or a level at which the institution type does not exist."),
    "unknown-scale": ("error", "A rule names a scale its rule set does not define."),
    "unknown-criticality": ("error", "A criticality the rule set does not define."),
    "unknown-phase": ("error", "A phase the rule set does not define."),
    "unknown-rule": ("error", "A reference to a rule that does not exist."),
    "unknown-ruleset": ("error", "An assessment names a rule set that is not loaded."),
    "unknown-value": ("error", "A value that is not on the rule's scale."),
    "undeclared-ruleset": ("error", "An answer to a rule of a rule set the assessment does not list."),
    "reserved-value": ("error", "A scale defines not_applicable, which is reserved."),
    "scale-order": ("error", "Scale scores decrease from one level to the next."),
    "rating-bands": ("error", "Rating bands do not start at 0 or repeat an ID or minimum."),
    # warnings
    "missing-translation": ("warning", "A text lacks its Spanish or English version."),
    "uncovered-provision": ("warning", "A provision no rule implements and not marked checkable: false."),
    "no-evidence-guidance": ("warning", "A rule says nothing about the evidence behind a high answer."),
    "weak-basis": ("warning", "A critical rule rests only on inferred provisions."),
    "unused-scale": ("warning", "A scale no rule uses."),
    "unused-institution": ("warning", "An institution type or actor category no rule names."),
    "deprecated-reference": ("warning", "A weakness pattern uses a deprecated rule."),
    "ruleset-version": ("warning", "An assessment answered with another version of a rule set."),
    "renamed-rule": ("warning", "An answer uses a rule's old ID (alias)."),
    "not-asked": ("warning", "An answer to a rule that does not apply to the institution."),
}
