"""Checks the schemas cannot express: references, scales, coverage, translations."""

from __future__ import annotations

import contextvars
import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from brecha import conditions, grounding, model
from brecha.codes import Code
from brecha.errors import MAX_PROBLEMS, Issue, Location, Severity, omitted, shown
from brecha.i18n import Message
from brecha.yamlio import Document, escape_pointer

__all__ = ["answer_value_issue", "check_assessment", "check_library", "suggest_value"]

W = Severity.WARNING


#: How many more "did you mean" hints this check may compute. A hint costs about a
#: millisecond (difflib against every known ID); at most MAX_PROBLEMS problems per file are
#: shown, so a file with 100,000 unknown IDs must not pay for 100,000 hints.
_HINTS_LEFT: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("brecha_hints_left", default=None)

_F = TypeVar("_F", bound=Callable[..., Any])
#: An ISO 3166-1 or 3166-2 code (MX, MX-ROO): a jurisdiction a statute can bind.
_ISO_JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


def _hint_budget(check: _F) -> _F:
    """Give each run of ``check`` hints for about as many problems as are shown."""

    @functools.wraps(check)
    def run(*args: Any, **kwargs: Any) -> Any:
        token = _HINTS_LEFT.set([MAX_PROBLEMS])
        try:
            return check(*args, **kwargs)
        finally:
            _HINTS_LEFT.reset(token)

    return run  # type: ignore[return-value]


def _closest(name: str, known: Iterable[str]) -> Message | str:
    """"; did you mean 'X'?" as a catalogue message, or nothing."""
    left = _HINTS_LEFT.get()
    if left is not None:  # inside a check: within its budget only
        if left[0] <= 0:
            return ""
        left[0] -= 1
    close = difflib.get_close_matches(name, list(known), n=1)
    return Message("error.did_you_mean", close=repr(close[0])) if close else ""


def _hint(name: str, known: Iterable[str]) -> str:
    """The same hint in English, for maintainers' messages (not translated)."""
    return str(_closest(name, known))


class _Locator:
    """Finds fields of loaded records in their files.

    Every record's ``location`` is that of its ``id`` key (where duplicate-ID messages
    point); another field of the same record is found from it by JSON pointer. Without
    the parsed document the record's own line is the best there is.
    """

    def __init__(self, documents: Mapping[str, Document]) -> None:
        self.documents = documents

    def at(self, path: str, pointer: str, near: Location) -> Location:
        """The location of an absolute ``pointer`` in the file at ``path``."""
        doc = self.documents.get(path)
        if doc is None:
            return Location(path, near.line, near.col, pointer)
        return doc.locate(pointer)

    def field(self, record: Location, field: str) -> Location:
        """The location of ``field`` (a relative pointer, e.g. ``applies_to/levels/0``) of a record."""
        owner, _, key = record.pointer.rpartition("/")
        if key != "id":  # not a record's ID location: keep the line we have
            return record
        return self.at(record.path, f"{owner}/{field}", record)


@_hint_budget
def check_library(lib: model.Library, documents: Mapping[str, Document] | None = None,
                  unloaded: Iterable[object] = ()) -> list[Issue]:
    """Cross-check all loaded content; return errors and warnings.

    ``documents`` (path -> parsed document) lets problems point at the exact field.
    ``unloaded`` holds the data of rule sets that failed to load (``None`` when a file could
    not even be parsed): what they name is not reported as uncovered or unused, since the
    failure itself is the problem to fix (no cascade of warnings from one typo).
    """
    check = _LibraryCheck(lib, _Locator(documents or {}))
    for data in unloaded:
        if data is None:
            check.blind = True
        else:
            check.mentioned.update(_strings(data))
    return check.run()


