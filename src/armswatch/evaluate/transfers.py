"""The project's own transfer test set (`tests/data/transfers.yaml`) → role F1, status and certainty accuracy.

No public corpus annotates arms transfers, so armswatch keeps sentences written for the purpose and labelled
by the rules in `docs/transfer_set.md`. PATH is the YAML file or a folder holding `transfers.yaml`; `limit`
takes the first N sentences in file order.

Per sentence, gold transfers are matched one-to-one to predicted TRANSFER events, the pair with most
matching roles first (a pair with none is no match). Role F1 is micro over supplier, recipient, item and
quantity: every gold value is one gold role, every predicted role mention one predicted role (also those of
events that match no gold transfer). A predicted actor matches when its id or its state is the gold id; an
item when the predicted phrase holds the gold item's head word (`item_matches`); a quantity when the values
are equal. Status and certainty
accuracy are over all gold transfers; one that no predicted event matches is wrong on both.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from armswatch.errors import InvalidDocument
from armswatch.evaluate import EvalResult, prf
from armswatch.evaluate.case2021 import excerpt
from armswatch.evaluate.plover import state_of
from armswatch.evaluate.wikievents import head_span
from armswatch.records import Document, Event, Mention

FILENAME = "transfers.yaml"
ROLE_NAMES = ("supplier", "recipient", "item", "quantity")
ACTOR_ROLES = ("supplier", "recipient")


def _listed(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class GoldTransfer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    supplier: list[str] = Field(default_factory=list)
    recipient: list[str] = Field(default_factory=list)
    item: list[str] = Field(default_factory=list)
    quantity: list[float] = Field(default_factory=list)
    status: Literal["offered", "planned", "agreed", "delivered"] | None
    certainty: Literal["asserted", "assessed", "hedged", "expected", "denied"]

    @field_validator("supplier", "recipient", "item", "quantity", mode="before")
    @classmethod
    def _as_list(cls, value: Any) -> Any:
        return _listed(value)


class GoldSentence(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    style: Literal["wire", "report", "statement"]
    text: str
    transfers: list[GoldTransfer]


class TransferSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    sentences: list[GoldSentence]


def read_set(path: Path) -> TransferSet:
    """The labelled sentences; `InvalidDocument` naming the file and the first bad entry."""
    if path.is_dir():
        path = path / FILENAME
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = TransferSet.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise InvalidDocument(str(path), str(exc)) from exc
    ids = Counter(s.id for s in data.sentences)
    twice = sorted(i for i, n in ids.items() if n > 1)
    if twice:
        raise InvalidDocument(str(path), f"sentence ids used twice: {', '.join(twice)}")
    return data


def _word(text: str) -> str:
    word = text.lower().strip(".,")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def item_head(text: str) -> str:
    """The head word of an item phrase, lower-cased, a plural "s" dropped: "rounds of ammunition" → round."""
    start, end = head_span(text, 0, len(text))
    return _word(text[start:end])


def item_matches(gold: str, predicted: str) -> bool:
    """A predicted item phrase matches when it holds the gold item's head word: "rounds of ammunition" and
    "Iranian-made drones" match the gold items "ammunition" and "drones"; "ballistic missiles" does not
    match "ballistic missile launchers"."""
    return item_head(gold) in {_word(w) for w in predicted.replace("-", " ").split()} | {item_head(predicted)}


def _matches(role: str, gold: str | float, m: Mention) -> bool:
    if role in ACTOR_ROLES:
        return gold in (m.id, state_of(m))
    if role == "item":
        return isinstance(gold, str) and item_matches(gold, m.span.text)
    return m.value is not None and float(m.value) == float(gold)


def _gold_values(g: GoldTransfer, role: str) -> list[str | float]:
    values: list[str | float] = list(getattr(g, role))
    return values


def _role_hits(g: GoldTransfer, ev: Event) -> dict[str, tuple[int, int, int]]:
    """Per role: (true positives, predicted, gold), each gold value and predicted mention used once."""
    out: dict[str, tuple[int, int, int]] = {}
    for role in ROLE_NAMES:
        gold = _gold_values(g, role)
        pred = ev.roles.get(role, [])
        used: set[int] = set()
        tp = 0
        for value in gold:
            hit = next((i for i, m in enumerate(pred) if i not in used and _matches(role, value, m)), None)
            if hit is not None:
                used.add(hit)
                tp += 1
        out[role] = (tp, len(pred), len(gold))
    return out


def _pairs(gold: list[GoldTransfer], events: list[Event]) -> list[tuple[int, int]]:
    """Gold transfer ↔ predicted event, one-to-one, most matching roles first (ties: text order)."""
    scored = []
    for gi, g in enumerate(gold):
        for ei, ev in enumerate(events):
            tp = sum(h[0] for h in _role_hits(g, ev).values())
            if tp:
                scored.append((-tp, gi, ei))
    out: list[tuple[int, int]] = []
    for _, gi, ei in sorted(scored):
        if all(gi != a and ei != b for a, b in out):
            out.append((gi, ei))
    return out


def _show(ev: Event) -> dict[str, Any]:
    roles: dict[str, Any] = {}
    for role in ROLE_NAMES:
        ms = ev.roles.get(role, [])
        if ms:
            roles[role] = [
                m.value if role == "quantity" else f"{m.span.text}={m.id or state_of(m)}" for m in ms
            ]
    return {"trigger": ev.trigger.text, **roles, "status": ev.status, "certainty": ev.certainty}


def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    from armswatch.process import process

    data = read_set(path)
    sentences = data.sentences[:limit] if limit is not None else data.sentences
    docs = (Document(text=s.text, external_id=s.id) for s in sentences)

    counts: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    for sent, ex in zip(sentences, process(docs), strict=True):
        events = [e for e in ex.events if e.type == "TRANSFER"]
        pairs = _pairs(sent.transfers, events)
        wrong = False
        for gi, g in enumerate(sent.transfers):
            counts["gold_transfers"] += 1
            ei = next((b for a, b in pairs if a == gi), None)
            ev = events[ei] if ei is not None else None
            hits = _role_hits(g, ev) if ev is not None else {}
            for role in ROLE_NAMES:
                gold_n = len(_gold_values(g, role))
                tp = hits[role][0] if role in hits else 0
                counts[f"{role}_tp"] += tp
                counts[f"{role}_fn"] += gold_n - tp
                wrong |= tp < gold_n
            if ev is not None:
                counts["matched"] += 1
                counts["status_ok"] += ev.status == g.status
                counts["certainty_ok"] += ev.certainty == g.certainty
                wrong |= ev.status != g.status or ev.certainty != g.certainty
            else:
                wrong = True
        for ei, ev in enumerate(events):
            paired = next((a for a, b in pairs if b == ei), None)
            hits = _role_hits(sent.transfers[paired], ev) if paired is not None else {}
            for role in ROLE_NAMES:
                pred_n = len(ev.roles.get(role, []))
                tp = hits[role][0] if role in hits else 0
                counts[f"{role}_fp"] += pred_n - tp
                wrong |= pred_n > tp
        if wrong:
            errors.append(
                {
                    "id": sent.id,
                    "text": excerpt(sent.text),
                    "gold": [g.model_dump(exclude_defaults=False) for g in sent.transfers],
                    "predicted": [_show(e) for e in events],
                }
            )

    metrics: dict[str, float] = {}
    totals = [0, 0, 0]
    for role in ROLE_NAMES:
        tp, fp, fn = counts[f"{role}_tp"], counts[f"{role}_fp"], counts[f"{role}_fn"]
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        metrics[f"{role}_f1"] = prf(tp, fp, fn)[2]
    p, r, f = prf(*totals)
    n_gold = counts["gold_transfers"]
    metrics = {
        "role_f1": f,
        "role_precision": p,
        "role_recall": r,
        **metrics,
        "status_acc": counts["status_ok"] / n_gold if n_gold else 0.0,
        "certainty_acc": counts["certainty_ok"] / n_gold if n_gold else 0.0,
        "transfer_recall": counts["matched"] / n_gold if n_gold else 0.0,
    }
    notes = [
        f"{len(sentences)} sentences, {n_gold} gold transfers, "
        f"{sum(1 for s in sentences if not s.transfers)} without a transfer (labelling: docs/transfer_set.md)",
        "role F1 micro over supplier/recipient/item/quantity: actor by id or state, item by the gold head word, "
        "quantity by value; status and certainty over all gold transfers (unmatched = wrong)",
    ]
    if limit is not None:
        notes.append(f"limit: first {limit} sentences")
    return EvalResult(
        dataset="transfers",
        path=str(path),
        items=len(sentences),
        metrics=metrics,
        counts=dict(counts),
        errors=errors,
        notes=notes,
    )
