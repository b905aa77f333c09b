"""The cache of the bundled library: used when valid, rebuilt when stale, damaged or forged, never run."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import re
import shutil
import stat
from pathlib import Path

import pytest

from brecha import cache, loading, model

from helpers import ROOT


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("BRECHA_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "brecha"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the bundled content, so that a test may edit it."""
    copy = tmp_path / "content"
    shutil.copytree(loading.bundled_root(), copy)
    return copy


def entry(folder: Path) -> Path:
    """The one library entry in the cache folder (a test that makes more counts them itself)."""
    found = sorted(folder.glob("library-*.bin"))
    assert len(found) == 1, found
    return found[0]


def test_a_hit_gives_the_library_a_fresh_build_gives(cache_home: Path, content: Path) -> None:
    built = loading.load_library([str(content)])
    first = loading.load_bundled(str(content))
    assert entry(cache_home).is_file()
    again = loading.load_bundled(str(content))
    assert again == built == first
    assert again is not first  # the second came from the file, not from memory


def test_the_bundled_content_loads_through_the_cache(cache_home: Path) -> None:
    library = loading.load_bundled()
    assert entry(cache_home).is_file()
    assert loading.load_bundled() == library == loading.load_library([str(loading.bundled_root())])


def test_an_edited_content_file_is_not_served_from_the_cache(cache_home: Path, content: Path) -> None:
    before = loading.load_bundled(str(content))
    ruleset = content / "rules" / "ruta-mx.yaml"
    ruleset.write_text(re.sub(r"\nversion: \S+", "\nversion: 9.9.9", ruleset.read_text("utf-8"), count=1), "utf-8")
    after = loading.load_bundled(str(content))
    assert after == loading.load_library([str(content)])
    assert after != before


