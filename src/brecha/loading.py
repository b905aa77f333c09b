"""The one path from files to model: read -> parse -> validate -> build -> cross-check."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from brecha import conditions, consistency, model
from brecha.codes import Code
from brecha.errors import InputError, Issue, Location, Severity
from brecha.validation import validate_document
from brecha.yamlio import Document, escape_pointer, parse, read

__all__ = [
    "LoadResult",
    "bundled_root",
    "discover",
    "load_assessment",
    "load_assessment_text",
    "load_library",
    "read_library",
]

CONTENT_KINDS = ("SourceRegister", "InstitutionRegistry", "Standard", "RuleSet")
DOCUMENT_KINDS = (*CONTENT_KINDS, "Assessment")


def bundled_root() -> Path:
    """Folder of the standards and rule sets shipped inside the package."""
    resource = files("brecha").joinpath("content")
    with as_file(resource) as path:  # a real folder for any normal installation
        return Path(path)


def _shown(path: Path) -> str:
    """A path as users should read it: relative to the working folder when inside it."""
    text = str(path)
    if path.is_absolute():
        try:
            rel = os.path.relpath(text)
        except ValueError:  # pragma: no cover - another drive on Windows
            return text
        if not rel.startswith(".."):
            return rel
    return text


def discover(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Expand folders into the YAML files below them (sorted); keep files as given."""
    found: list[str] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found.extend(sorted(_shown(p) for p in path.rglob("*") if p.suffix in (".yaml", ".yml")
                                and p.is_file() and not any(part.startswith(".") for part in p.parts[len(path.parts):])))
        else:
            found.append(str(path))
    return found


