"""Every runtime setting is documented in the README."""

from __future__ import annotations

from pathlib import Path

from armswatch.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"ARMSWATCH_{name.upper()}" in text, f"ARMSWATCH_{name.upper()} is not in README.md"
