"""Golden files: the full output on the seed report and the example reports, pinned.

Regenerate only with `pytest tests/test_golden.py --update-golden`, and review the diff before committing:
a changed golden file is a changed behaviour.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from armswatch.ingest import read_input
from armswatch.process import process
from conftest import SEED

GOLDEN = Path(__file__).with_name("golden")
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*"))


def canonical(record: dict[str, Any]) -> str:
    """Sorted JSON with the extractor's version hash blanked (it changes with any data edit) and the input
    file named without its directory (the checkout may be anywhere)."""

    def scrub(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: "<extractor>"
                if k == "extractor"
                else Path(v).name
                if k == "source_file" and v
                else scrub(v)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [scrub(v) for v in node]
        return node

    return json.dumps(scrub(record), ensure_ascii=False, sort_keys=True)


def first_difference(want: Any, got: Any, path: str = "") -> str | None:
    """Where two JSON trees first differ, as a path: events[3].roles.item[0].id."""
    if type(want) is not type(got):
        return f"{path}: {want!r} → {got!r}"
    if isinstance(want, dict):
        for k in sorted(set(want) | set(got)):
            if k not in want or k not in got:
                return f"{path}.{k}: {'added' if k in got else 'removed'}"
            found = first_difference(want[k], got[k], f"{path}.{k}")
            if found:
                return found
        return None
    if isinstance(want, list):
        for n, (a, b) in enumerate(zip(want, got, strict=False)):
            found = first_difference(a, b, f"{path}[{n}]")
            if found:
                return found
        return None if len(want) == len(got) else f"{path}: {len(want)} items → {len(got)}"
    return None if want == got else f"{path}: {want!r} → {got!r}"


def check(slug: str, records: list[dict[str, Any]], update: bool) -> None:
    path = GOLDEN / f"{slug}.jsonl"
    got = "\n".join(canonical(r) for r in records) + "\n"
    if update or not path.exists():
        path.write_text(got, encoding="utf-8")
        if not update:
            pytest.fail(f"{path.name} did not exist; written now — review and commit it")
        return
    want = path.read_text(encoding="utf-8")
    if got != want:
        where = first_difference(
            [json.loads(x) for x in want.splitlines()], [json.loads(x) for x in got.splitlines()]
        )
        pytest.fail(f"{path.name} differs at {where} (if intended: --update-golden, then review the diff)")


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is absent")
def test_seed_golden(update_golden: bool) -> None:
    docs = read_input(str(SEED))
    for d in docs:
        d.published = date(2024, 1, 4)
    check("seed", [ex.to_json() for ex in process(docs)], update_golden)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_golden(path: Path, update_golden: bool) -> None:
    docs = read_input(str(path))
    check(path.stem, [ex.to_json() for ex in process(docs)], update_golden)
