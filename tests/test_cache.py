"""The built-in frameworks' JSON cache: a hit equals the parsed YAML; anything odd is ignored."""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import _cache
from rolemodel._loader import _cached_builtins, builtin_framework_dir, load_framework


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    """A copy of the built-in framework files, free to edit."""
    folder = tmp_path / "frameworks"
    folder.mkdir()
    for path in sorted(builtin_framework_dir().glob("*.yaml")):
        shutil.copy(path, folder)
    return sorted(folder.glob("*.yaml"))


def parsed(paths: list[Path]) -> list[rolemodel.Framework]:
    """The frameworks parsed from YAML, in source order, as builtin_frameworks() gives them."""
    return sorted((load_framework(p) for p in paths), key=lambda f: f.source)


def the_cache(folder: Path) -> Path:
    """The one cache file written in ``folder``."""
    (found,) = folder.glob("builtins-*.json")
    return found


def test_a_hit_equals_the_parsed_yaml(files: list[Path], tmp_path: Path) -> None:
    """The second load reads the cache and gives equal frameworks, rules and paths."""
    folder = tmp_path / "cache"
    first = _cached_builtins(files, folder)
    assert the_cache(folder).stat().st_size > 0
    second = _cached_builtins(files, folder)
    expected = parsed(files)
    assert first == expected
    assert second == expected
    for got, want in zip(second, expected, strict=True):
        assert got.rules == want.rules
        assert got.examples == want.examples
        assert got.path == want.path
        assert got is not want


def test_the_cache_is_read_not_reparsed(files: list[Path], tmp_path: Path) -> None:
    """A written cache is what the second load returns (its data, rebuilt)."""
    folder = tmp_path / "cache"
    _cached_builtins(files, folder)
    doc = json.loads(the_cache(folder).read_text(encoding="utf-8"))
    doc["frameworks"][0]["title"] = "Retitled in the cache"
    the_cache(folder).write_text(json.dumps(doc), encoding="utf-8")
    assert _cached_builtins(files, folder)[0].title == "Retitled in the cache"


def test_the_recommendation_is_the_same_from_the_cache(files: list[Path], tmp_path: Path) -> None:
    """Frameworks from the cache recommend exactly what the parsed ones do."""
    folder = tmp_path / "cache"
    _cached_builtins(files, folder)
    profile = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
    cached = rolemodel.recommend(profile, frameworks=_cached_builtins(files, folder))
    assert cached == rolemodel.recommend(profile, frameworks=parsed(files))


def test_editing_a_file_misses(files: list[Path], tmp_path: Path) -> None:
    """Changed bytes give another key: the edit is read, never the stale cache."""
    folder = tmp_path / "cache"
    _cached_builtins(files, folder)
    kotter = next(p for p in files if p.name.startswith("kotter"))
    text = kotter.read_text(encoding="utf-8")
    kotter.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    loaded = _cached_builtins(files, folder)
    assert next(f for f in loaded if f.id == "kotter-complexity-change").title.startswith("Edited ")
    assert loaded == parsed(files)
    assert len(list(folder.glob("builtins-*.json"))) == 2


def test_another_version_misses() -> None:
    """rolemodel's version is part of the key."""
    files = [("a.yaml", b"x")]
    assert _cache.cache_key("1.0", files) != _cache.cache_key("1.1", files)
    assert _cache.cache_key("1.0", files) != _cache.cache_key("1.0", [("a.yaml", b"y")])


def _weight_as_text(doc: dict) -> None:  # type: ignore[type-arg]
    doc["frameworks"][0]["rules"][0]["weight"] = "heavy"


def _unknown_role(doc: dict) -> None:  # type: ignore[type-arg]
    doc["frameworks"][0]["roles"][0]["role"] = "boss"


def _unknown_target(doc: dict) -> None:  # type: ignore[type-arg]
    doc["frameworks"][0]["rules"][0]["then"] = "nowhere"


def _extra_key(doc: dict) -> None:  # type: ignore[type-arg]
    doc["frameworks"][0]["__class__"] = "os.system"


def _bad_profile(doc: dict) -> None:  # type: ignore[type-arg]
    for fw in doc["frameworks"]:
        for example in fw["examples"]:
            example["profile"]["team_size"] = -4


def _infinite(doc: dict) -> None:  # type: ignore[type-arg]
    doc["frameworks"][0]["rules"][0]["weight"] = 1e999


def _missing_file(doc: dict) -> None:  # type: ignore[type-arg]
    del doc["frameworks"][0]


EDITS = [_weight_as_text, _unknown_role, _unknown_target, _extra_key, _bad_profile, _infinite, _missing_file]


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__.strip("_"))
def test_a_cache_with_wrong_data_is_ignored(files: list[Path], tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """Wrong types, unknown names, a failing semantic check: the YAML is used, without error."""
    folder = tmp_path / "cache"
    _cached_builtins(files, folder)
    doc = json.loads(the_cache(folder).read_text(encoding="utf-8"))
    edit(doc)
    the_cache(folder).write_text(json.dumps(doc), encoding="utf-8")
    assert _cached_builtins(files, folder) == parsed(files)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff garbage",
        b'{"format": "rolemodel/builtin-cache"',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": 1, "version": [], "key": null, "frameworks": {}}',
        b"1" * 5000,
    ],
    ids=["empty", "garbage", "truncated", "deep", "wrong-types", "huge-number"],
)
def test_a_corrupt_cache_is_ignored(files: list[Path], tmp_path: Path, content: bytes) -> None:
    """Bytes that are no cache fall back to the YAML without error."""
    folder = tmp_path / "cache"
    _cached_builtins(files, folder)
    the_cache(folder).write_bytes(content)
    assert _cached_builtins(files, folder) == parsed(files)


