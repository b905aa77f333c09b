"""The one path from files to model: read -> parse -> validate -> build -> cross-check."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from brecha import __version__, cache, conditions, consistency, errors, model
from brecha.codes import Code
from brecha.errors import InputError, Issue, Location, Severity, bounded
from brecha.validation import validate_document
from brecha.yamlio import Document, Limits, escape_pointer, parse, read

__all__ = [
    "LoadResult",
    "bundled_root",
    "discover",
    "load_assessment",
    "load_assessment_text",
    "load_bundled",
    "load_library",
    "load_plan",
    "load_plan_text",
    "read_library",
]

CONTENT_KINDS = ("SourceRegister", "InstitutionRegistry", "Standard", "RuleSet")
DOCUMENT_KINDS = (*CONTENT_KINDS, "Assessment", "ActionPlan")


def bundled_root() -> Path:
    """Folder of the standards and rule sets shipped inside the package.

    brecha is installed as files (a wheel or an editable checkout), so the content is a real
    folder beside this module; ``importlib.resources`` would find the same folder at the cost
    of importing it (with ``tempfile`` and ``random``), a few milliseconds of every run.
    """
    return Path(__file__).parent / "content"


def _shown(path: Path | str, here: str | None = None) -> str:
    """A path as users should read it: relative to the working folder (``here``: it, found once) when inside it."""
    text = str(path)
    if os.path.isabs(text):
        try:
            rel = os.path.relpath(text, here)
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
            here = os.getcwd() if path.is_absolute() else None  # not once per file (summary: thousands)
            found.extend(sorted(_shown(p, here) for p in _yaml_below(str(path))))
        else:
            found.append(str(path))
    return found


def _yaml_below(top: str) -> Iterator[str]:
    """The YAML files below a folder, as ``Path(top).rglob("*")`` finds them, without a ``Path`` per file.

    Hidden files and folders (a name starting with a dot) are left out, folders reached through
    a symbolic link are not entered, and a folder that cannot be read is passed over, as rglob
    does; a file is kept when it is a regular file (a link to one too) named ``*.yaml`` or ``*.yml``.
    """
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except (PermissionError, FileNotFoundError, NotADirectoryError):
            continue
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir() and not entry.is_symlink():
                    folders.append(name if folder == "." else os.path.join(folder, name))
                elif name.endswith((".yaml", ".yml")) and entry.is_file():
                    yield name if folder == "." else os.path.join(folder, name)
            except OSError:  # pragma: no cover - gone or unreadable while listed
                continue


def _fingerprint(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def read_typed(path: str) -> tuple[Document, str, list[Issue]]:
    """Read one file, find its kind and validate it against that kind's schema."""
    return _typed(read(path))


def _typed(doc: Document) -> tuple[Document, str, list[Issue]]:
    data = doc.data
    if not isinstance(data, dict):
        raise InputError([Issue.of(doc.locate(""), Code.WRONG_TYPE, "diag.read.not_mapping")])
    kind = data.get("kind")
    if kind not in DOCUMENT_KINDS:
        known = ", ".join(DOCUMENT_KINDS)
        if "kind" not in data:
            raise InputError([Issue.of(doc.locate(""), Code.UNKNOWN_KIND, "diag.read.kind_missing", kinds=known)])
        raise InputError([Issue.of(doc.locate("/kind"), Code.UNKNOWN_KIND, "diag.read.kind", kinds=known,
                                   found=doc.as_written("/kind", kind))])
    version = data.get("schema_version")
    if version != 1 or isinstance(version, bool):
        where = doc.locate("/schema_version")
        if "schema_version" not in data:
            raise InputError([Issue.of(where, Code.SCHEMA_VERSION, "diag.read.version_missing")])
        raise InputError([Issue.of(where, Code.SCHEMA_VERSION, "diag.read.version",
                                   found=doc.as_written("/schema_version", version))])
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


