"""The eval gate: every pinned floor in tests/eval_floors.yaml holds, and no floor ever went down."""

from __future__ import annotations

import subprocess
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from armswatch.evaluate import EvalResult, get_adapter

FLOORS = Path(__file__).with_name("eval_floors.yaml")
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def _load(text: str) -> list[dict[str, Any]]:
    data = yaml.safe_load(text) or {}
    return list(data.get("floors") or [])


def _key(e: dict[str, Any]) -> tuple[str, str, str]:
    return (e["dataset"], e["path"], e["metric"])


@cache
def _score(dataset: str, path: str, limit: int | None) -> EvalResult:
    return get_adapter(dataset)(DEV / path, limit)


ENTRIES = _load(FLOORS.read_text(encoding="utf-8"))


def test_floors_file_is_well_formed() -> None:
    seen = set()
    for e in ENTRIES:
        assert {"dataset", "path", "metric", "floor", "moved"} <= set(e), e
        assert 0.0 <= float(e["floor"]) <= 1.0, e
        assert str(e["moved"]).strip(), f"{_key(e)}: say when and why the floor moved"
        assert _key(e) not in seen, f"duplicate floor {_key(e)}"
        seen.add(_key(e))


def test_floors_never_go_down() -> None:
    """Every committed version of the floors file along the main line (first parents: a merged branch's own
    commits were made in parallel and are judged by the merge that brings them in): each floor is ≥ the
    one before it."""
    repo = FLOORS.parent.parent
    try:
        log = subprocess.run(
            ["git", "log", "--first-parent", "--format=%H", "--", str(FLOORS.relative_to(repo))],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here")
    versions = []
    for commit in reversed(log):
        shown = subprocess.run(
            ["git", "show", f"{commit}:{FLOORS.relative_to(repo)}"], cwd=repo, capture_output=True, text=True
        )
        if shown.returncode == 0:
            versions.append({_key(e): float(e["floor"]) for e in _load(shown.stdout)})
    versions.append({_key(e): float(e["floor"]) for e in ENTRIES})
    for older, newer in pairwise(versions):
        for key, floor in older.items():
            assert key in newer, f"floor {key} was removed"
            assert newer[key] >= floor, f"floor {key} went down: {floor} → {newer[key]}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: "/".join(map(str, _key(e))))
def test_floor_holds(entry: dict[str, Any]) -> None:
    if not (DEV / entry["path"]).exists():
        pytest.skip(f"{DEV / entry['path']} is absent")
    result = _score(entry["dataset"], entry["path"], entry.get("limit"))
    got = result.metrics[entry["metric"]]
    assert got >= float(entry["floor"]), f"{_key(entry)}: {got:.4f} < floor {entry['floor']}"