def _strings(data: object) -> Iterator[str]:
    """Every string in a parsed document, keys included."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class _LibraryCheck:
    """One pass over a library: references, values on scales, texts, coverage, reach."""

    def __init__(self, lib: model.Library, locate: _Locator) -> None:
        self.lib = lib
        self.locate = locate
        self.issues: list[Issue] = []
        self.actors = {**lib.institution_types, **lib.categories}
        self.covered: set[str] = set()  # provisions implemented by a rule in use
        self.used_actors: set[str] = set()  # types and categories some rule names
        self.mentioned: set[str] = set()  # names in rule sets that failed to load
        self.blind = False  # a content file could not be read at all: coverage is unknown

    def run(self) -> list[Issue]:
        self._standards()
        self._registry()
        for rs in self.lib.rulesets.values():
            self._ruleset(rs)
        self._uncovered_provisions()
        self._unused_actors()
        return self.issues

    # helpers

    def _add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def _refs(self, record: Location, kind: str, names: Iterable[str], known: Iterable[str], code: Code,
              field: str) -> None:
        """Report each name not in ``known``, at its place in the record's ``field`` list."""
        known_set = known if isinstance(known, (set, dict)) else set(known)
        for index, name in enumerate(names):
            if name not in known_set:
                self._add(Issue(self.locate.field(record, f"{field}/{index}"), code,
                                f"unknown {kind} {name!r}{_hint(name, known_set)}"))

    def _texts(self, where: Location, **fields: model.Text | None) -> None:
        """Report texts that lack a language."""
        for name, text in fields.items():
            if text is not None and text.missing():
                self._add(Issue(where, Code.MISSING_TRANSLATION,
                                f"{name} has no {'/'.join(text.missing())} text", W))

    # standards and registry

    def _standards(self) -> None:
        lib = self.lib
        for std in lib.standards.values():
            self._refs(std.location, "source", std.sources, lib.sources, Code.UNKNOWN_SOURCE, "sources")
            self._texts(std.location, title=std.title, description=std.description)
            for prov in std.provisions:
                self._refs(prov.location, "source", prov.sources, lib.sources, Code.UNKNOWN_SOURCE, "sources")
                self._texts(prov.location, title=prov.title, text=prov.text)
            self._binds(std)

    def _binds(self, std: model.Standard) -> None:
        """A treaty's parties: real ISO 3166-1 countries, each once, each with a known source; only
        on binding law or regulation. A binding standard without them binds its jurisdiction,
        which must then be an ISO code (else it binds nobody: said as a warning)."""
        binding = std.legal_force in model.BINDING_FORCES
        if std.binds and not binding:
            self._add(Issue(self.locate.field(std.location, "binds"), Code.TREATY_PARTIES,
                            f"{std.id} lists the states it binds, but its legal force {std.legal_force.value!r} "
                            "binds nobody; only binding-law or binding-regulation may list them"))
        if binding and not std.binds and not _ISO_JURISDICTION.match(std.jurisdiction):
            self._add(Issue(self.locate.field(std.location, "jurisdiction"), Code.TREATY_PARTIES,
                            f"{std.id} is binding but its jurisdiction {std.jurisdiction!r} is no ISO 3166 code and it "
                            "lists no state it binds ('binds'): it is law for no institution", W))
        seen: dict[str, int] = {}
        for i, b in enumerate(std.binds):
            if b.country not in model.COUNTRIES:
                self._add(Issue(self.locate.field(std.location, f"binds/{i}/country"), Code.TREATY_PARTIES,
                                f"{b.country!r} is no ISO 3166-1 alpha-2 country code{_hint(b.country, model.COUNTRIES)}"))
            elif b.country in seen:
                self._add(Issue(self.locate.field(std.location, f"binds/{i}/country"), Code.TREATY_PARTIES,
                                f"{b.country} is listed twice among the states {std.id} binds "
                                f"(first as item {seen[b.country] + 1})"))
            seen.setdefault(b.country, i)
            if b.source not in self.lib.sources:
                self._add(Issue(self.locate.field(std.location, f"binds/{i}/source"), Code.UNKNOWN_SOURCE,
                                f"unknown source {b.source!r}{_hint(b.source, self.lib.sources)}"))
            if b.note is not None:
                self._texts(self.locate.field(std.location, f"binds/{i}/note"), note=b.note)

    def _registry(self) -> None:
        lib = self.lib
        for itype in lib.institution_types.values():
            self._refs(itype.location, "level", itype.levels, lib.levels, Code.UNKNOWN_LEVEL, "levels")
            self._refs(itype.location, "actor category", itype.categories, lib.categories,
                       Code.UNKNOWN_CATEGORY, "categories")
            self._refs(itype.location, "source", itype.sources, lib.sources, Code.UNKNOWN_SOURCE, "sources")

    # rule sets

    def _ruleset(self, rs: model.RuleSet) -> None:
        self.issues.extend(_check_vocabulary(rs))
        if rs.basis is not None:
            named = [("basis/home", rs.basis.home), *((f"basis/legal/{i}", s) for i, s in enumerate(rs.basis.legal))]
            for pointer, sid in named:
                if sid not in self.lib.standards:
                    self._add(Issue(self.locate.field(rs.location, pointer), Code.UNKNOWN_STANDARD,
                                    f"unknown standard {sid!r}{_hint(sid, self.lib.standards)}"))
        band_ids = [b.id for b in rs.rating_bands]
        cap_ids: set[str] = set()
        for index, cap in enumerate(rs.rating_caps):
            if cap.id in cap_ids:  # a report names the cap that holds a rating by its ID
                self._add(Issue(self.locate.field(rs.location, f"rating_caps/{index}/id"), Code.DUPLICATE_ID,
                                f"rating cap ID {cap.id!r} is defined twice in {rs.id}"))
            cap_ids.add(cap.id)
            if cap.max_rating not in band_ids:
                self._add(Issue(self.locate.field(rs.location, f"rating_caps/{index}/max_rating"), Code.RATING_BANDS,
                                f"rating cap {cap.id!r} names {cap.max_rating!r}, which is not a rating band of "
                                f"{rs.id} ({', '.join(band_ids)})"))
        if any(r.absolute for r in rs.rules) and not any(
                c.when is model.CapCondition.ABSOLUTE_BREACH for c in rs.rating_caps):
            self._add(Issue(self.locate.field(rs.location, "rating_caps"), Code.ABSOLUTE_UNCAPPED,
                            f"{rs.id} marks rules absolute but has no rating cap 'when: absolute-breach': "
                            "an admitted breach would not hold the rating", W))
        for rule in rs.rules:
            self._rule_vocabulary(rs, rule)
            self._absolute(rs, rule)
            self._rule_references(rule)
            self._rule_values(rs, rule)
            self._rule_quality(rs, rule)
        for weak in rs.weaknesses:
            self._weakness(rs, weak)
        for handoff in rs.handoffs:
            self._handoff(rs, handoff)
        used_scales = {rule.scale for rule in rs.rules}
        for index, scale_id in enumerate(rs.scales):
            if scale_id not in used_scales:
                self._add(Issue(self.locate.field(rs.location, f"scales/{index}/id"), Code.UNUSED_SCALE,
                                f"scale {scale_id!r} is used by no rule", W))
        self._texts(self.locate.field(rs.location, "title"), title=rs.title, description=rs.description)
        for scale in rs.scales.values():
            self._texts(rs.location, **{f"scale {scale.id}": scale.title},
                        **{f"level {lv.value}": lv.label for lv in scale.levels})
        for phase in rs.phases:
            self._texts(rs.location, **{f"phase {phase.id}": phase.title})

    def _rule_vocabulary(self, rs: model.RuleSet, rule: model.Rule) -> None:
        """The scale, criticality and phase a rule names exist in its rule set."""
        loc = rule.location
        if rule.scale not in rs.scales:
            self._add(Issue(self.locate.field(loc, "scale"), Code.UNKNOWN_SCALE,
                            f"unknown scale {rule.scale!r}{_hint(rule.scale, rs.scales)}"))
        if rule.criticality not in rs.criticalities:
            self._add(Issue(self.locate.field(loc, "criticality"), Code.UNKNOWN_CRITICALITY,
                            f"unknown criticality {rule.criticality!r}{_hint(rule.criticality, rs.criticalities)}"))
        phases = {p.id for p in rs.phases}
        if rule.phase not in phases:
            self._add(Issue(self.locate.field(loc, "phase"), Code.UNKNOWN_PHASE,
                            f"unknown phase {rule.phase!r}{_hint(rule.phase, phases)}"))

    def _absolute(self, rs: model.RuleSet, rule: model.Rule) -> None:
        """An absolute duty is critical and cites, as what makes it absolute, provisions it implements."""
        if rule.absolute is None:
            return
        crit = rs.criticalities.get(rule.criticality)
        if crit is not None and not crit.critical:
            self._add(Issue(self.locate.field(rule.location, "absolute"), Code.ABSOLUTE_DUTY,
                            f"rule {rule.id} is marked absolute but its criticality {crit.id!r} is not critical"))
        for i, pid in enumerate(rule.absolute.provisions):
            if pid not in rule.implements:
                self._add(Issue(self.locate.field(rule.location, f"absolute/provisions/{i}"), Code.ABSOLUTE_DUTY,
                                f"{pid!r} makes {rule.id} absolute but is not among the provisions it implements"))
        self._texts(self.locate.field(rule.location, "absolute"), **{"absolute.breach": rule.absolute.breach})

    def _rule_references(self, rule: model.Rule) -> None:
        """Institutions, levels, provisions and the replacing rule a rule names exist."""
        lib, loc, scope = self.lib, rule.location, rule.applies_to
        self._refs(loc, "institution type", scope.institution_types, lib.institution_types,
                   Code.UNKNOWN_INSTITUTION, "applies_to/institution_types")
        self._refs(loc, "actor category", scope.categories, lib.categories, Code.UNKNOWN_CATEGORY,
                   "applies_to/categories")
        self._refs(loc, "level", scope.levels, lib.levels, Code.UNKNOWN_LEVEL, "applies_to/levels")
        self._refs(loc, "institution type or actor category", rule.responsible, self.actors,
                   Code.UNKNOWN_INSTITUTION, "responsible")
        self._refs(loc, "provision", rule.implements, lib.provisions, Code.UNKNOWN_PROVISION, "implements")
        self._counterparts(rule)
        if rule.action_for:  # worded for someone the rule applies to: a type, a category, or a type of one
            shown = {*scope.institution_types, *scope.categories,
                     *(t.id for t in lib.institution_types.values() if set(t.categories) & set(scope.categories))}
            for who in rule.action_for:
                if who not in shown:
                    self._add(Issue(self.locate.field(loc, f"action_for/{who}"), Code.UNKNOWN_INSTITUTION,
                                    f"action_for names {who!r}, to whom rule {rule.id} does not apply "
                                    f"(it applies to: {', '.join(sorted(shown))})"))
        self.used_actors.update(rule.responsible, scope.institution_types, scope.categories)
        if rule.deprecated and rule.deprecated.replaced_by and rule.deprecated.replaced_by not in lib.rules:
            self._add(Issue(self.locate.field(loc, "deprecated/replaced_by"), Code.UNKNOWN_RULE,
                            f"replaced_by names unknown rule {rule.deprecated.replaced_by!r}"))
        if not rule.deprecated:
            self.covered.update(rule.implements)
        self._equivalents(rule)

    def _counterparts(self, rule: model.Rule) -> None:
        """Each counterpart is a known type or category, or a known type at one of its levels."""
        for index, ident in enumerate(rule.counterparts):
            kind, _, level = ident.partition("@")
            where = self.locate.field(rule.location, f"counterparts/{index}")
            if kind not in (self.lib.institution_types if level else self.actors):
                known = self.lib.institution_types if level else self.actors
                self._add(Issue(where, Code.UNKNOWN_INSTITUTION,
                                f"unknown institution type{'' if level else ' or actor category'} {kind!r}"
                                f"{_hint(kind, known)}"))
            elif level and level not in self.lib.institution_types[kind].levels:
                self._add(Issue(where, Code.UNKNOWN_LEVEL,
                                f"{kind!r} has no level {level!r} (its levels: "
                                f"{', '.join(self.lib.institution_types[kind].levels)})"))

    def _equivalents(self, rule: model.Rule) -> None:
        """An equivalent rule exists, lies in another rule set and answers on the same values."""
        lib = self.lib
        for i, other_id in enumerate(rule.equivalent_to):
            where = self.locate.field(rule.location, f"equivalent_to/{i}")
            other = lib.rules.get(other_id)
            if other is None and (self.blind or other_id in self.mentioned):
                continue  # in a rule set that failed to load: that failure is the problem to fix
            if other is None:
                self._add(Issue(where, Code.UNKNOWN_RULE,
                                f"equivalent_to names unknown rule {other_id!r}{_hint(other_id, lib.rules)}"))
                continue
            if other.ruleset_id == rule.ruleset_id:
                self._add(Issue(where, Code.UNKNOWN_RULE,
                                f"{other_id} is in the same rule set; equivalent_to links rule sets"))
                continue
            mine = lib.rulesets[rule.ruleset_id].scales.get(rule.scale)
            theirs = lib.rulesets[other.ruleset_id].scales.get(other.scale)
            if mine is not None and theirs is not None and mine.values != theirs.values:
                self._add(Issue(where, Code.UNKNOWN_VALUE,
                                f"{other_id} answers on scale {theirs.id!r} ({', '.join(theirs.values)}), "
                                f"{rule.id} on {mine.id!r} ({', '.join(mine.values)}): one answer cannot serve both"))

    def _rule_values(self, rs: model.RuleSet, rule: model.Rule) -> None:
        """Target, evidence level and guidance keys are values of the rule's scale."""
        scale = rs.scales.get(rule.scale)
        if scale is None:
            return
        for what, value in (("target", rule.target), ("evidence.required_from", rule.evidence_from)):
            if value is not None and scale.level(value) is None:
                self._add(Issue(self.locate.field(rule.location, what.replace(".", "/")), Code.UNKNOWN_VALUE,
                                f"{what} {value!r} is not on scale {scale.id!r} (allowed: {', '.join(scale.values)})"))
        for value in rule.guidance:
            if scale.level(value) is None:
                self._add(Issue(self.locate.field(rule.location, "guidance"), Code.UNKNOWN_VALUE,
                                f"guidance for {value!r}, which is not on scale {scale.id!r} "
                                f"(allowed: {', '.join(scale.values)})"))

    def _rule_quality(self, rs: model.RuleSet, rule: model.Rule) -> None:
        """Warnings: missing translations, no evidence guidance, a critical rule on inferred ground."""
        loc = rule.location
        self._texts(loc, title=rule.title, question=rule.question, action=rule.action,
                    **{"evidence.examples": rule.evidence_examples},
                    **{f"action_for.{who}": text for who, text in rule.action_for.items()})
        if rule.evidence_examples is None:
            self._add(Issue(loc, Code.NO_EVIDENCE_GUIDANCE,
                            f"rule {rule.id} says nothing about the evidence that backs a high answer", W))
        crit = rs.criticalities.get(rule.criticality)
        if not (crit and crit.critical) or rule.deprecated:
            return
        grounded = grounding.ground(rule, self.lib)
        if grounded is not None:
            if grounded.weak:
                reached = grounded.home.value if grounded.home else "by no provision"
                self._add(Issue(loc, Code.WEAK_BASIS,
                                f"critical rule {rule.id} has a weak basis: it reaches {grounded.home_standard} "
                                f"{reached} and cites no verified provision of its legal basis "
                                f"({', '.join(grounded.legal_standards) or 'none declared'})", W))
            return
        basis = [self.lib.provisions[p] for p in rule.implements if p in self.lib.provisions]
        if basis and all(p.confidence is model.Confidence.INFERRED for p in basis):
            self._add(Issue(loc, Code.WEAK_BASIS, f"critical rule {rule.id} rests only on inferred provisions", W))

    def _weakness(self, rs: model.RuleSet, weak: model.Weakness) -> None:
        lib, loc = self.lib, weak.location
        if weak.criticality not in rs.criticalities:
            self._add(Issue(self.locate.field(loc, "criticality"), Code.UNKNOWN_CRITICALITY,
                            f"unknown criticality {weak.criticality!r}"))
        self._refs(loc, "source", weak.sources, lib.sources, Code.UNKNOWN_SOURCE, "sources")
        self._refs(loc, "provision", weak.provisions, lib.provisions, Code.UNKNOWN_PROVISION, "provisions")
        self._refs(loc, "institution type or actor category", weak.responsible, self.actors,
                   Code.UNKNOWN_INSTITUTION, "responsible")
        self._texts(loc, title=weak.title, description=weak.description, recommendation=weak.recommendation)
        for leaf in conditions.leaves(weak.when):
            self._condition_leaf(loc, leaf)
        self.issues.extend(_monotone(weak, lib, self.locate.field(loc, "when")))

    def _condition_leaf(self, weakness: Location, leaf: conditions.AnswerTest) -> None:
        """A comparison names a rule in use and compares it with values on its scale."""
        lib = self.lib
        where = self.locate.at(weakness.path, leaf.pointer, weakness)
        target = lib.rules.get(leaf.rule) or lib.rules.get(lib.aliases.get(leaf.rule, ""))
        if target is None:
            self._add(Issue(where, Code.UNKNOWN_RULE,
                            f"condition names unknown rule {leaf.rule!r}{_hint(leaf.rule, lib.rules)}"))
            return
        if target.id != leaf.rule:
            self._add(Issue(where, Code.RENAMED_RULE, f"condition uses {leaf.rule}, now called {target.id}", W))
        if target.deprecated:
            self._add(Issue(where, Code.DEPRECATED_REFERENCE, f"condition uses deprecated rule {leaf.rule}", W))
        scale = lib.rulesets[target.ruleset_id].scales.get(target.scale)
        compared = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
        for wanted in compared:
            if isinstance(wanted, str) and scale and scale.level(wanted) is None \
                    and wanted != model.NOT_APPLICABLE:
                self._add(Issue(where, Code.UNKNOWN_VALUE,
                                f"condition compares {leaf.rule} with {wanted!r}, which is not on "
                                f"its scale (allowed: {', '.join(scale.values)})"))

    def _handoff(self, rs: model.RuleSet, handoff: model.Handoff) -> None:
        """A hand-off's stage is a phase of its rule set; each side names one of its rules and
        institutions that rule asks (otherwise no assessment could ever speak for that side)."""
        loc = handoff.location
        phases = {p.id for p in rs.phases}
        if handoff.stage not in phases:
            self._add(Issue(self.locate.field(loc, "stage"), Code.UNKNOWN_PHASE,
                            f"unknown phase {handoff.stage!r}{_hint(handoff.stage, phases)}"))
        self._texts(loc, title=handoff.title, description=handoff.description)
        for key, side in (("from", handoff.sender), ("to", handoff.receiver)):
            self._refs(loc, "institution type or actor category", side.institutions, self.actors,
                       Code.UNKNOWN_INSTITUTION, f"{key}/institutions")
            self.used_actors.update(side.institutions)
            rule = self._handoff_rule(rs, loc, key, side.rule)
            if rule is None:
                continue
            for index, actor in enumerate(side.institutions):
                if actor in self.actors and not self._asks(rule, actor):
                    self._add(Issue(self.locate.field(loc, f"{key}/institutions/{index}"), Code.HANDOFF_SIDE,
                                    f"rule {rule.id} does not ask {actor!r}, so no assessment could answer "
                                    f"for it on this side of {handoff.id}"))

    def _handoff_rule(self, rs: model.RuleSet, loc: Location, key: str, name: str) -> model.Rule | None:
        """The rule a hand-off side names (reported when unknown, renamed, deprecated or foreign)."""
        lib = self.lib
        where = self.locate.field(loc, f"{key}/rule")
        rule = lib.rules.get(name) or lib.rules.get(lib.aliases.get(name, ""))
        if rule is None:
            self._add(Issue(where, Code.UNKNOWN_RULE, f"hand-off names unknown rule {name!r}{_hint(name, lib.rules)}"))
            return None
        if rule.ruleset_id != rs.id:
            self._add(Issue(where, Code.HANDOFF_SIDE,
                            f"hand-off names {name}, a rule of rule set {rule.ruleset_id!r}, not of {rs.id!r}"))
            return None
        if rule.id != name:
            self._add(Issue(where, Code.RENAMED_RULE, f"hand-off uses {name}, now called {rule.id}", W))
        if rule.deprecated:
            self._add(Issue(where, Code.DEPRECATED_REFERENCE, f"hand-off uses deprecated rule {name}", W))
        return rule

    def _asks(self, rule: model.Rule, actor: str) -> bool:
        """Whether ``rule`` asks the institution type ``actor`` (at some level), or some type of category ``actor``."""
        types = [self.lib.institution_types[actor]] if actor in self.lib.institution_types else [
            t for t in self.lib.institution_types.values() if actor in t.categories]
        return any(model.applies(rule, t, level) for t in types for level in t.levels)

    # the library as a whole

    def _uncovered_provisions(self) -> None:
        if self.blind:
            return
        cited = self.covered | self.mentioned  # once: per provision it made this check quadratic
        for prov in self.lib.provisions.values():
            if prov.checkable and not prov.children and prov.id not in cited:
                self._add(Issue(prov.location, Code.UNCOVERED_PROVISION,
                                f"provision {prov.id} is implemented by no rule; add a rule or mark it "
                                "'checkable: false' with a reason", W))

    def _unused_actors(self) -> None:
        lib = self.lib
        if not lib.rulesets or self.blind:
            return
        everyone: list[model.InstitutionType | model.ActorCategory] = [
            *lib.institution_types.values(), *lib.categories.values()]
        used = self.used_actors | self.mentioned
        reached = used | {t.id for t in lib.institution_types.values() if any(c in used for c in t.categories)}
        for actor in everyone:
            if actor.id not in reached:
                self._add(Issue(actor.location, Code.UNUSED_INSTITUTION, f"{actor.id!r} is named by no rule", W))


