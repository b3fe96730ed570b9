"""The certainty set (tests/data/certainty.yaml, rules in docs/certainty_set.md): its shape, the adapter's
scoring, and the floor the extractor holds on it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from armswatch.errors import InvalidKnowledge
from armswatch.evaluate import get_adapter
from armswatch.evaluate.certainty import LEVELS, read_set
from armswatch.records import Event, Mention, span_of

SET = Path(__file__).with_name("data") / "certainty.yaml"

# Measured 2026-11-29 on all 87 sentences / 90 events: accuracy 0.922 (found 0.956, accuracy on found 0.965;
# asserted 0.833, assessed 1.0, hedged 0.944, expected 1.0, denied 0.875). The misses are events the
# extractor does not produce and DENY triggers marked denied themselves. Floors sit about one error below.
FLOORS = {
    "accuracy": 0.88,
    "accuracy_found": 0.92,
    "accuracy_asserted": 0.79,
    "accuracy_assessed": 0.93,
    "accuracy_hedged": 0.88,
    "accuracy_expected": 0.94,
    "accuracy_denied": 0.81,
}


def test_set_is_balanced_and_covers_the_named_cues() -> None:
    sentences = read_set(SET)
    assert len(sentences) >= 60
    levels = Counter(g.certainty for s in sentences for g in s.events)
    assert set(levels) == set(LEVELS)
    assert min(levels.values()) >= 10, levels
    text = " ".join(s.text for s in sentences)
    for cue in (
        "said",
        "assessed",
        "believed",
        "appeared to",
        "is seeking",
        "will",
        "expect",
        "denied",
        "no such transfers",
        "reportedly",
        "may",
        "plans to",
        "refused to",
        "There is no evidence that",
        "did not say",
    ):
        assert cue in text, cue


def test_bad_entries_fail_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "certainty.yaml"
    bad.write_text(
        "sentences:\n  - {id: a, text: Iran sent drones and sent shells., "
        "events: [{type: TRANSFER, trigger: sent, certainty: asserted}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidKnowledge, match="occurs 2 times"):
        read_set(bad)
    bad.write_text(
        "sentences:\n  - {id: a, text: Iran sent drones., "
        "events: [{type: TRANSFER, trigger: sent, certainty: sure}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidKnowledge, match="certainty 'sure'"):
        read_set(bad)


def test_match_needs_type_and_trigger() -> None:
    from armswatch.evaluate.certainty import Gold, match

    text = "Iran sent drones."
    trigger = span_of(text, 5, 9)
    ev = Event(
        "e1",
        "TRANSFER",
        trigger,
        span_of(text, 0, len(text)),
        {"item": [Mention(span_of(text, 10, 16), "WEAPON")]},
    )
    gold = Gold("a", "TRANSFER", "sent", 5, 9, "asserted")
    assert match(gold, [ev]) is ev
    assert match(Gold("a", "ATTACK", "sent", 5, 9, "asserted"), [ev]) is None


def test_certainty_floors() -> None:
    result = get_adapter("certainty")(SET, None)
    assert result.items == len(read_set(SET))
    low = {k: round(result.metrics[k], 3) for k, floor in FLOORS.items() if result.metrics[k] < floor}
    assert not low, f"below the floor: {low} (errors: {result.errors})"


@pytest.mark.parametrize(
    ("text", "trigger", "want"),
    [
        # general rules, one sentence each, not in the set
        ("Iran has not confirmed that it shipped drones to Russia.", "shipped", "hedged"),
        ("Analysts do not expect that Russia will receive the missiles this year.", "receive", "denied"),
        ("It appears that North Korea sent more shells to Russia in March.", "sent", "hedged"),
        ("Belarus failed to deliver the promised artillery shells to Russia.", "deliver", "denied"),
        (
            "The ministry said it had found no sign that Iran supplied missiles to Russia.",
            "supplied",
            "denied",
        ),
        ("Russia received no missiles from Iran last year, the ministry said.", "received", "denied"),
        ("Tehran is going to supply more drones to Russia, officials said.", "supply", "expected"),
    ],
)
def test_clause_rules(run, text: str, trigger: str, want: str) -> None:
    ex = run(text)
    got = [e.certainty for e in ex.events if e.trigger.text == trigger]
    assert got == [want], [(e.type, e.trigger.text, e.certainty) for e in ex.events]