class LoadResult:
    """Everything read from a set of files: the library, its assessments, all issues."""

    def __init__(self, library: model.Library) -> None:
        self.library = library
        self.assessments: list[Document] = []
        self.issues: list[Issue] = []

    @property
    def errors(self) -> list[Issue]:
        """Issues of error severity."""
        return [i for i in self.issues if i.severity is Severity.ERROR]


class _Collector:
    """Builds the library from validated documents, one kind at a time, and notes duplicate IDs.

    IDs share namespaces across files (a rule and a weakness pattern may not share an ID);
    the first definition read wins and later ones are reported where they stand.
    """

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
        self._builders: dict[str, Callable[[Document], None]] = {
            "SourceRegister": self._add_sources, "InstitutionRegistry": self._add_registry,
            "Standard": self._add_standard, "RuleSet": self._add_ruleset}

    def claim(self, namespace: str, ident: str, where: Location) -> bool:
        """Record an ID; report it (and return False) when already defined in its namespace."""
        first = self.seen.get((namespace, ident))
        if first is not None:
            self.issues.append(Issue(where, Code.DUPLICATE_ID,
                                     f"{namespace} ID {ident!r} is already defined at {first}"))
            return False
        self.seen[(namespace, ident)] = where
        return True

    def add(self, doc: Document, kind: str) -> None:
        """Add one validated content document (any kind but Assessment)."""
        self._builders[kind](doc)

    def library(self) -> model.Library:
        """Everything added so far, as one library."""
        return model.Library(
            sources=self.sources, standards=self.standards, provisions=self.provisions,
            levels=self.levels, categories=self.categories, institution_types=self.types,
            rulesets=self.rulesets, rules=self.rules, aliases=self.aliases, weaknesses=self.weaknesses)

    def _add_sources(self, doc: Document) -> None:
        for i, item in enumerate(doc.data["sources"]):
            source = _source(item, doc.locate(f"/sources/{i}/id"))
            if self.claim("source", source.id, source.location):
                self.sources[source.id] = source

    def _add_registry(self, doc: Document) -> None:
        data = doc.data
        for i, item in enumerate(data.get("levels") or ()):
            if self.claim("level", item["id"], doc.locate(f"/levels/{i}/id")):
                self.levels[item["id"]] = model.Level(id=item["id"], name=_text(item["name"]) or model.Text())
        for i, item in enumerate(data.get("actor_categories") or ()):
            category = _category(item, doc.locate(f"/actor_categories/{i}/id"))
            if self.claim("institution or category", category.id, category.location):
                self.categories[category.id] = category
        for i, item in enumerate(data.get("institution_types") or ()):
            itype = _institution_type(item, doc.locate(f"/institution_types/{i}/id"))
            if self.claim("institution or category", itype.id, itype.location):
                self.types[itype.id] = itype

    def _add_standard(self, doc: Document) -> None:
        data = doc.data
        sid = data["id"]
        where = doc.locate("/id")
        if not self.claim("standard", sid, where):
            return
        flat: list[model.Provision] = []
        self._add_provisions(doc, sid, data["provisions"], "/provisions", None, flat)
        self.standards[sid] = _standard(data, tuple(flat), _fingerprint(doc.raw), where)

    def _add_provisions(self, doc: Document, sid: str, items: Sequence[dict[str, Any]], pointer: str,
                        parent: str | None, flat: list[model.Provision]) -> None:
        """Add a level of the provision tree, depth first, in document order."""
        for i, item in enumerate(items):
            here = f"{pointer}/{i}"
            provision = _provision(item, sid, parent, doc.locate(f"{here}/id"))
            if not provision.id.startswith(sid + "."):
                self.issues.append(Issue(provision.location, Code.PROVISION_PREFIX,
                    f"provision ID {provision.id!r} must start with its standard's ID and a dot ({sid}.)"))
            if self.claim("provision", provision.id, provision.location):
                self.provisions[provision.id] = provision
                flat.append(provision)
            self._add_provisions(doc, sid, item.get("children", ()), f"{here}/children", provision.id, flat)

    def _add_ruleset(self, doc: Document) -> None:
        data = doc.data
        rid = data["id"]
        where = doc.locate("/id")
        if not self.claim("rule set", rid, where):
            return
        scales = {s["id"]: _scale(s) for s in data["scales"]}
        rules = [rule for i, item in enumerate(data["rules"])
                 if (rule := self._add_rule(doc, i, _rule(item, rid, scales, doc.locate(f"/rules/{i}/id"))))]
        weaknesses = [weak for i, item in enumerate(data.get("weaknesses") or ())
                      if (weak := self._add_weakness(_weakness(item, rid, i, doc.locate(f"/weaknesses/{i}/id"))))]
        handoffs = []
        for i, item in enumerate(data.get("handoffs") or ()):
            here = doc.locate(f"/handoffs/{i}/id")
            if self.claim("hand-off", item["id"], here):
                handoffs.append(_handoff(item, rid, here))
        self.rulesets[rid] = model.RuleSet(
            id=rid, version=data["version"], title=_text(data["title"]) or model.Text(),
            description=_text(data.get("description")), scales=scales,
            criticalities={c["id"]: _criticality(c) for c in data["criticalities"]},
            phases=tuple(_phase(p) for p in data["phases"]),
            rating_bands=tuple(sorted(map(_band, data["rating_bands"]), key=lambda b: b.min_score)),
            rules=tuple(rules), weaknesses=tuple(weaknesses), fingerprint=_fingerprint(doc.raw),
            location=where, handoffs=tuple(handoffs), basis=_basis(data.get("basis")),
            jurisdiction=data.get("jurisdiction"),
            rating_caps=tuple(model.RatingCap(id=c["id"], when=model.CapCondition(c["when"]),
                                              max_rating=c["max_rating"], reason=_text(c["reason"]) or model.Text())
                              for c in data.get("rating_caps") or ()),
            not_applicable_share=data.get("not_applicable_share"),
            evidence_max_age_days=data.get("evidence_max_age_days"))

    def _add_rule(self, doc: Document, index: int, rule: model.Rule) -> model.Rule | None:
        """Claim a rule's ID and its aliases (old IDs); the rule, or None when its ID is taken."""
        claimed = self.claim("rule or weakness", rule.id, rule.location)
        if claimed:
            self.rules[rule.id] = rule
        for j, alias in enumerate(rule.aliases):
            if self.claim("rule or weakness", alias, doc.locate(f"/rules/{index}/aliases/{j}")):
                self.aliases[alias] = rule.id
        return rule if claimed else None

    def _add_weakness(self, weak: model.Weakness) -> model.Weakness | None:
        if not self.claim("rule or weakness", weak.id, weak.location):
            return None
        self.weaknesses[weak.id] = weak
        return weak