class _AtRecord:
    """Finds a record's own line and column (for a location shown at its record)."""

    __slots__ = ("record",)

    def __init__(self, record: Location) -> None:
        self.record = record

    def position(self, pointer: str, key: bool) -> tuple[int, int]:
        return self.record.line, self.record.col


def _at_record(record: Location, pointer: str) -> Location:
    """``pointer`` of a file, shown at its record's line (found only if a problem is shown)."""
    return Location.deferred(record.path, pointer, _AtRecord(record))


def _check_vocabulary(rs: model.RuleSet) -> list[Issue]:
    issues: list[Issue] = []
    for scale in rs.scales.values():
        values = scale.values
        where = _at_record(rs.location, "/scales")
        if len(set(values)) != len(values):
            issues.append(Issue(where, Code.DUPLICATE_ID, f"scale {scale.id!r} repeats a value"))
        if model.NOT_APPLICABLE in values:
            issues.append(Issue(where, Code.RESERVED_VALUE,
                                f"scale {scale.id!r} may not define {model.NOT_APPLICABLE!r}: "
                                "it is reserved for rules that do not apply"))
        scores = [lv.score for lv in scale.levels]
        if scores != sorted(scores):
            issues.append(Issue(where, Code.SCALE_ORDER,
                                f"scale {scale.id!r}: scores must not decrease from the first "
                                "level to the last (lowest first)"))
        if scale.level(scale.default_target) is None:
            issues.append(Issue(where, Code.UNKNOWN_VALUE,
                                f"scale {scale.id!r}: default_target {scale.default_target!r} is "
                                f"not one of its values ({', '.join(values)})"))
    bands = rs.rating_bands
    where = _at_record(rs.location, "/rating_bands")
    if bands and bands[0].min_score != 0:
        issues.append(Issue(where, Code.RATING_BANDS, "the lowest rating band must start at 0"))
    if len({b.min_score for b in bands}) != len(bands) or len({b.id for b in bands}) != len(bands):
        issues.append(Issue(where, Code.RATING_BANDS, "rating bands must have distinct IDs and minimums"))
    for name, ids in (("phase", [p.id for p in rs.phases]),
                      ("scale", list(rs.scales)), ("criticality", list(rs.criticalities))):
        if len(set(ids)) != len(ids):
            issues.append(Issue(where, Code.DUPLICATE_ID, f"a {name} ID is defined twice"))
    return issues