def _fingerprint(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def read_typed(path: str) -> tuple[Document, str, list[Issue]]:
    """Read one file, find its kind and validate it against that kind's schema."""
    return _typed(read(path))


def _typed(doc: Document) -> tuple[Document, str, list[Issue]]:
    data = doc.data
    if not isinstance(data, dict):
        raise InputError([Issue(doc.locate(""), Code.WRONG_TYPE,
                                "the document must be a mapping with a 'kind:' field at the top")])
    kind = data.get("kind")
    if kind not in DOCUMENT_KINDS:
        where = doc.locate("/kind") if "kind" in data else doc.locate("")
        known = ", ".join(DOCUMENT_KINDS)
        raise InputError([Issue(where, Code.UNKNOWN_KIND,
                                f"'kind' must be one of {known}; found {kind!r}")])
    version = data.get("schema_version")
    if version != 1:
        where = doc.locate("/schema_version")
        raise InputError([Issue(where, Code.SCHEMA_VERSION,
                                f"schema_version {version!r} is not supported; this brecha reads 1")])
    return doc, kind, validate_document(doc, kind)


def _text(value: Any) -> model.Text | None:
    if value is None:
        return None
    return model.Text(es=value.get("es"), en=value.get("en"))


def _short_title(value: Any) -> model.Text | None:
    if isinstance(value, str):
        return model.Text(es=value, en=value)
    return _text(value)


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


@dataclass
class LoadResult:
    """Everything read from a set of files: the library, its assessments, all issues."""

    library: model.Library
    assessments: list[Document] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """Issues of error severity."""
        return [i for i in self.issues if i.severity is Severity.ERROR]


class _Collector:
    """Builds model objects from validated documents and notes duplicate IDs."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.sources: dict[str, model.Source] = {}
        self.standards: dict[str, model.Standard] = {}
        self.provisions: dict[str, model.Provision] = {}
        self.levels: dict[str, model.Level] = {}
        self.categories: dict[str, model.ActorCategory] = {}
        self.types: dict[str, model.InstitutionType] = {}
        self.rulesets: dict[str, model.RuleSet] = {}
        self.rules: dict[str, model.Rule] = {}
        self.aliases: dict[str, str] = {}
        self.weaknesses: dict[str, model.Weakness] = {}
        self.seen: dict[tuple[str, str], Location] = {}

    def claim(self, namespace: str, ident: str, where: Location) -> bool:
        first = self.seen.get((namespace, ident))
        if first is not None:
            self.issues.append(Issue(where, Code.DUPLICATE_ID,
                                     f"{namespace} ID {ident!r} is already defined at {first}"))
            return False
        self.seen[(namespace, ident)] = where
        return True

    def add(self, doc: Document, kind: str) -> None:
        getattr(self, "add_" + kind.lower())(doc, doc.data)

    def add_sourceregister(self, doc: Document, data: dict[str, Any]) -> None:
        for i, item in enumerate(data["sources"]):
            where = doc.locate(f"/sources/{i}/id")
            if self.claim("source", item["id"], where):
                self.sources[item["id"]] = model.Source(
                    id=item["id"], title=item["title"], type=item["type"],
                    publisher=item.get("publisher"), date=item.get("date"),
                    address=item.get("address"), note=_text(item.get("note")), location=where)

    def add_institutionregistry(self, doc: Document, data: dict[str, Any]) -> None:
        for i, item in enumerate(data.get("levels") or ()):
            if self.claim("level", item["id"], doc.locate(f"/levels/{i}/id")):
                self.levels[item["id"]] = model.Level(id=item["id"], name=_text(item["name"]) or model.Text())
        for i, item in enumerate(data.get("actor_categories") or ()):
            where = doc.locate(f"/actor_categories/{i}/id")
            if self.claim("institution or category", item["id"], where):
                self.categories[item["id"]] = model.ActorCategory(
                    id=item["id"], name=_text(item["name"]) or model.Text(),
                    description=_text(item.get("description")), location=where)
        for i, item in enumerate(data.get("institution_types") or ()):
            where = doc.locate(f"/institution_types/{i}/id")
            if self.claim("institution or category", item["id"], where):
                self.types[item["id"]] = model.InstitutionType(
                    id=item["id"], name=_text(item["name"]) or model.Text(),
                    acronym=item.get("acronym"), country=item["country"],
                    levels=_tuple(item["levels"]), categories=_tuple(item["categories"]),
                    description=_text(item.get("description")),
                    sources=_tuple(item.get("sources")), location=where)

    def add_standard(self, doc: Document, data: dict[str, Any]) -> None:
        sid = data["id"]
        where = doc.locate("/id")
        if not self.claim("standard", sid, where):
            return
        flat: list[model.Provision] = []

        def walk(items: Sequence[dict[str, Any]], pointer: str, parent: str | None) -> None:
            for i, item in enumerate(items):
                ptr = f"{pointer}/{i}"
                pid = item["id"]
                loc = doc.locate(f"{ptr}/id")
                if not pid.startswith(sid + "."):
                    self.issues.append(Issue(loc, Code.PROVISION_PREFIX,
                        f"provision ID {pid!r} must start with its standard's ID and a dot ({sid}.)"))
                children = item.get("children", ())
                provision = model.Provision(
                    id=pid, standard_id=sid, parent_id=parent, type=item.get("type"),
                    title=_text(item["title"]) or model.Text(), text=_text(item.get("text")),
                    locator=item.get("locator"), locator_verified=item.get("locator_verified", False),
                    confidence=model.Confidence(item["confidence"]), sources=_tuple(item["sources"]),
                    note=_text(item.get("note")), checkable=item.get("checkable", True),
                    not_checkable_reason=_text(item.get("not_checkable_reason")),
                    children=tuple(c["id"] for c in children), location=loc)
                if self.claim("provision", pid, loc):
                    self.provisions[pid] = provision
                    flat.append(provision)
                walk(children, f"{ptr}/children", pid)

        walk(data["provisions"], "/provisions", None)
        self.standards[sid] = model.Standard(
            id=sid, title=_text(data["title"]) or model.Text(), short_title=_short_title(data.get("short_title")),
            publisher=data["publisher"], issued=data["issued"], legal_force=model.LegalForce(data["legal_force"]),
            jurisdiction=data["jurisdiction"], description=_text(data.get("description")),
            identification=_text(data.get("identification")), sources=_tuple(data["sources"]),
            provisions=tuple(flat), fingerprint=_fingerprint(doc.raw), location=where)

    def add_ruleset(self, doc: Document, data: dict[str, Any]) -> None:
        rid = data["id"]
        where = doc.locate("/id")
        if not self.claim("rule set", rid, where):
            return
        scales = {
            s["id"]: model.Scale(
                id=s["id"], title=_text(s["title"]) or model.Text(), default_target=s["default_target"],
                levels=tuple(model.ScaleLevel(value=lv["value"], label=_text(lv["label"]) or model.Text(),
                                              score=float(lv["score"]), description=_text(lv.get("description")))
                             for lv in s["levels"]))
            for s in data["scales"]}
        crits = {c["id"]: model.Criticality(id=c["id"], label=_text(c["label"]) or model.Text(),
                                            weight=float(c["weight"]), critical=c.get("critical", False))
                 for c in data["criticalities"]}
        rules: list[model.Rule] = []
        for i, item in enumerate(data["rules"]):
            loc = doc.locate(f"/rules/{i}/id")
            scale = scales.get(item["scale"])
            evidence = item.get("evidence") or {}
            applies = item["applies_to"]
            dep = item.get("deprecated")
            rule = model.Rule(
                id=item["id"], ruleset_id=rid, title=_text(item["title"]) or model.Text(),
                question=_text(item["question"]) or model.Text(), scale=item["scale"],
                criticality=item["criticality"], phase=item["phase"],
                applies_to=model.Applicability(
                    institution_types=_tuple(applies.get("institution_types")),
                    categories=_tuple(applies.get("categories")), levels=_tuple(applies.get("levels"))),
                responsible=_tuple(item["responsible"]), implements=_tuple(item["implements"]),
                target=item.get("target") or (scale.default_target if scale else ""),
                evidence_from=evidence.get("required_from"), evidence_examples=_text(evidence.get("examples")),
                guidance={k: _text(v) or model.Text() for k, v in (item.get("guidance") or {}).items()},
                action=_text(item["action"]) or model.Text(), aliases=_tuple(item.get("aliases")),
                since=item.get("since"),
                deprecated=model.Deprecation(since=dep["since"], replaced_by=dep.get("replaced_by"),
                                             reason=_text(dep["reason"]) or model.Text()) if dep else None,
                location=loc)
            if self.claim("rule or weakness", rule.id, loc):
                rules.append(rule)
                self.rules[rule.id] = rule
            for j, alias in enumerate(rule.aliases):
                if self.claim("rule or weakness", alias, doc.locate(f"/rules/{i}/aliases/{j}")):
                    self.aliases[alias] = rule.id
        weaknesses: list[model.Weakness] = []
        for i, item in enumerate(data.get("weaknesses") or ()):
            loc = doc.locate(f"/weaknesses/{i}/id")
            weak = model.Weakness(
                id=item["id"], ruleset_id=rid, title=_text(item["title"]) or model.Text(),
                description=_text(item["description"]) or model.Text(),
                when=conditions.parse(item["when"], f"/weaknesses/{i}/when"), criticality=item["criticality"],
                sources=_tuple(item["sources"]), provisions=_tuple(item.get("provisions")),
                responsible=_tuple(item.get("responsible")),
                recommendation=_text(item["recommendation"]) or model.Text(), location=loc)
            if self.claim("rule or weakness", weak.id, loc):
                weaknesses.append(weak)
                self.weaknesses[weak.id] = weak
        self.rulesets[rid] = model.RuleSet(
            id=rid, version=data["version"], title=_text(data["title"]) or model.Text(),
            description=_text(data.get("description")), scales=scales, criticalities=crits,
            phases=tuple(model.Phase(id=p["id"], title=_text(p["title"]) or model.Text(),
                                     description=_text(p.get("description"))) for p in data["phases"]),
            rating_bands=tuple(sorted((model.RatingBand(id=b["id"], label=_text(b["label"]) or model.Text(),
                                                        min_score=float(b["min_score"]))
                                       for b in data["rating_bands"]), key=lambda b: b.min_score)),
            rules=tuple(rules), weaknesses=tuple(weaknesses), fingerprint=_fingerprint(doc.raw),
            location=where)

    def library(self) -> model.Library:
        return model.Library(
            sources=self.sources, standards=self.standards, provisions=self.provisions,
            levels=self.levels, categories=self.categories, institution_types=self.types,
            rulesets=self.rulesets, rules=self.rules, aliases=self.aliases, weaknesses=self.weaknesses)


def read_library(paths: Iterable[str], *, context: Iterable[str] = ()) -> LoadResult:
    """Read content files (and assessments) and cross-check them; never raises for content.

    ``context`` files supply what ``paths`` refer to (e.g. the bundled standards when
    linting one rule file). A context document is skipped when a file in ``paths``
    defines the same kind and ID, so an edited copy replaces its original. Only problems
    in ``paths`` are reported.
    """
    targets = discover(paths)
    target_paths = {os.path.realpath(t) for t in targets}
    context_files = [p for p in discover(context) if os.path.realpath(p) not in target_paths]
    collector = _Collector()
    result = LoadResult(library=model.Library())
    typed: list[tuple[Document, str, bool]] = []
    for path, is_target in [*((p, True) for p in targets), *((p, False) for p in context_files)]:
        try:
            doc, kind, problems = read_typed(path)
        except InputError as exc:
            if is_target:
                result.issues.extend(exc.issues)
            continue
        if is_target:
            result.issues.extend(problems)
        if problems:
            continue
        typed.append((doc, kind, is_target))
    shadow = {_shadow_key(d, k) for d, k, t in typed if t}
    # Context first: a clash between an edited file and the content it sits in is then
    # reported in the edited file, where it can be fixed.
    typed.sort(key=lambda entry: entry[2])
    documents = {doc.path: doc for doc, _, _ in typed}
    for doc, kind, is_target in typed:
        if not is_target and _shadow_key(doc, kind) in shadow:
            continue
        if kind == "Assessment":
            if is_target:
                result.assessments.append(doc)
            continue
        collector.add(doc, kind)
    result.library = collector.library()
    issues = collector.issues + consistency.check_library(result.library, documents)
    for doc in result.assessments:
        issues.extend(consistency.check_assessment(_build_assessment(doc), result.library, doc))
    wanted = set(targets)
    result.issues.extend(i for i in issues if i.location.path in wanted)
    result.issues.sort()
    return result


def _shadow_key(doc: Document, kind: str) -> tuple[str, str]:
    return kind, str(doc.data.get("id") or os.path.basename(doc.path))


def load_library(paths: Iterable[str]) -> model.Library:
    """Load content for evaluation; raise :class:`InputError` on any error."""
    result = read_library(paths)
    if result.errors:
        raise InputError(result.errors)
    return result.library


def load_assessment(path: str, library: model.Library) -> model.Assessment:
    """Read, validate and cross-check one self-assessment against the library."""
    return _assessment(read_typed(path), library)


def load_assessment_text(raw: bytes, path: str, library: model.Library) -> model.Assessment:
    """Like :func:`load_assessment`, for YAML made in memory (an import) before it is written."""
    return _assessment(_typed(parse(raw, path)), library)


def _assessment(typed: tuple[Document, str, list[Issue]], library: model.Library) -> model.Assessment:
    doc, kind, problems = typed
    if kind != "Assessment":
        raise InputError([Issue(doc.locate("/kind"), Code.WRONG_KIND,
                                f"expected a self-assessment (kind: Assessment), found kind {kind!r}")])
    if problems:
        raise InputError(problems)
    return load_assessment_document(doc, library)


def load_assessment_document(doc: Document, library: model.Library) -> model.Assessment:
    """Build an assessment from a schema-valid document; raise on any broken reference."""
    assessment = _build_assessment(doc)
    issues = consistency.check_assessment(assessment, library, doc)
    if any(i.severity is Severity.ERROR for i in issues):
        raise InputError([i for i in issues if i.severity is Severity.ERROR])
    return assessment


def _build_assessment(doc: Document) -> model.Assessment:
    data = doc.data
    inst = data["institution"]
    answers: dict[str, model.Answer] = {}
    for rule_id, item in data["answers"].items():
        item = item or {}
        pointer = f"/answers/{escape_pointer(rule_id)}"
        answers[rule_id] = model.Answer(
            rule_id=rule_id, value=item.get("value"), evidence=_tuple(item.get("evidence")),
            notes=item.get("notes"), justification=item.get("justification"),
            location=doc.locate(pointer, key=True))
    assessment = model.Assessment(
        institution=model.InstitutionProfile(type=inst["type"], level=inst["level"], name=inst["name"],
                                             jurisdiction=inst.get("jurisdiction")),
        assessed_on=data["assessed_on"], round=data.get("round"),
        assessors=tuple((a["name"], a.get("role")) for a in data.get("assessors") or ()),
        rulesets=tuple(model.RuleSetRef(id=r["id"], version=r["version"]) for r in data["rulesets"]),
        answers=answers, illustrative=data.get("illustrative", False),
        fingerprint=_fingerprint(doc.raw), location=doc.locate(""))
    return assessment
