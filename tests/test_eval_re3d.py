"""The re3d adapter: type mapping, reading, scores on tiny synthetic corpora, then the real dev set."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from armswatch.evaluate import get_adapter
from armswatch.evaluate.re3d import PLATFORM_CLASSES, SCORED, TYPE_MAP, re3d_type, read_items, time_type
from armswatch.knowledge import load_knowledge
from armswatch.records import Attribution, Document, Extraction, Mention, Time, span_of

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "re3d"

TEXT = "Russian jets struck Aleppo on Monday, the ministry said. He added that two drones cost $5 million."


def _at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _ent(doc_id: str, part: str, typ: str, confidence: float = 1.0, text: str = TEXT) -> dict[str, Any]:
    s, e = _at(text, part)
    return {"_id": f"{doc_id}-{s}-{e}-{typ}", "begin": s, "end": e, "type": typ, "value": part,
            "documentId": doc_id, "confidence": confidence}  # fmt: skip


GOLD = [
    ("Russian", "Nationality", 1.0),
    ("jets", "MilitaryPlatform", 1.0),
    ("Aleppo", "Location", 1.0),
    ("Monday", "Temporal", 0.9),
    ("the ministry", "Organisation", 1.0),
    ("He", "Organisation", 1.0),
    ("two", "Quantity", 1.0),
    ("drones", "MilitaryPlatform", 0.2),  # below the confidence floor
    ("$5 million", "Money", 1.0),  # not a scored type
]


def write_source(root: Path, name: str, docs: dict[str, tuple[str, list[tuple[str, str, float]]]]) -> Path:
    folder = root / "re3d" / name
    folder.mkdir(parents=True)
    with (folder / "documents.json").open("w", encoding="utf-8") as fh:
        for doc_id, (text, _) in docs.items():
            fh.write(json.dumps({"_id": doc_id, "sourceName": name, "title": "t", "text": text}) + "\n")
    with (folder / "entities.json").open("w", encoding="utf-8") as fh:
        for doc_id, (text, ents) in docs.items():
            for part, typ, conf in ents:
                fh.write(json.dumps(_ent(doc_id, part, typ, conf, text)) + "\n")
    return folder


def _mention(text: str, part: str, typ: str, **kw: Any) -> Mention:
    return Mention(span_of(text, *_at(text, part)), typ, **kw)


def test_every_mapped_type_is_scored_and_every_platform_class_exists() -> None:
    assert set(TYPE_MAP.values()) <= set(SCORED)
    classes = load_knowledge().weapon_classes
    assert set(PLATFORM_CLASSES) <= set(classes), "a class in PLATFORM_CLASSES is not in weapon_classes.yaml"


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ({"class": "fighter_aircraft"}, "MilitaryPlatform"),  # via its parent, aircraft
        ({"class": "helicopter"}, "MilitaryPlatform"),
        ({"class": "tank"}, "MilitaryPlatform"),  # tank → armored_vehicle → military_vehicle
        ({"class": "military_vehicle"}, "MilitaryPlatform"),
        ({"class": "drone"}, "MilitaryPlatform"),
        ({"class": "loitering_munition"}, "Weapon"),  # nearer on the chain than drone
        ({"class": "ballistic_missile"}, "Weapon"),
        ({"related_class": "warship"}, "MilitaryPlatform"),
        ({}, "Weapon"),
    ],
)
def test_weapon_type_follows_the_class_chain(attrs: dict[str, Any], expected: str) -> None:
    assert re3d_type(_mention(TEXT, "jets", "WEAPON", attrs=attrs)) == expected


def test_type_map_details() -> None:
    text = "North Korean troops in North Korea spent $5 million on 40 shells."
    assert re3d_type(_mention(text, "North Korean", "COUNTRY", id="PRK")) == "Nationality"
    assert re3d_type(_mention(text, "North Korea", "COUNTRY", id="PRK")) == "Location"
    assert re3d_type(_mention(text, "North Korean", "NORP", id="PRK")) == "Nationality"
    assert re3d_type(_mention(text, "$5 million", "QUANTITY")) == "Money"
    assert re3d_type(_mention(text, "40", "QUANTITY")) == "Quantity"
    assert re3d_type(_mention(text, "troops", "GROUP")) == "Organisation"
    assert re3d_type(_mention(text, "shells", "PRODUCT")) is None
    text = "One drone and one of the shells hit; they met daily until now, today and for two weeks."
    assert re3d_type(_mention(text, "One", "QUANTITY", value=1.0)) is None  # an article-like count


def test_deictic_times_and_sets_are_not_temporal() -> None:
    text = "They met daily until now, today and for two weeks."

    def time(part: str, value: str | None, kind: str = "date") -> Time:
        return Time(span_of(text, *_at(text, part)), value, None, kind=kind)

    assert time_type(time("now", "PRESENT_REF")) is None
    assert time_type(time("daily", "P1D", "set")) is None
    assert time_type(time("today", None)) == "Temporal"
    assert time_type(time("two weeks", "P2W", "duration")) == "Temporal"


def test_reading_filters_confidence_and_types_and_limits_in_sorted_order(tmp_path: Path) -> None:
    write_source(tmp_path, "B source", {"b2": (TEXT, GOLD), "b1": (TEXT, GOLD[:2])})
    write_source(tmp_path, "A source", {"a1": (TEXT, GOLD[:1])})
    items, skipped = read_items(tmp_path / "re3d", None)
    assert [(i.source, i.id) for i in items] == [("A source", "a1"), ("B source", "b1"), ("B source", "b2")]
    assert len(items[2].gold) == 7  # 9 less one under 0.5 and one Money
    assert skipped == {"with confidence < 0.5": 1, "of type Money": 1}
    items, skipped = read_items(tmp_path / "re3d", 2)
    assert [i.id for i in items] == ["a1", "b1"] and not skipped
    # one source folder on its own
    assert [i.id for i in read_items(tmp_path / "re3d" / "B source", 1)[0]] == ["b1"]


def _fake_process(documents: Iterable[Document]) -> Iterator[Extraction]:
    for doc in documents:
        t = doc.text
        he = _mention(t, "He", "PRONOUN")
        ministry = _mention(t, "the ministry", "ORG")
        yield Extraction(
            document=doc,
            entities=[
                _mention(t, "Russian", "NORP", id="RUS"),  # exact
                _mention(t, "Russian jets", "WEAPON", attrs={"class": "fighter_aircraft"}),  # boundary
                _mention(t, "Aleppo", "PERSON"),  # wrong type
                ministry,  # exact
                _mention(t, "two", "QUANTITY"),  # exact
                _mention(t, "$5 million", "QUANTITY"),  # Money: not scored
                _mention(t, "drones", "WEAPON", attrs={"class": "drone"}),  # gold is below 0.5: spurious
            ],
            times=[Time(span_of(t, *_at(t, "Monday")), "2024-01-01", "day")],  # exact
            attributions=[
                Attribution(
                    "a1",
                    span_of(t, *_at(t, "added")),
                    span_of(t, *_at(t, "two drones")),
                    he,
                    source_ref=ministry,
                )
            ],  # "He" → the ministry → Organisation: exact
        )


def test_scores_exact_relaxed_and_per_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_source(tmp_path, "S", {"d1": (TEXT, GOLD)})
    monkeypatch.setattr("armswatch.process.process", _fake_process)
    result = get_adapter("re3d")(folder, None)
    m, c = result.metrics, result.counts
    # gold 7; predicted 8 scored (Money dropped); exact tp: Russian, ministry, two, Monday, He = 5
    assert (c["total_tp"], c["total_fp"], c["total_fn"]) == (5, 3, 2)
    assert m["micro_p"] == pytest.approx(5 / 8) and m["micro_r"] == pytest.approx(5 / 7)
    # relaxed adds "Russian jets" ~ "jets" (MilitaryPlatform)
    assert c["relaxed_tp"] == 6
    assert m["militaryplatform_r"] == 0.0 and m["nationality_f1"] == 1.0 and m["temporal_f1"] == 1.0
    assert m["location_r"] == 0.0 and m["person_p"] == 0.0
    errors = {(e["error"], e["type"]) for e in result.errors}
    assert ("wrong_type", "Location") in errors
    assert ("boundary", "MilitaryPlatform") in errors
    assert ("spurious", "MilitaryPlatform") in errors
    assert any(n.startswith("mapping: ") for n in result.notes)


def test_the_pipeline_finds_plain_entities(tmp_path: Path) -> None:
    folder = write_source(tmp_path, "S", {"d1": (TEXT, GOLD)})
    result = get_adapter("re3d")(folder, None)
    assert result.items == 1
    assert result.metrics["relaxed_micro_f1"] > 0.2
    assert result.metrics["temporal_r"] == 1.0  # "Monday"


# --- the real dev set ------------------------------------------------------------------------------------
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"{DEV} is absent")


@needs_dev
def test_gold_of_the_dev_set_reads_and_fits_its_texts() -> None:
    items, skipped = read_items(DEV, None)
    assert len(items) > 50
    assert sum(len(i.gold) for i in items) > 1500
    assert skipped["with confidence < 0.5"] > 0
    for item in items:
        for start, end, typ in item.gold:
            assert 0 <= start < end <= len(item.text) and typ in SCORED


@needs_dev
def test_scores_on_the_first_dev_documents() -> None:
    result = get_adapter("re3d")(DEV, 3)
    assert result.items == 3
    m = result.metrics
    assert all(0.0 <= v <= 1.0 for v in m.values())
    assert m["relaxed_micro_f1"] >= m["micro_f1"] > 0.1
    assert {f"{t.lower()}_f1" for t in SCORED} <= set(m)
    assert all({"doc", "error", "type", "context"} <= set(e) for e in result.errors)
