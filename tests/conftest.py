from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from armswatch.records import Document, Extraction

# The CLI's gazetteer disk cache stays off in tests: nothing is written outside a test's own tmp_path.
os.environ["ARMSWATCH_CACHE_DIR"] = "none"

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_158ebbbd6e6bf0d4.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.jsonl from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def run() -> Callable[..., Extraction]:
    """Extract one text: run("Pyongyang shipped shells to Russia.", published=date(2024, 1, 4))."""
    from armswatch.process import process

    def _run(text: str, published: date | None = date(2024, 1, 4)) -> Extraction:
        return next(process([Document(text=text, published=published)]))

    return _run