@_hint_budget
def check_assessment(a: model.Assessment, lib: model.Library, doc: Document) -> list[Issue]:
    """Check an assessment's references against the library: errors and warnings (in es and en)."""
    issues: list[Issue] = []
    add = issues.append
    inst = a.institution
    itype = lib.institution_types.get(inst.type)
    if itype is None:
        known = lib.institution_types
        add(Issue.of(doc.locate("/institution/type"), Code.UNKNOWN_INSTITUTION, "diag.unknown_type",
                     type=repr(inst.type), hint=_closest(inst.type, known)))
    elif inst.level not in itype.levels:
        levels = ", ".join(itype.levels)
        meant = model.level_id(lib, inst.level)
        hint: Message | str = ""
        if meant is not None and meant in itype.levels:
            hint = Message("diag.write_its_id", id=repr(meant))
        add(Issue.of(doc.locate("/institution/level"), Code.UNKNOWN_LEVEL, "diag.level_of_type",
                     type=repr(inst.type), levels=levels, level=repr(inst.level), hint=hint))
    declared = set()
    for i, ref in enumerate(a.rulesets):
        rs = lib.rulesets.get(ref.id)
        if rs is None:
            known_rs = ", ".join(sorted(lib.rulesets)) or "—"
            add(Issue.of(doc.locate(f"/rulesets/{i}/id"), Code.UNKNOWN_RULESET, "diag.unknown_ruleset",
                         id=repr(ref.id), hint=_closest(ref.id, lib.rulesets), known=known_rs))
            continue
        declared.add(ref.id)
        if rs.version != ref.version:
            add(Issue.of(doc.locate(f"/rulesets/{i}/version"), Code.RULESET_VERSION, "diag.ruleset_version", W,
                         id=ref.id, old=ref.version, new=rs.version))
    for rule_id, answer in a.answers.items():
        if len(issues) > MAX_PROBLEMS:  # more than are shown: stop wording them (250,000 unknown answers)
            dropped = issues[MAX_PROBLEMS:]
            del issues[MAX_PROBLEMS:]
            errors = sum(i.severity is Severity.ERROR for i in dropped)
            add(omitted(doc.path, errors, len(dropped) - errors, exact=False))
            break
        issues.extend(_blank_texts(rule_id, answer, doc))
        said = answer.justification
        if answer.value == model.NOT_APPLICABLE and isinstance(said, str) and not model.is_blank(said) \
                and model.is_empty_justification(said):  # "N/A", "no aplica", "x1": no reason given
            add(Issue.of(doc.locate(f"/answers/{escape_pointer(rule_id)}/justification"), Code.JUSTIFICATION,
                         "diag.restated_na", rule=rule_id, text=repr(said)))
        rule = lib.rules.get(rule_id) or lib.rules.get(lib.aliases.get(rule_id, ""))
        if rule is None:
            add(Issue.of(answer.location, Code.UNKNOWN_RULE, "diag.answer_unknown_rule",
                         rule=repr(rule_id), hint=_closest(rule_id, lib.rules)))
            continue
        if rule.id != rule_id:
            add(Issue.of(answer.location, Code.RENAMED_RULE, "diag.renamed_rule", W, old=rule_id, new=rule.id))
        if rule.ruleset_id not in declared:
            add(Issue.of(answer.location, Code.UNDECLARED_RULESET, "diag.undeclared_ruleset",
                         rule=rule.id, ruleset=repr(rule.ruleset_id)))
            continue
        if _off_scale(lib, rule, answer.value) is not None:  # located only then: most answers are fine
            value_issue = answer_value_issue(lib, rule.id, answer.value,
                                             doc.locate(f"/answers/{escape_pointer(rule_id)}/value"))
            if value_issue is not None:
                add(value_issue)
        if answer.value == model.NOT_APPLICABLE and answer.confirmed_by and a.assessors \
                and (who := model.self_confirmed(answer.confirmed_by, a.assessors)) is not None:
            add(Issue.of(doc.locate(f"/answers/{escape_pointer(rule_id)}/confirmed_by"), Code.SELF_CONFIRMED,
                         "diag.self_confirmed", W, rule=rule.id, who=repr(who)))
        if itype is not None and not model.applies(rule, itype, inst.level):
            add(Issue.of(answer.location, Code.NOT_ASKED, "diag.not_asked", W,
                         rule=rule.id, type=inst.type, level=inst.level))
        elif answer.value == model.NOT_APPLICABLE and model.never_not_applicable(rule, itype, inst.level):
            scale = lib.rulesets[rule.ruleset_id].scales.get(rule.scale)
            # "the law admits no exception" only where law binding this institution makes the duty absolute
            in_law = rule.absolute is not None and grounding.binding_law(lib, rule.absolute.provisions,
                                                                         grounding.place(inst, itype))
            add(Issue.of(doc.locate(f"/answers/{escape_pointer(rule_id)}/value"), Code.ABSOLUTE_NOT_APPLICABLE,
                         "diag.absolute_not_applicable" if in_law else "diag.absolute_not_applicable_duty", rule=rule.id,
                         top=scale.values[-1] if scale and scale.values else "—"))
    issues.extend(_equivalent_answers(a, lib))
    return issues


