"""The vocabulary of problems: severities, and every code ``lint`` can report with what it means."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CODES", "Code", "Severity"]


class Severity(StrEnum):
    """How serious a problem is."""

    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """A problem code, with its default severity and a short description.

    Codes are stable: tools filter on them, and SARIF lists them as rules.
    """

    severity: Severity
    description: str

    def __new__(cls, value: str, severity: Severity, description: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.description = description
        return member

    # reading
    UNREADABLE = "unreadable", Severity.ERROR, "The file cannot be read (missing, a folder, no permission)."
    TOO_LARGE = "too-large", Severity.ERROR, "The file is larger than the size limit."
    NOT_TEXT = "not-text", Severity.ERROR, "The file is binary, not YAML text."
    ENCODING = "encoding", Severity.ERROR, "The file is not UTF-8 (often a Latin-1 spreadsheet export)."
    EMPTY = "empty", Severity.ERROR, "The file holds no document."
    SEVERAL_DOCUMENTS = "several-documents", Severity.ERROR, "The file holds more than one YAML document."
    YAML_SYNTAX = "yaml-syntax", Severity.ERROR, "The YAML cannot be parsed (including tabs used for indentation)."
    YAML_TAG = "yaml-tag", Severity.ERROR, "A YAML tag that would build an object; only plain data is read."
    YAML_KEY = "yaml-key", Severity.ERROR, "A mapping key that is a list or mapping."
    YAML_MERGE = "yaml-merge", Severity.ERROR, "A '<<' merge key, which is not supported."
    YAML_VALUE = "yaml-value", Severity.ERROR, "A value that cannot be read (e.g. an integer too long)."
    DUPLICATE_KEY = "duplicate-key", Severity.ERROR, "A key repeated in one mapping."
    TOO_DEEP = "too-deep", Severity.ERROR, "Nesting deeper than the depth limit."
    TOO_MANY_NODES = "too-many-nodes", Severity.ERROR, "Alias expansion beyond the node limit."
    NOT_WORKBOOK = "not-workbook", Severity.ERROR, "A file that is not a workbook (or submissions export) brecha can read."
    FORMULA = "formula", Severity.ERROR, "A spreadsheet cell holds a formula; brecha reads typed values only."
    CELL_TYPE = "cell-type", Severity.ERROR, "A spreadsheet cell holds a value of the wrong type (TRUE, an error) or a control character."
    JUSTIFICATION = ("justification", Severity.ERROR,
                     "An answer 'not applicable' without a written justification, or with one that only restates "
                     "it ('N/A', 'no aplica', 'no corresponde', a token of one to three letters or digits).")
    CONTROL_CHARACTER = "control-character", Severity.ERROR, "A content text holds a control character written as an escape (\\e, \\x1b, \\u202e...)."
    TOO_MANY_PROBLEMS = "too-many-problems", Severity.ERROR, "More problems than are reported for one file (100); fix these first."
    # document shape
    WRONG_TYPE = "wrong-type", Severity.ERROR, "The document is not a mapping."
    UNKNOWN_KIND = "unknown-kind", Severity.ERROR, "The 'kind' field is missing or unknown."
    WRONG_KIND = "wrong-kind", Severity.ERROR, "A document of another kind than the command expects."
    SCHEMA_VERSION = "schema-version", Severity.ERROR, "A schema_version this brecha does not read."
    SCHEMA = "schema", Severity.ERROR, "A value breaks the JSON Schema of its kind."
    UNKNOWN_FIELD = "unknown-field", Severity.ERROR, "A field the schema does not define (often a typo, or a comma inside {...})."
    # references and consistency
    DUPLICATE_ID = "duplicate-id", Severity.ERROR, "An ID defined twice (across all files of its namespace)."
    PROVISION_PREFIX = "provision-prefix", Severity.ERROR, "A provision ID that does not start with its standard's ID."
    UNKNOWN_SOURCE = "unknown-source", Severity.ERROR, "A reference to a source not in any source register."
    TREATY_PARTIES = ("treaty-parties", Severity.ERROR,
                      "A standard's 'binds' list is wrong: a code that is no ISO 3166-1 country, a state listed "
                      "twice, or a list on a standard that is not binding law or regulation; or (a warning) a binding "
                      "standard whose jurisdiction is no ISO code and that lists no state, so it binds none.")
    UNKNOWN_PROVISION = "unknown-provision", Severity.ERROR, "A reference to a provision that does not exist."
    UNKNOWN_INSTITUTION = "unknown-institution", Severity.ERROR, "A reference to an unknown institution type or actor category."
    UNKNOWN_CATEGORY = "unknown-category", Severity.ERROR, "A reference to an unknown actor category."
    UNKNOWN_LEVEL = "unknown-level", Severity.ERROR, "An unknown level, or a level at which the institution type does not exist."
    UNKNOWN_SCALE = "unknown-scale", Severity.ERROR, "A rule names a scale its rule set does not define."
    UNKNOWN_CRITICALITY = "unknown-criticality", Severity.ERROR, "A criticality the rule set does not define."
    UNKNOWN_PHASE = "unknown-phase", Severity.ERROR, "A phase the rule set does not define."
    UNKNOWN_RULE = "unknown-rule", Severity.ERROR, "A reference to a rule that does not exist."
    UNKNOWN_RULESET = "unknown-ruleset", Severity.ERROR, "An assessment names a rule set that is not loaded."
    UNKNOWN_STANDARD = "unknown-standard", Severity.ERROR, "A rule set's basis names a standard that is not loaded."
    UNKNOWN_ACTION = ("unknown-action", Severity.ERROR,
                      "A plan workbook's row names an action its plan does not hold, or an action's row is gone.")
    UNKNOWN_VALUE = "unknown-value", Severity.ERROR, "A value that is not on the rule's scale."
    UNDECLARED_RULESET = "undeclared-ruleset", Severity.ERROR, "An answer to a rule of a rule set the assessment does not list."
    RESERVED_VALUE = "reserved-value", Severity.ERROR, "A scale defines not_applicable, which is reserved."
    SCALE_ORDER = "scale-order", Severity.ERROR, "Scale scores decrease from one level to the next."
    BLANK_TEXT = ("blank-text", Severity.ERROR,
                  "A justification, evidence item, note or confirmation with no letter or digit (only spaces or punctuation).")
    RATING_BANDS = "rating-bands", Severity.ERROR, "Rating bands do not start at 0 or repeat an ID or minimum, or a rating cap names no band."
    ABSOLUTE_NOT_APPLICABLE = ("absolute-not-applicable", Severity.ERROR,
                               "An answer 'not applicable' to an absolute duty the institution holds: a prohibition "
                               "without exception is kept or breached, never inapplicable.")
    ABSOLUTE_DUTY = ("absolute-duty", Severity.ERROR,
                     "A rule marked absolute that is not critical or cites a provision it does not implement.")
    HANDOFF_SIDE = ("handoff-side", Severity.ERROR,
                    "A hand-off names a rule of another rule set, or an institution its rule does not ask.")
    # warnings
    MISSING_TRANSLATION = "missing-translation", Severity.WARNING, "A text lacks its Spanish or English version."
    UNCOVERED_PROVISION = "uncovered-provision", Severity.WARNING, "A provision no rule implements and not marked checkable: false."
    NO_EVIDENCE_GUIDANCE = "no-evidence-guidance", Severity.WARNING, "A rule says nothing about the evidence behind a high answer."
    WEAK_BASIS = ("weak-basis", Severity.WARNING,
                  "A critical rule reaches its rule set's home instrument at best by reconstruction and cites "
                  "no verified provision of its legal basis (without a declared basis: only inferred provisions).")
    UNUSED_SCALE = "unused-scale", Severity.WARNING, "A scale no rule uses."
    UNUSED_INSTITUTION = "unused-institution", Severity.WARNING, "An institution type or actor category no rule names."
    DEPRECATED_REFERENCE = "deprecated-reference", Severity.WARNING, "A weakness pattern or hand-off uses a deprecated rule."
    NON_MONOTONE_WEAKNESS = ("non-monotone-weakness", Severity.WARNING,
                             "A weakness pattern that a better answer can trigger (found by walking its rules' scales).")
    ABSOLUTE_UNCAPPED = ("absolute-uncapped", Severity.WARNING,
                         "A rule set marks rules absolute but has no absolute-breach cap: an admitted breach "
                         "would not hold the rating.")
    RULESET_VERSION = "ruleset-version", Severity.WARNING, "An assessment answered with another version of a rule set."
    RENAMED_RULE = "renamed-rule", Severity.WARNING, "An answer uses a rule's old ID (alias)."
    NOT_ASKED = "not-asked", Severity.WARNING, "An answer to a rule that does not apply to the institution."
    SELF_CONFIRMED = ("self-confirmed", Severity.WARNING,
                      "A 'not applicable' confirmed by one of the assessors: it counts as unconfirmed, since a "
                      "confirmation must come from outside the assessing team.")
    SAME_INSTITUTION = ("same-institution", Severity.WARNING,
                        "Submissions of one institution on one day, imported as separate self-assessments (not merged).")
    EQUIVALENT_ANSWERS = ("equivalent-answers", Severity.WARNING,
                          "Two rules declared the same duty (equivalent_to) answered with different values.")


#: code -> (default severity, short description), for renderers and the README table.
CODES: dict[Code, tuple[Severity, str]] = {code: (code.severity, code.description) for code in Code}