def test_another_brecha_version_does_not_trust_the_entry(cache_home: Path, content: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    loading.load_bundled(str(content))
    stored = entry(cache_home).read_bytes()
    monkeypatch.setattr(loading, "__version__", "99.0.0")
    key = loading._library_key(loading.discover([str(content)]))
    assert key is not None
    assert cache.load("library", key, loading._cacheable()) is None
    loading.load_bundled(str(content))
    assert len(list(cache_home.glob("library-*.bin"))) == 2  # rebuilt and stored under the new key
    assert cache.load("library", key, loading._cacheable()) is not None
    assert stored in {p.read_bytes() for p in cache_home.glob("library-*.bin")}  # the other version's, kept


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_entry_is_detected_and_rebuilt(cache_home: Path, content: Path, damage: str) -> None:
    good = loading.load_bundled(str(content))
    path = entry(cache_home)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[-100] ^= 0x01
    else:
        data = bytearray(b"not a cache at all")
    path.write_bytes(bytes(data))
    key = loading._library_key(loading.discover([str(content)]))
    assert key is not None
    assert cache.load("library", key, loading._cacheable()) is None
    assert loading.load_bundled(str(content)) == good
    assert cache.load("library", key, loading._cacheable()) == good  # rewritten whole


def test_a_payload_forged_without_the_secret_is_refused(cache_home: Path, content: Path) -> None:
    loading.load_bundled(str(content))
    path = entry(cache_home)
    key = loading._library_key(loading.discover([str(content)]))
    assert key is not None
    forged = pickle.dumps(model.Library(), protocol=5)
    guessed = hmac.new(b"\0" * 32, key + forged, hashlib.sha256).digest()
    path.write_bytes(b"brecha-cache-1\n" + guessed + forged)
    assert cache.load("library", key, loading._cacheable()) is None


class _Boom:
    """Unpickling this calls os.system: what a malicious cache entry would try."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, ("touch SHOULD-NOT-EXIST",)


def test_an_entry_naming_any_other_global_never_runs_it(cache_home: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cache.store("probe", b"k", [1, 2, 3])
    secret = (cache_home / "secret").read_bytes()
    payload = pickle.dumps({"rules": _Boom()}, protocol=5)
    tag = hmac.new(secret, b"k" + payload, hashlib.sha256).digest()  # even with a valid HMAC
    Path(cache._entry(str(cache_home), "probe", b"k")).write_bytes(b"brecha-cache-1\n" + tag + payload)
    assert cache.load("probe", b"k", loading._cacheable()) is None
    assert not (tmp_path / "SHOULD-NOT-EXIST").exists()


def test_only_records_and_enumerations_are_allowed() -> None:
    allowed = loading._cacheable()
    assert ("brecha.model", "Rule") in allowed and ("brecha.model", "Confidence") in allowed
    assert ("brecha.errors", "Location") in allowed
    assert ("brecha.errors", "InputError") not in allowed
    assert ("brecha.model", "applies") not in allowed


def test_no_cache_when_turned_off(cache_home: Path, content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRECHA_NO_CACHE", "1")
    assert loading.load_bundled(str(content)) == loading.load_library([str(content)])
    assert not cache_home.exists()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root may write anywhere")
def test_an_unwritable_cache_folder_is_left_alone(tmp_path: Path, content: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(locked))
    try:
        assert loading.load_bundled(str(content)) == loading.load_library([str(content)])
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(stat.S_IRWXU)


def test_a_folder_others_may_write_is_not_used(cache_home: Path, content: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    assert loading.load_bundled(str(content)) == loading.load_library([str(content)])
    assert not list(cache_home.glob("library*.bin")) and not (cache_home / "secret").exists()


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRECHA_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    found = cache.directory()
    assert found is not None and os.path.isabs(found) and found.endswith(os.path.join(".cache", "brecha"))


def test_the_cli_evaluates_the_same_with_and_without_the_cache(cache_home: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from brecha import api
    from brecha.renderers import json

    example = str(ROOT / "examples" / "procuraduria-estatal-norte.yaml")
    cold = json.render(api.evaluate_path(example), "en")
    assert entry(cache_home).is_file()
    warm = json.render(api.evaluate_path(example), "en")
    monkeypatch.setenv("BRECHA_NO_CACHE", "1")
    assert cold == warm == json.render(api.evaluate_path(example), "en")


def test_switching_between_two_versions_rebuilds_neither(cache_home: Path, content: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Two checkouts side by side (a released version and a working copy), used in turn."""
    other = tmp_path / "other"
    shutil.copytree(content, other)
    ruleset = other / "rules" / "ruta-mx.yaml"
    ruleset.write_text(re.sub(r"\nversion: \S+", "\nversion: 9.9.9", ruleset.read_text("utf-8"), count=1), "utf-8")
    first, second = loading.load_bundled(str(content)), loading.load_bundled(str(other))
    assert first != second

    def rebuild(paths: object) -> model.Library:
        raise AssertionError(f"rebuilt {paths}")

    monkeypatch.setattr(loading, "load_library", rebuild)
    for _ in range(2):
        assert loading.load_bundled(str(content)) == first
        assert loading.load_bundled(str(other)) == second


def test_only_the_most_recently_used_entries_are_kept(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    (cache_home / "library.bin").write_bytes(b"an entry of an earlier version")
    keys = [f"key {n}".encode() for n in range(cache.KEPT + 2)]
    for n, key in enumerate(keys):
        assert cache.store("library", key, [n])
        os.utime(cache._entry(str(cache_home), "library", key), ns=(n * 10**9, n * 10**9))  # stored in this order
    assert cache.load("library", keys[2], loading._cacheable()) == [2]  # used again: now the most recent
    assert cache.store("library", b"one more", ["last"])
    kept = {p.name for p in cache_home.glob("library*.bin")}
    assert len(kept) == cache.KEPT
    assert Path(cache._entry(str(cache_home), "library", keys[2])).name in kept
    assert Path(cache._entry(str(cache_home), "library", b"one more")).name in kept
    assert Path(cache._entry(str(cache_home), "library", keys[0])).name not in kept
    assert not (cache_home / "library.bin").exists()