def _equivalent_answers(a: model.Assessment, lib: model.Library) -> Iterator[Issue]:
    """Answers to two rules declared the same duty that differ: one institution's practice cannot be both."""
    pairs = model.equivalent_pairs(lib)
    paired = {rule_id for pair in pairs for rule_id in pair}
    paired |= {old for old, new in lib.aliases.items() if new in paired}
    given: dict[str, model.Answer] = {}
    for rule_id, answer in a.answers.items():
        if rule_id not in paired:  # no pair names it, by its ID or an old one
            continue
        rule = lib.rules.get(rule_id) or lib.rules.get(lib.aliases.get(rule_id, ""))
        if rule is not None and isinstance(answer.value, str):
            given.setdefault(rule.id, answer)
    for first, second in pairs:
        one, other = given.get(first), given.get(second)
        if one is None or other is None or one.value == other.value:
            continue
        earlier, later = sorted((one, other), key=lambda x: (x.location.line, x.location.col))
        yield Issue.of(later.location, Code.EQUIVALENT_ANSWERS, "diag.equivalent_answers", W,
                       rule=lib.aliases.get(later.rule_id, later.rule_id), value=shown(later.value or ""),
                       other=lib.aliases.get(earlier.rule_id, earlier.rule_id), other_value=shown(earlier.value or ""),
                       where=str(earlier.location))


