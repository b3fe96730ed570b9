"""The ACLED adapter: gold mappings, scores on a tiny synthetic export, then the real dev sample."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from armswatch.errors import InvalidDocument
from armswatch.evaluate import get_adapter
from armswatch.evaluate.acled import (
    REQUIRED,
    SUBTYPE_ACLED,
    distance_km,
    gold_admin1,
    gold_date,
    gold_state,
    note_subtype,
    read_rows,
)
from armswatch.extract.lexicon import SUBTYPES

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "acled"

# Written for this test: the shape of a coder's note, not rows of the sample.
ROWS = [
    {
        "event_date": "07/06/2023 00:00:00",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Russia (2000-)",
        "admin1": "Kherson",
        "location": "Kherson",
        "latitude": "46.6354",
        "longitude": "32.6169",
        "fatalities": "1",
        "notes": "On 7 June 2023, Russian forces shelled Kherson, Kherson region. One civilian was killed.",
    },
    {
        "event_date": "08/06/2023 00:00:00",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Russia (2000-)",
        "admin1": "Donetsk",
        "location": "Bakhmut",
        "latitude": "48.5956",
        "longitude": "38.0003",
        "fatalities": "0",
        "notes": "On 8 June 2023, Russian forces clashed with Ukrainian forces near Bakhmut, Donetsk.",
    },
    {
        "event_date": "09/06/2023 00:00:00",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Ukraine)",
        "admin1": "Lviv",
        "location": "Lviv",
        "latitude": "49.8383",
        "longitude": "24.0232",
        "fatalities": "0",
        "notes": "On 9 June 2023, residents held a rally in Lviv in support of the army.",
    },
]


def write_csv(folder: Path, rows: list[dict[str, str]]) -> Path:
    path = folder / "acled_ukraine_sample.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[*REQUIRED, "location", "event_id_cnty"])
        w.writeheader()
        for n, r in enumerate(rows):
            w.writerow({**r, "event_id_cnty": f"T{n}"})
    return path


def test_gold_mappings() -> None:
    assert gold_date("16/04/2018 00:00:00") == "2018-04-16"
    assert gold_date("2018-04-16") == "2018-04-16"
    assert gold_admin1("Zaporizhia") == "UA-23"
    assert gold_admin1("Kharkiv") == "UA-63"
    assert gold_admin1("Kyiv City") == "UA-30"
    assert gold_state("Military Forces of Russia (2000-) Air Force") == "RUS"
    assert gold_state("Military Forces of Ukraine (2019-)") == "UKR"
    assert gold_state("NAF: United Armed Forces of Novorossiya") is None
    assert set(SUBTYPE_ACLED) == set(SUBTYPES)  # every armswatch subtype has its ACLED name
    assert 25 < distance_km(50.45, 30.52, 50.45, 30.93) < 35  # ~29 km along a parallel near Kyiv


def test_note_subtype_follows_the_lexicon_precedence() -> None:
    from types import SimpleNamespace

    evs = [SimpleNamespace(subtype=s) for s in ("shelling", "armed_clash", None)]
    assert note_subtype(evs) == "armed_clash"  # type: ignore[arg-type]
    assert note_subtype([]) is None


def test_missing_columns_fail_loudly(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("notes,event_date\nx,01/01/2024\n", encoding="utf-8")
    with pytest.raises(InvalidDocument, match="fatalities"):
        read_rows(path)


def test_scores_on_a_tiny_export(tmp_path: Path) -> None:
    write_csv(tmp_path, ROWS)
    result = get_adapter("acled")(tmp_path, None)
    assert result.items == 2  # the protest is not scored
    assert result.counts["false_alarms"] == 0
    m = result.metrics
    assert m["event_detected"] == 1.0
    assert m["date_acc"] == 1.0
    assert m["type_acc"] == 1.0
    assert m["fatalities_exact"] == 1.0
    assert m["actor_acc"] == 1.0
    assert m["admin1_acc"] == 1.0
    assert any("anchor: none" in n for n in result.notes)


def test_errors_name_gold_and_ours(tmp_path: Path) -> None:
    row = dict(ROWS[1], fatalities="3")  # a toll the note does not state
    write_csv(tmp_path, [row])
    result = get_adapter("acled")(tmp_path, None)
    assert result.metrics["fatalities_exact"] == 0.0
    (err,) = result.errors
    assert err["wrong"] == ["fatalities_exact"]
    assert err["gold"]["fatalities"] == 3 and err["ours"]["killed"] == 0
    assert err["text"].startswith("On 8 June 2023")


@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/dev/acled is absent")
def test_dev_sample_runs() -> None:
    result = get_adapter("acled")(DEV, 40)
    assert result.items >= 35
    assert result.metrics["event_detected"] >= 0.9
    assert result.metrics["date_acc"] >= 0.9
