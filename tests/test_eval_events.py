"""Event evaluation adapters: CASE 2021 task 2, PLOVER gold records, WikiEvents.

Synthetic fixtures in tmp_path check the mappings, the salience rule and the arithmetic; the real dev
sets (read from ../shared/eval/dev, never copied here) are scored on a small subset when present.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from armswatch.evaluate import get_adapter
from armswatch.evaluate.case2021 import (
    CLASS_SUBTYPES,
    SUBTYPE_CLASS,
    TYPE_CLASS,
    predicted_class,
    salient,
)
from armswatch.evaluate.plover import (
    GOLD_ALIASES,
    SOURCE_ROLES,
    TARGET_ROLES,
    TYPE_PLOVER,
    gold_states,
    gold_type,
    state_of,
)
from armswatch.evaluate.wikievents import GoldArg, head_span, heads_match, rebuild_text
from armswatch.records import EVENT_TYPES, ROLES, Event, Mention, span_of

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def _event(text: str, etype: str, trigger: str, roles: dict[str, list[str]] | None = None) -> Event:
    start = text.index(trigger)
    out: dict[str, list[Mention]] = {}
    for role, words in (roles or {}).items():
        out[role] = [Mention(span_of(text, text.index(w), text.index(w) + len(w)), "TEXT") for w in words]
    return Event(
        id=f"e-{etype}",
        type=etype,
        trigger=span_of(text, start, start + len(trigger)),
        evidence=span_of(text, 0, len(text)),
        roles=out,
    )


# --- mappings ---------------------------------------------------------------------------------------


def test_mappings_name_real_types_and_roles() -> None:
    for table in (TYPE_CLASS, TYPE_PLOVER, SOURCE_ROLES, TARGET_ROLES):
        assert set(table) <= set(EVENT_TYPES)
    for etype, roles in {**SOURCE_ROLES, **TARGET_ROLES}.items():
        assert set(roles) <= set(ROLES[etype]), etype
    assert set(TYPE_CLASS.values()) == set(CLASS_SUBTYPES)
    assert SUBTYPE_CLASS["AIR_STRIKE"] == SUBTYPE_CLASS["SUIC_BOMB"] == "violence"
    assert "DISR_WEAP" not in SUBTYPE_CLASS and "PEACE_PROTEST" not in SUBTYPE_CLASS
    assert "DIPLOMACY" not in TYPE_PLOVER
    assert gold_type({"event": "FIGHT"}) == "ASSAULT" and gold_type({"event": "DISAPPROVE"}) == "ACCUSE"
    assert set(GOLD_ALIASES.values()) <= set(TYPE_PLOVER.values())


def test_salient_puts_embedded_events_after_their_holder() -> None:
    text = "Moscow denied that its forces fired missiles at Kyiv."
    attack = _event(text, "ATTACK", "fired")
    deny = _event(text, "DENY", "denied", {"claim": ["that its forces fired missiles at Kyiv"]})
    assert [e.type for e in salient([attack, deny])] == ["DENY", "ATTACK"]
    assert predicted_class([attack, deny]) == "attrib"
    assert predicted_class([attack]) == "violence"
    assert predicted_class([_event(text, "TRANSFER", "fired")]) == "none"  # no CASE class for TRANSFER


def test_states_of_mentions_and_gold_sides() -> None:
    text = "Russian forces and Pyongyang"
    sp = span_of(text, 0, 14)
    assert state_of(Mention(sp, "COUNTRY", "RUS")) == "RUS"
    assert state_of(Mention(sp, "GROUP", "RUS", attrs={"state": "RUS"})) == "RUS"
    assert state_of(Mention(sp, "PERSON", "kim-jong-un", attrs={"state": "PRK"})) == "PRK"
    assert state_of(Mention(sp, "PLACE", "PRK", attrs={"metonym_of": "PRK"})) == "PRK"
    assert state_of(Mention(sp, "ORG", "UN-SC")) is None
    side = [{"actorText": "Tokyo", "code": "JAP"}, {"actorText": "U.N.", "code": "IGO"}, {"code": "ITL"}]
    assert gold_states(side) == {"JPN", "ITA"}
    assert gold_states("") == set() and gold_states(None) == set()


def test_head_words() -> None:
    text = "the leaders of Romania's new government and Camp Shorabak"
    lead = text.index("leaders")
    assert head_span(text, 0, text.index(" and")) == (lead, lead + len("leaders"))
    camp = text.index("Camp")
    gold = GoldArg("target", camp, len(text), head_span(text, camp, len(text)), "Camp Shorabak")
    assert heads_match(text, (camp, len(text)), gold)
    assert heads_match(text, (text.index("Shorabak"), len(text)), gold)  # shorter, same head
    assert not heads_match(text, (0, lead + len("leaders")), gold)


def test_head_words_both_ways() -> None:
    text = "Kyiv and the city of Kyiv"
    gold = GoldArg("target", 0, 4, (0, 4), "Kyiv")
    assert heads_match(text, (0, 4), gold)
    city = text.index("the city")
    assert not heads_match(text, (city, len(text)), gold)  # head "city" lies outside the gold "Kyiv"


def test_rebuild_text_restores_sentence_separators() -> None:
    record = {
        "doc_id": "x",
        "sentences": [
            [[["Bomb", 0, 4], ["kills", 5, 10], ["two", 11, 14]], "Bomb kills two"],
            [[["Police", 15, 21], ["said", 22, 26], [".", 26, 27]], "Police said."],
        ],
    }
    text, offsets = rebuild_text(record)
    assert text == "Bomb kills two\nPolice said."
    assert offsets[3] == (15, 21) and text[15:21] == "Police"


# --- adapters end to end on synthetic files -----------------------------------------------------------


def _write_tsv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, dialect="excel-tab")
        w.writerow(["id", "EventSnippet", "SubType"])
        w.writerows(rows)
    return path


def test_case2021_scores_classes_and_excludes_unmapped(tmp_path: Path) -> None:
    path = _write_tsv(
        tmp_path / "case2021_task2.tsv",
        [
            ("1", "Russian forces fired missiles at Kyiv on Monday.", "ART_MISS_ATTACK"),
            (
                "2",
                'The Kremlin denied that Russian forces fired missiles at Kyiv, calling it "lies".',
                "ATTRIB",
            ),
            ("3", "Thousands of people marched peacefully in the capital on Sunday.", "PEACE_PROTEST"),
            ("4", "The United States imposed sanctions on Iran on Monday.", "DIPLO"),
            ("5", "Heavy rain flooded several villages in the north.", "ARMED_CLASH"),
        ],
    )
    result = get_adapter("case2021")(path, None)
    assert result.items == 4 and result.counts["excluded"] == 1
    assert result.counts["violence_tp"] == 1 and result.counts["violence_fn"] == 1
    assert result.counts["attrib_tp"] == 1 and result.counts["diplo_tp"] == 1
    assert result.metrics["accuracy"] == pytest.approx(3 / 4)
    assert result.metrics["detected"] == pytest.approx(3 / 4)
    # violence P=1 R=1/2 → 2/3; attrib and diplo 1.0
    assert result.metrics["macro_f1"] == pytest.approx((2 / 3 + 1 + 1) / 3)
    assert [(e["id"], e["gold"], e["predicted"]) for e in result.errors] == [("5", "violence", "none")]
    assert all(len(e["text"]) <= 200 for e in result.errors)
    assert any("PEACE_PROTEST 1" in n for n in result.notes)

    first_two = get_adapter("case2021")(path, 2)
    assert first_two.items == 2 and first_two.metrics["accuracy"] == 1.0


def test_plover_scores_type_and_countries(tmp_path: Path) -> None:
    def rec(event: str, text: str, src: str, tgt: Any) -> dict[str, Any]:
        target = [{"actorText": t, "code": t} for t in tgt] if isinstance(tgt, list) else tgt
        return {"id": f"r-{event}", "event": event, "text": text, "source": [{"code": src}], "target": target}

    data = [
        {"id": "doc", "event": "DOCUMENT", "eventText": "about this file"},
        rec("AID", "North Korea shipped artillery shells to Russia.", "PRK", ["RUS"]),
        rec("SANCTION", "The United States imposed sanctions on Iran.", "USA", ["IRN"]),
        rec("DEMAND", "Ukraine asked the United States for Patriot missiles.", "UKR", ["USA"]),
        rec("AGREE", "Jordan and Britain agreed to hold joint exercises.", "JOR", ""),
        rec("FIGHT", "Heavy rain flooded several villages in the north.", "IGO", ["SRB"]),
    ]
    path = tmp_path / "plover_gsr.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = get_adapter("plover")(path, None)
    assert result.items == 4 and result.counts["excluded"] == 1
    assert result.metrics["event_type_accuracy"] == pytest.approx(3 / 4)
    # sources: IGO is not a state, so three gold sources, all right
    assert result.counts["src_gold"] == 3 and result.metrics["source_country_accuracy"] == 1.0
    assert result.counts["tgt_gold"] == 4 and result.metrics["target_country_accuracy"] == pytest.approx(
        3 / 4
    )
    wrong = [e for e in result.errors if e["gold"]["type"] == "ASSAULT"]
    assert wrong and wrong[0]["predicted"]["type"] == "none"

    assert get_adapter("plover")(path, 2).items == 2  # the DOCUMENT record is not an item


def _token_record(doc_id: str, sentence: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    tokens, pos = [], 0
    for word in sentence.replace(".", " .").split():
        start = sentence.index(word, pos)
        tokens.append([word, start, start + len(word)])
        pos = start + len(word)
    entities = []
    for ev in events:
        for arg in ev["arguments"]:
            entities.append({"id": arg["entity_id"], "start": arg.pop("start"), "end": arg.pop("end")})
    return {
        "doc_id": doc_id,
        "tokens": [t[0] for t in tokens],
        "text": sentence,
        "sentences": [[tokens, sentence]],
        "entity_mentions": entities,
        "event_mentions": events,
    }


def test_wikievents_triggers_and_arguments(tmp_path: Path) -> None:
    # Russian(0) forces(1) fired(2) missiles(3) at(4) Kyiv(5) .(6)
    attack = {
        "id": "E1",
        "event_type": "Conflict.Attack.Unspecified",
        "trigger": {"start": 2, "end": 3, "text": "fired"},
        "arguments": [
            {"entity_id": "T1", "role": "Attacker", "text": "forces", "start": 1, "end": 2},
            {"entity_id": "T2", "role": "Instrument", "text": "missiles", "start": 3, "end": 4},
            {"entity_id": "T3", "role": "Target", "text": "Kyiv", "start": 5, "end": 6},
            {"entity_id": "T4", "role": "Victim", "text": "Kyiv", "start": 5, "end": 6},  # not scored
        ],
    }
    # Rebels(0) bought(1) a(2) truck(3) .(4)
    buy = {
        "id": "E2",
        "event_type": "Transaction.ExchangeBuySell.Unspecified",
        "trigger": {"start": 1, "end": 2, "text": "bought"},
        "arguments": [{"entity_id": "T5", "role": "AcquiredEntity", "text": "truck", "start": 3, "end": 4}],
    }
    lines = [
        _token_record("d1", "Russian forces fired missiles at Kyiv.", [attack]),
        _token_record("d2", "Rebels bought a truck.", [buy]),
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = get_adapter("wikievents")(path, None)
    assert result.items == 2
    assert result.counts["attack_trigger_tp"] == 1 and result.metrics["attack_trigger_f1"] == 1.0
    assert result.counts["attack_gold_args"] == 3  # Victim has no armswatch role
    assert result.counts["attack_arg_tp"] == 3
    # our location mention "Kyiv" has no gold Place: a false positive argument
    assert result.counts["attack_arg_fp"] == 1
    assert result.metrics["attack_arg_f1"] == pytest.approx(2 * 3 / (2 * 3 + 1))
    assert result.counts["transaction_trigger_fn"] == 1 and result.metrics["transaction_trigger_f1"] == 0.0
    kinds = {e["kind"] for e in result.errors}
    assert {"missed trigger", "arguments"} <= kinds
    assert get_adapter("wikievents")(path, 1).counts.get("transaction_gold_triggers", 0) == 0


# --- the real dev sets, when present --------------------------------------------------------------------

REAL = [
    ("case2021", "case2021/case2021_task2.tsv", 60, ("accuracy", "macro_f1", "detected")),
    (
        "plover",
        "plover/plover_gsr.json",
        40,
        ("event_type_accuracy", "source_country_accuracy", "target_country_accuracy"),
    ),
    (
        "wikievents",
        "wikievents/dev.jsonl",
        3,
        ("attack_trigger_f1", "attack_arg_f1", "transaction_trigger_f1", "transaction_arg_f1"),
    ),
]


@pytest.mark.parametrize(("dataset", "rel", "limit", "names"), REAL, ids=[r[0] for r in REAL])
def test_real_dev_subset(dataset: str, rel: str, limit: int, names: tuple[str, ...]) -> None:
    path = DEV / rel
    if not path.exists():
        pytest.skip(f"{path} is absent")
    result = get_adapter(dataset)(path, limit)
    assert result.items > 0
    assert set(names) <= set(result.metrics)
    assert all(0.0 <= v <= 1.0 for v in result.metrics.values())
    assert any(f"first {limit}" in n for n in result.notes)
    for err in result.errors:
        assert len(err["text"]) <= 200 and "gold" in err and "predicted" in err


def test_plover_target_without_a_state_is_where_the_event_happens(tmp_path: Path) -> None:
    data = [
        {
            "id": "r1",
            "event": "FIGHT",
            "text": "Israeli tanks shelled a market in Hebron on Tuesday.",
            "source": [{"code": "ISR"}],
            "target": [{"code": "PSE"}],
        },
        {
            "id": "r2",
            "event": "FIGHT",
            "text": "Kenyan police opened fire on protesters on Monday, killing two.",
            "source": [{"code": "KEN"}],
            "target": [{"code": "KEN"}],
        },
    ]
    path = tmp_path / "plover_gsr.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = get_adapter("plover")(path, None)
    assert result.metrics["target_country_accuracy"] == 1.0, result.errors