_NOT_APPLICABLE_WORDS = {"no aplica", "no_aplica", "n/a", "na", "n_a", "not applicable", "no_aplicable", "no aplicable"}


def suggest_value(scale: model.Scale, typed: str) -> str | None:
    """The scale value (or not_applicable) a near miss such as ``Siempre`` or ``a veces`` means."""
    folded = model.fold(typed)
    if folded in _NOT_APPLICABLE_WORDS or folded.replace(" ", "_") == model.NOT_APPLICABLE:
        return model.NOT_APPLICABLE
    underscored = re.sub(r"[\s-]+", "_", folded)
    for level in scale.levels:
        names = [level.value, *(t for t in (level.label.es, level.label.en) if t)]
        if any(underscored == re.sub(r"[\s-]+", "_", model.fold(n)) for n in names):
            return level.value
    close = difflib.get_close_matches(underscored, scale.values, n=1, cutoff=0.75)
    return close[0] if close else None


def answer_value_issue(lib: model.Library, rule_id: str, value: object, where: Location) -> Issue | None:
    """The error for an answer that is no value of its rule's scale: allowed values and the near miss.

    ``None`` when the value is fine, or the rule or its scale is unknown (reported elsewhere).
    """
    rule = lib.rules.get(rule_id) or lib.rules.get(lib.aliases.get(rule_id, ""))
    if rule is None or not isinstance(value, str):
        return None
    scale = _off_scale(lib, rule, value)
    if scale is None:
        return None
    allowed = ", ".join((*scale.values, model.NOT_APPLICABLE))
    meant = suggest_value(scale, value)
    return Issue.of(where, Code.UNKNOWN_VALUE, "diag.unknown_value", value=shown(value), rule=rule.id,
                    allowed=allowed, hint=Message("error.did_you_mean", close=repr(meant)) if meant else "")


