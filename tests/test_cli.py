"""The command line: JSON Lines on stdout, one error per bad input on stderr, the rest still processed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from armswatch.cli import main
from armswatch.records import check_spans

STORY = "Iran shipped Shahed drones to Russia on Saturday, Ukrainian officials said.\n"


def invoke(args: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_extract_jsonl_with_published(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    code, out, _ = invoke(["extract", str(f), "--published", "2024-01-04"])
    assert code == 0
    (line,) = out.splitlines()
    rec = json.loads(line)
    assert {"document", "entities", "times", "places", "attributions", "events"} <= set(rec)
    assert check_spans(rec) > 0
    (ev,) = [e for e in rec["events"] if e["type"] == "TRANSFER"]
    assert ev["time"]["value"] == "2023-12-30" and ev["time"]["precision"] == "day"
    assert rec["document"]["published"] == "2024-01-04"


def test_bad_inputs_reported_and_rest_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, out, err = invoke(["extract", str(empty), str(binary), str(tmp_path / "missing.txt"), str(good)])
    assert code == 1
    assert len(out.splitlines()) == 1  # the good file still came through
    lines = err.splitlines()
    assert any("empty.txt" in x and "empty" in x for x in lines)
    assert any("photo.txt" in x and "binary" in x for x in lines)
    assert any("missing.txt" in x and "no such file" in x for x in lines)


def test_stdin_and_table() -> None:
    code, out, _ = invoke(["extract", "-", "--published", "2024-01-04", "--format", "table"], STORY.encode())
    assert code == 0
    assert "TRANSFER" in out and "IRN" in out and "2023-12-30" in out


def test_without_published_relative_dates_stay_unresolved(tmp_path: Path) -> None:
    code, out, _ = invoke(["extract", "-"], STORY.encode())
    assert code == 0
    rec = json.loads(out)
    (t,) = [t for t in rec["times"] if t["text"] == "Saturday"]
    assert t["value"] is None and t["precision"] is None


def test_eval_unknown_dataset_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke(["eval", "nosuch", str(tmp_path)])
    assert code == 2 and "no evaluation adapter" in err


def test_eval_on_a_file_of_the_wrong_kind_names_file_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "not_acled.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = invoke(["eval", "acled", str(bad)])
    assert code == 1 and "not_acled.csv" in err and "not an ACLED export" in err and "Traceback" not in err
