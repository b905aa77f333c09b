"""The import contracts catch what is added later: a throwaway module breaks them in a copy of the package.

The contracts in pyproject.toml are written over the whole package (an exhaustive layers
contract, protected third-party libraries), not over a hand-kept list of modules. Here a
copy of the package gets a core module importing rich, a new unlayered module importing
yaml, and an evaluator that reads files; import-linter must reject each, and keep the
contracts nobody broke.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT


def _lint_imports() -> str:
    path = shutil.which("lint-imports", path=str(ROOT / ".venv" / "bin")) or shutil.which("lint-imports")
    if path is None:
        pytest.skip("import-linter is not installed (it is in the 'test' dependency group)")
    return path


def _copy_package(to: Path) -> Path:
    """The package's Python files (no content) and the project's contracts, under ``to``."""
    src = ROOT / "src" / "brecha"
    for path in src.rglob("*.py"):
        target = to / "src" / "brecha" / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (to / "pyproject.toml").write_text(config[config.index("[tool.importlinter]"):], encoding="utf-8")
    return to / "src" / "brecha"


def _verdicts(root: Path) -> tuple[dict[str, str], str]:
    """Contract name -> KEPT or BROKEN, and the full report."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    result = subprocess.run([_lint_imports(), "--config", str(root / "pyproject.toml"), "--no-cache"],
                            cwd=root, env=env, capture_output=True, text=True, check=False)
    verdicts = dict(re.findall(r"^(.+?) (KEPT|BROKEN)$", result.stdout, re.M))
    assert verdicts, result.stdout + result.stderr
    assert (result.returncode != 0) == ("BROKEN" in verdicts.values())
    return verdicts, result.stdout


def _contract(fragment: str, verdicts: dict[str, str]) -> str:
    names = [name for name in verdicts if fragment in name]
    assert len(names) == 1, (fragment, list(verdicts))
    return verdicts[names[0]]


def test_contracts_catch_throwaway_modules(tmp_path: Path) -> None:
    """A core module importing rich, a new module importing yaml, an evaluator reading files: all refused."""
    package = _copy_package(tmp_path)
    with (package / "model.py").open("a", encoding="utf-8") as f:
        f.write("\nimport rich  # noqa: E402,F401 - a throwaway breach\n")
    (package / "judging.py").write_text('"""A new module nobody placed in a layer."""\n\nimport yaml  # noqa: F401\n',
                                        encoding="utf-8")
    with (package / "evaluation.py").open("a", encoding="utf-8") as f:
        f.write("\nfrom brecha import loading  # noqa: E402,F401 - a throwaway breach\n")

    verdicts, report = _verdicts(tmp_path)

    assert _contract("typer and rich", verdicts) == "BROKEN"
    assert "brecha.model -> rich" in report
    assert _contract("Only yamlio parses YAML", verdicts) == "BROKEN"
    assert "brecha.judging -> yaml" in report
    assert _contract("Layers", verdicts) == "BROKEN"
    assert _contract("evaluator is pure", verdicts) == "BROKEN"
    assert "brecha.evaluation -> brecha.loading" in report
    # The copy is sound: what nobody touched still holds.
    assert _contract("Only validation runs JSON Schema", verdicts) == "KEPT"
    assert _contract("Renderers see the report model", verdicts) == "KEPT"


def test_a_new_module_must_be_given_a_layer(tmp_path: Path) -> None:
    """The layers contract is exhaustive: even a harmless new module is refused until it is placed."""
    package = _copy_package(tmp_path)
    (package / "judging.py").write_text('"""A new module nobody placed in a layer."""\n', encoding="utf-8")
    verdicts, report = _verdicts(tmp_path)
    assert _contract("Layers", verdicts) == "BROKEN"
    assert "judging" in report
    assert [name for name, verdict in verdicts.items() if verdict == "BROKEN"] == [
        next(name for name in verdicts if "Layers" in name)]