def _off_scale(lib: model.Library, rule: model.Rule, value: object) -> model.Scale | None:
    """The rule's scale when ``value`` is a text that is none of its values nor not_applicable, else None."""
    if not isinstance(value, str) or value == model.NOT_APPLICABLE:
        return None
    scale = lib.rulesets[rule.ruleset_id].scales.get(rule.scale)
    if scale is None or scale.level(value) is not None:
        return None
    return scale


_BLANK = {
    "justification": Message("diag.field.justification"),
    "evidence": Message("diag.field.evidence"),
    "notes": Message("diag.field.notes"),
    "confirmed_by": Message("diag.field.confirmed_by"),
}


def _blank_texts(key: str, answer: model.Answer, doc: Document) -> list[Issue]:
    """Errors for texts of the answer under ``key`` that say nothing (no letter or digit): blank is nothing."""
    if not any(isinstance(text, str) and model.is_blank(text)
               for text in (answer.justification, *answer.evidence, answer.notes, answer.confirmed_by)):
        return []  # the usual case, found without making a pointer
    pointer = f"/answers/{escape_pointer(key)}"
    texts = [("justification", "/justification", answer.justification),
             *(("evidence", f"/evidence/{i}", item) for i, item in enumerate(answer.evidence)),
             ("notes", "/notes", answer.notes), ("confirmed_by", "/confirmed_by", answer.confirmed_by)]
    return [Issue.of(doc.locate(pointer + suffix), Code.BLANK_TEXT, "diag.blank_text",
                     field=_BLANK[what], rule=answer.rule_id, text=repr(text))
            for what, suffix, text in texts if isinstance(text, str) and model.is_blank(text)]


