"""Loading: registries may be split across files; context files supply references."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brecha import api

from helpers import MINI


def test_registry_file_with_only_institution_types(tmp_path: Path) -> None:
    """A second registry may add institution types without repeating levels or categories."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "standards" / "more.yaml").write_text(
        "kind: InstitutionRegistry\nschema_version: 1\ninstitution_types:\n"
        "  - {id: agency-z, name: {es: Z, en: Z}, country: GT, levels: [federal], categories: [migration-authority]}\n",
        encoding="utf-8")
    lib = api.load_content(str(content))
    assert lib.institution_types["agency-z"].country == "GT"


def test_edited_copy_replaces_its_original(tmp_path: Path) -> None:
    """Linting an edited copy of a rule set checks it against the other content, not against itself."""
    copy = tmp_path / "mini.yaml"
    copy.write_text((MINI / "rules" / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = api.lint([str(copy)], str(MINI))
    assert result.issues == ()


def _rglob_discovery(folder: Path) -> list[str]:
    """What folder discovery meant when it was written with pathlib: the reference it is held to."""
    return sorted(str(p) for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not any(part.startswith(".") for part in p.parts[len(folder.parts):]))


def test_folder_discovery_finds_what_rglob_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hidden files and folders left out, linked folders not entered, linked files kept, broken
    links, pipes and a folder named like a YAML file skipped; paths spelled as rglob spells them."""
    import os

    from brecha import loading

    root = tmp_path / "round"
    for name in ("a.yaml", "b.yml", "c.txt", ".hidden.yaml", "sub/d.yaml", "sub/.dot/e.yaml", ".git/f.yaml",
                 "sub/deeper/g.YAML", "sub/deeper/h.yml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("kind: Assessment\n", "utf-8")
    (root / "folder.yaml").mkdir()
    (root / "linked").symlink_to(root / "sub")
    (root / "link.yaml").symlink_to(root / "sub" / "d.yaml")
    (root / "broken.yaml").symlink_to(root / "nowhere.yaml")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.yaml")
    expected = _rglob_discovery(root)
    assert loading.discover([str(root)]) == expected
    assert loading.discover([str(root) + "/"]) == expected
    assert "link.yaml" in {Path(p).name for p in expected} and "h.yml" in {Path(p).name for p in expected}
    monkeypatch.chdir(root)
    assert loading.discover(["."]) == _rglob_discovery(Path("."))
    assert loading.discover(["./sub"]) == _rglob_discovery(Path("sub"))
    monkeypatch.chdir(tmp_path)
    assert loading.discover(["round"]) == _rglob_discovery(Path("round"))
    assert loading.discover([str(root / "a.yaml")]) == [str(root / "a.yaml")]  # a file is kept as given