# Builders of single records from schema-valid data: no claims, no issues.

def _source(item: dict[str, Any], where: Location) -> model.Source:
    return model.Source(
        id=item["id"], title=item["title"], type=item["type"],
        publisher=item.get("publisher"), date=item.get("date"),
        address=item.get("address"), note=_text(item.get("note")), location=where)


def _category(item: dict[str, Any], where: Location) -> model.ActorCategory:
    return model.ActorCategory(id=item["id"], name=_text(item["name"]) or model.Text(),
                               description=_text(item.get("description")), location=where)


def _institution_type(item: dict[str, Any], where: Location) -> model.InstitutionType:
    return model.InstitutionType(
        id=item["id"], name=_text(item["name"]) or model.Text(),
        acronym=item.get("acronym"), country=item.get("country"),
        levels=_tuple(item["levels"]), categories=_tuple(item["categories"]),
        description=_text(item.get("description")),
        sources=_tuple(item.get("sources")), location=where,
        level_names={k: _text(v) or model.Text() for k, v in (item.get("level_names") or {}).items()})


def _standard(data: dict[str, Any], provisions: tuple[model.Provision, ...], fingerprint: str,
              where: Location) -> model.Standard:
    return model.Standard(
        id=data["id"], title=_text(data["title"]) or model.Text(), short_title=_short_title(data.get("short_title")),
        publisher=data["publisher"], issued=data["issued"], legal_force=model.LegalForce(data["legal_force"]),
        jurisdiction=data["jurisdiction"], description=_text(data.get("description")),
        identification=_text(data.get("identification")), sources=_tuple(data["sources"]),
        provisions=provisions, fingerprint=fingerprint, location=where,
        binds=tuple(model.Binding(country=b["country"], source=b["source"], date=b["date"], note=_text(b.get("note")))
                    for b in data.get("binds") or ()))