@_hint_budget
def check_plan(plan: model.ActionPlan, lib: model.Library, doc: Document) -> list[Issue]:
    """Check an action plan's references: institution, rules, weaknesses, actors; unique action IDs."""
    issues: list[Issue] = []
    add = issues.append
    inst = plan.institution
    if inst.type not in lib.institution_types:
        add(Issue.of(doc.locate("/institution/type"), Code.UNKNOWN_INSTITUTION, "diag.unknown_type",
                     type=repr(inst.type), hint=_closest(inst.type, lib.institution_types)))
    actors = set(lib.institution_types) | set(lib.categories)
    seen: set[str] = set()
    for index, action in enumerate(plan.actions):
        where = f"/actions/{index}"
        if action.id in seen:
            add(Issue.of(doc.locate(f"{where}/id"), Code.DUPLICATE_ID, "diag.duplicate_action", id=repr(action.id)))
        seen.add(action.id)
        if action.rule is not None and action.rule not in lib.rules and action.rule not in lib.aliases:
            add(Issue.of(doc.locate(f"{where}/rule"), Code.UNKNOWN_RULE, "diag.unknown_rule",
                         rule=repr(action.rule), hint=_closest(action.rule, lib.rules)))
        if action.weakness is not None and action.weakness not in lib.weaknesses:
            add(Issue.of(doc.locate(f"{where}/weakness"), Code.UNKNOWN_RULE, "diag.unknown_weakness",
                         id=repr(action.weakness), hint=_closest(action.weakness, lib.weaknesses)))
        for field, names in (("responsible", action.responsible), ("with", action.others)):
            for position, name in enumerate(names):
                if name not in actors:
                    add(Issue.of(doc.locate(f"{where}/{field}/{position}"), Code.UNKNOWN_INSTITUTION,
                                 "diag.unknown_actor", name=repr(name), hint=_closest(name, actors)))
    return issues


def _monotone(weak: model.Weakness, lib: model.Library, where: Location) -> list[Issue]:
    """A warning when improving one answer can make the pattern hold (better must never look worse)."""
    levels: dict[str, tuple[str, ...]] = {}
    for leaf in conditions.leaves(weak.when):
        rule = lib.rules.get(leaf.rule) or lib.rules.get(lib.aliases.get(leaf.rule, ""))
        scale = lib.rulesets[rule.ruleset_id].scales.get(rule.scale) if rule else None
        if scale is not None:
            levels[leaf.rule] = scale.values
    found, complete = conditions.worsening(weak.when, levels)
    if not complete:
        return [Issue(where, Code.NON_MONOTONE_WEAKNESS,
                      f"weakness {weak.id} names too many rules to prove that a better answer never triggers it",
                      Severity.WARNING)]
    if found is None:
        return []

    def state(facts: conditions.Facts) -> str:
        if facts.value is None:
            return f"{facts.rule_id} unanswered"
        return f"{facts.rule_id} {facts.value}" + (" with evidence" if facts.evidenced else "")

    context = "; ".join(state(f) for f in found.others)
    return [Issue(where, Code.NON_MONOTONE_WEAKNESS,
                  f"weakness {weak.id} appears when an answer improves: {state(found.before)} -> "
                  f"{state(found.after)}" + (f" (with {context})" if context else "")
                  + "; use only comparisons that hold at lower levels (below, at_most)", Severity.WARNING)]
