"""The code holds its own bars: strict typing, lint rules, and the layering contracts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from helpers import ROOT


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (it is in the 'test' extra)")
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_mypy_strict() -> None:
    """src/ type-checks under mypy --strict."""
    result = _run(sys.executable, "-m", "mypy")
    if "No module named mypy" in result.stderr:
        pytest.skip("mypy is not installed")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    """src/ and tests/ pass the selected ruff rules (no print in the core, no yaml.load...)."""
    result = _run(_tool("ruff"), "check", "src", "tests", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts() -> None:
    """The layers and the one-door rules of pyproject.toml hold (tests/test_contracts.py shows they bite)."""
    result = _run(_tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
