"""The built wheel carries the schemas and the content, and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel and unpack it into a bare folder (dependencies come from this env)."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(ROOT)], check=True)
    (wheel,) = dist.glob("brecha-*.whl")
    target = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True)
    return target


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1", "BRECHA_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "brecha", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def test_wheel_carries_schemas_and_content(installed: Path, tmp_path: Path) -> None:
    """From an unrelated folder, the installed package lints its own content and evaluates."""
    where = subprocess.run([sys.executable, "-c", "import brecha, sys; sys.stdout.write(brecha.__file__)"],
                           env={**os.environ, "PYTHONPATH": str(installed)}, cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed))
    for kind in ("standard", "ruleset", "assessment", "report", "registry", "sources", "common"):
        assert (installed / "brecha" / "schemas" / f"{kind}.schema.json").is_file()
    assert list((installed / "brecha" / "content" / "rules").glob("*.yaml"))
    lint = _run(installed, tmp_path, "lint")
    assert lint.returncode in (0, 1) and " 0 errors" in lint.stdout, lint.stdout + lint.stderr
    example = next((ROOT / "examples").glob("*.yaml"))
    copy = tmp_path / example.name
    copy.write_bytes(example.read_bytes())
    result = _run(installed, tmp_path, "evaluate", example.name, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"kind": "GapReport"' in result.stdout