def _provision(item: dict[str, Any], sid: str, parent: str | None, where: Location) -> model.Provision:
    return model.Provision(
        id=item["id"], standard_id=sid, parent_id=parent, type=item.get("type"),
        title=_text(item["title"]) or model.Text(), text=_text(item.get("text")),
        locator=item.get("locator"), locator_verified=item.get("locator_verified", False),
        confidence=model.Confidence(item["confidence"]), sources=_tuple(item["sources"]),
        note=_text(item.get("note")), checkable=item.get("checkable", True),
        not_checkable_reason=_text(item.get("not_checkable_reason")),
        children=tuple(c["id"] for c in item.get("children", ())), location=where,
        verified_in=_text(item.get("verified_in")))


def _scale(data: dict[str, Any]) -> model.Scale:
    return model.Scale(
        id=data["id"], title=_text(data["title"]) or model.Text(), default_target=data["default_target"],
        levels=tuple(model.ScaleLevel(value=lv["value"], label=_text(lv["label"]) or model.Text(),
                                      score=float(lv["score"]), description=_text(lv.get("description")))
                     for lv in data["levels"]))


def _criticality(data: dict[str, Any]) -> model.Criticality:
    return model.Criticality(id=data["id"], label=_text(data["label"]) or model.Text(),
                             weight=float(data["weight"]), critical=data.get("critical", False))


def _phase(data: dict[str, Any]) -> model.Phase:
    return model.Phase(id=data["id"], title=_text(data["title"]) or model.Text(),
                       description=_text(data.get("description")))


def _basis(data: dict[str, Any] | None) -> model.RuleSetBasis | None:
    if not data:
        return None
    return model.RuleSetBasis(home=data["home"], legal=tuple(data.get("legal") or ()))


def _band(data: dict[str, Any]) -> model.RatingBand:
    return model.RatingBand(id=data["id"], label=_text(data["label"]) or model.Text(),
                            min_score=float(data["min_score"]))


def _rule(item: dict[str, Any], rid: str, scales: dict[str, model.Scale], where: Location) -> model.Rule:
    scale = scales.get(item["scale"])
    evidence = item.get("evidence") or {}
    scope = item["applies_to"]
    dep = item.get("deprecated")
    return model.Rule(
        id=item["id"], ruleset_id=rid, title=_text(item["title"]) or model.Text(),
        question=_text(item["question"]) or model.Text(), scale=item["scale"],
        criticality=item["criticality"], phase=item["phase"],
        applies_to=model.Applicability(
            institution_types=_tuple(scope.get("institution_types")),
            categories=_tuple(scope.get("categories")), levels=_tuple(scope.get("levels"))),
        responsible=_tuple(item["responsible"]), implements=_tuple(item["implements"]),
        target=item.get("target") or (scale.default_target if scale else ""),
        evidence_from=evidence.get("required_from"), evidence_examples=_text(evidence.get("examples")),
        guidance={k: _text(v) or model.Text() for k, v in (item.get("guidance") or {}).items()},
        action=_text(item["action"]) or model.Text(), aliases=_tuple(item.get("aliases")),
        equivalent_to=_tuple(item.get("equivalent_to")), since=item.get("since"),
        absolute=_absolute(item.get("absolute")),
        action_for={k: _text(v) or model.Text() for k, v in (item.get("action_for") or {}).items()},
        counterparts=tuple(c if isinstance(c, str) else f"{c['institution']}@{c['level']}"
                           for c in item.get("counterparts") or ()),
        held_separately=bool(item.get("held_separately", False)),
        deprecated=model.Deprecation(since=dep["since"], replaced_by=dep.get("replaced_by"),
                                     reason=_text(dep["reason"]) or model.Text()) if dep else None,
        location=where)