def test_a_huge_cache_file_is_not_read(files: list[Path], tmp_path: Path) -> None:
    """A cache file over the size bound is skipped, not read into memory."""
    folder = tmp_path / "cache"
    _cached_builtins(files, folder)
    with the_cache(folder).open("r+b") as f:
        f.truncate(_cache.MAX_CACHE_BYTES + 1)  # sparse: no disk used
    assert _cached_builtins(files, folder) == parsed(files)


def test_a_directory_in_place_of_the_cache_is_ignored(files: list[Path], tmp_path: Path) -> None:
    """A cache path that is not a regular file is not opened as one."""
    folder = tmp_path / "cache"
    _cached_builtins(files, folder)
    target = the_cache(folder)
    target.unlink()
    target.mkdir()
    assert _cached_builtins(files, folder) == parsed(files)


def test_an_unwritable_cache_folder_still_loads(files: list[Path], tmp_path: Path) -> None:
    """A cache folder that cannot be made (a file is in its way) only means no cache."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert _cached_builtins(files, blocker / "rolemodel") == parsed(files)
    assert _cached_builtins(files, blocker / "rolemodel") == parsed(files)


def test_the_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """$XDG_CACHE_HOME/rolemodel when set to an absolute path, else ~/.cache/rolemodel."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.cache_dir() == tmp_path / "rolemodel"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    assert _cache.cache_dir() == Path.home() / ".cache" / "rolemodel"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert _cache.cache_dir() == Path.home() / ".cache" / "rolemodel"


def test_the_cache_is_plain_json(files: list[Path], tmp_path: Path) -> None:
    """The cache file is JSON data with its format, version and key."""
    folder = tmp_path / "cache"
    _cached_builtins(files, folder)
    doc = json.loads(the_cache(folder).read_text(encoding="utf-8"))
    assert doc["format"] == "rolemodel/builtin-cache"
    assert doc["version"] == 1
    assert the_cache(folder).name == f"builtins-{doc['key']}.json"


@functools.cache
def _plain() -> tuple[str, dict[str, str]]:
    """The built-ins encoded once (as JSON text), and where their files are."""
    paths = sorted(builtin_framework_dir().glob("*.yaml"))
    frameworks = parsed(paths)
    doc = _cache.encode(frameworks, "k", [Path(f.path).name for f in frameworks])
    return json.dumps(doc), {p.name: str(p) for p in paths}


@settings(max_examples=40, deadline=None)
@given(
    path=st.lists(st.sampled_from(["frameworks", 0, 1, "rules", "roles", "when", "id", 2]), max_size=4),
    value=st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5) | st.just([]),
)
def test_any_single_change_never_raises(path: list[object], value: object) -> None:
    """Whatever one value of a cache file becomes, reading it gives frameworks or None, never raises."""
    text, where = _plain()
    doc = json.loads(text)
    node: object = doc
    for step in path[:-1]:
        try:
            node = node[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            break
    else:
        if path:
            with contextlib.suppress(IndexError, TypeError):
                node[path[-1]] = value  # type: ignore[index]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "builtins-k.json").write_text(json.dumps(doc), encoding="utf-8")
        got = _cache.read_cache("k", where, folder)
    assert got is None or all(isinstance(f, rolemodel.Framework) for f in got)
    if not path:
        assert got is not None


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ROLEMODEL_CACHE=off nothing is read from or written to the cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("ROLEMODEL_CACHE", "off")
    from rolemodel._loader import _cached_builtins, builtin_framework_dir

    frameworks = _cached_builtins(sorted(builtin_framework_dir().glob("*.yaml")))
    assert len(frameworks) == 5
    assert not (tmp_path / "rolemodel").exists()


def test_a_process_that_finds_the_cache_good_never_imports_yaml(tmp_path: Path) -> None:
    """The cache is checked without reading YAML: a second process recommends without pyyaml,
    and a framework that breaks a semantic check still fails it there (the checks run)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    code = (
        "import sys, rolemodel; "
        "r = rolemodel.recommend(company_size=300, team_size=25, market_change='high', regulation='low'); "
        "print(r.role.value, 'yaml' in sys.modules)"
    )
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split()[0] == second.stdout.split()[0] == "leadership"
    assert second.stdout.split()[1] == "False"
    # the checks the cache path runs are the loader's: a duplicate rule id is reported by them
    from rolemodel._loader import _passes_checks
    from rolemodel._semantics import FrameworkChecks

    framework = rolemodel.builtin_frameworks()[0]
    assert _passes_checks(framework)
    broken = attrs.evolve(framework, rules=(*framework.rules, framework.rules[0]))
    checks = FrameworkChecks(framework.path)
    checks._semantics(broken)
    assert [p.code for p in checks.problems] == ["RM009"]
    assert not _passes_checks(broken)
