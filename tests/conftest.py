"""Shared fixtures: the small test library, paths, and a writer of temporary files."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from brecha import api, model

from helpers import MINI


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """brecha's cache (of the bundled library) goes to a folder of the test session, never the user's."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    os.environ.pop("BRECHA_NO_CACHE", None)


@pytest.fixture(scope="session")
def mini() -> model.Library:
    """The small, stable library used by unit tests (independent of shipped content)."""
    return api.load_content(str(MINI))


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], str]:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return str(path)

    return _write

