#!/usr/bin/env python3
"""brecha's benchmark suite: one table of ratios, every competitor timed side by side.

    python benchmarks/run.py            # full run (several minutes)
    python benchmarks/run.py --quick    # small sizes, one repetition: does it still run? (< 60 s)

Absolute times on a shared machine are noise, so each comparison runs both sides as
whole cold processes, interleaved in the same run (A B B A A B ...), and reports the
ratio of their medians. Peak memory is each child's own maximum resident set size,
read from the kernel with ``os.wait4`` (the same figure ``/usr/bin/time -v`` prints), each
command forked from a small launcher (:data:`LAUNCHER`): forked from the benchmark itself, a
command would be charged with the benchmark's own size, which Linux keeps across ``exec``.

Comparisons (see benchmarks/README.md for what each one means):

1. ``brecha evaluate EXAMPLE`` vs ``check-jsonschema`` validating the same file
   against brecha's own assessment schema (target: ratio <= 0.5), and typer's own floor
   (a one-command typer app reading the same file): brecha within 30 ms of it.
2. ``brecha lint`` of all shipped content vs ``check-jsonschema`` over the same files
   with the same schemas (target: ratio <= 0.5).
3. ``brecha summary`` of 1,000 generated ruta-mx assessments vs the floor: PyYAML's C
   loader parsing the same 1,000 files in one process (targets: ratio <= 2 pinned to one
   core, <= 1 with all cores; peak memory <= 2 x the floor's).
4. Generated rule sets of 1,000 / 10,000 / 100,000 rules: time and peak memory of
   ``lint`` and ``evaluate``, and the fitted exponent of time against size (targets:
   linear; 10,000 rules lint in <= 1.5 s; 100,000 rules under 1 GiB).

Every ratio is shown as the ratio of the medians and, per repetition (the two sides run
one after the other), as min / median / max; with each side's peak memory.
5. Hostile files at the default input limits (tests/hostile.py: a million wrong values,
   unknown answers, duplicate keys, aliases, 32 MiB texts...): ``lint`` of each, CPU
   time and peak memory (target: the README's guarantee, under 5 s of CPU and 640 MiB).

Only the standard library and the packages brecha itself depends on are used.
check-jsonschema comes from the ``bench`` dependency group; without it the quick mode
skips those rows, the full mode stops with a hint.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _reexec_in_venv() -> None:
    """``python benchmarks/run.py`` with a Python lacking brecha: use the repository's venv."""
    try:
        import yaml  # noqa: F401

        import brecha  # noqa: F401
    except ImportError:
        venv = REPO / ".venv"
        if Path(sys.prefix).resolve() != venv.resolve():
            for candidate in (venv / "bin" / "python", venv / "Scripts" / "python.exe"):
                if candidate.exists():
                    os.execv(str(candidate), [str(candidate), *sys.argv])  # noqa: S606 - same script, venv Python
        sys.exit("benchmarks/run.py: brecha is not importable; install it first:\n"
                 "  python3 -m venv .venv && .venv/bin/pip install -q -e '.[bench]'")


_reexec_in_venv()

import yaml  # noqa: E402

# ---------------------------------------------------------------------------- processes