def _absolute(data: dict[str, Any] | None) -> model.Absolute | None:
    if not data:
        return None
    return model.Absolute(provisions=_tuple(data["provisions"]), breach=_text(data["breach"]) or model.Text())


def _weakness(item: dict[str, Any], rid: str, index: int, where: Location) -> model.Weakness:
    return model.Weakness(
        id=item["id"], ruleset_id=rid, title=_text(item["title"]) or model.Text(),
        description=_text(item["description"]) or model.Text(),
        when=conditions.parse(item["when"], f"/weaknesses/{index}/when"), criticality=item["criticality"],
        sources=_tuple(item["sources"]), provisions=_tuple(item.get("provisions")),
        responsible=_tuple(item.get("responsible")),
        recommendation=_text(item["recommendation"]) or model.Text(), location=where)


def _handoff(item: dict[str, Any], rid: str, where: Location) -> model.Handoff:
    def side(data: dict[str, Any]) -> model.HandoffSide:
        return model.HandoffSide(rule=data["rule"], institutions=_tuple(data["institutions"]))

    return model.Handoff(
        id=item["id"], ruleset_id=rid, stage=item["stage"], title=_text(item["title"]) or model.Text(),
        description=_text(item.get("description")), sender=side(item["from"]), receiver=side(item["to"]),
        location=where)


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
    plans: list[Document] = []
    unloaded: list[object] = []  # rule sets that failed to load (None: unreadable file of unknown kind)
    broken_assessments: list[tuple[Document, list[Issue]]] = []
    for path, is_target in [*((p, True) for p in targets), *((p, False) for p in context_files)]:
        try:
            doc, kind, problems = read_typed(path)
        except InputError as exc:
            if is_target:
                result.issues.extend(exc.issues)
            unloaded.append(None)
            continue
        if is_target and kind == "Assessment" and problems:
            broken_assessments.append((doc, problems))  # worded with their rules once the library is built
        elif is_target:
            result.issues.extend(problems)
        if problems:
            if kind == "RuleSet":
                unloaded.append(doc.data)
            continue
        typed.append((doc, kind, is_target))
    shadow = {_shadow_key(d, k) for d, k, t in typed if t}
    # Context first: a clash between an edited file and the content it sits in is then
    # reported in the edited file, where it can be fixed.
    typed.sort(key=lambda entry: entry[2])
    documents = {doc.path: doc for doc, _, _ in typed}
    typed.reverse()
    while typed:  # each document's data is let go once its records are built (100,000 rules are ~1 GB)
        doc, kind, is_target = typed.pop()
        if kind not in ("Assessment", "ActionPlan"):
            documents[doc.path] = dataclasses.replace(doc, data=None)  # only its positions are needed now
        if not is_target and _shadow_key(doc, kind) in shadow:
            continue
        if kind == "Assessment":
            if is_target:
                result.assessments.append(doc)
            continue
        if kind == "ActionPlan":
            if is_target:
                plans.append(doc)
            continue
        collector.add(doc, kind)
    result.library = collector.library()
    issues = collector.issues + consistency.check_library(result.library, documents, unloaded)
    for doc in result.assessments:
        issues.extend(consistency.check_assessment(_build_assessment(doc), result.library, doc))
    for doc in plans:
        issues.extend(consistency.check_plan(_build_plan(doc), result.library, doc))
    for doc, problems in broken_assessments:
        issues.extend(_rule_aware(issue, doc, result.library) for issue in problems)
    wanted = set(targets)
    result.issues.extend(i for i in issues if i.location.path in wanted)
    result.issues[:] = bounded(result.issues)  # at most MAX_PROBLEMS per file, then "…and N more"
    return result


