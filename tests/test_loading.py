"""Loading: registries may be split across files; context files supply references."""

from __future__ import annotations

import shutil
from pathlib import Path

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