def tool(name: str) -> str | None:
    """An executable installed next to this Python (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    return shutil.which(name)


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mib: float
    rc: int


def one_core() -> set[int] | None:
    """The first CPU this process may run on (to pin a "one core" run), where affinity exists."""
    try:
        return {min(os.sched_getaffinity(0))}
    except (AttributeError, OSError):
        return None


#: Runs one command and reports its wall time, CPU time, peak memory and exit code (JSON on the
#: file descriptor given first). The command is forked from this small process, not from the
#: benchmark: Linux keeps a process's peak resident size across ``exec``, so a command forked
#: from the benchmark itself (tens of MiB of generated data and results) would be charged with
#: the benchmark's own size. Forked from here, a command's peak is its own, or this launcher's
#: (a bare Python, about 9 MiB) when smaller.
LAUNCHER = """\
import json, os, sys, time
report, cpus, cmd = int(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3:]
os.set_inheritable(report, False)
if cpus:
    os.sched_setaffinity(0, set(cpus))
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
os.write(report, json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                             os.waitstatus_to_exitcode(status)]).encode())
"""


def run_once(cmd: Sequence[str], env: dict[str, str], ok: Sequence[int] = (0,), cpus: set[int] | None = None) -> Sample:
    """Run one cold process (pinned to ``cpus`` if given); return its wall and CPU time and its peak memory."""
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as err, os.fdopen(read_end, "rb") as report:
        try:
            subprocess.run([sys.executable, "-c", LAUNCHER, str(write_end), json.dumps(sorted(cpus or ())), *cmd],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=REPO,
                           pass_fds=(write_end,), check=True)
        finally:
            os.close(write_end)
        wall, cpu, maxrss, rc = json.loads(report.read())
        if rc not in ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"benchmark command failed (exit {rc}, expected {list(ok)}):\n  "
                             f"{' '.join(cmd)}\n{tail}")
    # ru_maxrss: KiB on Linux, bytes on macOS
    rss = maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    return Sample(wall, cpu, rss, rc)


@dataclass
class Competitor:
    label: str
    cmd: list[str]
    ok: tuple[int, ...] = (0,)
    samples: list[Sample] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # added to the race's environment
    cpus: set[int] | None = None  # pinned to these CPUs

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss_mib for s in self.samples)


def race(competitors: Sequence[Competitor], reps: int, env: dict[str, str], warmup: bool = True) -> None:
    """Time the competitors interleaved; the order alternates each repetition."""
    if warmup:  # compiles .pyc files, fills the page cache and brecha's cache; not counted
        for c in competitors:
            run_once(c.cmd, {**env, **c.env}, c.ok, c.cpus)
    for rep in range(reps):
        order = competitors if rep % 2 == 0 else list(reversed(competitors))
        for c in order:
            c.samples.append(run_once(c.cmd, {**env, **c.env}, c.ok, c.cpus))


def spread(ours: Competitor, theirs: Competitor) -> tuple[float, float, float]:
    """Min, median and max of the per-repetition ratios ours / theirs (wall clock; runs side by side)."""
    ratios = [a.wall / b.wall for a, b in zip(ours.samples, theirs.samples, strict=True)]
    return min(ratios), statistics.median(ratios), max(ratios)


def fmt_spread(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


# ---------------------------------------------------------------------------- data


def write_schemas(brecha: str, out: Path, env: dict[str, str]) -> dict[str, Path]:
    """brecha's own self-contained schemas (``brecha schema KIND``), and one that dispatches on ``kind``."""
    kinds = {"assessment": "Assessment", "ruleset": "RuleSet", "standard": "Standard",
             "registry": "InstitutionRegistry", "sources": "SourceRegister"}
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name in kinds:
        target = out / f"{name}.schema.json"
        subprocess.run([brecha, "schema", name, "-o", str(target), "--force"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        schema = json.loads(target.read_text("utf-8"))
        if _repair_local_refs(schema, schema.get("$defs", {})):
            target.write_text(json.dumps(schema, ensure_ascii=False), "utf-8")
        paths[name] = target
    # One schema for every content kind, so that one check-jsonschema process can check all
    # the files, as one brecha process does. Each kind's schema gets an $id of its own, so
    # that its "#/$defs/..." references resolve inside it.
    combined = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:brecha:bench:any-document",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(kinds.values())}},
        "allOf": [{"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                   "then": {"$ref": f"#/$defs/{name}"}} for name, kind in kinds.items()],
        "$defs": {name: {**json.loads(paths[name].read_text("utf-8")), "$id": f"urn:brecha:bench:{name}"}
                  for name in kinds},
    }
    paths["any"] = out / "any.schema.json"
    paths["any"].write_text(json.dumps(combined, ensure_ascii=False), "utf-8")
    return paths


def _repair_local_refs(node: object, defs: dict[str, object]) -> int:
    """Point ``#/$defs/X`` at the inlined ``#/$defs/common-X``; return how many were fixed.

    Before commit e39d970, ``brecha schema`` inlined the shared definitions as ``common-X``
    but left the shared schema's own local references (``#/$defs/slug`` in ``source_refs``)
    unchanged, so check-jsonschema stopped with ``KeyError: 'slug'`` on every standard,
    registry and rule set. Later versions need no repair (this then changes nothing).
    """
    fixed = 0
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name not in defs and f"common-{name}" in defs:
                node["$ref"] = f"#/$defs/common-{name}"
                fixed += 1
        for value in node.values():
            fixed += _repair_local_refs(value, defs)
    elif isinstance(node, list):
        for value in node:
            fixed += _repair_local_refs(value, defs)
    return fixed


def kind_of(path: Path) -> str:
    with path.open("rb") as handle:
        return str(yaml.load(handle, Loader=yaml.CSafeLoader).get("kind"))  # noqa: TID251 - only to sort files


def shipped_content() -> tuple[list[Path], list[Path]]:
    """The bundled standards and rule sets, and the shipped example assessments."""
    from brecha import loading

    content = [Path(p).resolve() for p in loading.discover([loading.bundled_root()])]
    examples = sorted(p for p in (REPO / "examples").glob("*.yaml") if kind_of(p) == "Assessment")
    if not examples:
        raise SystemExit("no example assessment found in examples/")
    return content, examples


def generate_assessments(out: Path, count: int, seed: int = 1) -> dict[str, int]:
    """``count`` self-assessments of a state Procuraduría against the bundled ruta-mx."""
    from brecha import api
    from brecha.model import applies, never_not_applicable

    library = api.load_content()
    ruleset = library.rulesets["ruta-mx"]
    itype = library.institution_types["procuraduria-proteccion"]
    rules = [r for r in ruleset.rules if applies(r, itype, "state") and r.deprecated is None]
    if not rules:
        raise SystemExit("ruta-mx has no rule for procuraduria-proteccion at level state")
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    states = ["AGU", "BCN", "BCS", "CAM", "CHH", "CHP", "COA", "COL", "CMX", "DUR", "GRO", "GUA", "HID",
              "JAL", "MEX", "MIC", "MOR", "NAY", "NLE", "OAX", "PUE", "QUE", "ROO", "SIN", "SLP", "SON",
              "TAB", "TAM", "TLA", "VER", "YUC", "ZAC"]
    out.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        level = rng.random()  # how mature this institution is overall
        answers: dict[str, object] = {}
        for rule in rules:
            values = ruleset.scales[rule.scale].values
            draw = rng.random()
            if draw < 0.06:
                answers[rule.id] = None  # not answered yet
            elif draw < 0.10 and not never_not_applicable(rule, itype, "state"):  # absolute duties: never n/a
                answers[rule.id] = {"value": "not_applicable",
                                    "justification": f"La institución no realiza esta función (caso {n})."}
            else:
                pick = min(len(values) - 1, max(0, round(rng.gauss(level * (len(values) - 1), 1.0))))
                item: dict[str, object] = {"value": values[pick]}
                if rng.random() < 0.6:
                    item["evidence"] = [f"Oficio {rng.randrange(1000, 9999)}/{2020 + rng.randrange(6)}"]
                if rng.random() < 0.2:
                    item["notes"] = "Se aplica en la capital; en las delegaciones regionales aún no."
                answers[rule.id] = item
        doc = {
            "kind": "Assessment",
            "schema_version": 1,
            "illustrative": True,
            "institution": {"type": "procuraduria-proteccion", "level": "state",
                            "name": f"Procuraduría de Protección de NNA ficticia n.º {n + 1}",
                            "jurisdiction": f"MX-{states[n % len(states)]}"},
            "assessed_on": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "round": str(2024 + n % 3),
            "rulesets": [{"id": ruleset.id, "version": ruleset.version}],
            "answers": answers,
        }
        (out / f"a{n:05d}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), "utf-8")
    return {"rules": len(rules)}


_SOURCES = """\
kind: SourceRegister
schema_version: 1
sources:
  - {id: src-one, title: Source one, type: official-text}
  - {id: src-two, title: Source two, type: press}
"""

_REGISTRY = """\
kind: InstitutionRegistry
schema_version: 1
levels:
  - {id: federal, name: {es: Federal, en: Federal}}
  - {id: state, name: {es: Estatal, en: State}}
actor_categories:
  - {id: migration-authority, name: {es: Autoridad migratoria, en: Migration authority}}
  - {id: child-protection-authority, name: {es: Autoridad de protección, en: Child-protection authority}}
institution_types:
  - id: agency-a
    name: {es: Agencia A, en: Agency A}
    country: MX
    levels: [federal]
    categories: [migration-authority]
  - id: office-b
    name: {es: Oficina B, en: Office B}
    country: MX
    levels: [federal, state]
    categories: [child-protection-authority]
"""

_RULESET_HEAD = """\
kind: RuleSet
schema_version: 1
id: gen
version: 1.0.0
title: {es: Reglas generadas, en: Generated rules}
scales:
  - id: maturity
    title: {es: Madurez, en: Maturity}
    default_target: implemented
    levels:
      - {value: absent, score: 0, label: {es: Ausente, en: Absent}}
      - {value: initial, score: 0.25, label: {es: Inicial, en: Initial}}
      - {value: defined, score: 0.5, label: {es: Definido, en: Defined}}
      - {value: implemented, score: 0.75, label: {es: Implementado, en: Implemented}}
      - {value: monitored, score: 1, label: {es: Monitoreado, en: Monitored}}
  - id: frequency
    title: {es: Frecuencia, en: Frequency}
    default_target: always
    levels:
      - {value: never, score: 0, label: {es: Nunca, en: Never}}
      - {value: sometimes, score: 0.5, label: {es: A veces, en: Sometimes}}
      - {value: always, score: 1, label: {es: Siempre, en: Always}}
criticalities:
  - {id: critical, label: {es: Crítica, en: Critical}, weight: 4, critical: true}
  - {id: normal, label: {es: Normal, en: Normal}, weight: 1}
phases:
  - {id: entry, title: {es: Ingreso, en: Entry}}
  - {id: decision, title: {es: Decisión, en: Decision}}
  - {id: follow-up, title: {es: Seguimiento, en: Follow-up}}
rating_bands:
  - {id: low, min_score: 0, label: {es: Bajo, en: Low}}
  - {id: mid, min_score: 50, label: {es: Medio, en: Middle}}
  - {id: top, min_score: 90, label: {es: Alto, en: Top}}
rules:
"""

_SCALES: tuple[tuple[str, tuple[str, ...]], ...] = (("frequency", ("never", "sometimes", "always")),
           ("maturity", ("absent", "initial", "defined", "implemented", "monitored")))
_PHASES = ("entry", "decision", "follow-up")
_APPLIES = ("{categories: [migration-authority, child-protection-authority]}",
            "{institution_types: [office-b, agency-a]}",
            "{institution_types: [office-b], levels: [state]}")
_RESPONSIBLE = ("[agency-a, child-protection-authority]", "[office-b]", "[office-b, migration-authority]")


def generate_content(out: Path, n: int, seed: int = 7) -> Path:
    """A content folder with N provisions and N rules (and N/50 weakness patterns) that lints clean,
    and a self-assessment of office-b (state) answering every rule; returns the assessment."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    std_dir, rules_dir = out / "standards", out / "rules"
    std_dir.mkdir(parents=True, exist_ok=True)
    rules_dir.mkdir(parents=True, exist_ok=True)
    (std_dir / "sources.yaml").write_text(_SOURCES, "utf-8")
    (std_dir / "registry.yaml").write_text(_REGISTRY, "utf-8")
    with (std_dir / "gen-law.yaml").open("w", encoding="utf-8") as f:
        f.write("kind: Standard\nschema_version: 1\nid: gen-law\ntitle: {es: Ley generada, en: Generated law}\n"
                "publisher: Benchmark\nissued: \"2020\"\nlegal_force: binding-law\njurisdiction: MX\n"
                "sources: [src-one]\nprovisions:\n")
        for i in range(n):
            f.write(f"  - id: gen-law.art-{i}\n"
                    f"    type: article\n"
                    f"    title: {{es: Artículo {i}, en: Article {i}}}\n"
                    f"    text: {{es: Obligación número {i} de la autoridad, en: Obligation number {i} of the authority}}\n"
                    f"    locator: art. {i}\n"
                    f"    locator_verified: {'true' if i % 3 == 0 else 'false'}\n"
                    f"    confidence: {('verified', 'secondary', 'reconstructed')[i % 3]}\n"
                    f"    sources: [{('src-one', 'src-two')[i % 2]}]\n")
    values: list[tuple[str, ...]] = []
    with (rules_dir / "gen.yaml").open("w", encoding="utf-8") as f:
        f.write(_RULESET_HEAD)
        for i in range(n):
            scale, levels = _SCALES[i % 2]
            values.append(levels)
            crit = "critical" if i % 5 == 0 else "normal"
            implements = f"gen-law.art-{i}" + (f", gen-law.art-{(i + 1 + (i * 7919) % (n - 1)) % n}" if i % 4 == 0 and n > 1 else "")
            f.write(f"  - id: G-R-{i}\n"
                    f"    title: {{es: Regla {i}, en: Rule {i}}}\n"
                    f"    question: {{es: '¿Se cumple la obligación {i}?', en: 'Is obligation {i} met?'}}\n"
                    f"    scale: {scale}\n"
                    f"    criticality: {crit}\n"
                    f"    phase: {_PHASES[i % 3]}\n"
                    f"    applies_to: {_APPLIES[i % 3]}\n"
                    f"    responsible: {_RESPONSIBLE[i % 3]}\n"
                    f"    implements: [{implements}]\n"
                    f"    evidence: {{required_from: {levels[-2]}, examples: {{es: Oficios {i}, en: Letters {i}}}}}\n"
                    f"    guidance:\n"
                    f"      {levels[0]}: {{es: No se hace, en: Not done}}\n"
                    f"    action: {{es: Cumplir la obligación {i}, en: Meet obligation {i}}}\n")
            if i % 10 == 0:
                f.write(f"    aliases: [G-OLD-{i}]\n")
        f.write("weaknesses:\n")
        for w in range(max(1, n // 50)):
            a, b, c = (rng.randrange(n) for _ in range(3))
            f.write(f"  - id: G-W-{w}\n"
                    f"    title: {{es: Debilidad {w}, en: Weakness {w}}}\n"
                    f"    description: {{es: Papel sin práctica {w}, en: Paper without practice {w}}}\n"
                    f"    when:\n"
                    f"      all:\n"
                    f"        - {{rule: G-R-{a}, at_most: {values[a][1]}}}\n"
                    f"        - {{not: {{rule: G-R-{b}, is: {values[b][-1]}}}}}\n"
                    f"        - {{any: [{{rule: G-R-{c}, below: {values[c][-1]}}}, {{rule: G-R-{c}, evidenced: false}}]}}\n"
                    f"    criticality: {'critical' if w % 2 else 'normal'}\n"
                    f"    sources: [src-two]\n"
                    f"    provisions: [gen-law.art-{a}]\n"
                    f"    responsible: [office-b]\n"
                    f"    recommendation: {{es: Practicar {w}, en: Practise {w}}}\n")
    assessment = out / "assessment.yaml"
    with assessment.open("w", encoding="utf-8") as f:
        f.write("kind: Assessment\nschema_version: 1\ninstitution: {type: office-b, level: state, name: Oficina B}\n"
                "assessed_on: \"2026-10-15\"\nrulesets: [{id: gen, version: 1.0.0}]\nanswers:\n")
        for i in range(n):
            levels = values[i]
            if i % 17 == 0:
                f.write(f"  G-R-{i}: {{value: not_applicable, justification: No se realiza}}\n")
            elif i % 13 == 0:
                f.write(f"  G-R-{i}:\n")
            else:
                value = levels[rng.randrange(len(levels))]
                evidence = f", evidence: [Oficio {i}]" if rng.random() < 0.6 else ""
                f.write(f"  G-R-{i}: {{value: {value}{evidence}}}\n")
    return assessment


FLOOR = """\
import sys, os
import yaml
loader = yaml.CSafeLoader
folder = sys.argv[1]
n = 0
for name in sorted(os.listdir(folder)):
    if name.endswith(".yaml"):
        with open(os.path.join(folder, name), "rb") as handle:
            yaml.load(handle, Loader=loader)
        n += 1
assert n, "no files"
"""

DEPENDENCIES = "import hashlib, jsonschema_rs, typer, yaml"

TYPER_FLOOR = """\
# typer's own floor: a one-command typer app, as typer's documentation writes one, that
# reads the file it is given and prints one line. Nothing brecha does is in it.
import sys
import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command()
def evaluate(path: str) -> None:
    with open(path, "rb") as handle:
        sys.stdout.write(f"{len(handle.read())}\\n")


app()
"""

# ---------------------------------------------------------------------------- report


@dataclass
class Row:
    case: str
    brecha: str
    baseline: str
    ratio: str
    target: str
    met: bool | None
    note: str = ""
    cpu: str = ""
    spread: str = ""  # per-repetition ratios: min / median / max
    memory: str = ""  # peak resident memory, brecha / baseline


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    return statistics.linear_regression(lx, ly).slope


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cpus": str(os.cpu_count()), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform()}


def revision() -> str:
    """The commit measured, and whether the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "pyproject.toml"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" with uncommitted changes in src/" if dirty else "")


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("brecha", "check-jsonschema", "jsonschema", "PyYAML", "rich", "typer"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} -")
    return ", ".join(out)


# ---------------------------------------------------------------------------- bounds

#: The README's guarantee for one file within the default limits (section "Limits on input").
BOUND_CPU_S = 5.0
BOUND_RSS_MIB = 640.0


def bounds(brecha: str, work: Path, env: dict[str, str], quick: bool) -> list[Row]:
    """``lint`` of each hostile shape, generated as large as the default limits allow."""
    sys.path.insert(0, str(REPO / "tests"))
    import hostile

    from brecha.yamlio import Limits

    limits = Limits()
    nodes = 20_000 if quick else limits.max_nodes - 1_000
    mini = REPO / "tests" / "fixtures" / "mini"
    out: list[Row] = []
    for name, generate in hostile.SHAPES.items():
        raw = generate(nodes)
        while len(raw) > limits.max_bytes:  # the byte limit binds first for this shape
            raw = generate(int(nodes * limits.max_bytes / len(raw) * 0.98))
        path = work / f"hostile-{name}.yaml"
        path.write_bytes(raw)
        c = Competitor(name, [brecha, "lint", "--rules", str(mini), str(path)], ok=(0, 1))
        race([c], 1, env, warmup=False)
        met = None if quick else c.cpu <= BOUND_CPU_S and c.rss <= BOUND_RSS_MIB
        out.append(Row(f"5. `lint` hostile `{name}` ({len(raw) / 2**20:.1f} MiB)", fmt_s(c.wall), "", "",
                       f"CPU <= {BOUND_CPU_S:.0f} s, memory <= {BOUND_RSS_MIB:.0f} MiB", met,
                       f"CPU {fmt_s(c.cpu)}; peak memory {c.rss:.0f} MiB"))
        path.unlink()
    return out


# ---------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes and one repetition: checks that the benchmark runs (CI)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions per comparison (default 7; quick 1)")
    parser.add_argument("--sizes", default=None,
                        help="rule-set sizes for the scaling runs (default 1000,10000,100000; quick 50,100,200)")
    parser.add_argument("--summary-files", type=int, default=None, help="assessments for summary (default 1000)")
    parser.add_argument("--only", default="evaluate,lint,summary,scaling,bounds",
                        help="comma-separated subset of: evaluate,lint,summary,scaling,bounds")
    parser.add_argument("--json", metavar="FILE", help="also write every measurement to FILE as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--keep", action="store_true", help="keep the generated data (its folder is printed)")
    args = parser.parse_args(argv)

    quick = args.quick
    reps = args.reps or (1 if quick else 7)
    sizes = [int(s) for s in (args.sizes or ("50,100,200" if quick else "1000,10000,100000")).split(",")]
    summary_files = args.summary_files or (10 if quick else 1000)
    only = set(args.only.split(","))
    started = time.perf_counter()

    brecha = tool("brecha")
    cjs = tool("check-jsonschema")
    if brecha is None:
        raise SystemExit("the brecha command is not installed next to this Python")
    if cjs is None and not quick and only & {"evaluate", "lint"}:
        raise SystemExit("check-jsonschema is missing; install the bench extra:\n"
                         "  .venv/bin/pip install -q -e '.[bench]'")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRECHA_", "PYTHON"))}
    env.update(BRECHA_LANG="es", NO_COLOR="1", COLUMNS="100", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    # Generated rule sets of 100,000 rules exceed the default input limits (32 MiB, 1M values and keys).
    big_env = {**env, "BRECHA_MAX_BYTES": str(2**30), "BRECHA_MAX_NODES": str(10**9)}

    rows: list[Row] = []
    record: dict[str, object] = {"machine": machine(), "versions": versions(), "revision": revision(),
                                 "quick": quick, "reps": reps}
    work = Path(tempfile.mkdtemp(prefix="brecha-bench-"))
    print(f"# brecha benchmarks{' (quick)' if quick else ''}: {reps} repetition(s), data in {work}",
          file=sys.stderr)
    try:
        schemas = write_schemas(brecha, work / "schemas", env)
        content, examples = shipped_content()

        # 1. evaluate one shipped example vs check-jsonschema on the same file, and typer's floor
        if "evaluate" in only:
            preferred = [p for p in examples if p.name == "procuraduria-estatal-norte.yaml"]  # the README's
            example = (preferred or examples)[0]
            rel = str(example.relative_to(REPO))
            floor_py = work / "typer_floor.py"
            floor_py.write_text(TYPER_FLOOR, "utf-8")
            ours = Competitor("brecha evaluate", [brecha, "evaluate", str(example)])
            typer_floor = Competitor("typer floor", [sys.executable, str(floor_py), str(example)])
            if cjs:
                theirs = Competitor("check-jsonschema", [cjs, "--schemafile", str(schemas["assessment"]),
                                                          str(example)])
                race([ours, theirs, typer_floor], reps, env)
                ratio = ours.wall / theirs.wall
                rows.append(Row(f"1. `evaluate {rel}` vs check-jsonschema (assessment schema)",
                                fmt_s(ours.wall), fmt_s(theirs.wall), f"{ratio:.2f}", "<= 0.50", ratio <= 0.5,
                                cpu=f"{ours.cpu / theirs.cpu:.2f}", spread=fmt_spread(spread(ours, theirs)),
                                memory=f"{ours.rss:.0f} / {theirs.rss:.0f} MiB"))
                floor_ratio = typer_floor.wall / theirs.wall
                rows.append(Row("1b. typer's floor (one-command typer app reading the file) vs check-jsonschema",
                                fmt_s(typer_floor.wall), fmt_s(theirs.wall), f"{floor_ratio:.2f}", "(floor)", None,
                                cpu=f"{typer_floor.cpu / theirs.cpu:.2f}",
                                spread=fmt_spread(spread(typer_floor, theirs)),
                                memory=f"{typer_floor.rss:.0f} / {theirs.rss:.0f} MiB",
                                note="0.5 is out of reach when this is above it"))
                record["evaluate"] = {"brecha": [s.__dict__ for s in ours.samples],
                                      "check-jsonschema": [s.__dict__ for s in theirs.samples],
                                      "typer-floor": [s.__dict__ for s in typer_floor.samples]}
            else:
                race([ours, typer_floor], reps, env)
                rows.append(Row(f"1. `evaluate {rel}`", fmt_s(ours.wall), "n/a", "n/a", "<= 0.50", None,
                                "check-jsonschema not installed"))
            above = [(a.wall - b.wall) * 1000 for a, b in zip(ours.samples, typer_floor.samples, strict=True)]
            gap_ms = statistics.median(above)
            rows.append(Row("1c. `evaluate` above typer's floor (per-run differences, ms)", fmt_s(ours.wall),
                            fmt_s(typer_floor.wall), f"+{gap_ms:.0f} ms", "<= +30 ms", None if quick else gap_ms <= 30,
                            cpu=f"+{(ours.cpu - typer_floor.cpu) * 1000:.0f} ms",
                            spread=" / ".join(f"{v:+.0f}" for v in (min(above), gap_ms, max(above))),
                            memory=f"{ours.rss:.0f} / {typer_floor.rss:.0f} MiB"))
            print(f"  evaluate done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

        # 2. lint all shipped content vs check-jsonschema ---------------------------------
        if "lint" in only:
            files = [*content, *examples]
            ours = Competitor("brecha lint", [brecha, "lint", *map(str, files)], ok=(0, 1))
            competitors = [ours]
            theirs_one: Competitor | None = None
            each: list[Competitor] = []
            if cjs:
                # the strictest baseline: one process for all files, one schema dispatching on kind
                theirs_one = Competitor("check-jsonschema (1 process)",
                                        [cjs, "--schemafile", str(schemas["any"]), *map(str, files)])
                competitors.append(theirs_one)
                if not quick:
                    # as a CI job would run it: one process per schema
                    groups: dict[str, list[str]] = {}
                    names = {"Assessment": "assessment", "RuleSet": "ruleset", "Standard": "standard",
                             "InstitutionRegistry": "registry", "SourceRegister": "sources"}
                    for f in files:
                        groups.setdefault(names[kind_of(f)], []).append(str(f))
                    each = [Competitor(f"check-jsonschema {k}", [cjs, "--schemafile", str(schemas[k]), *fs])
                            for k, fs in sorted(groups.items())]
                    competitors.extend(each)
            race(competitors, reps, env)
            rc = sorted({s.rc for s in ours.samples})
            label = (f"2. `lint` of {len(files)} shipped files ({len(content)} content, "
                     f"{len(examples)} example assessments)")
            lint_record: dict[str, object] = {"files": [str(f) for f in files],
                                              "brecha": [s.__dict__ for s in ours.samples]}
            record["lint"] = lint_record
            if theirs_one is not None:
                ratio = ours.wall / theirs_one.wall
                rows.append(Row(f"{label} vs check-jsonschema, one process", fmt_s(ours.wall),
                                fmt_s(theirs_one.wall), f"{ratio:.2f}", "<= 0.50", ratio <= 0.5,
                                f"brecha lint exit {rc}", cpu=f"{ours.cpu / theirs_one.cpu:.2f}",
                                spread=fmt_spread(spread(ours, theirs_one)),
                                memory=f"{ours.rss:.0f} / {theirs_one.rss:.0f} MiB"))
                lint_record["check-jsonschema-one"] = [s.__dict__ for s in theirs_one.samples]
            else:
                rows.append(Row(label, fmt_s(ours.wall), "n/a", "n/a", "<= 0.50", None,
                                "check-jsonschema not installed"))
            if each:
                per_schema = sum(c.wall for c in each)
                rows.append(Row(f"2b. same, check-jsonschema once per schema ({len(each)} processes, summed)",
                                fmt_s(ours.wall), fmt_s(per_schema), f"{ours.wall / per_schema:.2f}",
                                "(reference)", None, cpu=f"{ours.cpu / sum(c.cpu for c in each):.2f}"))
                lint_record["check-jsonschema-each"] = {c.label: [s.__dict__ for s in c.samples] for c in each}
            print(f"  lint done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

        # 3. summary of 1,000 assessments vs the PyYAML C-loader floor, on one core and on all
        if "summary" in only:
            folder = work / "assessments"
            info = generate_assessments(folder, summary_files)
            floor_py = work / "floor.py"
            floor_py.write_text(FLOOR, "utf-8")
            single = one_core()
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
            ours_one = Competitor("brecha summary, one core", [brecha, "summary", str(folder)],
                                  env={"BRECHA_JOBS": "1"}, cpus=single)
            ours_all = Competitor(f"brecha summary, {cores} cores", [brecha, "summary", str(folder)],
                                  env={"BRECHA_JOBS": str(cores)})
            floor = Competitor("PyYAML CSafeLoader", [sys.executable, str(floor_py), str(folder)], cpus=single)
            race([ours_one, ours_all, floor], max(1, reps if quick else min(reps, 5)), env)
            what = f"`summary` of {summary_files:,} assessments ({info['rules']} rules each)"
            for ours, target, limit in ((ours_one, "<= 2.00", 2.0), (ours_all, "<= 1.00", 1.0)):
                ratio = ours.wall / floor.wall
                where = "one core (pinned, BRECHA_JOBS=1)" if ours is ours_one else f"{cores} cores (BRECHA_JOBS={cores})"
                rows.append(Row(f"3{'a' if ours is ours_one else 'b'}. {what} on {where} vs PyYAML C loader floor",
                                fmt_s(ours.wall), fmt_s(floor.wall), f"{ratio:.2f}", target,
                                None if quick else ratio <= limit, cpu=f"{ours.cpu / floor.cpu:.2f}",
                                spread=fmt_spread(spread(ours, floor)), memory=f"{ours.rss:.0f} / {floor.rss:.0f} MiB"))
            peak = max(ours_one.rss, ours_all.rss)
            rows.append(Row(f"3c. {what}: peak memory vs the floor's", f"{peak:.0f} MiB", f"{floor.rss:.0f} MiB",
                            f"{peak / floor.rss:.2f}", "<= 2.00", None if quick else peak <= 2 * floor.rss,
                            memory=f"{peak:.0f} / {floor.rss:.0f} MiB"))
            # What brecha's chosen dependencies take before it reads anything: a process that only
            # imports them (typer, PyYAML with libyaml, jsonschema-rs, hashlib with OpenSSL).
            deps = Competitor("dependencies imported", [sys.executable, "-c", DEPENDENCIES])
            race([deps], max(1, reps if quick else 3), env)
            rows.append(Row("3d. a process importing brecha's chosen dependencies only (typer, PyYAML, "
                            "jsonschema-rs, hashlib): peak memory vs the floor's", f"{deps.rss:.0f} MiB",
                            f"{floor.rss:.0f} MiB", f"{deps.rss / floor.rss:.2f}", "(floor)", None,
                            "3c is out of reach when this is above 2.00",
                            memory=f"{deps.rss:.0f} / {floor.rss:.0f} MiB"))
            record["dependencies"] = [s.__dict__ for s in deps.samples]
            record["summary"] = {"brecha-one-core": [s.__dict__ for s in ours_one.samples],
                                 "brecha-all-cores": [s.__dict__ for s in ours_all.samples],
                                 "floor": [s.__dict__ for s in floor.samples]}
            print(f"  summary done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

        # 4. scaling ------------------------------------------------------------------------
        if "scaling" in only:
            # N = 10 first: the fixed cost (start-up, imports) that is subtracted before fitting
            # the exponent, so that the fit measures how the work grows, not the constant.
            base = 10
            results: dict[str, dict[int, Competitor]] = {"lint": {}, "evaluate": {}}
            for n in [base, *sizes]:
                folder = work / f"content-{n}"
                assessment = generate_content(folder, n)
                lint = Competitor(f"lint {n}", [brecha, "lint", "--strict", "--rules", str(folder)])
                ev = Competitor(f"evaluate {n}", [brecha, "evaluate", str(assessment), "--rules", str(folder)])
                # a run of the largest size takes minutes: fewer repetitions there
                r = reps if n <= 10_000 or quick else min(reps, 3)
                race([lint, ev], r, big_env, warmup=(n == base))
                results["lint"][n] = lint
                results["evaluate"][n] = ev
                shutil.rmtree(folder, ignore_errors=True)
                print(f"  scaling {n:,} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
            record["scaling"] = {what: {str(n): [s.__dict__ for s in c.samples] for n, c in by_n.items()}
                                 for what, by_n in results.items()}
            for what, by_n in results.items():
                fixed = by_n[base]
                rows.append(Row(f"4. `{what}` {base} rules (fixed cost)", fmt_s(fixed.wall), "", "", "", None,
                                f"peak memory {fixed.rss:.0f} MiB"))
                for n in sizes:
                    c = by_n[n]
                    target, met = ("", None)
                    if what == "lint" and n == 10_000:
                        target, met = "<= 1.5 s", None if quick else c.wall <= 1.5
                    if what == "lint" and n == 100_000:
                        target, met = "< 1 GiB", None if quick else c.rss < 1024
                    walls = sorted(x.wall for x in c.samples)
                    rows.append(Row(f"4. `{what}` {n:,} rules", fmt_s(c.wall), "", "", target, met,
                                    f"CPU {fmt_s(c.cpu)}", spread=" / ".join(fmt_s(w) for w in
                                                                          (walls[0], c.wall, walls[-1])),
                                    memory=f"{c.rss:.0f} MiB"))
                if len(sizes) >= 2:
                    times = [by_n[n].wall for n in sizes]
                    work_t = [max(by_n[n].wall - fixed.wall, 1e-3) for n in sizes]
                    work_m = [max(by_n[n].rss - fixed.rss, 1.0) for n in sizes]
                    k, k_raw = slope(sizes, work_t), slope(sizes, times)
                    last = slope(sizes[-2:], work_t[-2:])
                    rows.append(Row(f"4. `{what}` fitted exponent, time above fixed cost ~ N^k", "", "",
                                    f"k = {k:.2f}", "<= 1.10 (linear)", None if quick else k <= 1.10,
                                    f"last step k = {last:.2f}; raw time k = {k_raw:.2f}; "
                                    f"memory above fixed ~ N^{slope(sizes, work_m):.2f}"))

        # 5. hostile files at the input limits -------------------------------------------
        if "bounds" in only:
            rows.extend(bounds(brecha, work, env, quick))
            print(f"  bounds done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    finally:
        if args.keep:
            print(f"# generated data kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    m = record["machine"]
    assert isinstance(m, dict)
    print(f"brecha benchmarks{' (quick mode: sizes too small to judge)' if quick else ''} - {m['date']}")
    print(f"machine: {m['cpus']} CPU(s), {m['cpu']}, Python {m['python']}, {m['platform']}")
    print(f"versions: {record['versions']}; brecha revision {record['revision']}")
    print(f"times are medians of {reps} interleaved cold runs (wall clock); ratio = brecha / baseline")
    print()
    print("| case | brecha | baseline | ratio of medians | per run: min / median / max | CPU-time ratio "
          "| peak memory | target | met | note |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---|---|")
    for row in rows:
        shown = "-" if row.met is None else ("yes" if row.met else "**no**")
        print(f"| {row.case} | {row.brecha} | {row.baseline} | {row.ratio} | {row.spread} | {row.cpu} | {row.memory} "
              f"| {row.target} | {shown} | {row.note} |")
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    if args.json:
        record["rows"] = [r.__dict__ for r in rows]
        Path(args.json).write_text(json.dumps(record, indent=1), "utf-8")
    if args.check and any(r.met is False for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