def _shadow_key(doc: Document, kind: str) -> tuple[str, str]:
    return kind, str(doc.data.get("id") or os.path.basename(doc.path))


def load_library(paths: Iterable[str]) -> model.Library:
    """Load content for evaluation; raise :class:`InputError` on any error."""
    result = read_library(paths)
    if result.errors:
        raise InputError(result.errors)
    return result.library


def load_bundled(root: str | None = None) -> model.Library:
    """Load the bundled content (or the folder ``root``), reusing the cached library when valid.

    The cache (:mod:`brecha.cache`) is keyed by the SHA-256 of every content file and of
    brecha's own code, so any edit, upgrade or other input limit builds it afresh.
    """
    paths = [str(bundled_root()) if root is None else root]
    content_files = discover(paths)
    key = _library_key(content_files)
    if key is not None:
        found = cache.load("library", key, _cacheable())
        if isinstance(found, model.Library):
            return found
    library = load_library(paths)
    if key is not None:
        cache.store("library", key, library)
    return library


def _library_key(content_files: Sequence[str]) -> bytes | None:
    """What a built library depends on: the files as named and read, the code, the limits."""
    if cache.directory() is None:
        return None
    digest = hashlib.sha256()
    digest.update(f"library\0{__version__}\0{sys.version_info[:3]}\0{Limits()}\0".encode())
    code = Path(__file__).parent
    try:
        for source in sorted([*code.glob("*.py"), *code.glob("schemas/*.json")]):
            digest.update(source.name.encode() + b"\0" + hashlib.sha256(source.read_bytes()).digest())
        for path in content_files:
            with open(path, "rb") as handle:
                digest.update(path.encode() + b"\0" + hashlib.sha256(handle.read()).digest())
    except OSError:  # unreadable now: let the loader report it
        return None
    return digest.digest()


def _cacheable() -> dict[tuple[str, str], type]:
    """The classes a cached library may contain: brecha's frozen records and enumerations."""
    allowed: dict[tuple[str, str], type] = {}
    for module in (model, conditions, errors):
        for name, obj in vars(module).items():
            if isinstance(obj, type) and obj.__module__ == module.__name__ and (
                    issubclass(obj, enum.Enum) or (dataclasses.is_dataclass(obj)
                                                   and obj.__dataclass_params__.frozen)):  # type: ignore[attr-defined]
                allowed[(module.__name__, name)] = obj
    allowed[("brecha.errors", "Location")] = errors.Location  # immutable; pickled as its four fields
    return allowed


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
                                f"expected a self-assessment (kind: Assessment), found kind {kind!r}",
                                es=f"se esperaba una autoevaluación (kind: Assessment), no kind {kind!r}")])
    if problems:
        raise InputError([_rule_aware(issue, doc, library) for issue in problems])
    return load_assessment_document(doc, library)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _rule_aware(issue: Issue, doc: Document, library: model.Library) -> Issue:
    """A schema error on an answer's value, restated with its rule's allowed values and near miss."""
    parts = issue.location.pointer.split("/")
    if issue.code is not Code.SCHEMA or len(parts) != 4 or parts[1] != "answers" or parts[3] != "value":
        return issue
    answers = doc.data.get("answers") if isinstance(doc.data, dict) else None
    item = answers.get(_unescape(parts[2])) if isinstance(answers, dict) else None
    value = item.get("value") if isinstance(item, dict) else None
    if isinstance(value, bool):  # `yes` read as a boolean: name the allowed values, as for any other word
        value = doc.booleans.get(issue.location.pointer, value)
    better = consistency.answer_value_issue(library, _unescape(parts[2]), value, issue.location)
    return issue if better is None else better


def load_assessment_document(doc: Document, library: model.Library) -> model.Assessment:
    """Build an assessment from a schema-valid document; raise on any broken reference."""
    assessment = _build_assessment(doc)
    issues = consistency.check_assessment(assessment, library, doc)
    if any(i.severity is Severity.ERROR for i in issues):
        raise InputError([i for i in issues if i.severity is Severity.ERROR])
    return assessment


