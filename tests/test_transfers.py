"""The transfer test set (tests/data/transfers.yaml, labelled by docs/transfer_set.md) and its scorer.

The set is armswatch's own: no public corpus annotates arms transfers. `pytest -s tests/test_transfers.py`
prints the scores. The issue asks for role F1, status and certainty accuracy ≥ 0.85; the floors below sit
about two errors under today's scores (1.000 / 1.000 / 0.989 on 99 sentences) so that a change which costs
transfers fails here, not only one that falls to the issue's bar.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from armswatch.errors import InvalidDocument
from armswatch.evaluate import get_adapter
from armswatch.evaluate.transfers import GoldTransfer, item_head, item_matches, read_set
from armswatch.records import Event, Extraction, Mention, span_of

SET = Path(__file__).with_name("data") / "transfers.yaml"
FLOORS = {"role_f1": 0.97, "status_acc": 0.97, "certainty_acc": 0.96}


def test_set_is_labelled_and_covers_the_styles() -> None:
    data = read_set(SET)
    assert len(data.sentences) >= 40
    styles = Counter(s.style for s in data.sentences)
    assert set(styles) == {"wire", "report", "statement"}, styles
    gold = [t for s in data.sentences for t in s.transfers]
    statuses = {t.status for t in gold}
    certainties = {t.certainty for t in gold}
    assert {"offered", "planned", "agreed", "delivered", None} <= statuses
    assert {"asserted", "assessed", "hedged", "expected", "denied"} <= certainties
    assert any(not s.transfers for s in data.sentences), "sentences without a transfer keep precision honest"
    for s in data.sentences:
        for t in s.transfers:
            for item in t.item:
                assert item.lower() in s.text.lower(), (s.id, item)  # items are written as the text has them
            assert t.supplier or t.recipient, s.id


def test_bad_label_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "transfers.yaml"
    bad.write_text(
        "version: 1\nsentences:\n  - {id: a, style: wire, text: x, transfers: [{status: sold, certainty: asserted}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidDocument, match="status"):
        read_set(bad)


def test_item_heads() -> None:
    assert item_head("rounds of ammunition") == "round"
    assert item_head("Patriot air defense systems") == "system"
    assert item_head("weapons systems") == "system"
    assert item_head("containers of munitions") == "container"  # the head before "of"
    assert item_matches("ammunition", "rounds of ammunition")
    assert item_matches("drones", "Iranian-made drones")
    assert not item_matches("ballistic missile launchers", "ballistic missiles")


def test_role_matching_by_id_state_head_and_value() -> None:
    from armswatch.evaluate.transfers import _role_hits

    text = "The Kremlin received 24 Su-35 jets from Pyongyang."

    def m(words: str, kind: str, ident: str | None = None, **attrs: object) -> Mention:
        start = text.index(words)
        value = attrs.pop("value", None)
        return Mention(span_of(text, start, start + len(words)), kind, ident, None, value=value, attrs=attrs)

    ev = Event(
        id="e1",
        type="TRANSFER",
        trigger=span_of(text, text.index("received"), text.index("received") + 8),
        evidence=span_of(text, 0, len(text)),
        roles={
            "recipient": [m("Kremlin", "COUNTRY", "RUS")],
            "supplier": [m("Pyongyang", "PLACE", None, metonym_of="PRK")],
            "item": [m("Su-35 jets", "WEAPON", "su-35")],
            "quantity": [m("24", "QUANTITY", value=24.0)],
        },
    )
    gold = GoldTransfer.model_validate(
        {
            "supplier": "PRK",
            "recipient": "RUS",
            "item": "jets",
            "quantity": 24,
            "status": None,
            "certainty": "asserted",
        }
    )
    hits = _role_hits(gold, ev)
    assert all(h == (1, 1, 1) for h in hits.values()), hits


def test_transfer_set_floors() -> None:
    result = get_adapter("transfers")(SET, None)
    print()
    for name, value in result.metrics.items():
        print(f"  {name:16} {value:.3f}")
    for note in result.notes:
        print(f"  - {note}")
    for err in result.errors:
        print(f"  ! {err['id']}: {err['text']}")
    low = {k: round(result.metrics[k], 3) for k, floor in FLOORS.items() if result.metrics[k] < floor}
    assert not low, f"below the floors {FLOORS}: {low}"


def test_a_possessive_country_is_the_state_of_its_binder(run: Callable[..., Extraction]) -> None:
    ex = run("The Iranian foreign minister said his country had never sold drones to Russia.")
    (ev,) = [e for e in ex.events if e.type == "TRANSFER"]
    (supplier,) = ev.roles["supplier"]
    assert supplier.id == "IRN" and supplier.span.text == "his country"
    assert ev.certainty == "denied"