def _evidence(items: Any) -> tuple[model.Evidence, ...]:
    """Evidence items: a string is a title; a record may add a date, a link or file, who verified it."""
    if not items:
        return ()
    return tuple(model.Evidence(title=item) if isinstance(item, str) else
                 model.Evidence(title=item["title"], date=item.get("date"), link=item.get("link"),
                                file=item.get("file"), verified_by=item.get("verified_by"))
                 for item in items)


def _build_assessment(doc: Document) -> model.Assessment:
    data = doc.data
    inst = data["institution"]
    answers: dict[str, model.Answer] = {}
    for rule_id, item in data["answers"].items():
        item = item or {}
        pointer = f"/answers/{escape_pointer(rule_id)}"
        records = _evidence(item.get("evidence"))
        answers[rule_id] = model.Answer(
            rule_id=rule_id, value=item.get("value"), evidence=tuple(r.title for r in records),
            notes=item.get("notes"), justification=item.get("justification"),
            location=doc.locate(pointer, key=True), records=records, confirmed_by=item.get("confirmed_by"))
    assessment = model.Assessment(
        institution=model.InstitutionProfile(type=inst["type"], level=inst["level"], name=inst["name"],
                                             jurisdiction=inst.get("jurisdiction")),
        assessed_on=data["assessed_on"], round=data.get("round"),
        assessors=tuple((a["name"], a.get("role")) for a in data.get("assessors") or ()),
        rulesets=tuple(model.RuleSetRef(id=r["id"], version=r["version"]) for r in data["rulesets"]),
        answers=answers, illustrative=data.get("illustrative", False),
        fingerprint=_fingerprint(doc.raw), location=doc.locate(""))
    return assessment


def load_plan(path: str, library: model.Library) -> model.ActionPlan:
    """Read, validate and cross-check one action plan against the library."""
    return _plan(read_typed(path), library)


def load_plan_text(raw: bytes, path: str, library: model.Library) -> model.ActionPlan:
    """Like :func:`load_plan`, for YAML made in memory (a plan read back from a workbook) before it is written."""
    return _plan(_typed(parse(raw, path)), library)


def _plan(typed: tuple[Document, str, list[Issue]], library: model.Library) -> model.ActionPlan:
    doc, kind, problems = typed
    if kind != "ActionPlan":
        raise InputError([Issue(doc.locate("/kind"), Code.WRONG_KIND,
                                f"expected an action plan (kind: ActionPlan), found kind {kind!r}",
                                es=f"se esperaba un plan de acción (kind: ActionPlan), no kind {kind!r}")])
    if problems:
        raise InputError(problems)
    plan = _build_plan(doc)
    issues = [i for i in consistency.check_plan(plan, library, doc) if i.severity is Severity.ERROR]
    if issues:
        raise InputError(issues)
    return plan


def _build_plan(doc: Document) -> model.ActionPlan:
    data = doc.data
    inst = data["institution"]
    made_from = data.get("made_from") or {}
    actions = tuple(
        model.PlannedAction(
            id=item["id"], rule=item.get("rule"), weakness=item.get("weakness"), action=item["action"],
            responsible=_tuple(item.get("responsible")), others=_tuple(item.get("with")), owner=item.get("owner"),
            due=item.get("due"), status=model.ActionStatus(item["status"]), done_on=item.get("done_on"),
            notes=item.get("notes"), location=doc.locate(f"/actions/{index}"))
        for index, item in enumerate(data["actions"]))
    return model.ActionPlan(
        institution=model.InstitutionProfile(type=inst["type"], level=inst["level"], name=inst["name"],
                                             jurisdiction=inst.get("jurisdiction")),
        made_on=data["made_on"], made_from=made_from.get("assessed_on"), made_from_round=made_from.get("round"),
        actions=actions, illustrative=data.get("illustrative", False), fingerprint=_fingerprint(doc.raw),
        location=doc.locate(""))
